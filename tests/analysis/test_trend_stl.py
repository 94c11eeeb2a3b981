"""STL decomposition then trend, on series with known seasonality."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from warindicators.analysis.trend.api import trend
from warindicators.analysis.trend.stl import default_period, stl_components
from warindicators.errors import ValidationError

WEEKLY = np.array([3.0, 1.0, 0.0, -1.0, -2.0, -4.0, 3.0])  # sums to zero


def _daily(n: int = 210, slope: float = 0.2, seed: int = 0) -> pd.Series:
    rng = np.random.default_rng(seed)
    index = pd.date_range("2023-01-02", periods=n, freq="D", name="date")  # a Monday
    values = 10 + slope * np.arange(n) + np.tile(WEEKLY, n // 7 + 1)[:n] + rng.normal(0, 0.3, n)
    s = pd.Series(values, index=index)
    s.attrs["units"] = "MW"
    return s


def test_weekly_seasonality_recovered_on_daily_data() -> None:
    res = trend(_daily(), method="stl")
    comp = res.components
    assert comp is not None
    assert res.statistics["period"] == 7
    by_weekday = comp["seasonal"].groupby(comp.index.day_of_week).mean().to_numpy()
    np.testing.assert_allclose(by_weekday, WEEKLY, atol=0.3)
    np.testing.assert_allclose(
        comp["trend"] + comp["seasonal"] + comp["resid"], comp["observed"], atol=1e-9
    )
    assert res.slope == pytest.approx(0.2, abs=0.01)
    assert res.slope_low < 0.2 < res.slope_high
    assert res.direction == "increasing"
    assert res.slope_unit == "MW per day"


def test_deseasonalising_tightens_the_interval() -> None:
    s = _daily(slope=0.02, seed=1)
    plain, stl = trend(s), trend(s, method="stl")
    assert stl.slope_high - stl.slope_low < 0.5 * (plain.slope_high - plain.slope_low)


def test_yearly_seasonality_on_monthly_data_with_ols() -> None:
    n = 96
    index = pd.date_range("2015-01-31", periods=n, freq="ME")
    season = 5 * np.sin(2 * np.pi * np.arange(n) / 12)
    s = pd.Series(-0.5 * np.arange(n) + season, index=index)
    res = trend(s, method="stl", test="ols_hac")
    assert res.statistics["period"] == 12
    assert res.per == "month"
    assert res.slope == pytest.approx(-0.5, abs=0.02)
    assert res.direction == "decreasing"
    assert np.abs(res.components["seasonal"] - season).max() < 0.5


def test_gaps_are_interpolated_for_the_decomposition_only() -> None:
    s = _daily()
    s.iloc[[20, 21, 50]] = np.nan
    res = trend(s, method="stl")
    assert res.components["interpolated"].sum() == 3
    assert res.n == s.notna().sum()


def test_errors() -> None:
    with pytest.raises(ValidationError, match="at least 15"):
        trend(_daily(n=12), method="stl")
    with pytest.raises(ValidationError, match="period"):
        default_period("step")
    with pytest.raises(ValidationError, match="regularly spaced"):
        stl_components(np.array([0.0, 1, 3, 4, 5, 6, 7, 8, 9]), np.ones(9), period=2)
    with pytest.raises(ValidationError, match="period"):
        trend(_daily(), method="stl", period=1)
    assert trend(np.tile(WEEKLY, 4), method="stl", period=7).per == "step"
