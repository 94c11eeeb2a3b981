"""Penalties: named criteria (MBIC, BIC, AIC) with robust scaling, or a raw number.

With a **number**, the objective minimised is exactly
``sum(segment costs) + penalty * n_changepoints`` on the raw data, as in ruptures
(``Pelt(model="l2").predict(pen=penalty)`` for ``cost="mean"``).

With a **name**, the penalty is set on a standardised scale and converted to the data's
units for the user, so unscaled data (km², EUR, counts) just works:

* the noise scale is estimated robustly from trimmed variances of the lag-1 and lag-2
  differences (the largest 5 % dropped), which level shifts barely affect;
* their ratio estimates the lag-1 autocorrelation ``phi`` of AR(1) noise
  (``var(x[t+2]-x[t]) / var(x[t+1]-x[t]) = 1 + phi``), clipped to ``[0, 0.9]``;
* the penalty is multiplied by the long-run variance inflation ``(1 + phi) / (1 - phi)``
  (an effective-sample-size correction), so autocorrelated daily series do not produce
  false alarms.

This is the single-cost path (an explicit ``cost``, ``penalty`` or
``autocorrelation=False``); the default ``changepoints(x)`` estimates the
autocorrelation from segmentation residuals instead (see :mod:`.auto`).

The base penalties per changepoint, with ``k`` free parameters per segment and ``n``
observations, are ``mbic``: ``(k + 2) * log(n)``; ``bic``: ``(k + 1) * log(n)``;
``aic``: ``2 * (k + 1)``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist

import numpy as np

from ...errors import ValidationError
from .costs import n_params

__all__ = [
    "PENALTIES",
    "NoiseScale",
    "aicc_excess",
    "base_penalty",
    "noise_scale",
    "resolve_penalty",
    "robust_sd",
    "trimmed_sd",
]

PENALTIES: tuple[str, ...] = ("mbic", "bic", "aic")

MAX_PHI = 0.9
#: Share of the largest squared differences ignored by :func:`trimmed_sd`.
TRIM = 0.05
_MAD_TO_SD = 1.482602218505602
_MEANABS_TO_SD = 1.2533141373155001


@dataclass(frozen=True, slots=True)
class NoiseScale:
    """Robust noise summary of a series.

    Attributes
    ----------
    sd : float
        Marginal standard deviation of the noise around the (piecewise) signal.
    phi : float
        Estimated lag-1 autocorrelation, clipped to ``[0, 0.9]``.
    inflation : float
        Long-run variance factor ``(1 + phi) / (1 - phi)``.

    Examples
    --------
    >>> NoiseScale(sd=2.0, phi=0.5, inflation=3.0).inflation
    3.0
    """

    sd: float
    phi: float
    inflation: float


def robust_sd(d: np.ndarray) -> float:
    """Robust standard deviation: MAD, falling back to mean absolute deviation, then std.

    Examples
    --------
    >>> import numpy as np
    >>> round(robust_sd(np.array([-1.0, 0.0, 1.0, 0.0, 0.0])), 3)
    0.501
    >>> round(robust_sd(np.array([-1.0, 1.0, -1.0, 1.0])), 3)
    1.483
    """
    if d.size == 0:
        return 0.0
    med = float(np.median(d))
    dev = np.abs(d - med)
    mad = float(np.median(dev)) * _MAD_TO_SD
    meanabs = float(np.mean(dev)) * _MEANABS_TO_SD
    # a MAD that is zero up to rounding (ties, discrete data) falls back to the mean
    # absolute deviation
    if mad > 1e-9 * meanabs:
        return mad
    return meanabs


def trimmed_sd(d: np.ndarray, trim: float = TRIM) -> float:
    """Standard deviation from the smallest ``1 - trim`` share of squared deviations.

    Deviations are taken from the median; the largest ``trim`` share (level shifts,
    outliers) is dropped and the rest rescaled to be consistent for Gaussian data. Far
    more efficient than the MAD, still robust to a few jumps; falls back to
    :func:`robust_sd` when the trimmed values are all zero.

    Examples
    --------
    >>> import numpy as np
    >>> d = np.random.default_rng(0).normal(scale=2.0, size=20000)
    >>> round(trimmed_sd(np.r_[d, np.full(100, 50.0)]), 1)
    2.0
    """
    if d.size == 0:
        return 0.0
    dev2 = np.sort((d - np.median(d)) ** 2)
    keep = max(1, math.ceil((1.0 - trim) * dev2.size))
    mean2 = float(np.mean(dev2[:keep]))
    if mean2 <= 0:
        return robust_sd(d)
    c = NormalDist().inv_cdf(1.0 - trim / 2.0)
    consistency = 1.0 - 2.0 * c * math.exp(-0.5 * c * c) / math.sqrt(2 * math.pi) / (1.0 - trim)
    return math.sqrt(mean2 / consistency)


def noise_scale(x: np.ndarray, *, max_phi: float = MAX_PHI) -> NoiseScale:
    """Estimate the noise scale and AR(1) coefficient from lag-1/lag-2 differences.

    Uses :func:`trimmed_sd` of ``x[t+1] - x[t]`` and ``x[t+2] - x[t]``: for AR(1) noise
    their variances are ``2 s² (1 - phi)`` and ``2 s² (1 - phi²)``, whatever the
    (piecewise-constant) level.

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> ns = noise_scale(np.r_[np.zeros(500), np.full(500, 10.0)] + rng.normal(size=1000))
    >>> bool(0.9 < ns.sd < 1.1), bool(ns.phi < 0.1)
    (True, True)
    """
    if x.size < 4:
        sd = float(np.std(x))
        return NoiseScale(sd, 0.0, 1.0)
    s1 = trimmed_sd(np.diff(x))
    if s1 <= 0:
        return NoiseScale(0.0, 0.0, 1.0)
    if max_phi <= 0:  # phi is clipped to 0 whatever the lag-2 differences say
        return NoiseScale(s1 / math.sqrt(2.0), 0.0, 1.0)
    s2 = trimmed_sd(x[2:] - x[:-2])
    phi = min(max(s2 * s2 / (s1 * s1) - 1.0, 0.0), max_phi)
    sd = s1 / math.sqrt(2.0 * (1.0 - phi))
    return NoiseScale(sd, phi, (1.0 + phi) / (1.0 - phi))


def base_penalty(name: str, cost: str, n: int) -> float:
    """Penalty per changepoint on the standardised (unit-variance, white-noise) scale.

    Examples
    --------
    >>> round(base_penalty("mbic", "mean", 100), 3)
    13.816
    """
    k = n_params(cost)
    logn = math.log(max(n, 2))
    if name == "mbic":
        return (k + 2) * logn
    if name == "bic":
        return (k + 1) * logn
    if name == "aic":
        return 2.0 * (k + 1)
    raise ValidationError(
        f"penalty: expected one of {', '.join(PENALTIES)} or a non-negative number; got {name!r}"
    )


def aicc_excess(m: np.ndarray | float, q: int) -> np.ndarray:
    """Small-sample excess optimism of a Gaussian segment fit (Hurvich & Tsai, 1989).

    A segment of ``m`` points fitted by ``q`` regressors (a mean: 1, a line: 2, a
    parabola: 3) and its own variance has ``-2 log L = m log(RSS / m) + const``. Its
    expected optimism -- how much lower it is than minus twice the expected
    log-likelihood of new data from the same segment -- is exactly
    ``m (m + q) / (m - q - 2) - m`` for Gaussian errors, the AICc of Hurvich and Tsai:
    ``2 (q + 1)``, the large-sample charge of ``q + 1`` parameters, plus the excess
    ``2 (q + 1) (q + 2) / (m - q - 2)`` returned here. It is infinite when
    ``m <= q + 2`` (no degrees of freedom left to judge the variance).

    Examples
    --------
    >>> aicc_excess(14, 1).round(3).tolist()
    1.091
    >>> aicc_excess(200, 2).round(3).tolist()
    0.122
    >>> aicc_excess(4, 2).tolist()
    inf
    """
    mm = np.asarray(m, dtype=np.float64)
    dof = mm - q - 2.0
    with np.errstate(divide="ignore"):
        return np.where(dof > 0, 2.0 * (q + 1) * (q + 2) / np.where(dof > 0, dof, 1.0), np.inf)


def resolve_penalty(
    penalty: str | float, x: np.ndarray, cost: str, *, autocorrelation: bool = True
) -> tuple[float, NoiseScale | None]:
    """Convert ``penalty`` to the number used on the raw-data cost.

    Returns the numeric penalty and the noise summary used (None for a numeric
    penalty). ``autocorrelation=False`` skips the AR(1) inflation.

    Examples
    --------
    >>> import numpy as np
    >>> resolve_penalty(12.5, np.zeros(10), "mean")
    (12.5, None)
    >>> x = np.random.default_rng(1).normal(scale=100.0, size=400)
    >>> pen, ns = resolve_penalty("bic", x, "mean")
    >>> bool(0.5 < pen / (2 * np.log(400) * 100.0**2) < 2.0)
    True
    """
    if isinstance(penalty, bool) or not isinstance(penalty, str | int | float | np.number):
        raise ValidationError(
            f"penalty: expected 'mbic', 'bic', 'aic' or a number; got {penalty!r}"
        )
    if not isinstance(penalty, str):
        value = float(penalty)
        if not math.isfinite(value) or value < 0:
            raise ValidationError(f"penalty: expected a finite number >= 0; got {penalty!r}")
        return value, None
    base = base_penalty(penalty.lower(), cost, x.size)
    ns = noise_scale(x, max_phi=MAX_PHI)
    factor = ns.inflation if autocorrelation else 1.0
    if cost in ("mean", "linear"):
        var = ns.sd * ns.sd
        if var <= 0:
            var = float(np.var(x)) or 1.0
        return base * factor * var, ns
    if cost == "poisson":
        mean = float(np.mean(x))
        dispersion = max(1.0, ns.sd * ns.sd / mean) if mean > 0 else 1.0
        return base * factor * dispersion, ns
    return base * factor, ns
