"""Panels give the same results on every dask scheduler: in-process, threads, processes
and a ``dask.distributed`` cluster of worker processes."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import dask
import numpy as np
import pandas as pd
import pytest
import xarray as xr

from warindicators.analysis.changepoints import changepoints
from warindicators.analysis.trend import trend
from warindicators.errors import ValidationError

distributed = pytest.importorskip("distributed")

REGIONS = ["UA-14", "UA-32", "UA-46", "UA-51", "UA-63", "UA-65"]
KINDS = ["alerts", "outages"]
N_DAYS = 240
#: (region, kind) -> day of a known mean shift; every other series has none.
SHIFTS = {("UA-32", "alerts"): 120, ("UA-51", "outages"): 80, ("UA-65", "alerts"): 170}
#: (region, kind) -> a known linear trend (units per day); the others are flat noise.
SLOPES = {("UA-14", "outages"): 0.05, ("UA-46", "alerts"): -0.05}


def _panel() -> xr.DataArray:
    rng = np.random.default_rng(2024)
    data = rng.normal(size=(N_DAYS, len(REGIONS), len(KINDS)))
    t = np.arange(N_DAYS)
    for (region, kind), day in SHIFTS.items():
        data[day:, REGIONS.index(region), KINDS.index(kind)] += 5.0
    for (region, kind), slope in SLOPES.items():
        data[:, REGIONS.index(region), KINDS.index(kind)] += slope * t
    return xr.DataArray(
        data,
        dims=("time", "region", "kind"),
        coords={
            "time": pd.date_range("2024-01-01", periods=N_DAYS, name="time"),
            "region": REGIONS,
            "kind": KINDS,
        },
        attrs={"units": "count"},
    )


def _compute(obj: Any) -> Any:
    return obj.compute() if isinstance(obj, xr.Dataset | xr.DataArray) else obj


def _run(da: xr.DataArray) -> dict[str, Any]:
    """Default changepoints, a non-default method, the default trend and OLS-HAC."""
    return {
        "changepoints": changepoints(da),
        "binseg": changepoints(da, method="binseg", cost="mean", penalty="bic"),
        "trend": _compute(trend(da)),
        "ols_hac": _compute(trend(da, method="ols_hac")),
    }


def _assert_same(got: dict[str, Any], ref: dict[str, Any]) -> None:
    for key in ("changepoints", "binseg"):
        pd.testing.assert_frame_equal(got[key], ref[key], check_exact=True)
    for key in ("trend", "ols_hac"):
        assert not any(v.chunks for v in got[key].data_vars.values())  # computed
        xr.testing.assert_identical(got[key], ref[key])


@pytest.fixture(scope="module")
def reference() -> dict[str, Any]:
    """In this thread, numpy-backed: the results every scheduler must reproduce."""
    with dask.config.set(scheduler="sync"):
        ref = _run(_panel())
    # the reference itself finds the known truth, so agreeing with it means something
    found = {(r.region, r.kind): r.index for r in ref["changepoints"].itertuples()}
    for series, day in SHIFTS.items():
        assert abs(found.pop(series) - day) <= 2
    assert found == {}
    direction = ref["trend"]["direction"]
    for (region, kind), slope in SLOPES.items():
        expected = "increasing" if slope > 0 else "decreasing"
        assert direction.sel(region=region, kind=kind).item() == expected
    return ref


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    with distributed.LocalCluster(
        n_workers=2,
        processes=True,
        threads_per_worker=1,
        host="127.0.0.1",
        dashboard_address=":0",
    ) as c:
        yield c


def _chunked() -> xr.DataArray:
    # chunks along time too: the panel functions must bring each series into one chunk
    return _panel().chunk({"time": 100, "region": 2, "kind": 1})


@pytest.mark.slow
def test_local_cluster_equals_in_process(
    reference: dict[str, Any], cluster: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from warindicators.analysis.changepoints import panel as panel_module

    workers = set(cluster.scheduler_info["workers"])
    with distributed.Client(cluster) as client:
        with distributed.get_task_stream(client) as lazy_stream:
            got = _run(_chunked())
        # a numpy-backed panel of more than one block is sent to the cluster too
        monkeypatch.setattr(panel_module, "SERIES_PER_CHUNK", 4)
        with distributed.get_task_stream(client) as numpy_stream:
            from_numpy = changepoints(_panel())
    for stream in (lazy_stream, numpy_stream):
        ran_on = {task["worker"] for task in stream.data}
        assert ran_on and ran_on <= workers
    _assert_same(got, reference)
    pd.testing.assert_frame_equal(from_numpy, reference["changepoints"], check_exact=True)


@pytest.mark.slow
def test_cluster_without_profiler_equals_in_process(
    reference: dict[str, Any], cluster: Any
) -> None:
    """The configuration docs/scaling.md advises for batch runs reaches the workers.

    With ``distributed.worker.profile.enabled: False`` set when the cluster starts, the
    workers keep no statistical profile (whose history grows with the seconds a worker
    computes), and the results are the same.
    """
    with distributed.Client(cluster) as client:
        _run(_chunked())
        assert client.profile()["count"] > 0  # the default: workers sample their threads
    with (
        dask.config.set({"distributed.worker.profile.enabled": False}),
        distributed.LocalCluster(
            n_workers=1,
            processes=True,
            threads_per_worker=1,
            host="127.0.0.1",
            dashboard_address=":0",
        ) as quiet,
        distributed.Client(quiet) as client,
    ):
        got = _run(_chunked())
        assert client.profile()["count"] == 0
    _assert_same(got, reference)


@pytest.mark.slow
def test_cluster_collects_groups_as_they_finish(
    reference: dict[str, Any], cluster: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With several groups of blocks, each is collected (and its future dropped) as it
    finishes, in any order: the table is the same, and nothing is left on the cluster."""
    from warindicators.analysis.changepoints import panel as panel_module

    monkeypatch.setattr(panel_module, "GATHER_BLOCKS", 2)  # 6 blocks: 3 groups
    with distributed.Client(cluster) as client:
        assert panel_module._active_client() is client
        with dask.config.set(scheduler="threads"):  # an explicit choice wins
            assert panel_module._active_client() is None
        got = changepoints(_chunked())
        # futures are released asynchronously, once nothing refers to them
        deadline = time.monotonic() + 10
        while any(client.has_what().values()) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not any(client.has_what().values())
    pd.testing.assert_frame_equal(got, reference["changepoints"], check_exact=True)


