"""Trends of every series of an :class:`xarray.DataArray` panel along its time dimension.

Mann–Kendall (the default, with its AR(1) correction) is vectorised across series: one
selection pass of Theil–Sen order statistics over all rows (numpy for panels of up to
:data:`~._pairs.DIRECT_MAX_SLOPES` pairwise slopes, the compiled selection above), array
arithmetic for the test and the correction; the other methods loop over rows. The work runs through
:func:`xarray.apply_ufunc` with ``dask="parallelized"``, so a dask-backed panel is
processed chunk by chunk (the time dimension is rechunked into a single chunk).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd
import xarray as xr

from ...errors import ValidationError
from ._prepare import Prepared
from ._time import time_axis
from .mann_kendall import MIN_POINTS, mann_kendall_rows

__all__ = ["PANEL_FIELDS", "trend_panel"]

#: Variables of the Dataset returned by :func:`trend_panel` (besides ``direction``).
PANEL_FIELDS = ("slope", "slope_low", "slope_high", "p_value", "z", "intercept", "n")


def _rows(
    block: np.ndarray, t: np.ndarray, *, per: str, method: str, options: dict[str, Any]
) -> np.ndarray:
    """Apply the method to every row of ``block`` (shape ``(..., n)``).

    ``t`` (the time axis in units of ``per``) is an input array, one dask key shared by
    every block, rather than an argument copied into each task: a worker keeps every
    task's arguments until the computation ends.
    """
    from .api import fit_prepared, resolve_autocorrelation

    t = np.asarray(t, dtype=np.float64).reshape(-1, block.shape[-1])[0]
    shape = block.shape[:-1]
    values = np.asarray(block, dtype=np.float64).reshape(-1, block.shape[-1])
    if np.isinf(values).any():
        raise ValidationError("x: expected finite values, found infinity in the panel")
    out = np.full((values.shape[0], len(PANEL_FIELDS)), np.nan)
    if method == "mann_kendall":
        res = mann_kendall_rows(
            t,
            values,
            alpha=options["alpha"],
            autocorrelation=resolve_autocorrelation(method, options["autocorrelation"]),
            lag=options["lag"],
        )
        for k, name in enumerate(PANEL_FIELDS):
            out[:, k] = res[name]
    else:
        for r in range(values.shape[0]):
            n_ok = int(np.count_nonzero(~np.isnan(values[r])))
            out[r, -1] = n_ok
            if n_ok < MIN_POINTS:
                continue
            prepared = Prepared(values[r], None, t, per, None, None, None, None, None)
            try:
                fit = fit_prepared(prepared, method, **options)
            except ValidationError:  # e.g. too short for STL: leave this series NaN
                continue
            out[r] = [
                fit.slope,
                fit.slope_low,
                fit.slope_high,
                fit.p_value,
                fit.statistics.get("z", np.nan),
                np.nan if fit.intercept is None else fit.intercept,
                fit.n,
            ]
    return out.reshape(*shape, len(PANEL_FIELDS))


def _gathered(stats: xr.DataArray) -> xr.DataArray:
    """Lazy statistics rechunked so that each chunk gathers about ``GATHER_BLOCKS`` of the
    input's blocks of series (see :data:`~..changepoints.panel.GATHER_BLOCKS`).

    A block's statistics are a few numbers per series, but every output chunk of every
    variable is a result a worker holds, with its bookkeeping, until the client collects
    it; gathering them keeps that to a few per worker instead of several per block.
    """
    from ..changepoints.panel import GATHER_BLOCKS, _series_chunks

    other = [d for d in stats.dims if d != "statistic"]
    assert stats.chunks is not None
    per_block = math.prod(
        max(c) for d, c in zip(stats.dims, stats.chunks, strict=True) if d in other
    )
    target = _series_chunks(dict(stats.sizes), "statistic", per_block * GATHER_BLOCKS)
    return stats.chunk(target)


def trend_panel(
    da: xr.DataArray,
    method: str = "mann_kendall",
    *,
    dim: str = "time",
    alpha: float = 0.05,
    autocorrelation: str | None = "auto",
    lag: int | None = None,
    maxlags: int | None = None,
    period: int | None = None,
    robust: bool = True,
    test: str = "mann_kendall",
) -> xr.Dataset:
    """Trend of every series of ``da`` along ``dim``, vectorised over the other dims.

    Parameters are those of :func:`~warindicators.analysis.trend.trend`. Series with
    fewer than 4 values (or too short for STL) get NaN and ``"no trend"``. A cumulative
    panel (``attrs["measure"] == "cumulative"``) is analysed through its increments per
    period between consecutive time steps, placed at the middle of each step (an increment
    next to a missing total is missing).

    Returns
    -------
    xarray.Dataset
        Over the non-``dim`` dimensions: ``slope``, ``slope_low``, ``slope_high``,
        ``p_value``, ``z``, ``intercept``, ``n`` (floats) and ``direction`` (strings).
        ``attrs`` hold ``method``, ``autocorrelation``, ``quantity`` (``"values"`` or
        ``"increments"``), ``alpha``, ``per`` and ``units`` of the slope. Use
        ``.to_dataframe()`` for a table.

    Examples
    --------
    >>> import numpy as np, pandas as pd, xarray as xr
    >>> time = pd.date_range("2024-01-01", periods=30, name="time")
    >>> rng = np.random.default_rng(0)
    >>> data = np.stack([0.5 * np.arange(30), -np.arange(30.0)]) + rng.normal(size=(2, 30))
    >>> da = xr.DataArray(data, dims=("region", "time"),
    ...                   coords={"region": ["UA", "RU"], "time": time},
    ...                   attrs={"units": "km2"})
    >>> ds = trend_panel(da)
    >>> ds["direction"].values.tolist(), ds.attrs["units"]
    (['increasing', 'decreasing'], 'km2 per day')
    """
    from .api import check_options, resolve_autocorrelation

    check_options(method, alpha, autocorrelation)
    inner = test if method == "stl" else method
    used = resolve_autocorrelation(inner, autocorrelation)
    if not isinstance(da, xr.DataArray):
        raise ValidationError(f"x: expected an xarray.DataArray, got {type(da).__name__}")
    if dim not in da.dims:
        raise ValidationError(f"dim: {dim!r} is not a dimension of x (dims: {da.dims})")
    if not (np.issubdtype(da.dtype, np.number) or da.dtype == bool) or np.issubdtype(
        da.dtype, np.complexfloating
    ):
        raise ValidationError(f"x: expected real numeric values, got dtype {da.dtype}")
    index = da.indexes[dim] if dim in da.coords else None
    if isinstance(index, pd.PeriodIndex):
        index = index.to_timestamp(how="end").normalize()
    if index is not None and not isinstance(index, pd.DatetimeIndex):
        index = None
    axis = time_axis(index, da.sizes[dim], da.attrs.get("frequency"))
    t = axis.t
    unit = da.attrs.get("units")
    quantity = "values"
    if da.attrs.get("measure") == "cumulative":
        steps = xr.DataArray(np.diff(t), dims=(dim,))
        da = da.diff(dim, label="upper").drop_vars(dim, errors="ignore") / steps
        t = (t[1:] + t[:-1]) / 2.0
        unit = f"{unit or 'units'} per {axis.per}"
        quantity = "increments"
    options: dict[str, Any] = {
        "alpha": alpha,
        "autocorrelation": autocorrelation,
        "lag": lag,
        "maxlags": maxlags,
        "period": period,
        "robust": robust,
        "test": test,
    }
    times = xr.DataArray(np.asarray(t, dtype=np.float64), dims=(dim,))
    if da.chunks is not None:
        da = da.chunk({dim: -1})
        times = times.chunk()
    stats = xr.apply_ufunc(
        _rows,
        da.astype(np.float64),
        times,
        kwargs={"per": axis.per, "method": method, "options": options},
        input_core_dims=[[dim], [dim]],
        output_core_dims=[["statistic"]],
        dask="parallelized",
        output_dtypes=[np.float64],
        dask_gufunc_kwargs={"output_sizes": {"statistic": len(PANEL_FIELDS)}},
    )
    if stats.chunks is not None:
        stats = _gathered(stats)
    ds = xr.Dataset(
        {name: stats.isel(statistic=k, drop=True) for k, name in enumerate(PANEL_FIELDS)}
    )
    significant = ds["p_value"] < alpha
    ds["direction"] = xr.where(
        significant & (ds["z"] > 0),
        "increasing",
        xr.where(significant & (ds["z"] < 0), "decreasing", "no trend"),
    )
    ds.attrs = {
        "method": method,
        "autocorrelation": "none" if used is None else used,
        "quantity": quantity,
        "alpha": alpha,
        "per": axis.per,
        "units": f"{unit} per {axis.per}" if unit else f"per {axis.per}",
    }
    for name in ("slope", "slope_low", "slope_high", "intercept"):
        ds[name].attrs["units"] = ds.attrs["units"] if name != "intercept" else (unit or "")
    return ds
