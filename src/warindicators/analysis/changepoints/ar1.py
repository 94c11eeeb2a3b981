"""AR(1) noise around a piecewise signal: bias-corrected estimates and pre-whitening.

Two estimates of the lag-1 autocorrelation ``phi`` of the noise share one small-sample
correction (:func:`debias_phi`):

* :func:`within_phi`, the pooled lag-1 autocorrelation of the residuals of a given
  segmentation (the two-stage estimate of long series, see :mod:`.auto`);
* the joint estimate of short series: the ``phi`` on a grid that, together with its
  optimal segmentation, maximises the penalised Gaussian likelihood of the
  pre-whitened series ``x[t] - phi x[t-1]`` (:func:`whiten`), then corrected.

Both are free of the segmentation's mean, line or parabola, so they can be shared by
any analysis that fits a deterministic signal per segment and needs the AR(1) noise
left over (a trend verdict on a short series, for example).

Level shifts in AR(1) noise are scored exactly by :func:`level_costs` (and, for one
change at every position, in O(n) by :func:`level_split_costs`): whitening a shift
leaves a transition point ``mu2 - phi mu1`` that a piecewise-constant cost of the
whitened series would fit with the new segment's mean.
"""

from __future__ import annotations

import itertools

import numpy as np

__all__ = [
    "MAX_JOINT_PHI",
    "PHI_GRID",
    "debias_phi",
    "level_costs",
    "level_split_costs",
    "whiten",
    "within_phi",
]

#: Largest ``phi`` of the joint estimate (the two-stage estimate stops at 0.9).
MAX_JOINT_PHI = 0.95
#: Grid of ``phi`` searched by the joint estimate.
PHI_GRID: np.ndarray = np.round(np.arange(0.0, MAX_JOINT_PHI + 1e-9, 0.05), 2)


def debias_phi(r: float, n: int, k: int, q: int, cap: float) -> float:
    """Correct a lag-1 autocorrelation ``r`` of residuals for fitting ``k`` segments.

    The sample lag-1 autocorrelation of residuals from ``q`` fitted regressors per
    segment (``q = 1``: a mean; ``q = 2``: a line; ``q = 3``: a parabola) over ``m``
    points is biased by about ``-(q + (2 q + 2) phi) / m`` (``-(1 + 4 phi) / m`` for a
    mean, the classical result; both forms agree with simulation to about 10 %). Summed
    over ``k`` segments of ``n`` points in all, ``r = phi - (q k + (2 q + 2) k phi) / n``
    is solved for ``phi``; the result is clipped to ``[0, cap]``.

    Examples
    --------
    >>> round(debias_phi(0.36, 30, 1, 1, 0.95), 3)
    0.454
    >>> debias_phi(-0.2, 500, 1, 1, 0.9)
    0.0
    """
    den = 1.0 - (2 * q + 2) * k / n
    phi = (r + q * k / n) / den if den > 0 else cap
    return float(min(max(phi, 0.0), cap))


def within_phi(resid: np.ndarray, bkps: np.ndarray, n_regressors: int = 1) -> float:
    """Bias-corrected pooled lag-1 autocorrelation of within-segment residuals.

    Each segment's residuals are standardised by their own standard deviation and lag-1
    products are pooled over segments, never across a changepoint; the pooled value is
    corrected by :func:`debias_phi` and clipped to ``[0, 0.9]``.

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> e = rng.normal(size=4000)
    >>> x = np.zeros_like(e)
    >>> for t in range(1, e.size):
    ...     x[t] = 0.6 * x[t - 1] + e[t]
    >>> round(within_phi(x - x.mean(), np.array([], dtype=int)), 1)
    0.6
    >>> within_phi(rng.normal(size=500), np.array([250]))  # white noise: clipped at 0
    0.0
    """
    from .penalties import MAX_PHI

    n = resid.size
    edges = np.r_[0, np.asarray(bkps, dtype=np.int64), n]
    num = 0.0
    den = 0.0
    for s, e in itertools.pairwise(edges):
        r = resid[s:e]
        sd = float(np.std(r)) if r.size >= 3 else 0.0
        if sd <= 0:
            continue
        z = r / sd
        num += float(np.dot(z[1:], z[:-1]))
        den += float(np.dot(z, z))
    if den <= 0:
        return 0.0
    return debias_phi(num / den, n, edges.size - 1, n_regressors, MAX_PHI)


