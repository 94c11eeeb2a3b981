"""Coverage of observed series: first and latest date, observations, frequency, gaps.

A series with a gap (no source covers some periods) keeps the gap: nothing here or in the
readers fills it. :func:`coverage` says how much of a span is observed, so a trend or a
table over a window can state its coverage ("29 of 54 months") instead of hiding it.
"""

from __future__ import annotations

from typing import Final

import numpy as np
import pandas as pd

from .errors import ValidationError
from .observations import dim_columns

__all__ = ["COVERAGE_COLUMNS", "coverage", "observed_frequency"]

COVERAGE_COLUMNS: Final[tuple[str, ...]] = (
    "indicator",
    "region",
    "first",
    "latest",
    "n_obs",
    "frequency",
    "n_periods",
    "covered",
    "gaps",
)
_PERIOD: Final[dict[str, str]] = {"D": "D", "W": "W-SUN", "M": "M", "Q": "Q", "Y": "Y"}


def observed_frequency(dates: pd.DatetimeIndex) -> str:
    """Frequency of the dates' grid, gaps allowed (``irregular`` when there is none).

    Unlike a spacing test, a monthly series with a missing stretch is still monthly.

    Examples
    --------
    >>> d = pd.DatetimeIndex(["2024-04-30", "2024-05-31", "2026-07-31", "2026-08-31"])
    >>> observed_frequency(d)
    'M'
    >>> observed_frequency(pd.DatetimeIndex(["2024-01-01", "2024-01-02", "2024-01-03",
    ...                                      "2024-01-08"]))
    'D'
    >>> observed_frequency(pd.DatetimeIndex(["2024-01-01", "2024-01-17"]))
    'irregular'
    """
    d = pd.DatetimeIndex(dates).sort_values().unique()
    if len(d) < 2:
        return "irregular"
    step = np.diff(d.as_unit("ns").asi8) // 86_400_000_000_000
    if (d == d.normalize()).all() and (step == 1).mean() >= 0.5:
        return "D"
    if d.is_year_end.all() and step.min() >= 365:
        return "Y"
    if d.is_quarter_end.all() and step.min() >= 89:
        return "Q"
    if d.is_month_end.all() and step.min() >= 28:
        return "M"
    if (d.day_of_week == d[0].day_of_week).all() and (step % 7 == 0).all():
        return "W"
    return "irregular"


def _gaps(periods: pd.PeriodIndex, full: pd.PeriodIndex) -> str:
    missing = full.difference(periods)
    if not len(missing):
        return ""
    runs: list[str] = []
    pos = full.get_indexer(missing)
    start = prev = int(pos[0])
    for p in [*map(int, pos[1:]), None]:
        if p is not None and p == prev + 1:
            prev = p
            continue
        a, b = full[start], full[prev]
        n = prev - start + 1
        runs.append(f"{a}" if n == 1 else f"{a}..{b} ({n})")
        if p is not None:
            start = prev = p
    return "; ".join(runs)


def coverage(frame: pd.DataFrame, start: object = None, end: object = None) -> pd.DataFrame:
    """One row per series (indicator, region, extra dimensions): span, count and gaps.

    Parameters
    ----------
    frame
        Observations in the long format (one vintage per key, e.g. from
        :func:`warindicators.load_frame`).
    start, end
        A window (e.g. the one a trend is fitted on): only observations inside count, and
        ``n_periods``, ``covered`` and ``gaps`` refer to the whole window, so periods missing
        at its start or end count as missing. Default: from each series' first to its
        latest observation.

    Returns
    -------
    pandas.DataFrame
        Columns ``indicator``, ``region``, any extra dimensions, ``first``, ``latest``,
        ``n_obs``, ``frequency`` (of the observed dates, see :func:`observed_frequency`),
        ``n_periods`` (periods from first to latest at that frequency; missing when
        irregular), ``covered`` (``n_obs / n_periods``) and ``gaps`` (missing runs, e.g.
        ``"2024-06..2026-06 (25)"``). Missing values count as not observed.

    Examples
    --------
    >>> import warindicators as wi
    >>> cov = coverage(wi.load_frame("sanctions.ofac_russia_eo14024_entries"))
    >>> r = cov.iloc[0]
    >>> print(r.frequency, r.first.date(), r.latest.date(), r.n_obs, r.n_periods, r.gaps)
    M 2021-08-31 2026-08-31 36 61 2024-06..2026-06 (25)

    A 24-month trend window ending 2026-08 sees 2 observed months of 24 (a window inside
    the gap gets a row with no observation, not no row):

    >>> w = coverage(wi.load_frame("sanctions.ofac_russia_eo14024_entries"),
    ...              "2024-09-01", "2026-08-31").iloc[0]
    >>> print(w.n_obs, w.n_periods, f"{w.covered:.0%}", w.gaps)
    2 24 8% 2024-09..2026-06 (22)
    """
    missing = [c for c in ("indicator", "region", "date", "value") if c not in frame.columns]
    if missing:
        raise ValidationError(f"coverage: missing column(s) {missing}")
    dims = dim_columns(frame)
    keys = ["indicator", "region", *dims]
    obs = frame[frame["value"].notna()]
    lo = pd.Timestamp(start) if start is not None else None
    hi = pd.Timestamp(end) if end is not None else None
    rows = []
    for key, part in obs.groupby(keys, sort=True, dropna=False):
        every = pd.DatetimeIndex(part["date"]).unique().sort_values()
        freq = observed_frequency(every)  # from the whole series, a window may hold one date
        inside = np.ones(len(every), dtype=bool)
        if lo is not None:
            inside &= every >= lo
        if hi is not None:
            inside &= every <= hi
        dates = every[inside]
        n_periods: float = np.nan
        gaps = ""
        if freq != "irregular":
            per = dates.to_period(_PERIOD[freq])
            first = pd.Period(lo if lo is not None else dates.min(), freq=_PERIOD[freq])
            last = pd.Period(hi if hi is not None else dates.max(), freq=_PERIOD[freq])
            full = pd.period_range(first, last, freq=first.freq)
            n_periods = len(full)
            gaps = _gaps(per, full) if len(full) else ""
        elif not len(dates):
            continue  # an irregular series with nothing in the window
        key_t = key if isinstance(key, tuple) else (key,)
        rows.append(
            (
                *key_t,
                dates.min(),
                dates.max(),
                len(dates),
                freq,
                n_periods,
                len(dates) / n_periods if n_periods == n_periods else np.nan,
                gaps,
            )
        )
    cols = [*keys, *COVERAGE_COLUMNS[2:]]
    out = pd.DataFrame(rows, columns=cols)
    out["n_periods"] = out["n_periods"].astype("Int64")
    return out
