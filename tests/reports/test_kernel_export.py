"""Kernel registration for the current interpreter, and the HTML export."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from warindicators.reports.export import export_html
from warindicators.reports.kernel import KERNEL_DISPLAY_NAME, KERNEL_NAME


def test_one_kernelspec_the_one_make_venv_installs(tmp_path: Path) -> None:
    # in a child process: jupyter caches its paths from sys.prefix at import time
    code = (
        f"import sys; sys.prefix = {str(tmp_path)!r}\n"
        "from warindicators.reports.kernel import ensure_kernel\n"
        "print(ensure_kernel()); print(ensure_kernel())"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("JUPYTER")}
    env["JUPYTER_DATA_DIR"] = str(tmp_path / "user-data")  # no user-level kernelspecs
    res = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
        env=env,
    )
    assert res.stdout.split() == ["python3", "python3"]
    kernels = tmp_path / "share" / "jupyter" / "kernels"
    assert [p.name for p in kernels.iterdir()] == ["python3"]  # no second kernelspec
    spec = json.loads((kernels / "python3" / "kernel.json").read_text())
    assert spec["argv"][0] == sys.executable and "ipykernel_launcher" in spec["argv"]
    assert spec["display_name"] == KERNEL_DISPLAY_NAME
    # the Makefile installs the same name with the same display name
    make = (Path(__file__).resolve().parents[2] / "Makefile").read_text()
    assert f'--name {KERNEL_NAME} --display-name "{KERNEL_DISPLAY_NAME}"' in make
    # and the templates ask for it
    import nbformat

    from warindicators.reports import resolve_template

    for name in ("monthly", "weekly"):
        nb = nbformat.read(str(resolve_template(name)), as_version=4)
        assert nb.metadata["kernelspec"]["name"] == KERNEL_NAME
        assert nb.metadata["kernelspec"]["display_name"] == KERNEL_DISPLAY_NAME


def test_export_hides_code_and_prompts_but_not_warnings(tmp_path: Path) -> None:
    nb = new_notebook()
    code = new_code_cell("secret_code_line = 1", execution_count=3)
    code.outputs = [
        new_output("display_data", data={"text/html": "<p>visible output</p>"}),
        new_output("stream", name="stderr", text="SomeWarning: noisy\n"),
    ]
    nb.cells = [new_markdown_cell("# Heading"), code]
    src = tmp_path / "nb.ipynb"
    nbformat.write(nb, str(src))
    html = export_html(src, tmp_path / "out.html", title="T").read_text()
    assert "visible output" in html and ">Heading<" in html
    assert "secret_code_line" not in html and "SomeWarning: noisy" in html
    assert "[3]:" not in html and "<script src=" not in html
    assert "<title>T</title>" in html


def test_export_from_a_notebook_object_leaves_it_untouched(tmp_path: Path) -> None:
    from warindicators.reports.export import html_exporter, warm_up

    warm_up()
    exporter = html_exporter()
    assert exporter is html_exporter() and exporter.template_name == "briefing"
    nb = new_notebook()
    code = new_code_cell("x = 1")
    code.outputs = [
        new_output("display_data", data={"text/html": "<p>kept</p>"}),
        new_output("stream", name="stderr", text="noise\n"),
    ]
    nb.cells = [code]
    html = export_html(nb, tmp_path / "briefing.html").read_text()
    assert "kept" in html and "noise" in html and "<title>briefing</title>" in html
    assert [o.get("name") for o in nb.cells[0].outputs] == [None, "stderr"]


def test_runner_records_cells_from_the_executed_notebook(tmp_path: Path) -> None:
    from warindicators.reports.runner import _cells

    nb = new_notebook()
    cell = new_code_cell("1 + 1")
    cell.metadata["papermill"] = {"duration": 0.5, "status": "completed"}
    nb.cells = [new_markdown_cell("# t"), cell]
    from_object = _cells(nb)
    nbformat.write(nb, str(tmp_path / "nb.ipynb"))
    assert from_object == _cells(tmp_path / "nb.ipynb")
    assert from_object == [
        {"index": 1, "duration_s": 0.5, "status": "completed", "source": ["1 + 1"]}
    ]
    assert _cells(tmp_path / "missing.ipynb") == []


def test_report_kernel_starts_with_the_preloaded_modules_and_inline_figures(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The runner's kernel has imported :data:`PRELOAD` before the first cell, keeps
    ipykernel's inline matplotlib backend, and is gone when the run returns."""
    monkeypatch.delenv("MPLBACKEND", raising=False)  # the kernel's default, as for a user
    from warindicators.reports.kernel import PRELOAD
    from warindicators.reports.runner import run

    nb = new_notebook()
    nb.metadata["kernelspec"] = {"name": KERNEL_NAME, "display_name": "", "language": "python"}
    probe = (
        "import os, sys, matplotlib\n"
        f"print([m in sys.modules for m in {list(PRELOAD)!r}], matplotlib.get_backend(), "
        "os.getpid())"
    )
    nb.cells = [
        new_code_cell('period: str = "2026-01"', metadata={"tags": ["parameters"]}),
        new_code_cell(probe),
    ]
    nbformat.write(nb, str(tmp_path / "probe.ipynb"))
    res = run(tmp_path / "probe.ipynb", "2026-01", tmp_path / "out", update_index=False)
    assert res.status == "ok"
    done = nbformat.read(str(res.folder / "report.ipynb"), as_version=4)
    text = done.cells[-1].outputs[0]["text"].strip()
    loaded, rest = text.split("] ")
    backend, pid = rest.split()
    assert loaded == "[" + ", ".join(["True"] * len(PRELOAD))
    assert backend == "module://matplotlib_inline.backend_inline"
    if os.name == "posix":  # the kernel was stopped when the run returned
        assert not Path(f"/proc/{pid}").exists()
