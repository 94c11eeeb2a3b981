"""Score the default changepoint settings on the annotated TCPD benchmark series.

Prints per-series F1 (margin 5) and Covering for the default ``changepoints(x)``, its
ablations (no seasonal step, one segment model only), its penalty scaled by 0.75 and
1.25 (robustness), and the single-cost alternatives, then the averages over the
headline univariate set (the benchmark's convention: quality-control series and
``uk_coal_employ`` excluded) and over all 12. ``--summary`` prints only the table.

Run: ``python benchmarks/tcpd_default.py [--summary] [config ...]``. Reads the TCPD benchmark
series kept beside the project (not shipped with it); prints a notice when absent.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from warindicators.analysis.changepoints import changepoints
from warindicators.analysis.changepoints.auto import auto_segment
from warindicators.analysis.metrics import covering, f1_score

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "tcpd"
EXCLUDED = ("quality_control_1", "quality_control_5", "uk_coal_employ")
ANCHOR = {"F1": 0.698, "Cover": 0.672}  # the benchmark's best default (binseg)


def load() -> dict[str, tuple[np.ndarray, dict[str, list[int]]]]:
    """Series values (NaN for null) and annotations, by name."""
    annotations = json.loads((DATA / "annotations.json").read_text())
    out = {}
    for name in sorted(annotations):
        doc = json.loads((DATA / f"{name}.json").read_text())
        raw = doc["series"][0]["raw"]
        values = np.array([np.nan if v is None else float(v) for v in raw])
        out[name] = (values, annotations[name])
    return out


def auto(**kwargs: Any) -> Callable[[np.ndarray], list[int]]:
    """A variant of the default pipeline (:func:`auto_segment`), missing values dropped."""

    def run(x: np.ndarray) -> list[int]:
        keep = np.flatnonzero(~np.isnan(x))
        return [int(keep[i]) for i in auto_segment(x[keep], **kwargs).indices]

    return run


CONFIGS: dict[str, Callable[[np.ndarray], list[int]] | None] = {
    "default": lambda x: changepoints(x).indices,
    # ablations of the default pipeline
    "auto-no-season": auto(periods=()),
    "auto-no-quadratic": auto(models=("meanvar", "linear")),
    "auto-quadratic-always": auto(models=("meanvar", "quadratic")),
    "auto-meanvar-only": auto(models=("meanvar",)),
    "auto-linear-only": auto(models=("linear",)),
    "two-stage-meanvar": auto(models=("meanvar",), periods=()),
    # robustness: both stages' penalty scaled by 0.75 / 1.25
    "auto-penalty-x0.75": auto(penalty_scale=0.75),
    "auto-penalty-x1.25": auto(penalty_scale=1.25),
    # single-cost settings of the previous default and alternatives
    "pelt-meanvar-mbic-diffAR": lambda x: changepoints(x, cost="meanvar").indices,
    "pelt-mean-mbic": lambda x: changepoints(x, cost="mean").indices,
    "pelt-meanvar-bic": lambda x: changepoints(x, cost="meanvar", penalty="bic").indices,
    "pelt-meanvar-mbic-noAR": lambda x: changepoints(x, autocorrelation=False).indices,
    "pelt-linear-mbic": lambda x: changepoints(x, cost="linear").indices,
    "binseg-meanvar-mbic": lambda x: changepoints(x, method="binseg").indices,
    "bocpd": lambda x: changepoints(x, method="bocpd").indices,
    "none": None,
}


def main(names: list[str] | None = None, quiet: bool = False) -> None:
    """Print the score table."""
    if not DATA.is_dir():
        print(f"TCPD data not found beside the project ({DATA.name}); nothing to do")
        return
    data = load()
    configs = {k: v for k, v in CONFIGS.items() if not names or k in names}
    summary = []
    for label, fn in configs.items():
        t0 = time.perf_counter()
        rows = []
        for name, (x, ann) in data.items():
            pred = [] if fn is None else list(fn(x))
            n = x.size
            rows.append((name, f1_score(ann, pred, n), covering(ann, pred, n), pred))
        elapsed = time.perf_counter() - t0
        if not quiet:
            print(f"\n== {label} ({elapsed:.2f} s)")
            for name, f1, cov, pred in rows:
                print(f"  {name:20s} F1 {f1:.3f}  Cover {cov:.3f}  cps {pred}")
        head = [r for r in rows if r[0] not in EXCLUDED]
        hf, hc = np.mean([r[1] for r in head]), np.mean([r[2] for r in head])
        af, ac = np.mean([r[1] for r in rows]), np.mean([r[2] for r in rows])
        summary.append((label, hf, hc, af, ac))
    print(f"\n{'config':26s} {'F1(9)':>7s} {'Cov(9)':>7s} {'F1(12)':>7s} {'Cov(12)':>7s}")
    for label, hf, hc, af, ac in summary:
        print(f"{label:26s} {hf:7.3f} {hc:7.3f} {af:7.3f} {ac:7.3f}")
    print(f"{'anchor: binseg default':26s} {ANCHOR['F1']:7.3f} {ANCHOR['Cover']:7.3f}")


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--summary"]
    main(args or None, quiet="--summary" in sys.argv)
