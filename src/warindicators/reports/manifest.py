"""Run manifests: what a report was built from, with what, how long it took and how it ended.

``manifest.json`` sits beside a published report; ``failed.json`` (same shape, status
``"failed"``) records a failed run next to the previous good report, which is kept.
The content hash of the inputs covers the data files, the template and the parameters, so
a scheduler can tell when a period must be re-run.

Examples
--------
>>> h = data_hash()
>>> len(h), h == data_hash()
(64, True)
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import subprocess
from collections.abc import Mapping
from importlib import metadata
from importlib.resources import files
from pathlib import Path
from typing import Any

from .._atomic import atomic_write_text

__all__ = [
    "FAILED_FILE",
    "MANIFEST_FILE",
    "data_files",
    "data_hash",
    "git_revision",
    "input_hash",
    "package_versions",
    "read_json",
    "write_json",
]

MANIFEST_FILE = "manifest.json"
FAILED_FILE = "failed.json"
_PACKAGES = (
    "warindicators",
    "pandas",
    "numpy",
    "xarray",
    "scipy",
    "statsmodels",
    "matplotlib",
    "seaborn",
    "papermill",
    "nbconvert",
    "ipykernel",
)


def data_files(data_dir: str | Path | None = None) -> list[Path]:
    """The files a report reads: shipped reference tables and processed Parquet files."""
    ref = Path(str(files("warindicators") / "data" / "reference"))
    out = sorted(p for p in ref.glob("*") if p.is_file() and p.suffix in (".csv", ".md"))
    ddir = Path(data_dir) if data_dir is not None else None
    if ddir is None and os.environ.get("WARINDICATORS_DATA_DIR"):
        ddir = Path(os.environ["WARINDICATORS_DATA_DIR"])
    if ddir is not None:
        out += sorted((ddir / "processed").glob("*.parquet"))
    return out


def data_hash(data_dir: str | Path | None = None) -> str:
    """SHA-256 over the names and contents of :func:`data_files`."""
    h = hashlib.sha256()
    for p in data_files(data_dir):
        h.update(p.name.encode())
        h.update(hashlib.sha256(p.read_bytes()).digest())
    return h.hexdigest()


def input_hash(
    template: str | Path, parameters: Mapping[str, Any], data_dir: str | Path | None = None
) -> str:
    """SHA-256 of the data, the template's bytes and the parameters (as canonical JSON)."""
    h = hashlib.sha256()
    h.update(data_hash(data_dir).encode())
    h.update(hashlib.sha256(Path(template).read_bytes()).digest())
    h.update(json.dumps(dict(parameters), sort_keys=True, default=str).encode())
    return h.hexdigest()


def package_versions() -> dict[str, str]:
    """Versions of the library and of the packages the numbers and figures depend on."""
    out = {"python": platform.python_version()}
    for name in _PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def git_revision(start: str | Path | None = None) -> str | None:
    """The git commit of the source tree holding this package, when there is one."""
    here = Path(start) if start is not None else Path(__file__).resolve().parent
    try:
        res = subprocess.run(
            ["git", "-C", str(here), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    rev = res.stdout.strip()
    return rev if res.returncode == 0 and rev else None


def write_json(path: str | Path, record: Mapping[str, Any]) -> Path:
    """Write ``record`` as indented JSON, atomically (readable by all, like the report)."""
    out = atomic_write_text(
        path, json.dumps(dict(record), indent=2, sort_keys=True, default=str) + "\n"
    )
    os.chmod(out, 0o644)
    return out


def read_json(path: str | Path) -> dict[str, Any] | None:
    """A JSON record, or ``None`` when missing or unreadable (e.g. truncated)."""
    try:
        data = json.loads(Path(path).read_text())
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None
