"""Every notebook under ``notebooks/`` is stored exactly as nbformat writes it.

A notebook that is not in nbformat's normalised form (an older minor version, cells
without ids, keys in another order or indentation) is rewritten by Jupyter on the first
save, and JupyterLab marks an upgraded notebook as modified as soon as it opens it. Kept
normalised, an analyst's diff shows only what they changed.
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest
from nbformat.validator import normalize

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((REPO / "notebooks").rglob("*.ipynb"))


def test_the_notebooks_are_found() -> None:
    assert len(NOTEBOOKS) >= 5
    assert all(".ipynb_checkpoints" not in p.parts for p in NOTEBOOKS)


def _problems(raw: str) -> list[str]:
    """Why ``raw`` (a notebook file's text) is not in nbformat's normalised form."""
    nb = nbformat.reads(raw, as_version=nbformat.NO_CONVERT)
    current = (nbformat.current_nbformat, nbformat.current_nbformat_minor)
    if (nb.nbformat, nb.nbformat_minor) != current:
        return [f"nbformat {nb.nbformat}.{nb.nbformat_minor}, not {current[0]}.{current[1]}"]
    problems = []
    changes, normalised = normalize(nb)
    if changes:
        problems.append(f"nbformat.validator.normalize changes {changes} field(s)")
    try:
        nbformat.validate(normalised)
    except nbformat.ValidationError as err:
        problems.append(f"invalid: {err.message}")
    ids = [cell.get("id") for cell in json.loads(raw)["cells"]]  # as stored, not as read
    if None in ids or len(set(ids)) != len(ids):
        problems.append("cells without ids or with duplicate ids")
    # byte for byte what nbformat.write produces (sorted keys, indent 1, final newline)
    if raw != nbformat.writes(nbformat.from_dict(normalised)) + "\n":
        problems.append("not the JSON nbformat.write produces: re-save it with nbformat.write")
    return problems


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(REPO)))
def test_notebook_is_in_normalised_form(path: Path) -> None:
    assert _problems(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(REPO)))
def test_notebook_has_no_outputs(path: Path) -> None:
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None, cell["id"]


def test_the_check_catches_what_jupyter_would_rewrite() -> None:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Title")])
    good = nbformat.writes(nb) + "\n"
    assert _problems(good) == []
    assert _problems(json.dumps(json.loads(good), indent=2) + "\n")  # other indentation
    assert _problems(good.rstrip("\n"))  # no final newline
    old = json.loads(good)
    old["nbformat_minor"] = 4  # an older minor version, cells without ids
    del old["cells"][0]["id"]
    assert _problems(json.dumps(old, indent=1, sort_keys=True) + "\n")
    dup = json.loads(good)
    dup["cells"] *= 2  # the same cell id twice
    with pytest.warns(Warning, match="Non-unique cell id"):  # nbformat repairs it when read
        problems = _problems(json.dumps(dup, indent=1, sort_keys=True) + "\n")
    assert "duplicate" in " ".join(problems)
