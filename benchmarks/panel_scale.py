"""Panels on a ``dask.distributed`` cluster: throughput, scaling and memory per worker.

A synthetic panel of ``--series`` daily series x ``--days`` days (default 10 000 x 1 500:
0-3 level shifts per series and AR(1) noise, phi 0.5, fixed seeds) is analysed with the
library's defaults -- ``wi.changepoints(da)`` and ``wi.trend(da)`` -- on a
``LocalCluster`` of 1 and then 2 worker processes (one thread each, numba limited to one
thread, so a worker uses one core). The panel is generated block by block on the
workers (``dask.array.map_blocks``), ``--chunk`` series per block: it never exists as a
whole anywhere, so a worker's memory is bounded by the blocks it holds, not the panel.

Every worker is warmed up before anything is measured: the library imported and a small
panel (two blocks per worker) run through the cluster, so the compiled kernels the
blocks use are loaded. Resident memory (``psutil``, through ``Client.run``) is sampled
every 0.2 s; "at rest" is a worker's memory with no task running and no data held.

**Memory** (``--memory-series``, one worker, default 2 000 series in four slices run
one after the other): for each block size in ``--memory-chunks`` and each setting in
``--memory-profilers`` of ``dask.distributed``'s statistical profiler -- ``on`` (its
default), ``on-60s`` (history cut to 60 cycles by ``distributed.admin.low-level-log-length``)
and ``off`` (``distributed.worker.profile.enabled: False``) -- the worker's memory at
rest after warm-up, then after each slice its peak and its memory at rest, minus the rest
after warm-up, and the growth per series after the first slice; then the same for the
whole panel in one computation. A memory bounded by the block shows a peak that does
not grow with the series processed; a worker keeps every block's result until the
client gathers them, so one computation costs memory per block it has. The profiler keeps one
call tree per second (``distributed.worker.profile.cycle``) for the last
``distributed.admin.low-level-log-length`` (1 000) seconds: with it on, a worker's memory
grows with the time it has computed until that cap.

**Scaling** (``--workers``, default 1 and 2, profiler as ``--profiler``, default off):
per cluster, time, throughput (series per second), the workers' CPU seconds, and each
worker's memory at rest after warm-up, its peak during the run and at rest after it.
Then the scaling ratio (2 workers over 1, measured in this run) and a check that both
clusters gave identical results. The machine's load average is printed: other
processes on the same cores lower the ratio.

``--in-process`` (default on) first times the 540 x 1 500 panel in this process on the
default threaded scheduler, numpy-backed, as ``wi.changepoints(da)`` and
``wi.trend(da)`` run it for a user (target: under 5 s on two cores), after one untimed
run that loads the compiled kernels.

Run: ``python benchmarks/panel_scale.py [--series N] [--days N] [--chunk N]
[--workers 1 2] [--profiler on|on-60s|off] [--memory-series N] [--memory-chunks 16 64]
[--memory-profilers on off] [--no-in-process]`` (``--memory-series 0`` or ``--workers`` with no number skips a part).
"""

from __future__ import annotations

import argparse
import itertools
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import dask
import dask.array as dsa
import numpy as np
import pandas as pd
import psutil
import xarray as xr
from distributed import Client, LocalCluster
from scipy.signal import lfilter

import warindicators as wi
from warindicators.analysis.changepoints.panel import SERIES_PER_CHUNK


def synthetic_rows(n_series: int, n_days: int, seed: int) -> np.ndarray:
    """``n_series`` rows: 0-3 level shifts (sd 30) and AR(1) noise (phi 0.5, sd 10)."""
    rng = np.random.default_rng(seed)
    out = np.empty((n_series, n_days))
    for i in range(n_series):
        k = int(rng.integers(0, 4))
        cps = np.sort(rng.choice(np.arange(50, n_days - 50), size=k, replace=False))
        level = np.repeat(rng.normal(0, 3, k + 1), np.diff(np.r_[0, cps, n_days]))
        noise = lfilter([1.0], [1.0, -0.5], rng.normal(size=n_days))
        out[i] = 100 + 10 * level + 10 * noise
    return out


def _block(n_days: int, block_info: Any = None) -> np.ndarray:
    info = block_info[None]
    (start, stop), _ = info["array-location"]
    return synthetic_rows(stop - start, n_days, seed=1_000_003 + start)


