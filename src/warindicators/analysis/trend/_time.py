"""Time positions of a series in periods of its frequency, and the name of that period."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ...errors import ValidationError

__all__ = ["TimeAxis", "time_axis"]

# mean Gregorian lengths, used when a calendar frequency has to be approximated
_PERIOD_DAYS = {"day": 1.0, "week": 7.0, "month": 30.436875, "quarter": 91.310625, "year": 365.2425}
_FREQ_PERIOD = {"D": "day", "W": "week", "M": "month", "Q": "quarter", "Y": "year"}
_MONTHS = {"month": 1, "quarter": 3, "year": 12}


@dataclass(frozen=True, slots=True)
class TimeAxis:
    """Time positions ``t`` (floats, in ``per`` units from the first point) and ``per``."""

    t: np.ndarray
    per: str
    periods_per_year: float | None


def _period_of_offset(index: pd.DatetimeIndex) -> str | None:
    freq = index.freq
    if freq is None and len(index) >= 3:
        try:
            alias = pd.infer_freq(index)
        except (TypeError, ValueError):
            alias = None
        freq = pd.tseries.frequencies.to_offset(alias) if alias else None
    if freq is None or getattr(freq, "n", 1) != 1:
        return None
    name = type(freq).__name__
    if name == "Day":
        return "day"
    if name == "Week":
        return "week"
    if "Month" in name and not name.startswith("SemiMonth"):
        return "month"
    if "Quarter" in name:
        return "quarter"
    if "Year" in name:
        return "year"
    return None


def _positions(index: pd.DatetimeIndex, per: str) -> np.ndarray:
    if per in _MONTHS:
        months = index.year.to_numpy() * 12 + index.month.to_numpy() - 1
        # day within the month as a fraction keeps irregular dates ordered; month ends
        # and month starts count as whole months
        if index.is_month_end.all():
            frac = np.zeros(len(index))
        else:
            frac = (index.day.to_numpy() - 1) / index.days_in_month.to_numpy()
        pos = (months - months[0]) + frac - frac[0]
        return np.asarray(pos / _MONTHS[per], dtype=np.float64)
    days = np.asarray((index - index[0]) / pd.Timedelta(days=1), dtype=np.float64)
    return days / _PERIOD_DAYS[per]


def time_axis(index: pd.Index | None, n: int, frequency: str | None = None) -> TimeAxis:
    """Time positions of ``n`` observations in periods of the series' frequency.

    The period is, in order: the index's ``freq`` or :func:`pandas.infer_freq` (day,
    week, month, quarter, year); the indicator's declared ``frequency``; the median spacing
    snapped to the nearest of those periods (within 20 %); otherwise days. Calendar periods
    count calendar months (a month-end series advances by exactly 1 per month). A missing
    or non-date index gives positions ``0, 1, ...`` and the period ``"step"``.

    Examples
    --------
    >>> ax = time_axis(pd.date_range("2024-01-31", periods=3, freq="ME"), 3)
    >>> ax.t.tolist(), ax.per
    ([0.0, 1.0, 2.0], 'month')
    >>> time_axis(None, 3).per
    'step'
    """
    if not isinstance(index, pd.DatetimeIndex):
        return TimeAxis(np.arange(n, dtype=np.float64), "step", None)
    if index.hasnans:
        raise ValidationError("x: the date index contains missing dates (NaT)")
    if not index.is_monotonic_increasing or not index.is_unique:
        raise ValidationError("x: expected a strictly increasing date index (sorted, unique)")
    index = index.tz_localize(None) if index.tz is not None else index
    per = _period_of_offset(index)
    if per is None and frequency in _FREQ_PERIOD:
        per = _FREQ_PERIOD[frequency]
    if per is None and len(index) >= 2:
        days = np.asarray((index - index[0]) / pd.Timedelta(days=1), dtype=np.float64)
        spacing = float(np.median(np.diff(days)))
        best = min(_PERIOD_DAYS, key=lambda k: abs(np.log(spacing / _PERIOD_DAYS[k])))
        per = best if abs(spacing / _PERIOD_DAYS[best] - 1) <= 0.2 else "day"
    per = per or "day"
    return TimeAxis(_positions(index, per), per, _PERIOD_DAYS["year"] / _PERIOD_DAYS[per])
