"""The default controls false alarms on change-free series and still finds clear shifts."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from statsmodels.tsa.arima_process import ArmaProcess

from warindicators.analysis.changepoints import changepoints

N_SERIES = 100
N_OBS = 500


def ar1(rng: np.random.Generator, n: int, phi: float) -> np.ndarray:
    """AR(1) noise with unit innovations (statsmodels' ARMA sampler, 200 burn-in)."""
    return ArmaProcess([1.0, -phi]).generate_sample(n, burnin=200, distrvs=rng.normal)


GENERATORS = {
    "white_noise": lambda rng: rng.normal(10.0, 2.0, N_OBS),
    "ar1_phi_0.5": lambda rng: ar1(rng, N_OBS, 0.5),
    "poisson_rate_4": lambda rng: rng.poisson(4.0, N_OBS).astype(float),
}


@pytest.mark.parametrize("kind", sorted(GENERATORS))
def test_default_false_alarm_rate_at_most_5_percent(kind: str) -> None:
    rng = np.random.default_rng(20240224)
    alarms = sum(changepoints(GENERATORS[kind](rng)).n_changepoints > 0 for _ in range(N_SERIES))
    assert alarms <= 0.05 * N_SERIES, f"{kind}: {alarms} of {N_SERIES} series with a change"


def test_without_autocorrelation_correction_ar1_alarms_are_frequent() -> None:
    # shows the correction is doing the work (the test above cannot pass vacuously)
    rng = np.random.default_rng(20240224)
    alarms = sum(
        changepoints(ar1(rng, N_OBS, 0.5), cost="mean", autocorrelation=False).n_changepoints > 0
        for _ in range(50)
    )
    assert alarms > 0.1 * 50


def test_default_finds_clear_shifts_in_ar1_noise() -> None:
    rng = np.random.default_rng(11)
    hits = 0
    for _ in range(40):
        # AR(1) noise has marginal sd 1/sqrt(1 - 0.25) ~ 1.15; shifts of about 3 sd
        x = ar1(rng, N_OBS, 0.5) + np.r_[np.zeros(200), np.full(150, 3.5), np.full(150, 0.0)]
        idx = np.asarray(changepoints(x).indices)
        hits += len(idx) == 2 and bool(np.all(np.abs(idx - [200, 350]) <= 10))
    assert hits >= 0.9 * 40


def seasonal_ar1(rng: np.random.Generator, n: int, amplitude: float) -> np.ndarray:
    """AR(1) noise (phi 0.5) plus a fixed monthly profile (period 12)."""
    profile = amplitude * np.sin(2 * np.pi * np.arange(12) / 12) + rng.normal(0, 0.3, 12)
    return ar1(rng, n, 0.5) + profile[np.arange(n) % 12]


def test_default_false_alarm_rate_on_seasonal_autocorrelated_series() -> None:
    rng = np.random.default_rng(5)
    alarms = sum(changepoints(seasonal_ar1(rng, 240, 3.0)).n_changepoints > 0 for _ in range(60))
    assert alarms <= 0.05 * 60


def test_default_finds_a_level_shift_in_a_seasonal_monthly_series() -> None:
    rng = np.random.default_rng(7)
    hits = 0
    periods = []
    for _ in range(20):
        x = seasonal_ar1(rng, 240, 3.0) + np.r_[np.zeros(150), np.full(90, 4.0)]
        series = pd.Series(x, index=pd.date_range("2000-01-01", periods=240, freq="MS"))
        res = changepoints(series)
        periods.append(res.params["period"])
        hits += res.indices == [150] or (res.n_changepoints == 1 and abs(res.indices[0] - 150) <= 3)
    assert hits >= 18
    # the seasonal profile was recognised and removed (monthly dates imply period 12)
    assert periods.count(12) >= 18


def test_seasonal_profile_matters_for_the_level_shift() -> None:
    # without the seasonal step the strong profile looks like autocorrelated noise and
    # the shift is missed
    from warindicators.analysis.changepoints.auto import auto_segment

    rng = np.random.default_rng(8)
    x = seasonal_ar1(rng, 240, 6.0) + np.r_[np.zeros(150), np.full(90, 4.0)]
    fit = auto_segment(x)
    assert fit.period == 12
    assert fit.indices.size == 1 and abs(int(fit.indices[0]) - 150) <= 3
    assert auto_segment(x, periods=()).indices.size == 0


def test_default_finds_a_trend_change_with_the_linear_model() -> None:
    rng = np.random.default_rng(9)
    t = np.arange(400.0)
    hits = 0
    for _ in range(20):
        # slope +0.02 then -0.08 per step: a kink, no jump. A kink is located less
        # precisely than a jump (segments are fitted without continuity): within 25
        trend = np.where(t < 250, 0.02 * t, 5.0 - 0.08 * (t - 250))
        res = changepoints(trend + ar1(rng, 400, 0.5))
        hits += res.cost == "linear" and res.n_changepoints == 1 and abs(res.indices[0] - 250) <= 25
    assert hits >= 17


def test_default_keeps_a_single_trend_in_one_piece() -> None:
    rng = np.random.default_rng(10)
    fits = [changepoints(0.02 * np.arange(500.0) + ar1(rng, N_OBS, 0.5)) for _ in range(30)]
    assert sum(f.n_changepoints > 0 for f in fits) <= 0.05 * 30
    assert all(f.cost == "linear" for f in fits)


def test_default_finds_a_jump_in_a_smooth_curved_trend() -> None:
    # A logistic growth curve with tiny noise: piecewise-linear residuals of the curvature
    # look like a unit root (lag-1 autocorrelation near 1). The AR(1) clip at 0.9 keeps
    # the penalty finite, so a clear jump is still found; clipping nearer 1 (e.g. at
    # (n - 1) / (n + 1), an effective sample size of one) loses it.
    t = np.arange(600.0)
    curve = 1000.0 / (1.0 + np.exp(-(t - 300.0) / 120.0))
    hits = 0
    for seed in range(10):
        noise = np.random.default_rng(seed).normal(0.0, 0.02, t.size)
        idx = np.asarray(changepoints(curve + noise + 100.0 * (t >= 400)).indices)
        hits += bool(idx.size) and bool(np.min(np.abs(idx - 400)) <= 5)
    assert hits >= 9
