"""Periods and template parameters: parsing, validation, path safety."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from warindicators.errors import ReportError
from warindicators.reports.params import (
    check_parameters,
    parse_assignments,
    read_parameters,
    safe_component,
)
from warindicators.reports.periods import Period, latest_period, period_label, period_range
from warindicators.reports.templates import resolve_template, template_dir


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2024-02", "2024-02-01", "2024-02-29"),
        ("2026-12", "2026-12-01", "2026-12-31"),
        ("2026-W01", "2025-12-29", "2026-01-04"),
        ("2020-W53", "2020-12-28", "2021-01-03"),
    ],
)
def test_period_bounds(text: str, start: str, end: str) -> None:
    p = Period.parse(text)
    assert (str(p.start.date()), str(p.end.date())) == (start, end)
    assert str(p) == text


@pytest.mark.parametrize(
    "bad",
    ["../../x", "2026-13", "2026-00", "2026-W54", "2025-W53", "2026/01", "2026-1", "", "latest"],
)
def test_malformed_periods_raise(bad: str) -> None:
    with pytest.raises(ReportError, match="period"):
        Period.parse(bad)


def test_previous_year_earlier_and_range() -> None:
    assert str(Period.parse("2026-01").previous()) == "2025-12"
    assert str(Period.parse("2026-03").year_earlier()) == "2025-03"
    assert str(Period.parse("2021-W01").previous()) == "2020-W53"
    assert [str(p) for p in period_range("2025-11", "2026-02")] == [
        "2025-11",
        "2025-12",
        "2026-01",
        "2026-02",
    ]
    with pytest.raises(ReportError, match="before"):
        period_range("2026-02", "2026-01")
    with pytest.raises(ReportError, match="weekly"):
        Period.parse("2026-W02", "monthly")


def test_latest_period_of_shipped_data() -> None:
    # the newest observations are OFAC's provisional counts of 2026-08-31; the newest
    # final ones are of 2026-07-31, a Friday of ISO week 31
    assert str(latest_period("monthly")) == "2026-07"
    assert str(latest_period("weekly")) == "2026-W31"


def test_latest_period_skips_provisional_figures_unless_all_are(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def data(statuses: list[str]) -> pd.DataFrame:
        dates = ["2026-03-31", "2026-04-30", "2026-05-31"][: len(statuses)]
        return pd.DataFrame(
            {
                "indicator": "territory.area_occupied_km2",
                "region": "UA",
                "date": pd.to_datetime(dates),
                "value": range(len(statuses)),
                "status": statuses,
            }
        )

    monkeypatch.setattr(
        "warindicators.store.load_frame", lambda data_dir=None: data(["A", "A", "P"])
    )
    assert str(latest_period("monthly")) == "2026-04"
    monkeypatch.setattr(
        "warindicators.store.load_frame", lambda data_dir=None: data(["A", "P", "A"])
    )
    assert str(latest_period("monthly")) == "2026-05"
    monkeypatch.setattr("warindicators.store.load_frame", lambda data_dir=None: data(["P", "P"]))
    assert str(latest_period("monthly")) == "2026-04"


def test_read_parameters_of_shipped_templates() -> None:
    for name in ("monthly", "weekly"):
        spec = read_parameters(resolve_template(name))
        assert set(spec) == {
            "period",
            "as_of",
            "families",
            "regions",
            "indicators",
            "data_dir",
            "title",
            "lookback_periods",
        }
        assert spec["families"].type == "list[str]" and spec["families"].optional
        assert spec["lookback_periods"].type == "int"


def test_read_parameters_agrees_with_nbformat_and_refuses_non_notebooks(tmp_path: Path) -> None:
    import json

    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook

    nb = new_notebook()
    nb.cells = [
        new_code_cell("x = 1"),
        new_code_cell('when: str = "2026-01"\nn: int = 3', metadata={"tags": ["parameters"]}),
    ]
    path = tmp_path / "t.ipynb"
    nbformat.write(nb, str(path))  # sources stored as lists of lines
    spec = read_parameters(path)
    assert [(p.name, p.type, p.default) for p in spec.values()] == [
        ("when", "str", "2026-01"),
        ("n", "int", 3),
    ]
    raw = json.loads(path.read_text())
    for cell in raw["cells"]:
        cell["source"] = "".join(cell["source"])  # sources stored as one string
    path.write_text(json.dumps(raw))
    assert read_parameters(path) == spec
    bad = tmp_path / "bad.ipynb"
    bad.write_text('{"cells": [')
    with pytest.raises(ReportError, match=r"bad\.ipynb: not a readable notebook"):
        read_parameters(bad)
    bad.write_text("[1, 2]")
    with pytest.raises(ReportError, match="not a notebook"):
        read_parameters(bad)


def test_check_parameters_converts_and_rejects() -> None:
    spec = read_parameters(resolve_template("monthly"))
    got = check_parameters(
        spec,
        parse_assignments(
            ["families=territory,sanctions", "lookback_periods=6", "as_of=2025-01-31"]
        ),
    )
    assert got == {
        "families": ["territory", "sanctions"],
        "lookback_periods": 6,
        "as_of": "2025-01-31",
    }
    assert check_parameters(spec, {"regions": '["UA-32", "UA-30"]'}) == {
        "regions": ["UA-32", "UA-30"]
    }
    with pytest.raises(ReportError, match="'colour': unknown"):
        check_parameters(spec, {"colour": "red"})
    with pytest.raises(ReportError, match="'lookback_periods': expected int"):
        check_parameters(spec, {"lookback_periods": "twelve"})
    with pytest.raises(ReportError, match="'lookback_periods': expected int"):
        check_parameters(spec, {"lookback_periods": 2.5})
    with pytest.raises(ReportError, match="'as_of'"):
        check_parameters(spec, {"as_of": "yesterday"})
    with pytest.raises(ReportError, match="'data_dir'"):
        check_parameters(spec, {"data_dir": "/no/such/folder"})
    with pytest.raises(ReportError, match="'families': expected a list"):
        check_parameters(spec, {"families": 3})
    with pytest.raises(ReportError, match="KEY=VALUE"):
        parse_assignments(["novalue"])


@pytest.mark.parametrize("bad", ["..", "../x", "a/b", "a\\b", ".hidden", "", "x" * 101])
def test_safe_component_rejects_traversal(bad: str) -> None:
    with pytest.raises(ReportError):
        safe_component(bad, "template")


def test_template_names_resolve_and_unknown_is_refused(tmp_path: Path) -> None:
    assert resolve_template("weekly", cwd=tmp_path).parent.name == "templates"  # shipped copy
    # in a folder with notebooks/, the notebook there is the one that runs
    (tmp_path / "notebooks").mkdir()
    own = tmp_path / "notebooks" / "weekly_report.ipynb"
    own.write_bytes(resolve_template("weekly", cwd=tmp_path).read_bytes())
    assert resolve_template("weekly", cwd=tmp_path) == own.resolve()
    assert resolve_template("weekly").name == "weekly_report.ipynb"
    assert resolve_template("monthly_report").name == "monthly_report.ipynb"
    with pytest.raises(ReportError, match="unknown 'yearly'"):
        resolve_template("yearly")
    with pytest.raises(ReportError, match="plain name"):
        resolve_template("../../etc/passwd")
    with pytest.raises(ReportError, match="no notebook"):
        resolve_template(tmp_path / "missing.ipynb")


def test_user_facing_templates_equal_the_shipped_ones() -> None:
    repo = Path(__file__).resolve().parents[2]
    for name in ("monthly_report.ipynb", "weekly_report.ipynb"):
        user = repo / "notebooks" / name
        shipped = template_dir() / name
        assert user.read_bytes() == shipped.read_bytes(), f"copy notebooks/{name} to the package"


def test_templates_are_stored_without_outputs() -> None:
    import nbformat

    for name in ("monthly", "weekly"):
        nb = nbformat.read(str(resolve_template(name)), as_version=4)
        code = [c for c in nb.cells if c.cell_type == "code"]
        assert code and all(not c.outputs and c.execution_count is None for c in code)


@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2090, 12, 31)))
def test_period_label_writes_pandas_periods_as_report_periods(day: dt.date) -> None:
    week = pd.Period(day, freq="W-SUN")
    back = Period.parse(period_label(week), "weekly")  # an ISO week the parser accepts
    assert back.start == week.start_time and back.end.normalize() == week.end_time.normalize()
    month = pd.Period(day, freq="M")
    assert Period.parse(period_label(month), "monthly").start == month.start_time
