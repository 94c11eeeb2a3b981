"""Exact order statistics of pairwise slopes in O(n log n + K) expected time.

For points ``(t_k, x_k)`` sorted by ``t``, the slope of a pair ``i < j`` is below ``s`` when
``x_j - s t_j < x_i - s t_i``: the pairs with a slope below ``s`` are the inversions of
``x - s t`` in time order, counted by a merge sort in O(n log n). The pairs with a slope
between ``lo < hi`` are those ordered one way by ``x - lo t`` and the other way by
``x - hi t``: the inversions of one order seen in the other, listed by a merge sort in
O(n log n + K) for K such pairs (Dillencourt, Mount and Netanyahu 1992).

The selection is randomised (Matoušek 1991; Dillencourt et al. 1992): order statistics of
a random sample of pairwise slopes bracket the wanted ranks with high probability, one
pass counts the slopes below the bracket and lists those inside it (K is about n^1.5),
and a selection among those gives the exact answer. When a rank falls outside its
bracket, the bracket is widened and the pass repeated. The sample comes from a fixed-seed
generator and only affects the speed, never the result.

Slopes are compared as computed, ``(x_j - x_i) / (t_j - t_i)`` in double precision, so the
result is bit for bit the order statistic of the sorted slopes. The classification by
``x - s t`` carries rounding error, so the bounds it uses are moved outwards by more than
that error (:func:`_margin`): a pair it puts below the bracket has a computed slope below
``lo``, one it puts above a slope above ``hi``, and every listed slope is compared with
``lo`` and ``hi`` directly. Pairs with equal ``t`` have no slope and are left out.

:func:`mk_counts` (the Mann–Kendall ``S`` from the same merge sort) and the row kernels
live here too: numba's on-disk cache is invalidated per source file, so a cached kernel
must sit in the file of every compiled function it calls.
"""

from __future__ import annotations

import math

import numba
import numpy as np

__all__ = [
    "mk_counts",
    "nth_in_place",
    "select",
    "select_exact",
    "select_fast",
    "select_many",
    "select_rows_parallel",
    "select_rows_serial",
    "sort_count_inversions",
]

_U = 2.0**-53  # unit roundoff of float64
_RUN = 16  # runs sorted by insertion before merging
_SEED = 20_220_224
_SAMPLE_PER_POINT = 4  # random slopes drawn per point
_MIN_SAMPLE = 2048
_PILOT = 256  # sorted pilot used to select within the sample
_SIGMAS = 3.0  # bracket half-width in binomial standard deviations (first attempt)
_ATTEMPTS = 3  # attempts per bracket, each three times wider, before sorting all slopes
_SMALL_N = 50  # below this many points, sorting all slopes is faster

_jit = numba.njit(cache=True, nogil=True, error_model="numpy")  # IEEE division by zero


@_jit
def nth_in_place(a: np.ndarray, lo: int, hi: int, k: int) -> float:  # pragma: no cover
    """Quickselect on ``a[lo:hi]``: afterwards ``a[k]`` is in sorted position; returns it."""
    while hi - lo > 1:
        mid = (lo + hi - 1) // 2
        p0, p1, p2 = a[lo], a[mid], a[hi - 1]
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


@_jit
def _bucket(v: float, lo: float, hi: float, scale: float, nb: int) -> int:  # pragma: no cover
    """0 below ``lo``, ``1 + ⌊(v - lo) scale⌋`` (at most ``nb``) inside, ``nb + 1`` else."""
    r = (v - lo) * scale  # NaN or infinite for some values outside
    b = int(min(r if r >= 0.0 else 0.0, nb - 1.0)) + 1
    return b if (v >= lo) & (v <= hi) else (0 if v < lo else nb + 1)


