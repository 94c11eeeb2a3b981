"""Score the default changepoint settings on the annotated TCPD benchmark series.

Prints per-series F1 (margin 5) and Covering for the default ``changepoints(x)``, its
ablations (no seasonal step, one segment model only, one AR(1) estimate for every
length), its penalty scaled by 0.75 and 1.25 (robustness), the single-cost
alternatives and a same-series baseline measured in the same run (ruptures ``Binseg``
and ``Pelt`` with the ``"normal"`` cost -- mean and variance, like the default's
level model -- and a BIC penalty of ``3 log n``: mean, variance and location of each
new segment), then the averages over the headline univariate set (the benchmark's
convention: quality-control series and ``uk_coal_employ`` excluded) and over all 12,
next to the paper's anchor (averaged over a larger set of series, so not like for
like). ``--summary`` prints only the table; ``--loo`` adds a leave-one-series-out
check of the length up to which the AR(1) noise is estimated jointly
(``JOINT_MAX_N`` of the default pipeline).

Run: ``python benchmarks/tcpd_default.py [--summary] [--loo] [config ...]``. Reads the TCPD benchmark
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


def ruptures_bic(algo: str) -> Callable[[np.ndarray], list[int]]:
    """ruptures ``Binseg``/``Pelt`` (cost ``"normal"``, ``min_size=2``, ``jump=1``), BIC
    penalty ``3 log n``, on the series with missing values dropped."""

    def run(x: np.ndarray) -> list[int]:
        import ruptures as rpt

        keep = np.flatnonzero(~np.isnan(x))
        z = x[keep]
        cls = rpt.Binseg if algo == "binseg" else rpt.Pelt
        bkps = cls(model="normal", min_size=2, jump=1).fit(z).predict(pen=3 * np.log(z.size))
        return [int(keep[i]) for i in bkps[:-1]]

    return run


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
    "auto-joint-AR1-always": auto(estimate="joint"),
    "auto-two-stage-always": auto(estimate="two-stage"),
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
    # same-series baseline, same run
    "ruptures-Binseg-BIC": ruptures_bic("binseg"),
    "ruptures-Pelt-BIC": ruptures_bic("pelt"),
    "none": None,
}


#: Candidate length bounds of the joint AR(1) estimate for :func:`loo`.
BOUNDS = (0, 60, 120, 250, 1000)


def loo(data: dict[str, tuple[np.ndarray, dict[str, list[int]]]]) -> None:
    """Leave-one-series-out choice of the joint-estimate length bound.

    For each series, the bound among :data:`BOUNDS` with the best sum of mean F1 and
    mean covering on the other 11 is chosen and the held-out series scored with it.
    """
    per: dict[str, dict[str, tuple[float, float]]] = {}
    for name, (x, ann) in data.items():
        per[name] = {}
        for est in ("joint", "two-stage"):
            pred = auto(estimate=est)(x)
            per[name][est] = (f1_score(ann, pred, x.size), covering(ann, pred, x.size))

    def score(names: list[str], bound: int) -> tuple[float, float]:
        rows = [
            per[k]["joint" if np.count_nonzero(~np.isnan(data[k][0])) <= bound else "two-stage"]
            for k in names
        ]
        return float(np.mean([r[0] for r in rows])), float(np.mean([r[1] for r in rows]))

    print("\nLeave-one-series-out choice of the joint-estimate length bound")
    held = []
    for name in data:
        others = [k for k in data if k != name]
        best = max(BOUNDS, key=lambda b: sum(score(others, b)))
        f1, cov = score([name], best)
        held.append((name, f1, cov))
        print(f"  held out {name:20s} bound chosen {best:5d}  F1 {f1:.3f}  Cover {cov:.3f}")
    head = [r for r in held if r[0] not in EXCLUDED]
    print(
        f"  held-out averages: F1 {np.mean([r[1] for r in head]):.3f} "
        f"Cover {np.mean([r[2] for r in head]):.3f} (9); "
        f"F1 {np.mean([r[1] for r in held]):.3f} Cover {np.mean([r[2] for r in held]):.3f} (12)"
    )
    for b in BOUNDS:
        f1, cov = score(list(data), b)
        print(f"  bound {b:5d} on all 12: F1 {f1:.3f} Cover {cov:.3f}")


def main(names: list[str] | None = None, quiet: bool = False, leave_one_out: bool = False) -> None:
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
    print(
        f"{'paper anchor (more series)':26s} {ANCHOR['F1']:7.3f} {ANCHOR['Cover']:7.3f}"
        "   (the paper's best default, binseg, averaged over a larger set)"
    )
    same = {label: (hf, hc) for label, hf, hc, _, _ in summary}
    for ref in ("ruptures-Binseg-BIC", "ruptures-Pelt-BIC"):
        if "default" in same and ref in same:
            print(
                f"default vs {ref}, same 9 series, same run: "
                f"F1 {same['default'][0]:.3f} vs {same[ref][0]:.3f}, "
                f"Cover {same['default'][1]:.3f} vs {same[ref][1]:.3f}"
            )
    if leave_one_out:
        loo(data)


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    main(args or None, quiet="--summary" in sys.argv, leave_one_out="--loo" in sys.argv)
