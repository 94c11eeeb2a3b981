from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import warindicators as wi
from warindicators.cli import main


def test_list(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list", "--family", "sanctions"]) == 0
    out = capsys.readouterr().out
    assert "sanctions.ofac_russia_eo14024_entries" in out and "territory." not in out
    assert main(["list", "--sources"]) == 0
    assert "ofac_sdn" in capsys.readouterr().out


def test_ingest_error_is_one_line_and_nonzero(tmp_path: Path) -> None:
    bad = tmp_path / "monthly_reference.csv"
    bad.write_text("nothing,useful\n1,2\n")
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "warindicators",
            "ingest",
            "reference",
            str(bad),
            "--data-dir",
            str(tmp_path / "d"),
        ],
        capture_output=True,
        text=True,
    )
    assert proc.returncode != 0
    err = proc.stderr.strip().splitlines()
    assert len(err) == 1 and "monthly_reference.csv" in err[0] and "missing column" in err[0]
    assert not (tmp_path / "d" / "processed").exists() or not list(
        (tmp_path / "d" / "processed").glob("*.parquet")
    )


def test_ingest_ok(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = Path(__file__).resolve().parents[1] / "data" / "reference" / "sparse_facts.csv"
    n = len(wi.read_source("reference", src))
    assert main(["ingest", "reference", str(src), "--data-dir", str(tmp_path)]) == 0
    assert f"reference: {n} new, 0 revised, 0 unchanged" in capsys.readouterr().out
    assert main(["ingest", "reference", str(src), "--data-dir", str(tmp_path)]) == 0
    assert f"reference: 0 new, 0 revised, {n} unchanged" in capsys.readouterr().out


def test_list_unknown_family_is_an_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list", "--family", "weather"]) == 2
    err = capsys.readouterr().err
    assert "unknown family 'weather'" in err and "territory" in err


def test_ingest_passes_reader_options(tmp_path: Path) -> None:
    src = tmp_path / "kyiv.json"
    slots = {str(h): "yes" for h in range(1, 25)}
    slots["19"] = "no"
    week = {str(d): dict(slots) for d in range(1, 8)}
    src.write_text(
        json.dumps(
            {
                "data": {"1.1": week},
                "sch_names": {"1.1": "Queue 1.1"},
                "time_zone": {str(h): f"{h - 1:02d}-{h:02d}" for h in range(1, 25)},
            }
        )
    )
    assert (
        main(
            [
                "ingest",
                "dtek_schedule",
                str(src),
                "--data-dir",
                str(tmp_path / "d"),
                "-o",
                "start=2024-12-16",
                "-o",
                "end=2024-12-17",
            ]
        )
        == 0
    )
    s = wi.load(
        "outages.scheduled_power_off_hours", data_dir=tmp_path / "d", region="UA-30", queue="1.1"
    )
    assert s.to_pandas().tolist() == [1.0, 1.0]
    assert main(["ingest", "dtek_schedule", str(src), "-o", "start"]) == 2


def test_usage_errors_are_one_line() -> None:
    for args in (["report", "schedule", "--cadence", "daily", "--since", "2024-01"], []):
        proc = subprocess.run(
            [sys.executable, "-m", "warindicators", *args], capture_output=True, text=True
        )
        assert proc.returncode == 2
        assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr


def test_warnings_are_one_line_on_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = (
        Path(__file__).resolve().parent
        / "sources"
        / "fixtures"
        / "territory"
        / "isw_area_small.csv"
    )
    lines = src.read_text().splitlines()
    live = tmp_path / "area.csv"
    live.write_text("\n".join([*lines, lines[-1]]) + "\n")  # the last day published twice
    assert main(["ingest", "economist_isw_area", str(live), "--data-dir", str(tmp_path)]) == 0
    out, err = capsys.readouterr()
    assert "1 repeated records collapsed" in out
    assert err.count("\n") == 1 and err.startswith("warindicators: warning: file ")
    assert "1 exact repeat(s) collapsed" in err


def test_ingest_passes_reader_options_the_store_also_names(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # sdn.csv carries no date: the snapshot date is the reader's option ``published``
    fix = Path(__file__).resolve().parent / "sources" / "fixtures" / "sanctions"
    sdn = tmp_path / "sdn.csv"
    sdn.write_bytes((fix / "sdn_2022-03-07.csv").read_bytes())
    argv = ["ingest", "ofac_sdn", str(sdn), "--data-dir", str(tmp_path / "d")]
    assert main([*argv, "-o", "published=2022-03-07"]) == 0
    assert "ofac_sdn: 2 new, 0 revised, 0 unchanged; latest 2022-03-07" in capsys.readouterr().out
    s = wi.load("sanctions.ofac_russia_eo14024_entries", data_dir=tmp_path / "d").to_pandas()
    assert s.index.tolist() == [pd.Timestamp("2022-03-07")]
