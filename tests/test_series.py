from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
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


# -- combining regions and dimensions follows the one aggregation rule -----------------------
def test_from_frame_sums_regions_of_a_count_and_says_so() -> None:
    f = frame("outages.air_raid_alerts", ["2024-01-31"] * 3 + ["2024-02-29"] * 3, [1.0] * 6)
    f["region"] = ["UA-32", "UA-30", "UA-46"] * 2
    f.loc[5, "value"] = 4.0
    s = wi.IndicatorSeries.from_frame(f, "outages.air_raid_alerts")
    assert s.region == "*"
    assert s.to_pandas().tolist() == [3.0, 6.0]
    attrs = s.to_pandas().attrs
    assert attrs["aggregation"] == "sum of 3 regions (UA-30, UA-32, UA-46)"
    assert attrs["parts"] == ["UA-30", "UA-32", "UA-46"]


def test_from_frame_refuses_to_sum_shares_naming_what_to_pass() -> None:
    f = frame("territory.share_occupied_pct", ["2024-01-31"] * 3, [50.0, 60.0, 70.0])
    f["region"] = ["UA-32", "UA-46", "UA-63"]
    with pytest.raises(ValidationError) as err:
        wi.IndicatorSeries.from_frame(f, "territory.share_occupied_pct")
    msg = str(err.value)
    assert msg.startswith("territory.share_occupied_pct: shares are not summed over regions")
    assert "region= one of ['UA-32', 'UA-46', 'UA-63']" in msg
    assert "180" not in msg
    one = wi.IndicatorSeries.from_frame(f, "territory.share_occupied_pct", region="UA-46")
    assert one.to_pandas().tolist() == [60.0]


def test_from_frame_never_adds_publishers() -> None:
    f = pd.DataFrame(
        {
            "indicator": "casualties.military_deaths_estimate",
            "region": "RU",
            "publisher": ["A", "B"],
            "date": pd.to_datetime(["2024-06-30"] * 2),
            "value": [60_000.0, 100_000.0],
        }
    )
    with pytest.raises(ValidationError, match="publisher= one of \\['A', 'B'\\]"):
        wi.IndicatorSeries.from_frame(f, "casualties.military_deaths_estimate")
    b = wi.IndicatorSeries.from_frame(f, "casualties.military_deaths_estimate", publisher="B")
    assert b.to_pandas().tolist() == [100_000.0]


def test_from_frame_picks_one_source_when_asked() -> None:
    f = frame("casualties.civilian_killed", ["2024-01-31"] * 2, [10_000.0, 10_200.0])
    f["source"] = ["OHCHR", "other"]
    f["published"] = pd.to_datetime(["2024-02-10", "2024-02-12"])
    with pytest.raises(ValidationError, match="source= one of \\['OHCHR', 'other'\\]"):
        wi.IndicatorSeries.from_frame(f, "casualties.civilian_killed")
    s = wi.IndicatorSeries.from_frame(f, "casualties.civilian_killed", source="OHCHR")
    assert s.to_pandas().tolist() == [10_000.0] and s.selection == {"source": "OHCHR"}


def test_combined_series_keeps_the_vintages_of_its_parts() -> None:
    f = frame("outages.air_raid_alert_hours", ["2024-01-31"] * 3, [10.0, 20.0, 25.0])
    f["region"] = ["UA-32", "UA-46", "UA-46"]
    f["published"] = pd.to_datetime(["2024-02-01", "2024-02-01", "2024-03-01"])
    s = wi.IndicatorSeries.from_frame(f, "outages.air_raid_alert_hours")
    assert s.to_pandas().tolist() == [35.0]
    assert s.as_of("2024-02-15").to_pandas().tolist() == [30.0]
    assert s.as_of("2024-01-31").to_pandas().tolist() == []


