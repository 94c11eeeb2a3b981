"""Speed and memory of the changepoint engine against ruptures, in one process.

Prints, in the order a user meets them:

* the cold first call: ``import warindicators`` and the first default
  ``changepoints(x)`` on a 500-point series in fresh processes with an empty numba
  cache (median of 3; ``--quick``: 1), wall and CPU time of the call;

then, for ``changepoints(x, method="pelt", cost="mean", penalty=p, min_size=2)``:

* the ratio to ruptures' compiled ``KernelCPD(kernel="linear", min_size=2)`` at
  n = 20 000 (the headline: a compiled reference);
* the ratio to ruptures' pure-Python ``Pelt(model="l2", min_size=2, jump=1)`` at
  n = 500, 2 000, 5 000 (asserting identical breakpoints);
* the time and tracemalloc peak at n = 10^5 and 10^6 (memory must grow linearly);
* a panel of 540 series x 1 500 days through the xarray path with the default settings
  (plus ``warindicators.analysis.trend.trend`` per series when that module exists).

JIT compilation / cache loading is timed separately and excluded from the ratios.
Run: ``python benchmarks/changepoints.py [--quick]`` (``--quick`` skips ruptures at 5 000).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from functools import partial
from typing import Any

import numpy as np

T0 = time.perf_counter()
from warindicators.analysis.changepoints import changepoints  # noqa: E402

IMPORT_S = time.perf_counter() - T0


def signal(n: int, seed: int = 0, mean_len: int = 100) -> np.ndarray:
    """Piecewise-constant means (segments of random length) plus unit Gaussian noise."""
    rng = np.random.default_rng(seed)
    lengths = rng.integers(mean_len // 2, 3 * mean_len // 2, size=n // (mean_len // 2) + 2)
    means = rng.normal(0.0, 2.0, size=lengths.size)
    return np.repeat(means, lengths)[:n] + rng.normal(size=n)


def best_of(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    best: float = np.inf
    out: Any = None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t)
    return best, out


def ours(x: np.ndarray, pen: float) -> list[int]:
    return changepoints(x, method="pelt", cost="mean", penalty=pen, min_size=2).indices


COLD = """
import time
t0 = time.perf_counter()
import numpy as np
import warindicators as wi
t1 = time.perf_counter()
x = np.random.default_rng(0).normal(size=500)
x[250:] += 2.0
c1 = time.process_time()
wi.changepoints(x)
print(t1 - t0, time.perf_counter() - t1, time.process_time() - c1)
"""


def cold(runs: int) -> None:
    """Import and first default call in fresh processes with an empty numba cache."""
    imports, firsts, cpus = [], [], []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as cache:
            env = {**os.environ, "NUMBA_CACHE_DIR": cache}
            out = subprocess.run(
                [sys.executable, "-c", COLD], env=env, capture_output=True, text=True, check=True
            )
        a, b, c = (float(v) for v in out.stdout.split())
        imports.append(a)
        firsts.append(b)
        cpus.append(c)
    print(
        f"Cold start (fresh process, empty numba cache, median of {runs}): "
        f"import warindicators {statistics.median(imports):.2f} s, first changepoints(x) "
        f"on 500 points {statistics.median(firsts):.2f} s (target <= 5 s), CPU "
        f"{statistics.median(cpus):.2f} s (wall time grows with the machine's load); "
        f"runs: {', '.join(f'{v:.2f}' for v in firsts)} s"
    )


def kernel_cpd() -> None:
    import ruptures as rpt

    n = 20_000
    x = signal(n, seed=1)
    pen = 3.0 * np.log(n)
    t_ours, bk_ours = best_of(lambda: ours(x, pen), 3)
    t_k, bk_k = best_of(
        lambda: rpt.KernelCPD(kernel="linear", min_size=2).fit(x).predict(pen=pen), 1
    )
    same = bk_ours == bk_k[:-1]
    print(
        f"PELT, cost='mean' vs ruptures.KernelCPD(kernel='linear') (compiled), n={n}: "
        f"ours {t_ours * 1e3:.1f} ms, KernelCPD {t_k * 1e3:.1f} ms, "
        f"KernelCPD/ours = {t_k / t_ours:.2f}x (ours/KernelCPD {t_ours / t_k:.3f}, "
        f"target <= 2); identical breakpoints: {same}"
    )


def main(quick: bool = False) -> None:
    import ruptures as rpt

    cold(1 if quick else 3)
    print(f"import warindicators.analysis.changepoints (this process): {IMPORT_S:.2f} s")
    t = time.perf_counter()
    ours(signal(300), 10.0)
    changepoints(signal(300))
    changepoints(signal(300), method="binseg")
    changepoints(signal(300), method="bocpd")
    from warindicators.analysis.changepoints._poly import SMALL_MAX_N, pelt_poly, poly_prefix

    long = signal(SMALL_MAX_N + 500)  # kernels specialised per degree for long series
    for degree in (0, 1, 2):
        pelt_poly(poly_prefix(long - long.mean(), degree), 0.01, 20.0, 7, degree)
    print(f"JIT warm-up (compile or load cached kernels): {time.perf_counter() - t:.2f} s\n")

    kernel_cpd()
    print("\nvs ruptures' pure-Python Pelt(model='l2', min_size=2, jump=1)")
    for n in (500, 2000, 5000):
        x = signal(n, seed=n)
        pen = 3.0 * np.log(n)
        t_ours, bk_ours = best_of(partial(ours, x, pen), 5)
        if n == 5000 and quick:
            print(f"  n={n:6d}  ours {t_ours * 1e3:8.2f} ms  (ruptures skipped: --quick)")
            continue
        algo = rpt.Pelt(model="l2", min_size=2, jump=1)
        t_rpt, bk_rpt = best_of(
            partial(lambda a, v, p: a.fit(v).predict(pen=p), algo, x, pen), 1 if n >= 2000 else 2
        )
        assert bk_ours == bk_rpt[:-1], (n, bk_ours, bk_rpt)
        print(
            f"  n={n:6d}  ours {t_ours * 1e3:8.2f} ms  ruptures {t_rpt:8.2f} s  "
            f"speed-up {t_rpt / t_ours:9.0f}x  identical breakpoints ({len(bk_ours)})"
        )

    print("\nScaling (time, tracemalloc peak):")
    for n in (100_000, 1_000_000):
        x = signal(n, seed=2)
        pen = 3.0 * np.log(n)
        tracemalloc.start()
        t = time.perf_counter()
        res = changepoints(x, method="pelt", cost="mean", penalty=pen, min_size=2)
        el = time.perf_counter() - t
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        t_def, res_def = best_of(partial(changepoints, x), 1)
        print(
            f"  n={n:8d}  {el:6.2f} s  peak {peak / 2**20:7.1f} MiB "
            f"({peak / n:5.0f} B/obs)  {res.n_changepoints} changepoints; "
            f"default changepoints(x): {t_def:.2f} s, {res_def.n_changepoints} changepoints"
        )

    panel()


def panel() -> None:
    import pandas as pd
    import xarray as xr

    n_series, n_days = 540, 1500
    rng = np.random.default_rng(3)
    data = np.empty((n_series, n_days))
    for i in range(n_series):
        k = int(rng.integers(0, 4))
        cps = np.sort(rng.choice(np.arange(50, n_days - 50), size=k, replace=False))
        level = np.repeat(rng.normal(0, 3, k + 1), np.diff(np.r_[0, cps, n_days]))
        e = rng.normal(size=n_days)
        noise = np.empty(n_days)
        noise[0] = e[0]
        for k in range(1, n_days):
            noise[k] = 0.5 * noise[k - 1] + e[k]
        data[i] = 100 + 10 * level + 10 * noise
    da = xr.DataArray(
        data,
        dims=("series", "time"),
        coords={"series": np.arange(n_series), "time": pd.date_range("2022-02-24", periods=n_days)},
    )
    t0 = time.perf_counter()
    frame = changepoints(da)
    t_cp = time.perf_counter() - t0
    msg = f"\nPanel {n_series} x {n_days}: changepoints (default) {t_cp:.2f} s, {len(frame)} rows"
    try:
        from warindicators.analysis.trend import trend
    except ImportError:
        print(msg + "; trend module not available")
        return
    t0 = time.perf_counter()
    slopes = trend(da, dim="time")  # vectorised over the series
    t_tr = time.perf_counter() - t0
    assert slopes["slope"].sizes["series"] == n_series
    print(msg + f"; trend (panel) {t_tr:.2f} s; total {t_cp + t_tr:.2f} s (target < 5 s)")


if __name__ == "__main__":
    main(quick="--quick" in sys.argv)