@pytest.mark.slow
def test_error_of_one_series_is_raised_from_the_cluster(cluster: Any) -> None:
    da = _panel()
    da[5, 3, 1] = np.inf
    with distributed.Client(cluster), pytest.raises(ValidationError, match="finite"):
        changepoints(da.chunk({"region": 2}))
    # the same when the failing block is one of several groups collected as they finish
    from warindicators.analysis.changepoints import panel as panel_module

    with pytest.MonkeyPatch.context() as mp, distributed.Client(cluster) as client:
        mp.setattr(panel_module, "GATHER_BLOCKS", 1)
        with pytest.raises(ValidationError, match="finite") as raised:
            changepoints(da.chunk({"region": 2}))
        # the groups not collected are released even while the error (and its
        # traceback) is still held: nothing stays on the cluster
        deadline = time.monotonic() + 10
        while any(client.has_what().values()) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not any(client.has_what().values())
        assert raised.value is not None


@pytest.mark.slow
@pytest.mark.parametrize("scheduler", ["threads", "processes"])
def test_local_schedulers_equal_in_process(reference: dict[str, Any], scheduler: str) -> None:
    with dask.config.set(scheduler=scheduler, num_workers=2):
        got = _run(_chunked())
    _assert_same(got, reference)


def test_dask_panel_stays_lazy_with_its_chunks() -> None:
    from warindicators.analysis.changepoints.panel import changepoint_mask

    mask = changepoint_mask(_chunked())
    assert mask.chunks == ((240,), (2, 2, 2), (1, 1))  # time in one chunk, the rest kept
    assert mask.dims == ("time", "region", "kind")
    ds = trend(_chunked())
    # still lazy; the per-block statistics are gathered into chunks of up to
    # GATHER_BLOCKS input blocks (here all six blocks of two series fit in one)
    assert ds["slope"].chunks == ((6,), (2,))
    assert ds["direction"].chunks == ((6,), (2,))
