"""Theil–Sen slope with Sen's (1968) rank-based confidence interval.

The slope is the median of the ``N = n(n-1)/2`` pairwise slopes
``(x[j] - x[i]) / (t[j] - t[i])``; the confidence interval takes two order statistics of
the same set, at ranks fixed by the variance of the Mann–Kendall statistic (Sen 1968,
eq. 2.6; the ranks are those of :func:`scipy.stats.theilslopes`).

The order statistics are selected exactly (:mod:`._pairs`): by a partial sort of all
slopes at the sizes reports and notebooks use, and by a compiled randomised selection in
O(n log n + n^1.5) time and O(n^1.5) memory for very long series and large panels.
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import NormalDist

import numpy as np

from ...errors import ValidationError
from ._pairs import select, select_rows

__all__ = ["TheilSen", "sen_interval_ranks", "theil_sen", "theil_sen_order_statistics"]


def _select_rows(t: np.ndarray, values: np.ndarray, ranks: np.ndarray) -> np.ndarray:
    """Order statistics of the pairwise slopes of every row (NaNs skipped; ranks -1 → NaN)."""
    return select_rows(t, values, ranks)


def sen_interval_ranks(n_pairs: np.ndarray, var_s: np.ndarray, alpha: float) -> np.ndarray:
    """0-based ranks (low, high) of the order statistics bounding Sen's confidence interval.

    Parameters
    ----------
    n_pairs
        Number of pairwise slopes ``N`` (array or scalar).
    var_s
        Variance of the Mann–Kendall statistic ``S`` (tie-corrected, possibly corrected for
        autocorrelation).
    alpha
        Two-sided level: the interval has coverage ``1 - alpha``.

    Returns
    -------
    numpy.ndarray
        Integer array of shape ``(..., 2)``: ``round((N - z σ) / 2) - 1`` and
        ``round((N + z σ) / 2)``, clipped to ``[0, N - 1]``, with ``z = Φ⁻¹(1 - α/2)``.

    Examples
    --------
    >>> sen_interval_ranks(np.array(45), np.array(125.0), 0.05).tolist()
    [11, 33]
    """
    z = NormalDist().inv_cdf(1.0 - alpha / 2.0)
    sigma = np.sqrt(np.asarray(var_s, dtype=float))
    n = np.asarray(n_pairs, dtype=float)
    low = np.maximum(np.round((n - z * sigma) / 2.0) - 1, 0)
    high = np.minimum(np.round((n + z * sigma) / 2.0), n - 1)
    return np.stack([low, high], axis=-1).astype(np.int64)


def theil_sen_order_statistics(t: np.ndarray, x: np.ndarray, ranks: np.ndarray) -> np.ndarray:
    """Exact order statistics of the pairwise slopes of ``(t, x)`` at 0-based ``ranks``.

    ``t`` must be non-decreasing and ``x`` finite (both 1-D, same length); pairs with
    equal ``t`` have no slope and are left out, and ranks beyond the number of slopes give
    NaN.

    Examples
    --------
    >>> t = np.arange(5.0)
    >>> theil_sen_order_statistics(t, np.array([0.0, 2, 1, 5, 4]), np.array([0, 9])).tolist()
    [-1.0, 4.0]
    """
    t = np.asarray(t, dtype=np.float64)
    x = np.asarray(x, dtype=np.float64)
    keep = np.concatenate([[True], np.diff(t) != 0]) if t.size else np.ones(0, dtype=bool)
    if keep.all():
        return select(t, x, np.asarray(ranks, dtype=np.int64))
    # equal times have no slope: compare every pair directly (rare, small inputs)
    i, j = np.triu_indices(x.size, 1)
    dt = t[j] - t[i]
    slopes = np.sort((x[j] - x[i])[dt != 0] / dt[dt != 0])
    ranks = np.asarray(ranks, dtype=np.int64)
    ok = (ranks >= 0) & (ranks < slopes.size)
    return np.where(ok, slopes[np.clip(ranks, 0, max(slopes.size - 1, 0))], np.nan)


@dataclass(frozen=True, slots=True)
class TheilSen:
    """Theil–Sen estimate: median pairwise slope, Conover intercept and Sen's interval.

    Returned by :func:`theil_sen`.

    Attributes
    ----------
    slope
        Median of the pairwise slopes (per unit of ``t``).
    intercept
        ``median(x) - slope * median(t)`` (Conover 1980).
    slope_low, slope_high
        Bounds of Sen's confidence interval for the slope.

    Examples
    --------
    >>> est = theil_sen(np.arange(6.0), np.array([1.0, 3.0, 2.0, 6.0, 5.0, 9.0]))
    >>> est
    TheilSen(slope=1.5, intercept=0.25, slope_low=-1.0, slope_high=4.0)
    >>> est.slope_low <= est.slope <= est.slope_high
    True
    """

    slope: float
    intercept: float
    slope_low: float
    slope_high: float


def theil_sen(
    t: np.ndarray, x: np.ndarray, *, var_s: float | None = None, alpha: float = 0.05
) -> TheilSen:
    """Theil–Sen slope, intercept and confidence interval of ``x`` against ``t``.

    Parameters
    ----------
    t
        Strictly increasing time positions (in periods), no NaN.
    x
        Finite values, same length as ``t`` (at least 2).
    var_s
        Variance of the Mann–Kendall ``S`` used for the interval ranks; the tie-corrected
        variance of ``x`` when None.
    alpha
        Two-sided level of the interval.

    Returns
    -------
    TheilSen
        ``slope`` (median pairwise slope), ``intercept`` = ``median(x) - slope *
        median(t)`` (Conover 1980), ``slope_low`` / ``slope_high``.

    Examples
    --------
    >>> est = theil_sen(np.arange(10.0), 2.0 * np.arange(10.0) + 1.0)
    >>> est.slope, est.intercept, est.slope_low, est.slope_high
    (2.0, 1.0, 2.0, 2.0)
    """
    t = np.asarray(t, dtype=np.float64)
    x = np.asarray(x, dtype=np.float64)
    if t.shape != x.shape or x.ndim != 1 or x.size < 2:
        raise ValidationError(
            f"theil_sen: expected t and x 1-D of equal length >= 2, got {t.shape} and {x.shape}"
        )
    if np.any(np.diff(t) <= 0) or not (np.isfinite(t).all() and np.isfinite(x).all()):
        raise ValidationError("theil_sen: expected finite x and strictly increasing finite t")
    n = x.size
    n_pairs = n * (n - 1) // 2
    if var_s is None:
        _, counts = np.unique(x, return_counts=True)
        var_s = float(
            (n * (n - 1) * (2 * n + 5) - np.sum(counts * (counts - 1) * (2 * counts + 5))) / 18
        )
    ci = sen_interval_ranks(np.asarray(n_pairs), np.asarray(var_s), alpha)
    mid = [(n_pairs - 1) // 2, n_pairs // 2]
    stats = theil_sen_order_statistics(t, x, np.array([mid[0], mid[1], ci[0], ci[1]]))
    slope = float((stats[0] + stats[1]) / 2.0) if mid[0] != mid[1] else float(stats[0])
    intercept = float(np.median(x) - np.median(t) * slope)
    return TheilSen(slope, intercept, float(stats[2]), float(stats[3]))
