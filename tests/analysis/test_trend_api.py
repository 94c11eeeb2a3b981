"""The user-facing trend(): inputs, units, edge cases, result object, plot."""

from __future__ import annotations

import json

import matplotlib
import numpy as np
import pandas as pd
import pytest
import xarray as xr

from warindicators.analysis.trend import TrendResult, trend
from warindicators.errors import ValidationError, WarIndicatorsError
from warindicators.indicators.model import Indicator

matplotlib.use("Agg")

AREA = Indicator(
    id="territory.area_occupied_km2",
    family="territory",
    title="Occupied area",
    unit="km2",
    measure="stock",
    frequency="D",
)


class _FakeSeries:
    """Duck-typed IndicatorSeries: ``.indicator`` and ``.to_pandas()``."""

    def __init__(self, series: pd.Series, indicator: Indicator) -> None:
        self._s = series
        self.indicator = indicator

    def to_pandas(self) -> pd.Series:
        out = self._s.copy()
        out.attrs = {"indicator": self.indicator.id, "measure": self.indicator.measure}
        return out


def _daily(n: int = 60, slope: float = -4.0) -> pd.Series:
    index = pd.date_range("2024-01-01", periods=n, name="date")
    rng = np.random.default_rng(0)
    return pd.Series(1000 + slope * np.arange(n) + rng.normal(0, 3, n), index=index)


def test_indicator_series_gives_units_per_day() -> None:
    res = trend(_FakeSeries(_daily(), AREA))
    assert isinstance(res, TrendResult)
    assert (res.unit, res.per, res.slope_unit) == ("km2", "day", "km2 per day")
    assert res.name == "territory.area_occupied_km2"
    assert res.slope == pytest.approx(-4.0, abs=0.1)
    assert res.direction == "decreasing"


@pytest.mark.parametrize(
    ("freq", "per"), [("D", "day"), ("W-SUN", "week"), ("ME", "month"), ("QE", "quarter")]
)
def test_slope_is_per_period_of_the_frequency(freq: str, per: str) -> None:
    index = pd.date_range("2020-01-01", periods=40, freq=freq)
    res = trend(pd.Series(3.0 * np.arange(40), index=index))
    assert res.per == per
    assert res.slope == pytest.approx(3.0)


def test_irregular_dates_use_median_spacing() -> None:
    days = np.cumsum([0, 7, 7, 8, 6, 7, 14, 7, 7, 7])
    index = pd.Timestamp("2024-01-01") + pd.to_timedelta(days, unit="D")
    res = trend(pd.Series(2.0 * days / 7.0, index=index))
    assert res.per == "week"
    assert res.slope == pytest.approx(2.0)


def test_missing_values_are_dropped() -> None:
    s = _daily()
    s.iloc[[5, 6, 30]] = np.nan
    res = trend(s)
    assert res.n == 57
    assert len(res.t) == 57 and len(res.index) == 57
    assert res.slope == pytest.approx(trend(s.dropna()).slope)


def test_dataarray_1d() -> None:
    s = _daily()
    da = xr.DataArray(
        s.to_numpy(), dims="time", coords={"time": s.index.rename("time")}, attrs={"units": "km2"}
    )
    res = trend(da)
    assert isinstance(res, TrendResult)
    assert res.slope == pytest.approx(trend(s).slope)
    assert res.slope_unit == "km2 per day"


@pytest.mark.parametrize(
    ("bad", "match"),
    [
        ([1.0, 2.0, 3.0], "at least 4"),
        ([1.0, np.nan, 2.0, np.nan, 3.0], "at least 4"),
        ([1.0, 2.0, np.inf, 4.0, 5.0], "finite"),
        (["a", "b", "c", "d"], "numeric"),
        (np.ones((3, 4)), "1-D"),
        ([], "at least one"),
    ],
)
def test_bad_input_raises_validation_error(bad: object, match: str) -> None:
    with pytest.raises(ValidationError, match=match):
        trend(bad)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"method": "sen"}, "method"),
        ({"alpha": 1.5}, "alpha"),
        ({"autocorrelation": "yue_wang"}, "autocorrelation"),
        ({"method": "ols_hac", "maxlags": -1}, "maxlags"),
        ({"method": "stl", "test": "sen"}, "test"),
        ({"method": "ols_hac", "autocorrelation": "hamed_rao"}, "autocorrelation"),
        ({"autocorrelation": "hamed_rao", "lag": 0}, "lag"),
    ],
)
def test_bad_options(kwargs: dict[str, object], match: str) -> None:
    with pytest.raises(WarIndicatorsError, match=match):
        trend(_daily(), **kwargs)  # type: ignore[call-overload]


def test_unsorted_dates_and_dataset_rejected() -> None:
    s = _daily()
    with pytest.raises(ValidationError, match="increasing"):
        trend(s.iloc[::-1])
    with pytest.raises(ValidationError, match="Dataset"):
        trend(xr.Dataset({"a": ("time", np.arange(5.0))}))


def test_to_dict_is_json_ready_and_complete() -> None:
    res = trend(_FakeSeries(_daily(), AREA))
    d = res.to_dict()
    json.dumps(d)
    for key in (
        "slope",
        "slope_low",
        "slope_high",
        "p_value",
        "direction",
        "method",
        "n",
        "intercept",
        "unit",
        "per",
        "slope_unit",
        "start",
        "end",
        "z",
        "s",
        "var_s",
    ):
        assert key in d
    assert d["start"].startswith("2024-01-01")
    assert d["slope_low"] <= d["slope"] <= d["slope_high"]


def test_fitted_line_and_plot() -> None:
    res = trend(_FakeSeries(_daily(), AREA))
    fitted = res.fitted()
    assert fitted.index.equals(res.index)
    assert fitted.iloc[0] == pytest.approx(res.intercept)
    ax = res.plot()
    assert ax.get_ylabel() == "km2"
    labels = ax.get_legend_handles_labels()[1]
    assert any("km2 per day" in label for label in labels)
    assert any("95% slope interval" in label for label in labels)
    stl_ax = trend(_daily(120), method="stl").plot()
    assert "deseasonalised" in stl_ax.get_legend_handles_labels()[1]
    import matplotlib.pyplot as plt

    plt.close("all")


def test_alpha_changes_interval_and_decision() -> None:
    x = np.array([1.0, 3, 2, 4, 3, 5, 4, 4.5, 3.8, 5.2])
    wide, narrow = trend(x, alpha=0.01), trend(x, alpha=0.2)
    assert wide.slope == narrow.slope
    assert wide.slope_low <= narrow.slope_low <= narrow.slope_high <= wide.slope_high
    assert wide.p_value == narrow.p_value


def test_period_index_is_labelled_by_period_end() -> None:
    index = pd.period_range("2023-01", periods=12, freq="M")
    res = trend(pd.Series(np.arange(12.0) * 7, index=index))
    assert res.per == "month"
    assert res.slope == pytest.approx(7.0)
    assert res.index is not None and res.index[0] == pd.Timestamp("2023-01-31")
