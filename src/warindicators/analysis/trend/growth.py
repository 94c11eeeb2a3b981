"""Growth rates that respect what an indicator measures.

* ``stock`` / ``rate`` (levels): percent change of the level.
* ``flow`` / ``count`` (per-period amounts): percent change of the period totals.
* ``cumulative`` (running totals): first turned into per-period amounts by differencing,
  then treated as a flow (the growth of the running total itself mostly reflects its
  size, not the pace of events).
* ``share`` (percent of a whole): change in percentage points, not percent.

``kind="pop"`` compares each period with the previous one; ``kind="yoy"`` with the same
period one year earlier (the same date a calendar year before; 52 weeks before for weekly
data; ``periods_per_year`` steps back for data without dates). With ``freq`` the series is first aggregated to that
frequency by its measure (flows and counts summed, levels and running totals last value,
shares and rates averaged), which is what a period-on-period comparison of flows needs.
"""

from __future__ import annotations

from typing import Any, Literal

import numpy as np
import pandas as pd

from ...errors import ValidationError
from .._inputs import as_1d
from ._prepare import metadata
from ._time import time_axis

__all__ = ["GROWTH_KINDS", "growth"]

GROWTH_KINDS = ("pop", "yoy")
_AGG = {
    "flow": "sum",
    "count": "sum",
    "stock": "last",
    "cumulative": "last",
    "share": "mean",
    "rate": "mean",
}


def _aggregate(series: pd.Series, measure: str, freq: str) -> pd.Series:
    if not isinstance(series.index, pd.DatetimeIndex):
        raise ValidationError("freq: aggregating needs a date index")
    resampled = series.resample(freq)
    if _AGG[measure] == "sum":
        return resampled.sum(min_count=1)
    return resampled.last() if _AGG[measure] == "last" else resampled.mean()


def growth(
    x: Any,
    kind: Literal["pop", "yoy"] = "pop",
    *,
    measure: str | None = None,
    freq: str | None = None,
    periods_per_year: int | None = None,
) -> pd.Series:
    """Period-on-period or year-on-year growth, by the indicator's measure.

    Parameters
    ----------
    x
        An ``IndicatorSeries``, :class:`pandas.Series` (``attrs["measure"]`` read when
        present), 1-D array or list.
    kind
        ``"pop"`` (vs the previous period) or ``"yoy"`` (vs a year earlier).
    measure
        Overrides the measure found on ``x``; ``"stock"`` (levels) when neither is known.
    freq
        Aggregate to this pandas frequency (``"ME"``, ``"W"``...) first.
    periods_per_year
        Periods in a year for ``"yoy"`` on data without dates (12 for monthly steps);
        with dates it is not needed.

    Returns
    -------
    pandas.Series
        Percent change (``attrs["units"] == "%"``), or change in percentage points for
        shares (``"percentage points"``). Undefined values (first period, a zero base)
        are NaN.

    Examples
    --------
    >>> s = pd.Series([100.0, 110.0, 99.0], index=pd.date_range("2024-01-31", periods=3,
    ...               freq="ME"), name="v")
    >>> growth(s).round(1).tolist()
    [nan, 10.0, -10.0]
    >>> growth(s, measure="share").tolist()
    [nan, 10.0, -11.0]
    >>> growth(pd.Series([0.0, 10.0, 30.0, 60.0]), measure="cumulative").tolist()
    [nan, nan, 100.0, 50.0]
    """
    if kind not in GROWTH_KINDS:
        raise ValidationError(f"kind: expected one of {GROWTH_KINDS}, got {kind!r}")
    values, index, attrs = as_1d(x, name="x")
    _, found, frequency, name = metadata(x, attrs)
    measure = measure or found or "stock"
    if measure not in _AGG:
        raise ValidationError(f"measure: expected one of {tuple(_AGG)}, got {measure!r}")
    series = pd.Series(values, index=index if index is not None else pd.RangeIndex(values.size))
    if freq is not None:
        series = _aggregate(series, measure, freq)
    if measure == "cumulative":
        series = series.diff()
    dated = isinstance(series.index, pd.DatetimeIndex)
    if kind == "pop":
        base = series.shift(1)
    elif dated:
        weekly = time_axis(series.index, series.size, frequency).per == "week"
        back = pd.Timedelta(weeks=52) if weekly else pd.DateOffset(years=1)
        base = series.reindex(series.index - back)
        base.index = series.index
    else:
        if periods_per_year is None:
            ppy = time_axis(None, series.size, frequency).periods_per_year
            if ppy is None:
                raise ValidationError(
                    "periods_per_year: needed for kind='yoy' on data without dates"
                )
        else:
            ppy = periods_per_year
        base = series.shift(int(ppy))
    if measure == "share":
        out = series - base
        unit = "percentage points"
    else:
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = series.to_numpy(dtype=float) / base.to_numpy(dtype=float)
        out = pd.Series((ratio - 1.0) * 100.0, index=series.index)
        out[~np.isfinite(out.to_numpy())] = np.nan
        unit = "%"
    out.name = f"{name or 'x'}_growth_{kind}"
    out.attrs = {"units": unit, "kind": kind, "measure": measure}
    return out
