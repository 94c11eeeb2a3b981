"""The content of a report, computed from the data: one :class:`SeriesRow` per series.

Per indicator the report shows a *headline* series: the indicator's default region, or
the total over regions (and extra dimensions) formed by the library's one aggregation
rule (:func:`warindicators.total`): flows, counts and stocks of regions that make up a
whole are summed and labelled with what was summed; shares and rates are never summed and
estimates of different publishers never added -- then there is no total, the tables say
why, and the series is shown per region (small multiples and maps). Observations are
binned into report periods by the indicator's measure. Statistics are in
:mod:`warindicators.reports.stats`; the tables and figure data an analyst works with are
the DataFrames of :class:`~warindicators.reports.report.Report`.

Examples
--------
>>> from warindicators.reports import build_report
>>> rep = build_report("2026-01", families=["territory"], lookback_periods=12)
>>> row = rep.rows[0]
>>> row.indicator.family, row.status, row.latest_date.strftime("%Y-%m")
('territory', 'current', '2026-01')
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from .._freq import freq_rank, infer_frequency
from ..indicators import Indicator
from .periods import Period
from .stats import (
    CpSummary,
    Notes,
    TrendSummary,
    changepoint_summary,
    increments,
    per_word,
    trend_summary,
)

__all__ = ["SeriesRow", "binned", "comparison", "coverage", "headline", "series_row"]


@dataclass
class SeriesRow:
    """Everything the report says about one headline series (built by :func:`series_row`).

    Attributes
    ----------
    indicator
        The :class:`~warindicators.indicators.Indicator`.
    region_label
        What the headline covers (``"UA"``, ``"sum of 24 oblasts"``), or ``"no total"``.
    no_total
        Why no total could be formed (None when there is a headline series).
    values
        Headline per report period (``PeriodIndex``), partial periods included.
    coverage
        Fraction of each report period the data cover (0-1).
    stats
        The analysis series (see :mod:`.stats`): complete periods only, increments per
        period for running totals.
    stats_label
        What ``stats`` holds, e.g. ``"increments per month"`` or ``"per month"``.
    regional
        Per-region per-period values when the data are regional (region columns).

    Examples
    --------
    >>> from warindicators.reports import build_report
    >>> row = build_report("2026-01", indicators=["sanctions.eu_packages"]).rows[0]
    >>> row.indicator.id, row.region_label, row.status, row.latest_label
    ('sanctions.eu_packages', 'EU', 'stale', 'latest: 2025-10-23')
    """

    indicator: Indicator
    region_label: str
    no_total: str | None
    values: pd.Series
    coverage: pd.Series
    stats: pd.Series
    stats_label: str
    latest_date: pd.Timestamp | None
    period: pd.Period
    notes: Notes = field(default_factory=list)
    regional: pd.DataFrame | None = None
    trend: TrendSummary | None = None
    cp: CpSummary | None = None

    @property
    def latest_label(self) -> str:
        """``latest: YYYY-MM-DD`` (or ``no data``)."""
        return "no data" if self.latest_date is None else f"latest: {self.latest_date.date()}"

    @property
    def stale(self) -> bool:
        """No observation within the report period."""
        return self.latest_date is None or self.latest_date < self.period.start_time

    @property
    def partial(self) -> bool:
        """The report period is covered only in part by the data."""
        return not self.stale and float(self.coverage.get(self.period, 0.0)) < 0.999

    @property
    def status(self) -> str:
        """``current``, ``partial`` or ``stale``."""
        return "stale" if self.stale else ("partial" if self.partial else "current")

    def value_at(self, p: pd.Period, *, complete: bool = True) -> float | None:
        """Headline value of period ``p`` (None if missing, or partial with ``complete``)."""
        if p not in self.values.index or pd.isna(self.values.loc[p]):
            return None
        if complete and float(self.coverage.get(p, 0.0)) < 0.999:
            return None
        return float(self.values.loc[p])


def binned(values: pd.Series, measure: str, freq: str) -> pd.Series:
    """Observations binned into periods of ``freq`` as ``measure`` says (missing stays NaN).

    Flows and counts are summed, shares and rates averaged, stocks and running totals
    take the period's last value.

    Examples
    --------
    >>> s = pd.Series([1.0, 2.0, 5.0], index=pd.to_datetime(["2024-01-10", "2024-01-20",
    ...                                                        "2024-03-05"]))
    >>> binned(s, "flow", "M").tolist(), binned(s, "stock", "M").tolist()
    ([3.0, nan, 5.0], [2.0, nan, 5.0])
    """
    s = values.dropna()
    if s.empty:
        return pd.Series(dtype="float64", index=pd.PeriodIndex([], freq=freq))
    per = pd.DatetimeIndex(s.index).to_period(freq)
    g = s.groupby(per, sort=True)
    how = {"flow": "sum", "count": "sum", "share": "mean", "rate": "mean"}.get(measure, "last")
    out = getattr(g, how)().astype("float64")
    full = pd.period_range(out.index.min(), out.index.max(), freq=freq)
    return out.reindex(full)


def coverage(dates: pd.DatetimeIndex, ind: Indicator, freq: str) -> pd.Series:
    """Fraction (0-1) of each period of ``freq`` covered by observations on ``dates``.

    The library's rule (:attr:`warindicators.IndicatorSeries.coverage` after
    :meth:`~warindicators.IndicatorSeries.resample`): a daily flow ending mid-month covers
    half of that month, a level last observed before the period's end covers it in part;
    observations at their own frequency cover their period. Coverage is 1 for periods of
    data coarser than ``freq``.

    Examples
    --------
    >>> from warindicators import get_indicator
    >>> d = pd.date_range("2026-05-01", "2026-06-15", freq="D")
    >>> coverage(d, get_indicator("outages.air_raid_alert_hours"), "M").round(2).tolist()
    [1.0, 0.5]
    """
    from ..series import IndicatorSeries

    if len(dates) == 0:
        return pd.Series(dtype="float64", index=pd.PeriodIndex([], freq=freq))
    lo = ind.valid_range[0] if ind.valid_range and ind.valid_range[0] is not None else 0.0
    frame = pd.DataFrame(
        {
            "indicator": ind.id,
            "region": "UA",
            "date": pd.DatetimeIndex(dates).unique(),
            "value": float(lo),
        }
    )
    native = infer_frequency(pd.DatetimeIndex(frame["date"]).sort_values())
    if native in ("M", "Q", "Y") and freq_rank(native) >= freq_rank(_code(freq)):
        periods = pd.DatetimeIndex(frame["date"]).to_period(freq)
        full = pd.period_range(periods.min(), periods.max(), freq=freq)
        return pd.Series(1.0, index=full)
    s = IndicatorSeries.from_frame(frame, ind, region="UA").resample(_code(freq))
    cov = s.coverage.fillna(1.0)
    cov.index = pd.DatetimeIndex(cov.index).to_period(freq)
    full = pd.period_range(cov.index.min(), cov.index.max(), freq=freq)
    return cov.reindex(full).fillna(1.0)  # a gap between observations: no partial period


def _code(freq: str) -> str:
    return "W" if str(freq).startswith("W") else str(freq)[:1]


def headline(
    frame: pd.DataFrame, ind: Indicator
) -> tuple[pd.Series | None, str, str | None, pd.DataFrame | None]:
    """The headline observations of ``ind`` (by date), their label, why no total could be
    formed (or None), and per-region observations (date x region) when regional."""
    sub = frame[frame["indicator"] == ind.id]
    regions = sorted(str(r) for r in pd.unique(sub["region"]))
    pick = next((r for r in (ind.default_region, "UA") if r in regions), None)
    if pick is None and len(regions) == 1:
        pick = regions[0]
    wide = None
    if pick is None:
        wide = _regional(sub, ind)
        rows = sub
        over: tuple[str, ...] = ("region", *ind.dims)
    else:
        rows = sub[sub["region"] == pick]
        over = tuple(ind.dims)
    if not over and not rows["date"].duplicated().any():
        s = rows.set_index("date")["value"].astype("float64").sort_index()
        return s, pick or "", None, wide
    res = _total(rows, over)
    for note in getattr(res, "notes", None) or []:
        _TOTAL_NOTES.setdefault(ind.id, []).append(str(note))
    if res.values is None:
        if wide is None and res.by_part is not None and len(res.by_part.columns):
            wide = res.by_part  # e.g. publishers side by side
        return None, "no total", str(res.reason), wide
    label = str(res.label)
    if pick is not None:
        label = pick if getattr(res, "kind", "") == "single" else f"{pick}, {res.label}"
    return res.values.astype("float64").sort_index(), label, None, wide


_TOTAL_NOTES: dict[str, list[str]] = {}  # what the aggregation rule says, per indicator


def _total(rows: pd.DataFrame, over: tuple[str, ...]) -> Any:
    """The library's one aggregation rule (:func:`warindicators.total`)."""
    from ..aggregation import total

    return total(rows, over=over or None)


