"""Bayesian online changepoint detection (Adams & MacKay, 2007).

Constant hazard ``h`` (expected segment length ``1/h``), conjugate models:

``"gaussian"``
    Unknown mean and variance, Normal-Gamma prior, Student-t predictive. The data are
    standardised with a robust location and noise scale (see
    :func:`~.penalties.noise_scale`) so the default prior fits any units.
``"poisson"``
    Counts, Gamma prior on the rate, negative-binomial predictive.

The run-length posterior is truncated: hypotheses with posterior probability below
``eps`` are dropped and at most ``capacity`` are kept, so each update costs
``O(#surviving run lengths)``.

The change probability at position ``c`` is the posterior probability, ``lag``
observations later, that the current segment started at ``c``
(``P(r_{c+lag-1} = lag)``); for the last ``lag - 1`` positions it is read from the
latest posterior. (``P(r_t = 0)`` itself equals the hazard under a constant hazard and
carries no information.)
"""

from __future__ import annotations

import math
from typing import Any, Self

import numpy as np

from ...errors import ValidationError
from . import _kernels
from .penalties import noise_scale

__all__ = ["Bocpd", "OnlineBocpd", "peak_pick"]

_MODELS = {"gaussian": 0, "poisson": 1}


def peak_pick(prob: np.ndarray, threshold: float, min_size: int, width: int = 2) -> np.ndarray:
    """Positions where a change is probable, one per cluster.

    The posterior of a change's exact position is often spread over a few neighbouring
    positions, so a position is retained when the probability mass within ``width`` of
    it reaches ``threshold``; retained positions closer than ``min_size`` form one
    cluster, represented by its most probable position. Position 0 is never returned.

    Examples
    --------
    >>> import numpy as np
    >>> peak_pick(np.array([0, 0, 0.6, 0.9, 0.1, 0, 0.7, 0]), 0.5, 2, width=0)
    array([3, 6])
    >>> peak_pick(np.array([0, 0, 0.3, 0.3, 0, 0, 0, 0]), 0.5, 2, width=1)
    array([2])
    """
    prob = np.nan_to_num(np.asarray(prob, dtype=float))
    if width > 0:
        csum = np.r_[0.0, np.cumsum(prob)]
        lo = np.clip(np.arange(prob.size) - width, 0, prob.size)
        hi = np.clip(np.arange(prob.size) + width + 1, 0, prob.size)
        mass = csum[hi] - csum[lo]
    else:
        mass = prob
    above = np.flatnonzero((mass >= threshold) & (prob > 0))
    above = above[above > 0]
    out: list[int] = []
    group: list[int] = []
    for i in above:
        if group and i - group[-1] >= min_size:
            out.append(max(group, key=lambda j: prob[j]))
            group = []
        group.append(int(i))
    if group:
        out.append(max(group, key=lambda j: prob[j]))
    return np.array(out, dtype=np.int64)


