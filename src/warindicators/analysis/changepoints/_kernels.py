"""Numba kernels: segment costs on prefix sums, PELT, binary-segmentation splits, BOCPD.

All functions are compiled with ``@njit(cache=True, nogil=True)``; the first call in a fresh process
pays a JIT/cache-load cost (about a second), later calls run at C speed. Costs are
identified by integer codes (see :data:`COST_CODES`) so one compiled kernel serves all of
them.

A segment ``[s, e)`` covers observations ``s .. e-1``. The prefix array ``P`` has shape
``(3, n + 1)`` with rows ``cumsum(x)``, ``cumsum(x**2)`` and ``cumsum(t * x)`` (``t`` the
0-based position), each starting with 0.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

__all__ = [
    "COST_CODES",
    "best_split",
    "bocpd_extend",
    "bocpd_step",
    "pelt",
    "prefix_sums",
    "seg_cost",
    "seg_costs",
]

COST_CODES: dict[str, int] = {"mean": 0, "meanvar": 1, "poisson": 2, "linear": 3}


@njit(cache=True, nogil=True)
def prefix_sums(x: np.ndarray) -> np.ndarray:  # pragma: no cover - compiled
    """Rows: cumsum of x, x**2 and t*x, each with a leading 0."""
    n = x.shape[0]
    P = np.zeros((3, n + 1))
    a = 0.0
    b = 0.0
    c = 0.0
    for t in range(n):
        v = x[t]
        a += v
        b += v * v
        c += t * v
        P[0, t + 1] = a
        P[1, t + 1] = b
        P[2, t + 1] = c
    return P


@njit(cache=True, nogil=True, inline="always")
def seg_cost(P: np.ndarray, code: int, floor: float, s: int, e: int) -> float:  # pragma: no cover
    """Cost of segment ``[s, e)`` (twice the negative log-likelihood up to constants)."""
    m = e - s
    s1 = P[0, e] - P[0, s]
    if code == 2:  # poisson
        if s1 <= 0.0:
            return 0.0
        return -2.0 * (s1 * math.log(s1 / m) - s1)
    s2 = P[1, e] - P[1, s]
    sxx = s2 - s1 * s1 / m
    if sxx < 0.0:
        sxx = 0.0
    if code == 0:  # mean
        return sxx
    if code == 1:  # meanvar
        var = sxx / m
        if var < floor:
            var = floor
        return m * math.log(var)
    # linear: residual sum of squares of an OLS line within the segment
    tbar = 0.5 * (s + e - 1)
    stt = m * (m * m - 1.0) / 12.0
    if stt <= 0.0:
        return sxx
    sxt = (P[2, e] - P[2, s]) - tbar * s1
    rss = sxx - sxt * sxt / stt
    if rss < 0.0:
        rss = 0.0
    return rss


@njit(cache=True, nogil=True)
def seg_costs(
    P: np.ndarray, code: int, floor: float, starts: np.ndarray, ends: np.ndarray
) -> np.ndarray:  # pragma: no cover - compiled
    """Vectorised :func:`seg_cost` over arrays of segment bounds."""
    out = np.empty(starts.shape[0])
    for i in range(starts.shape[0]):
        out[i] = seg_cost(P, code, floor, starts[i], ends[i])
    return out


@njit(cache=True, nogil=True)
def pelt(
    P: np.ndarray, code: int, floor: float, pen: float, min_size: int
) -> tuple[np.ndarray, float]:  # pragma: no cover - compiled
    """Exact PELT (Killick et al. 2012) with a minimum segment length.

    Minimises ``sum(costs) + pen * n_changepoints``. Pruning respects ``min_size``: a
    candidate dominated at time ``t`` is only dropped from time ``t + min_size`` on, when
    ``t`` itself becomes an admissible last changepoint. Returns the changepoint
    positions (sorted) and the optimal penalised cost.
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
            v = F[tau] + seg_cost(P, code, floor, tau, t)
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
    # backtrack
    out = np.empty(n, dtype=np.int64)
    k = 0
    t = n
    while t > 0:
        tau = last[t]
        if tau <= 0:
            break
        out[k] = tau
        k += 1
        t = tau
    return out[:k][::-1].copy(), F[n]


@njit(cache=True, nogil=True)
def best_split(
    P: np.ndarray, code: int, floor: float, s: int, e: int, min_size: int
) -> tuple[int, float]:  # pragma: no cover - compiled
    """Best single split of ``[s, e)``: (position, cost reduction); (-1, 0) if none."""
    total = seg_cost(P, code, floor, s, e)
    best = -np.inf
    arg = -1
    for tau in range(s + min_size, e - min_size + 1):
        g = total - seg_cost(P, code, floor, s, tau) - seg_cost(P, code, floor, tau, e)
        if g > best:
            best = g
            arg = tau
    if arg < 0:
        return -1, 0.0
    return arg, best


