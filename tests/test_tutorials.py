"""The tutorials in ``notebooks/tutorials`` are committed clean and execute end to end."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest

REPO = Path(__file__).resolve().parents[1]
TUTORIALS_DIR = REPO / "notebooks" / "tutorials"
TUTORIALS = sorted(TUTORIALS_DIR.glob("*.ipynb"))
EXPECTED = [
    "01_quick_start.ipynb",
    "02_bring_your_own_data.ipynb",
    "03_changepoints_you_can_defend.ipynb",
    "04_extending.ipynb",
    "05_scheduling_reports.ipynb",
]
#: Parameters that keep each run's files inside the test's temporary folder.
FOLDER_PARAMETERS = {
    "02_bring_your_own_data.ipynb": "data_dir",
    "05_scheduling_reports.ipynb": "output_dir",
}


def _kernel_name() -> str:
    """A kernelspec running this interpreter (registered under ``sys.prefix`` if needed)."""
    try:
        from warindicators.reports.kernel import ensure_kernel
    except ImportError:
        pass
    else:
        return ensure_kernel()
    from jupyter_client.kernelspec import KernelSpecManager

    here = Path(sys.executable).resolve()
    for name, info in KernelSpecManager().get_all_specs().items():
        argv = info.get("spec", {}).get("argv", [])
        if argv and Path(argv[0]).resolve() == here:
            return name
    from ipykernel.kernelspec import install

    install(kernel_name="python3", prefix=sys.prefix)
    return "python3"


@pytest.fixture(scope="module")
def kernel_name() -> str:
    return _kernel_name()


@pytest.fixture
def clean_env() -> Iterator[None]:
    """Tutorials use the shipped data unless they create their own data folder."""
    saved = os.environ.pop("WARINDICATORS_DATA_DIR", None)
    os.environ.setdefault("MPLBACKEND", "Agg")
    try:
        yield
    finally:
        if saved is not None:
            os.environ["WARINDICATORS_DATA_DIR"] = saved


def test_all_tutorials_are_present() -> None:
    assert [p.name for p in TUTORIALS] == EXPECTED


@pytest.mark.parametrize("path", TUTORIALS, ids=lambda p: p.stem)
def test_tutorial_is_committed_clean(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# ")
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [], f"{path.name}: outputs not stripped"
            assert cell.execution_count is None, f"{path.name}: execution count kept"
    tagged = [c for c in nb.cells if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(tagged) <= 1, f"{path.name}: more than one parameters cell"
    if tagged:
        assert tagged[0].cell_type == "code"
    text = json.dumps(nb)
    assert "/work/" not in text and "/tmp/" not in text, f"{path.name}: machine-specific path"


@pytest.mark.slow
@pytest.mark.parametrize("path", TUTORIALS, ids=lambda p: p.stem)
def test_tutorial_executes(path: Path, tmp_path: Path, kernel_name: str, clean_env: None) -> None:
    import papermill as pm

    out = tmp_path / path.name
    parameters: dict[str, str] = {}
    if path.name in FOLDER_PARAMETERS:
        parameters[FOLDER_PARAMETERS[path.name]] = str(tmp_path / "work")
    pm.execute_notebook(
        str(path),
        str(out),
        kernel_name=kernel_name,
        cwd=str(path.parent),
        parameters=parameters,
        progress_bar=False,
        log_output=False,
        execution_timeout=120,
    )
    executed = nbformat.read(out, as_version=4)
    errors = [
        o
        for c in executed.cells
        if c.cell_type == "code"
        for o in c.get("outputs", [])
        if o.get("output_type") == "error"
    ]
    assert not errors
    assert any(c.get("outputs") for c in executed.cells if c.cell_type == "code")
    if path.name in FOLDER_PARAMETERS:
        assert any((tmp_path / "work").rglob("*")), "the tutorial wrote nothing where asked"
