"""The statistics of one report series: what is analysed, trend, changepoints, their notes.

Rules (see the report's methods section):

* The analysis series is the data at the report's period, or at the series' own finer
  frequency (daily or weekly data in a monthly report), so that the report period holds
  enough observations for a changepoint inside it to be found.
* A running total (measure ``cumulative``), regular or irregular, is analysed as its
  increments per period (the change between two observations divided by the time between
  them, in periods), never as its level.
* A period the data cover only in part is left out of the analysis series (it is drawn,
  marked *partial*, but not compared with complete periods).
* The trend is :func:`warindicators.trend` with its defaults, the changepoints
  :func:`warindicators.changepoints` with its defaults. Warnings they raise are recorded
  as notes, and an error in one series becomes a note too: the other series go on.

Examples
--------
>>> import pandas as pd
>>> s = pd.Series([10.0, 12.0, 20.0], index=pd.to_datetime(["2024-01-31", "2024-02-29",
...                                                          "2024-04-30"]))
>>> increments(s, "M").tolist()
[2.0, 4.0]
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

__all__ = [
    "CpSummary",
    "Notes",
    "TrendSummary",
    "changepoint_summary",
    "increments",
    "match_changepoints",
    "trend_method_description",
    "trend_summary",
]

Notes = list[tuple[str, str]]  # (kind, message): kind "error", "warning" or "info"

_PER = {"M": "month", "Q": "quarter", "Y": "year", "W": "week", "D": "day"}


def per_word(freq: str) -> str:
    """``month`` for a monthly pandas frequency string, ``week`` for weekly, and so on."""
    return _PER.get(str(freq)[:1], "period")


def _position(dates: pd.DatetimeIndex, freq: str) -> np.ndarray:
    """Position of each day's end on a scale of periods of ``freq`` (a period's last day
    ends at its ordinal + 1)."""
    per = dates.to_period(freq)
    start = per.start_time
    length = (per.end_time.normalize() - start).days + 1
    elapsed = (dates.normalize() - start).days + 1
    return np.asarray(per.asi8, dtype="float64") + np.asarray(elapsed / length, dtype="float64")


def increments(levels: pd.Series, freq: str) -> pd.Series:
    """Increments per period of ``freq`` of a running total observed on the dates of
    ``levels``, regular or irregular.

    For each period, the increase over the intervals between consecutive observations
    ending in it, divided by the length of those intervals in periods (month ends one
    month apart: the plain difference; observations a quarter apart: a third of the
    difference per month). Dated by the period of the later observation.

    Examples
    --------
    >>> s = pd.Series([0.0, 30.0, 90.0], index=pd.to_datetime(["2025-01-31", "2025-02-28",
    ...                                                         "2025-05-31"]))
    >>> increments(s, "M").tolist()
    [30.0, 20.0]
    """
    s = levels.dropna()
    s = s[~s.index.duplicated(keep="last")].sort_index()
    if len(s) < 2:
        return pd.Series(dtype="float64", index=pd.PeriodIndex([], freq=freq))
    idx = pd.DatetimeIndex(s.index)
    pos = _position(idx, freq)
    dv = np.diff(s.to_numpy(dtype="float64"))
    dp = np.diff(pos)
    per = idx[1:].to_period(freq)
    frame = pd.DataFrame({"dv": dv, "dp": dp}, index=per)
    g = frame.groupby(level=0).sum()
    out = (g["dv"] / g["dp"]).astype("float64")
    out.index = pd.PeriodIndex(out.index, freq=freq)
    return out.rename(levels.name)


def _dated(x: pd.Series) -> pd.Series:
    """A period-indexed series as the analysis functions take it (period-end dates)."""
    return pd.Series(x.to_numpy(dtype="float64"), index=x.index.to_timestamp(how="end").normalize())


def _record(notes: Notes, caught: list[warnings.WarningMessage], what: str) -> None:
    for w in caught:
        msg = f"{what}: {w.category.__name__}: {w.message}"
        if ("warning", msg) not in notes:
            notes.append(("warning", msg))


def trend_method_description() -> str:
    """The default trend method as the library describes it (name and reference).

    Examples
    --------
    >>> len(trend_method_description()) > 10
    True
    """
    from ..analysis import trend as mod

    for name in ("DEFAULT_METHOD_DESCRIPTION", "METHOD_DESCRIPTION", "DEFAULT_DESCRIPTION"):
        text = getattr(mod, name, None)
        if isinstance(text, str) and text:
            return text
    from ..analysis.trend import trend

    return str(trend(pd.Series(np.arange(8.0))).method)


@dataclass(frozen=True)
class TrendSummary:
    """The default trend's verdict over the look-back window."""

    direction: str
    slope: float
    slope_low: float
    slope_high: float
    p_value: float
    per: str
    method: str
    n: int