class OnlineBocpd:
    """Streaming BOCPD state: call :meth:`update` (or :meth:`extend`) as data arrive.

    Parameters
    ----------
    model
        ``"gaussian"`` or ``"poisson"``.
    hazard
        Constant prior probability of a change at each step (``1 / expected length``).
    loc, scale
        Gaussian model: data are standardised as ``(x - loc) / scale`` before updating.
    phi
        Gaussian model: AR(1) pre-whitening, ``x[t] - phi * x[t-1]`` is fed to the model
        (before standardising); 0 disables it.
    prior
        Gaussian: ``(mu0, kappa0, alpha0, beta0)`` on the standardised scale, default
        ``(0, 0.1, 1, 1)``; Poisson: ``(a0, b0)`` of the Gamma rate prior, default
        ``(1, 0.1)``.
    lag
        Delay (observations) at which a change probability is read. Longer lags give
        surer (but later) answers; a drop in variance typically needs about 10.
    eps, capacity
        Run-length truncation: drop hypotheses below ``eps``, keep at most ``capacity``.

    Examples
    --------
    >>> import numpy as np
    >>> det = OnlineBocpd(hazard=0.01, lag=3)
    >>> det.extend(np.tile([0.1, -0.1], 50))
    >>> det.changepoints().size
    0
    >>> det.extend(np.full(10, 6.0) + np.tile([0.1, -0.1], 5))
    >>> det.changepoints(since=90)
    array([100])
    """

    def __init__(
        self,
        model: str = "gaussian",
        hazard: float = 1 / 250,
        *,
        loc: float = 0.0,
        scale: float = 1.0,
        phi: float = 0.0,
        prior: tuple[float, ...] | None = None,
        lag: int = 5,
        eps: float = 1e-8,
        capacity: int = 2000,
    ) -> None:
        if model not in _MODELS:
            raise ValidationError(f"model: expected 'gaussian' or 'poisson'; got {model!r}")
        if not 0 < hazard < 1:
            raise ValidationError(f"hazard: expected a probability in (0, 1); got {hazard!r}")
        if not scale > 0:
            raise ValidationError(f"scale: expected a positive number; got {scale!r}")
        if lag < 1 or capacity < 2:
            raise ValidationError("lag: expected >= 1 and capacity: expected >= 2")
        if not -1 < phi < 1 or (phi != 0 and model == "poisson"):
            raise ValidationError(f"phi: expected -1 < phi < 1 (Gaussian model only); got {phi!r}")
        self.model = model
        self.phi = float(phi)
        self._last = math.nan
        self.hazard = float(hazard)
        self.loc = float(loc)
        self.scale = float(scale)
        if prior is None:
            prior = (0.0, 0.1, 1.0, 1.0) if model == "gaussian" else (1.0, 0.1)
        self.prior = np.zeros(4)
        self.prior[: len(prior)] = prior
        self.lag = int(lag)
        self.eps = float(eps)
        self._rl = np.zeros(capacity, dtype=np.int64)
        self._logp = np.zeros(capacity)
        self._params = np.zeros((capacity, 4))
        self._cnt = 0
        self._prob = np.zeros(0)
        self.n_obs = 0

    def extend(self, xs: Any) -> None:
        """Process several new observations (finite floats; counts for ``"poisson"``)."""
        arr = np.atleast_1d(np.asarray(xs, dtype=np.float64))
        if arr.ndim != 1 or not np.isfinite(arr).all():
            raise ValidationError("OnlineBocpd: expected finite numeric observations")
        if self.model == "poisson":
            if (arr < 0).any():
                raise ValidationError("OnlineBocpd(model='poisson'): expected counts >= 0")
        else:
            if self.phi:
                # the first observation ever stands in for its own predecessor
                first = arr[0] if math.isnan(self._last) else self._last
                prev = np.r_[first, arr[:-1]]
                self._last = float(arr[-1])
                arr = arr - self.phi * prev
            arr = (arr - self.loc) / self.scale
        need = self.n_obs + arr.size
        if self._prob.size < need:
            grown = np.zeros(max(need, 2 * self._prob.size, 64))
            grown[: self._prob.size] = self._prob
            self._prob = grown
        self._cnt = _kernels.bocpd_extend(
            arr,
            self.n_obs,
            _MODELS[self.model],
            self.prior,
            math.log(self.hazard),
            math.log(self.eps),
            self.lag,
            self._rl,
            self._logp,
            self._params,
            self._cnt,
            self._prob,
        )
        self.n_obs = need

    def update(self, x: float) -> float:
        """Process one observation; return the current posterior ``P(change at x)``.

        That is ``P(r = 1)``: the probability that ``x`` starts a new segment given
        everything seen so far (it becomes more informative as data arrive; see
        :attr:`probabilities`).
        """
        self.extend([x])
        return float(self.probabilities[-1])

    @property
    def run_length_posterior(self) -> tuple[np.ndarray, np.ndarray]:
        """Current (run lengths, probabilities) of the truncated posterior."""
        c = self._cnt
        return self._rl[:c].copy(), np.exp(self._logp[:c])

    @property
    def probabilities(self) -> np.ndarray:
        """Change probability at every position seen so far (0 at position 0)."""
        prob = self._prob[: self.n_obs].copy()
        rl, p = self.run_length_posterior
        for r, pi in zip(rl, p, strict=True):
            c = self.n_obs - int(r)
            if c > self.n_obs - self.lag and c >= 0:
                prob[c] = pi
        if prob.size:
            prob[0] = 0.0
        return prob

    def changepoints(
        self, since: int = 0, threshold: float = 0.5, min_size: int | None = None
    ) -> np.ndarray:
        """Positions ``>= since`` whose change probability reaches ``threshold``."""
        idx = peak_pick(self.probabilities, threshold, min_size or self.lag)
        return idx[idx >= since]


