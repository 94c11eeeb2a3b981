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
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

__all__ = ["QUADRATIC_MAX_N", "pelt_poly", "poly_costs", "poly_fit", "poly_prefix"]

#: Longest series on which the piecewise-quadratic model is fitted (see module doc).
QUADRATIC_MAX_N = 10_000_000


@njit(cache=True, nogil=True, inline="always")
def _two_sum(a: float, b: float) -> tuple[float, float]:  # pragma: no cover - compiled
    """``a + b`` and its exact rounding error (Knuth's TwoSum)."""
    s = a + b
    bp = s - a
    return s, (a - (s - bp)) + (b - bp)


@njit(cache=True, nogil=True)
def poly_prefix(x: np.ndarray, degree: int = 1) -> np.ndarray:  # pragma: no cover - compiled
    """Prefix sums for :func:`pelt_poly` and :func:`poly_costs` of ``degree``.

    Rows 0-2: cumsum of ``x``, ``x**2`` and ``t x``. For ``degree=2`` also ``t**2 x``
    (row 3) and the rounding errors of rows 0, 2 and 3 accumulated separately (rows
    4-6, compensated summation), so that their differences over short segments stay
    accurate on long series.
    """
    n = x.shape[0]
    P = np.zeros((7 if degree == 2 else 3, n + 1))
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
        P[1, t + 1] = b
        if degree == 2:
            a, err = _two_sum(a, v)
            ea += err
            c, err = _two_sum(c, t * v)
            ec += err
            d, err = _two_sum(d, (t * t) * v)
            ed += err
            P[3, t + 1] = d
            P[4, t + 1] = ea
            P[5, t + 1] = ec
            P[6, t + 1] = ed
        else:
            a += v
            c += t * v
        P[0, t + 1] = a
        P[2, t + 1] = c
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


@njit(cache=True, nogil=True, inline="always")
def _cost(P: np.ndarray, floor: float, s: int, e: int, degree: int) -> float:  # pragma: no cover
    """``m log(RSS / m)`` of a least-squares polynomial of ``degree`` on ``[s, e)``."""
    return (e - s) * math.log(_var2(P, e, P, s, s, e, floor, degree))


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


@njit(cache=True, nogil=True)
def poly_costs(
    P: np.ndarray, floor: float, degree: int, starts: np.ndarray, ends: np.ndarray
) -> np.ndarray:  # pragma: no cover - compiled
    """Costs of the segments ``[starts[i], ends[i])``."""
    out = np.empty(starts.shape[0])
    for i in range(starts.shape[0]):
        out[i] = _cost(P, floor, starts[i], ends[i], degree)
    return out


@njit(cache=True, nogil=True)
def poly_fit(x: np.ndarray, edges: np.ndarray, degree: int) -> np.ndarray:  # pragma: no cover
    """Least-squares polynomial of ``degree`` (at most ``m - 1``) on each segment.

    Segment ``j`` is ``x[edges[j]:edges[j + 1]]``. Fitted directly on the values (not
    from prefix sums) in the orthogonal basis ``1``, ``u``, ``u**2 - mean(u**2)``, so
    each coefficient is one sum: the residuals the default pipeline takes its AR(1)
    estimate from, without a per-segment ``polyfit`` call.
    """
    out = np.empty(x.shape[0])
    for j in range(edges.shape[0] - 1):
        s = edges[j]
        e = edges[j + 1]
        m = e - s
        if m <= 0:
            continue
        tbar = 0.5 * (m - 1)
        suu = m * (m * m - 1.0) / 12.0
        sqq = m * (m * m - 1.0) * (m * m - 4.0) / 180.0
        mean = 0.0
        sxu = 0.0
        sxq = 0.0
        for k in range(m):
            v = x[s + k]
            u = k - tbar
            mean += v
            sxu += v * u
            sxq += v * (u * u - suu / m)
        mean /= m
        b1 = sxu / suu if degree >= 1 and suu > 0 else 0.0
        b2 = sxq / sqq if degree >= 2 and sqq > 0 else 0.0
        for k in range(m):
            u = k - tbar
            out[s + k] = mean + b1 * u + b2 * (u * u - suu / m)
    return out


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
        thresh = F[t]
        for i in range(nc):
            if vals[i] > thresh and kill[i] == big:
                kill[i] = t + min_size
                if t + min_size < next_kill:
                    next_kill = t + min_size
    out = np.empty(n, dtype=np.int64)
    k = 0
    t = n
    while t > 0 and last[t] > 0:
        out[k] = last[t]
        k += 1
        t = last[t]
    return out[:k][::-1].copy()


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

    ``P`` comes from :func:`poly_prefix`; the penalty is per changepoint on the
    ``sum(m log var)`` scale. Returns the start positions of segments 2, 3, ...
    """
    if degree == 0:
        return np.asarray(_pelt_constant(P, floor, float(pen), int(min_size)))
    if degree == 1:
        return np.asarray(_pelt_linear(P, floor, float(pen), int(min_size)))
    if degree == 2:
        return np.asarray(_pelt_quadratic(P, floor, float(pen), int(min_size)))
    raise ValueError(f"degree: expected 0, 1 or 2, got {degree!r}")
