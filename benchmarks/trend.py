"""Benchmark of the trend engine: panel time and memory, ratio vs pymannkendall.

Run with ``python benchmarks/trend.py`` (about half a minute). Prints the time and peak
memory of a 540-series x 1 500-day panel with the default test (Mann–Kendall corrected for
AR(1) noise) and with plain Mann–Kendall, the per-series speed ratio against
``pymannkendall.original_test``, a single long series, and checks that the plain test's
numbers agree with pymannkendall's. ``python benchmarks/trend.py cold`` times first calls in fresh processes with an empty
numba cache (median of 3; ``WI_SRC=path/to/src`` times another source tree the same way);
``python benchmarks/trend.py size`` prints the false-alarm rate, power and slope-interval
coverage of the default and of the alternatives on synthetic series (a few minutes);
``all`` runs the three.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
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


def panel_benchmark() -> None:
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
    ds_default = trend(da)
    elapsed_default = time.perf_counter() - start
    start = time.perf_counter()
    ds = trend(da, autocorrelation=None)
    elapsed = time.perf_counter() - start
    assert isinstance(ds, xr.Dataset) and isinstance(ds_default, xr.Dataset)
    rss_after = _peak_rss_mb()
    traced_peak = _traced_peak(lambda: trend(da))
    print(
        f"panel {N_SERIES} x {N_DAYS}: default (AR(1)-corrected Mann-Kendall) "
        f"{elapsed_default:.2f} s, plain Mann-Kendall {elapsed:.2f} s "
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
        trend(x, autocorrelation=None)
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


# -- false alarms, power and coverage on synthetic series -------------------------------


def ar1_noise(rng: np.random.Generator, reps: int, n: int, phi: float) -> np.ndarray:
    """``reps`` stationary AR(1) series of length ``n`` with marginal standard deviation 1."""
    e = rng.normal(size=(reps, n))
    x = np.empty_like(e)
    x[:, 0] = e[:, 0]
    scale = np.sqrt(1.0 - phi**2)
    for k in range(1, n):
        x[:, k] = phi * x[:, k - 1] + scale * e[:, k]
    return x


def _tfpw(t: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Yue et al. (2002) trend-free pre-whitening: p-values of MK on the pre-whitened rows."""
    from warindicators.analysis.trend.ar1 import detrended
    from warindicators.analysis.trend.mann_kendall import mann_kendall_rows

    slope = mann_kendall_rows(t, x, autocorrelation=None)["slope"]
    e = x - slope[:, None] * t
    c = detrended(t, x)
    r1 = np.sum(c[:, 1:] * c[:, :-1], axis=1) / np.sum(c * c, axis=1)
    y = e[:, 1:] - r1[:, None] * e[:, :-1] + slope[:, None] * t[1:]
    return np.asarray(mann_kendall_rows(t[1:], y, autocorrelation=None)["p_value"])


def _ar1_variant(t: np.ndarray, x: np.ndarray, kind: str) -> np.ndarray:
    """The AR(1) variance correction with another estimate of ``phi`` (for comparison).

    ``"raw"``: the lag-1 autocorrelation uncorrected; ``"kendall"``: corrected for the
    bias of a fitted mean only (Kendall 1954) instead of a fitted line as the default.
    """
    from warindicators.analysis.trend.ar1 import ar1_variance_factor, detrended
    from warindicators.analysis.trend.mann_kendall import _two_sided_p, mann_kendall_rows

    n = x.shape[1]
    c = detrended(t, x)
    r1 = np.sum(c[:, 1:] * c[:, :-1], axis=1) / np.sum(c * c, axis=1)
    phi = r1 if kind == "raw" else (n * r1 + 1.0) / (n - 3.0)  # Kendall: -(1 + 3 phi)/n
    out = mann_kendall_rows(t, x, autocorrelation=None)
    var = out["var_s"] * ar1_variance_factor(phi, np.full(x.shape[0], n))
    s = out["s"]
    z = np.where(s == 0, 0.0, (s - np.sign(s)) / np.sqrt(var))
    return np.asarray(_two_sided_p(z))


