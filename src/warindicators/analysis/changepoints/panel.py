"""Changepoints for every series of an :class:`xarray.DataArray`, through dask.

Every panel runs through :func:`xarray.apply_ufunc` with ``dask="parallelized"``, a
block of series per task, on whichever dask scheduler is active: the threaded scheduler
by default, ``dask.config.set(scheduler="processes")``, or a :mod:`dask.distributed`
cluster once a ``Client`` is connected. The results do not depend on the scheduler: each
series is detected on its own, exactly as :func:`~.api.changepoints` does for it alone.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from ...errors import ValidationError

__all__ = ["GATHER_BLOCKS", "SERIES_PER_CHUNK", "changepoint_mask", "changepoints_panel"]

#: Series per task when a numpy-backed panel is split for the scheduler. Small tasks
#: balance series of uneven difficulty and keep a worker's memory to a few series; the
#: per-task overhead of dask (well under a millisecond) is small beside the ~10 ms of
#: the default pipeline on a daily series of a few years (see ``benchmarks/panel_scale.py``).
SERIES_PER_CHUNK = 16
#: Blocks whose changepoints are gathered into one result on the worker that computed
#: them, before the client collects them. A worker holds a finished task's result (and
#: its bookkeeping) until it is consumed; gathering them in groups frees the small
#: per-block results as the computation goes, and on a ``distributed`` cluster each group
#: is collected as soon as it is done (:func:`_compute`), so a worker holds about one
#: group's tasks, not the panel's (measured in ``docs/scaling.md``).
GATHER_BLOCKS = 32


def _mask_1d(values: np.ndarray, index: pd.Index | None, kwargs: dict[str, Any]) -> np.ndarray:
    from .api import changepoints

    out = np.full(values.shape, np.nan)
    if np.isnan(values).all():
        return out
    # dated input: the default pipeline takes its seasonal period from the dates
    res = changepoints(values if index is None else pd.Series(values, index=index), **kwargs)
    out[res.indices] = res.strength
    return out


def _mask_block(
    block: np.ndarray, dates: np.ndarray | None = None, *, kwargs: dict[str, Any]
) -> np.ndarray:
    """Masks of every series of ``block`` (shape ``(..., n)``, the time axis last).

    ``dates`` are the datetime coordinates along the time axis, when it has them. They
    come as an input array, one dask key shared by every block, rather than inside each
    task: a worker keeps every task's arguments until the computation ends, and a copy
    of a daily index per block is most of what a task would otherwise weigh.
    """
    index = None
    if dates is not None:
        index = pd.DatetimeIndex(np.asarray(dates).reshape(-1, block.shape[-1])[0])
    rows = np.asarray(block, dtype=np.float64).reshape(-1, block.shape[-1])
    out = np.full(rows.shape, np.nan)
    for r in range(rows.shape[0]):
        out[r] = _mask_1d(rows[r], index, kwargs)
    return out.reshape(block.shape)


def _series_chunks(sizes: dict[Any, int], dim: Any, per_chunk: int) -> dict[Any, int]:
    """Chunk sizes giving about ``per_chunk`` series per block (``dim`` in one chunk).

    The innermost dimensions are filled first, as in C order: ``(region=540)`` gives
    blocks of 16 regions, ``(kind=3, region=4)`` blocks of 3 x 4 series.
    """
    chunks: dict[Any, int] = {dim: -1}
    left = per_chunk
    for d in reversed([d for d in sizes if d != dim]):
        size = min(sizes[d], max(left, 1))
        chunks[d] = size
        left = max(left // max(size, 1), 1)
    return chunks


def changepoint_mask(da: Any, dim: str = "time", **kwargs: Any) -> Any:
    """Strength at each changepoint, NaN elsewhere, same shape and dims as ``da``.

    Runs :func:`~.api.changepoints` along ``dim`` for every other coordinate, through
    :func:`xarray.apply_ufunc` (``dask="parallelized"``) on the active dask scheduler.
    A dask-backed ``da`` stays lazy: its chunks are kept, except that ``dim`` is
    rechunked to a single chunk. A numpy-backed ``da`` is split into blocks of about
    :data:`SERIES_PER_CHUNK` series, computed, and returned numpy-backed (a panel of
    one block runs in this thread). Datetime coordinates along ``dim`` are passed on
    with each series (the default pipeline takes its seasonal period from them, as for
    a dated pandas Series). Series that are entirely missing give no changepoint; an
    error in one series (e.g. an infinite value) is raised as it would be for that
    series alone.

    Examples
    --------
    >>> import numpy as np, xarray as xr
    >>> data = np.r_[np.zeros(30), np.full(30, 5.0)] + np.tile([0.2, -0.2], 30)
    >>> da = xr.DataArray(np.stack([data, data[::-1]]), dims=("region", "time"))
    >>> mask = changepoint_mask(da, cost="mean", penalty=10.0)
    >>> [np.flatnonzero(~np.isnan(row)).tolist() for row in mask.values]
    [[30], [30]]
    >>> lazy = changepoint_mask(da.chunk({"region": 1}), cost="mean", penalty=10.0)
    >>> lazy.chunks, bool(np.array_equal(lazy.values, mask.values, equal_nan=True))
    (((1, 1), (60,)), True)
    """
    import xarray as xr

    if not isinstance(da, xr.DataArray):
        raise ValidationError(f"expected an xarray.DataArray; got {type(da).__name__}")
    if dim not in da.dims:
        raise ValidationError(f"dim: {dim!r} is not a dimension of the DataArray {da.dims}")
    if not np.issubdtype(da.dtype, np.number):
        raise ValidationError(f"expected a numeric DataArray; got dtype {da.dtype}")
    coord = da[dim] if dim in da.coords else None
    dated = coord is not None and np.issubdtype(coord.dtype, np.datetime64)
    eager = da.chunks is None
    n_series = math.prod(s for d, s in da.sizes.items() if d != dim)
    if eager and n_series > SERIES_PER_CHUNK:
        da = da.chunk(_series_chunks(dict(da.sizes), dim, SERIES_PER_CHUNK))
    elif not eager:
        da = da.chunk({dim: -1})
    inputs = [da.astype(np.float64)]
    if dated:
        dates = xr.DataArray(np.asarray(da[dim].values), dims=(dim,))
        # one key that every block task depends on (see :func:`_mask_block`)
        inputs.append(dates if da.chunks is None else dates.chunk())
    mask = xr.apply_ufunc(
        _mask_block,
        *inputs,
        input_core_dims=[[dim]] * len(inputs),
        output_core_dims=[[dim]],
        dask="parallelized",
        output_dtypes=[np.float64],
        kwargs={"kwargs": kwargs},
    ).transpose(*da.dims)
    return mask.compute() if eager else mask


def changepoints_panel(da: Any, dim: str = "time", **kwargs: Any) -> pd.DataFrame:
    """Tidy table of changepoints for every series of ``da`` along ``dim``.

    Parameters
    ----------
    da
        An :class:`xarray.DataArray` (numpy- or dask-backed).
    dim
        The time dimension.
    **kwargs
        Passed to :func:`~.api.changepoints` (method, cost, penalty, min_size...).

    Returns
    -------
    pandas.DataFrame
        One row per changepoint: one column per other dimension (its coordinate
        value), ``index`` (position along ``dim``), ``date`` (when ``dim`` has datetime
        coordinates) and ``strength``. Computed on the active dask scheduler (see
        :func:`changepoint_mask`).

    Examples
    --------
    >>> import numpy as np, pandas as pd, xarray as xr
    >>> data = np.r_[np.zeros(30), np.full(30, 5.0)] + np.tile([0.2, -0.2], 30)
    >>> da = xr.DataArray(
    ...     np.stack([data, np.zeros(60)]), dims=("region", "time"),
    ...     coords={"region": ["UA", "RU"], "time": pd.date_range("2024-01-01", periods=60)},
    ... )
    >>> changepoints_panel(da, cost="mean", penalty=10.0)[["region", "index", "date"]]
      region  index       date
    0     UA     30 2024-01-31
    """
    mask = changepoint_mask(da, dim=dim, **kwargs)
    other = [d for d in mask.dims if d != dim]
    moved = mask.transpose(*other, dim)
    if moved.chunks is None:
        hits, strength = _hits(moved.values, (0,) * moved.ndim)
    else:
        # each block is reduced to its changepoints where it was computed: only those
        # reach this process, never the whole mask
        import dask

        starts = [np.cumsum((0, *c[:-1])) for c in moved.chunks]
        blocks = moved.data.to_delayed()
        found = [
            dask.delayed(_hits)(
                blocks[pos], tuple(int(s[p]) for s, p in zip(starts, pos, strict=True))
            )
            for pos in np.ndindex(blocks.shape)
        ]
        parts = _compute(
            [
                dask.delayed(_gather)(*found[k : k + GATHER_BLOCKS])
                for k in range(0, len(found), GATHER_BLOCKS)
            ]
        )
        hits = np.concatenate([p[0] for p in parts]) if parts else np.zeros((0, moved.ndim))
        strength = np.concatenate([p[1] for p in parts]) if parts else np.zeros(0)
        order = np.lexsort(hits.T[::-1]) if hits.size else np.zeros(0, np.int64)
        hits, strength = hits[order], strength[order]
    hits = hits.astype(np.int64).reshape(-1, moved.ndim)
    frame = pd.DataFrame()
    for k, d in enumerate(other):
        coord = mask[d].values if d in mask.coords else np.arange(mask.sizes[d])
        frame[d] = coord[hits[:, k]]
    frame["index"] = hits[:, -1]
    if dim in mask.coords and np.issubdtype(mask[dim].dtype, np.datetime64):
        frame["date"] = pd.DatetimeIndex(mask[dim].values[frame["index"].to_numpy()])
    frame["strength"] = np.asarray(strength, dtype=np.float64)
    return frame


def _active_client() -> Any:
    """The ``distributed.Client`` that runs dask computations now, else ``None``.

    dask's rule: a ``dask.config.set(scheduler=...)`` in force wins; otherwise the
    client created last, if any.
    """
    import dask

    if dask.config.get("scheduler", None) not in (None, "dask.distributed", "distributed"):
        return None
    try:
        from distributed import default_client
    except ImportError:  # pragma: no cover - distributed is a dependency
        return None
    try:
        return default_client()
    except ValueError:  # no client
        return None


def _compute(groups: list[Any]) -> list[tuple[np.ndarray, np.ndarray]]:
    """The results of ``groups`` (delayed), in order, on the active scheduler.

    On a ``dask.distributed`` cluster every group is submitted at once and collected as
    it finishes; its future is released straight away, so the scheduler forgets the
    group's tasks and the workers their bookkeeping (a worker otherwise keeps every task
    of a computation -- its arguments, its state -- until the whole computation is
    collected, about 10 KiB per task). A worker's memory is then bounded by the groups
    in progress, not by the panel. Elsewhere (threads, processes) it is one
    ``dask.compute``: those schedulers keep nothing per finished task.
    """
    import dask

    client = _active_client()
    if client is None or len(groups) <= 1:
        return list(dask.compute(*groups))
    from distributed import as_completed

    futures = client.compute(groups)
    position = {f.key: k for k, f in enumerate(futures)}
    finished = as_completed(futures)
    # from here on only ``finished`` refers to the futures it has not yielded yet: a
    # future nothing refers to is released (dask's lifecycle of futures)
    del futures
    out: list[Any] = [None] * len(position)
    try:
        for future in finished:
            out[position[future.key]] = future.result()
    except BaseException:
        finished.clear()  # the groups not collected yet are released: their work stops
        raise
    return out


def _gather(*parts: tuple[np.ndarray, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """The positions and values of several blocks' :func:`_hits`, in one result."""
    return np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts])


def _hits(block: np.ndarray, offset: tuple[int, ...]) -> tuple[np.ndarray, np.ndarray]:
    """Positions (shifted by the block's ``offset``) and values of the non-NaN cells."""
    found = np.argwhere(~np.isnan(block))
    return found + np.asarray(offset, dtype=np.int64), block[tuple(found.T)]
