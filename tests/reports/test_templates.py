"""One source of truth per template: the notebook a user edits is the one that runs."""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
import pytest

from warindicators.cli import main
from warindicators.errors import ReportError
from warindicators.reports import new_template, read_parameters, resolve_template, run
from warindicators.reports.templates import template_dir

REPO = Path(__file__).resolve().parents[2]


def test_report_new_copies_a_template_to_edit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        assert main(["report", "new", "oblasts", "--from", "weekly"]) == 0
        path = tmp_path / "notebooks" / "oblasts_report.ipynb"
        assert str(path) in capsys.readouterr().out
        assert resolve_template("oblasts") == path.resolve()
        assert read_parameters(path) == read_parameters(template_dir() / "weekly_report.ipynb")
        assert main(["report", "new", "oblasts"]) == 2  # never overwritten silently
        assert "exists" in capsys.readouterr().err
    finally:
        os.chdir(cwd)
    with pytest.raises(ReportError, match="plain name"):
        new_template("../escape", cwd=tmp_path)


def test_copies_are_clean_and_normalised(tmp_path: Path) -> None:
    path = new_template("mine", cwd=tmp_path)
    text = path.read_text()
    nb = nbformat.reads(text, as_version=4)
    assert text == nbformat.writes(nb, version=4) + "\n"  # as JupyterLab writes it
    assert all(not c.outputs for c in nb.cells if c.cell_type == "code")
    # the shipped templates are stored the same way
    for name in ("monthly_report.ipynb", "weekly_report.ipynb"):
        shipped = (REPO / "notebooks" / name).read_text()
        assert shipped == nbformat.writes(nbformat.reads(shipped, as_version=4), version=4) + "\n"


@pytest.mark.slow
def test_an_edited_copy_run_by_its_path_shows_the_edit(tmp_path: Path) -> None:
    path = new_template("edited", "monthly", cwd=tmp_path)
    nb = nbformat.read(str(path), as_version=4)
    nb.cells.insert(
        2,
        nbformat.v4.new_code_cell(
            "from IPython.display import Markdown\nMarkdown('Analyst note: ' + 'EDITED-42')"
        ),
    )
    nb.cells = [c for c in nb.cells if "for family in rep.families()" not in c.source]
    nbformat.write(nb, str(path))
    res = run(path, "2026-01", tmp_path / "out", {"families": ["sanctions"]})
    assert res.ok, res.error
    html = res.html.read_text()
    assert "Analyst note: EDITED-42" in html and res.folder.parent.name == "edited"
    # by name from the folder holding notebooks/: the same notebook runs
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        assert resolve_template("edited") == path.resolve()
    finally:
        os.chdir(cwd)