@_jit
def _buckets(lo: float, hi: float, size: int) -> tuple:  # pragma: no cover
    """Number of equal-width buckets of ``[lo, hi]`` for ``size`` values, and their scale."""
    if math.isfinite(lo) and math.isfinite(hi) and hi > lo:
        nb = max(min(size // 16, 4096), 1)
        scale = nb / (hi - lo)
        if math.isfinite(scale):
            return nb, scale
    return 1, 0.0  # unbounded: everything inside is one bucket


@_jit
def _pick(
    a: np.ndarray, lo: float, hi: float, buckets: tuple, start: np.ndarray, ks: np.ndarray
) -> np.ndarray:  # pragma: no cover
    """The selection of :func:`select_many` once ``start[b + 1]`` counts bucket ``b``."""
    nb, scale = buckets
    for b in range(nb + 2):
        start[b + 1] += start[b]  # values in the buckets before b + 1
    bucket = np.searchsorted(start, ks, side="right") - 1
    offset = np.full(nb + 2, -1, dtype=np.int64)
    size = 0
    for b in bucket:
        if 1 <= b <= nb and offset[b] < 0:
            offset[b] = size
            size += start[b + 1] - start[b]
    fill = offset.copy()
    gathered = np.empty(size)
    for v in a:
        b = _bucket(v, lo, hi, scale, nb)
        o = fill[b]
        if o >= 0:  # rare: a well-predicted branch
            gathered[o] = v
            fill[b] = o + 1
    out = np.full(ks.size, np.nan)
    for q in range(ks.size):
        b = bucket[q]
        if 1 <= b <= nb:
            seg = gathered[offset[b] : offset[b] + start[b + 1] - start[b]]
            out[q] = nth_in_place(seg, 0, seg.size, ks[q] - start[b])
    return out


@_jit
def select_many(
    a: np.ndarray, lo: float, hi: float, ks: np.ndarray
) -> np.ndarray:  # pragma: no cover
    """Order statistics at ascending ranks ``ks`` among the non-NaN values of ``a``.

    Only values in ``[lo, hi]`` are selected from: a rank whose value lies outside gives
    NaN. One pass counts the values below ``lo`` and those inside in equal-width buckets of
    ``[lo, hi]`` (a monotone map, so bucket order is value order), a second gathers the
    buckets holding the ranks, and a quickselect in each gives the value.
    """
    nb, scale = _buckets(lo, hi, a.size)
    start = np.zeros(nb + 3, dtype=np.int64)
    for v in a:
        start[_bucket(v, lo, hi, scale, nb) + 1] += 1
    return _pick(a, lo, hi, (nb, scale), start, ks)


@_jit
def select_exact(t: np.ndarray, x: np.ndarray, ranks: np.ndarray) -> np.ndarray:  # pragma: no cover
    """Order statistics by sorting every slope (pairs with equal ``t`` left out).

    Ranks outside ``[0, number of slopes)`` give NaN.
    """
    m = x.size
    slopes = np.empty(m * (m - 1) // 2)
    k = 0
    for i in range(m - 1):
        for j in range(i + 1, m):
            dt = t[j] - t[i]
            slopes[k] = (x[j] - x[i]) / dt
            k += dt != 0.0
    slopes = np.sort(slopes[:k])
    out = np.full(ranks.size, np.nan)
    for q in range(ranks.size):
        if 0 <= ranks[q] < k:
            out[q] = slopes[ranks[q]]
    return out


@_jit
def _emit(
    ids: np.ndarray, i0: int, i1: int, q: int, pts: tuple, buf: np.ndarray, acc: np.ndarray
) -> None:  # pragma: no cover
    """Append to ``buf`` the slopes of point ``q`` with points ``ids[i0:i1]``.

    ``pts`` is ``(t, x, lo, hi, scale, nb, start)``: each slope is also counted in
    ``start`` as :func:`select_many` does. ``acc[0]`` is the number of slopes listed so far
    (pairs with equal ``t`` give NaN); nothing is written past the end of ``buf``.
    """
    t, x, lo, hi, scale, nb, start = pts
    w = acc[0]
    acc[0] = w + i1 - i0
    if acc[0] > buf.size:
        return
    tq = t[q]
    xq = x[q]
    for k in range(i0, i1):
        p = ids[k]
        dt = tq - t[p]
        # equals (x_p - x_q) / (t_p - t_q) bit for bit
        f = (xq - x[p]) / dt if dt != 0.0 else np.nan
        buf[w + k - i0] = f
        start[_bucket(f, lo, hi, scale, nb) + 1] += 1


@_jit
def _merge_sort(
    key: np.ndarray, ids: np.ndarray, pts: tuple, buf: np.ndarray, acc: np.ndarray
) -> int:  # pragma: no cover
    """Stable sort of ``key`` (carrying ``ids``) in place; returns the strict inversions.

    A strict inversion is a pair of positions ``a < b`` with ``key[b] < key[a]``. With a
    non-empty ``buf``, the slope of every inverted pair of points goes through
    :func:`_emit`.
    """
    n = key.size
    emit = buf.size > 0
    inv = 0
    for a in range(0, n, _RUN):  # insertion sort of short runs
        for j in range(a + 1, min(a + _RUN, n)):
            kv = key[j]
            iv = ids[j]
            k = j
            while k > a and key[k - 1] > kv:
                k -= 1
            if k < j:
                if emit:
                    _emit(ids, k, j, iv, pts, buf, acc)
                inv += j - k
                for p in range(j, k, -1):
                    key[p] = key[p - 1]
                    ids[p] = ids[p - 1]
                key[k] = kv
                ids[k] = iv
    src_k, src_i, dst_k, dst_i = key, ids, np.empty_like(key), np.empty_like(ids)
    swapped = False
    width = _RUN
    while width < n:
        for a in range(0, n, 2 * width):
            mid = min(a + width, n)
            b = min(a + 2 * width, n)
            i, j, o = a, mid, a
            while i < mid and j < b:
                if src_k[j] < src_k[i]:
                    if emit:
                        _emit(src_i, i, mid, src_i[j], pts, buf, acc)
                    inv += mid - i
                    dst_k[o] = src_k[j]
                    dst_i[o] = src_i[j]
                    j += 1
                else:
                    dst_k[o] = src_k[i]
                    dst_i[o] = src_i[i]
                    i += 1
                o += 1
            dst_k[o : o + mid - i] = src_k[i:mid]
            dst_i[o : o + mid - i] = src_i[i:mid]
            o += mid - i
            dst_k[o : o + b - j] = src_k[j:b]
            dst_i[o : o + b - j] = src_i[j:b]
        src_k, src_i, dst_k, dst_i = dst_k, dst_i, src_k, src_i
        swapped = not swapped
        width *= 2
    if swapped:
        key[:] = src_k
        ids[:] = src_i
    return inv


@_jit
def sort_count_inversions(key: np.ndarray, ids: np.ndarray) -> int:  # pragma: no cover
    """Stable sort of ``key`` (carrying ``ids``) in place; returns the strict inversions."""
    pts = (np.empty(0), np.empty(0), 0.0, 0.0, 0.0, 1, np.empty(0, dtype=np.int64))
    return _merge_sort(key, ids, pts, np.empty(0), np.zeros(1, dtype=np.int64))


@_jit
def _margin(s: float, x_max: float, t_max: float, dt_min: float) -> float:  # pragma: no cover
    """Shift of a bound that makes the classification by ``x - s t`` safe from rounding.

    Rounding moves ``x_k - s t_k`` by at most ``2.01 u R`` with ``R = max|x| + |s| max|t|``
    (plus underflow), so a pair classified below ``s`` has an exact slope below
    ``s + 4.02 u R / dt_min``, and its computed slope is within ``3.01 u`` (relative) of the
    exact one, which is at most ``2 max|x| / dt_min``. The margin is more than twice the sum.
    """
    m = (32.0 * _U * (2.0 * x_max + abs(s) * t_max) + 1e-300) / dt_min
    m = (32.0 * _U * (2.0 * x_max + (abs(s) + m) * t_max) + 1e-300) / dt_min
    return max(m, 1e-300)


@_jit
def _order(t: np.ndarray, x: np.ndarray, s: float, reverse: bool) -> tuple:  # pragma: no cover
    """Points in ascending ``x - s t``, stable from time order (reversed if ``reverse``).

    Returns the order, its strict inversions and, unless ``reverse``, those between points
    of equal ``t``; for a non-finite ``s`` or key (no bound) the start order and zeros.
    """
    n = x.size
    key = np.empty(n)
    ids = np.arange(n)[::-1].copy() if reverse else np.arange(n)
    finite = True
    for k in range(n):
        key[k] = x[ids[k]] - s * t[ids[k]]
        finite &= math.isfinite(key[k])
    if not finite:
        return ids, 0, 0
    tied = 0
    a = 0
    while a < n and not reverse:  # runs of equal t: their pairs have no slope
        b = a + 1
        while b < n and t[b] == t[a]:
            b += 1
        if b - a > 1:
            tied += sort_count_inversions(key[a:b].copy(), np.zeros(b - a, dtype=np.int64))
        a = b
    return ids, sort_count_inversions(key, ids), tied


@_jit
def _band(
    t: np.ndarray, x: np.ndarray, lo: float, hi: float, scale: tuple
) -> tuple:  # pragma: no cover
    """One counting-and-listing pass for the bracket ``[lo, hi]``.

    Returns (consistent, number of slopes below the band, slopes in the band: NaN for
    pairs with equal ``t``, and their buckets for :func:`_pick`). Every pair of distinct
    ``t`` is below, in or above the band, and the band holds every slope in ``[lo, hi]``.
    """
    n = x.size
    x_max, t_max, dt_min = scale
    s_lo = lo - _margin(lo, x_max, t_max, dt_min) if math.isfinite(lo) else -np.inf
    s_hi = hi + _margin(hi, x_max, t_max, dt_min) if math.isfinite(hi) else np.inf
    ia, below, below_tied = _order(t, x, s_lo, False)
    # reverse time order first: a later point then comes first in ``ic`` exactly when its
    # key is not above the earlier one's, and the inversions are the pairs above the band
    ic, above, _ = _order(t, x, s_hi, True)
    pos = np.empty(n)
    for k in range(n):
        pos[ic[k]] = k
    key = np.empty(n)
    for k in range(n):
        key[k] = pos[ia[k]]
    expected = max(n * (n - 1) // 2 - below - above, 0)
    buf = np.empty(max(expected, 1))
    nb, scale = _buckets(lo, hi, expected)
    start = np.zeros(nb + 3, dtype=np.int64)
    pts = (t, x, lo, hi, scale, nb, start)
    inv = _merge_sort(key, ia, pts, buf, np.zeros(1, dtype=np.int64))
    return inv == expected, below - below_tied, buf[:expected], (nb, scale), start


@_jit
def _sample(t: np.ndarray, x: np.ndarray, size: int) -> np.ndarray:  # pragma: no cover
    """Slopes of ``size`` random pairs (fixed seed; pairs with equal ``t`` dropped)."""
    m = x.size
    out = np.empty(size)
    state = np.uint64(_SEED)
    c = 0
    for _ in range(size):  # 64-bit LCG, top 32 bits scaled by multiply-shift
        state = state * np.uint64(6364136223846793005) + np.uint64(1442695040888963407)
        pi = np.int64(((state >> np.uint64(32)) * np.uint64(m)) >> np.uint64(32))
        state = state * np.uint64(6364136223846793005) + np.uint64(1442695040888963407)
        pj = np.int64(((state >> np.uint64(32)) * np.uint64(m - 1)) >> np.uint64(32))
        pj += pj >= pi
        dt = t[max(pi, pj)] - t[min(pi, pj)]
        out[c] = (x[max(pi, pj)] - x[min(pi, pj)]) / dt
        c += dt != 0.0
    return out[:c]


@_jit
def _positions(size: int, rank: int, n_valid: int, sigmas: float) -> tuple:  # pragma: no cover
    """Sample positions bracketing ``rank`` (``-1`` or ``size`` for no bound)."""
    p = (rank + 0.5) / n_valid
    half = sigmas * math.sqrt(size * p * (1.0 - p)) + 2.0
    return max(math.floor(p * size - half), -1), min(math.ceil(p * size + half), size)


@_jit
def _sample_bounds(sample: np.ndarray, low: int, high: int) -> tuple:  # pragma: no cover
    """Values at sorted positions ``low < high`` of ``sample`` (infinite outside it).

    In the manner of Floyd and Rivest: a sorted pilot (the first values, a random subset)
    brackets both positions and :func:`select_many` finds them among the values inside;
    if the pilot misses, among all values.
    """
    size = sample.size
    n_pilot = min(size // 8, _PILOT)
    a = -np.inf
    b = np.inf
    if n_pilot >= 32:
        pilot = np.sort(sample[:n_pilot])
        if low >= 0:
            phi = low / size
            k = math.floor(phi * n_pilot - 4.0 * math.sqrt(n_pilot * phi * (1 - phi)) - 2.0)
            a = pilot[k] if k >= 0 else -np.inf
        if high < size:
            phi = high / size
            k = math.ceil(phi * n_pilot + 4.0 * math.sqrt(n_pilot * phi * (1 - phi)) + 2.0)
            b = pilot[k] if k < n_pilot else np.inf
    ks = np.array([max(low, 0), min(high, size - 1)])
    got = select_many(sample, a, b, ks)
    if np.isnan(got).any():  # the pilot missed
        got = select_many(sample, -np.inf, np.inf, ks)
    return (-np.inf if low < 0 else got[0]), (np.inf if high >= size else got[1])


@_jit
def select_fast(t: np.ndarray, x: np.ndarray, ranks: np.ndarray) -> np.ndarray:  # pragma: no cover
    """Exact order statistics at ``ranks`` of the slopes of ``(t, x)``, ``t`` non-decreasing.

    Pairs with equal ``t`` are left out; ranks outside ``[0, number of slopes)`` give NaN.
    Ranks share a pass when the gap between their brackets costs less than a pass.
    """
    n = x.size
    out = np.full(ranks.size, np.nan)
    n_valid = n * (n - 1) // 2
    dt_min = np.inf
    a = 0
    while a < n:  # runs of equal t
        b = a + 1
        while b < n and t[b] == t[a]:
            b += 1
        n_valid -= (b - a) * (b - a - 1) // 2
        if b < n:
            dt_min = min(dt_min, t[b] - t[b - 1])
        a = b
    want = np.array([q for q in np.argsort(ranks) if 0 <= ranks[q] < n_valid], dtype=np.int64)
    if want.size == 0:
        return out
    scale = (np.max(np.abs(x)), np.max(np.abs(t)), dt_min)
    # the margins of _margin hold with room to spare unless magnitudes are extreme or
    # the times are so far from 0 that their gaps are near their rounding error
    if not (scale[0] < 1e290 and scale[1] < 1e290 and dt_min > 0.0 and scale[1] < 1e12 * dt_min):
        return select_exact(t, x, ranks)
    sample = _sample(t, x, min(max(_MIN_SAMPLE, _SAMPLE_PER_POINT * n), 4 * n_valid))
    if sample.size == 0:
        return select_exact(t, x, ranks)
    pass_cost = 2.0 * n * math.log2(n)  # one pass costs about as much as listing this many
    g0 = 0
    while g0 < want.size:  # groups of ranks sharing a pass
        sigmas = _SIGMAS
        for attempt in range(_ATTEMPTS + 1):
            if attempt == _ATTEMPTS:
                return select_exact(t, x, ranks)
            low, high = _positions(sample.size, ranks[want[g0]], n_valid, sigmas)
            g1 = g0 + 1
            while g1 < want.size:
                nlow, nhigh = _positions(sample.size, ranks[want[g1]], n_valid, sigmas)
                if (nlow - high) * n_valid > pass_cost * sample.size:
                    break
                high = max(high, nhigh)
                g1 += 1
            lo, hi = _sample_bounds(sample, low, high)
            consistent, below, band, buckets, start = _band(t, x, lo, hi, scale)
            if not consistent:  # rounding defeated the margin: never expected, but
                return select_exact(t, x, ranks)  # exactness comes first
            got = _pick(band, lo, hi, buckets, start, ranks[want[g0:g1]] - below)
            if not np.isnan(got).any():
                out[want[g0:g1]] = got
                break
            sigmas *= 3.0
        g0 = g1
    return out


@_jit
def select(t: np.ndarray, x: np.ndarray, ranks: np.ndarray) -> np.ndarray:  # pragma: no cover
    """Order statistics of the slopes: all of them sorted for few points, else fast."""
    if x.size < _SMALL_N:
        return select_exact(t, x, ranks)
    return select_fast(t, x, ranks)


@_jit
def _select_row(
    t: np.ndarray, row: np.ndarray, ranks: np.ndarray, out: np.ndarray
) -> None:  # pragma: no cover
    """Order statistics of one row (NaNs skipped) into ``out``; ranks -1 are left alone."""
    keep = ~np.isnan(row)
    if np.count_nonzero(keep) >= 2:
        want = ranks >= 0
        out[want] = select(t[keep], row[keep], ranks[want])


@_jit
def select_rows_serial(
    t: np.ndarray, values: np.ndarray, ranks: np.ndarray
) -> np.ndarray:  # pragma: no cover
    """Order statistics of every row of ``values`` (NaNs skipped; ranks -1 give NaN)."""
    out = np.full(ranks.shape, np.nan)
    for r in range(values.shape[0]):
        _select_row(t, values[r], ranks[r], out[r])
    return out


@numba.njit(cache=True, nogil=True, error_model="numpy", parallel=True)
def select_rows_parallel(
    t: np.ndarray, values: np.ndarray, ranks: np.ndarray
) -> np.ndarray:  # pragma: no cover
    """As :func:`select_rows_serial`, with the rows spread over numba's threads."""
    out = np.full(ranks.shape, np.nan)
    for r in numba.prange(values.shape[0]):
        _select_row(t, values[r], ranks[r], out[r])
    return out


@_jit
def mk_counts(values: np.ndarray) -> np.ndarray:  # pragma: no cover
    """Mann–Kendall counts of every row, NaNs skipped, in O(n log n) per row.

    Returns shape ``(rows, 3)``: ``S = Σ_{i<j} sign(x_j - x_i)`` (from the strict
    inversions and tied pairs of a merge sort), the tie term ``Σ c (c - 1) (2c + 5)`` over
    groups of ``c`` equal values, and the number of values.
    """
    out = np.zeros((values.shape[0], 3))
    for r in range(values.shape[0]):
        x = values[r][~np.isnan(values[r])]
        n = x.size
        inv = sort_count_inversions(x, np.zeros(n, dtype=np.int64))
        tied_pairs = 0
        a = 0
        while a < n:
            b = a + 1
            while b < n and x[b] == x[a]:
                b += 1
            c = b - a
            tied_pairs += c * (c - 1) // 2
            out[r, 1] += c * (c - 1) * (2 * c + 5)
            a = b
        out[r, 0] = n * (n - 1) // 2 - tied_pairs - 2 * inv
        out[r, 2] = n
    return out
