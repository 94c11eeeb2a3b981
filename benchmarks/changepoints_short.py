"""False alarms and power of the default changepoints on short, autocorrelated series.

Known-truth simulations, fixed seeds, monthly-dated series (as reports pass them):

* ``table``: the goals of the short-series issue -- false alarms of the default
  ``changepoints(x)`` on AR(1) noise (phi = 0.5) at n = 30 and 54, white noise and
  Poisson counts (rate 4) at n = 30 and 54, AR(1) phi = 0.9 at n = 500, and the share of
  series of n = 60 (AR(1) phi = 0.5) with one shift of 2 (and 3) marginal standard
  deviations at mid-series in which a changepoint is found within +-3;
* ``grid``: the two AR(1) estimates of the default pipeline (``estimate="joint"`` and
  ``"two-stage"``) side by side over n = 24 ... 240 and families: white noise, AR(1)
  0.5 / 0.8, Poisson 4 / 0.5, a straight and a quadratic trend and a monthly profile in
  AR(1) noise (false alarms), mid-series shifts of 2 and 3 sd (found within +-3);
* ``oracle``: the bound on the power figure -- the CUSUM test for one shift in mean that
  knows phi = 0.5 and the noise variance, its threshold set for exactly 5 % false
  alarms at n = 60.

Run: ``python benchmarks/changepoints_short.py [table] [grid] [oracle] [--reps N]``
(default: all three, 200 series per case in the table, 100 in the grid).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

import numpy as np
import pandas as pd
from statsmodels.tsa.arima_process import ArmaProcess

from warindicators.analysis.changepoints import changepoints
from warindicators.analysis.changepoints.auto import auto_segment, seasonal_candidates

SD05 = 1.0 / np.sqrt(1.0 - 0.25)  # marginal sd of AR(1) noise, phi 0.5, unit innovations


def ar1(rng: np.random.Generator, n: int, phi: float) -> np.ndarray:
    """AR(1) noise with unit innovations (statsmodels' ARMA sampler, 200 burn-in)."""
    return ArmaProcess([1.0, -phi]).generate_sample(n, burnin=200, distrvs=rng.normal)


def monthly(x: np.ndarray) -> pd.Series:
    return pd.Series(x, index=pd.date_range("2015-01-01", periods=x.size, freq="MS"))


def step(rng: np.random.Generator, n: int, size: float) -> np.ndarray:
    return ar1(rng, n, 0.5) + np.r_[np.zeros(n // 2), np.full(n - n // 2, size * SD05)]


def found(idx: list[int] | np.ndarray, at: int) -> bool:
    return any(abs(int(i) - at) <= 3 for i in idx)


def table(reps: int) -> None:
    nulls: dict[str, Callable[[np.random.Generator], np.ndarray]] = {
        "AR(1) phi 0.5, n 30": lambda r: ar1(r, 30, 0.5),
        "AR(1) phi 0.5, n 54": lambda r: ar1(r, 54, 0.5),
        "white noise, n 30": lambda r: r.normal(size=30),
        "white noise, n 54": lambda r: r.normal(size=54),
        "Poisson 4, n 30": lambda r: r.poisson(4.0, 30).astype(float),
        "Poisson 4, n 54": lambda r: r.poisson(4.0, 54).astype(float),
        "AR(1) phi 0.9, n 500": lambda r: ar1(r, 500, 0.9),
    }
    print(f"Default changepoints(x), monthly dates, {reps} series per case")
    for label, gen in nulls.items():
        rng = np.random.default_rng(12345)
        t = time.perf_counter()
        alarms = sum(changepoints(monthly(gen(rng))).n_changepoints > 0 for _ in range(reps))
        print(
            f"  false alarms, {label:22s} {100 * alarms / reps:5.1f} %"
            f"  ({time.perf_counter() - t:.1f} s)"
        )
    for size in (2, 3):
        rng = np.random.default_rng(777)
        hits = sum(
            found(changepoints(monthly(step(rng, 60, size))).indices, 30) for _ in range(reps)
        )
        print(f"  power, {size} sd shift at 30 of 60, within +-3: {100 * hits / reps:5.1f} %")


def grid(reps: int) -> None:
    fams: dict[str, Callable[[np.random.Generator, int], np.ndarray]] = {
        "white noise": lambda r, n: r.normal(size=n),
        "AR(1) 0.5": lambda r, n: ar1(r, n, 0.5),
        "AR(1) 0.8": lambda r, n: ar1(r, n, 0.8),
        "Poisson 4": lambda r, n: r.poisson(4.0, n).astype(float),
        "Poisson 0.5": lambda r, n: r.poisson(0.5, n).astype(float),
        "line + AR(1) 0.5": lambda r, n: ar1(r, n, 0.5) + 3 * SD05 * np.arange(n) / n,
        "parabola + AR(1) 0.5": lambda r, n: ar1(r, n, 0.5) + 3 * SD05 * (np.arange(n) / n) ** 2,
        "season + AR(1) 0.5": lambda r, n: ar1(r, n, 0.5) + 2 * np.sin(np.pi * np.arange(n) / 6),
    }

    def run(x: np.ndarray, est: str) -> np.ndarray:
        periods = seasonal_candidates(monthly(x).index, x.size)
        return auto_segment(x, periods=periods, estimate=est).indices  # type: ignore[arg-type]

    print(f"\nJoint vs two-stage AR(1) estimate, {reps} series per cell (% of series)")
    print(f"  {'n':>4s} {'family':22s} {'joint':>6s} {'two-stage':>9s}")
    for n in (24, 36, 60, 120, 240):
        for label, gen in fams.items():
            row = []
            for est in ("joint", "two-stage"):
                rng = np.random.default_rng(2024)
                row.append(100 * np.mean([run(gen(rng, n), est).size > 0 for _ in range(reps)]))
            print(f"  {n:4d} {'FA ' + label:22s} {row[0]:6.1f} {row[1]:9.1f}")
        for size in (2, 3):
            row = []
            for est in ("joint", "two-stage"):
                rng = np.random.default_rng(99)
                row.append(
                    100
                    * np.mean([found(run(step(rng, n, size), est), n // 2) for _ in range(reps)])
                )
            print(f"  {n:4d} {f'power {size} sd shift':22s} {row[0]:6.1f} {row[1]:9.1f}")


def oracle(reps: int = 4000) -> None:
    def stat(y: np.ndarray, min_size: int) -> tuple[float, int]:
        w = y[1:] - 0.5 * y[:-1]  # innovations: unit variance, known
        m = w.size
        c = np.cumsum(w)
        k = np.arange(min_size, m - min_size + 1)
        s = (c[k - 1] - k / m * c[-1]) ** 2 * m / (k * (m - k))
        j = int(np.argmax(s))
        return float(s[j]), int(k[j]) + 1

    rng = np.random.default_rng(1)
    null = [stat(ar1(rng, 60, 0.5), 5)[0] for _ in range(reps)]
    q = float(np.quantile(null, 0.95))
    detect = hits = 0
    for _ in range(reps):
        s, k = stat(step(rng, 60, 2), 5)
        detect += s > q
        hits += s > q and abs(k - 30) <= 3
    print(
        f"\nOracle (phi, variance and a single mean shift known; 5 % false alarms at n 60, "
        f"threshold {q:.2f}): detects {100 * detect / reps:.1f} %, within +-3 "
        f"{100 * hits / reps:.1f} % of 2 sd shifts ({reps} series)"
    )


if __name__ == "__main__":
    args = sys.argv[1:]
    reps = int(args[args.index("--reps") + 1]) if "--reps" in args else None
    parts = [a for a in args if a in ("table", "grid", "oracle")] or ["table", "grid", "oracle"]
    if "table" in parts:
        table(reps or 200)
    if "grid" in parts:
        grid(reps or 100)
    if "oracle" in parts:
        oracle()
