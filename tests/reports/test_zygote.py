"""Kernels forked from a warm zygote behave as kernels launched from the kernelspec."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from warindicators.reports import zygote as zygote_module

pytestmark = pytest.mark.skipif(
    not zygote_module.fork_enabled(), reason="kernels are forked on Linux only"
)

# what the kernel reports about itself, and a computation through the library
BODY = (
    "import html, os, json, sys\n"
    "import numpy as np\n"
    "import matplotlib\n"
    "from IPython.display import HTML, display\n"
    "from warindicators.analysis.changepoints import changepoints\n"
    "x = np.r_[np.zeros(60), np.full(60, 5.0)] + np.tile([0.3, -0.3], 60)\n"
    "facts = {'ppid': os.getppid(), 'pid': os.getpid(), 'cwd': os.getcwd(),\n"
    "         'backend': matplotlib.get_backend(), 'cps': changepoints(x).indices,\n"
    "         'env': os.environ.get('WI_TEST_MARK')}\n"
    "display(HTML('<pre id=\"facts\">' + html.escape(json.dumps(facts)) + '</pre>'))\n"
)

RUNNER = (
    "import json, os, sys\n"
    "from warindicators.reports import run, zygote\n"
    "if sys.argv[3] == 'dead':  # the zygote dies before the kernel is asked for\n"
    "    z = zygote.ensure_zygote()\n"
    "    z.fork_kernel = lambda *a: (_ for _ in ()).throw(EOFError())\n"
    "res = run(sys.argv[1], '2026-01', sys.argv[2])\n"
    "z = zygote.zygote()\n"
    "print(json.dumps({'ok': res.ok, 'error': res.error, 'runner': os.getpid(),\n"
    "                  'zygote': None if z is None else z.pid, 'html': str(res.html)}))\n"
)


def _run(template: Path, out: Path, fork: bool, dead: bool = False) -> tuple[dict, dict]:  # type: ignore[type-arg]
    env = {**os.environ, zygote_module.FORK_ENV: "1" if fork else "0", "WI_TEST_MARK": "m"}
    proc = subprocess.run(
        [sys.executable, "-c", RUNNER, str(template), str(out), "dead" if dead else "-"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    info = json.loads(proc.stdout.strip().splitlines()[-1])
    assert info["ok"], info["error"]
    page = Path(info["html"]).read_text()
    facts = json.loads(page.split('<pre id="facts">')[1].split("</pre>")[0].replace("&quot;", '"'))
    return info, facts


def _gone(pid: int, within: float = 10.0) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.05)
    return False


def test_forked_kernel_serves_the_notebook_like_a_launched_one(
    tmp_path: Path, make_tiny: Callable[[Path, str | None], Path]
) -> None:
    template = make_tiny(tmp_path / "facts_report.ipynb", BODY)
    forked, f_facts = _run(template, tmp_path / "forked", fork=True)
    launched, l_facts = _run(template, tmp_path / "launched", fork=False)
    # forked from the zygote, itself a child of the runner; launched: a child of the runner
    assert forked["zygote"] is not None and f_facts["ppid"] == forked["zygote"]
    assert forked["zygote"] != forked["runner"]
    assert launched["zygote"] is None and l_facts["ppid"] == launched["runner"]
    # same results, same working folder layout, same environment and plotting backend
    assert f_facts["cps"] == l_facts["cps"] == [60]
    assert f_facts["backend"] == l_facts["backend"]
    assert f_facts["env"] == l_facts["env"] == "m"
    assert Path(f_facts["cwd"]).name.startswith(".build-")
    # nothing outlives the runner: the zygote exits with it, and so does the kernel
    assert _gone(forked["zygote"]) and _gone(f_facts["pid"])


def test_no_zygote_while_other_threads_run(monkeypatch: pytest.MonkeyPatch) -> None:
    # a process with no zygote yet (another test in this worker may have started one)
    monkeypatch.setattr(zygote_module, "_ZYGOTE", {})
    stop = threading.Event()
    t = threading.Thread(target=stop.wait, daemon=True)
    t.start()
    try:
        assert zygote_module.ensure_zygote() is None  # forking now could copy held locks
    finally:
        stop.set()
        t.join()


def test_switched_off_by_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(zygote_module.FORK_ENV, "0")
    assert not zygote_module.fork_enabled()
    assert zygote_module.ensure_zygote() is None


def test_forked_kernel_handle_sees_the_exit_of_its_process() -> None:
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        time.sleep(30)
        os._exit(0)
    handle = zygote_module.ForkedKernel(pid)
    assert handle.poll() is None
    handle.kill()
    os.waitpid(pid, 0)  # reaped here (the zygote reaps its kernels itself)
    assert handle.wait(timeout=10) == 0 and handle.poll() == 0


def test_a_dead_zygote_falls_back_to_a_launched_kernel(
    tmp_path: Path, make_tiny: Callable[[Path, str | None], Path]
) -> None:
    template = make_tiny(tmp_path / "facts_report.ipynb", BODY)
    info, facts = _run(template, tmp_path / "out", fork=True, dead=True)
    assert facts["ppid"] == info["runner"]  # launched from the kernelspec instead
    assert facts["cps"] == [60]
