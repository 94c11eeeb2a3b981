"""Mann–Kendall trend test with the Theil–Sen slope, corrected for autocorrelated noise.

The statistic ``S = Σ_{i<j} sign(x_j - x_i)`` is Kendall's ``P - Q`` of time and value
(:mod:`._pairs`). Its variance is the usual tie-corrected ``(n(n-1)(2n+5) - Σ
t(t-1)(2t+5)) / 18``; ``z = (S - sign S) / √Var S`` and the two-sided p-value is ``2 (1 -
Φ(|z|))``. The slope is the Theil–Sen estimator with Sen's interval (:mod:`.theil_sen`),
whose ranks use the same variance (so a variance correction widens the interval too).

``autocorrelation="ar1"`` multiplies ``Var S`` by its inflation under AR(1) noise whose
``phi`` is estimated from the least-squares residuals with a small-sample bias correction
(:mod:`.ar1`); this is the default of :func:`~warindicators.analysis.trend.trend`.

``autocorrelation="hamed_rao"`` multiplies ``Var S`` by ``n/n*`` of Hamed & Rao (1998): the
Theil–Sen trend is removed, the residuals ranked, and every lag autocorrelation of the ranks
outside ``±Φ⁻¹(1-α/2)/√n`` contributes ``(n-i)(n-i-1)(n-i-2) ρ_i``. Strong negative
autocorrelation can make the corrected variance negative; the test is then undefined and
``z``, the p-value and the slope interval are NaN (direction "no trend").

``autocorrelation=None`` is the original test. The numbers of None and ``"hamed_rao"``
equal those of ``pymannkendall.original_test`` / ``hamed_rao_modification_test`` on
gap-free series. With missing values, time positions of the remaining points are kept (the
slope is per period, not per observation), where pymannkendall renumbers them for the
detrending.
"""

from __future__ import annotations

import math
from statistics import NormalDist

import numpy as np

from ...errors import ValidationError
from ._pairs import mk_counts
from .ar1 import ar1_phi, ar1_variance_factor, detrended
from .theil_sen import _select_rows, sen_interval_ranks

__all__ = ["AUTOCORRELATIONS", "MIN_POINTS", "hamed_rao_factor", "mann_kendall_rows", "mk_score"]

MIN_POINTS = 4
#: Corrections of the Mann–Kendall variance for autocorrelated noise (None: none).
AUTOCORRELATIONS: tuple[str | None, ...] = ("ar1", "hamed_rao", None)

_erfc = np.frompyfunc(math.erfc, 1, 1)


def _two_sided_p(z: np.ndarray) -> np.ndarray:
    """``2 (1 - Φ(|z|)) = erfc(|z| / √2)``, NaN where ``z`` is NaN (stdlib, no scipy import)."""
    return np.asarray(_erfc(np.abs(np.asarray(z, dtype=float)) / math.sqrt(2.0)), dtype=float)


def mk_score(x: np.ndarray) -> tuple[int, float]:
    """Mann–Kendall ``S`` and its tie-corrected variance for a finite 1-D ``x`` in time order.

    Examples
    --------
    >>> mk_score(np.array([1.0, 3.0, 2.0, 4.0, 4.0]))
    (7, 15.666666666666666)
    """
    x = np.asarray(x, dtype=np.float64)
    s, var_s = _scores(x[None, :])
    return int(s[0]), float(var_s[0])


