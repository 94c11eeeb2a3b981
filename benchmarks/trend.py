"""Benchmark of the trend engine: panel Mann–Kendall time and memory, ratio vs pymannkendall.

Run with ``python benchmarks/trend.py`` (about half a minute). Prints the time and peak
memory of a 540-series x 1 500-day Mann–Kendall panel, the per-series speed ratio against
``pymannkendall.original_test``, a single long series, and checks the numbers agree.
"""

from __future__ import annotations

import resource
import time
import tracemalloc
from collections.abc import Callable

import numpy as np
import pandas as pd
import pymannkendall as pmk
import xarray as xr

from warindicators.analysis.trend import trend

N_SERIES, N_DAYS = 540, 1500
N_REFERENCE = 20  # series timed with pymannkendall (it is slow)


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _traced_peak(run: Callable[[], object]) -> int:
    """Peak traced allocation of a second, untimed run (tracing slows allocation)."""
    tracemalloc.start()
    run()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def main() -> None:
    rng = np.random.default_rng(2022)
    time_index = pd.date_range("2022-02-24", periods=N_DAYS, name="time")
    slopes = rng.normal(0.0, 0.01, (N_SERIES, 1))
    data = slopes * np.arange(N_DAYS) + np.round(rng.normal(size=(N_SERIES, N_DAYS)), 1)
    da = xr.DataArray(
        data,
        dims=("series", "time"),
        coords={"series": np.arange(N_SERIES), "time": time_index},
        attrs={"units": "km2"},
    )

    start = time.perf_counter()
    trend(da.isel(series=slice(0, 2)))  # compile (cached on disk after the first run)
    warmup = time.perf_counter() - start

    rss_before = _peak_rss_mb()
    start = time.perf_counter()
    ds = trend(da)
    elapsed = time.perf_counter() - start
    assert isinstance(ds, xr.Dataset)
    rss_after = _peak_rss_mb()
    traced_peak = _traced_peak(lambda: trend(da))
    print(
        f"panel {N_SERIES} x {N_DAYS} Mann-Kendall: {elapsed:.2f} s "
        f"(warm-up/compile {warmup:.2f} s)"
    )
    print(
        f"  peak traced memory {traced_peak / 2**20:.1f} MB (numpy/Python; compiled-kernel "
        f"buffers show in RSS); process peak RSS {rss_before:.0f} -> {rss_after:.0f} MB"
    )

    start = time.perf_counter()
    refs = [pmk.original_test(data[k]) for k in range(N_REFERENCE)]
    ref_per_series = (time.perf_counter() - start) / N_REFERENCE
    ours_per_series = elapsed / N_SERIES
    print(
        f"  per series: ours {1e3 * ours_per_series:.2f} ms, pymannkendall "
        f"{1e3 * ref_per_series:.1f} ms -> ratio {ref_per_series / ours_per_series:.0f}x"
    )
    worst = 0.0
    for k, ref in enumerate(refs):
        cell = ds.isel(series=k)
        for ours, theirs in (
            (cell["slope"], ref.slope),
            (cell["p_value"], ref.p),
            (cell["z"], ref.z),
            (cell["intercept"], ref.intercept),
        ):
            worst = max(worst, abs(float(ours) - float(theirs)))
    print(f"  max abs difference vs pymannkendall over {N_REFERENCE} series: {worst:.1e}")

    x = data[0]
    start = time.perf_counter()
    for _ in range(5):
        trend(x)
    single = (time.perf_counter() - start) / 5
    start = time.perf_counter()
    pmk.original_test(x)
    single_ref = time.perf_counter() - start
    print(
        f"single series n={N_DAYS}: ours {1e3 * single:.1f} ms, pymannkendall "
        f"{1e3 * single_ref:.0f} ms -> ratio {single_ref / single:.0f}x"
    )

    long = np.cumsum(rng.normal(size=20_000))
    start = time.perf_counter()
    res = trend(long)
    long_time = time.perf_counter() - start
    traced_peak = _traced_peak(lambda: trend(long))
    print(
        f"single series n=20000 ({20_000 * 19_999 // 2:,} pairwise slopes): {long_time:.2f} s, "
        f"peak traced memory {traced_peak / 2**20:.1f} MB, RSS peak {_peak_rss_mb():.0f} MB "
        f"(all slopes would need {8 * 20_000 * 19_999 / 2 / 2**30:.1f} GB); slope {res.slope:.4f}"
    )


if __name__ == "__main__":
    main()
