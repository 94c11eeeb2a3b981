"""``import warindicators`` is light; every public name is still ``wi.<name>``."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import warindicators as wi

#: Loaded on first use only: the analysis engine, plotting, reports, dask, geodata.
HEAVY = [
    "numba",
    "scipy",
    "statsmodels",
    "matplotlib",
    "seaborn",
    "papermill",
    "nbconvert",
    "jupyter_client",
    "dask",
    "distributed",
    "pyproj",
    "shapely",
]


def _fresh(code: str) -> object:
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=300
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_import_loads_no_heavy_library() -> None:
    loaded = _fresh(
        "import json, sys, warindicators\n"
        f"print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))"
    )
    assert loaded == []


def test_first_use_loads_what_it_needs() -> None:
    loaded = _fresh(
        "import json, sys, warindicators as wi\n"
        "wi.trend([1.0, 2.0, 4.0, 3.0, 5.0, 6.0, 8.0, 7.0])\n"
        "print(json.dumps(['numba' in sys.modules, 'papermill' in sys.modules]))"
    )
    assert loaded == [True, False]


def test_every_public_name_resolves() -> None:
    for name in wi.__all__:
        assert getattr(wi, name) is not None, name
        assert name in dir(wi)
    assert wi.trend.__module__.startswith("warindicators.analysis")
    assert wi.sources.reference.reference_dir().is_dir()
    assert wi.reports.__name__ == "warindicators.reports"


def test_submodule_named_like_a_function_does_not_shadow_it() -> None:
    import warindicators.panel  # noqa: F401  (the submodule of the same name)

    assert callable(wi.panel) and wi.panel.__module__ == "warindicators.panel"


def test_unknown_name_raises_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no_such_name"):
        wi.no_such_name  # noqa: B018
    assert not hasattr(wi, "_private_name")
