from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import warindicators as wi
from warindicators.errors import ValidationError


def frame(
    indicator: str,
    dates: list[str] | pd.DatetimeIndex,
    values: list[float],
    region: str = "UA",
    **extra: object,
) -> pd.DataFrame:
    return pd.DataFrame(
        {"indicator": indicator, "region": region, "date": dates, "value": values, **extra}
    )


def test_resample_by_measure() -> None:
    days = pd.date_range("2024-01-30", "2024-03-02", freq="D")
    n = len(days)
    vals = np.arange(n, dtype=float)
    flow = wi.IndicatorSeries.from_frame(
        frame("territory.area_change_km2", days, vals), "territory.area_change_km2"
    )
    stock = wi.IndicatorSeries.from_frame(
        frame("territory.area_occupied_km2", days, vals), "territory.area_occupied_km2"
    )
    share = wi.IndicatorSeries.from_frame(
        frame("territory.share_occupied_pct", days, vals), "territory.share_occupied_pct"
    )
    m = flow.resample("M").to_pandas()
    assert m.index.tolist() == [
        pd.Timestamp("2024-01-31"),
        pd.Timestamp("2024-02-29"),
        pd.Timestamp("2024-03-31"),
    ]
    assert m.tolist() == [0 + 1, sum(range(2, 31)), 31 + 32]
    assert stock.resample("M").to_pandas().tolist() == [1.0, 30.0, 32.0]
    assert share.resample("M").to_pandas().tolist() == [0.5, np.mean(range(2, 31)), 31.5]


def test_period_without_observations_is_missing_not_zero() -> None:
    s = wi.IndicatorSeries.from_frame(
        frame("outages.air_raid_alerts", ["2024-01-10", "2024-03-05"], [3.0, 4.0], region="UA-32"),
        "outages.air_raid_alerts",
        "UA-32",
    )
    m = s.resample("M").to_pandas()
    assert m.loc["2024-01-31"] == 3.0 and np.isnan(m.loc["2024-02-29"])


def test_resample_to_finer_frequency_refused() -> None:
    s = wi.load("territory.area_change_km2")
    with pytest.raises(ValidationError, match="finer"):
        s.resample("D")
    with pytest.raises(ValidationError, match="unknown frequency"):
        s.resample("fortnight")


def test_per_period_keeps_corrections_negative() -> None:
    s = wi.IndicatorSeries.from_frame(
        frame(
            "casualties.ru_equipment_claimed.tank",
            ["2023-05-26", "2023-05-27", "2023-05-28"],
            [3800.0, 3799.0, 3797.0],
            region="RU",
        ),
        "casualties.ru_equipment_claimed.tank",
    )
    pp = s.per_period()
    assert pp.indicator.measure == "flow"
    assert pp.to_pandas().tolist()[1:] == [-1.0, -2.0]
    assert np.isnan(pp.to_pandas().iloc[0])
    with pytest.raises(ValidationError):
        wi.load("territory.share_occupied_pct").per_period()


def test_as_of_returns_older_vintage() -> None:
    f = frame(
        "territory.area_occupied_km2",
        ["2024-01-31", "2024-01-31", "2024-02-29"],
        [100.0, 105.0, 110.0],
        published=["2024-02-01", "2024-03-05", "2024-03-05"],
    )
    s = wi.IndicatorSeries.from_frame(f, "territory.area_occupied_km2")
    assert s.to_pandas().tolist() == [105.0, 110.0]
    old = s.as_of("2024-02-15")
    assert old.to_pandas().tolist() == [100.0]
    assert s.as_of("2024-03-05").to_pandas().tolist() == [105.0, 110.0]


def test_bounds_qualifier_status_carried() -> None:
    f = frame(
        "casualties.civilian_killed",
        ["2023-01-01", "2023-06-30"],
        [7000.0, 9177.0],
        low=[7000.0, 9177.0],
        qualifier=["at least", "at least"],
        status=["A", "P"],
    )
    s = wi.IndicatorSeries.from_frame(f, "casualties.civilian_killed")
    assert s.low.tolist() == [7000.0, 9177.0]
    assert s.qualifier.tolist() == ["at least", "at least"]
    assert s.status.tolist() == ["A", "P"]
    attrs = s.to_pandas().attrs
    assert attrs["bound"] == "lower" and attrs["units"] == "persons"
    assert attrs["region"] == "UA" and attrs["latest_date"] == "2023-06-30"