def _regional(sub: pd.DataFrame, ind: Indicator) -> pd.DataFrame:
    """Per-region observations (date x region); extra dimensions combined per region by
    the library's rule (a region without a total is left out with a note by the caller)."""
    if not ind.dims:
        return sub.pivot_table(index="date", columns="region", values="value", aggfunc="last")
    cols = {}
    for region, g in sub.groupby("region"):
        res = _total(g, tuple(ind.dims))
        if res.values is not None:
            cols[str(region)] = res.values
    return pd.DataFrame(cols)


def series_row(
    frame: pd.DataFrame, ind: Indicator, period: Period, lookback: int, freq: str
) -> SeriesRow:
    """Compute one :class:`SeriesRow` (errors of the analysis become notes)."""
    pp = pd.Period(period.end, freq=freq)
    end = pp.end_time
    obs, label, no_total, wide = headline(frame, ind)
    notes: Notes = []
    if no_total:
        notes.append(("info", f"no total over regions: {no_total}; shown per region"))
    notes += [("info", f"total: {n}") for n in dict.fromkeys(_TOTAL_NOTES.pop(ind.id, []))]
    base = obs if obs is not None else pd.Series(dtype="float64", index=pd.DatetimeIndex([]))
    base = base[base.index <= end].dropna()
    native = infer_frequency(pd.DatetimeIndex(base.index)) if len(base) > 1 else "irregular"
    if native == "irregular" and ind.frequency != "irregular" and len(base) > 1:
        native = ind.frequency
    dates = pd.DatetimeIndex(base.index)
    if wide is not None and not len(base):  # no total: the regions' own dates
        dates = pd.DatetimeIndex(wide[wide.index <= end].dropna(how="all").index)
        native = infer_frequency(dates) if len(dates) > 1 else ind.frequency
        if native == "irregular":
            native = ind.frequency
    values = binned(base, ind.measure, freq)
    cov = coverage(dates, ind, freq)
    latest = pd.Timestamp(dates.max()) if len(dates) else None
    row = SeriesRow(ind, label, no_total, values, cov, values.iloc[:0], "", latest, pp, notes)
    if wide is not None:
        w = wide[wide.index <= end]
        row.regional = pd.DataFrame(
            {c: binned(w[c].dropna(), ind.measure, freq) for c in w.columns}
        )
    if not len(base):
        return row
    # the analysis series: the series' own frequency when finer than the report's
    afreq = freq
    if native in ("D", "W") and freq_rank(native) < freq_rank(_code(freq)):
        afreq = "D" if native == "D" else "W-SUN"
    elif native in ("M", "Q", "Y") and freq_rank(native) > freq_rank(_code(freq)):
        afreq = native  # monthly data in a weekly report, yearly totals in a monthly one
    per = per_word(afreq)
    if ind.measure == "cumulative":  # rates of increase between observations: no partial
        row.stats, row.stats_label = increments(base, afreq), f"increments per {per}"
        a = None
    elif afreq == freq:
        have = values.dropna().index
        a = values.reindex(have)[cov.reindex(have).fillna(0.0) >= 0.999]
        incomplete = [p for p in have if cov.get(p, 0.0) < 0.999]
        if incomplete:
            notes.append(
                (
                    "info",
                    "partial period(s) left out of the analysis and of comparisons: "
                    + ", ".join(
                        f"{p} ({100 * float(cov.get(p, 0.0)):.0f} % covered)" for p in incomplete
                    ),
                )
            )
    else:
        a = binned(base, ind.measure, afreq)
    if a is not None:
        row.stats, row.stats_label = a.dropna(), f"per {per}"
    first = (pp - (lookback - 1)).start_time
    window = row.stats[row.stats.index.end_time >= first]
    row.trend = trend_summary(window, notes)
    row.cp = changepoint_summary(row.stats, (pp - 1).end_time, notes)
    return row


def comparison(row: SeriesRow, other: pd.Period) -> tuple[float | None, str | None]:
    """Change of the report period's value against period ``other``, or why none is given
    (a partial period is never compared with a complete one)."""
    if row.stale or row.values.empty:
        return None, "no data in the report period"
    cur = row.value_at(row.period)
    if cur is None:
        return None, "partial period: not compared"
    if other not in row.values.index:
        return None, None
    cov = float(row.coverage.get(other, 0.0))
    if cov == 0.0 or pd.isna(row.values.get(other)):  # a gap in the data, not a partial period
        return None, f"no data for {other}"
    if cov < 0.999:
        return None, f"{other} is partial: not compared"
    prev = row.value_at(other)
    return (None, None) if prev is None else (cur - prev, None)
