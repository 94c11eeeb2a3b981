"""Report content computed from the shipped data (no kernel involved)."""

from __future__ import annotations

from importlib.resources import files

import pandas as pd
import pytest

from warindicators import get_indicator
from warindicators.reports import build_report, style_table
from warindicators.reports.content import binned, coverage
from warindicators.reports.methods import methods_text, origins_table, sources_table
from warindicators.reports.periods import Period
from warindicators.reports.report import revisions


@pytest.fixture(scope="module")
def csv() -> pd.DataFrame:
    path = files("warindicators") / "data" / "reference" / "monthly_reference.csv"
    return pd.read_csv(str(path))


@pytest.fixture(scope="module")
def rep():  # type: ignore[no-untyped-def]
    return build_report(
        "2026-01", families=["territory", "outages", "sanctions"], lookback_periods=12
    )


def _summary(rep, ind):  # type: ignore[no-untyped-def]
    s = rep.summary
    return s[s["id"] == ind].iloc[0]


def test_changes_match_the_source_table(rep, csv) -> None:  # type: ignore[no-untyped-def]
    t = csv[(csv.indicator_id == "territory.area_occupied_km2") & (csv.region == "UA")]
    v = t.set_index("period")["value"]
    row = _summary(rep, "territory.area_occupied_km2")
    assert row["Value"] == pytest.approx(v["2026-01"])
    assert row["vs previous period"] == pytest.approx(v["2026-01"] - v["2025-12"])
    assert row["vs a year earlier"] == pytest.approx(v["2026-01"] - v["2025-01"])
    assert row["Status"] == "current" and row["Latest observation"] == "2026-01-31"


def test_stale_series_are_flagged_with_latest_date_not_dropped(rep, csv) -> None:  # type: ignore[no-untyped-def]
    row = _summary(rep, "outages.air_raid_alert_hours")
    assert row["Status"] == "stale (latest: 2024-03-31)"
    t = csv[(csv.indicator_id == "alerts.air_raid_hours") & (csv.period == "2024-03")]
    assert row["Value"] == pytest.approx(t["value"].sum())  # hours summed over the oblasts
    assert str(t["region"].nunique()) in row["Region"]
    assert row["vs previous period"] == "no data in the report period"
    html = style_table(rep.summary).to_html()
    assert "stale (latest: 2024-03-31)" in html and "wi-stale" in html
    cov = rep.coverage
    ofac = cov[cov["id"] == "sanctions.ofac_russia_eo14024_entries"].iloc[0]
    assert ofac["Status"] == "stale" and ofac["Latest observation"] == "2024-05-31"


def test_every_series_of_the_data_is_in_the_summary() -> None:
    from warindicators.store import load_frame

    full = build_report("2026-01")
    ids = set(pd.unique(load_frame()["indicator"]).astype(str))
    assert set(full.summary["id"]) == ids
    # every series is drawn: in a family line chart or per region
    drawn = set()
    for fam in full.families():
        drawn |= set(full.figure_data(fam)["id"])
        drawn |= {r.indicator.id for r in full.rows_of(fam) if r.regional is not None}
    assert drawn == ids


def test_bound_labels_appear(rep) -> None:  # type: ignore[no-untyped-def]
    assert "estimate" in set(rep.table("territory")["Qualifier"])
    cas = build_report("2026-01", families=["casualties"])
    q = set(cas.summary["Qualifier"])
    assert "claimed by Ukraine's General Staff" in q and "at least" in q


def test_binned_follows_the_measure() -> None:
    s = pd.Series(
        [1.0, 3.0, 10.0], index=pd.to_datetime(["2024-01-05", "2024-01-25", "2024-03-01"])
    )
    assert binned(s, "count", "M").tolist()[0] == 4.0
    assert binned(s, "share", "M").tolist()[0] == 2.0
    assert binned(s, "cumulative", "M").tolist()[0] == 3.0
    assert pd.isna(binned(s, "flow", "M").iloc[1])


def test_coverage_marks_a_half_covered_month() -> None:
    flow = get_indicator("outages.air_raid_alert_hours")
    days = pd.date_range("2026-04-01", "2026-06-15", freq="D")
    assert coverage(days, flow, "M").round(3).tolist() == [1.0, 1.0, 0.5]
    starts_mid = coverage(pd.date_range("2026-04-16", "2026-05-31"), flow, "M")
    assert starts_mid.round(3).tolist() == [0.5, 1.0]
    months = pd.date_range("2025-01-31", periods=6, freq="ME")
    stock = get_indicator("territory.area_occupied_km2")
    assert coverage(months, stock, "M").tolist() == [1.0] * 6


def test_revisions_detected_from_vintages() -> None:
    v = pd.DataFrame(
        {
            "indicator": ["x.a"] * 3,
            "region": ["UA"] * 3,
            "date": pd.to_datetime(["2025-11-30", "2025-11-30", "2025-12-31"]),
            "value": [10.0, 12.0, 5.0],
            "published": pd.to_datetime(["2025-12-01", "2026-01-10", "2026-01-02"]),
        }
    )
    out = revisions(v, Period.parse("2026-01"))
    assert out[["old", "new"]].values.tolist() == [[10.0, 12.0]]
    assert revisions(v, Period.parse("2025-12")).empty


def test_values_from_data_are_escaped(rep) -> None:  # type: ignore[no-untyped-def]
    evil = "<script>alert(1)</script>"
    ev = pd.DataFrame({"date": ["2025-12-15"], "event": [evil], "detail": ['"><img src=x>']})
    html = style_table(ev, status="").to_html()
    assert "<script>" not in html and "&lt;script&gt;" in html and "<img src=x>" not in html
    s = rep.summary.copy()
    s.loc[0, "Region"] = evil
    assert "<script>" not in style_table(s).to_html()


def test_methods_name_the_trend_method_and_the_sources(rep) -> None:  # type: ignore[no-untyped-def]
    text = methods_text(rep)
    assert "wi.trend" in text and "partial" in text and "increments" in text
    o = origins_table(rep)
    assert "Source: The Economist, based on ISW/CTP maps" in " ".join(o["Attribution"])
    assert "CC BY 4.0" in " ".join(o["Licence"])
    assert len(sources_table()) >= 5


def test_changepoint_table_and_trend_columns(rep) -> None:  # type: ignore[no-untyped-def]
    t = rep.table("territory")
    assert {"Trend (look-back window)", "Latest changepoint", "In report period"} <= set(t)
    assert set(t["Trend (look-back window)"]) <= {
        "increasing",
        "decreasing",
        "no trend",
        "not tested (see notes)",
    }
    cps = rep.changepoints
    assert list(cps.columns)[:5] == ["Indicator", "id", "Date", "Period", "In report period"]


def test_weekly_period_uses_weeks() -> None:
    r = build_report("2026-W04", families=["territory"], lookback_periods=8)
    row = r.rows[0]
    assert row.values.index.freqstr.startswith("W")
    assert row.stale and row.latest_label == "latest: 2025-12-31"  # no month end in W04
    assert str(r.window()[0]) == "2025-12-01/2025-12-07"
    # monthly data in a weekly report are analysed per month
    assert row.stats_label.endswith("per month")


def test_a_gap_in_the_data_is_not_called_a_partial_period() -> None:
    # OFAC's program counts have no figure from 2024-06 to 2026-06 (a gap, kept as such)
    rep = build_report("2026-08", families=["sanctions"], lookback_periods=24)
    row = rep.summary[rep.summary["Indicator"] == "OFAC SDN entries under EO 14024 (Russia)"]
    assert row["vs a year earlier"].item() == "no data for 2025-08"
