"""Coercion of analysis inputs to a clean 1-D float array.

Every analysis function accepts an ``IndicatorSeries`` (duck-typed: anything with
``to_pandas()`` and ``indicator``), a :class:`pandas.Series`, a 1-D :class:`numpy.ndarray`,
a list or a 1-D :class:`xarray.DataArray`. :func:`as_1d` turns any of them into
``(values, index, attrs)``; :func:`drop_nan` removes missing values and remembers where the
remaining points were so that positions found on them can be mapped back.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..errors import ValidationError

__all__ = ["as_1d", "drop_nan", "is_indicator_series"]


def is_indicator_series(x: object) -> bool:
    """Return True when ``x`` looks like a ``warindicators.IndicatorSeries``.

    Examples
    --------
    >>> is_indicator_series([1.0, 2.0])
    False
    """
    return hasattr(x, "to_pandas") and hasattr(x, "indicator")


def as_1d(x: Any, *, name: str = "x") -> tuple[np.ndarray, pd.Index | None, dict[str, Any]]:
    """Coerce ``x`` to a 1-D float64 array, its index and its metadata.

    Parameters
    ----------
    x
        An ``IndicatorSeries``, :class:`pandas.Series`, 1-D array-like, list or 1-D
        :class:`xarray.DataArray`. Missing values (``None``, ``NaN``, ``pd.NA``) become NaN
        and are kept; use :func:`drop_nan` to remove them.
    name
        Parameter name used in error messages.

    Returns
    -------
    values : numpy.ndarray
        Float64 copy of the data, shape ``(n,)``.
    index : pandas.Index or None
        The series' index (a :class:`pandas.DatetimeIndex` for dated data), the
        DataArray's single coordinate, or None for bare arrays and lists.
    attrs : dict
        Metadata: ``pandas.Series.attrs`` / ``DataArray.attrs`` plus ``name``.

    Raises
    ------
    ValidationError
        If ``x`` is empty, not one-dimensional, not numeric, contains infinite values or
        contains no finite value at all.

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.Series([1, None, 3], index=pd.date_range("2024-01-01", periods=3, name="date"))
    >>> values, index, attrs = as_1d(s)
    >>> values
    array([ 1., nan,  3.])
    >>> index[0]
    Timestamp('2024-01-01 00:00:00')
    >>> as_1d([1.0, 2.0])[0]
    array([1., 2.])
    """
    index: pd.Index | None = None
    attrs: dict[str, Any] = {}
    data: Any = x
    if is_indicator_series(x):
        data = x.to_pandas()
    if isinstance(data, pd.DataFrame):
        if data.shape[1] != 1:
            raise ValidationError(
                f"{name}: expected a 1-D series, got a DataFrame with {data.shape[1]} columns"
            )
        data = data.iloc[:, 0]
    if isinstance(data, pd.Series):
        index = data.index
        attrs = dict(data.attrs)
        if data.name is not None:
            attrs.setdefault("name", data.name)
        if not (
            pd.api.types.is_numeric_dtype(data.dtype) or pd.api.types.is_bool_dtype(data.dtype)
        ):
            kind = pd.api.types.infer_dtype(data, skipna=True)
            if kind not in ("integer", "floating", "mixed-integer-float", "boolean", "empty"):
                raise ValidationError(
                    f"{name}: expected numeric values, got dtype {data.dtype} ({kind})"
                )
        data = data.astype("Float64").to_numpy(dtype="float64", na_value=np.nan)
    elif type(data).__name__ == "DataArray" and hasattr(data, "dims"):
        if data.ndim != 1:
            raise ValidationError(
                f"{name}: expected a 1-D DataArray, got dims {tuple(data.dims)}; "
                "use the panel path (dim='time') for more dimensions"
            )
        attrs = dict(data.attrs)
        if data.name is not None:
            attrs.setdefault("name", data.name)
        dim = data.dims[0]
        if dim in data.coords:
            index = data.indexes[dim]
        data = data.values
    if isinstance(data, list | tuple):
        data = [np.nan if v is None or v is pd.NA else v for v in data]
    try:
        arr = np.asarray(data)
    except (TypeError, ValueError) as err:  # ragged input
        raise ValidationError(f"{name}: expected a 1-D numeric sequence ({err})") from err
    if arr.ndim != 1:
        raise ValidationError(f"{name}: expected a 1-D sequence, got shape {arr.shape}")
    if arr.size == 0:
        raise ValidationError(f"{name}: expected at least one observation, got none")
    if arr.dtype == object:
        try:
            arr = arr.astype("float64")
        except (TypeError, ValueError) as err:
            raise ValidationError(f"{name}: expected numeric values ({err})") from err
    if not (np.issubdtype(arr.dtype, np.number) or arr.dtype == bool):
        raise ValidationError(f"{name}: expected numeric values, got dtype {arr.dtype}")
    if np.issubdtype(arr.dtype, np.complexfloating):
        raise ValidationError(f"{name}: expected real values, got complex")
    values = np.array(arr, dtype="float64", copy=True)
    if np.isinf(values).any():
        pos = int(np.flatnonzero(np.isinf(values))[0])
        raise ValidationError(f"{name}: expected finite values, found infinity at position {pos}")
    if np.isnan(values).all():
        raise ValidationError(f"{name}: expected at least one non-missing value, all are NaN")
    if index is not None and len(index) != values.size:  # pragma: no cover - defensive
        raise ValidationError(f"{name}: index length {len(index)} != data length {values.size}")
    return values, index, attrs


def drop_nan(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Drop NaNs, returning the finite values and their positions in the input.

    Examples
    --------
    >>> import numpy as np
    >>> drop_nan(np.array([1.0, np.nan, 3.0]))
    (array([1., 3.]), array([0, 2]))
    """
    keep = np.flatnonzero(~np.isnan(values))
    return values[keep], keep