# -- partial periods ---------------------------------------------------------------------------
def test_daily_flow_ending_mid_june_marks_june_partial() -> None:
    days = pd.date_range("2026-05-01", "2026-06-15")
    f = frame("outages.air_raid_alert_hours", days, [1.0] * len(days), region="UA-32")
    m = wi.IndicatorSeries.from_frame(f, "outages.air_raid_alert_hours").resample("M")
    assert m.to_pandas().tolist() == [31.0, 15.0]
    assert m.coverage.tolist() == [1.0, 0.5]  # 15 of June's 30 days
    assert m.partial.tolist() == [False, True]
    assert m.coverage.index.equals(m.to_pandas().index)
    frame_ = m.to_frame()
    assert frame_["coverage"].tolist() == [1.0, 0.5] and frame_["status"].tolist() == ["A", "P"]
    attrs = m.to_pandas().attrs
    assert attrs["coverage"] == {"2026-06-30": 0.5}
    assert attrs["partial_periods"] == ["2026-06-30"]


def test_daily_gaps_count_against_coverage() -> None:
    days = pd.date_range("2026-02-01", "2026-02-28").delete([3, 4, 10])  # 25 of 28 days
    f = frame("territory.area_change_km2", days, [2.0] * len(days))
    m = wi.IndicatorSeries.from_frame(f, "territory.area_change_km2").resample("M")
    assert m.coverage.iloc[0] == pytest.approx(25 / 28) and m.partial.iloc[0]


def test_weekly_flow_into_months_counts_weeks() -> None:
    sundays = pd.date_range("2026-05-03", "2026-06-21", freq="W-SUN")  # ends 3 weeks into June
    f = frame("outages.air_raid_alerts", sundays, [7.0] * len(sundays), region="UA-46")
    m = wi.IndicatorSeries.from_frame(f, "outages.air_raid_alerts").resample("M")
    # May has week-ends 3, 10, 17, 24, 31; June 7, 14, 21, 28 (28 missing)
    assert m.coverage.tolist() == [1.0, 0.75]
    assert m.partial.tolist() == [False, True]


def test_monthly_flow_into_quarters() -> None:
    months = pd.date_range("2025-10-31", "2026-02-28", freq="ME")
    f = frame("casualties.ru_personnel_claimed_monthly", months, [1000.0] * 5, region="RU")
    q = wi.IndicatorSeries.from_frame(f, "casualties.ru_personnel_claimed_monthly").resample("Q")
    assert q.to_pandas().tolist() == [3000.0, 2000.0]
    assert q.coverage.tolist() == pytest.approx([1.0, 2 / 3])


def test_stock_last_observed_before_the_period_end_is_as_of_that_day() -> None:
    f = frame(
        "territory.area_occupied_km2",
        ["2026-04-30", "2026-05-31", "2026-06-15"],
        [100.0, 110.0, 120.0],
    )
    m = wi.IndicatorSeries.from_frame(f, "territory.area_occupied_km2").resample("M")
    assert m.to_pandas().tolist() == [100.0, 110.0, 120.0]
    assert m.as_of_dates.dt.strftime("%Y-%m-%d").tolist() == [
        "2026-04-30",
        "2026-05-31",
        "2026-06-15",
    ]
    assert m.coverage.tolist() == [1.0, 1.0, 0.5]
    assert m.partial.tolist() == [False, False, True]


def test_weekly_stock_complete_when_the_next_week_falls_in_the_next_month() -> None:
    sundays = pd.date_range("2026-05-03", "2026-06-28", freq="W-SUN")
    f = frame("territory.area_occupied_km2", sundays, np.arange(len(sundays), dtype=float))
    m = wi.IndicatorSeries.from_frame(f, "territory.area_occupied_km2").resample("M")
    assert m.coverage.tolist() == [1.0, 1.0]  # May 31 and June 28: the next Sunday is July
    q = wi.IndicatorSeries.from_frame(f, "territory.area_occupied_km2").resample("Q")
    assert q.coverage.tolist() == [1.0]


