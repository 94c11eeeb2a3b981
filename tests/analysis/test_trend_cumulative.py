"""Cumulative series are trend-tested through their increments per period, never levels."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import xarray as xr

import warindicators as wi
from warindicators.analysis.trend import trend
from warindicators.errors import ValidationError

MONTH = 365.2425 / 12  # days


def irregular_days(seed: int, n: int) -> np.ndarray:
    """Report days 10-50 days apart (about monthly, irregular), starting at day 0."""
    gaps = np.random.default_rng(seed).integers(10, 51, n - 1)
    return np.concatenate([[0], np.cumsum(gaps)])


def cumulative_counts(days: np.ndarray, rate: np.ndarray, seed: int) -> np.ndarray:
    """Running total of Poisson daily counts with the given daily rate, read on ``days``."""
    daily = np.random.default_rng(seed).poisson(rate)
    return np.cumsum(daily)[days].astype(float)


def civilian_series(values: np.ndarray, days: np.ndarray) -> wi.IndicatorSeries:
    dates = pd.Timestamp("2022-03-01") + pd.to_timedelta(days, unit="D")
    frame = pd.DataFrame(
        {
            "indicator": "casualties.civilian_killed",
            "region": "UA",
            "date": dates,
            "value": values,
        }
    )
    return wi.IndicatorSeries.from_frame(frame, "casualties.civilian_killed")


def test_constant_rate_gives_no_trend_in_the_rate() -> None:
    days = irregular_days(1, 30)
    horizon = days[-1] + 1
    values = cumulative_counts(days, np.full(horizon, 40.0), seed=2)
    res = trend(civilian_series(values, days))
    assert res.quantity == "increments"
    assert res.direction == "no trend"  # the level of course rises every time
    assert res.n == 29
    assert res.per == "month"  # reports about 30 days apart
    assert res.slope_low <= 0.0 <= res.slope_high
    assert abs(res.slope) < 0.01 * 40.0 * MONTH  # under 1 % of the rate per month
    assert float(np.mean(res.values)) == pytest.approx(40.0 * MONTH, rel=0.03)


def test_accelerating_total_gives_an_increasing_rate() -> None:
    days = irregular_days(3, 30)
    horizon = days[-1] + 1
    rate = 20.0 + 0.05 * np.arange(horizon)  # +0.05 persons per day, every day
    values = cumulative_counts(days, rate, seed=4)
    res = trend(civilian_series(values, days))
    assert res.direction == "increasing"
    assert res.slope_unit == "persons per month per month"
    assert res.slope == pytest.approx(0.05 * MONTH**2, rel=0.1)
    assert res.slope_low <= 0.05 * MONTH**2 <= res.slope_high


def test_daily_total_gives_rates_per_day() -> None:
    days = np.cumsum(np.r_[0, np.random.default_rng(5).integers(1, 3, 199)])  # 1-2 days
    rate = 20.0 + 0.05 * np.arange(days[-1] + 1)
    res = trend(civilian_series(cumulative_counts(days, rate, seed=6), days))
    assert res.slope_unit == "persons per day per day"
    assert res.direction == "increasing"
    assert res.slope == pytest.approx(0.05, rel=0.15)


def test_increments_sit_at_the_middle_of_their_interval() -> None:
    days = np.array([0, 10, 40, 50, 90, 100])
    values = 3.0 * days + 0.01 * days**2  # rate 3 + 0.02 t exactly
    res = trend(civilian_series(values, days))
    mid = (days[1:] + days[:-1]) / 2
    np.testing.assert_allclose(res.values, 3.0 + 0.02 * mid)
    assert res.slope == pytest.approx(0.02)
    expected = pd.Timestamp("2022-03-01") + pd.to_timedelta(mid, unit="D")
    assert list(res.index) == list(expected)


def test_pandas_attrs_mark_a_cumulative_series() -> None:
    index = pd.date_range("2023-01-31", periods=24, freq="ME")
    s = pd.Series(100.0 * np.arange(24) + np.random.default_rng(0).normal(0, 3, 24), index=index)
    s.attrs = {"measure": "cumulative", "units": "entries"}
    res = trend(s)
    assert (res.quantity, res.per, res.unit) == ("increments", "month", "entries per month")
    assert res.direction == "no trend"
    level = trend(pd.Series(s.to_numpy(), index=index))  # no attrs: the level is tested
    assert level.quantity == "values" and level.direction == "increasing"


def test_missing_totals_are_bridged() -> None:
    index = pd.date_range("2023-01-31", periods=10, freq="ME")
    s = pd.Series(10.0 * np.arange(10), index=index)
    s.iloc[[3, 4]] = np.nan
    s.attrs = {"measure": "cumulative"}
    res = trend(s)
    assert res.n == 7
    np.testing.assert_allclose(res.values, 10.0, rtol=0.02)  # 60 over the 3-month gap


def test_too_few_increments_raise() -> None:
    s = pd.Series([1.0, 2, 3, 4], index=pd.date_range("2024-01-31", periods=4, freq="ME"))
    s.attrs = {"measure": "cumulative"}
    with pytest.raises(ValidationError, match="increments of the cumulative total"):
        trend(s)


def test_cumulative_panel_uses_increments() -> None:
    time = pd.date_range("2023-01-31", periods=36, freq="ME", name="time")
    steady = 50.0 * np.arange(36)
    faster = 50.0 * np.arange(36) + 2.0 * np.arange(36) ** 2
    da = xr.DataArray(
        np.stack([steady, faster]),
        dims=("region", "time"),
        coords={"region": ["UA-01", "UA-02"], "time": time},
        attrs={"measure": "cumulative", "units": "entries"},
    )
    ds = trend(da)
    assert isinstance(ds, xr.Dataset)
    assert ds.attrs["quantity"] == "increments"
    assert ds.attrs["units"] == "entries per month per month"
    assert ds["direction"].values.tolist() == ["no trend", "increasing"]
    assert float(ds["slope"].sel(region="UA-02")) == pytest.approx(4.0)
    single = trend(da.sel(region="UA-02").to_series().rename("x").pipe(_with, da.attrs))
    assert single.slope == pytest.approx(float(ds["slope"].sel(region="UA-02")))


def _with(s: pd.Series, attrs: dict[str, str]) -> pd.Series:
    s.attrs = dict(attrs)
    return s


def test_plot_draws_the_increments_that_were_fitted() -> None:
    import matplotlib

    matplotlib.use("Agg")
    days = np.array([0, 10, 40, 50, 90, 100])
    res = trend(civilian_series(3.0 * days + 0.01 * days**2, days))
    ax = res.plot()
    drawn = np.concatenate([np.asarray(line.get_ydata(), dtype=float) for line in ax.lines])
    for value in res.values:
        assert np.isclose(drawn, value).any() or any(
            np.isclose(np.asarray(c.get_offsets())[:, 1], value).any() for c in ax.collections
        )