def trend_summary(stats: pd.Series, notes: Notes, *, min_n: int = 4) -> TrendSummary | None:
    """``wi.trend`` with its defaults on ``stats`` (period index), or None with a note."""
    x = stats.dropna()
    if len(x) < min_n:
        notes.append(("info", f"trend: {len(x)} value(s) in the look-back window ({min_n} needed)"))
        return None
    from ..analysis.trend import trend

    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            r = trend(_dated(x))
    except Exception as exc:
        notes.append(("error", f"trend failed: {type(exc).__name__}: {exc}"))
        return None
    _record(notes, caught, "trend")
    return TrendSummary(
        str(r.direction),
        float(r.slope),
        float(r.slope_low),
        float(r.slope_high),
        float(r.p_value),
        per_word(str(stats.index.freqstr)),
        trend_method_description() or str(r.method),
        len(x),
    )


@dataclass
class CpSummary:
    """Changepoints of the analysis series, with the model fitted in each segment."""

    dates: list[pd.Timestamp]
    fitted: pd.Series  # fitted model at each analysed observation (period index)
    segment: pd.Series  # segment number of each analysed observation
    model: str  # "mean", "meanvar", "linear", "quadratic", ...
    min_size: int
    before: list[pd.Timestamp] = field(default_factory=list)  # previous report's


def _detect(x: pd.Series, notes: Notes, what: str) -> Any:
    from ..analysis.changepoints import changepoints

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        r = changepoints(_dated(x))
    _record(notes, caught, what)
    return r


def changepoint_summary(
    stats: pd.Series, previous_end: pd.Timestamp, notes: Notes, *, min_n: int = 8
) -> CpSummary | None:
    """``wi.changepoints`` with its defaults on the whole analysed history, and on the
    history up to ``previous_end`` (what the previous report saw)."""
    x = stats.dropna()
    if len(x) < min_n:
        notes.append(("info", f"changepoints: {len(x)} value(s) ({min_n} needed)"))
        return None
    try:
        r = _detect(x, notes, "changepoints")
    except Exception as exc:
        notes.append(("error", f"changepoints failed: {type(exc).__name__}: {exc}"))
        return None
    idx = [int(i) for i in r.indices]
    starts = x.index.start_time
    seg = np.zeros(len(x), dtype="int64")
    for i in idx:
        seg[i:] += 1
    out = CpSummary(
        [pd.Timestamp(starts[i]) for i in idx],
        pd.Series(np.asarray(r.fitted(), dtype="float64"), index=x.index),
        pd.Series(seg, index=x.index),
        str(r.cost),
        int(getattr(r, "min_size", 1) or 1),
    )
    prior = x[x.index.end_time <= previous_end]
    if len(prior) >= min_n:
        try:
            b = _detect(prior, notes, "changepoints (previous report)")
            out.before = [pd.Timestamp(prior.index.start_time[int(i)]) for i in b.indices]
        except Exception as exc:
            notes.append(("error", f"changepoints of the previous report failed: {exc}"))
    return out


def match_changepoints(
    current: list[pd.Period], before: list[pd.Period], tolerance: int = 2
) -> list[tuple[str, pd.Period | None, pd.Period | None]]:
    """Compare this report's changepoints with the previous report's, in report periods.

    A current changepoint within ``tolerance`` periods of a previous one is the same
    change, ``"moved"`` (or ``"unchanged"`` at the same period); one with no previous
    changepoint near it is ``"new"``; a previous one left unmatched is ``"gone"``. Each
    previous changepoint matches at most one current one (nearest first).

    Returns
    -------
    list of (status, current, previous)

    Examples
    --------
    >>> P = lambda s: pd.Period(s, "M")
    >>> match_changepoints([P("2025-03"), P("2025-09")], [P("2025-02")])
    [('moved', Period('2025-03', 'M'), Period('2025-02', 'M')), ('new', Period('2025-09', 'M'), None)]
    >>> match_changepoints([], [P("2025-02")])
    [('gone', None, Period('2025-02', 'M'))]
    """
    free = list(before)
    out: list[tuple[str, pd.Period | None, pd.Period | None]] = []
    pairs = sorted(
        ((abs((c - p).n), i, j) for i, c in enumerate(current) for j, p in enumerate(before)),
        key=lambda t: t[0],
    )
    got: dict[int, int] = {}
    used: set[int] = set()
    for d, i, j in pairs:
        if d <= tolerance and i not in got and j not in used:
            got[i] = j
            used.add(j)
    for i, c in enumerate(current):
        if i in got:
            p = before[got[i]]
            out.append(("unchanged" if p == c else "moved", c, p))
        else:
            out.append(("new", c, None))
    out += [("gone", None, p) for j, p in enumerate(free) if j not in used]
    return out
