"""Benchmark of the periodic reports, measured as a user meets them: from the command line.

Prints, measured in this run,

1. one monthly report from the CLI (``warindicators report run monthly``, a fresh process)
   next to papermill running a one-cell notebook from its CLI (``papermill``, a fresh
   process) on the same kernel, alternated ``--repeat`` times so both see the same machine
   load: best and median of each and their ratio (target: at most 4x), with where the
   report's time went (cells, and outside them: start-up, kernel, export);
2. a catch-up of ``--periods`` monthly periods with ``--jobs`` processes from the CLI
   (``warindicators report schedule``) next to ``--periods`` times the median single report
   (target: at most that / 1.4).

Run: ``python benchmarks/report.py [--periods N] [--jobs N] [--repeat N]``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import nbformat
from nbformat.v4 import new_code_cell, new_notebook

BIN = Path(sys.executable).parent


def _timed(cmd: list[str], cwd: Path) -> float:
    t0 = time.perf_counter()
    res = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, check=False)
    took = time.perf_counter() - t0
    if res.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{res.stderr[-2000:]}")
    return took


def _one_cell(tmp: Path, kernel: str) -> Path:
    nb = new_notebook()
    nb.metadata["kernelspec"] = {"name": kernel, "display_name": "Python 3", "language": "python"}
    nb.cells = [new_code_cell("1 + 1")]
    src = tmp / "one_cell.ipynb"
    nbformat.write(nb, str(src))
    return src


def _phases(record: dict[str, Any], total: float) -> str:
    cells = [c for c in record.get("cells", []) if c.get("duration_s") is not None]
    inside = sum(float(c["duration_s"]) for c in cells)
    big = sorted(cells, key=lambda c: -float(c["duration_s"]))[:3]
    parts = [
        f"cell {c['index']} ({(c['source'] or [''])[0][:36]!r}): {c['duration_s']:.2f} s"
        for c in big
    ]
    return (
        f"    in cells {inside:.2f} s, outside {total - inside:.2f} s (process start-up, "
        f"kernel start/stop, export, manifest); longest: " + "; ".join(parts)
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--periods", type=int, default=12, help="periods in the catch-up")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=3, help="alternated runs of each")
    ap.add_argument("--period", default="2026-01", help="period of the single report")
    args = ap.parse_args()
    from warindicators.reports.kernel import ensure_kernel
    from warindicators.reports.periods import latest_period

    kernel = ensure_kernel()
    cli = str(BIN / "warindicators")

    def report(out: Path) -> list[str]:
        """The command line of one monthly report into ``out``."""
        return [cli, "report", "run", "monthly", "--period", args.period, "--output-dir", str(out)]

    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)  # an empty folder: the shipped template runs
        src = _one_cell(tmp, kernel)
        papermill = [str(BIN / "papermill"), "-k", kernel, "--no-progress-bar", str(src)]
        # warm-up of both: disk caches, byte-compiled modules, compiled analysis kernels
        _timed([*papermill, str(tmp / "out.ipynb")], tmp)
        _timed(report(tmp / "warm"), tmp)
        bases: list[float] = []
        times: list[float] = []
        best: dict[str, Any] = {}
        for i in range(max(1, args.repeat)):
            bases.append(_timed([*papermill, str(tmp / f"out-{i}.ipynb")], tmp))
            out = tmp / f"single-{i}"
            times.append(_timed(report(out), tmp))
            if times[-1] == min(times):
                best = json.loads((out / "monthly" / args.period / "manifest.json").read_text())
        base, one = min(bases), min(times)
        base_med, one_med = statistics.median(bases), statistics.median(times)
        print(
            f"papermill CLI, one-cell notebook : best {base:6.2f} s, median {base_med:6.2f} s "
            f"({len(bases)} runs)"
        )
        print(
            f"warindicators report run monthly : best {one:6.2f} s, median {one_med:6.2f} s "
            f"({len(times)} runs, alternated)"
        )
        print(
            f"report / papermill               : {one / base:4.2f}x best vs best, "
            f"{one_med / base_med:4.2f}x median vs median (target <= 4x)"
        )
        print(_phases(best, one))
        last = latest_period("monthly")
        first = last.shift(-(args.periods - 1))

        def catch_up(*extra: str) -> list[str]:
            """The command line of the catch-up of ``first..last`` into one folder."""
            return [
                cli,
                "report",
                "schedule",
                "--cadence",
                "monthly",
                "--since",
                str(first),
                "--until",
                str(last),
                "--output-dir",
                str(tmp / "catchup"),
                *extra,
            ]

        t = _timed(catch_up("--jobs", str(args.jobs)), tmp)
        seq = args.periods * one_med
        print(
            f"catch-up {first}..{last} ({args.periods} periods, --jobs {args.jobs}): "
            f"{t:6.2f} s vs {args.periods} x one report (median) = {seq:6.2f} s; "
            f"speed-up {seq / t:4.2f}x (target >= 1.4x)"
        )
        again = _timed(catch_up(), tmp)
        print(f"re-run of the same catch-up (all up to date): {again:6.2f} s")


if __name__ == "__main__":
    main()