def _rates(t: np.ndarray, x: np.ndarray, truth: float | None) -> dict[str, tuple[float, float]]:
    """Share of p < 0.05 (and interval coverage of ``truth``) per method."""
    from warindicators.analysis.trend.mann_kendall import mann_kendall_rows

    out: dict[str, tuple[float, float]] = {}
    for name, kwargs in (
        ("plain MK (old default)", {"autocorrelation": None}),
        ("Hamed-Rao", {"autocorrelation": "hamed_rao"}),
        ("AR(1) MK (new default)", {"autocorrelation": "ar1"}),
    ):
        with np.errstate(invalid="ignore"):
            res = mann_kendall_rows(t, x, **kwargs)  # type: ignore[arg-type]
        p = np.nan_to_num(res["p_value"], nan=1.0)
        cover = np.nan
        if truth is not None:
            cover = float(np.mean((res["slope_low"] <= truth) & (truth <= res["slope_high"])))
        out[name] = (float(np.mean(p < 0.05)), cover)
    if x.shape[1] <= 120:
        out["TFPW (Yue 2002)"] = (float(np.mean(_tfpw(t, x) < 0.05)), np.nan)
        out["AR(1) MK, raw r1"] = (float(np.mean(_ar1_variant(t, x, "raw") < 0.05)), np.nan)
        out["AR(1) MK, -(1+3phi)/n"] = (
            float(np.mean(_ar1_variant(t, x, "kendall") < 0.05)),
            np.nan,
        )
    return out


def size_power_benchmark(reps_short: int = 1000, reps_long: int = 200) -> None:
    """Print the share of "trend" verdicts at alpha 0.05 and the 95 % interval coverage."""
    print(
        "\nshare of trend verdicts at alpha = 0.05 (null rows: false alarms; '+3 SD' rows: "
        "power); coverage of the 95 % slope interval in brackets"
    )
    cases: list[tuple[int, str, float, float, str]] = []
    for n in (24, 36, 48, 60):
        cases += [
            (n, "white noise", 0.0, 0.0, "gauss"),
            (n, "AR(1) 0.5", 0.5, 0.0, "gauss"),
            (n, "AR(1) 0.5 +3 SD", 0.5, 3.0, "gauss"),
            (n, "white noise +3 SD", 0.0, 3.0, "gauss"),
            (n, "AR(1) 0.8", 0.8, 0.0, "gauss"),
            (n, "Poisson(3)", 0.0, 0.0, "poisson3"),
            (n, "Poisson(0.5)", 0.0, 0.0, "poisson0.5"),
        ]
    for n in (500, 1000, 1500):
        cases += [
            (n, "white noise", 0.0, 0.0, "gauss"),
            (n, "AR(1) 0.5", 0.5, 0.0, "gauss"),
            (n, "AR(1) 0.9", 0.9, 0.0, "gauss"),
            (n, "AR(1) 0.9 +1 SD", 0.9, 1.0, "gauss"),
            (n, "Poisson(3)", 0.0, 0.0, "poisson3"),
        ]
    for n, label, phi, rise, kind in cases:
        reps = reps_short if n <= 60 else reps_long
        rng = np.random.default_rng(1000 * n + int(100 * phi) + int(10 * rise) + len(kind))
        t = np.arange(float(n))
        slope = rise / (n - 1)
        if kind == "gauss":
            x = ar1_noise(rng, reps, n, phi) + slope * t
        else:
            x = rng.poisson(float(kind[7:]), size=(reps, n)).astype(float)
        rates = _rates(t, x, slope if kind == "gauss" else None)
        cells = []
        for name, (rate, cover) in rates.items():
            extra = "" if np.isnan(cover) else f" [{cover:.3f}]"
            cells.append(f"{name} {rate:.3f}{extra}")
        print(f"n={n:5d} {label:18s} reps={reps}: " + "; ".join(cells))


_COLD = """
import time
t0 = time.perf_counter()
import numpy as np
import warindicators as wi
t1 = time.perf_counter()
x = np.random.default_rng(0).normal(size=500) + 0.002 * np.arange(500)
wi.trend(x)
t2 = time.perf_counter()
print(t1 - t0, t2 - t1)
"""


def cold_benchmark(runs: int = 3) -> None:
    """``import warindicators`` and the first ``wi.trend`` (500 points), fresh processes."""
    env = dict(os.environ)
    if env.get("WI_SRC"):
        env["PYTHONPATH"] = env["WI_SRC"]
    imports, firsts = [], []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as cache:
            env["NUMBA_CACHE_DIR"] = cache
            out = subprocess.run(
                [sys.executable, "-c", _COLD], env=env, capture_output=True, text=True, check=True
            )
        a, b = (float(v) for v in out.stdout.split())
        imports.append(a)
        firsts.append(b)
    print(
        f"cold start (empty numba cache, median of {runs} fresh processes): import warindicators "
        f"{statistics.median(imports):.2f} s, first wi.trend(500 points) "
        f"{statistics.median(firsts):.2f} s  [runs: "
        + ", ".join(f"{a:.2f}+{b:.2f}" for a, b in zip(imports, firsts, strict=True))
        + "]"
    )


if __name__ == "__main__":
    what = sys.argv[1] if len(sys.argv) > 1 else "all"
    if what in ("panel", "all"):
        panel_benchmark()
    if what in ("cold", "all"):
        cold_benchmark()
    if what in ("size", "all"):
        size_power_benchmark()
