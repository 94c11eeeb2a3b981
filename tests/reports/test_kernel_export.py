"""Kernel registration for the current interpreter, and the HTML export."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from warindicators.reports.export import export_html


def test_kernelspec_is_registered_for_this_python(tmp_path: Path) -> None:
    # in a child process: jupyter caches its paths from sys.prefix at import time
    code = (
        f"import sys; sys.prefix = {str(tmp_path)!r}\n"
        "from warindicators.reports.kernel import ensure_kernel\n"
        "print(ensure_kernel()); print(ensure_kernel())"
    )
    res = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    first, second = res.stdout.split()
    assert first == second and first.startswith("warindicators-")
    spec = json.loads(
        (tmp_path / "share" / "jupyter" / "kernels" / first / "kernel.json").read_text()
    )
    assert spec["argv"][0] == sys.executable and "ipykernel_launcher" in spec["argv"]


def test_export_hides_code_prompts_and_stderr(tmp_path: Path) -> None:
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
    assert "secret_code_line" not in html and "SomeWarning" not in html
    assert "[3]:" not in html and "<script src=" not in html
    assert "<title>T</title>" in html
