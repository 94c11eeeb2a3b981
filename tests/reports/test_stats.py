"""The report's statistics on series with known truth."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import warindicators as wi
from warindicators.indicators.registry import unregister_indicator
from warindicators.reports import build_report
from warindicators.reports.stats import increments, match_changepoints

SHIFT = "probe_stats.daily_shift"
FLAT = "probe_stats.daily_flat"


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    rng = np.random.default_rng(11)
    for ind_id, title in ((SHIFT, "Shift probe"), (FLAT, "Flat probe")):
        wi.register_indicator(
            wi.Indicator(
                id=ind_id,
                family="probe_stats",
                title=title,
                unit="events",
                measure="count",
                frequency="D",
            )
        )
    days = pd.date_range("2024-07-01", "2026-06-30", freq="D")
    shift = np.where(days >= pd.Timestamp("2026-06-08"), 40.0, 10.0)  # in the last month
    frame = pd.concat(
        [
            pd.DataFrame(
                {
                    "indicator": SHIFT,
                    "region": "UA",
                    "date": days,
                    "value": shift + rng.normal(0, 2, len(days)),
                }
            ),
            pd.DataFrame(
                {
                    "indicator": FLAT,
                    "region": "UA",
                    "date": days,
                    "value": 10.0 + rng.normal(0, 2, len(days)),
                }
            ),
        ]
    )
    folder = tmp_path_factory.mktemp("stats")
    frame.to_parquet(folder / "probe.parquet")
    wi.register_source("test_probe_stats", lambda *p: pd.concat([pd.read_parquet(x) for x in p]))
    wi.Store(folder / "data").ingest(
        "test_probe_stats", folder / "probe.parquet", published="2026-07-01"
    )
    yield folder / "data"
    for ind_id in (SHIFT, FLAT):
        unregister_indicator(ind_id)


def test_a_change_in_the_report_period_is_found_in_it(data_dir: Path) -> None:
    rep = build_report("2026-06", families=["probe_stats"], data_dir=data_dir)
    t = rep.table("probe_stats").set_index("id")
    assert t.loc[SHIFT, "In report period"].startswith("yes")
    date = pd.Timestamp(t.loc[SHIFT, "Latest changepoint"])
    assert abs((date - pd.Timestamp("2026-06-08")).days) <= 2
    assert not t.loc[FLAT, "In report period"].startswith("yes")
    assert "cannot be detected yet" not in t.loc[FLAT, "In report period"]  # daily: it can
    changed = rep.what_changed
    mine = changed[changed["id"] == SHIFT]["What changed"].tolist()
    assert any(text.startswith("new changepoint at 2026-06") for text in mine)
    # the month before, the change had not happened: nothing in that period
    before = build_report("2026-05", families=["probe_stats"], data_dir=data_dir)
    assert (
        not before.table("probe_stats")
        .set_index("id")
        .loc[SHIFT, "In report period"]
        .startswith("yes")
    )


def test_a_changepoint_near_a_reporting_change_is_marked(data_dir: Path) -> None:
    rep = build_report("2026-06", families=["probe_stats"], data_dir=data_dir)
    rep.events = pd.concat(
        [
            rep.events,
            pd.DataFrame(
                {
                    "date": [pd.Timestamp("2026-05-20")],
                    "family": ["probe_stats"],
                    "event": ["Source switches to local reporting"],
                    "detail": [""],
                    "source": [""],
                    "kind": ["reporting_change"],
                }
            ),
        ],
        ignore_index=True,
    )
    cps = rep.changepoints
    note = cps[cps["id"] == SHIFT]["Note"].iloc[-1]
    assert note.startswith("possibly a reporting artefact: Source switches")
    rep.events.loc[rep.events.index[-1], "date"] = pd.Timestamp("2026-02-01")  # too early
    assert rep.changepoints.loc[lambda d: d["id"] == SHIFT, "Note"].iloc[-1] == ""


def test_moved_not_new() -> None:
    p = lambda s: pd.Period(s, "M")  # noqa: E731
    out = match_changepoints([p("2025-05"), p("2025-12")], [p("2025-03"), p("2025-12")])
    assert [s for s, _, _ in out] == ["moved", "unchanged"]
    far = match_changepoints([p("2025-06")], [p("2025-03")])
    assert [s for s, _, _ in far] == ["new", "gone"]


@given(
    st.lists(st.integers(0, 60), max_size=6, unique=True), st.lists(st.integers(-2, 2), max_size=6)
)
def test_shifts_within_two_periods_are_never_new(base: list[int], moves: list[int]) -> None:
    base = sorted(base)
    spaced = [b for i, b in enumerate(base) if i == 0 or b - base[i - 1] > 5]
    before = [pd.Period("2020-01", "M") + b for b in spaced]
    current = [b + (moves[i] if i < len(moves) else 0) for i, b in enumerate(before)]
    statuses = [s for s, _, _ in match_changepoints(current, before)]
    assert "new" not in statuses and "gone" not in statuses


def test_increments_divide_by_the_periods_between_values() -> None:
    s = pd.Series(
        [0.0, 30.0, 90.0], index=pd.to_datetime(["2025-01-31", "2025-02-28", "2025-05-31"])
    )
    assert increments(s, "M").tolist() == [30.0, 20.0]
    # irregular dates: a steady 1 per day reads as days-per-month whatever the spacing
    days = pd.to_datetime(["2025-01-10", "2025-03-15", "2025-03-20", "2025-06-30"])
    levels = pd.Series((days - days[0]).days.astype(float), index=days)
    out = increments(levels, "M")
    assert list(out.index.astype(str)) == ["2025-03", "2025-06"]
    np.testing.assert_allclose(out.to_numpy(), [30.4, 30.4], rtol=0.05)


def test_a_monthly_series_says_when_its_last_months_cannot_hold_a_changepoint() -> None:
    rep = build_report("2026-01", families=["territory"], lookback_periods=12)
    t = rep.table("territory").set_index("id")
    text = t.loc["territory.area_occupied_km2", "In report period"]
    assert text.startswith("no; a change after 2025-") and "cannot be detected yet" in text
