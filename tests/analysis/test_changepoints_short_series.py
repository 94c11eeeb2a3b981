"""The default on the series reports see: 24-60 monthly points, often autocorrelated.

Known-truth simulations with fixed seeds. False alarms on short series are asserted as
evidence that the true rate is below 5 %: at most ``below(0.05, reps)`` alarms, a count
that a method whose true rate is 5 % reaches with probability at most 5 % (the default
sits near 1 % or below, which passes with probability > 99 % on 400 series). Looser goals (long series) are
asserted as "at most ``binomial_bound(p)`` alarms in 200", the 95 % binomial quantile
at rate ``p``: a method whose true rate is ``p`` passes with probability >= 95 %, one
at twice the rate fails with probability > 99 %.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from statsmodels.tsa.arima_process import ArmaProcess

from warindicators.analysis.changepoints import changepoints
from warindicators.analysis.changepoints.ar1 import (
    debias_phi,
    level_costs,
    level_split_costs,
    whiten,
)
from warindicators.analysis.changepoints.auto import JOINT_MAX_N, auto_segment
from warindicators.analysis.changepoints.penalties import aicc_excess

REPLICATES = 200


def binomial_bound(p: float, n: int = REPLICATES, level: float = 0.95) -> int:
    """Smallest ``k`` with ``P(Binomial(n, p) <= k) >= level``."""
    total = 0.0
    for k in range(n + 1):
        total += math.comb(n, k) * p**k * (1 - p) ** (n - k)
        if total >= level:
            return k
    return n


def below(p: float, n: int, level: float = 0.05) -> int:
    """Largest ``k`` with ``P(Binomial(n, p) <= k) <= level`` (``-1`` if there is none).

    Observing at most ``k`` events in ``n`` rejects a true rate of ``p`` or more at
    level ``level``.
    """
    total, k = 0.0, -1
    for j in range(n + 1):
        total += math.comb(n, j) * p**j * (1 - p) ** (n - j)
        if total > level:
            return k
        k = j
    return k


def ar1(rng: np.random.Generator, n: int, phi: float) -> np.ndarray:
    """AR(1) noise with unit innovations (statsmodels' ARMA sampler, 200 burn-in)."""
    return ArmaProcess([1.0, -phi]).generate_sample(n, burnin=200, distrvs=rng.normal)


def monthly(x: np.ndarray) -> pd.Series:
    return pd.Series(x, index=pd.date_range("2019-01-01", periods=x.size, freq="MS"))


NULLS = {
    "ar1_phi_0.5_n30": lambda rng: ar1(rng, 30, 0.5),
    "ar1_phi_0.5_n54": lambda rng: ar1(rng, 54, 0.5),
    "white_noise_n30": lambda rng: rng.normal(100.0, 5.0, 30),
    "white_noise_n54": lambda rng: rng.normal(100.0, 5.0, 54),
    "poisson_4_n30": lambda rng: rng.poisson(4.0, 30).astype(float),
    "poisson_4_n54": lambda rng: rng.poisson(4.0, 54).astype(float),
}


def test_binomial_bound() -> None:
    assert binomial_bound(0.05) == 15  # mean 10, sd 3.1
    assert binomial_bound(0.10) == 27
    assert below(0.05, 200) == 4  # P(<= 4) = 0.026, P(<= 5) = 0.062
    assert below(0.05, 400) == 12  # mean 20, sd 4.4
    assert below(0.5, 3) == -1  # P(0) = 0.125: three trials can never reject


#: Null series per case: 400, so that a true rate of 5 % (AR(1) noise at n = 24-30
#: before the small-sample correction) is told from one near 1 % (the default's
#: 1000-series rates)
NULL_REPLICATES = 400


@pytest.mark.slow
@pytest.mark.parametrize("case", sorted(NULLS))
def test_false_alarms_on_short_monthly_series_below_5_percent(case: str) -> None:
    reps = NULL_REPLICATES
    rng = np.random.default_rng(15)
    alarms = sum(changepoints(monthly(NULLS[case](rng))).n_changepoints > 0 for _ in range(reps))
    assert alarms <= below(0.05, reps), f"{case}: {alarms} of {reps}"


@pytest.mark.slow
@pytest.mark.parametrize("n", [24, 60])
def test_false_alarms_at_the_ends_of_the_report_range_below_5_percent(n: int) -> None:
    rng = np.random.default_rng(24 + n)
    alarms = sum(
        changepoints(monthly(ar1(rng, n, 0.5))).n_changepoints > 0 for _ in range(NULL_REPLICATES)
    )
    assert alarms <= below(0.05, NULL_REPLICATES), f"n = {n}: {alarms} of {NULL_REPLICATES}"


@pytest.mark.slow
def test_the_small_sample_correction_is_what_removes_the_excess_alarms(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # the same 400 AR(1) 0.5 series of 30 points, with and without the correction:
    # about 5 % of them got a changepoint without it (1000-series rates 4.8-5.8 %)
    from warindicators.analysis.changepoints import auto

    def alarms() -> int:
        rng = np.random.default_rng(31)
        return sum(
            auto.auto_segment(ar1(rng, 30, 0.5), periods=()).indices.size > 0
            for _ in range(NULL_REPLICATES)
        )

    corrected = alarms()
    monkeypatch.setattr(auto, "SMALL_SAMPLE_CORRECTION", False)
    uncorrected = alarms()
    assert corrected <= below(0.05, NULL_REPLICATES) < uncorrected, (corrected, uncorrected)


@pytest.mark.parametrize(("m", "q"), [(6, 1), (10, 1), (8, 2), (12, 3)])
def test_aicc_excess_is_the_optimism_of_a_gaussian_segment_fit(m: int, q: int) -> None:
    # Monte Carlo of the definition: minus twice the log-likelihood of the fitted
    # segment (a polynomial with q coefficients and its own variance) on new data from
    # the same segment, minus the same on the data it was fitted to; its mean exceeds
    # the large-sample 2 (q + 1) by the excess
    rng = np.random.default_rng(m * 10 + q)
    reps = 40000
    t = np.linspace(-1.0, 1.0, m)
    X = np.vander(t, q, increasing=True)
    hat = X @ np.linalg.pinv(X)
    y, new = rng.normal(size=(2, reps, m))
    fit = y @ hat.T
    var = np.mean((y - fit) ** 2, axis=1)
    optimism = np.sum((new - fit) ** 2, axis=1) / var - m  # the log var terms cancel
    mc = float(np.mean(optimism)) - 2 * (q + 1)
    se = float(np.std(optimism)) / math.sqrt(reps)
    assert abs(mc - float(aicc_excess(m, q))) < 4 * se, (mc, se)


@pytest.mark.slow
def test_two_stage_estimate_alone_has_the_excess_false_alarms() -> None:
    # the joint AR(1) estimate is what does the work on short series: the two-stage
    # estimate of long series, run on the same AR(1) nulls, alarms on > 10 % of them
    rng = np.random.default_rng(15)
    alarms = sum(
        auto_segment(ar1(rng, 30, 0.5), periods=(), estimate="two-stage").indices.size > 0
        for _ in range(REPLICATES)
    )
    assert alarms > binomial_bound(0.05)


@pytest.mark.slow
@pytest.mark.parametrize(("size", "power"), [(2.0, 0.2), (3.0, 0.6)])
def test_power_for_a_mid_series_shift_in_ar1_noise(size: float, power: float) -> None:
    # n = 60, AR(1) phi = 0.5, shift at 30, found within +-3: about 22 % of 2 sd shifts
    # and 68 % of 3 sd shifts (1000 series; 26 % and 72 % before the small-sample
    # correction; 22 % and 66 % of 200 before level shifts were scored by their exact
    # AR(1) likelihood). Asserted: a true power of at least ``power`` (20 % / 60 %),
    # with the binomial margin of 200 series. The goal of 80 % for 2 sd is out of
    # reach: the exact likelihood scan for one shift in mean that knows phi and the
    # noise variance, with its threshold set for 5 % false alarms, locates 81 % within
    # +-3; with phi estimated, 70-72 % (benchmarks/changepoints_short.py oracle).
    sd = 1.0 / math.sqrt(1.0 - 0.25)
    rng = np.random.default_rng(60)
    hits = 0
    for _ in range(REPLICATES):
        x = ar1(rng, 60, 0.5) + np.r_[np.zeros(30), np.full(30, size * sd)]
        hits += any(abs(i - 30) <= 3 for i in changepoints(monthly(x)).indices)
    # a method whose true power is ``power`` finds fewer with probability <= 5 %
    assert hits >= REPLICATES - binomial_bound(1.0 - power), hits


@pytest.mark.slow
def test_near_unit_root_false_alarms_at_most_10_percent() -> None:
    # AR(1) phi = 0.9, n = 500 (beyond JOINT_MAX_N: the two-stage estimate). Stage 1
    # over-segments such paths and phi is under-estimated; without the AR(1)
    # confirmation about one series in five got a changepoint (next test)
    rng = np.random.default_rng(90)
    alarms = sum(
        changepoints(monthly(ar1(rng, 500, 0.9))).n_changepoints > 0 for _ in range(REPLICATES)
    )
    assert alarms <= binomial_bound(0.10)


@pytest.mark.slow
def test_the_ar1_confirmation_is_what_removes_near_unit_root_alarms(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from warindicators.analysis.changepoints import auto

    monkeypatch.setattr(auto, "CONFIRM_MIN_PHI", 2.0)  # never confirm
    rng = np.random.default_rng(90)
    alarms = sum(
        auto.auto_segment(ar1(rng, 500, 0.9), periods=()).indices.size > 0 for _ in range(100)
    )
    assert alarms > 12  # binomial_bound(0.05, 100) is 9


@pytest.mark.slow
@pytest.mark.parametrize(("phi", "size", "share"), [(0.8, 2.0, 0.35), (0.9, 3.0, 0.6)])
def test_shifts_in_near_unit_root_noise_survive_the_confirmation(
    phi: float, size: float, share: float
) -> None:
    # long series, shift at mid-series, found within +-10: about 50 % (phi 0.8, 2 sd)
    # and 78 % (phi 0.9, 3 sd) of 100 series, as without the confirmation
    sd = 1.0 / math.sqrt(1.0 - phi * phi)
    rng = np.random.default_rng(91)
    hits = 0
    for _ in range(100):
        x = ar1(rng, 500, phi) + np.r_[np.zeros(250), np.full(250, size * sd)]
        hits += any(abs(i - 250) <= 10 for i in auto_segment(x, periods=()).indices)
    assert hits >= share * 100


@pytest.mark.slow
def test_joint_estimate_has_no_near_unit_root_alarms() -> None:
    rng = np.random.default_rng(90)
    alarms = sum(
        auto_segment(ar1(rng, 500, 0.9), periods=(), estimate="joint").indices.size > 0
        for _ in range(50)
    )
    assert alarms <= 2


def test_short_series_use_the_joint_estimate_and_report_it() -> None:
    rng = np.random.default_rng(3)
    res = changepoints(monthly(ar1(rng, JOINT_MAX_N, 0.5)))
    assert res.params["estimate"] == "joint"
    res = changepoints(monthly(ar1(rng, JOINT_MAX_N + 1, 0.5)))
    assert res.params["estimate"] == "two-stage"


def test_joint_phi_is_nearly_unbiased_on_short_series() -> None:
    # the maximum-likelihood phi of 30 points is biased low by about (1 + 3 phi) / n;
    # after the correction the mean over 200 series is within 0.05 of the truth
    rng = np.random.default_rng(30)
    phis = [auto_segment(ar1(rng, 30, 0.5), periods=()).phi for _ in range(REPLICATES)]
    assert abs(float(np.mean(phis)) - 0.5) < 0.05


def test_whitening_keeps_lines_and_the_correction_only_raises_phi() -> None:
    t = np.arange(20.0)
    w = whiten(3.0 + 0.5 * t, 0.6)
    assert np.allclose(np.diff(w, 2), 0.0)  # a line stays a line
    for r in (0.0, 0.3, 0.7):
        assert debias_phi(r, 40, 2, 1, 0.95) >= r
    assert debias_phi(0.94, 30, 3, 3, 0.95) == 0.95  # clipped


def test_a_clear_shift_in_a_short_monthly_series_is_found_with_its_fitted_model() -> None:
    rng = np.random.default_rng(4)
    x = ar1(rng, 48, 0.5) + np.r_[np.zeros(24), np.full(24, 6.0)]
    res = changepoints(monthly(x))
    assert len(res.indices) == 1 and abs(res.indices[0] - 24) <= 2
    seg = res.segments
    assert seg["mean"].iloc[1] - seg["mean"].iloc[0] > 4.0
    # the fitted model drawn for the user is on the input's scale (not the whitened
    # series the detection ran on) and jumps at the changepoint
    fit = res.fitted()
    cp = res.indices[0]
    assert np.sqrt(np.mean((fit - x) ** 2)) < 1.5 * np.std(x[:cp])
    assert fit[cp] - fit[cp - 1] > 3.0


def test_unknown_estimate_is_refused() -> None:
    from warindicators.errors import ValidationError

    with pytest.raises(ValidationError, match="estimate"):
        auto_segment(np.arange(40.0), estimate="fixed")  # type: ignore[arg-type]


def test_the_exact_level_cost_fits_the_transition_point() -> None:
    # a noiseless level shift in an AR(1) path: z[t] = mu[t] + u[t], u[t] = phi u[t-1]
    # with u = 0 -> the whitened series is (1 - phi) mu1, then the transition point
    # mu2 - phi mu1 at the change, then (1 - phi) mu2; with the levels fitted on the
    # input's scale every residual is zero (cost at the variance floor) only at the
    # true change, and one position off is worse
    phi, floor = 0.6, 1e-8
    z = np.r_[np.full(20, 1.0), np.full(20, 5.0)]
    at = np.arange(3, 37)
    costs = level_split_costs(z, phi, at, floor)
    assert at[np.argmin(costs)] == 19  # whitened index 19 is input position 20
    assert costs.min() == pytest.approx(39 * math.log(floor))
    assert costs[at == 18][0] > costs.min() + 100


@settings(max_examples=40, deadline=None)
@given(
    n=st.integers(min_value=12, max_value=80),
    phi=st.floats(min_value=0.0, max_value=0.95),
    seed=st.integers(min_value=0, max_value=2**16),
)
def test_single_split_costs_match_the_regression(n: int, phi: float, seed: int) -> None:
    # the O(n) prefix-sum formula equals the least-squares fit on the explicit design
    rng = np.random.default_rng(seed)
    z = 50.0 + rng.normal(size=n).cumsum()
    at = np.arange(3, n - 1 - 3 + 1)
    fast = level_split_costs(z, phi, at, 1e-9)
    slow = np.array([level_costs(z, phi, at[i : i + 1], 1e-9) for i in range(at.size)])
    assert np.allclose(fast, slow, rtol=1e-9, atol=1e-6)
