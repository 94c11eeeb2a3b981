"""The runner's mechanics on a tiny template: publish, manifest, failure, timeouts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from warindicators.cli import main
from warindicators.errors import ReportError
from warindicators.reports import run
from warindicators.reports.index import list_reports


def _leftovers(out: Path) -> list[str]:
    return [p.name for p in out.rglob(".build-*")] + [p.name for p in out.rglob(".old-*")]


def test_refused_before_any_kernel(tiny: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    with pytest.raises(ReportError, match="'colour': unknown"):
        run(tiny, "2026-01", out, {"colour": "red"})
    with pytest.raises(ReportError, match="'sleep_s': expected float"):
        run(tiny, "2026-01", out, {"sleep_s": "slow"})
    with pytest.raises(ReportError, match="expected YYYY-MM or YYYY-Www, got '../../x'"):
        run(tiny, "../../x", out)
    with pytest.raises(ReportError, match="monthly period was expected"):
        run(tiny, "2026-W03", out)
    assert not out.exists()


def test_cli_refuses_bad_input(
    tiny: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = str(tmp_path / "out")
    assert main(["report", "run", str(tiny), "--period", "../../x", "--output-dir", out]) == 2
    assert "warindicators: error: period: expected" in capsys.readouterr().err
    assert (
        main(
            [
                "report",
                "run",
                str(tiny),
                "--period",
                "2026-01",
                "-p",
                "colour=red",
                "--output-dir",
                out,
            ]
        )
        == 2
    )
    assert "parameter 'colour': unknown" in capsys.readouterr().err
    assert main(["report", "run", "../../x", "--period", "2026-01", "--output-dir", out]) == 2
    assert "not a plain name" in capsys.readouterr().err


@pytest.mark.slow
def test_run_publishes_report_and_manifest(tiny: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    res = run(tiny, "2026-01", out, {"note": "<b>bold & co</b>"})
    assert res.ok and res.folder == out / "tiny" / "2026-01"
    assert sorted(p.name for p in res.folder.iterdir()) == [
        "manifest.json",
        "report.html",
        "report.ipynb",
    ]
    html = res.html.read_text()
    assert "tiny report 2026-01 &lt;b&gt;bold &amp; co&lt;/b&gt;" in html
    assert "time.sleep" not in html and "deliberate failure" not in html  # no code shown
    assert "<script src=" not in html  # self-contained: no external scripts
    m = json.loads((res.folder / "manifest.json").read_text())
    assert m["status"] == "ok" and m["period"] == "2026-01"
    assert m["parameters"] == {
        "period": "2026-01",
        "fail_on": "",
        "sleep_s": 0.0,
        "note": "<b>bold & co</b>",
    }
    assert len(m["input_hash"]) == 64 and len(m["data_hash"]) == 64
    assert m["packages"]["papermill"] and m["library_version"]
    assert m["started"] <= m["finished"] and m["duration_s"] > 0
    assert [c["status"] for c in m["cells"]] == ["completed"] * 3
    assert _leftovers(out) == []
    assert [(r["period"], r["status"]) for r in list_reports(out)] == [("2026-01", "ok")]
    assert 'href="tiny/2026-01/report.html"' in (out / "index.html").read_text()


@pytest.mark.slow
def test_failed_run_keeps_previous_good_report(tiny: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    good = run(tiny, "2026-02", out, {"note": "first-good"})
    assert good.ok
    bad = run(tiny, "2026-02", out, {"fail_on": "2026-02"})
    assert not bad.ok and bad.folder == good.folder
    assert "first-good" in bad.html.read_text()  # previous report untouched
    manifest = json.loads((good.folder / "manifest.json").read_text())
    assert manifest["parameters"]["note"] == "first-good" and manifest["status"] == "ok"
    failed = json.loads((good.folder / "failed.json").read_text())
    # the kept report's manifest records the failed run
    assert manifest["last_failure"]["finished"] == failed["finished"]
    assert "deliberate failure for 2026-02" in manifest["last_failure"]["error"]
    assert manifest["last_failure"]["record"] == "failed.json"
    assert failed["status"] == "failed" and failed["kept_report"] is True
    assert failed["error"]["ename"] == "RuntimeError"
    assert "deliberate failure for 2026-02" in failed["error"]["evalue"]
    assert "fail_on" in failed["error"]["source"]
    assert (good.folder / "failed.ipynb").is_file()
    assert list_reports(out)[0]["status"] == "failed (previous report kept)"
    assert "deliberate failure" in (out / "index.html").read_text()
    # with no previous report, the failure is recorded on its own
    lone = run(tiny, "2026-03", out, {"fail_on": "2026-03"})
    assert sorted(p.name for p in lone.folder.iterdir()) == ["failed.ipynb", "failed.json"]
    # a later success replaces the failure record
    again = run(tiny, "2026-02", out)
    assert again.ok and not (again.folder / "failed.json").exists()
    assert "last_failure" not in json.loads((again.folder / "manifest.json").read_text())
    # a previous report whose manifest is unreadable is kept all the same
    (again.folder / "manifest.json").write_text("{ not json")
    html = again.html.read_bytes()
    broken = run(tiny, "2026-02", out, {"fail_on": "2026-02"})
    assert not broken.ok and again.html.read_bytes() == html
    assert json.loads((again.folder / "failed.json").read_text())["kept_report"] is True
    assert _leftovers(out) == []


@pytest.mark.slow
def test_whole_run_timeout(tiny: Path, tmp_path: Path) -> None:
    res = run(tiny, "latest", tmp_path, {"sleep_s": "30"}, cell_timeout=60, run_timeout=4)
    assert res.period == "2026-07"  # the newest month of final figures in the shipped data
    assert not res.ok
    assert "timeout" in res.error.lower() or "Timeout" in res.record["error"]["type"]
