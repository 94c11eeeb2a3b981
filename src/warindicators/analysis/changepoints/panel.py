"""Changepoints for every series of an :class:`xarray.DataArray` (dask-capable)."""

from __future__ import annotations

import os
from typing import Any

import numpy as np
import pandas as pd

from ...errors import ValidationError

__all__ = ["PARALLEL_MIN_SIZE", "changepoint_mask", "changepoints_panel"]

#: numpy-backed arrays with at least this many values are processed in parallel chunks.
PARALLEL_MIN_SIZE = 100_000


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

    Runs :func:`~.api.changepoints` along ``dim`` for every other coordinate through
    :func:`xarray.apply_ufunc` (``dask="parallelized"``); ``dim`` is rechunked to a
    single chunk. Datetime coordinates along ``dim`` are passed on with each series (the
    default pipeline takes its seasonal period from them, as for a dated pandas Series).
    Series that are entirely missing give no changepoint. Dask input stays
    lazy; large numpy input is split into chunks that run on dask's thread pool (the
    compiled kernels release the GIL) and the result is returned computed.

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
    lazy = da.chunks is not None
    if lazy:
        da = da.chunk({dim: -1})
    elif da.ndim > 1 and da.size >= PARALLEL_MIN_SIZE:
        # numpy input: split the other dimensions so the (GIL-free) kernels run on
        # dask's threads, then compute eagerly below
        other = [d for d in da.dims if d != dim]
        n_chunks = max(os.cpu_count() or 1, 1) * 2
        da = da.chunk({other[0]: max(1, -(-da.sizes[other[0]] // n_chunks)), dim: -1})
    coord = da[dim] if dim in da.coords else None
    if coord is not None and np.issubdtype(coord.dtype, np.datetime64):
        kwargs = {**kwargs, "index": pd.DatetimeIndex(coord.values)}
    out = xr.apply_ufunc(
        _mask_1d,
        da.astype("float64"),
        input_core_dims=[[dim]],
        output_core_dims=[[dim]],
        vectorize=True,
        dask="parallelized",
        output_dtypes=[np.float64],
        kwargs=kwargs,
    )
    if not lazy and out.chunks is not None:
        out = out.compute()
    return out


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
