"""AR(1) noise model for trend tests: bias-corrected ``phi`` and the Mann–Kendall variance.

The default trend test (:data:`~warindicators.analysis.trend.DEFAULT_METHOD_DESCRIPTION`)
corrects the variance of the Mann–Kendall ``S`` for first-order autocorrelation of the
noise, estimated from the series itself:

1. ``phi``: the lag-1 autocorrelation ``r₁`` of the residuals from the least-squares
   line (:func:`detrended`), corrected for its first-order small-sample bias ``E r₁ ≈ phi
   - (2 + 4 phi) / n``: ``phi = (n r₁ + 2) / (n - 4)``. This is the analogue, for a fitted
   line, of Kendall's (1954) ``-(1 + 3 phi) / n`` for a fitted mean. Uncorrected, short
   series underestimate ``phi`` badly (0.31 on average for a true 0.5 at ``n = 24``;
   corrected 0.47), which is what makes uncorrected tests too liberal. Kendall's
   mean-only correction (0.40 on average) gives a false-alarm rate of 9.4 % at ``n = 24``
   (``phi = 0.5``) where this one gives 7.7 %, for a detection rate of 69 % against 62 %
   (20 000 simulated series each).
2. The variance inflation ``Var S / Var₀ S`` of a Gaussian AR(1) process with that
   ``phi``, by the formula of Hamed & Rao (1998) with the model's rank autocorrelations
   ``ρ_k = (6/π) arcsin(phi^k / 2)`` instead of the sample ones. It is within 1 % of the
   exact variance (the arcsine law summed over all pairs of pairs, O(n⁴)) for ``phi`` up
   to 0.5 and within 2 % at 0.8, for n from 12 to 60.

Residuals from the Theil–Sen line give the same false-alarm and detection rates to three
digits on the simulated families; the least-squares line lets the correction, and with it
the ranks of the slope interval, be known before the one selection of pairwise slopes.

Negative estimates are set to 0 (the variance is never deflated below that of white
noise) and estimates are capped at :data:`PHI_MAX`. The functions are vectorised over rows
and public, so that other analyses of the same series can share the noise estimate.
"""

from __future__ import annotations

import numpy as np

__all__ = ["PHI_MAX", "ar1_phi", "ar1_variance_factor", "detrended"]

#: Largest ``phi`` used for the variance (a near-unit root gives a very wide variance).
PHI_MAX = 0.99


def detrended(t: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Residuals of every row from its least-squares line in ``t`` (NaNs stay NaN).

    Examples
    --------
    >>> detrended(np.arange(4.0), np.array([[1.0, 3.0, 5.0, 7.0], [0.0, 1.0, np.nan, 0.0]]))
    array([[ 0.        ,  0.        ,  0.        ,  0.        ],
           [-0.42857143,  0.64285714,         nan, -0.21428571]])
    """
    v = np.atleast_2d(np.asarray(values, dtype=np.float64))
    t = np.asarray(t, dtype=np.float64)
    w = ~np.isnan(v)
    m = w.sum(axis=1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        tt = np.where(w, t, 0.0)
        t_mean = tt.sum(axis=1, keepdims=True) / m
        x_mean = np.where(w, v, 0.0).sum(axis=1, keepdims=True) / m
        tc = np.where(w, t - t_mean, 0.0)
        xc = np.where(w, v - x_mean, 0.0)
        slope = (tc * xc).sum(axis=1, keepdims=True) / (tc * tc).sum(axis=1, keepdims=True)
        slope = np.nan_to_num(slope, nan=0.0, posinf=0.0, neginf=0.0)
        return np.where(w, xc - slope * tc, np.nan)


def ar1_phi(residuals: np.ndarray) -> np.ndarray:
    """Bias-corrected lag-1 autocorrelation of every row: ``(m r₁ + 2) / (m - 4)``.

    Parameters
    ----------
    residuals
        Shape ``(rows, n)`` (or ``(n,)``), residuals in time order; NaNs (missing
        observations) are dropped first, so consecutive observations form the lag-1 pairs,
        as for a series given without its gaps.

    Returns
    -------
    numpy.ndarray
        ``(m r₁ + 2) / (m - 4)`` per row, ``m`` the number of observed values and ``r₁ =
        Σ e_t e_{t+1} / Σ e_t²`` of the centred residuals (of a fitted line); NaN for
        rows with fewer than 5 values or no variation. Not clipped.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> e = np.zeros(2000)
    >>> for k in range(1, 2000):
    ...     e[k] = 0.6 * e[k - 1] + rng.normal()
    >>> round(float(ar1_phi(e)[0]), 2)
    0.6
    """
    e = np.atleast_2d(np.asarray(residuals, dtype=np.float64))
    gaps = np.isnan(e).any(axis=1)
    if gaps.any():
        phi = np.empty(e.shape[0])
        phi[~gaps] = ar1_phi(e[~gaps])
        for r in np.flatnonzero(gaps):
            row = e[r][~np.isnan(e[r])]
            phi[r] = ar1_phi(row)[0] if row.size else np.nan
        return phi
    m = e.shape[1]
    with np.errstate(invalid="ignore", divide="ignore"):
        c = e - e.mean(axis=1, keepdims=True)
        num = np.sum(c[:, 1:] * c[:, :-1], axis=1)
        den = np.sum(c * c, axis=1)
        r1 = num / den
        phi = (m * r1 + 2.0) / (m - 4.0)
    phi[~(den > 0)] = np.nan
    if m < 5:
        phi[:] = np.nan
    return phi


def ar1_variance_factor(phi: np.ndarray, n: np.ndarray) -> np.ndarray:
    """``Var S / Var₀ S`` of the Mann–Kendall ``S`` for AR(1) noise with parameter ``phi``.

    Hamed & Rao (1998) ``n/n* = 1 + 2 / (n (n-1) (n-2)) Σ_k (n-k)(n-k-1)(n-k-2) ρ_k`` with
    the Gaussian AR(1) rank autocorrelation ``ρ_k = (6/π) arcsin(phi^k / 2)``. ``phi`` is
    clipped to ``[0, PHI_MAX]``; NaN counts as 0 (factor 1).

    Parameters
    ----------
    phi
        AR(1) parameters, one per row.
    n
        Number of observations of each row (same shape as ``phi``).

    Examples
    --------
    >>> ar1_variance_factor(np.array([0.0, 0.5]), np.array([24, 24])).round(3).tolist()
    [1.0, 2.482]
    """
    phi = np.clip(np.nan_to_num(np.asarray(phi, dtype=np.float64), nan=0.0), 0.0, PHI_MAX)
    n = np.asarray(n, dtype=np.int64)
    phi, n = np.broadcast_arrays(phi, n)
    out = np.ones(phi.shape, dtype=np.float64)
    if out.size == 0:
        return out
    k = np.arange(1, max(int(n.max()), 3), dtype=np.float64)
    for value in np.unique(n):
        rows = (n == value) & (phi > 0)
        if value < 3 or not rows.any():
            continue
        kk = k[: value - 1]
        w = (value - kk) * (value - kk - 1) * (value - kk - 2)
        rho = (6.0 / np.pi) * np.arcsin(np.power.outer(phi[rows], kk) / 2.0)
        out[rows] = 1.0 + 2.0 / (value * (value - 1.0) * (value - 2.0)) * (rho @ w)
    return out
