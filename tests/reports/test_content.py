"""Report content computed from the shipped data (no kernel involved)."""

from __future__ import annotations

import base64
import sys
from importlib.resources import files

import pandas as pd
import pytest

from warindicators.reports.content import binned, build_report, revisions
from warindicators.reports.figures import family_figures
from warindicators.reports.periods import Period
from warindicators.reports.render import (
    render_coverage,
    render_events,
    render_headline,
    render_methods,
    render_what_changed,
)
from warindicators.reports.sections import family_section


@pytest.fixture(scope="module")
def csv() -> pd.DataFrame:
    path = files("warindicators") / "data" / "reference" / "monthly_reference.csv"
    return pd.read_csv(str(path))


@pytest.fixture(scope="module")
def rep():  # type: ignore[no-untyped-def]
    return build_report(
        "2026-01", families=["territory", "outages", "sanctions"], lookback_periods=12
    )


def _row(rep, ind):  # type: ignore[no-untyped-def]
    return next(r for r in rep.rows if r.indicator.id == ind)


def test_changes_match_the_source_table(rep, csv) -> None:  # type: ignore[no-untyped-def]
    t = csv[(csv.indicator_id == "territory.area_occupied_km2") & (csv.region == "UA")]
    v = t.set_index("period")["value"]
    row = _row(rep, "territory.area_occupied_km2")
    assert row.value == pytest.approx(v["2026-01"])
    assert row.change_prev == pytest.approx(v["2026-01"] - v["2025-12"])
    assert row.change_year == pytest.approx(v["2026-01"] - v["2025-01"])
    assert not row.stale and row.latest_label == "latest: 2026-01-31"


def test_stale_series_are_flagged_with_latest_date_not_dropped(rep, csv) -> None:  # type: ignore[no-untyped-def]
    row = _row(rep, "outages.air_raid_alert_hours")
    assert row.stale and row.latest_label == "latest: 2024-03-31"
    t = csv[(csv.indicator_id == "alerts.air_raid_hours") & (csv.period == "2024-03")]
    assert row.value == pytest.approx(t["value"].sum())  # sum over the oblasts
    assert row.region_label == f"sum of {t['region'].nunique()} regions"
    assert row.change_prev is None and row.change_year is None
    head = render_headline(rep)
    assert "stale</strong> (latest: 2024-03-31)" in head
    cov = render_coverage(rep)
    assert "stale (latest: 2024-05-31)" in cov  # OFAC ends 2024-05


def test_bound_labels_appear(rep) -> None:  # type: ignore[no-untyped-def]
    html = render_headline(rep, "territory")
    assert "<td>estimate</td>" in html
    cas = build_report("2026-01", families=["casualties"])
    h = render_headline(cas)
    assert "claimed by Ukraine&#x27;s General Staff" in h and "<td>at least</td>" in h


def test_binned_follows_the_measure() -> None:
    s = pd.Series(
        [1.0, 3.0, 10.0], index=pd.to_datetime(["2024-01-05", "2024-01-25", "2024-03-01"])
    )
    assert binned(s, "count", "M").tolist()[0] == 4.0
    assert binned(s, "share", "M").tolist()[0] == 2.0
    assert binned(s, "cumulative", "M").tolist()[0] == 3.0
    assert pd.isna(binned(s, "flow", "M").iloc[1])


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
    rep.events = pd.concat(
        [
            rep.events,
            pd.DataFrame(
                {
                    "date": [pd.Timestamp("2025-12-15")],
                    "family": ["sanctions"],
                    "event": [evil],
                    "detail": ['"><img src=x>'],
                    "source": [evil],
                }
            ),
        ],
        ignore_index=True,
    )
    out = render_events(rep, "sanctions")
    assert "<script>" not in out and "&lt;script&gt;" in out and "<img src=x>" not in out
    row = _row(rep, "territory.area_change_km2")
    old = row.region_label
    row.region_label = evil
    try:
        assert "<script>" not in render_headline(rep) + render_coverage(rep)
    finally:
        row.region_label = old


def test_figures_embed_png_with_alt_text(rep) -> None:  # type: ignore[no-untyped-def]
    figs = family_figures(rep, "outages")
    assert len(figs) >= 3  # series, bars, small multiples by oblast
    for f in figs:
        assert base64.b64decode(f.png_base64)[:8] == b"\x89PNG\r\n\x1a\n"
        assert len(f.alt) > 40 and "latest: 2024-03-31" in f.to_html()
        assert "(hours)" in f.to_html() or "(alerts)" in f.to_html()
    assert any("by region" in f.title and "STALE" in f.title for f in figs)
    section = family_section(rep, "outages")
    assert section.count('<img alt="') == len(figs)
    assert "have no observation in 2026-01" in section


def test_what_changed_and_methods(rep) -> None:  # type: ignore[no-untyped-def]
    text = render_what_changed(rep)
    assert "No past values were revised" in text
    m = render_methods(rep)
    for line in (
        "Source: The Economist, based on ISW/CTP maps",
        "CC BY 4.0",
        "US Department of the Treasury, Office of Foreign Assets Control (OFAC), SDN list",
        "CREA, Russia Fossil Tracker",
        "UN OHCHR / Human Rights Monitoring Mission in Ukraine",
    ):
        assert line in m


def test_missing_analysis_degrades_to_a_note(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "warindicators.analysis.trend", None)
    monkeypatch.setitem(sys.modules, "warindicators.analysis.changepoints", None)
    r = build_report("2026-01", families=["territory"])
    row = r.rows[0]
    assert row.trend is None and row.changepoints == []
    assert "trend not available" in render_methods(r)
    assert "n/a" in render_headline(r)


def test_weekly_period_uses_weeks() -> None:
    r = build_report("2026-W04", families=["territory"], lookback_periods=8)
    row = r.rows[0]
    assert row.values.index.freqstr.startswith("W")
    assert row.stale and row.latest_label == "latest: 2025-12-31"  # no month end in W04
    assert str(r.window()[0]) == "2025-12-01/2025-12-07"
    week_of_month_end = build_report("2026-W01", families=["territory"])
    assert not week_of_month_end.rows[0].stale  # 2025-12-31 falls in 2026-W01