@njit(cache=True, nogil=True, inline="always")
def _log_pred(model: int, x: float, p: np.ndarray, i: int) -> float:  # pragma: no cover
    if model == 0:  # Normal-Gamma -> Student-t predictive
        mu = p[i, 0]
        kappa = p[i, 1]
        alpha = p[i, 2]
        beta = p[i, 3]
        nu = 2.0 * alpha
        s2 = beta * (kappa + 1.0) / (alpha * kappa)
        z = (x - mu) * (x - mu) / (nu * s2)
        return (
            math.lgamma(0.5 * (nu + 1.0))
            - math.lgamma(0.5 * nu)
            - 0.5 * math.log(nu * math.pi * s2)
            - 0.5 * (nu + 1.0) * math.log1p(z)
        )
    # Poisson-Gamma -> negative binomial predictive
    a = p[i, 0]
    b = p[i, 1]
    return (
        math.lgamma(x + a)
        - math.lgamma(a)
        - math.lgamma(x + 1.0)
        + a * math.log(b / (b + 1.0))
        - x * math.log(b + 1.0)
    )


@njit(cache=True, nogil=True, inline="always")
def _update(
    model: int, x: float, src: np.ndarray, i: int, dst: np.ndarray, j: int
) -> None:  # pragma: no cover
    if model == 0:
        mu = src[i, 0]
        kappa = src[i, 1]
        dst[j, 0] = (kappa * mu + x) / (kappa + 1.0)
        dst[j, 1] = kappa + 1.0
        dst[j, 2] = src[i, 2] + 0.5
        dst[j, 3] = src[i, 3] + kappa * (x - mu) * (x - mu) / (2.0 * (kappa + 1.0))
    else:
        dst[j, 0] = src[i, 0] + x
        dst[j, 1] = src[i, 1] + 1.0
        dst[j, 2] = 0.0
        dst[j, 3] = 0.0


@njit(cache=True, nogil=True)
def bocpd_step(
    x: float,
    model: int,
    prior: np.ndarray,
    log_h: float,
    log_eps: float,
    rl: np.ndarray,
    logp: np.ndarray,
    params: np.ndarray,
    cnt: int,
    out_rl: np.ndarray,
    out_logp: np.ndarray,
    out_params: np.ndarray,
) -> tuple[int, float]:  # pragma: no cover - compiled
    """One Adams-MacKay update; returns (new hypothesis count, log predictive of x).

    Run length ``r`` after observing ``x`` means the current segment holds the last
    ``r`` observations, ``x`` included. Hypotheses are kept sorted by run length;
    those with posterior below ``exp(log_eps)`` are dropped (run-length truncation) and at
    most ``len(rl)`` are kept (the least probable go first).
    """
    log_1mh = math.log1p(-math.exp(log_h))
    pr = prior.reshape(1, 4)
    lp0 = _log_pred(model, x, pr, 0)
    # new segment starting at x
    out_rl[0] = 1
    out_logp[0] = log_h + lp0
    _update(model, x, pr, 0, out_params, 0)
    k = 1
    cap = out_rl.shape[0]
    for i in range(cnt):
        if k >= cap:
            break
        out_rl[k] = rl[i] + 1
        out_logp[k] = logp[i] + log_1mh + _log_pred(model, x, params, i)
        _update(model, x, params, i, out_params, k)
        k += 1
    if cnt == 0:
        out_logp[0] = lp0
    mx = -np.inf
    for i in range(k):
        if out_logp[i] > mx:
            mx = out_logp[i]
    tot = 0.0
    for i in range(k):
        tot += math.exp(out_logp[i] - mx)
    lse = mx + math.log(tot)
    j = 0
    for i in range(k):
        v = out_logp[i] - lse
        if v >= log_eps or i == 0:
            out_rl[j] = out_rl[i]
            out_logp[j] = v
            out_params[j, 0] = out_params[i, 0]
            out_params[j, 1] = out_params[i, 1]
            out_params[j, 2] = out_params[i, 2]
            out_params[j, 3] = out_params[i, 3]
            j += 1
    return j, lse


@njit(cache=True, nogil=True)
def bocpd_extend(
    xs: np.ndarray,
    t0: int,
    model: int,
    prior: np.ndarray,
    log_h: float,
    log_eps: float,
    lag: int,
    rl: np.ndarray,
    logp: np.ndarray,
    params: np.ndarray,
    cnt: int,
    prob: np.ndarray,
) -> int:  # pragma: no cover - compiled
    """Feed ``xs`` (global positions ``t0, t0+1, ...``) through BOCPD, updating the state.

    ``prob[c]`` receives ``P(r = lag | x[0..c+lag-1])``, the posterior probability that a
    segment starts at ``c``, read ``lag`` observations after ``c``. Returns the new
    hypothesis count; the state arrays are updated in place.
    """
    cap = rl.shape[0]
    rl_a = rl.copy()
    logp_a = logp.copy()
    par_a = params.copy()
    rl_b = np.zeros(cap, dtype=np.int64)
    logp_b = np.zeros(cap)
    par_b = np.zeros((cap, 4))
    for k in range(xs.shape[0]):
        cnt, _ = bocpd_step(
            xs[k], model, prior, log_h, log_eps, rl_a, logp_a, par_a, cnt, rl_b, logp_b, par_b
        )
        rl_a, rl_b = rl_b, rl_a
        logp_a, logp_b = logp_b, logp_a
        par_a, par_b = par_b, par_a
        c = t0 + k - lag + 1
        if c >= 0:
            prob[c] = 0.0
            for i in range(cnt):
                if rl_a[i] == lag:
                    prob[c] = math.exp(logp_a[i])
                    break
    rl[:] = rl_a
    logp[:] = logp_a
    params[:, :] = par_a
    return cnt