def whiten(z: np.ndarray, phi: float) -> np.ndarray:
    """The AR(1) innovations ``z[t] - phi z[t-1]`` for ``t >= 1`` (one point shorter).

    A level ``mu`` becomes ``(1 - phi) mu``, a line stays a line and a parabola a
    parabola; a level shift at ``t`` becomes a shift plus one transition point. The
    map has unit Jacobian, so Gaussian likelihoods of the whitened series are the
    conditional likelihoods of ``z[1:]`` given ``z[0]`` and compare across ``phi``.

    Examples
    --------
    >>> import numpy as np
    >>> whiten(np.array([1.0, 2.0, 4.0]), 0.5)
    array([1.5, 3. ])
    """
    return np.ascontiguousarray(z[1:] - phi * z[:-1])


def _step_design(n: int, phi: float, idx: np.ndarray) -> np.ndarray:
    """Whitened design of piecewise-constant means, changes at whitened ``idx``."""
    seg = np.searchsorted(np.asarray(idx, dtype=np.int64) + 1, np.arange(n), side="right")
    onehot = (seg[:, None] == np.arange(idx.size + 1)[None, :]).astype(np.float64)
    return onehot[1:] - phi * onehot[:-1]


def level_costs(z: np.ndarray, phi: float, idx: np.ndarray, floor: float) -> float:
    """Exact AR(1) cost ``sum(m_j log(var_j))`` of level shifts at whitened ``idx``.

    The series is a constant per segment plus AR(1) noise; in the whitened series
    (:func:`whiten`) a change from ``mu1`` to ``mu2`` at input position ``t`` gives a
    transition point ``mu2 - phi mu1`` at whitened index ``t - 1``, then
    ``(1 - phi) mu2``. The levels are fitted by least squares on that design, and each
    whitened segment (starting at its transition point) gets its own variance, at least
    ``floor``: minus twice the conditional Gaussian log-likelihood up to a constant, on
    the scale of the piecewise costs of the whitened series.

    Examples
    --------
    >>> import numpy as np
    >>> z = np.r_[np.zeros(10), np.full(10, 4.0)] + np.tile([0.3, -0.3], 10)
    >>> exact = level_costs(z, 0.5, np.array([9]), 1e-6)
    >>> exact < level_costs(z, 0.5, np.array([8]), 1e-6)
    True
    """
    w = whiten(z - z.mean(), phi)
    X = _step_design(z.size, phi, idx)
    beta, *_ = np.linalg.lstsq(X, w, rcond=None)
    r = w - X @ beta
    edges = np.r_[0, np.asarray(idx, dtype=np.int64), w.size]
    total = 0.0
    for s, e in itertools.pairwise(edges):
        m = e - s
        total += m * np.log(max(float(np.dot(r[s:e], r[s:e])) / m, floor))
    return float(total)


def level_split_costs(z: np.ndarray, phi: float, at: np.ndarray, floor: float) -> np.ndarray:
    """:func:`level_costs` of one change at each whitened position of ``at``, in O(n).

    With one change at ``j`` the whitened design has two columns: the first level,
    ``1 - phi`` before ``j`` and ``-phi`` at ``j``; the second, ``1`` at ``j`` (the
    transition point) and ``1 - phi`` after. Their least-squares fit and the residual
    sums of squares on either side come from prefix sums of the whitened series.

    Examples
    --------
    >>> import numpy as np
    >>> z = np.r_[np.zeros(10), np.full(10, 4.0)] + np.tile([0.3, -0.3], 10)
    >>> at = np.arange(3, 17)
    >>> costs = level_split_costs(z, 0.5, at, 1e-6)
    >>> int(at[np.argmin(costs)])  # whitened index 9 is input position 10
    9
    >>> bool(np.isclose(costs[6], level_costs(z, 0.5, at[6:7], 1e-6)))
    True
    """
    w = whiten(z - z.mean(), phi)
    m = w.size
    j = np.asarray(at, dtype=np.int64)
    c = 1.0 - phi
    s1 = np.r_[0.0, np.cumsum(w)]
    s2 = np.r_[0.0, np.cumsum(w * w)]
    wj = w[j]
    before, after = s1[j], s1[-1] - s1[j + 1]
    saa = c * c * j + phi * phi
    sbb = 1.0 + c * c * (m - j - 1)
    sab = -phi
    saw = c * before - phi * wj
    sbw = wj + c * after
    det = saa * sbb - sab * sab
    ba = (sbb * saw - sab * sbw) / det
    bb = (saa * sbw - sab * saw) / det
    left = s2[j] - 2.0 * ba * c * before + j * (ba * c) ** 2
    right = s2[-1] - (ba * saw + bb * sbw) - left
    ml = j.astype(np.float64)
    mr = m - ml
    return np.asarray(
        ml * np.log(np.maximum(left / ml, floor)) + mr * np.log(np.maximum(right / mr, floor))
    )
