"""Compiled PELT for polynomial-trend segments with a variance per segment.

The default pipeline (:mod:`.auto`) compares piecewise-constant, piecewise-linear and
piecewise-quadratic segment models on one ``-2 log L`` scale. The polynomial costs are
``m log(RSS / m)`` of a least-squares polynomial of degree 1 or 2 on the segment,
computed in O(1) from prefix sums with an orthogonal basis (``1``, ``u``,
``u**2 - mean(u**2)`` with ``u`` the centred, rescaled time), so that the three
regressors' contributions to the fit simply add up.

The quadratic term subtracts nearly equal sums of ``t**2 x`` over a segment, which
loses digits as ``n`` grows; its prefix sums are therefore accumulated with
compensated (TwoSum) summation. With plain sums the cost of a 13-point segment was
off by about 1 (in units of ``-2 log L``) at n = 100 000 and by 350 at n = 10**6;
compensated, it stays below 0.02 up to n = 10**6 (tests check it).
:data:`QUADRATIC_MAX_N` bounds the length further: ``t**2`` must stay an exact float.

What is compiled, and when. Only the PELT search and the compensated prefix sums are
compiled (numba, cached on disk). Costs of given segments (:func:`poly_costs`), fits
(:func:`poly_fit`) and the plain prefix sums are numpy: they run once per segmentation,
not once per candidate, and need no compilation on first use. The search has two
tiers: one generic kernel (the degree a runtime argument) for series of up to
:data:`SMALL_MAX_N` points -- the first call in a fresh environment compiles that one
kernel -- and a vectorised kernel per degree for longer series, compiled when a long
series first needs it.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

__all__ = ["QUADRATIC_MAX_N", "SMALL_MAX_N", "pelt_poly", "poly_costs", "poly_fit", "poly_prefix"]

#: Longest series on which the piecewise-quadratic model is fitted (see module doc).
QUADRATIC_MAX_N = 10_000_000
#: Longest series segmented by the single generic kernel :func:`_pelt_small`.
SMALL_MAX_N = 1_000


@njit(cache=True, nogil=True, inline="always")
def _two_sum(a: float, b: float) -> tuple[float, float]:  # pragma: no cover - compiled
    """``a + b`` and its exact rounding error (Knuth's TwoSum)."""
    s = a + b
    bp = s - a
    return s, (a - (s - bp)) + (b - bp)


@njit(cache=True, nogil=True)
def _prefix_compensated(x: np.ndarray) -> np.ndarray:  # pragma: no cover - compiled
    """Rows of :func:`poly_prefix` for ``degree=2``, accumulated with TwoSum."""
    n = x.shape[0]
    P = np.zeros((7, n + 1))
    a = 0.0
    b = 0.0
    c = 0.0
    d = 0.0
    ea = 0.0
    ec = 0.0
    ed = 0.0
    for t in range(n):
        v = x[t]
        b += v * v
        a, err = _two_sum(a, v)
        ea += err
        c, err = _two_sum(c, t * v)
        ec += err
        d, err = _two_sum(d, (t * t) * v)
        ed += err
        P[0, t + 1] = a
        P[1, t + 1] = b
        P[2, t + 1] = c
        P[3, t + 1] = d
        P[4, t + 1] = ea
        P[5, t + 1] = ec
        P[6, t + 1] = ed
    return P


def poly_prefix(x: np.ndarray, degree: int = 1) -> np.ndarray:
    """Prefix sums for :func:`pelt_poly` and :func:`poly_costs` of ``degree``.

    Rows 0-2: cumsum of ``x``, ``x**2`` and ``t x``, each with a leading 0 (numpy's
    sequential cumsum). For ``degree=2`` also ``t**2 x`` (row 3) and the rounding
    errors of rows 0, 2 and 3 accumulated separately (rows 4-6, compensated summation
    in a compiled loop), so that their differences over short segments stay accurate on
    long series.

    Examples
    --------
    >>> poly_prefix(np.array([1.0, 2.0]), 1)
    array([[0., 1., 3.],
           [0., 1., 5.],
           [0., 0., 2.]])
    """
    x = np.ascontiguousarray(x, dtype=np.float64)
    if degree == 2:
        return np.asarray(_prefix_compensated(x))
    P = np.zeros((3, x.size + 1))
    np.cumsum(x, out=P[0, 1:])
    np.cumsum(x * x, out=P[1, 1:])
    np.cumsum(np.arange(x.size) * x, out=P[2, 1:])
    return P


@njit(cache=True, nogil=True, inline="always")
def _var2(
    E: np.ndarray, ei: int, S: np.ndarray, si: int, s: int, e: int, floor: float, degree: int
) -> float:  # pragma: no cover - compiled
    """``RSS / m`` (at least ``floor``) of a least-squares polynomial on ``[s, e)``.

    The prefix sums at ``e`` are column ``ei`` of ``E``, those at ``s`` column ``si``
    of ``S`` (PELT keeps its candidates' columns side by side, for contiguous loads).
    ``RSS = S2 - S1**2 / m - Sxu**2 / Suu - Sxq**2 / Sqq`` (orthogonal basis) is put
    over one common denominator: divisions were the slowest step of the candidate loop
    (one instead of three to five: about 1.6x faster PELT passes). FMA contraction is
    allowed in these kernels for the same reason.
    """
    m = e - s
    s1 = E[0, ei] - S[0, si]
    s2 = E[1, ei] - S[1, si]
    if degree == 0:  # one division: var = (m S2 - S1**2) / m**2
        var = (m * s2 - s1 * s1) / (m * m)
        return var if var > floor else floor
    st = E[2, ei] - S[2, si]
    if degree == 2:
        s1 += E[4, ei] - S[4, si]
        st += E[5, ei] - S[5, si]
    tbar = 0.5 * (s + e - 1)
    sxu = st - tbar * s1
    mm = m * m
    suu = m * (mm - 1.0) * (1.0 / 12.0)
    ok = suu > 0.0  # selects rather than branches, so that the candidate loop stays vectorised
    suu = suu if ok else 1.0
    sxu2 = sxu * sxu if ok else 0.0
    if degree == 1:  # var = (S2 - S1**2 / m - Sxu**2 / Suu) / m, over one common denominator
        var = ((m * s2 - s1 * s1) * suu - m * sxu2) / (mm * suu)
        return var if var > floor else floor
    stt = (E[3, ei] - S[3, si]) + (E[6, ei] - S[6, si])
    sxuu = stt - 2.0 * tbar * st + tbar * tbar * s1
    sxq = m * sxuu - suu * s1  # m times the projection on the quadratic term
    sqq = m * (mm - 1.0) * (mm - 4.0) * (1.0 / 180.0)
    okq = sqq > 0.0
    sqq = sqq if okq else 1.0
    sxq2 = sxq * sxq if okq else 0.0
    var = (((m * s2 - s1 * s1) * suu - m * sxu2) * m * sqq - sxq2 * suu) / (mm * m * suu * sqq)
    return var if var > floor else floor


# log(x) = k log 2 + 2 atanh(s), s = (m - 1) / (m + 1), m = x / 2**k in [sqrt(1/2), sqrt(2)]
_C0, _C1, _C2, _C3, _C4, _C5, _C6, _C7, _C8, _C9 = (1.0 / (2 * j + 3) for j in range(10))
_LN2_HI = 6.93147180369123816490e-01
_LN2_LO = 1.90821492927058770002e-10
_SQRT2 = math.sqrt(2.0)
_MANTISSA = (1 << 52) - 1
_ONE = 1023 << 52


@njit(cache=True, nogil=True, inline="always", error_model="numpy", fastmath={"contract"})
def _log_inplace(
    buf: np.ndarray, bits: np.ndarray, expo: np.ndarray, k: int
) -> None:  # pragma: no cover - compiled
    """``buf[:k] = log(buf[:k])`` for positive normal values, to about 2e-16 relative.

    ``bits`` is ``buf`` viewed as int64. Hand-written because the inner loop of PELT
    spends most of its time in ``log``: libm's is a scalar call, this one is a
    branch-free polynomial that the compiler vectorises (about 3.5x faster here).
    """
    for i in range(k):
        b = bits[i]
        expo[i] = float((b >> 52) - 1023)
        bits[i] = (b & _MANTISSA) | _ONE
    for i in range(k):
        m = buf[i]
        up = 1.0 if m > _SQRT2 else 0.0
        m = m * (1.0 - 0.5 * up)
        e = expo[i] + up
        f = m - 1.0
        s = f / (2.0 + f)
        z = s * s
        p = _C9
        p = p * z + _C8
        p = p * z + _C7
        p = p * z + _C6
        p = p * z + _C5
        p = p * z + _C4
        p = p * z + _C3
        p = p * z + _C2
        p = p * z + _C1
        p = p * z + _C0
        buf[i] = e * _LN2_HI + (e * _LN2_LO + (2.0 * s + 2.0 * s * z * p))


def poly_costs(
    P: np.ndarray, floor: float, degree: int, starts: np.ndarray, ends: np.ndarray
) -> np.ndarray:
    """Costs ``m log(RSS / m)`` of the segments ``[starts[i], ends[i])`` (numpy).

    The formula of :func:`_var2`, vectorised over segments: it serves criteria,
    strengths and single splits, where numpy is as fast as a compiled loop and needs no
    compilation on first use.
    """
    s = np.asarray(starts, dtype=np.int64)
    e = np.asarray(ends, dtype=np.int64)
    m = (e - s).astype(np.float64)
    s1 = P[0, e] - P[0, s]
    s2 = P[1, e] - P[1, s]
    with np.errstate(divide="ignore", invalid="ignore"):
        if degree == 0:
            var = (m * s2 - s1 * s1) / (m * m)
        else:
            st = P[2, e] - P[2, s]
            if degree == 2:
                s1 = s1 + (P[4, e] - P[4, s])
                st = st + (P[5, e] - P[5, s])
            tbar = 0.5 * (s + e - 1)
            sxu = st - tbar * s1
            mm = m * m
            suu = m * (mm - 1.0) * (1.0 / 12.0)
            ok = suu > 0.0
            suu = np.where(ok, suu, 1.0)
            sxu2 = np.where(ok, sxu * sxu, 0.0)
            if degree == 1:
                var = ((m * s2 - s1 * s1) * suu - m * sxu2) / (mm * suu)
            else:
                stt = (P[3, e] - P[3, s]) + (P[6, e] - P[6, s])
                sxuu = stt - 2.0 * tbar * st + tbar * tbar * s1
                sxq = m * sxuu - suu * s1
                sqq = m * (mm - 1.0) * (mm - 4.0) * (1.0 / 180.0)
                okq = sqq > 0.0
                sqq = np.where(okq, sqq, 1.0)
                sxq2 = np.where(okq, sxq * sxq, 0.0)
                num = ((m * s2 - s1 * s1) * suu - m * sxu2) * m * sqq - sxq2 * suu
                var = num / (mm * m * suu * sqq)
    var = np.where(var > floor, var, floor)
    return np.asarray(m * np.log(var), dtype=np.float64)


def poly_fit(x: np.ndarray, edges: np.ndarray, degree: int) -> np.ndarray:
    """Least-squares polynomial of ``degree`` (at most ``m - 1``) on each segment.

    Segment ``j`` is ``x[edges[j]:edges[j + 1]]``. Fitted directly on the values (not
    from prefix sums) in the orthogonal basis ``1``, ``u``, ``u**2 - mean(u**2)``, so
    each coefficient is one per-segment sum (``numpy.bincount``): the residuals the
    default pipeline takes its AR(1) estimate from.

    Examples
    --------
    >>> poly_fit(np.array([0.0, 1.0, 2.0, 5.0, 5.0]), np.array([0, 3, 5]), 1)
    array([0., 1., 2., 5., 5.])
    """
    x = np.asarray(x, dtype=np.float64)
    edges = np.asarray(edges, dtype=np.int64)
    m_all = np.diff(edges)
    keep = m_all > 0
    starts, m = edges[:-1][keep], m_all[keep].astype(np.float64)
    seg = np.repeat(np.arange(m.size), m_all[keep])
    u = np.arange(x.size) - starts[seg] - 0.5 * (m[seg] - 1.0)
    suu = m * (m * m - 1.0) / 12.0
    sqq = m * (m * m - 1.0) * (m * m - 4.0) / 180.0
    q = u * u - (suu / m)[seg]
    mean = np.bincount(seg, weights=x, minlength=m.size) / m
    with np.errstate(divide="ignore", invalid="ignore"):
        b1 = np.bincount(seg, weights=x * u, minlength=m.size) / suu
        b2 = np.bincount(seg, weights=x * q, minlength=m.size) / sqq
    b1 = np.where((degree >= 1) & (suu > 0), b1, 0.0)
    b2 = np.where((degree >= 2) & (sqq > 0), b2, 0.0)
    return np.asarray(mean[seg] + b1[seg] * u + b2[seg] * q)


@njit(cache=True, nogil=True, inline="always")
def _schedule_pruning(
    vals: np.ndarray, kill: np.ndarray, nc: int, thresh: float, at: int, big: int, next_kill: int
) -> int:  # pragma: no cover - compiled
    """PELT's pruning rule: a candidate whose cost exceeds ``thresh`` (the optimum at
    ``t``) is dropped at ``at = t + min_size``; returns the next time a drop is due."""
    for i in range(nc):
        if vals[i] > thresh and kill[i] == big:
            kill[i] = at
            if at < next_kill:
                next_kill = at
    return next_kill


@njit(cache=True, nogil=True, inline="always")
def _backtrack(last: np.ndarray, n: int) -> np.ndarray:  # pragma: no cover - compiled
    """Changepoints (sorted) from the last-changepoint table of the optimum at ``n``."""
    out = np.empty(n, dtype=np.int64)
    k = 0
    t = n
    while t > 0 and last[t] > 0:
        out[k] = last[t]
        k += 1
        t = last[t]
    return out[:k][::-1].copy()


@njit(cache=True, nogil=True, inline="always", error_model="numpy", fastmath={"contract"})
def _pelt(
    P: np.ndarray, floor: float, pen: float, min_size: int, degree: int
) -> np.ndarray:  # pragma: no cover - compiled
    """Exact PELT for piecewise polynomials of ``degree`` with a variance per segment.

    Same search and pruning rule as :func:`._kernels.pelt` (a candidate dominated at
    ``t`` is dropped from ``t + min_size`` on), written again on purpose: its inner loop
    keeps the candidates' prefix sums side by side and takes the logs in one batch (with
    the single division of :func:`_var2`, about 4x faster), which the shared kernel's
    per-candidate cost dispatch cannot, and sharing inlined helpers across modules would
    let numba's per-file cache serve stale code after an edit. It is inlined into one
    compiled function per degree, so that the degree is a constant in the inner loop.
    """
    n = P.shape[1] - 1
    F = np.full(n + 1, np.inf)
    F[0] = -pen
    last = np.full(n + 1, -1, dtype=np.int64)
    cands = np.empty(n + 1, dtype=np.int64)
    kill = np.empty(n + 1, dtype=np.int64)
    vals = np.empty(n + 1)
    rows = P.shape[0]
    C = np.empty((rows, n + 1))  # prefix sums at each candidate, side by side
    CF = np.empty(n + 1)  # F at each candidate
    buf = np.empty(n + 1)
    bits = buf.view(np.int64)
    expo = np.empty(n + 1)
    big = n + 10 * min_size + 10
    nc = 0
    next_kill = big
    for t in range(min_size, n + 1):
        if next_kill <= t:  # drop candidates whose pruning is due
            j = 0
            next_kill = big
            for i in range(nc):
                if kill[i] > t:
                    cands[j] = cands[i]
                    kill[j] = kill[i]
                    CF[j] = CF[i]
                    for r in range(rows):
                        C[r, j] = C[r, i]
                    if kill[j] < next_kill:
                        next_kill = kill[j]
                    j += 1
            nc = j
        tau_new = t - min_size
        if tau_new == 0 or tau_new >= min_size:
            cands[nc] = tau_new
            kill[nc] = big
            CF[nc] = F[tau_new]
            for r in range(rows):
                C[r, nc] = P[r, tau_new]
            nc += 1
        for i in range(nc):  # variances of every candidate's last segment, then logs
            buf[i] = _var2(P, t, C, i, cands[i], t, floor, degree)
        _log_inplace(buf, bits, expo, nc)
        best = np.inf
        arg = -1
        for i in range(nc):
            tau = cands[i]
            v = CF[i] + (t - tau) * buf[i]
            vals[i] = v
            if v < best:
                best = v
                arg = tau
        F[t] = best + pen
        last[t] = arg
        next_kill = _schedule_pruning(vals, kill, nc, F[t], t + min_size, big, next_kill)
    return _backtrack(last, n)


@njit(cache=True, nogil=True, error_model="numpy")
def _pelt_small(
    P: np.ndarray, floor: float, pen: float, min_size: int, degree: int
) -> np.ndarray:  # pragma: no cover - compiled
    """The search and pruning of :func:`_pelt`, with the degree a runtime argument.

    One plain loop per candidate (``math.log`` of :func:`_var2`), no batched logs or
    side-by-side prefix sums: one compilation serves all degrees and takes about a
    third of the time of the vectorised kernels together, and on the series lengths
    of :data:`SMALL_MAX_N` a pass costs under a millisecond. See :func:`pelt_poly`.
    """
    n = P.shape[1] - 1
    F = np.full(n + 1, np.inf)
    F[0] = -pen
    last = np.full(n + 1, -1, dtype=np.int64)
    cands = np.empty(n + 1, dtype=np.int64)
    kill = np.empty(n + 1, dtype=np.int64)
    vals = np.empty(n + 1)
    big = n + 10 * min_size + 10
    nc = 0
    next_kill = big
    for t in range(min_size, n + 1):
        if next_kill <= t:  # drop candidates whose pruning is due
            j = 0
            next_kill = big
            for i in range(nc):
                if kill[i] > t:
                    cands[j] = cands[i]
                    kill[j] = kill[i]
                    if kill[j] < next_kill:
                        next_kill = kill[j]
                    j += 1
            nc = j
        tau_new = t - min_size
        if tau_new == 0 or tau_new >= min_size:
            cands[nc] = tau_new
            kill[nc] = big
            nc += 1
        best = np.inf
        arg = -1
        for i in range(nc):
            tau = cands[i]
            v = F[tau] + (t - tau) * math.log(_var2(P, t, P, tau, tau, t, floor, degree))
            vals[i] = v
            if v < best:
                best = v
                arg = tau
        F[t] = best + pen
        last[t] = arg
        next_kill = _schedule_pruning(vals, kill, nc, F[t], t + min_size, big, next_kill)
    return _backtrack(last, n)


@njit(cache=True, nogil=True, error_model="numpy", fastmath={"contract"})
def _pelt_constant(
    P: np.ndarray, floor: float, pen: float, min_size: int
) -> np.ndarray:  # pragma: no cover - compiled
    return _pelt(P, floor, pen, min_size, 0)


@njit(cache=True, nogil=True, error_model="numpy", fastmath={"contract"})
def _pelt_linear(
    P: np.ndarray, floor: float, pen: float, min_size: int
) -> np.ndarray:  # pragma: no cover - compiled
    return _pelt(P, floor, pen, min_size, 1)


@njit(cache=True, nogil=True, error_model="numpy", fastmath={"contract"})
def _pelt_quadratic(
    P: np.ndarray, floor: float, pen: float, min_size: int
) -> np.ndarray:  # pragma: no cover - compiled
    return _pelt(P, floor, pen, min_size, 2)


def pelt_poly(P: np.ndarray, floor: float, pen: float, min_size: int, degree: int) -> np.ndarray:
    """Changepoints of the exact PELT optimum for polynomial segments of ``degree`` (0-2).

    Degree 0 is the Gaussian change in mean and variance (``"meanvar"``).

    Series of at most :data:`SMALL_MAX_N` points run :func:`_pelt_small`, one kernel for
    all degrees; longer ones the vectorised kernel specialised per degree (about 2-3x
    faster per pass, and compiled only when a long series first needs it). Both find
    the same exact optimum (tests compare them).

    ``P`` comes from :func:`poly_prefix`; the penalty is per changepoint on the
    ``sum(m log var)`` scale. Returns the start positions of segments 2, 3, ...
    """
    if degree not in (0, 1, 2):
        raise ValueError(f"degree: expected 0, 1 or 2, got {degree!r}")
    if P.shape[1] - 1 <= SMALL_MAX_N:
        return np.asarray(_pelt_small(P, float(floor), float(pen), int(min_size), int(degree)))
    if degree == 0:
        return np.asarray(_pelt_constant(P, floor, float(pen), int(min_size)))
    if degree == 1:
        return np.asarray(_pelt_linear(P, floor, float(pen), int(min_size)))
    return np.asarray(_pelt_quadratic(P, floor, float(pen), int(min_size)))
