"""Theil–Sen slope with Sen's (1968) rank-based confidence interval, without O(n²) memory.

The slope is the median of the ``N = n(n-1)/2`` pairwise slopes
``(x[j] - x[i]) / (t[j] - t[i])``; the confidence interval takes two order statistics of
the same set, at ranks fixed by the variance of the Mann–Kendall statistic (Sen 1968,
eq. 2.6; the ranks are those of :func:`scipy.stats.theilslopes`).

Materialising all pairwise slopes needs ``8 N`` bytes (9 MB at n = 1 500, 4 GB at
n = 30 000), so the order statistics are found by *sample-and-filter* selection (in the
spirit of Floyd and Rivest): a random sample of pairwise slopes brackets each wanted rank,
one streaming pass over all pairs counts the slopes below each bracket and keeps only the
few inside it, and a selection on those gives the exact order statistic. Time stays
O(n²) but memory is O(n^1.5) and the result is exact: when a bracket misses its rank (a
rare event) the kernel falls back to materialising all slopes. The random sample only
affects speed, never the result, and is seeded for reproducibility.
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass

import numba
import numpy as np
from scipy.stats import norm

from ...errors import ValidationError

__all__ = ["TheilSen", "sen_interval_ranks", "theil_sen", "theil_sen_order_statistics"]

_SMALL_PAIRS = 20_000  # at or below this many pairs, sort them all
_SEED = 20_220_224


@numba.njit(cache=True, nogil=True)
def _all_slopes(t: np.ndarray, x: np.ndarray) -> np.ndarray:  # pragma: no cover - jitted
    m = x.size
    out = np.empty(m * (m - 1) // 2)
    k = 0
    for i in range(m - 1):
        xi = x[i]
        ti = t[i]
        for j in range(i + 1, m):
            out[k] = (x[j] - xi) / (t[j] - ti)
            k += 1
    return out


@numba.njit(cache=True, nogil=True)
def _select_exact(
    t: np.ndarray, x: np.ndarray, ranks: np.ndarray
) -> np.ndarray:  # pragma: no cover
    slopes = _all_slopes(t, x)
    slopes.sort()
    out = np.empty(ranks.size)
    for q in range(ranks.size):
        out[q] = slopes[ranks[q]]
    return out


@numba.njit(cache=True, nogil=True)
def _nth(a: np.ndarray, lo: int, hi: int, k: int) -> float:  # pragma: no cover - jitted
    """In-place quickselect on ``a[lo:hi]``: afterwards ``a[k]`` is in sorted position."""
    while hi - lo > 1:
        mid = (lo + hi - 1) // 2
        p0 = a[lo]
        p1 = a[mid]
        p2 = a[hi - 1]
        pivot = max(min(p0, p1), min(max(p0, p1), p2))
        lt = lo
        i = lo
        gt = hi
        while i < gt:  # three-way partition keeps ties together
            v = a[i]
            if v < pivot:
                a[i] = a[lt]
                a[lt] = v
                lt += 1
                i += 1
            elif v > pivot:
                gt -= 1
                a[i] = a[gt]
                a[gt] = v
            else:
                i += 1
        if k < lt:
            hi = lt
        elif k >= gt:
            lo = gt
        else:
            return pivot
    return a[k]


@numba.njit(cache=True, nogil=True)
def _select_sampled(
    t: np.ndarray, x: np.ndarray, ranks: np.ndarray
) -> np.ndarray:  # pragma: no cover
    m = x.size
    n_pairs = m * (m - 1) // 2
    s = min(n_pairs, max(4096, 16 * int(math.sqrt(n_pairs))))
    state = np.uint64(_SEED)
    sample = np.empty(s)
    for k in range(s):  # random pairs: 64-bit LCG, top 32 bits scaled by multiply-shift
        state = state * np.uint64(6364136223846793005) + np.uint64(1442695040888963407)
        pi = np.int64(((state >> np.uint64(32)) * np.uint64(m)) >> np.uint64(32))
        state = state * np.uint64(6364136223846793005) + np.uint64(1442695040888963407)
        pj = np.int64(((state >> np.uint64(32)) * np.uint64(m - 1)) >> np.uint64(32))
        if pj >= pi:
            pj += 1
        if pj < pi:
            pi, pj = pj, pi
        sample[k] = (x[pj] - x[pi]) / (t[pj] - t[pi])
    # sample positions bracketing each wanted rank (4 standard deviations of a binomial)
    order = np.argsort(ranks)
    nq = ranks.size
    pos = np.empty(2 * nq, dtype=np.int64)
    for q in range(nq):
        p = (ranks[order[q]] + 0.5) / n_pairs
        half = math.ceil(4.0 * math.sqrt(s * p * (1.0 - p))) + 8
        pos[2 * q] = int(p * s) - half
        pos[2 * q + 1] = int(p * s) + half + 1
    at = np.empty(2 * nq)
    sorted_pos = np.sort(pos)
    first = 0
    for k in range(2 * nq):  # ascending positions: quickselect left to right in place
        ps = sorted_pos[k]
        if 0 <= ps < s:
            _nth(sample, first, s, ps)
            first = ps
    for k in range(2 * nq):
        ps = pos[k]
        at[k] = -np.inf if ps < 0 else (np.inf if ps >= s else sample[ps])
    lo = np.empty(nq)
    hi = np.empty(nq)
    width = np.empty(nq, dtype=np.int64)
    nb = 0
    for q in range(nq):  # merge overlapping brackets so that they are disjoint
        b_lo = at[2 * q]
        b_hi = at[2 * q + 1]
        w = min(pos[2 * q + 1], s) - max(pos[2 * q], 0)
        if nb > 0 and b_lo <= hi[nb - 1]:
            hi[nb - 1] = max(hi[nb - 1], b_hi)
            width[nb - 1] += w
        else:
            lo[nb] = b_lo
            hi[nb] = b_hi
            width[nb] = w
            nb += 1
    cap = 0
    for b in range(nb):  # room for the sample's share of the brackets, ties included
        inside = 0
        for k in range(s):
            inside += (sample[k] >= lo[b]) & (sample[k] <= hi[b])
        cap += int(1.5 * n_pairs * (inside + 16) / s) + 1024
    cap = min(cap, n_pairs)
    below = np.zeros(nb, dtype=np.int64)
    buf = np.empty(cap + 1)
    out = np.empty(nq)
    found = np.zeros(nq, dtype=np.bool_)
    for g in range(0, nb, 3):  # three brackets per streaming pass
        l0, h0 = lo[g], hi[g]
        l1, h1 = (lo[g + 1], hi[g + 1]) if g + 1 < nb else (np.inf, -np.inf)
        l2, h2 = (lo[g + 2], hi[g + 2]) if g + 2 < nb else (np.inf, -np.inf)
        c = 0
        b0 = 0
        b1 = 0
        b2 = 0
        if g + 1 == nb:  # the usual case: one bracket holds every wanted rank
            for i in range(m - 1):
                xi = x[i]
                ti = t[i]
                for j in range(i + 1, m):  # branch-free: the comparisons are unpredictable
                    v = (x[j] - xi) / (t[j] - ti)
                    buf[min(c, cap)] = v
                    c += (v >= l0) & (v <= h0)
                    b0 += v < l0
        else:
            for i in range(m - 1):
                xi = x[i]
                ti = t[i]
                for j in range(i + 1, m):
                    v = (x[j] - xi) / (t[j] - ti)
                    buf[min(c, cap)] = v
                    c += ((v >= l0) & (v <= h0)) | ((v >= l1) & (v <= h1)) | ((v >= l2) & (v <= h2))
                    b0 += v < l0
                    b1 += v < l1
                    b2 += v < l2
        if c > cap:
            return _select_exact(t, x, ranks)
        counts = (b0, b1, b2)
        for d in range(min(3, nb - g)):
            b = g + d
            below[b] = counts[d]
            part = buf[:c][(buf[:c] >= lo[b]) & (buf[:c] <= hi[b])]
            first = 0
            for q in range(nq):  # ranks ascend: select left to right in place
                r = ranks[order[q]]
                if below[b] <= r < below[b] + part.size:
                    k = r - below[b]
                    out[order[q]] = _nth(part, first, part.size, k)
                    found[order[q]] = True
                    first = k
    if not found.all():  # a rank outside every bracket (rare): take the exact route
        return _select_exact(t, x, ranks)
    return out


@numba.njit(cache=True, nogil=True)
def _select(t: np.ndarray, x: np.ndarray, ranks: np.ndarray) -> np.ndarray:  # pragma: no cover
    m = x.size
    if m * (m - 1) // 2 <= _SMALL_PAIRS:
        return _select_exact(t, x, ranks)
    return _select_sampled(t, x, ranks)


@numba.njit(cache=True, nogil=True)
def _select_row(
    t: np.ndarray, row: np.ndarray, ranks: np.ndarray, out: np.ndarray
) -> None:  # pragma: no cover
    """Order statistics of one row (NaNs skipped) into ``out``; ranks -1 are left alone."""
    keep = ~np.isnan(row)
    xr = row[keep]
    if xr.size < 2:
        return
    nq = 0
    for q in range(ranks.size):
        if ranks[q] >= 0:
            nq += 1
    want = np.empty(nq, dtype=np.int64)
    k = 0
    for q in range(ranks.size):
        if ranks[q] >= 0:
            want[k] = ranks[q]
            k += 1
    got = _select(t[keep], xr, want)
    k = 0
    for q in range(ranks.size):
        if ranks[q] >= 0:
            out[q] = got[k]
            k += 1


@numba.njit(cache=True, nogil=True)
def _select_rows_serial(
    t: np.ndarray, values: np.ndarray, ranks: np.ndarray
) -> np.ndarray:  # pragma: no cover
    out = np.full(ranks.shape, np.nan)
    for r in range(values.shape[0]):
        _select_row(t, values[r], ranks[r], out[r])
    return out


@numba.njit(cache=True, nogil=True, parallel=True)
def _select_rows_parallel(
    t: np.ndarray, values: np.ndarray, ranks: np.ndarray
) -> np.ndarray:  # pragma: no cover
    out = np.full(ranks.shape, np.nan)
    for r in numba.prange(values.shape[0]):
        _select_row(t, values[r], ranks[r], out[r])
    return out


_PARALLEL_PAIRS = 20_000_000  # below this much work, thread start-up costs more than it saves


def _select_rows(t: np.ndarray, values: np.ndarray, ranks: np.ndarray) -> np.ndarray:
    """Order statistics of the pairwise slopes of every row (NaNs skipped; ranks -1 → NaN).

    Rows are processed in parallel threads (numba) when there is enough work and the
    caller is the main thread; from worker threads (e.g. dask's, which already run chunks
    in parallel) rows are processed serially, since not every numba threading layer
    accepts concurrent launches.
    """
    t = np.ascontiguousarray(t, dtype=np.float64)
    values = np.ascontiguousarray(values, dtype=np.float64)
    ranks = np.ascontiguousarray(ranks, dtype=np.int64)
    work = values.shape[0] * values.shape[1] ** 2 / 2
    main = threading.current_thread() is threading.main_thread()
    if main and values.shape[0] > 1 and work > _PARALLEL_PAIRS:
        return np.asarray(_select_rows_parallel(t, values, ranks))
    return np.asarray(_select_rows_serial(t, values, ranks))


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
    z = norm.ppf(1.0 - alpha / 2.0)
    sigma = np.sqrt(np.asarray(var_s, dtype=float))
    n = np.asarray(n_pairs, dtype=float)
    low = np.maximum(np.round((n - z * sigma) / 2.0) - 1, 0)
    high = np.minimum(np.round((n + z * sigma) / 2.0), n - 1)
    return np.stack([low, high], axis=-1).astype(np.int64)


def theil_sen_order_statistics(t: np.ndarray, x: np.ndarray, ranks: np.ndarray) -> np.ndarray:
    """Exact order statistics of the pairwise slopes of ``(t, x)`` at 0-based ``ranks``.

    ``t`` must be strictly increasing and ``x`` finite (both 1-D, same length); the
    memory used is O(n^1.5) rather than O(n²).

    Examples
    --------
    >>> t = np.arange(5.0)
    >>> theil_sen_order_statistics(t, np.array([0.0, 2, 1, 5, 4]), np.array([0, 9])).tolist()
    [-1.0, 4.0]
    """
    t = np.ascontiguousarray(t, dtype=np.float64)
    x = np.ascontiguousarray(x, dtype=np.float64)
    return np.asarray(_select(t, x, np.ascontiguousarray(ranks, dtype=np.int64)))


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