def test_extra_dims_select_or_sum() -> None:
    f = pd.DataFrame(
        {
            "indicator": "energy.eu_gas_imports_m3",
            "region": "EU",
            "partner": ["RU", "NO", "RU", "NO"],
            "date": ["2021-01-01", "2021-01-01", "2021-01-02", "2021-01-02"],
            "value": [10.0, 5.0, 11.0, -1.0],
        }
    )
    assert wi.IndicatorSeries.from_frame(
        f, "energy.eu_gas_imports_m3", partner="NO"
    ).to_pandas().tolist() == [5.0, -1.0]
    total = wi.IndicatorSeries.from_frame(f, "energy.eu_gas_imports_m3")
    assert total.to_pandas().tolist() == [15.0, 10.0]
    assert total.selection == {"partner": "*"}
    with pytest.raises(ValidationError, match="not extra dimensions"):
        wi.IndicatorSeries.from_frame(f, "energy.eu_gas_imports_m3", queue="1.1")


def test_from_frame_region_errors() -> None:
    f = frame("outages.air_raid_alerts", ["2024-01-01"] * 2, [1.0, 2.0])
    f["region"] = ["UA-32", "UA-30"]
    with pytest.raises(ValidationError, match="available"):
        wi.IndicatorSeries.from_frame(f, "outages.air_raid_alerts", "UA-46")


flows = st.lists(
    st.one_of(st.floats(-1e6, 1e6, allow_nan=False), st.just(float("nan"))),
    min_size=1,
    max_size=120,
)


@settings(max_examples=60, deadline=None)
@given(flows)
def test_round_trip_per_period_cumulative(values: list[float]) -> None:
    days = pd.date_range("2023-01-01", periods=len(values), freq="D")
    vals = np.array(values)
    vals[0] = 0.0 if np.isnan(vals[0]) else vals[0]
    s = wi.IndicatorSeries.from_frame(
        frame("territory.area_change_km2", days, list(vals)), "territory.area_change_km2"
    )
    back = s.cumulative().per_period().to_pandas()
    ok = ~np.isnan(vals)
    ok[1:] &= ~np.isnan(vals[:-1])
    np.testing.assert_allclose(back.to_numpy()[ok], vals[ok], rtol=1e-9, atol=1e-6)


@settings(max_examples=60, deadline=None)
@given(flows, st.sampled_from(["W", "M", "Q", "Y"]))
def test_resampling_a_flow_preserves_its_total(values: list[float], freq: str) -> None:
    days = pd.date_range("2023-12-20", periods=len(values), freq="D")
    s = wi.IndicatorSeries.from_frame(
        frame("territory.area_change_km2", days, values), "territory.area_change_km2"
    )
    total = np.nansum(values)
    got = s.resample(freq).to_pandas()
    assert np.nansum(got.to_numpy()) == pytest.approx(total, rel=1e-9, abs=1e-6)
    assert got.isna().sum() <= len(got)


def test_region_default_is_ua_then_the_indicators_own() -> None:
    days = pd.date_range("2024-01-01", periods=3)
    both = pd.concat(
        [
            frame("casualties.ru_personnel_claimed", days, [1.0, 2.0, 3.0], region="RU"),
            frame("casualties.ru_personnel_claimed", days, [7.0, 8.0, 9.0], region="UA"),
        ]
    )
    assert wi.IndicatorSeries.from_frame(both, "casualties.ru_personnel_claimed").region == "UA"
    ru = both[both.region == "RU"]
    assert wi.IndicatorSeries.from_frame(ru, "casualties.ru_personnel_claimed").region == "RU"


def test_partial_periods_are_provisional_and_frequency_follows() -> None:
    days = pd.date_range("2023-01-01", "2023-02-10")  # a Sunday .. mid-February
    s = wi.IndicatorSeries.from_frame(
        frame("territory.area_change_km2", days, [1.0] * 41), "territory.area_change_km2"
    )
    w = s.resample("W")
    f = w.to_frame()
    assert f["n_obs"].iloc[0] == 1 and f["status"].iloc[0] == "P"
    assert (f["status"].iloc[1:-1] == "A").all() and f["status"].iloc[-1] == "P"
    assert w.to_pandas().attrs["frequency"] == "W"
    m = s.resample("M").to_frame()
    assert m["status"].tolist() == ["A", "P"]
