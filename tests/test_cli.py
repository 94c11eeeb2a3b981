from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

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
    assert main(["ingest", "reference", str(src), "--data-dir", str(tmp_path)]) == 0
    assert "new" in capsys.readouterr().out
    assert main(["ingest", "reference", str(src), "--data-dir", str(tmp_path)]) == 0
    assert "nothing new" in capsys.readouterr().out


def test_list_unknown_family_is_an_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list", "--family", "weather"]) == 2
    err = capsys.readouterr().err
    assert "unknown family 'weather'" in err and "territory" in err
