"""What a user meets first: ``import warindicators`` and the first trend and changepoint calls.

Each measurement runs in a fresh Python process on a copy of the package with no
compiled caches (no ``__pycache__``, no numba cache files) and an empty
``NUMBA_CACHE_DIR`` -- as after a fresh install, in a new container or in CI -- and then
again in a second process on the same copy, its caches now filled ("warm"). The first
``wi.trend(x)`` and the first ``wi.changepoints(x)`` run in separate processes, each on
its own fresh copy, so neither profits from the other's compilation. ``x`` is one
500-point series (a linear trend, a mean shift and AR(1) noise, fixed seed).

Prints the median (and the range) of ``--runs`` repetitions (default 3) of each row:
the time of ``import warindicators`` inside the process, of the first call after it,
and of the whole process as the shell sees it (interpreter start included). Lines the
library wrote to stderr during a cold call (e.g. a note that kernels are compiling) are
shown once. The OS file cache is warm: the same files are read in every run.

Run: ``python benchmarks/cold_start.py [--runs N]``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import warindicators

PACKAGE = Path(warindicators.__file__).resolve().parent
#: Compiled caches left out of the copy: bytecode and numba's index/data files.
CACHE_PATTERNS = ("__pycache__", "*.pyc", "*.nbi", "*.nbc")

CHILD = r"""
import json, sys, time
t0 = time.perf_counter()
import warindicators as wi
t1 = time.perf_counter()
import numpy as np
rng = np.random.default_rng(500)
t = np.arange(500.0)
e = rng.normal(size=500)
for k in range(1, 500):
    e[k] += 0.4 * e[k - 1]
x = 0.01 * t + np.where(t < 300, 0.0, 3.0) + e
call = sys.argv[1]
t2 = time.perf_counter()
if call == "trend":
    wi.trend(x)
elif call == "changepoints":
    wi.changepoints(x)
t3 = time.perf_counter()
print(json.dumps({"file": wi.__file__, "import": t1 - t0, "call": t3 - t2}))
"""


def _fresh_copy(root: Path) -> tuple[Path, Path]:
    """A cache-free copy of the package under ``root`` and an empty numba cache folder."""
    shutil.copytree(
        PACKAGE, root / "pkg" / "warindicators", ignore=shutil.ignore_patterns(*CACHE_PATTERNS)
    )
    cache = root / "numba-cache"
    cache.mkdir()
    return root / "pkg", cache


def _run(call: str, pkg: Path, cache: Path) -> dict[str, float | str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NUMBA_", "PYTHONPYCACHE"))}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPATH"] = os.pathsep.join([str(pkg), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    env["NUMBA_CACHE_DIR"] = str(cache)
    env.setdefault("MPLBACKEND", "Agg")
    t0 = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, call], env=env, capture_output=True, text=True, check=False
    )
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise RuntimeError(f"{call}: the child process failed:\n{proc.stderr}")
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    if not str(out["file"]).startswith(str(pkg)):  # the copy, not the installed package
        raise RuntimeError(f"imported {out['file']}, expected the copy under {pkg}")
    return {"import": out["import"], "call": out["call"], "process": wall, "stderr": proc.stderr}


def _fmt(values: list[float]) -> str:
    return f"{statistics.median(values):6.2f} s  ({min(values):.2f}-{max(values):.2f})"


def main(runs: int = 3) -> None:
    print(f"Python {sys.version.split()[0]}, package {PACKAGE.name} copied without caches")
    print(f"medians of {runs} runs (range); each cold run on a fresh copy, empty NUMBA_CACHE_DIR")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"{os.cpu_count()} CPUs, load average {load:.1f} at the start\n")
    rows: dict[tuple[str, str], dict[str, list[float]]] = {}
    notes: dict[str, str] = {}
    for _ in range(runs):
        for call in ("import", "trend", "changepoints"):
            with tempfile.TemporaryDirectory(prefix="wi-cold-") as tmp:
                pkg, cache = _fresh_copy(Path(tmp))
                for state in ("cold", "warm"):
                    res = _run(call, pkg, cache)
                    row = rows.setdefault((call, state), {"import": [], "call": [], "process": []})
                    for key in row:
                        row[key].append(float(res[key]))
                    if state == "cold" and str(res["stderr"]).strip():
                        notes.setdefault(call, str(res["stderr"]).strip())
    print(f"{'':40s}{'import warindicators':>26s}{'first call':>26s}{'whole process':>26s}")
    for (call, state), row in rows.items():
        label = {
            "import": "import warindicators",
            "trend": "first wi.trend(x), n=500",
            "changepoints": "first wi.changepoints(x), n=500",
        }[call]
        first = _fmt(row["call"]) if call != "import" else f"{'-':>6s}"
        print(
            f"{label + ' (' + state + ')':40s}{_fmt(row['import']):>26s}{first:>26s}"
            f"{_fmt(row['process']):>26s}"
        )
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"load average {load:.1f} at the end")
    for call, text in notes.items():
        print(f"\nstderr of a cold {call} run:\n  " + "\n  ".join(text.splitlines()[:5]))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="repetitions (default 3)")
    main(parser.parse_args().runs)