def lazy_panel(n_series: int, n_days: int, chunk: int) -> xr.DataArray:
    """The panel as a dask array whose blocks are generated where they are computed."""
    chunks = ((chunk,) * (n_series // chunk) + ((n_series % chunk,) if n_series % chunk else ()),)
    data = dsa.map_blocks(_block, n_days, chunks=(*chunks, (n_days,)), dtype=np.float64)
    return xr.DataArray(
        data,
        dims=("series", "time"),
        coords={"series": np.arange(n_series), "time": pd.date_range("2022-02-24", periods=n_days)},
        name="synthetic",
    )


MIB = 2**20

#: ``dask.distributed``'s statistical profiler on the workers: on (its default), on with
#: its history cut to the last 60 s of work, or off (documented configuration only).
PROFILER: dict[str, dict[str, Any]] = {
    "on": {"distributed.worker.profile.enabled": True},
    "on-60s": {
        "distributed.worker.profile.enabled": True,
        "distributed.admin.low-level-log-length": 60,
    },
    "off": {"distributed.worker.profile.enabled": False},
}


def _rss() -> int:
    return int(psutil.Process().memory_info().rss)


def _cpu() -> float:
    t = psutil.Process().cpu_times()
    return float(t.user + t.system)


def _warm_up(n_days: int) -> None:
    """Import the library and load its compiled kernels in a process (not timed)."""
    da = xr.DataArray(
        synthetic_rows(4, n_days, seed=7),
        dims=("series", "time"),
        coords={"time": pd.date_range("2022-02-24", periods=n_days)},
    )
    wi.changepoints(da)
    wi.trend(da)


class MemorySampler(threading.Thread):
    """Peak resident memory of every worker, sampled through ``Client.run``."""

    def __init__(self, client: Client, every: float = 0.2) -> None:
        super().__init__(daemon=True)
        self.client, self.every = client, every
        self.peak: dict[str, int] = {}
        self.samples = 0
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.is_set():
            for worker, rss in self.client.run(_rss).items():
                self.peak[worker] = max(self.peak.get(worker, 0), rss)
            self.samples += 1
            self._stop_event.wait(self.every)

    def stop(self) -> None:
        self._stop_event.set()
        self.join()


@contextmanager
def cluster_client(n_workers: int, profiler: str) -> Iterator[Client]:
    """A ``LocalCluster`` of single-threaded worker processes and its ``Client``.

    The configuration in force when the cluster starts is the workers' (the nanny passes
    it on), so the profiler is set through the documented keys of :data:`PROFILER`.
    """
    with (
        dask.config.set(PROFILER[profiler]),
        LocalCluster(
            n_workers=n_workers,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=":0",
            env={"NUMBA_NUM_THREADS": "1"},
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


def warm_up(client: Client, n_days: int, chunk: int) -> float:
    """Load the library everywhere, then run two blocks per worker through the cluster.

    A block runs kernels a tiny panel does not (the compiled Theil-Sen selection above
    its size threshold, the dask-backed path), so the memory "at rest" measured after
    this includes every library a block loads. Returns the seconds it took.
    """
    t = time.perf_counter()
    client.run(_warm_up, n_days)
    da = lazy_panel(2 * chunk * len(client.scheduler_info()["workers"]), n_days, chunk)
    wi.changepoints(da)
    wi.trend(da).compute()
    return time.perf_counter() - t


def at_rest(client: Client) -> dict[str, int]:
    """Each worker's resident memory once it holds no task and no data."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(client.processing().values()):
        time.sleep(0.1)
    while time.monotonic() < deadline and any(client.has_what().values()):
        time.sleep(0.1)
    time.sleep(0.5)
    return {w: int(v) for w, v in client.run(_rss).items()}


def analyse(da: xr.DataArray) -> tuple[pd.DataFrame, xr.Dataset, float, float]:
    """Default changepoints and default trend of ``da``, with their times."""
    t0 = time.perf_counter()
    frame = wi.changepoints(da)
    t1 = time.perf_counter()
    trends = wi.trend(da).compute()
    return frame, trends, t1 - t0, time.perf_counter() - t1


def on_cluster(
    n_workers: int, n_series: int, n_days: int, chunk: int, profiler: str
) -> dict[str, Any]:
    with cluster_client(n_workers, profiler) as client:
        warm = warm_up(client, n_days, chunk)
        base = at_rest(client)
        cpu0 = client.run(_cpu)
        sampler = MemorySampler(client)
        sampler.start()
        frame, trends, cp, tr = analyse(lazy_panel(n_series, n_days, chunk))
        sampler.stop()
        cpu1 = client.run(_cpu)
        after = at_rest(client)
    return {
        "workers": n_workers,
        "warm": warm,
        "cp": cp,
        "trend": tr,
        "seconds": cp + tr,
        "cpu": sum(cpu1[w] - cpu0[w] for w in cpu1),
        "base": base,
        "peak": sampler.peak,
        "after": after,
        "samples": sampler.samples,
        "frame": frame,
        "trends": trends,
    }


def memory_growth(n_series: int, n_days: int, chunk: int, profiler: str, slices: int = 4) -> None:
    """Peak and at-rest memory of one worker after each of ``slices`` successive slices."""
    with cluster_client(1, profiler) as client:
        warm_up(client, n_days, chunk)
        (worker,) = at_rest(client).items()
        rest0 = worker[1]
        da = lazy_panel(n_series, n_days, chunk)
        bounds = np.linspace(0, n_series, slices + 1).astype(int)
        # a slice starts on a block boundary so it is made of whole blocks
        bounds = np.unique(np.r_[0, (bounds[1:-1] // chunk) * chunk, n_series])
        done, rows, peak = 0, [], 0
        t0 = time.perf_counter()
        for a, b in itertools.pairwise(bounds):
            sampler = MemorySampler(client)
            sampler.start()
            analyse(da.isel(series=slice(int(a), int(b))))
            sampler.stop()
            peak = max(peak, *sampler.peak.values())
            done += int(b - a)
            rows.append((done, peak - rest0, at_rest(client)[worker[0]] - rest0))
        seconds = time.perf_counter() - t0
        # then the whole panel in one computation: a worker keeps each block's result
        # until the client gathers them, so one computation costs memory per block
        sampler = MemorySampler(client)
        sampler.start()
        analyse(da)
        sampler.stop()
        whole = (max(sampler.peak.values()) - rest0, at_rest(client)[worker[0]] - rest0)
    per_kib = (rows[-1][2] - rows[0][2]) / max(rows[-1][0] - rows[0][0], 1) / 1024
    print(
        f"  blocks of {chunk} series ({chunk * n_days * 8 / MIB:.2f} MiB), profiler {profiler}: "
        f"at rest {rest0 / MIB:.0f} MiB after warm-up; "
        + "; ".join(
            f"after {n:,} series peak +{p / MIB:.1f}, rest +{r / MIB:.1f}" for n, p, r in rows
        )
        + f" MiB; rest grew {per_kib:.2f} KiB per series after the first slice "
        f"({seconds:.0f} s of work); then all {n_series:,} in one computation: peak "
        f"+{whole[0] / MIB:.1f}, rest +{whole[1] / MIB:.1f} MiB "
        f"(load average now {os.getloadavg()[0]:.1f})"
    )


def in_process() -> None:
    n_series, n_days = 540, 1500
    da = xr.DataArray(
        synthetic_rows(n_series, n_days, seed=3),
        dims=("series", "time"),
        coords={"series": np.arange(n_series), "time": pd.date_range("2022-02-24", periods=n_days)},
    )
    # one untimed run: it loads every kernel the panel uses (a tiny panel misses some)
    wi.changepoints(da)
    wi.trend(da)
    runs, cpu = [], []
    for _ in range(3):
        c0 = _cpu()
        t0 = time.perf_counter()
        frame = wi.changepoints(da)
        t1 = time.perf_counter()
        trends = wi.trend(da)
        t2 = time.perf_counter()
        runs.append((t1 - t0, t2 - t1, t2 - t0))
        cpu.append(_cpu() - c0)
        assert trends["slope"].sizes["series"] == n_series
    cp, tr, total = (float(np.median(v)) for v in zip(*runs, strict=True))
    print(
        f"In-process, numpy-backed {n_series} x {n_days}, default threaded scheduler "
        f"({os.cpu_count()} cores, blocks of {SERIES_PER_CHUNK} series), median of 3: "
        f"changepoints {cp:.2f} s ({len(frame)} changepoints) + trend {tr:.2f} s = "
        f"{total:.2f} s (target < 5 s; runs: {', '.join(f'{r[2]:.2f}' for r in runs)} s; "
        f"CPU of this process per run {np.median(cpu):.2f} s; load average now "
        f"{os.getloadavg()[0]:.1f})\n"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--series", type=int, default=10_000)
    parser.add_argument("--days", type=int, default=1500)
    parser.add_argument("--chunk", type=int, default=SERIES_PER_CHUNK, help="series per block")
    parser.add_argument("--workers", type=int, nargs="*", default=[1, 2])
    parser.add_argument(
        "--profiler",
        choices=sorted(PROFILER),
        default="off",
        help="the workers' profiler when scaling",
    )
    parser.add_argument("--memory-series", type=int, default=2000, help="0: no memory part")
    parser.add_argument("--memory-chunks", type=int, nargs="+", default=[SERIES_PER_CHUNK, 64])
    parser.add_argument(
        "--memory-profilers", choices=sorted(PROFILER), nargs="+", default=["on", "off"]
    )
    parser.add_argument("--no-in-process", dest="in_process", action="store_false")
    args = parser.parse_args()
    print(f"{os.cpu_count()} CPUs; load average at start {os.getloadavg()[0]:.1f}")
    if args.in_process:
        in_process()
    if args.memory_series:
        print(
            f"Memory of one worker, {args.memory_series:,} series x {args.days} days in four "
            "slices run one after the other (changes from its memory at rest after warm-up):"
        )
        for chunk in args.memory_chunks:
            for profiler in args.memory_profilers:
                memory_growth(args.memory_series, args.days, chunk, profiler)
    if not args.workers:
        return
    chunk_mib = args.chunk * args.days * 8 / MIB
    print(
        f"Panel {args.series:,} series x {args.days} days ({args.series * args.days * 8 / MIB:.0f} MiB "
        f"as float64), blocks of {args.chunk} series ({chunk_mib:.2f} MiB), generated on the workers; "
        f"default changepoints + default trend; workers' profiler {args.profiler}"
    )
    results = []
    for n in args.workers:
        r = on_cluster(n, args.series, args.days, args.chunk, args.profiler)
        results.append(r)
        rate = args.series / r["seconds"]
        print(
            f"  {n} worker(s): {r['seconds']:.1f} s (changepoints {r['cp']:.1f} s, trend "
            f"{r['trend']:.1f} s) -> {rate:.1f} series/s; worker CPU {r['cpu']:.1f} s "
            f"({args.series / r['cpu']:.1f} series per CPU-second); warm-up {r['warm']:.1f} s; "
            f"load average now {os.getloadavg()[0]:.1f}"
        )
        for w in sorted(r["peak"]):
            base, peak, after = r["base"][w], r["peak"][w], r["after"][w]
            print(
                f"      worker {w}: at rest {base / MIB:.0f} MiB after warm-up, peak "
                f"{peak / MIB:.0f} MiB (+{(peak - base) / MIB:.1f} MiB) over {r['samples']} "
                f"samples, at rest after the run {after / MIB:.0f} MiB ({(after - base) / MIB:+.1f} MiB)"
            )
    if len(results) >= 2:
        one, many = results[0], results[-1]
        ratio = one["seconds"] / many["seconds"]
        print(
            f"Scaling {one['workers']} -> {many['workers']} workers: {ratio:.2f}x throughput "
            f"(goal >= 1.7x on 2 workers); per CPU-second {many['cpu'] and one['cpu'] / many['cpu']:.2f}x"
        )
        pd.testing.assert_frame_equal(one["frame"], many["frame"], check_exact=True)
        xr.testing.assert_identical(one["trends"], many["trends"])
        print(
            f"Identical results on {one['workers']} and {many['workers']} workers: "
            f"{len(one['frame'])} changepoints, "
            f"{int((one['trends']['direction'] != 'no trend').sum())} significant trends"
        )


if __name__ == "__main__":
    main()
