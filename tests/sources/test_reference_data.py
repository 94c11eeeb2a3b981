"""The shipped reference data: region codes agree with the names in the rows, new series,
gaps kept as gaps, coverage exposed, the README coverage table up to date, events kinds."""

from __future__ import annotations

import csv
import importlib.util
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import warindicators as wi
from warindicators.coverage import coverage
from warindicators.errors import DataFormatError
from warindicators.regions import UA_OBLASTS
from warindicators.sources.reference import read_events, reference_dir

REPO = Path(__file__).resolve().parents[2]


def _monthly_rows() -> list[dict[str, str]]:
    with (reference_dir() / "monthly_reference.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_every_oblast_code_agrees_with_the_oblast_named_in_its_row() -> None:
    rows = [r for r in _monthly_rows() if r["region"].startswith("UA-")]
    assert len(rows) >= 1152  # 2 alert indicators x 24 oblasts x 24 months
    for r in rows:
        # the rows of a region name their oblast as the first field of the note
        name = r["note"].split(";")[0].strip()
        assert wi.oblast_code(name) == r["region"], (r["indicator_id"], r["period"], name)
    # Chernihiv and Chernivtsi in particular (their codes were swapped before 2026-12)
    names = {r["region"]: r["note"].split(";")[0] for r in rows}
    assert names["UA-74"] == "Chernihivska oblast" and names["UA-77"] == "Chernivetska oblast"
    assert UA_OBLASTS["UA-74"][1] == "Chernihivska"


def test_chernihiv_hours_are_chernihivs() -> None:
    # CHECKS: Chernihiv 1,136.3 h and Chernivtsi 555.2 h over 2022-04..2024-03
    chernihiv = wi.load("outages.air_raid_alert_hours", region="UA-74").to_pandas()
    chernivtsi = wi.load("outages.air_raid_alert_hours", region="UA-77").to_pandas()
    assert chernihiv.sum() == pytest.approx(1136.3, abs=0.2)
    assert chernivtsi.sum() == pytest.approx(555.2, abs=0.2)


def test_ofac_address_panel_is_a_separate_stock_with_its_definition() -> None:
    s = wi.load("sanctions.ofac_entries_address_ru")
    ind = s.indicator
    assert ind.measure == "stock" and ind.unit == "entries" and s.region == "RU"
    assert "not a program count" in ind.description.lower()
    assert "jeffallen13" in ind.attribution
    v = s.to_pandas()
    assert len(v) == 48 and v.index.min() == pd.Timestamp("2022-04-30")
    assert v.index.max() == pd.Timestamp("2026-03-31")
    # SOURCES section 10: 1,469 in 2022-04, 4,189 in 2024-05, 5,419 in 2026-03
    assert v[["2022-04-30", "2024-05-31", "2026-03-31"]].tolist() == [1469, 4189, 5419]


def test_civilian_killed_monthly_beside_the_at_least_totals() -> None:
    monthly = wi.load("casualties.civilian_killed_monthly")
    ind = monthly.indicator
    assert (ind.measure, ind.bound, ind.frequency) == ("flow", "lower", "M")
    assert "revis" in ind.description and "casualties.civilian_killed" in ind.description
    m = monthly.to_pandas()
    assert len(m) == 45 and m.index.min() == pd.Timestamp("2022-02-28")
    at_least = wi.load("casualties.civilian_killed").to_pandas()
    cum = m.cumsum()
    # like for like: 2023 and 2024 sums equal the in-year totals (CHECKS section 4)
    in_year = wi.load("casualties.civilian_killed_in_year").to_pandas()
    assert m["2023"].sum() == in_year["2023-12-31"] == 1974
    assert m["2024"].sum() == in_year["2024-12-31"] == 2088
    # the revised running sum exceeds the totals quoted at the time (verification goes on)
    assert cum["2022-12-31"] > at_least["2022-12-26"] * 1.19


def test_ofac_gap_stays_missing_and_coverage_says_so() -> None:
    s = wi.load("sanctions.ofac_russia_eo14024_entries")
    v = s.to_pandas()
    assert v[["2026-07-31", "2026-08-31"]].tolist() == [6349, 6349]
    gap = pd.date_range("2024-06-30", "2026-06-30", freq="ME")
    assert not v.index.isin(gap).any()  # no invented values inside the gap
    monthly = s.resample("M").to_pandas()
    assert monthly.reindex(gap).isna().all()
    q = s.resample("Q").to_pandas()
    assert q.reindex(pd.date_range("2024-09-30", "2026-03-31", freq="QE")).isna().all()
    ds = wi.panel(wi.load_frame("sanctions.ofac_russia_eo14024_entries"), freq="M")
    da = ds["sanctions.ofac_russia_eo14024_entries"].sel(region="RU")
    assert np.isnan(da.sel(time=gap).to_numpy()).all()
    cov = coverage(wi.load_frame("sanctions.ofac_russia_eo14024_entries")).iloc[0]
    assert (cov.n_obs, cov.n_periods, cov.gaps) == (36, 61, "2024-06..2026-06 (25)")
    assert cov.covered == pytest.approx(36 / 61)
    # the partial last month is flagged provisional
    assert s.status["2026-08-31"] == "P"


def test_sources_md_keeps_every_attribution_line() -> None:
    text = (reference_dir() / "SOURCES.md").read_text(encoding="utf-8")
    for line in (
        "Source: The Economist, based on ISW/CTP maps",
        "machine-readable copy by kindrat86/ofac-sdn-json",
        "OFAC monthly panel by Jeffrey Allen",
        "monthly figures as compiled by 'The Birdsong of Sorrow above Ukraine'",
        "## Corrections",
    ):
        assert line in text


def test_events_have_a_kind_and_the_alert_switch_is_a_reporting_change(tmp_path: Path) -> None:
    ev = read_events()
    assert list(ev.columns)[-1] == "kind"
    assert set(ev["kind"]) == {"policy", "reporting_change"}
    change = ev[ev["kind"] == "reporting_change"]
    assert change["date"].tolist() == [pd.Timestamp("2025-12-15")]
    assert change["family"].tolist() == ["outages"] and change["source"].str.contains("http").all()
    # a user file in the layout before ``kind`` reads as policy events
    old = tmp_path / "events.csv"
    old.write_text('date,family,event,detail,source\n2024-01-01,sanctions,x,"a, b",s\n')
    assert read_events(old)["kind"].tolist() == ["policy"]
    bad = tmp_path / "bad.csv"
    bad.write_text("date,family,event,detail,source,kind\n2024-01-01,sanctions,x,y,s,rumour\n")
    with pytest.raises(DataFormatError, match="rumour") as err:
        read_events(bad)
    assert err.value.row == 2 and err.value.field == "kind"


def _coverage_script():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(
        "coverage_table", REPO / "docs" / "coverage_table.py"
    )
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_readme_coverage_table_is_up_to_date() -> None:
    mod = _coverage_script()
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert mod.replace_section(readme, mod.coverage_markdown()) == readme, (
        "README coverage table is stale: run docs/coverage_table.py"
    )
    # and it is derived from the data: every shipped indicator has its row
    for ind in wi.read_source("reference")["indicator"].unique():
        assert f"| {ind} |" in readme


def test_coverage_table_changes_with_the_data() -> None:
    mod = _coverage_script()
    obs = wi.read_source("reference")
    cut = obs[~((obs.indicator == "territory.area_occupied_km2") & (obs.date > "2026-01-31"))]
    text = mod.coverage_markdown(cut)
    assert "| territory.area_occupied_km2 | UA | 2022-02-28 | 2026-01-31 | 48 | M | 100% |" in text


def test_shipped_docs_name_no_path_outside_the_package() -> None:
    for name in ("SOURCES.md", "CHECKS.md"):
        text = (reference_dir() / name).read_text(encoding="utf-8")
        assert "../" not in text and "shared/" not in text, name


def test_coverage_of_a_window() -> None:
    frame = wi.load_frame("sanctions.ofac_russia_eo14024_entries")
    one = coverage(frame, "2026-08-01", "2026-09-30").iloc[0]  # one observation, 2 months
    assert (one.frequency, one.n_obs, one.n_periods, one.gaps) == ("M", 1, 2, "2026-09")
    full = coverage(frame, "2022-01-01", "2023-12-31").iloc[0]
    assert (full.n_obs, full.n_periods, full.covered, full.gaps) == (24, 24, 1.0, "")
    empty = coverage(frame, "2025-01-01", "2025-12-31").iloc[0]  # inside the gap
    assert (empty.n_obs, empty.n_periods, empty.covered) == (0, 12, 0.0)
    assert empty.gaps == "2025-01..2025-12 (12)" and pd.isna(empty.first)
