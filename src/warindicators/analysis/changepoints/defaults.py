"""The library's default changepoint settings and how they were chosen.

``changepoints(x)`` (``method="pelt"``, no ``cost``, ``penalty="mbic"``) runs the
pipeline of :mod:`.auto`: exact PELT on two segment models -- piecewise-constant mean
and variance, and piecewise-linear trend with a variance per segment -- each with a
two-stage AR(1) penalty correction, on the series and, when a fixed seasonal profile
pays its way, on the seasonally adjusted series; the fit with the lowest penalised
Gaussian criterion wins. ``min_size = ceil(log n)`` (at least 2, 4 for the linear
model). Giving ``cost``, another penalty, ``autocorrelation=False`` or ``var_floor``
runs the single-cost path instead (:mod:`.penalties`).

Why each piece (no constant was fitted to benchmark data):

* **Two-stage AR(1) estimate.** The previous default took ``phi`` from the ratio of
  lag-2 to lag-1 difference variances. That is unbiased for AR(1) noise around
  level shifts, but a trend or a seasonal cycle also makes differences smooth, so
  trending and seasonal series got ``phi`` at the 0.9 cap, a 19-fold penalty, and
  their changes were missed. Estimating ``phi`` from residuals of a first, plain-MBIC
  segmentation removes the signal first. The small-sample bias of residual
  autocorrelations is corrected from theory (:func:`.auto.within_phi`).
* **Piecewise-linear model, compared on a common likelihood.** Trending series are
  not piecewise constant; a staircase over a trend leaves smooth residuals. The linear
  model carries its own variance per segment so that both costs are
  ``sum(m_j log(var_j))``, the same ``-2 log L`` scale (the library's ``"linear"``
  cost is a residual sum of squares with one variance and cannot be compared). Both
  are charged the MBIC of all their parameters times their own ``(1+phi)/(1-phi)``.
* **Seasonality.** Monthly indicators often carry a fixed yearly profile that is
  neither noise nor a changepoint. Classical decomposition (series minus a centred
  moving average, per-phase medians) estimates it; an inflated BIC test decides
  whether to remove it; the fit on the adjusted series then competes on the same
  criterion. The period comes from the dates (monthly 12, daily 7, ...), plain
  arrays try 12 and 7.

Measured with ``benchmarks/tcpd_default.py`` (12 annotated TCPD series; F1 with margin
5 / covering, averaged over the benchmark's 9 headline series, then all 12), and by
simulation (n = 500, 100 series of each kind):

* default 0.766 / 0.642 (0.784 / 0.678). The benchmark's best default (binary
  segmentation) reaches 0.698 / 0.672, the previous default 0.669 / 0.608. Covering
  stays below the binary-segmentation anchor: the piecewise-linear model splits some
  long trends at slope changes that annotators did not mark (``us_population``,
  ``jfk_passengers``).
* ablations: no seasonal step 0.706 / 0.623; mean-and-variance model only
  0.660 / 0.635; linear model only 0.751 / 0.637; two-stage estimate alone (meanvar,
  no season) 0.687 / 0.629.
* robustness: both stages' penalties times 0.75 give 0.743 / 0.625, times 1.25 give
  0.735 / 0.642 -- no multiplier near 1 beats the unscaled MBIC, and nothing in the
  pipeline was fitted to these series, so a leave-one-series-out choice would be the
  same pipeline.
* false alarms on change-free series: white noise 0 %, AR(1) with phi = 0.5 0 %,
  Poisson counts with rate 4 0 %, AR(1) with phi = 0.8 0 %, AR(1) phi = 0.5 plus a
  monthly profile 0 % (the profile is found in all of them), a straight trend in AR(1)
  noise 0 % (fitted as one line); sparse Poisson counts (rate 0.5) 5 %. Shifts of
  about 3 marginal standard deviations in AR(1) noise are all found (40 of 40, within
  10 observations).
* known limitation: near-unit-root noise. For AR(1) with phi = 0.9 (n = 500) about a
  quarter of change-free series get a changepoint (stage 1 over-segments such paths,
  so ``phi`` is under-estimated). Iterating the estimate to a fixed point removes these
  alarms but drives ``phi`` to the 0.9 cap on 5 of the 12 TCPD series (2 with two
  stages) -- the failure the two-stage estimate was introduced to fix -- and lowers F1
  to 0.701 / covering 0.642.
* speed: 540 daily series of 1 500 values take about 4.6 s on two cores (four or
  five PELT runs per series, against one for the previous default).

Evaluated for the covering shortfall and not adopted (same benchmark, 9 / 9 series
F1 / covering; the default is 0.766 / 0.642):

* parameter charge of the linear model: already 3 parameters per segment against 2
  (MBIC ``(p + 2) log n`` per changepoint). Requiring the linear fit to beat the
  constant one by a further ``c log n`` ("positive evidence") flips no choice that
  changes a segmentation (only ``gdp_japan``, where both models find nothing).
* minimum segment of the linear model doubled to ``2 ceil(log n)``: 0.766 / 0.642
  (no change).
* post-hoc merging of adjacent segments: PELT is exact, so a merge test with the
  same criterion never fires; any other threshold is a penalty rescaling, covered by
  the robustness runs above. Continuity-constrained (kinked) lines have a cost that is
  not additive over segments, so PELT does not apply.
* Clipping ``phi`` nearer 1 (at ``(n - 1) / (n + 1)``, an effective sample size of
  one, or at 0.95 / 0.98): 0.801 / 0.681, but the gain is one series
  (``us_population``, whose residual autocorrelation estimate is 1), sits on a knife
  edge (penalty times 0.75: 0.754 / 0.631), and a clear jump in a smooth curved trend
  is then lost: the residuals of lines fitted to a curve look like a unit root, and
  the clip turns that into an infinite-looking penalty (see the tests).
* Newey-West (Bartlett) long-run variance instead of the AR(1) factor: 0.709 / 0.582;
  the larger of the two: 0.769 / 0.643. A seasonal AR factor from the residual
  autocorrelation at lag 12: 0.716 / 0.609.
* a third, piecewise-quadratic model (4 parameters per segment): 0.784 / 0.671, less
  stable (penalty times 0.75: 0.723 / 0.640) and about 50 % more PELT work.
"""

from __future__ import annotations

import math

from .costs import min_size_floor

__all__ = ["DEFAULT_COST", "DEFAULT_METHOD", "DEFAULT_PENALTY", "default_min_size"]

DEFAULT_METHOD = "pelt"
DEFAULT_COST = "meanvar"
DEFAULT_PENALTY = "mbic"


def default_min_size(n: int, cost: str) -> int:
    """Default minimum segment length for ``n`` observations: ``max(floor, ceil(log n))``.

    Examples
    --------
    >>> default_min_size(500, "mean")
    7
    >>> default_min_size(10, "linear")
    3
    """
    return max(min_size_floor(cost), math.ceil(math.log(max(n, 2))))
