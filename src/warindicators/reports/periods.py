"""Report periods: calendar months ``YYYY-MM`` and ISO weeks ``YYYY-Www``.

A :class:`Period` is parsed strictly (so it is safe as a folder name), knows its first and
last day, its neighbours, and can be enumerated over a range.

Examples
--------
>>> p = Period.parse("2026-01")
>>> p.start.date(), p.end.date(), str(p.previous())
(datetime.date(2026, 1, 1), datetime.date(2026, 1, 31), '2025-12')
>>> [str(w) for w in period_range("2025-W52", "2026-W02")]
['2025-W52', '2026-W01', '2026-W02']
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import pandas as pd

from ..errors import ReportError

__all__ = [
    "Cadence",
    "Period",
    "latest_period",
    "parse_period",
    "period_label",
    "period_range",
]

Cadence = Literal["monthly", "weekly"]
_MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")
_WEEK_RE = re.compile(r"^(\d{4})-W(\d{2})$")


@dataclass(frozen=True, order=True)
class Period:
    """One report period: a calendar month or an ISO week.

    Parameters
    ----------
    cadence
        ``"monthly"`` or ``"weekly"``.
    year
        Calendar year (ISO year for weeks).
    number
        Month 1-12 or ISO week 1-53.

    Examples
    --------
    >>> week = Period.parse("2026-W05")
    >>> week, str(week)
    (Period(cadence='weekly', year=2026, number=5), '2026-W05')
    >>> week.start.date(), week.end.date()
    (datetime.date(2026, 1, 26), datetime.date(2026, 2, 1))
    >>> str(Period("monthly", 2026, 3)), Period.parse("2026-01") < Period.parse("2026-02")
    ('2026-03', True)
    """

    cadence: Cadence
    year: int
    number: int

    @classmethod
    def parse(cls, text: str, cadence: Cadence | None = None) -> Period:
        """Parse ``YYYY-MM`` or ``YYYY-Www``; anything else raises :class:`ReportError`.

        Examples
        --------
        >>> Period.parse("2024-W09").start.date()
        datetime.date(2024, 2, 26)
        >>> Period.parse("../../x")
        Traceback (most recent call last):
        ...
        warindicators.errors.ReportError: period: expected YYYY-MM or YYYY-Www, got '../../x'
        """
        if not isinstance(text, str):
            raise ReportError(f"period: expected a string YYYY-MM or YYYY-Www, got {text!r}")
        m = _MONTH_RE.match(text)
        w = _WEEK_RE.match(text)
        if m:
            year, num, kind = int(m.group(1)), int(m.group(2)), "monthly"
            if not 1 <= num <= 12:
                raise ReportError(f"period: month must be 01-12, got {text!r}")
        elif w:
            year, num, kind = int(w.group(1)), int(w.group(2)), "weekly"
            try:
                dt.date.fromisocalendar(year, num, 1)
            except ValueError:
                raise ReportError(f"period: {text!r} is not an ISO week of {year}") from None
        else:
            raise ReportError(f"period: expected YYYY-MM or YYYY-Www, got {text!r}")
        if year < 1900:
            raise ReportError(f"period: year {year} is out of range in {text!r}")
        if cadence is not None and cadence != kind:
            raise ReportError(f"period: {text!r} is {kind} but a {cadence} period was expected")
        return cls(kind, year, num)  # type: ignore[arg-type]

    def __str__(self) -> str:
        if self.cadence == "monthly":
            return f"{self.year:04d}-{self.number:02d}"
        return f"{self.year:04d}-W{self.number:02d}"

    @property
    def start(self) -> pd.Timestamp:
        """First day of the period (midnight)."""
        if self.cadence == "monthly":
            return pd.Timestamp(self.year, self.number, 1)
        return pd.Timestamp(dt.date.fromisocalendar(self.year, self.number, 1))

    @property
    def end(self) -> pd.Timestamp:
        """Last day of the period (midnight of that day)."""
        if self.cadence == "monthly":
            return self.start + pd.offsets.MonthEnd(0)
        return self.start + pd.Timedelta(days=6)

    def contains(self, when: pd.Timestamp) -> bool:
        """Whether the day ``when`` falls within the period."""
        day = pd.Timestamp(when).normalize()
        return bool(self.start <= day <= self.end)

    def shift(self, n: int) -> Period:
        """The period ``n`` steps later (earlier when negative).

        Examples
        --------
        >>> str(Period.parse("2026-01").shift(-12)), str(Period.parse("2026-W01").shift(-1))
        ('2025-01', '2025-W52')
        """
        if self.cadence == "monthly":
            idx = self.year * 12 + self.number - 1 + n
            return Period("monthly", idx // 12, idx % 12 + 1)
        day = self.start + pd.Timedelta(weeks=n)
        iso = day.isocalendar()
        return Period("weekly", int(iso[0]), int(iso[1]))

    def previous(self) -> Period:
        """The period just before."""
        return self.shift(-1)

    def year_earlier(self) -> Period:
        """The same period one year earlier (the same ISO week number, or 52 weeks back)."""
        if self.cadence == "monthly":
            return self.shift(-12)
        return self.shift(-52)

    @classmethod
    def containing(cls, when: pd.Timestamp | str, cadence: Cadence) -> Period:
        """The period of ``cadence`` containing the day ``when``."""
        day = pd.Timestamp(when)
        if cadence == "monthly":
            return cls("monthly", day.year, day.month)
        iso = day.isocalendar()
        return cls("weekly", int(iso[0]), int(iso[1]))


def period_label(p: pd.Period) -> str:
    """A pandas period written as report periods are: ``YYYY-Www`` (ISO week) for weekly
    periods, pandas' own form (``YYYY-MM``) otherwise.

    Examples
    --------
    >>> period_label(pd.Period("2026-02-02", freq="W-SUN")), period_label(pd.Period("2026-01", "M"))
    ('2026-W06', '2026-01')
    >>> period_label(pd.Period("2024-12-30", freq="W-SUN"))  # ISO year differs from the date's
    '2025-W01'
    """
    if p.freqstr.startswith("W"):
        year, week, _ = p.start_time.isocalendar()
        return f"{year}-W{week:02d}"
    return str(p)


def parse_period(text: str | Period, cadence: Cadence | None = None) -> Period:
    """:meth:`Period.parse`, passing a :class:`Period` through (checking its cadence).

    Parameters
    ----------
    text
        ``YYYY-MM``, ``YYYY-Www`` or a :class:`Period`.
    cadence
        ``"monthly"`` or ``"weekly"`` to require; None accepts either.

    Returns
    -------
    Period

    Raises
    ------
    ReportError
        On malformed text or a period of the other cadence.

    Examples
    --------
    >>> parse_period("2026-03")
    Period(cadence='monthly', year=2026, number=3)
    >>> p = Period.parse("2026-W10")
    >>> parse_period(p) is p
    True
    >>> parse_period(p, "monthly")
    Traceback (most recent call last):
    ...
    warindicators.errors.ReportError: period: 2026-W10 is weekly but monthly was expected
    """
    if isinstance(text, Period):
        if cadence is not None and text.cadence != cadence:
            raise ReportError(f"period: {text} is {text.cadence} but {cadence} was expected")
        return text
    return Period.parse(text, cadence)


def period_range(since: str | Period, until: str | Period) -> list[Period]:
    """Every period from ``since`` to ``until`` inclusive (same cadence).

    Parameters
    ----------
    since, until
        First and last period (``YYYY-MM``, ``YYYY-Www`` or :class:`Period`); ``until``
        must have the cadence of ``since`` and not be before it.

    Returns
    -------
    list of Period
        In order, both ends included.

    Raises
    ------
    ReportError
        On malformed periods, mixed cadences or ``until`` before ``since``.

    Examples
    --------
    >>> [str(p) for p in period_range("2025-11", "2026-02")]
    ['2025-11', '2025-12', '2026-01', '2026-02']
    >>> period_range("2026-02", "2026-01")
    Traceback (most recent call last):
    ...
    warindicators.errors.ReportError: period range: --until 2026-01 is before --since 2026-02
    """
    a = parse_period(since)
    b = parse_period(until, a.cadence)
    if b < a:
        raise ReportError(f"period range: --until {b} is before --since {a}")
    return list(_iterate(a, b))


def _iterate(a: Period, b: Period) -> Iterator[Period]:
    p = a
    while p <= b:
        yield p
        p = p.shift(1)


def latest_period(cadence: Cadence, data_dir: str | Path | None = None) -> Period:
    """The period containing the newest observation that is not provisional.

    A producer's provisional figure for a period still under way (status ``P``, e.g. a
    list snapshot in the middle of a month) does not make that period the latest on its
    own: a report for it would show every other series as stale. When every observation
    is provisional, the newest one decides.

    Examples
    --------
    >>> str(latest_period("monthly"))  # OFAC's provisional 2026-08 count does not count
    '2026-07'
    """
    from ..store import load_frame

    frame = load_frame(data_dir=data_dir)
    if frame.empty:
        raise ReportError("period latest: the data holds no observations")
    if "status" in frame.columns:
        final = frame[frame["status"].fillna("A") != "P"]
        frame = final if not final.empty else frame
    return Period.containing(pd.Timestamp(frame["date"].max()), cadence)