def _scores(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``S`` and its tie-corrected variance for every row (NaNs skipped)."""
    counts = mk_counts(np.ascontiguousarray(values, dtype=np.float64))
    n = counts[:, 2].astype(np.int64)
    return counts[:, 0], (n * (n - 1) * (2 * n + 5) - counts[:, 1]) / 18


def _acf(ranks: np.ndarray) -> np.ndarray:
    """Sample autocorrelation at all lags (biased, divided by n), as pymannkendall does."""
    y = ranks - ranks.mean()
    n = y.size
    acov = np.correlate(y, y, "full")[n - 1 :] / n
    if acov[0] == 0:
        return np.zeros(n)
    return acov / acov[0]


def hamed_rao_factor(
    t: np.ndarray, x: np.ndarray, slope: float, *, alpha: float = 0.05, lag: int | None = None
) -> float:
    """Hamed & Rao (1998) variance inflation ``n/n*`` of the Mann–Kendall ``S``.

    Parameters
    ----------
    t, x
        Time positions and finite values (NaNs already dropped).
    slope
        Theil–Sen slope removed before ranking.
    alpha
        Level of the test deciding which lag autocorrelations are significant.
    lag
        Number of lags considered; all (``n - 1``) when None.

    Examples
    --------
    >>> t = np.arange(30.0)
    >>> round(hamed_rao_factor(t, np.sin(t / 2.0), 0.0), 6) > 1
    True
    """
    n = x.size
    # the offset (t + 1) leaves the ranks unchanged; it mirrors the reference numerically
    from scipy.stats import rankdata  # only for this option: keeps the import light

    rho = _acf(rankdata(x - (t + 1.0) * slope))
    last = n - 1 if lag is None else min(int(lag), n - 1)
    bound = NormalDist().inv_cdf(1 - alpha / 2) / np.sqrt(n)
    i = np.arange(1, last + 1)
    r = rho[1 : last + 1]
    significant = (r > bound) | (r < -bound)
    sni = float(np.sum(((n - i) * (n - i - 1) * (n - i - 2) * r)[significant]))
    return 1.0 + 2.0 / (n * (n - 1) * (n - 2)) * sni


def mann_kendall_rows(
    t: np.ndarray,
    values: np.ndarray,
    *,
    alpha: float = 0.05,
    autocorrelation: str | None = None,
    lag: int | None = None,
) -> dict[str, np.ndarray]:
    """Mann–Kendall test and Theil–Sen slope for every row of a 2-D array.

    Parameters
    ----------
    t
        Strictly increasing time positions, shape ``(n,)``.
    values
        Shape ``(rows, n)``; NaNs are dropped row by row (the time positions of the kept
        points are used). Rows with fewer than :data:`MIN_POINTS` values give NaN.
    alpha
        Level of the test and of the slope interval (coverage ``1 - alpha``).
    autocorrelation
        ``"ar1"`` (variance of ``S`` under AR(1) noise with a bias-corrected ``phi``, see
        :mod:`.ar1`), ``"hamed_rao"`` or None (original test).
    lag
        Lags used by the Hamed–Rao correction (all when None).

    Returns
    -------
    dict
        Arrays of length ``rows``: ``slope``, ``slope_low``, ``slope_high``, ``intercept``,
        ``p_value``, ``z``, ``s``, ``var_s`` (corrected), ``tau``, ``n``, ``phi``
        (bias-corrected AR(1) estimate for ``"ar1"``, else NaN) and
        ``variance_factor`` (``Var S`` over its white-noise value; 1 uncorrected).

    Examples
    --------
    >>> out = mann_kendall_rows(np.arange(6.0), np.array([[1.0, 2, 3, 5, 4, 6]]))
    >>> out["s"], out["slope"], round(float(out["p_value"][0]), 4)
    (array([13.]), array([1.]), 0.0242)
    """
    if autocorrelation not in AUTOCORRELATIONS:
        raise ValidationError(
            f"autocorrelation: expected one of {AUTOCORRELATIONS}, got {autocorrelation!r}"
        )
    if not 0 < alpha < 1:
        raise ValidationError(f"alpha: expected a level between 0 and 1, got {alpha!r}")
    t = np.ascontiguousarray(t, dtype=np.float64)
    values = np.ascontiguousarray(values, dtype=np.float64)
    rows = values.shape[0]
    valid = ~np.isnan(values)
    n = valid.sum(axis=1)
    ok = n >= MIN_POINTS
    s = np.full(rows, np.nan)
    var_s = np.full(rows, np.nan)
    s[ok], var_s[ok] = _scores(values[ok])
    n_pairs = n * (n - 1) // 2
    ranks = np.full((rows, 4), -1, dtype=np.int64)
    ranks[ok, 0] = (n_pairs[ok] - 1) // 2
    ranks[ok, 1] = n_pairs[ok] // 2
    phi = np.full(rows, np.nan)
    factor = np.ones(rows)
    if autocorrelation == "ar1":  # known before the slopes: one selection pass
        phi[ok] = ar1_phi(detrended(t, values[ok]))
        factor[ok] = ar1_variance_factor(phi[ok], n[ok])
        var_s = var_s * factor
    if autocorrelation != "hamed_rao":
        ranks[ok, 2:] = sen_interval_ranks(n_pairs[ok], var_s[ok], alpha)
    stats = _select_rows(t, values, ranks)
    slope = (stats[:, 0] + stats[:, 1]) / 2.0
    degenerate = np.zeros(rows, dtype=bool)
    if autocorrelation == "hamed_rao":
        for r in np.flatnonzero(ok):
            keep = valid[r]
            factor[r] = hamed_rao_factor(t[keep], values[r, keep], slope[r], alpha=alpha, lag=lag)
        var_s = var_s * factor
        # strong negative autocorrelation can make the corrected variance negative: no
        # test is possible then (constant series keep their exact zero variance)
        degenerate = ok & (var_s < 0)
        ci = np.full((rows, 4), -1, dtype=np.int64)
        fine = ok & ~degenerate
        ci[fine, 2:] = sen_interval_ranks(n_pairs[fine], var_s[fine], alpha)
        stats[:, 2:] = _select_rows(t, values, ci)[:, 2:]
    with np.errstate(invalid="ignore", divide="ignore"):
        z = np.where(s == 0, 0.0, (s - np.sign(s)) / np.sqrt(var_s))
        z = np.where(ok & (var_s <= 0), 0.0, z)
        p_value = _two_sided_p(z)
        tau = s / (0.5 * n * (n - 1))
        # without gaps np.median gives the same numbers in one vectorised call
        # (np.nanmedian loops over the rows in Python)
        if valid.all():
            t_med = np.full(rows, np.median(t) if t.size else np.nan)
            median = np.median
        else:
            t_med = np.nanmedian(np.where(valid, t, np.nan), axis=1)
            median = np.nanmedian
        x_med = np.full(rows, np.nan)
        x_med[ok] = median(values[ok], axis=1)
    intercept = x_med - t_med * slope
    for arr in (z, p_value, tau, intercept):
        arr[~ok] = np.nan
    z[degenerate] = np.nan
    p_value[degenerate] = np.nan
    return {
        "slope": slope,
        "slope_low": stats[:, 2],
        "slope_high": stats[:, 3],
        "intercept": intercept,
        "p_value": p_value,
        "z": z,
        "s": s,
        "var_s": var_s,
        "tau": tau,
        "n": n.astype(np.int64),
        "phi": phi,
        "variance_factor": np.where(ok, factor, np.nan),
    }
