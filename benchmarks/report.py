"""Benchmark of the periodic reports.

Prints (1) the wall time of one monthly report next to papermill running a one-cell
notebook in the same environment (target: at most 3x), best and median of ``--repeat``
runs of each, alternated, with where the time went in the best report, and the first
report of the process (which starts the zygote that later kernels are forked from, see
:mod:`warindicators.reports.zygote`); and (2) a monthly catch-up of
``--periods`` periods with ``--jobs`` processes next to as many times one report.

Run: ``python benchmarks/report.py [--periods N] [--repeat N]``.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import nbformat
import papermill as pm
from nbformat.v4 import new_code_cell, new_notebook

from warindicators.reports import run, schedule
from warindicators.reports.kernel import ensure_kernel
from warindicators.reports.periods import latest_period


def _baseline(tmp: Path, kernel: str) -> float:
    nb = new_notebook()
    nb.metadata["kernelspec"] = {"name": kernel, "display_name": "Python 3", "language": "python"}
    nb.cells = [new_code_cell("1 + 1")]
    src = tmp / "one_cell.ipynb"
    nbformat.write(nb, str(src))
    t0 = time.perf_counter()
    pm.execute_notebook(
        str(src), str(tmp / "one_cell_out.ipynb"), kernel_name=kernel, progress_bar=False
    )
    return time.perf_counter() - t0


def _phases(record: dict[str, Any], total: float) -> str:
    """Cell durations of a run's manifest, and the time outside the cells (kernel start
    and stop, parameters, HTML export, manifest)."""
    cells = [c for c in record.get("cells", []) if c.get("duration_s") is not None]
    inside = sum(float(c["duration_s"]) for c in cells)
    big = sorted(cells, key=lambda c: -float(c["duration_s"]))[:3]
    parts = [
        f"cell {c['index']} ({(c['source'] or [''])[0][:40]!r}): {c['duration_s']:.2f} s"
        for c in big
    ]
    return (
        f"    in cells {inside:.2f} s, outside {total - inside:.2f} s (kernel start/stop, "
        f"export, manifest); longest: " + "; ".join(parts)
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--periods", type=int, default=12, help="periods in the catch-up")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=3, help="cold runs of the one report")
    args = ap.parse_args()
    kernel = ensure_kernel()
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        _baseline(tmp, kernel)  # warm-up: disk caches, byte-compiled modules
        t0 = time.perf_counter()
        first = run("monthly", "2026-01", tmp / "first")
        cold = time.perf_counter() - t0
        assert first.ok, first.error
        # baseline and report alternate, so that both see the same machine load
        bases: list[float] = []
        times: list[float] = []
        best: dict[str, Any] = {}
        for i in range(max(1, args.repeat)):
            bases.append(_baseline(tmp, kernel))
            t0 = time.perf_counter()
            res = run("monthly", "2026-01", tmp / f"single-{i}")
            times.append(time.perf_counter() - t0)
            assert res.ok, res.error
            if times[-1] == min(times):
                best = res.record
        base, one, typical = min(bases), min(times), statistics.median(times)
        base_typical = statistics.median(bases)
        print(
            f"papermill one-cell notebook : {base:6.2f} s (best of {len(bases)}; "
            f"median {base_typical:.2f} s)"
        )
        print(
            f"one monthly report (2026-01): {one:6.2f} s  = {one / base:4.2f} x baseline "
            f"(target <= 3x, best vs best); median of {len(times)}: {typical:.2f} s = "
            f"{typical / base_typical:4.2f} x the median baseline"
        )
        print(_phases(best, one))
        print(
            f"first report of this process (starts the warm kernel zygote): {cold:.2f} s "
            f"= {cold / base:4.2f} x baseline"
        )
        last = latest_period("monthly")
        first = last.shift(-(args.periods - 1))
        t0 = time.perf_counter()
        out = schedule("monthly", str(first), str(last), output_dir=tmp / "catchup", jobs=args.jobs)
        catch = time.perf_counter() - t0
        assert out.ok, out.failed
        seq = args.periods * typical
        print(
            f"catch-up {first}..{last} ({args.periods} periods, jobs={args.jobs}): "
            f"{catch:6.2f} s  vs {args.periods} x one report (median) = {seq:6.2f} s "
            f"(speed-up {seq / catch:4.2f}x)"
        )
        t0 = time.perf_counter()
        again = schedule("monthly", str(first), str(last), output_dir=tmp / "catchup")
        print(
            f"re-run of the same catch-up (all up to date, {len(again.skipped)} skipped): "
            f"{time.perf_counter() - t0:6.2f} s"
        )


if __name__ == "__main__":
    main()
