"""The default trend verdict holds its level on short autocorrelated series and keeps power.

Synthetic series with known truth at the lengths reports use (24-60 monthly points) and at
daily lengths, through the public ``trend`` on a panel (one row per simulated series; the
panel and the one-series path give the same numbers, see ``test_trend_panel``). Fixed
seeds; each bound sits two or more binomial standard errors away from the rate measured
on 20 000 series (the figures in the comments; 4 000 series at n = 24, where the bounds
are closest, 1 000 elsewhere), and the plain test's failures are many standard errors
away.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import xarray as xr

from warindicators.analysis.trend import trend

REPS = 1000


def reps(n: int) -> int:
    return 4000 if n == 24 else REPS


def ar1_noise(seed: int, reps: int, n: int, phi: float) -> np.ndarray:
    """Stationary AR(1) rows with marginal standard deviation 1."""
    rng = np.random.default_rng(seed)
    e = rng.normal(size=(reps, n))
    x = np.empty_like(e)
    x[:, 0] = e[:, 0]
    for k in range(1, n):
        x[:, k] = phi * x[:, k - 1] + np.sqrt(1 - phi**2) * e[:, k]
    return x


def monthly_panel(data: np.ndarray) -> xr.DataArray:
    time = pd.date_range("2021-01-31", periods=data.shape[1], freq="ME", name="time")
    return xr.DataArray(data, dims=("series", "time"), coords={"time": time})


def verdict_rate(data: np.ndarray, **kwargs: object) -> float:
    ds = trend(monthly_panel(data), **kwargs)  # type: ignore[call-overload]
    return float((ds["direction"] != "no trend").mean())


def rise(n: int, sds: float) -> np.ndarray:
    """A linear rise of ``sds`` marginal standard deviations over the window."""
    return sds * np.arange(n) / (n - 1)


@pytest.mark.parametrize("n", [24, 36, 48, 60])
def test_false_alarms_under_ar1_noise(n: int) -> None:
    x = ar1_noise(100 + n, reps(n), n, 0.5)
    assert verdict_rate(x) <= 0.10  # 7.7 % at n = 24, 7.0 / 6.2 / 6.3 % at 36 / 48 / 60
    assert verdict_rate(x, autocorrelation=None) >= 0.18  # plain test: 21-24 %


@pytest.mark.parametrize("n", [24, 36, 48, 60])
def test_false_alarms_under_white_noise(n: int) -> None:
    assert verdict_rate(ar1_noise(200 + n, reps(n), n, 0.0)) <= 0.06  # 3.3-4.2 %


@pytest.mark.parametrize(("n", "power"), [(24, 0.60), (36, 0.75), (48, 0.85), (60, 0.92)])
def test_detects_a_rise_of_three_sds_in_ar1_noise(n: int, power: float) -> None:
    x = ar1_noise(300 + n, reps(n), n, 0.5) + rise(n, 3.0)
    ds = trend(monthly_panel(x))
    assert isinstance(ds, xr.Dataset)
    assert float((ds["direction"] == "increasing").mean()) >= power  # 62 / 78 / 88 / 95 %
    assert float((ds["direction"] == "decreasing").mean()) < 0.01


def test_poisson_counts_hold_the_level() -> None:
    rng = np.random.default_rng(5)
    rates = [
        verdict_rate(rng.poisson(lam, (REPS, n)).astype(float))
        for n in (24, 60)
        for lam in (0.5, 3.0)
    ]
    assert max(rates) <= 0.06  # 3-5 %


@pytest.mark.parametrize(("n", "low"), [(24, 0.89), (60, 0.92)])
def test_slope_interval_coverage_under_ar1(n: int, low: float) -> None:
    slope = 3.0 / (n - 1)
    x = ar1_noise(400 + n, reps(n), n, 0.5) + slope * np.arange(n)
    ds = trend(monthly_panel(x))
    plain = trend(monthly_panel(x), autocorrelation=None)
    assert isinstance(ds, xr.Dataset) and isinstance(plain, xr.Dataset)

    def coverage(d: xr.Dataset) -> float:
        return float(((d["slope_low"] <= slope) & (slope <= d["slope_high"])).mean())

    assert coverage(ds) >= low  # 91.9 % at n = 24, 93.6 % at n = 60 (nominal 95 %)
    assert coverage(plain) <= 0.82  # the uncorrected interval: 76-79 %


@pytest.mark.slow
@pytest.mark.parametrize("n", [500, 1000])
def test_daily_lengths_hold_the_level(n: int) -> None:
    reps = 150
    time = pd.date_range("2022-02-24", periods=n, name="time")
    for phi, bound in ((0.0, 0.10), (0.5, 0.12), (0.9, 0.15)):
        x = ar1_noise(500 + n + int(10 * phi), reps, n, phi)
        ds = trend(xr.DataArray(x, dims=("series", "time"), coords={"time": time}))
        assert isinstance(ds, xr.Dataset)
        assert float((ds["direction"] != "no trend").mean()) <= bound  # 0-13 % measured


def test_single_series_default_equals_panel_row() -> None:
    x = ar1_noise(7, 3, 24, 0.5) + rise(24, 3.0)
    ds = trend(monthly_panel(x))
    assert isinstance(ds, xr.Dataset)
    for k in range(3):
        one = trend(monthly_panel(x).isel(series=k))
        assert one.autocorrelation == "ar1"
        assert one.p_value == pytest.approx(float(ds["p_value"][k]), rel=1e-12)
        assert one.slope_low == pytest.approx(float(ds["slope_low"][k]), rel=1e-12)
        assert 0.0 <= one.statistics["phi"] + 1.0 and one.statistics["variance_factor"] >= 1.0
