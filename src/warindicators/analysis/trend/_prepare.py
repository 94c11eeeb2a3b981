"""Turn any supported input into values, time positions (in periods) and metadata."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ...errors import ValidationError
from .._inputs import as_1d
from ._time import time_axis

__all__ = ["Prepared", "increments", "metadata", "prepare"]


@dataclass(frozen=True)
class Prepared:
    """Values (NaNs kept), dates, time positions and metadata of one series."""

    values: np.ndarray
    index: pd.Index | None
    t: np.ndarray
    per: str
    periods_per_year: float | None
    unit: str | None
    measure: str | None
    frequency: str | None
    name: str | None
    quantity: str = "values"


def metadata(
    x: Any, attrs: dict[str, Any]
) -> tuple[str | None, str | None, str | None, str | None]:
    """``(unit, measure, frequency, name)`` from an IndicatorSeries' indicator or attrs.

    Examples
    --------
    >>> metadata(None, {"units": "km2", "measure": "stock"})
    ('km2', 'stock', None, None)
    """
    indicator = getattr(x, "indicator", None) or attrs.get("indicator")
    unit = attrs.get("units") or attrs.get("unit")
    measure = attrs.get("measure")
    frequency = attrs.get("frequency")
    name = attrs.get("long_name") or attrs.get("name")
    if indicator is not None and not isinstance(indicator, str):
        unit = unit or getattr(indicator, "unit", None)
        measure = measure or getattr(indicator, "measure", None)
        frequency = frequency or getattr(indicator, "frequency", None)
        name = name or getattr(indicator, "id", None)
    elif isinstance(indicator, str):
        name = name or indicator
    return (
        None if unit is None else str(unit),
        None if measure is None else str(measure),
        None if frequency is None else str(frequency),
        None if name is None else str(name),
    )


def increments(
    values: np.ndarray, index: pd.Index | None, t: np.ndarray
) -> tuple[np.ndarray, pd.Index | None, np.ndarray]:
    """Increments per period of a cumulative series, placed at the middle of each interval.

    Missing values are dropped first, so an increment spans the gap between two observed
    totals (irregular dates included): ``(x_k - x_{k-1}) / (t_k - t_{k-1})`` is the mean
    rate over the interval, an unbiased value of the rate at its midpoint. Downward
    corrections of the total stay visible as negative increments.

    Examples
    --------
    >>> v, _, t = increments(np.array([0.0, 10, np.nan, 40]), None, np.arange(4.0))
    >>> v.tolist(), t.tolist()
    ([10.0, 15.0], [0.5, 2.0])
    """
    keep = ~np.isnan(values)
    x, tk = values[keep], t[keep]
    rate = np.diff(x) / np.diff(tk)
    mid = (tk[1:] + tk[:-1]) / 2.0
    new_index = None
    if isinstance(index, pd.DatetimeIndex):
        dates = index[keep]
        new_index = pd.DatetimeIndex(dates[:-1] + (dates[1:] - dates[:-1]) / 2, name=index.name)
    return rate, new_index, mid


def prepare(x: Any, *, name: str = "x", min_points: int = 4) -> Prepared:
    """Coerce ``x`` and compute its time axis; fewer than ``min_points`` values raise.

    A :class:`pandas.PeriodIndex` is replaced by the periods' last days. A cumulative
    series (measure ``"cumulative"`` in its indicator or attrs) becomes its increments per
    period (:func:`increments`): a running total is analysed through its rate, never its
    level, and its unit becomes ``"<unit> per <period>"``.

    Examples
    --------
    >>> p = prepare([1.0, float("nan"), 3.0, 4.0, 5.0])
    >>> p.t.tolist(), p.per
    ([0.0, 1.0, 2.0, 3.0, 4.0], 'step')
    """
    values, index, attrs = as_1d(x, name=name)
    if isinstance(index, pd.PeriodIndex):  # periods are labelled by their last day
        index = index.to_timestamp(how="end").normalize()
    unit, measure, frequency, label = metadata(x, attrs)
    axis = time_axis(index, values.size, frequency)
    t = axis.t
    quantity = "values"
    if measure == "cumulative":
        values, index, t = increments(values, index, t)
        unit = f"{unit or 'units'} per {axis.per}"
        quantity = "increments"
    n_ok = int(np.count_nonzero(~np.isnan(values)))
    if n_ok < min_points:
        what = "increments of the cumulative total" if quantity == "increments" else "values"
        raise ValidationError(
            f"{name}: expected at least {min_points} non-missing {what} for a trend, got {n_ok}"
        )
    return Prepared(
        values,
        index,
        t,
        axis.per,
        axis.periods_per_year,
        unit,
        measure,
        frequency,
        label,
        quantity,
    )
