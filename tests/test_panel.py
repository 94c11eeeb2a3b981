from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import warindicators as wi
from warindicators.errors import UnknownIndicatorError, ValidationError


def test_panel_dims_attrs_and_values() -> None:
    f = pd.DataFrame(
        {
            "indicator": ["outages.air_raid_alerts"] * 4 + ["energy.eu_gas_imports_m3"] * 2,
            "region": ["UA-32", "UA-32", "UA-30", "UA-30", "EU", "EU"],
            "partner": [None] * 4 + ["RU", "NO"],
            "date": [
                "2024-01-01",
                "2024-01-02",
                "2024-01-01",
                "2024-02-01",
                "2024-01-01",
                "2024-01-01",
            ],
            "value": [1.0, 2.0, 3.0, 4.0, 10.0, 20.0],
        }
    )
    ds = wi.panel(f)
    a = ds["outages.air_raid_alerts"]
    assert a.dims == ("time", "region")
    assert a.attrs["units"] == "alerts" and a.attrs["cell_methods"] == "time: sum"
    assert a.sel(region="UA-30", time="2024-02-01").item() == 4.0
    g = ds["energy.eu_gas_imports_m3"]
    assert g.dims == ("time", "region", "partner")
    assert g.sel(region="EU", partner="NO", time="2024-01-01").item() == 20.0
    monthly = wi.panel(f, indicators="outages.air_raid_alerts", freq="M")
    m = monthly["outages.air_raid_alerts"]
    assert m.sel(region="UA-32", time="2024-01-31").item() == 3.0
    assert np.isnan(m.sel(region="UA-32", time="2024-02-29").item())
    assert m.sel(region="UA-30", time="2024-02-29").item() == 4.0


def test_panel_of_shipped_data_sums_to_reference_total() -> None:
    ds = wi.panel(wi.load_frame("energy.ru_fossil_export_value_eur"))
    da = ds["energy.ru_fossil_export_value_eur"]
    assert da.dims == ("time", "region", "partner", "commodity")
    total = da.sum(["partner", "commodity"]).sel(region="RU")
    # the reference file's headline total for 2022-03 (sum of destinations)
    ref = pd.read_csv(wi.sources.reference.reference_dir() / "monthly_reference.csv")
    row = ref[
        (ref.indicator_id == "energy.ru_fossil_export_value_eur")
        & (ref.region == "UA")
        & (ref.period == "2022-03")
    ]
    assert total.sel(time="2022-03-31").item() == pytest.approx(float(row.value.iloc[0]), abs=10)


def test_panel_errors() -> None:
    f = wi.load_frame("territory.area_occupied_km2")
    with pytest.raises(UnknownIndicatorError):
        wi.panel(f, indicators=["territory.nope"])
    with pytest.raises(ValidationError):
        wi.panel(f.iloc[0:0])


def _alerts_and_shares() -> pd.DataFrame:
    rows = []
    for region, alerts, share in (
        ("UA-32", 10.0, 50.0),
        ("UA-46", 2.0, 60.0),
        ("UA-63", 30.0, 70.0),
    ):
        rows.append(("outages.air_raid_alerts", region, "2024-01-31", alerts))
        rows.append(("territory.share_occupied_pct", region, "2024-01-31", share))
    return pd.DataFrame(rows, columns=["indicator", "region", "date", "value"])


def test_panel_over_region_sums_what_may_be_summed_and_keeps_shares_per_region() -> None:
    ds = wi.panel(_alerts_and_shares(), over="region")
    alerts = ds["outages.air_raid_alerts"]
    assert alerts.dims == ("time",)
    assert alerts.item() == 42.0
    assert alerts.attrs["aggregation"] == "sum of 3 regions (UA-32, UA-46, UA-63)"
    assert alerts.attrs["cell_methods"] == "time: sum region: sum"
    share = ds["territory.share_occupied_pct"]
    assert share.dims == ("time", "region")  # shown per region, never 180 %
    assert share.sel(region="UA-63").item() == 70.0
    assert share.attrs["aggregation_reason"].startswith("shares are not summed over regions")
    assert "aggregation" not in share.attrs


