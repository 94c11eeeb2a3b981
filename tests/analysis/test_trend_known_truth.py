"""Known-truth synthetic series: interval coverage and false-alarm rates."""

from __future__ import annotations

import numpy as np
import pytest

from warindicators.analysis.trend.api import trend

SEEDS = range(300)


@pytest.mark.parametrize("method", ["mann_kendall", "ols_hac"])
def test_interval_covers_true_slope_at_nominal_rate(method: str) -> None:
    true_slope = 0.3
    t = np.arange(60.0)
    covered = 0
    for seed in SEEDS:
        x = 5.0 + true_slope * t + np.random.default_rng(seed).normal(0, 2.0, t.size)
        res = trend(x, method=method)  # type: ignore[call-overload]
        covered += res.slope_low <= true_slope <= res.slope_high
    rate = covered / len(SEEDS)
    # 95 % nominal; binomial sd over 300 seeds is 1.3 %; HAC is a bit liberal at n = 60
    assert 0.89 <= rate <= 0.99, rate


@pytest.mark.parametrize("method", ["mann_kendall", "ols_hac"])
def test_white_noise_rejects_at_about_alpha(method: str) -> None:
    rejections = 0
    for seed in SEEDS:
        x = np.random.default_rng(10_000 + seed).normal(size=80)
        rejections += trend(x, method=method).direction != "no trend"  # type: ignore[call-overload]
    rate = rejections / len(SEEDS)
    assert 0.015 <= rate <= 0.095, rate


def test_hamed_rao_controls_false_alarms_under_autocorrelation() -> None:
    """AR(1) noise inflates the plain test's false alarms; Hamed–Rao brings them down."""
    plain = corrected = corrected_lag3 = default = 0
    n_runs = 150
    for seed in range(n_runs):
        rng = np.random.default_rng(seed)
        e = rng.normal(size=100)
        x = np.empty(100)
        x[0] = e[0]
        for k in range(1, 100):
            x[k] = 0.6 * x[k - 1] + e[k]
        plain += trend(x, autocorrelation=None).p_value < 0.05
        default += trend(x).p_value < 0.05
        corrected += trend(x, autocorrelation="hamed_rao").p_value < 0.05
        corrected_lag3 += trend(x, autocorrelation="hamed_rao", lag=3).p_value < 0.05
    # AR(1) with rho = 0.6 multiplies the plain test's false alarms by about six; the
    # correction over all lags only partly repairs it, over the first 3 lags much more
    assert plain / n_runs > 0.2
    assert corrected <= plain - 0.05 * n_runs
    assert corrected_lag3 / n_runs < 0.2
    # the default AR(1) correction holds the level (about 5 % expected)
    assert default / n_runs < 0.1


def test_recovers_slope_of_strong_trend() -> None:
    t = np.arange(200.0)
    x = -1.5 * t + np.random.default_rng(1).standard_t(3, t.size)  # heavy tails
    res = trend(x)
    assert res.direction == "decreasing"
    assert res.slope == pytest.approx(-1.5, abs=0.02)
    assert res.p_value < 1e-10
