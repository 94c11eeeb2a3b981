"""The library's default changepoint settings and how they were chosen.

``changepoints(x)`` (``method="pelt"``, no ``cost``, ``penalty="mbic"``) runs the
pipeline of :mod:`.auto`: exact PELT on segment models -- piecewise-constant mean and
variance, piecewise-linear trend with a variance per segment and, when the linear model
wins, piecewise-quadratic trend -- each with a two-stage AR(1) penalty correction, on
the series and, when a fixed seasonal profile pays its way, on the seasonally adjusted
series; the fit with the lowest penalised Gaussian criterion wins.
``min_size = ceil(log n)`` (at least 2; 4 for lines, 5 for parabolas). Giving
``cost``, another penalty, ``autocorrelation=False`` or ``var_floor`` runs the
single-cost path instead (:mod:`.penalties`).

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
* **Forward step to curved trends.** Lines split any smoothly accelerating or
  decelerating trend into a chain of segments: on a quadratic trend in AR(1) noise
  (n = 500) the constant-or-linear choice reported a changepoint in every series. So
  the polynomial degree is raised once, as in forward model selection: when the linear
  model beats the constant one, piecewise-quadratic segments (4 parameters each,
  charged ``6 log n`` per changepoint) are fitted on the same series and compete on
  the same criterion. It is a step, not a third model for every series: fitting the
  quadratic model everywhere lets it win on series whose segments are levels, where
  it moves changepoints (``unemployment_nl``), and costs about 50 % more PELT work.
* **Seasonality.** Monthly indicators often carry a fixed yearly profile that is
  neither noise nor a changepoint. Classical decomposition (series minus a centred
  moving average, per-phase medians) estimates it; an inflated BIC test decides
  whether to remove it; the fit on the adjusted series then competes on the same
  criterion. The period comes from the dates (monthly 12, daily 7, ...), plain
  arrays try 12 and 7.

Measured with ``benchmarks/tcpd_default.py`` (12 annotated TCPD series; F1 with margin
5 / covering, averaged over the benchmark's 9 headline series, then all 12), and by
simulation (n = 500, 100 series of each kind):

* default 0.791 / 0.675 (0.803 / 0.702). The benchmark's best default (binary
  segmentation) reaches 0.698 / 0.672, the previous default 0.669 / 0.608.
* ablations: without the quadratic step 0.766 / 0.642 (the lines split
  ``us_population``, an unannotated smooth curve, four times; with the step it gets
  two changepoints, one annotated); quadratic tried on every series instead of
  as a step 0.729 / 0.659; no seasonal step 0.738 / 0.631; mean-and-variance model
  only 0.660 / 0.635; linear model only 0.751 / 0.637.
* robustness: both stages' penalties times 0.75 give 0.723 / 0.640, times 1.25 give
  0.749 / 0.648 -- no multiplier near 1 beats the unscaled MBIC, and nothing in the
  pipeline was fitted to these series, so a leave-one-series-out choice would be the
  same pipeline.
* false alarms on change-free series: white noise 0 %, AR(1) with phi = 0.5 0 %,
  Poisson counts with rate 4 0 %, AR(1) with phi = 0.8 0 %, AR(1) phi = 0.5 plus a
  monthly profile 0 %, a straight trend in AR(1) noise 0 % (fitted as one line), a
  quadratic trend in AR(1) noise 0 % (one parabola); sparse Poisson counts (rate 0.5)
  5 %. Shifts of about 3 marginal standard deviations in AR(1) noise are all found
  (40 of 40, within 10 observations).
* known limitation: near-unit-root noise. For AR(1) with phi = 0.9 (n = 500) about
  one series in five gets a changepoint (18 %; stage 1 over-segments such paths,
  so ``phi`` is under-estimated). Iterating the estimate to a fixed point removes these
  alarms but drives ``phi`` to the 0.9 cap on 5 of the 12 TCPD series (2 with two
  stages) -- the failure the two-stage estimate was introduced to fix -- and lowers F1
  to 0.701 / covering 0.642 (measured before the quadratic step).

Evaluated and not adopted (same benchmark, 9 series, measured on the constant-or-linear
pipeline, which scored 0.766 / 0.642):

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
* trying the quadratic model only when the linear fit's ``phi`` reaches the cap (a
  sign that lines do not describe the trend): 0.791 / 0.658, and it never fires on a
  synthetic quadratic trend, whose line residuals stay below the cap.
* log-transformed positive series compared through the Jacobian (multiplicative
  seasonality of passenger counts): loses on 5 of 9 series. Piecewise drift of the
  differenced series (a random walk with changing drift): wins the criterion on
  almost every trending series and loses seasonal level shifts (``seatbelts``).
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