class Bocpd:
    """Batch BOCPD estimator (``fit`` / ``predict``) on top of :class:`OnlineBocpd`.

    Parameters
    ----------
    model
        ``"gaussian"`` (default) or ``"poisson"``.
    hazard
        Constant hazard; default ``1/250``.
    threshold
        Posterior probability above which a position is reported.
    min_size
        Reported changepoints are at least this far apart.
    lag, eps, capacity, prior, phi
        See :class:`OnlineBocpd`. The fitted :attr:`online_` detector continues from the
        end of the data: feed it raw new observations with ``update``/``extend``.

    Examples
    --------
    >>> import numpy as np
    >>> x = np.r_[np.zeros(60), np.full(60, 3.0)] + np.random.default_rng(0).normal(size=120)
    >>> det = Bocpd(hazard=0.01).fit(x)
    >>> det.predict()
    array([60])
    >>> bool(det.probabilities_[60] > 0.5)
    True
    """

    def __init__(
        self,
        model: str = "gaussian",
        hazard: float = 1 / 250,
        *,
        threshold: float = 0.5,
        min_size: int = 5,
        lag: int = 5,
        eps: float = 1e-8,
        capacity: int = 2000,
        prior: tuple[float, ...] | None = None,
        phi: float = 0.0,
    ) -> None:
        if not 0 < threshold <= 1:
            raise ValidationError(f"threshold: expected a probability in (0, 1]; got {threshold!r}")
        self.model = model
        self.hazard = hazard
        self.threshold = float(threshold)
        self.min_size = int(min_size)
        self.lag = int(lag)
        self.eps = eps
        self.capacity = capacity
        self.prior = prior
        self.phi = float(phi)
        self.online_: OnlineBocpd | None = None
        self.probabilities_ = np.zeros(0)

    def fit(self, x: Any) -> Self:
        """Run the detector over the finite 1-D array ``x``; returns self."""
        arr = np.asarray(x, dtype=np.float64)
        if arr.ndim != 1 or arr.size == 0 or not np.isfinite(arr).all():
            raise ValidationError("Bocpd.fit: expected a non-empty 1-D array of finite values")
        loc, scale = 0.0, 1.0
        if self.model == "gaussian":
            white = arr - self.phi * np.r_[arr[0], arr[:-1]] if self.phi else arr
            loc = float(np.median(white))
            scale = noise_scale(white).sd or float(np.std(white)) or 1.0
        self.online_ = OnlineBocpd(
            self.model,
            self.hazard,
            loc=loc,
            scale=scale,
            phi=self.phi,
            prior=self.prior,
            lag=self.lag,
            eps=self.eps,
            capacity=self.capacity,
        )
        self.online_.extend(arr)
        self.probabilities_ = self.online_.probabilities
        return self

    def predict(self) -> np.ndarray:
        """Changepoint indices: local maxima of the change probability above threshold."""
        if self.online_ is None:
            raise ValidationError("Bocpd: call fit(x) before predict()")
        return peak_pick(self.probabilities_, self.threshold, max(self.min_size, 1))
