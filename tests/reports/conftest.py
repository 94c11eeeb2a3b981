"""Fixtures of the report tests: a tiny template for the runner mechanics."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

TINY_PARAMS = (
    'period: str = "2026-01"\n'
    'fail_on: str = ""  # a period whose run raises\n'
    "sleep_s: float = 0.0  # seconds to sleep (for timeouts and kill tests)\n"
    'note: str = ""\n'
)


def write_tiny(path: Path, body: str | None = None) -> Path:
    """A one-report notebook: fails for ``fail_on``, sleeps ``sleep_s``, shows ``note``."""
    nb = new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    p = new_code_cell(TINY_PARAMS)
    p.metadata["tags"] = ["parameters"]
    code = body or (
        "import time, html\n"
        "from IPython.display import HTML, display\n"
        "time.sleep(sleep_s)\n"
        "if period == fail_on:\n"
        "    raise RuntimeError(f'deliberate failure for {period}')\n"
        'display(HTML(f\'<p id="tiny">tiny report {html.escape(period)} '
        "{html.escape(note)}</p>'))\n"
    )
    nb.cells = [p, new_markdown_cell("# Tiny report"), new_code_cell(code)]
    nbformat.write(nb, str(path))
    return path


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    return write_tiny(tmp_path / "tiny_report.ipynb")


@pytest.fixture(scope="session")
def monthly_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped monthly template run on the shipped data for 2026-01 (one run per worker)."""
    from warindicators.reports import run

    out = tmp_path_factory.mktemp("reports")
    res = run("monthly", "2026-01", out)
    assert res.ok, res.error
    return res.folder


@pytest.fixture
def make_tiny() -> Callable[[Path, str | None], Path]:
    """:func:`write_tiny`, for tests that need a template with their own code cell."""
    return write_tiny
