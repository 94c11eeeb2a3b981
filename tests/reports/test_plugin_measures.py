"""A report of plugin indicators of every measure, by oblast and national, read from a data
folder: no sum of shares, partial periods marked, every series drawn, notes for the rest."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
import pytest

import warindicators as wi
from warindicators.indicators.registry import unregister_indicator
from warindicators.reports import build_report, family_figures, regional_figures, style_table

matplotlib.use("Agg")

FAMILY = "probe_measures"
BROKEN = f"{FAMILY}.overflowing_flow"
OBLASTS = ("UA-32", "UA-46", "UA-63")
MEASURES = ("stock", "flow", "cumulative", "rate", "share", "count")
UNITS = {
    "stock": "items",
    "flow": "tonnes",
    "cumulative": "items",
    "rate": "per 1000",
    "share": "%",
    "count": "events",
}


def _ids() -> list[tuple[str, str, str]]:
    return [
        (f"{FAMILY}.{m}_{where}", m, where) for m in MEASURES for where in ("oblast", "national")
    ]


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    rng = np.random.default_rng(7)
    for ind_id, measure, where in _ids():
        wi.register_indicator(
            wi.Indicator(
                id=ind_id,
                family=FAMILY,
                title=f"Probe {measure} ({where})",
                unit=UNITS[measure],
                measure=measure,
                frequency="D",
            )
        )
    days = pd.date_range("2024-01-01", "2026-06-15", freq="D")  # June half covered
    wi.register_indicator(
        wi.Indicator(
            id=BROKEN,
            family=FAMILY,
            title="Probe overflowing flow",
            unit="tonnes",
            measure="flow",
            frequency="D",
        )
    )
    huge = np.full(len(days), 1.0)
    huge[100:102] = 1e308  # two finite values whose monthly sum overflows to infinity
    rows = [pd.DataFrame({"indicator": BROKEN, "region": "UA", "date": days, "value": huge})]
    for ind_id, measure, where in _ids():
        regions = OBLASTS if where == "oblast" else ("UA",)
        for k, region in enumerate(regions):
            if measure == "share":
                v = np.full(len(days), 50.0 + 10 * k)  # 50, 60 and 70 %
            elif measure == "cumulative":
                v = np.cumsum(rng.poisson(5, len(days))).astype(float)
            elif measure == "stock":
                v = 100 + np.cumsum(rng.normal(0, 1, len(days)))
            else:
                v = rng.gamma(5, 2, len(days))
            rows.append(
                pd.DataFrame({"indicator": ind_id, "region": region, "date": days, "value": v})
            )
    frame = pd.concat(rows, ignore_index=True)

    def read_probe(*paths: str | Path) -> pd.DataFrame:
        """Probe observations of every measure from a parquet file."""
        return pd.concat([pd.read_parquet(p) for p in paths], ignore_index=True)

    folder = tmp_path_factory.mktemp("probe")
    raw = folder / "probe.parquet"
    frame.to_parquet(raw)
    wi.register_source("test_probe_measures", read_probe)
    wi.Store(folder / "data").ingest("test_probe_measures", raw, published="2026-06-16")
    yield folder / "data"
    for ind_id, _, _ in _ids():
        unregister_indicator(ind_id)
    unregister_indicator(BROKEN)


@pytest.fixture(scope="module")
def rep(data_dir: Path):  # type: ignore[no-untyped-def]
    return build_report("2026-06", families=[FAMILY], data_dir=data_dir, lookback_periods=24)


def _row(rep, ind_id: str):  # type: ignore[no-untyped-def]
    s = rep.summary
    return s[s["id"] == ind_id].iloc[0]


def test_shares_and_rates_are_never_summed(rep) -> None:  # type: ignore[no-untyped-def]
    for m in ("share", "rate"):
        row = _row(rep, f"{FAMILY}.{m}_oblast")
        assert isinstance(row["Value"], str) and row["Value"].startswith("no total"), row
    html = style_table(rep.summary).to_html()
    assert "180" not in html  # 50 + 60 + 70 %
    flow = _row(rep, f"{FAMILY}.flow_oblast")
    assert "3" in flow["Region"] and not isinstance(flow["Value"], str)  # summed, labelled


def test_the_half_covered_month_is_partial_and_not_compared(rep) -> None:  # type: ignore[no-untyped-def]
    for ind_id, _measure, _ in _ids():
        row = _row(rep, ind_id)
        assert row["Status"].startswith("partial (50 %"), (ind_id, row["Status"])
        if not str(row["Value"]).startswith("no total"):
            assert row["vs previous period"] == "partial period: not compared"
    html = style_table(rep.summary).to_html()
    assert html.count("wi-partial") >= len(_ids())
    # the partial month is drawn marked and left out of the analysis
    data = rep.figure_data(FAMILY)
    flows = data[data["id"] == f"{FAMILY}.flow_national"]
    assert not flows.empty


def test_cumulative_series_are_analysed_as_increments(rep) -> None:  # type: ignore[no-untyped-def]
    r = next(x for x in rep.rows if x.indicator.id == f"{FAMILY}.cumulative_national")
    assert r.stats_label == "increments per day"
    assert 3 < r.stats.mean() < 7  # Poisson(5) increments, not a growing level


def test_every_series_has_a_figure_and_notes_name_the_rest(rep) -> None:  # type: ignore[no-untyped-def]
    figs = family_figures(rep, FAMILY) + regional_figures(rep, FAMILY)
    text = " ".join(f.alt + " " + f.caption for f in figs)
    for _ind_id, measure, where in _ids():
        title = f"Probe {measure} ({where})"
        assert title in text, title
    for measure in MEASURES:  # every oblast-level plugin series gets its maps
        assert any(f.alt.startswith(f"Choropleth maps of Probe {measure} (oblast)") for f in figs)
    maps = [f for f in figs if f.alt.startswith("Choropleth maps of Probe flow (oblast)")]
    assert "Partial periods (covered in part by the data): 2026-06" in maps[0].alt
    notes = rep.notes
    for m in ("share", "rate"):
        mine = notes[notes["id"] == f"{FAMILY}.{m}_oblast"]["Note"].tolist()
        assert any("no total" in n for n in mine) and any("line charts" in n for n in mine)
    assert set(notes["Kind"]) <= {"info", "warning", "error"}


def test_a_failing_series_is_named_in_the_notes_and_the_others_go_on(rep) -> None:  # type: ignore[no-untyped-def]
    notes = rep.notes
    mine = notes[notes["id"] == BROKEN]
    assert set(mine["Kind"]) & {"warning", "error"}, mine
    assert any("overflow" in n for n in mine["Note"]), mine["Note"].tolist()
    assert len(rep.summary) == len(_ids()) + 1  # every other series is still reported
    others = [r for r in rep.rows if r.indicator.id != BROKEN]
    assert all(r.trend is not None for r in others if r.indicator.id.endswith("_national"))