def test_period_without_data_is_missing_not_partial() -> None:
    f = frame("territory.area_change_km2", ["2024-01-31", "2024-03-31"], [1.0, 2.0])
    m = wi.IndicatorSeries.from_frame(f, "territory.area_change_km2").resample("M")
    assert np.isnan(m.to_pandas().iloc[1])
    assert m.coverage.iloc[1] == 0.0 and not m.partial.iloc[1]


def test_unresampled_series_covers_its_own_periods() -> None:
    s = wi.load("territory.area_occupied_km2")
    assert (s.coverage == 1.0).all() and not s.partial.any()
    assert s.coverage.index.equals(s.to_pandas().index)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.sampled_from([True, True, True, False]), min_size=3, max_size=200),
    st.integers(0, 400),
)
def test_daily_coverage_is_days_observed_over_days_in_month(
    present: list[bool], offset: int
) -> None:
    start = pd.Timestamp("2023-01-01") + pd.Timedelta(days=offset)
    days = pd.date_range(start, periods=len(present))
    obs = days[np.array(present)]
    # daily data: at least three days, most of them consecutive (sparser dates read as the
    # spacing they have, e.g. monthly)
    assume(len(obs) >= 3 and pd.Series(obs).diff().dt.days.median() == 1)
    f = frame("territory.area_change_km2", obs, [1.0] * len(obs))
    m = wi.IndicatorSeries.from_frame(f, "territory.area_change_km2").resample("M")
    cov = m.coverage
    for end, c in cov.items():
        month = pd.Period(end, freq="M")
        seen = sum(1 for d in obs if d.to_period("M") == month)
        assert c == pytest.approx(seen / month.days_in_month)
        assert m.partial.loc[end] == (0 < seen < month.days_in_month)


@settings(max_examples=30, deadline=None)
@given(
    st.lists(st.sampled_from([True, True, True, False]), min_size=4, max_size=40),
    st.integers(0, 6),
)
def test_weekly_coverage_counts_grid_weeks_in_the_month(present: list[bool], weekday: int) -> None:
    grid = pd.date_range(
        pd.Timestamp("2024-01-01") + pd.Timedelta(days=weekday), periods=len(present), freq="7D"
    )
    obs = grid[np.array(present)]
    assume(len(obs) >= 3 and pd.Series(obs).diff().dt.days.median() == 7)
    f = frame("outages.air_raid_alerts", obs, [1.0] * len(obs), region="UA-32")
    m = wi.IndicatorSeries.from_frame(f, "outages.air_raid_alerts").resample("M")
    # the weekly grid through the observations, extended both ways
    full = pd.date_range(obs[0] - pd.Timedelta(days=7 * 60), periods=200, freq="7D")
    for end, c in m.coverage.items():
        month = pd.Period(end, freq="M")
        expected = sum(1 for d in full if d.to_period("M") == month)
        seen = sum(1 for d in obs if d.to_period("M") == month)
        assert c == pytest.approx(seen / expected)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.integers(0, 120), min_size=1, max_size=30, unique=True))
def test_daily_stock_is_complete_only_when_observed_on_the_last_day(days: list[int]) -> None:
    dates = pd.Timestamp("2024-01-01") + pd.to_timedelta(sorted(days), unit="D")
    f = frame("territory.area_occupied_km2", dates, np.arange(len(dates), dtype=float))
    s = wi.IndicatorSeries.from_frame(f, "territory.area_occupied_km2")
    assume(s.frequency in ("D", "irregular"))
    m = s.resample("M")
    native_daily = len(dates) < 3 or pd.Series(dates).diff().dt.days.median() == 1
    assume(native_daily)
    for end, c in m.coverage.items():
        inside = [d for d in dates if d.to_period("M") == pd.Period(end, freq="M")]
        if not inside:
            assert c == 0.0
            continue
        last = max(inside)
        assert m.as_of_dates.loc[end] == last
        assert c == pytest.approx(1.0 if last == end else last.day / end.day)