def test_panel_keeps_publishers_side_by_side() -> None:
    f = pd.DataFrame(
        {
            "indicator": "outages.air_raid_alerts",
            "region": "UA-32",
            "date": pd.to_datetime(["2024-01-31", "2024-01-31"]),
            "value": [10.0, 14.0],
            "source": ["agency A", "agency B"],
            "published": pd.to_datetime(["2024-02-01", "2024-02-03"]),
        }
    )
    da = wi.panel(f)["outages.air_raid_alerts"]
    assert da.dims == ("time", "region", "source")
    assert da.sel(source="agency A").item() == 10.0 and da.sel(source="agency B").item() == 14.0


def test_panel_coverage_marks_partial_periods() -> None:
    days = pd.date_range("2026-05-01", "2026-06-15")
    f = pd.DataFrame(
        {"indicator": "outages.air_raid_alert_hours", "region": "UA-32", "date": days, "value": 1.0}
    )
    ds = wi.panel(f, freq="M")
    cov = ds["outages.air_raid_alert_hours_coverage"].sel(region="UA-32")
    assert cov.values.tolist() == [1.0, 0.5]
    assert ds["outages.air_raid_alert_hours_coverage"].attrs["units"] == "1"


def test_panel_total_coverage_is_that_of_the_least_covered_part() -> None:
    f = pd.DataFrame(
        {
            "indicator": "outages.air_raid_alert_hours",
            "region": ["UA-32"] * 46 + ["UA-46"] * 31,
            "date": list(pd.date_range("2026-05-01", "2026-06-15"))
            + list(pd.date_range("2026-05-01", "2026-05-31")),
            "value": 1.0,
        }
    )
    ds = wi.panel(f, freq="M", over="region")
    assert ds["outages.air_raid_alert_hours"].values.tolist()[0] == 62.0
    assert np.isnan(ds["outages.air_raid_alert_hours"].values[1])
    assert ds["outages.air_raid_alert_hours_coverage"].values.tolist() == [1.0, 0.0]


_ALIAS = {"W": "W-SUN", "M": "ME", "Q": "QE"}


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["UA-32", "UA-46"]),
            st.integers(0, 400),
            st.one_of(st.floats(-1e3, 1e3, allow_nan=False), st.just(float("nan"))),
        ),
        min_size=1,
        max_size=60,
        unique_by=lambda t: (t[0], t[1]),
    ),
    st.sampled_from(
        ["outages.air_raid_alerts", "territory.share_occupied_pct", "territory.area_occupied_km2"]
    ),
    st.sampled_from(["W", "M", "Q"]),
)
def test_panel_resampling_matches_pandas_per_region(
    rows: list[tuple[str, int, float]], indicator: str, freq: str
) -> None:
    f = pd.DataFrame(rows, columns=["region", "day", "value"])
    f["date"] = pd.Timestamp("2024-01-01") + pd.to_timedelta(f.pop("day"), unit="D")
    f["indicator"] = indicator
    if indicator == "outages.air_raid_alerts":
        f["value"] = f["value"].abs().round()
    elif indicator == "territory.share_occupied_pct":
        f["value"] = f["value"].abs() / 10
    else:
        f["value"] = f["value"].abs()
    assume(f["value"].notna().any())
    try:
        da = wi.panel(f, freq=freq)[indicator]
    except ValidationError as err:  # regular dates coarser than freq: refused by design
        assert "finer frequency" in str(err)
        assume(False)
    how = {"outages.air_raid_alerts": "sum", "territory.share_occupied_pct": "mean"}.get(
        indicator, "last"
    )
    for region, part in f.groupby("region"):
        s = part.set_index("date").sort_index()["value"].resample(_ALIAS[freq])
        want = s.sum(min_count=1) if how == "sum" else (s.mean() if how == "mean" else s.last())
        got = da.sel(region=region).to_series().dropna()
        pd.testing.assert_series_equal(
            got, want.dropna(), check_names=False, check_index_type=False, check_freq=False
        )


def test_each_region_is_covered_at_its_own_native_frequency() -> None:
    mondays = pd.date_range("2024-01-01", "2024-03-25", freq="W-MON")
    thursdays = pd.date_range("2024-01-04", "2024-03-28", freq="W-THU")
    f = pd.DataFrame(
        {
            "indicator": "outages.air_raid_alerts",
            "region": ["UA-32"] * len(mondays) + ["UA-46"] * len(thursdays),
            "date": list(mondays) + list(thursdays),
            "value": 1.0,
        }
    )
    cov = wi.panel(f, freq="M")["outages.air_raid_alerts_coverage"]
    # weekly data with every week present: each month fully covered, whatever the weekday
    assert (cov.values == 1.0).all()
