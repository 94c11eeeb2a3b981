"""The one aggregation rule: known-truth cases and properties of ``wi.total``."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import warindicators as wi
from warindicators.errors import ValidationError
from warindicators.regions import UA_OBLASTS

OBLASTS = sorted(c for c in UA_OBLASTS)
SHARE = "territory.share_occupied_pct"
ALERTS = "outages.air_raid_alerts"
HOURS = "outages.air_raid_alert_hours"
DEATHS = "casualties.military_deaths_estimate"


def long(indicator: str, rows: list[tuple[str, str, float]], **extra: object) -> pd.DataFrame:
    """Observations from (region, date, value) triples."""
    f = pd.DataFrame(rows, columns=["region", "date", "value"])
    f.insert(0, "indicator", indicator)
    f["date"] = pd.to_datetime(f["date"])
    for k, v in extra.items():
        f[k] = v
    return f


def custom(measure: str, dims: tuple[str, ...] = (), bound: str = "exact") -> wi.Indicator:
    return wi.Indicator(
        id=f"probe.{measure}_{'_'.join(dims) or 'plain'}_{bound}",
        family="probe",
        title=f"Probe {measure}",
        unit="%" if measure in ("share", "rate") else "units",
        measure=measure,  # type: ignore[arg-type]
        frequency="M",
        bound=bound,  # type: ignore[arg-type]
        dims=dims,
    )


# -- shares and rates are never summed ------------------------------------------------------
def test_share_in_three_oblasts_is_never_180_percent() -> None:
    f = long(SHARE, [("UA-32", "2024-01-31", 50.0), ("UA-46", "2024-01-31", 60.0)])
    f = pd.concat([f, long(SHARE, [("UA-63", "2024-01-31", 70.0)])])
    res = wi.total(f, over=("region",))
    assert not res.ok and res.values is None and res.kind == "none"
    assert res.reason == "shares are not summed over regions: shown per region (or pass weights=)"
    assert res.parts == ("UA-32", "UA-46", "UA-63")
    assert "180" not in res.label and "sum" not in res.label
    # shown per region: the parts side by side, unchanged
    assert res.by_part is not None
    assert res.by_part.loc["2024-01-31"].to_dict() == {"UA-32": 50.0, "UA-46": 60.0, "UA-63": 70.0}


def test_rate_is_not_summed_over_an_extra_dimension() -> None:
    ind = custom("rate", dims=("sector",))
    f = pd.DataFrame(
        {
            "region": "UA",
            "sector": ["a", "b"],
            "date": pd.to_datetime(["2024-01-31"] * 2),
            "value": [3.0, 4.0],
        }
    )
    res = wi.total(f, over=("sector",), indicator=ind)
    assert not res.ok
    assert res.reason == "rates are not summed over sectors: shown per sector (or pass weights=)"


def test_share_weighted_by_a_declared_denominator() -> None:
    f = long(
        SHARE,
        [
            ("UA-32", "2024-01-31", 50.0),
            ("UA-46", "2024-01-31", 60.0),
            ("UA-63", "2024-01-31", 70.0),
            ("UA-32", "2024-02-29", 10.0),
            ("UA-46", "2024-02-29", 20.0),
            ("UA-63", "2024-02-29", 30.0),
        ],
    )
    area = pd.Series({"UA-32": 28_000.0, "UA-46": 22_000.0, "UA-63": 31_000.0}, name="area_km2")
    res = wi.total(f, weights=area)
    assert res.ok and res.kind == "weighted_mean"
    jan = (50 * 28_000 + 60 * 22_000 + 70 * 31_000) / 81_000
    feb = (10 * 28_000 + 20 * 22_000 + 30 * 31_000) / 81_000
    np.testing.assert_allclose(res.values.to_numpy(), [jan, feb])
    assert res.label == "mean of 3 regions (UA-32, UA-46, UA-63) weighted by area_km2"
    with pytest.raises(ValidationError, match=r"no weight for \['UA-63'\]"):
        wi.total(f, weights={"UA-32": 1.0, "UA-46": 1.0})
    with pytest.raises(ValidationError, match="non-negative"):
        wi.total(f, weights={"UA-32": 1.0, "UA-46": -1.0, "UA-63": 1.0})


def test_weights_refused_for_summable_measures() -> None:
    f = long(ALERTS, [("UA-32", "2024-01-31", 1.0), ("UA-46", "2024-01-31", 2.0)])
    with pytest.raises(ValidationError, match="shares and rates only"):
        wi.total(f, weights={"UA-32": 1.0, "UA-46": 1.0})


# -- flows, counts and stocks are summed over a whole ---------------------------------------
def test_counts_summed_and_labelled() -> None:
    f = long(
        ALERTS,
        [
            ("UA-63", "2024-01-31", 30.0),
            ("UA-32", "2024-01-31", 10.0),
            ("UA-46", "2024-01-31", 2.0),
            ("UA-32", "2024-02-29", 1.0),
            ("UA-46", "2024-02-29", 1.0),
            ("UA-63", "2024-02-29", 1.0),
        ],
    )
    res = wi.total(f, over=("region",))
    assert res.ok and res.kind == "sum" and res.reason is None
    assert res.label == "sum of 3 regions (UA-32, UA-46, UA-63)"
    assert res.parts == ("UA-32", "UA-46", "UA-63")
    assert res.values.to_dict() == {
        pd.Timestamp("2024-01-31"): 42.0,
        pd.Timestamp("2024-02-29"): 3.0,
    }
    assert res.values.index.name == "date" and res.values.name == ALERTS


def test_a_date_missing_a_part_has_no_total() -> None:
    f = long(
        HOURS,
        [
            ("UA-32", "2024-01-31", 10.0),
            ("UA-46", "2024-01-31", 5.0),
            ("UA-32", "2024-02-29", 7.0),  # UA-46 has no February value
        ],
    )
    res = wi.total(f)
    assert res.values.loc["2024-01-31"] == 15.0
    assert np.isnan(res.values.loc["2024-02-29"])  # not 7, which would read as a fall
    assert any("without a total" in n and "2024-02-29" in n for n in res.notes)


def test_the_whole_is_used_not_added_to_its_parts() -> None:
    f = long(
        HOURS,
        [("UA", "2024-01-31", 100.0), ("UA-32", "2024-01-31", 10.0), ("UA-46", "2024-01-31", 5.0)],
    )
    res = wi.total(f)
    assert res.ok and res.kind == "single" and res.label == "UA" and res.parts == ("UA",)
    assert res.values.tolist() == [100.0]
    assert res.notes == ("UA-32, UA-46 not added: UA covers them",)


def test_overlapping_groups_are_not_summed_and_members_not_added_to_groups() -> None:
    ind = custom("flow")
    f = pd.DataFrame(
        {"region": ["EU", "G7"], "date": pd.to_datetime(["2024-01-31"] * 2), "value": [1.0, 2.0]}
    )
    res = wi.total(f, indicator=ind)
    assert not res.ok and res.reason == "EU and G7 overlap: their values are not summed"
    g = pd.DataFrame(
        {"region": ["EU", "DE"], "date": pd.to_datetime(["2024-01-31"] * 2), "value": [9.0, 2.0]}
    )
    res = wi.total(g, indicator=ind)
    assert res.ok and res.label == "EU" and res.values.tolist() == [9.0]


def test_stock_bounds_are_summed_only_where_every_part_has_one() -> None:
    ind = custom("stock")
    f = pd.DataFrame(
        {
            "region": ["UA-32", "UA-46", "UA-32", "UA-46"],
            "date": pd.to_datetime(["2024-01-31", "2024-01-31", "2024-02-29", "2024-02-29"]),
            "value": [10.0, 20.0, 11.0, 21.0],
            "low": [9.0, 18.0, 10.0, np.nan],
            "high": [12.0, 25.0, 13.0, 22.0],
        }
    )
    res = wi.total(f, indicator=ind)
    assert res.values.tolist() == [30.0, 32.0]
    assert res.low.iloc[0] == 27.0 and np.isnan(res.low.iloc[1])
    assert res.high.tolist() == [37.0, 35.0]


def test_extra_dimensions_combined_or_named() -> None:
    ind = custom("flow", dims=("partner",))
    f = pd.DataFrame(
        {
            "region": "RU",
            "partner": ["CN", "IN", "TR"],
            "date": pd.to_datetime(["2024-01-31"] * 3),
            "value": [5.0, 3.0, 1.0],
        }
    )
    res = wi.total(f, over=("region",), indicator=ind)
    assert not res.ok
    assert res.reason == (
        f"{ind.id} differs by partner (CN, IN, TR); combine over it (over=(..., 'partner')) "
        "or select one partner"
    )
    both = wi.total(f, over=("region", "partner"), indicator=ind)
    assert both.label == "sum of 3 partners (CN, IN, TR)" and both.values.tolist() == [9.0]
    assert wi.total(f, indicator=ind).values.tolist() == [9.0]  # over=None: all that vary


# -- publishers are never added ----------------------------------------------------------------
def test_publishers_dimension_is_a_range_never_a_sum() -> None:
    f = pd.DataFrame(
        {
            "indicator": DEATHS,
            "region": "RU",
            "publisher": ["BBC/Mediazona", "UK MoD", "BBC/Mediazona", "UK MoD"],
            "date": pd.to_datetime(["2024-06-30", "2024-06-30", "2024-12-31", "2024-12-31"]),
            "value": [60_000.0, 100_000.0, 80_000.0, 150_000.0],
        }
    )
    res = wi.total(f, over=("region", "publisher"))
    assert not res.ok and res.values is None and res.kind == "range"
    assert res.label == "range of 2 publishers (BBC/Mediazona, UK MoD)"
    assert res.low.tolist() == [60_000.0, 80_000.0]
    assert res.high.tolist() == [100_000.0, 150_000.0]
    assert "not added" in res.reason
    assert res.by_part.loc["2024-12-31"].to_dict() == {
        "BBC/Mediazona": 80_000.0,
        "UK MoD": 150_000.0,
    }


def test_publishers_own_bounds_widen_the_range() -> None:
    f = pd.DataFrame(
        {
            "indicator": DEATHS,
            "region": "RU",
            "publisher": ["A", "B"],
            "date": pd.to_datetime(["2024-06-30"] * 2),
            "value": [100.0, 120.0],
            "low": [90.0, np.nan],
            "high": [np.nan, 140.0],
        }
    )
    res = wi.total(f)
    assert res.low.tolist() == [90.0] and res.high.tolist() == [140.0]


def test_several_sources_for_one_date_are_side_by_side() -> None:
    f = long(
        ALERTS,
        [("UA-32", "2024-01-31", 10.0), ("UA-32", "2024-01-31", 14.0)],
    )
    f["source"] = ["agency A", "agency B"]
    f["published"] = pd.to_datetime(["2024-02-01", "2024-02-03"])
    res = wi.total(f)
    assert res.kind == "range" and res.values is None
    assert (res.low.tolist(), res.high.tolist()) == ([10.0], [14.0])
    assert res.parts == ("agency A", "agency B")


def test_a_revision_by_the_same_source_is_a_vintage_not_a_publisher() -> None:
    f = long(ALERTS, [("UA-32", "2024-01-31", 10.0), ("UA-32", "2024-01-31", 14.0)])
    f["source"] = "agency A"
    f["published"] = pd.to_datetime(["2024-02-01", "2024-03-01"])
    res = wi.total(f)
    assert res.ok and res.kind == "single" and res.values.tolist() == [14.0]


def test_estimates_from_different_sources_are_not_added_over_regions() -> None:
    f = long(
        "territory.area_change_km2",
        [("UA-14", "2024-01-31", 30.0), ("UA-09", "2024-01-31", 20.0)],
        source=["ISW", "DeepState"],
    )
    res = wi.total(f)
    assert not res.ok
    assert res.reason.startswith("estimate values from 2 sources are not added (DeepState, ISW)")


# -- bad input ---------------------------------------------------------------------------------
def test_bad_input_raises() -> None:
    a = long(ALERTS, [("UA-32", "2024-01-31", 1.0)])
    b = long(HOURS, [("UA-32", "2024-01-31", 1.0)])
    with pytest.raises(ValidationError, match="one indicator"):
        wi.total(pd.concat([a, b]))
    with pytest.raises(ValidationError, match="missing column 'value'"):
        wi.total(a.drop(columns="value"))
    with pytest.raises(ValidationError, match=r"\['partner'\] not region or an extra dimension"):
        wi.total(a, over=("partner",))
    with pytest.raises(ValidationError, match="pass indicator="):
        wi.total(a.drop(columns="indicator"))
    empty = wi.total(a.iloc[0:0], indicator=ALERTS)
    assert not empty.ok and empty.reason == f"no observations of {ALERTS}"


def test_result_is_consistent() -> None:
    with pytest.raises(ValidationError):
        wi.Total(None)  # neither a value nor a reason
    with pytest.raises(ValidationError):
        wi.Total(pd.Series([1.0]), reason="both")


def test_shipped_alert_hours_total() -> None:
    f = wi.load_frame(HOURS)
    res = wi.total(f, over=("region",))
    n = f["region"].nunique()
    assert res.ok and res.label.startswith(f"sum of {n} regions")
    wide = f.pivot_table(index="date", columns="region", values="value")
    expected = wide.sum(axis=1).where(wide.notna().all(axis=1))
    pd.testing.assert_series_equal(
        res.values, expected.rename(HOURS).rename_axis("date"), check_freq=False
    )


# -- properties --------------------------------------------------------------------------------
values_st = st.floats(0, 1e6, allow_nan=False, allow_infinity=False)


@st.composite
def regional_frames(draw: st.DrawFn) -> tuple[list[str], np.ndarray]:
    k = draw(st.integers(1, 6))
    regions = draw(st.lists(st.sampled_from(OBLASTS), min_size=k, max_size=k, unique=True))
    n_dates = draw(st.integers(1, 5))
    vals = np.array(
        draw(st.lists(values_st, min_size=k * n_dates, max_size=k * n_dates)), dtype="float64"
    ).reshape(n_dates, k)
    return regions, vals


def _frame(indicator: str, regions: list[str], vals: np.ndarray) -> pd.DataFrame:
    dates = pd.date_range("2024-01-31", periods=vals.shape[0], freq="ME")
    rows = [(r, d, vals[i, j]) for i, d in enumerate(dates) for j, r in enumerate(regions)]
    f = pd.DataFrame(rows, columns=["region", "date", "value"])
    f.insert(0, "indicator", indicator)
    return f


@settings(max_examples=60, deadline=None)
@given(regional_frames(), st.sampled_from([ALERTS, HOURS, "territory.area_occupied_km2"]))
def test_summable_total_is_the_sum_of_its_parts(
    data: tuple[list[str], np.ndarray], indicator: str
) -> None:
    regions, vals = data
    f = _frame(indicator, regions, vals)
    res = wi.total(f.sample(frac=1.0, random_state=0))  # row order does not matter
    assert res.ok
    np.testing.assert_allclose(res.values.to_numpy(), vals.sum(axis=1), rtol=1e-12)
    assert res.parts == tuple(sorted(regions))
    if len(regions) > 1:
        assert res.label.startswith(f"sum of {len(regions)} regions (")
    else:
        assert res.label == regions[0]


@settings(max_examples=60, deadline=None)
@given(regional_frames(), st.data())
def test_a_share_is_never_summed_and_its_weighted_mean_stays_within_its_parts(
    data: tuple[list[str], np.ndarray], draw: st.DataObject
) -> None:
    regions, vals = data
    vals = vals / 1e4  # percentages, 0-100
    f = _frame(SHARE, regions, vals)
    res = wi.total(f)
    if len(regions) == 1:
        np.testing.assert_allclose(res.values.to_numpy(), vals[:, 0])
        return
    assert not res.ok and res.values is None and "not summed" in res.reason
    w = draw.draw(st.lists(st.floats(0.01, 1e5), min_size=len(regions), max_size=len(regions)))
    mean = wi.total(f, weights=dict(zip(regions, w, strict=True))).values.to_numpy()
    tol = 1e-9 * (1 + vals.max())
    assert (mean >= vals.min(axis=1) - tol).all() and (mean <= vals.max(axis=1) + tol).all()
    assert (mean <= 100 + tol).all()


@settings(max_examples=60, deadline=None)
@given(st.lists(values_st, min_size=2, max_size=6))
def test_publishers_range_brackets_every_estimate(estimates: list[float]) -> None:
    f = pd.DataFrame(
        {
            "indicator": DEATHS,
            "region": "RU",
            "publisher": [f"p{i}" for i in range(len(estimates))],
            "date": pd.Timestamp("2025-01-31"),
            "value": estimates,
        }
    )
    res = wi.total(f)
    assert res.values is None and res.kind == "range"
    assert res.low.iloc[0] == min(estimates) and res.high.iloc[0] == max(estimates)


# -- per period, with partial periods marked -------------------------------------------------------
def test_total_per_period_marks_partial_periods() -> None:
    may_june = pd.date_range("2026-05-01", "2026-06-15")
    may = pd.date_range("2026-05-01", "2026-05-31")
    rows = [("UA-32", d, 2.0) for d in may_june] + [("UA-46", d, 1.0) for d in may_june]
    f = long(HOURS, rows)
    res = wi.total(f, freq="M")
    assert res.values.index.tolist() == [pd.Timestamp("2026-05-31"), pd.Timestamp("2026-06-30")]
    assert res.values.tolist() == [3.0 * 31, 3.0 * 15]
    assert res.coverage.tolist() == [1.0, 0.5]
    assert res.partial.tolist() == [False, True]
    # the least covered part decides: UA-46 stops at the end of May
    g = long(HOURS, [("UA-32", d, 2.0) for d in may_june] + [("UA-46", d, 1.0) for d in may])
    res = wi.total(g, freq="M")
    assert res.values.iloc[0] == 93.0 and np.isnan(res.values.iloc[1])
    assert res.coverage.tolist() == [1.0, 0.0]
    assert wi.total(f).coverage is None and wi.total(f).partial is None


def test_total_per_period_of_publishers() -> None:
    f = pd.DataFrame(
        {
            "indicator": DEATHS,
            "region": "RU",
            "publisher": ["A", "B", "A"],
            "date": pd.to_datetime(["2024-05-10", "2024-05-20", "2024-06-30"]),
            "value": [100.0, 130.0, 140.0],
        }
    )
    res = wi.total(f, freq="M")
    assert res.kind == "range"
    assert res.low.tolist() == [100.0, 140.0] and res.high.tolist() == [130.0, 140.0]


def test_a_headline_row_is_not_added_to_its_breakdown() -> None:
    ind = custom("flow", dims=("partner", "commodity"))
    f = pd.DataFrame(
        {
            "region": "RU",
            "partner": ["CN", "IN", None, "CN"],
            "commodity": ["all", "all", "all", "oil"],
            "date": pd.to_datetime(["2024-01-31"] * 4),
            "value": [5.0, 3.0, 8.0, 4.0],
        }
    )
    res = wi.total(f, indicator=ind)
    assert res.ok and res.values.tolist() == [8.0] and res.kind == "single"
    assert res.label == "RU"
    assert res.notes == ("CN, IN not added: the rows without a partner are the total",)
    by_commodity = f[f["partner"] == "CN"]
    res = wi.total(by_commodity, indicator=ind)
    assert res.values.tolist() == [5.0]
    assert res.notes == ("oil not added: the rows without a commodity are the total",)


def test_publishers_are_a_range_even_when_over_names_only_regions() -> None:
    f = pd.DataFrame(
        {
            "indicator": DEATHS,
            "region": "RU",
            "publisher": ["A", "B"],
            "date": pd.to_datetime(["2024-06-30"] * 2),
            "value": [60_000.0, 100_000.0],
        }
    )
    res = wi.total(f, over=("region",))
    assert res.kind == "range" and (res.low.tolist(), res.high.tolist()) == (
        [60_000.0],
        [100_000.0],
    )


@pytest.mark.parametrize("measure", ["stock", "flow", "cumulative", "rate", "share", "count"])
@pytest.mark.parametrize("bound", ["exact", "lower", "upper", "approx", "estimate"])
def test_every_measure_and_bound_by_oblast(measure: str, bound: str) -> None:
    ind = custom(measure, bound=bound)
    days = pd.date_range("2026-05-01", "2026-06-15")
    f = pd.DataFrame(
        {
            "indicator": ind.id,
            "region": np.repeat(["UA-05", "UA-07", "UA-09"], len(days)),
            "date": np.tile(days, 3),
            "value": np.tile(np.linspace(10.0, 20.0, len(days)), 3),
            "source": "one publisher",
        }
    )
    res = wi.total(f, indicator=ind, freq="M")
    if measure in ("share", "rate"):
        assert not res.ok and res.reason.startswith(f"{measure}s are not summed over regions")
        with pytest.raises(ValidationError, match="region= one of"):
            wi.IndicatorSeries.from_frame(f, ind)
    else:
        assert res.ok and res.kind == "sum"
        assert res.coverage.tolist() == [1.0, 0.5] and res.partial.tolist() == [False, True]
        s = wi.IndicatorSeries.from_frame(f, ind).resample("M")
        np.testing.assert_allclose(s.to_pandas().to_numpy(), res.values.to_numpy())
        assert s.partial.tolist() == [False, True]


def test_share_weighted_by_a_denominator_that_changes_over_time() -> None:
    f = long(
        SHARE,
        [
            ("UA-32", "2024-01-31", 10.0),
            ("UA-46", "2024-01-31", 40.0),
            ("UA-32", "2024-02-29", 10.0),
            ("UA-46", "2024-02-29", 40.0),
            ("UA-32", "2024-03-31", 10.0),
            ("UA-46", "2024-03-31", 40.0),
        ],
    )
    population = pd.DataFrame(
        {"UA-32": [3.0, 1.0], "UA-46": [1.0, 1.0]},
        index=pd.to_datetime(["2024-01-31", "2024-02-29"]),
    )
    population.attrs["name"] = "population"
    res = wi.total(f, weights=population)
    assert res.values.iloc[:2].tolist() == [(3 * 10 + 40) / 4, (10 + 40) / 2]
    assert np.isnan(res.values.iloc[2])  # no weights for March: no mean
    assert res.label == "mean of 2 regions (UA-32, UA-46) weighted by population"
    with pytest.raises(ValidationError, match=r"no weight column for \['UA-46'\]"):
        wi.total(f, weights=population[["UA-32"]])


def test_world_covers_every_other_region_and_results_compare_by_identity() -> None:
    ind = custom("flow")
    f = pd.DataFrame(
        {
            "region": ["WORLD", "CN", "IN"],
            "date": pd.to_datetime(["2024-01-31"] * 3),
            "value": [100.0, 30.0, 20.0],
        }
    )
    res = wi.total(f, indicator=ind)
    assert res.label == "WORLD" and res.values.tolist() == [100.0]
    assert res.notes == ("CN, IN not added: WORLD covers them",)
    assert res == res and res != wi.total(f, indicator=ind)  # no element-wise comparison


def test_to_frame_of_each_kind() -> None:
    shares = long(SHARE, [("UA-32", "2024-01-31", 50.0), ("UA-46", "2024-01-31", 60.0)])
    none = wi.total(shares).to_frame()
    assert none["value"].isna().all() and list(none.index) == [pd.Timestamp("2024-01-31")]
    assert none.attrs["reason"].startswith("shares are not summed")
    pubs = pd.DataFrame(
        {
            "indicator": DEATHS,
            "region": "RU",
            "publisher": ["A", "B"],
            "date": pd.to_datetime(["2024-06-30"] * 2),
            "value": [1.0, 3.0],
        }
    )
    rng = wi.total(pubs).to_frame()
    assert rng[["low", "high"]].iloc[0].tolist() == [1.0, 3.0] and np.isnan(rng["value"].iloc[0])
    assert rng.attrs["kind"] == "range" and rng.attrs["parts"] == ["A", "B"]
