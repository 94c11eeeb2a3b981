"""The default segmentation pipeline behind ``changepoints(x)``.

:mod:`.defaults` explains the choices and the measurements. For a series of ``n``
non-missing observations, every candidate model is fitted by exact PELT and scored by
one penalised Gaussian criterion; the lowest wins:

1. **AR(1) noise.** Series of at most :data:`JOINT_MAX_N` points: the noise is
   modelled. For each ``phi`` of a grid (0 to 0.95 by 0.05) the series is
   pre-whitened (``x[t] - phi x[t-1]``, :func:`~.ar1.whiten`) and segmented by PELT
   with the plain MBIC penalty; the ``phi`` whose optimum has the lowest criterion
   wins (a joint maximum of the penalised likelihood over ``phi`` and the
   segmentation; level shifts are scored by their exact AR(1) likelihood,
   :func:`~.ar1.level_costs`, and every segment is charged the small-sample excess
   optimism of its fitted variance, :func:`~.penalties.aicc_excess`), is corrected
   for its small-sample bias
   (:func:`~.ar1.debias_phi`) and, when the correction raises it, the whitened series is segmented again at the
   corrected value. Longer series: **two-stage estimate**. Stage 1 runs PELT with the
   plain MBIC penalty. The lag-1 autocorrelation ``phi`` of the within-segment
   standardised residuals is pooled over segments, bias-corrected
   (:func:`~.ar1.within_phi`) and clipped to ``[0, 0.9]``; stage 2 re-runs PELT with
   the penalty multiplied by the AR(1) long-run variance factor
   ``(1 + phi) / (1 - phi)``. When that ``phi`` is at least :data:`CONFIRM_MIN_PHI`
   and changes were found, they are kept only if an AR(1) likelihood with ``phi``
   profiled over :data:`CONFIRM_PHI_GRID` prefers a change (the changes found, or the
   best single level shift) to none, with the plain MBIC charges: stage 1 over-segments
   near-unit-root noise and under-estimates its ``phi``.
2. **Segment models.** Piecewise-constant mean and variance (``"meanvar"``) and
   piecewise-linear trend with a variance per segment (reported as ``"linear"``); when
   the linear model wins, a forward step also fits piecewise-quadratic trends
   (``"quadratic"``), so that a smoothly accelerating or decelerating trend is one
   curved segment rather than a chain of lines. All costs are ``sum(m_j log(var_j))``
   -- minus twice the Gaussian log-likelihood up to the same constant -- so they are
   directly comparable.
3. **Seasonality.** When the series minus its centred moving average over a candidate
   period shows a fixed seasonal profile (per-phase medians that lower ``m log(RSS)``
   by more than their inflated BIC charge ``(1 + phi) / (1 - phi) * (period - 1) *
   log(m)``), the models are also fitted to the seasonally adjusted series (the
   quadratic one on the same series as the winning linear fit).
4. **Criterion.** ``sum(m_j log(var_j)) + c * (K * (p + 2) log(n) + p log(n))`` plus, for
   a seasonal fit, ``c * (period - 1) * log(n)``, where ``K`` is the number of
   changepoints, ``p`` the parameters per segment (2 for meanvar, 3 for linear, 4 for
   quadratic; the MBIC charge ``(p + 2) log n`` per changepoint) and ``c`` the model's
   own ``(1 + phi) / (1 - phi)`` (two-stage) or 1 (joint: the variances ``var_j`` are
   those of the whitened series, whose noise is white; joint fits add
   ``sum(2 (q + 1) (q + 2) / (m_j - q - 2))``, ``q = p - 1`` regressors per segment,
   the AICc's exact excess over the large-sample charge).
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from ...errors import ValidationError
from ._poly import QUADRATIC_MAX_N, pelt_poly, poly_costs, poly_prefix
from .ar1 import (
    MAX_JOINT_PHI,
    PHI_GRID,
    debias_phi,
    level_costs,
    level_split_costs,
    whiten,
    within_phi,
)
from .costs import segment_fit
from .penalties import NoiseScale, aicc_excess, noise_scale
from .season import SEASONAL_PERIODS, seasonal_candidates, seasonal_profile

__all__ = [
    "CONFIRM_MIN_PHI",
    "CONFIRM_PHI_GRID",
    "JOINT_MAX_N",
    "MODELS",
    "SEASONAL_PERIODS",
    "SMALL_SAMPLE_CORRECTION",
    "AutoFit",
    "auto_segment",
    "seasonal_candidates",
    "within_phi",
]

#: Longest series whose AR(1) noise is estimated jointly with the segmentation; longer
#: ones use the two-stage estimate (see :mod:`.defaults`).
JOINT_MAX_N = 120
#: Two-stage fits with ``phi`` at least this large (penalty at least tripled) keep their
#: changes only if an AR(1) likelihood with ``phi`` profiled confirms a change
#: (:func:`_ar1_confirms`; see :mod:`.defaults`, "near-unit-root noise").
CONFIRM_MIN_PHI = 0.5
#: ``phi`` profiled by that confirmation: every other value of :data:`.PHI_GRID` and its
#: top (0, 0.1, ..., 0.9, 0.95). The profile likelihood is smooth in ``phi``; on the
#: near-unit-root benchmark and the 12 TCPD series this grid decides as the full one does,
#: at about half the cost on long series.
CONFIRM_PHI_GRID: np.ndarray = np.r_[PHI_GRID[::2], PHI_GRID[-1]]
#: Segment models compared (``"linear"``/``"quadratic"``: a line or a parabola and a
#: variance per segment). ``"quadratic"`` is a forward step: it is fitted only when the
#: linear model is the best so far (always, if ``"linear"`` is not among the models).
MODELS: tuple[str, ...] = ("meanvar", "linear", "quadratic")
#: Variance floor of both costs, as a fraction of the robust white-noise variance: a
#: short, nearly exact stretch cannot look infinitely likely.
VAR_FLOOR = 0.1
#: Joint fits (short series) charge each segment its small-sample excess optimism
#: (:func:`.aicc_excess`, the AICc of Hurvich and Tsai); see :mod:`.defaults`.
SMALL_SAMPLE_CORRECTION = True
_PARAMS = {"meanvar": 2, "linear": 3, "quadratic": 4}  # per segment, variance included
_MIN_SIZE = {"meanvar": 2, "linear": 4, "quadratic": 5}
_DEGREE = {"meanvar": 0, "linear": 1, "quadratic": 2}  # of the polynomial per segment


@dataclass(frozen=True)
class AutoFit:
    """Outcome of :func:`auto_segment`.

    Attributes
    ----------
    indices : numpy.ndarray
        Changepoint positions in the input array.
    cost : str
        Segment model chosen: ``"meanvar"``, ``"linear"`` or ``"quadratic"``.
    penalty : float
        Penalty per changepoint of the final PELT run, on the ``sum(m log var)`` scale.
    phi : float
        AR(1) estimate of the chosen fit.
    period : int or None
        Seasonal period removed before detection, if any.
    adjusted : numpy.ndarray
        The series the chosen fit ran on (the input minus the seasonal profile).
    strength : numpy.ndarray
        Decrease of ``sum(m log var)`` obtained by each changepoint given its neighbours.
    var_floor : float
        Variance floor used by the costs.
    criteria : dict
        Criterion of every fit tried, keyed ``"meanvar"``, ``"linear"``,
        ``"meanvar+season12"``... (lower is better).
    estimate : str
        How ``phi`` was found: ``"joint"`` (short series) or ``"two-stage"``.

    Examples
    --------
    >>> import numpy as np
    >>> fit = auto_segment(np.r_[np.zeros(60), np.full(60, 5.0)] + np.tile([0.5, -0.5], 60))
    >>> fit.indices.tolist(), fit.cost, fit.period
    ([60], 'meanvar', None)
    """

    indices: np.ndarray
    cost: str
    penalty: float
    phi: float
    period: int | None
    adjusted: np.ndarray
    strength: np.ndarray
    var_floor: float
    criteria: dict[str, float] = field(default_factory=dict)
    estimate: str = "two-stage"

    @property
    def noise(self) -> NoiseScale:
        """Residual AR(1) summary of the chosen fit (sd of the adjusted residuals)."""
        resid = self.adjusted - segment_fit(self.adjusted, self.cost, self.indices)
        return NoiseScale(float(np.std(resid)), self.phi, _inflation(self.phi))


def _inflation(phi: float) -> float:
    return (1.0 + phi) / (1.0 - phi)


class _Model:
    """PELT on one segment model of one series, with criterion evaluation."""

    def __init__(self, z: np.ndarray, cost: str, min_size: int, floor: float) -> None:
        self.z, self.cost, self.min_size, self.floor = z, cost, min_size, floor
        self.degree = _DEGREE[cost]
        self.P = poly_prefix(np.ascontiguousarray(z - z.mean()), self.degree)

    def predict(self, pen: float) -> np.ndarray:
        if self.z.size < 2 * self.min_size:
            return np.zeros(0, dtype=np.int64)
        return pelt_poly(self.P, self.floor, pen, self.min_size, self.degree)

    def costs(self, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
        return poly_costs(self.P, self.floor, self.degree, starts, ends)

    def cost_of(self, idx: np.ndarray) -> float:
        """Total cost of the segmentation with changepoints ``idx``."""
        edges = np.r_[0, idx, self.z.size].astype(np.int64)
        return float(self.costs(edges[:-1], edges[1:]).sum())

    def best_split(self) -> np.ndarray:
        """The best segmentation with exactly one changepoint (empty if none fits)."""
        n, m = self.z.size, self.min_size
        at = np.arange(m, n - m + 1, dtype=np.int64)
        if at.size == 0:
            return np.zeros(0, dtype=np.int64)
        total = self.costs(np.zeros_like(at), at) + self.costs(at, np.full_like(at, n))
        return at[np.argmin(total) : np.argmin(total) + 1]

    def repenalise(self, idx: np.ndarray, pen: float) -> np.ndarray:
        """The optimum at ``pen`` given the optimum ``idx`` at a smaller penalty.

        A larger penalty never gives more changepoints, and an optimal segmentation with
        ``k`` changepoints is the best of all with ``k``. So when ``idx`` has at most two,
        the optimum at ``pen`` is the cheapest of: ``idx``, the best single split and no
        split -- found in O(n) instead of a second PELT pass (about two in three
        second stages on daily series). With more, PELT runs again.
        """
        if idx.size > 2:
            return self.predict(pen)
        options = [np.zeros(0, dtype=np.int64)]
        if idx.size == 2:
            options.append(self.best_split())
        options.append(idx)
        scores = [self.cost_of(o) + pen * o.size for o in options]
        return options[int(np.argmin(scores))]  # ties: the fewest changepoints

    def resid(self, idx: np.ndarray) -> np.ndarray:
        return self.z - segment_fit(self.z, self.cost, idx)

    def strengths(self, idx: np.ndarray) -> np.ndarray:
        if idx.size == 0:
            return np.zeros(0)
        edges = np.r_[0, idx, self.z.size].astype(np.int64)
        merged = self.costs(edges[:-2], edges[2:])
        return merged - self.costs(edges[:-2], edges[1:-1]) - self.costs(edges[1:-1], edges[2:])

    def criterion(self, idx: np.ndarray, phi: float) -> float:
        n = self.z.size
        edges = np.r_[0, idx, n].astype(np.int64)
        p = _PARAMS[self.cost]
        charge = (idx.size * (p + 2) + p) * math.log(n)
        return float(self.costs(edges[:-1], edges[1:]).sum()) + _inflation(phi) * charge


def _two_stage(model: _Model, scale: float = 1.0) -> tuple[np.ndarray, float, float]:
    """Stage 1 (plain MBIC), AR(1) estimate, stage 2 (inflated): (indices, penalty, phi)."""
    base = scale * (_PARAMS[model.cost] + 2) * math.log(max(model.z.size, 2))
    idx = model.predict(base)
    phi = within_phi(model.resid(idx), idx, model.degree + 1)
    pen = base * _inflation(phi)
    if idx.size and phi > 0:  # a larger penalty never adds changepoints
        idx = model.repenalise(idx, pen)
    return idx, pen, phi


def _whitened(model: _Model, phi: float) -> _Model:
    w = whiten(model.z, phi)
    sd = noise_scale(w, max_phi=0.0).sd
    floor = VAR_FLOOR * sd * sd if sd > 0 else model.floor
    return _Model(w, model.cost, model.min_size, floor)


def _excess(model: _Model, sizes: np.ndarray) -> float:
    """Small-sample excess optimism of segments of these sizes (:func:`.aicc_excess`)."""
    if not SMALL_SAMPLE_CORRECTION:
        return 0.0
    return float(np.sum(aicc_excess(sizes, model.degree + 1)))


@functools.lru_cache(maxsize=512)
def _split_excess(size: int, min_size: int, q: int) -> np.ndarray:
    """Excess of the two segments of every single split (the same for every ``phi``)."""
    at = np.arange(min_size, size - min_size + 1, dtype=np.float64)
    out = aicc_excess(at, q) + aicc_excess(size - at, q)
    out.flags.writeable = False
    return out


def _choose(
    model: _Model, wm: _Model, idx: np.ndarray, phi: float, pen: float, first: float
) -> tuple[float, _Model, np.ndarray, float]:
    """The joint fit at ``phi``: no change, the best single change or PELT's changes.

    Each option is scored by its cost, its small-sample excess optimism per segment
    (:func:`_excess`; additive, but PELT's kernel takes no per-segment term, so PELT
    proposes on the plain cost and the corrected criterion chooses), the MBIC charges
    and ``first``. The best single change is exact: every position is scored (for the
    polynomial models only when PELT found a change; otherwise no change wins). Level
    shifts are scored by their exact AR(1) likelihood: whitening a shift leaves a
    transition point ``mu2 - phi mu1`` at the change that the piecewise-constant cost
    of the whitened series fits with the new segment's mean; :func:`~.ar1.level_costs`
    fits the means on the input's scale instead, so the transition point counts for
    the step (and pins its location). That cost is not additive over segments either.
    """
    m, size = wm.min_size, wm.z.size
    at = np.arange(m, size - m + 1, dtype=np.int64)
    none = np.zeros(0, dtype=np.int64)
    options = [none]  # no change: the same cost either way
    scores = [wm.cost_of(none) + _excess(model, np.array([size])) + first]
    # a polynomial model's single split has PELT's own cost: when PELT found no change,
    # none beats every split on the plain cost, and the excess of two segments exceeds
    # that of one, so the scan can be skipped
    if at.size and (model.degree == 0 or idx.size):
        if model.degree == 0:
            split = level_split_costs(model.z, phi, at, wm.floor)
        else:
            split = wm.costs(np.zeros_like(at), at) + wm.costs(at, np.full_like(at, size))
        if SMALL_SAMPLE_CORRECTION:
            split = split + _split_excess(size, m, model.degree + 1)
        k = int(np.argmin(split))
        if np.isfinite(split[k]):
            options.append(at[k : k + 1])
            scores.append(float(split[k]) + pen + first)
    if idx.size > 1:
        cost = level_costs(model.z, phi, idx, wm.floor) if model.degree == 0 else wm.cost_of(idx)
        sizes = np.diff(np.r_[0, idx, size])
        options.append(idx)
        scores.append(cost + _excess(model, sizes) + pen * idx.size + first)
    best = int(np.argmin(scores))  # ties: the fewest changepoints
    return scores[best], wm, options[best], phi


def _level_strengths(z: np.ndarray, phi: float, idx: np.ndarray, floor: float) -> np.ndarray:
    """Exact-cost increase when each changepoint (whitened ``idx``) alone is removed."""
    base = level_costs(z, phi, idx, floor)
    return np.array([level_costs(z, phi, np.delete(idx, i), floor) - base for i in range(idx.size)])


def _ar1_confirms(model: _Model, idx: np.ndarray) -> bool:
    """Whether changes beat no change under AR(1) noise with ``phi`` profiled.

    For each ``phi`` of :data:`CONFIRM_PHI_GRID` the series is whitened and scored with the plain MBIC
    charges (O(n) each, no search): without a change in the model's own segment model;
    with the changes ``idx``; and with the best single level shift scored exactly
    (:func:`~.ar1.level_split_costs`). The changes are confirmed when the best criterion
    with a change is below the best without.
    """
    n = model.z.size - 1
    logn = math.log(max(n, 2))
    own = _PARAMS[model.cost] * logn
    pen = (_PARAMS[model.cost] + 2) * logn
    level = (2 * _PARAMS["meanvar"] + 2) * logn  # two levels, two variances, one change
    widx = np.asarray(idx, dtype=np.int64) - 1
    widx = widx[(widx >= 1) & (widx < n)]
    with_cps, without = math.inf, math.inf
    for phi in CONFIRM_PHI_GRID:
        wm = _whitened(model, float(phi))
        at = np.arange(wm.min_size, n - wm.min_size + 1, dtype=np.int64)
        if at.size:
            single = float(level_split_costs(model.z, float(phi), at, wm.floor).min())
            with_cps = min(with_cps, single + level)
        with_cps = min(with_cps, wm.cost_of(widx) + pen * widx.size + own)
        without = min(without, wm.cost_of(np.zeros(0, dtype=np.int64)) + own)
    return with_cps < without


def _joint(model: _Model, scale: float = 1.0) -> tuple[float, _Model, np.ndarray, float, float]:
    """Joint fit of ``phi`` and the segmentation on the pre-whitened series.

    Returns (criterion, whitened model, indices in the whitened series, penalty, phi).
    Indices ``j`` of the whitened series are position ``j + 1`` of the input.
    """
    n = model.z.size - 1
    pen = scale * (_PARAMS[model.cost] + 2) * math.log(max(n, 2))
    # the PELT objective plus the charge of the first segment's parameters: at
    # penalty_scale 1 exactly the criterion of the two-stage fits (with c = 1)
    first = _PARAMS[model.cost] * math.log(max(n, 2))

    def fit(phi: float) -> tuple[float, _Model, np.ndarray, float]:
        wm = _whitened(model, phi)
        return _choose(model, wm, wm.predict(pen), phi, pen, first)

    best = min((fit(float(phi)) for phi in PHI_GRID), key=lambda f: f[0])
    crit, wm, idx, phi = best
    fixed = debias_phi(phi, n, idx.size + 1, model.degree + 1, MAX_JOINT_PHI)
    if fixed > phi:  # the maximum-likelihood phi is biased low on short series
        crit, wm, idx, phi = fit(fixed)
    return crit, wm, idx, pen, phi


def auto_segment(
    x: np.ndarray,
    *,
    min_size: int | None = None,
    periods: tuple[int, ...] | None = None,
    models: tuple[str, ...] = MODELS,
    penalty_scale: float = 1.0,
    estimate: Literal["auto", "joint", "two-stage"] = "auto",
) -> AutoFit:
    """Run the default pipeline on a finite 1-D array (see the module docstring).

    Parameters
    ----------
    x
        Finite values (missing values already dropped), at least 4 of them.
    min_size
        Minimum segment length; default ``ceil(log n)``, at least 2 for meanvar, 4
        for linear and 5 for quadratic (2, 3 and 4 parameters per segment).
    periods
        Seasonal periods to test; default :data:`SEASONAL_PERIODS` (those with at least
        three full cycles). ``()`` skips the seasonal step.
    models
        Segment models compared, a subset of :data:`MODELS`.
    penalty_scale
        Multiplies the MBIC penalty of the segmentations (for sensitivity analyses; the
        criterion comparing the fits is left unchanged).
    estimate
        AR(1) estimate: ``"joint"`` with the segmentation, ``"two-stage"``, or
        ``"auto"`` (joint up to :data:`JOINT_MAX_N` points, two-stage beyond).

    Returns
    -------
    AutoFit

    Examples
    --------
    A change of slope is found by the piecewise-linear model:

    >>> import numpy as np
    >>> rng = np.random.default_rng(1)
    >>> t = np.arange(200.0)
    >>> x = np.where(t < 120, 0.05 * t, 6.0 - 0.1 * (t - 120)) + rng.normal(0, 0.3, 200)
    >>> fit = auto_segment(x)
    >>> fit.cost, [abs(i - 120) <= 5 for i in fit.indices.tolist()]
    ('linear', [True])
    """
    z = np.asarray(x, dtype=np.float64)
    n = z.size
    if periods is None:
        periods = tuple(p for p in SEASONAL_PERIODS if n >= 3 * p)
    white = noise_scale(z, max_phi=0.0).sd if n >= 4 else float(np.std(z))
    floor = VAR_FLOOR * white * white
    if floor <= 0:
        floor = 1e-12 * max(float(np.var(z)), 1e-300)
    logn = math.ceil(math.log(max(n, 2)))

    def size_for(cost: str) -> int:
        return max(_MIN_SIZE[cost], logn if min_size is None else min_size)

    if estimate == "auto":
        estimate = "joint" if n <= JOINT_MAX_N else "two-stage"
    if estimate not in ("joint", "two-stage"):
        raise ValidationError(
            f"estimate: expected 'auto', 'joint' or 'two-stage', got {estimate!r}"
        )
    # label -> (criterion, model, indices, penalty, phi, period, strengths)
    fits: dict[str, tuple[float, _Model, np.ndarray, float, float, int | None, np.ndarray]] = {}

    def add(label: str, model: _Model, period: int | None) -> None:
        if estimate == "joint":
            crit, wm, widx, pen, phi = _joint(model, penalty_scale)
            idx, charge = widx + 1, 1.0
            strength = (
                _level_strengths(model.z, phi, widx, wm.floor)
                if model.degree == 0
                else wm.strengths(widx)
            )
        else:
            idx, pen, phi = _two_stage(model, penalty_scale)
            crit, strength, charge = (
                model.criterion(idx, phi),
                model.strengths(idx),
                _inflation(phi),
            )
        if period is not None:
            crit += charge * (period - 1) * math.log(n)
        fits[label] = (crit, model, idx, pen, phi, period, strength)

    def make(series: np.ndarray, cost: str) -> _Model:
        return _Model(series, cost, size_for(cost), floor)

    period, season = seasonal_profile(z, periods) if periods else (None, z)
    first = [c for c in models if c != "quadratic"]
    if period is not None:
        adjusted = z - season
        for cost in first:
            add(f"{cost}+season{period}", make(adjusted, cost), period)
    for cost in first:
        add(cost, make(z, cost), None)
    label = min(fits, key=lambda k: fits[k][0]) if fits else ""
    if "quadratic" in models and (
        not fits
        or (n <= QUADRATIC_MAX_N and ("linear" not in models or fits[label][1].cost == "linear"))
    ):
        # forward step: a curved trend is tried only where a straight one beat a level
        base, season_p = (
            (z, None) if not fits or fits[label][5] is None else (fits[label][1].z, period)
        )
        suffix = "" if season_p is None else f"+season{season_p}"
        add(f"quadratic{suffix}", make(base, "quadratic"), season_p)
        label = min(fits, key=lambda k: fits[k][0])
    _, model, idx, pen, phi, period, strength = fits[label]
    if estimate == "two-stage" and idx.size and phi >= CONFIRM_MIN_PHI:
        if not _ar1_confirms(model, idx):  # near-unit-root noise, not a change
            idx, strength = idx[:0], strength[:0]
    return AutoFit(
        indices=idx,
        cost=model.cost,
        penalty=pen,
        phi=phi,
        period=period,
        adjusted=model.z,
        strength=strength,
        var_floor=floor,
        criteria={k: v[0] for k, v in fits.items()},
        estimate=estimate,
    )
