"""Changepoints for every series of an :class:`xarray.DataArray` (dask-capable)."""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import Any

import numpy as np
import pandas as pd

from ..._fork import fork_context
from ...errors import ValidationError

__all__ = ["PARALLEL_MIN_SIZE", "changepoint_mask", "changepoints_panel"]

#: numpy-backed arrays with at least this many values are processed in parallel.
PARALLEL_MIN_SIZE = 100_000
#: Series per task of the parallel path (small tasks balance uneven series).
_TASK_ROWS = 4
# what the forked workers inherit: (rows, index, kwargs) of the running call
_SHARED: tuple[np.ndarray, pd.Index | None, dict[str, Any]] | None = None


def _mask_1d(values: np.ndarray, index: pd.Index | None = None, **kwargs: Any) -> np.ndarray:
    from .api import changepoints

    out = np.full(values.shape, np.nan)
    if np.isnan(values).all():
        return out
    # dated input: the default pipeline takes its seasonal period from the dates
    res = changepoints(values if index is None else pd.Series(values, index=index), **kwargs)
    out[res.indices] = res.strength
    return out


def changepoint_mask(da: Any, dim: str = "time", **kwargs: Any) -> Any:
    """Strength at each changepoint, NaN elsewhere, same shape as ``da`` (lazy with dask).

    Runs :func:`~.api.changepoints` along ``dim`` for every other coordinate. Dask
    input stays lazy: :func:`xarray.apply_ufunc` (``dask="parallelized"``), with
    ``dim`` rechunked to a single chunk. Numpy input of at least
    :data:`PARALLEL_MIN_SIZE` values runs a few series per task on every core (see
    :func:`_mask_rows`) and is returned computed. Datetime coordinates along ``dim``
    are passed on with each series (the default pipeline takes its seasonal period
    from them, as for a dated pandas Series). Series that are entirely missing give no
    changepoint.

    Examples
    --------
    >>> import numpy as np, xarray as xr
    >>> data = np.r_[np.zeros(30), np.full(30, 5.0)] + np.tile([0.2, -0.2], 30)
    >>> da = xr.DataArray(np.stack([data, data[::-1]]), dims=("region", "time"))
    >>> mask = changepoint_mask(da, cost="mean", penalty=10.0)
    >>> [np.flatnonzero(~np.isnan(row)).tolist() for row in mask.values]
    [[30], [30]]
    """
    import xarray as xr

    if not isinstance(da, xr.DataArray):
        raise ValidationError(f"expected an xarray.DataArray; got {type(da).__name__}")
    if dim not in da.dims:
        raise ValidationError(f"dim: {dim!r} is not a dimension of the DataArray {da.dims}")
    if not np.issubdtype(da.dtype, np.number):
        raise ValidationError(f"expected a numeric DataArray; got dtype {da.dtype}")
    coord = da[dim] if dim in da.coords else None
    if coord is not None and np.issubdtype(coord.dtype, np.datetime64):
        kwargs = {**kwargs, "index": pd.DatetimeIndex(coord.values)}
    if da.chunks is None and da.ndim > 1 and da.size >= PARALLEL_MIN_SIZE:
        # numpy input: one task per few series on every core, computed eagerly
        moved = da.transpose(..., dim)
        rows = np.ascontiguousarray(moved.values, dtype=np.float64).reshape(-1, da.sizes[dim])
        mask = _mask_rows(rows, kwargs.pop("index", None), kwargs)
        return moved.copy(data=mask.reshape(moved.shape)).transpose(*da.dims)
    if da.chunks is not None:
        da = da.chunk({dim: -1})
    return xr.apply_ufunc(
        _mask_1d,
        da.astype("float64"),
        input_core_dims=[[dim]],
        output_core_dims=[[dim]],
        vectorize=True,
        dask="parallelized",
        output_dtypes=[np.float64],
        kwargs=kwargs,
    )


def _rows_task(
    bounds: tuple[int, int],
    shared: tuple[np.ndarray, pd.Index | None, dict[str, Any]] | None = None,
) -> np.ndarray:
    rows, index, kwargs = _SHARED if shared is None else shared  # type: ignore[misc]
    return np.stack([_mask_1d(r, index, **kwargs) for r in rows[bounds[0] : bounds[1]]])


def _mask_rows(rows: np.ndarray, index: pd.Index | None, kwargs: dict[str, Any]) -> np.ndarray:
    """Changepoint masks of the rows of a 2-D array, on every core.

    Processes forked from this one when that is dependable -- Linux, and no other
    thread running, since a fork copies locks held by other threads -- because the
    per-series Python work then runs in parallel too (about 20 % faster on a panel of
    540 daily series than threads); threads otherwise (the compiled kernels release
    the GIL). A failure in a worker is reproduced in this process, so the error raised
    is the one the series gives.
    """
    global _SHARED
    workers = min(os.cpu_count() or 1, rows.shape[0])
    bounds = [(i, min(i + _TASK_ROWS, rows.shape[0])) for i in range(0, rows.shape[0], _TASK_ROWS)]
    shared = (rows, index, kwargs)
    task = partial(_rows_task, shared=shared)
    ctx = fork_context(single_thread=True) if workers > 1 else None
    if ctx is not None:
        _SHARED = shared  # inherited by the forked workers: no data is pickled
        try:
            with ctx.Pool(workers) as pool:
                return np.concatenate(pool.map(_rows_task, bounds, chunksize=1))
        except Exception:  # e.g. a series' own error: raised again below, in this process
            pass
        finally:
            _SHARED = None
    if workers <= 1:
        return np.concatenate([task(b) for b in bounds])
    with ThreadPoolExecutor(workers) as ex:
        return np.concatenate(list(ex.map(task, bounds)))


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
        coordinates) and ``strength``. Computes dask arrays.

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
    arr = np.moveaxis(np.asarray(mask.values), mask.dims.index(dim), -1)
    hits = np.argwhere(~np.isnan(arr))
    frame = pd.DataFrame()
    for k, d in enumerate(other):
        coord = mask[d].values if d in mask.coords else np.arange(mask.sizes[d])
        frame[d] = coord[hits[:, k]] if hits.size else coord[:0]
    frame["index"] = hits[:, -1].astype(np.int64) if hits.size else np.zeros(0, np.int64)
    if dim in mask.coords and np.issubdtype(mask[dim].dtype, np.datetime64):
        frame["date"] = pd.DatetimeIndex(mask[dim].values[frame["index"].to_numpy()])
    frame["strength"] = arr[tuple(hits.T)] if hits.size else np.zeros(0)
    return frame
