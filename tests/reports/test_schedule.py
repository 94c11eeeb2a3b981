"""Catch-up scheduling: due periods, skipping, failures, the lock, and kill -9."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from filelock import FileLock

from warindicators.cli import main
from warindicators.errors import ReportError
from warindicators.reports import schedule
from warindicators.reports.index import list_reports


def _statuses(out: Path) -> dict[str, str]:
    return {r["period"]: r["status"] for r in list_reports(out)}


def test_dry_run_lists_due_periods_and_refuses_bad_input(tiny: Path, tmp_path: Path) -> None:
    res = schedule(
        "monthly", "2025-11", "2026-01", output_dir=tmp_path, template=tiny, dry_run=True
    )
    assert res.due == ["2025-11", "2025-12", "2026-01"] and res.ran == []
    refused = tmp_path / "refused"  # a refused run leaves nothing behind, not even the folder
    with pytest.raises(ReportError, match="'colour': unknown"):
        schedule(
            "monthly",
            "2025-11",
            "2026-01",
            output_dir=refused,
            template=tiny,
            parameters={"colour": "red"},
        )
    with pytest.raises(ReportError, match="got '../../x'"):
        schedule("monthly", "../../x", output_dir=refused, template=tiny)
    with pytest.raises(ReportError, match="not a weekly template"):
        schedule("weekly", "2026-W01", "2026-W02", output_dir=refused, template=tiny)
    assert not (tmp_path / "tiny").exists() and not refused.exists()


def test_second_scheduler_is_locked_out(tiny: Path, tmp_path: Path) -> None:
    with (
        FileLock(str(tmp_path / ".schedule.lock")),
        pytest.raises(ReportError, match="another scheduler is running"),
    ):
        schedule("monthly", "2026-01", "2026-01", output_dir=tmp_path, template=tiny)


@pytest.mark.slow
def _no_kernel(*args: object, **kwargs: object) -> None:
    raise AssertionError("a kernel was started")


def test_catch_up_skip_rerun_and_failures(
    tiny: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    res = schedule("monthly", "2025-11", "2026-01", output_dir=tmp_path, template=tiny, jobs=2)
    assert res.ok and res.ran == ["2025-11", "2025-12", "2026-01"]
    assert _statuses(tmp_path) == dict.fromkeys(res.ran, "ok")
    with monkeypatch.context() as m:  # skipping starts no kernel
        m.setattr("papermill.execute_notebook", _no_kernel)
        again = schedule("monthly", "2025-11", "2026-01", output_dir=tmp_path, template=tiny)
    assert again.ran == [] and again.skipped == res.ran
    changed = schedule(
        "monthly",
        "2025-11",
        "2026-01",
        output_dir=tmp_path,
        template=tiny,
        parameters={"note": "v2"},
        dry_run=True,
    )
    assert changed.due == res.ran  # the inputs' hash changed
    forced = schedule(
        "monthly",
        "2025-11",
        "2026-01",
        output_dir=tmp_path,
        template=tiny,
        rerun=["2025-12"],
        dry_run=True,
    )
    assert forced.due == ["2025-12"]
    # a failing period does not stop the others; the command exits non-zero naming it
    code = main(
        [
            "report",
            "schedule",
            "--cadence",
            "monthly",
            "--since",
            "2026-01",
            "--until",
            "2026-03",
            "--template",
            str(tiny),
            "--output-dir",
            str(tmp_path),
            "-p",
            "fail_on=2026-02",
            "-p",
            "note=v3",
        ]
    )
    err = capsys.readouterr().err
    assert code == 2 and "failed: 2026-02" in err and "1 period(s) failed: 2026-02" in err
    assert _statuses(tmp_path) == {
        "2025-11": "ok",
        "2025-12": "ok",
        "2026-01": "ok",
        "2026-02": "failed",
        "2026-03": "ok",
    }


@pytest.mark.slow
def test_kill_9_leaves_no_half_written_report(tiny: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    cmd = [
        sys.executable,
        "-m",
        "warindicators",
        "report",
        "schedule",
        "--cadence",
        "monthly",
        "--since",
        "2026-01",
        "--until",
        "2026-03",
        "--template",
        str(tiny),
        "--output-dir",
        str(out),
        "-p",
        "sleep_s=1.5",
    ]
    proc = subprocess.Popen(
        cmd, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + 60
        # wait until one period is published and the next one is being built
        while time.monotonic() < deadline:
            built = list((out / "tiny").glob(".build-*")) if (out / "tiny").exists() else []
            if (out / "tiny" / "2026-01" / "manifest.json").exists() and built:
                break
            time.sleep(0.05)
        else:
            pytest.fail("the scheduler did not get to the second period")
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        # the kernels the killed scheduler started are in its process group
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    for folder in (p for p in (out / "tiny").iterdir() if not p.name.startswith(".")):
        assert {"manifest.json", "report.html", "report.ipynb"} <= {
            p.name for p in folder.iterdir()
        }, f"half-written report in {folder}"
    res = schedule(
        "monthly",
        "2026-01",
        "2026-03",
        output_dir=out,
        template=tiny,
        parameters={"sleep_s": "1.5"},
    )
    assert res.ok and res.skipped == ["2026-01"] and res.ran == ["2026-02", "2026-03"]
    assert not list((out / "tiny").glob(".build-*")) and not list((out / "tiny").glob(".old-*"))
    assert _statuses(out) == {"2026-01": "ok", "2026-02": "ok", "2026-03": "ok"}


def test_parallel_kernels_talk_over_sockets_of_their_own(
    tmp_path: Path, make_tiny: Callable[[Path, str | None], Path]
) -> None:
    # kernels started together must not race for TCP ports: each uses Unix sockets in a
    # folder of its own run, removed afterwards
    body = (
        "import html\n"
        "from IPython.display import HTML, display\n"
        "from ipykernel.kernelapp import IPKernelApp\n"
        "app = IPKernelApp.instance()\n"
        "display(HTML(f'<p id=\"k\">{app.transport} {html.escape(app.ip)}</p>'))\n"
    )
    template = make_tiny(tmp_path / "socket_report.ipynb", body)
    out = tmp_path / "out"
    res = schedule("monthly", "2025-10", "2026-01", output_dir=out, template=template, jobs=2)
    assert res.ok and len(res.ran) == 4
    seen = set()
    for period in res.ran:
        (page,) = out.glob(f"*/{period}/report.html")
        text = page.read_text()
        transport, ip = text.split('<p id="k">')[1].split("</p>")[0].split(" ")
        assert transport == "ipc"
        seen.add(Path(ip).parent)
        assert not Path(ip).parent.exists()  # removed once the run ended
    assert len(seen) == 4  # one folder per run
