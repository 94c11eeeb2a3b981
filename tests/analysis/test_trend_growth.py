"""Growth rates follow the indicator's measure."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from warindicators.analysis.trend.growth import growth
from warindicators.errors import ValidationError
from warindicators.indicators.model import Indicator


class _FakeSeries:
    """Duck-typed IndicatorSeries."""

    def __init__(self, series: pd.Series, indicator: Indicator) -> None:
        self._s = series
        self.indicator = indicator

    def to_pandas(self) -> pd.Series:
        return self._s.copy()


def _with(series: pd.Series, measure: str) -> pd.Series:
    series.attrs["measure"] = measure
    return series


MONTHS = pd.date_range("2022-01-31", periods=24, freq="ME", name="date")


def test_stock_levels_percent_change() -> None:
    s = _with(pd.Series([200.0, 210.0, 189.0, 0.0, 10.0]), "stock")
    out = growth(s)
    np.testing.assert_allclose(out.to_numpy()[:4], [np.nan, 5.0, -10.0, -100.0])
    assert np.isnan(out.iloc[4])  # zero base: undefined, not infinite
    assert out.attrs["units"] == "%"


def test_share_in_percentage_points() -> None:
    s = _with(pd.Series([40.0, 45.0, 30.0]), "share")
    out = growth(s)
    np.testing.assert_allclose(out.to_numpy(), [np.nan, 5.0, -15.0])
    assert out.attrs["units"] == "percentage points"


def test_cumulative_uses_per_period_differences() -> None:
    ind = Indicator(
        id="casualties.killed_total",
        family="casualties",
        title="Killed",
        unit="persons",
        measure="cumulative",
        frequency="M",
    )
    running = pd.Series(np.cumsum([10.0, 20.0, 30.0, 15.0]), index=MONTHS[:4])
    out = growth(_FakeSeries(running, ind))
    # per-month amounts: unknown for the first month, then 20, 30, 15 -> +50 %, -50 %
    np.testing.assert_allclose(out.to_numpy(), [np.nan, np.nan, 50.0, -50.0])
    assert out.attrs["measure"] == "cumulative"


def test_flow_compares_period_totals_after_aggregation() -> None:
    days = pd.date_range("2024-01-01", "2024-03-31", freq="D")
    s = _with(pd.Series(1.0, index=days), "flow")
    out = growth(s, freq="ME")
    # monthly totals 31, 29, 31
    np.testing.assert_allclose(out.to_numpy(), [np.nan, (29 / 31 - 1) * 100, (31 / 29 - 1) * 100])
    stock = growth(s, freq="ME", measure="stock")  # last level: always 1 -> 0 %
    np.testing.assert_allclose(stock.to_numpy()[1:], [0.0, 0.0])


def test_year_on_year_with_dates_and_steps() -> None:
    s = pd.Series(np.arange(1.0, 25.0), index=MONTHS)
    out = growth(s, "yoy")
    assert out.iloc[:12].isna().all()
    np.testing.assert_allclose(
        out.iloc[12:].to_numpy(), (np.arange(13.0, 25.0) / np.arange(1.0, 13.0) - 1) * 100
    )
    plain = growth(np.arange(1.0, 25.0), "yoy", periods_per_year=12)
    np.testing.assert_allclose(plain.to_numpy(), out.to_numpy())


def test_errors() -> None:
    with pytest.raises(ValidationError, match="kind"):
        growth([1.0, 2.0], "mom")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="periods_per_year"):
        growth([1.0, 2.0, 3.0], "yoy")
    with pytest.raises(ValidationError, match="measure"):
        growth([1.0, 2.0], measure="volume")
    with pytest.raises(ValidationError, match="numeric"):
        growth(pd.Series(["a", "b"]))


def test_weekly_year_on_year_compares_52_weeks_back() -> None:
    weeks = pd.date_range("2023-01-01", periods=60, freq="W-SUN")
    s = _with(pd.Series(np.arange(1.0, 61.0), index=weeks), "flow")
    out = growth(s, "yoy")
    assert out.iloc[:52].isna().all()
    np.testing.assert_allclose(
        out.iloc[52:], (np.arange(53.0, 61.0) / np.arange(1.0, 9.0) - 1) * 100
    )
