"""A report as pandas objects: :func:`build_report` and the :class:`Report` it returns.

Every table of a report is a :class:`pandas.DataFrame` an analyst can filter, sort and
re-run in a notebook (``rep.summary``, ``rep.table("territory")``, ``rep.changepoints``,
``rep.what_changed``, ``rep.notes``, ``rep.coverage``); figure data are tidy DataFrames
(``rep.figure_data(family)``, ``rep.regional_data(indicator)``). Nothing shown in a report
is typed by hand, and nothing is left out silently: a series that cannot be analysed or
drawn is listed in ``rep.notes`` with the reason.

Examples
--------
>>> rep = build_report("2026-01", families=["sanctions"], lookback_periods=12)
>>> list(rep.summary.columns)[:4]
['Family', 'Indicator', 'id', 'Region']
>>> rep.families()
['sanctions']
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..indicators import get_indicator
from .content import SeriesRow, comparison, series_row
from .periods import Period, parse_period, period_label
from .stats import match_changepoints

__all__ = ["FAMILY_ORDER", "Report", "build_report", "family_title"]

FAMILY_ORDER = ("territory", "casualties", "outages", "sanctions", "energy_exports")


def family_title(family: str) -> str:
    """Human title of a family (``energy_exports`` → ``Energy exports``).

    Examples
    --------
    >>> family_title("energy_exports")
    'Energy exports'
    """
    return family.replace("_", " ").capitalize()


def _freq(period: Period) -> str:
    return "M" if period.cadence == "monthly" else "W-SUN"


def _date(t: pd.Timestamp | None) -> str:
    return "" if t is None else str(pd.Timestamp(t).date())


@dataclass
class Report:
    """The content of one report (see the module docstring).

    Attributes
    ----------
    period
        The report :class:`~warindicators.reports.Period`.
    lookback_periods
        Periods in the trend window, the report period included.
    as_of
        The ``as_of`` date asked for, or a text naming the newest date in the data.
    data_hash, version
        Content hash of the input data; ``warindicators`` version.
    rows
        One :class:`~warindicators.reports.content.SeriesRow` per series.
    events, revisions
        Dated events up to the end of the period; past values revised in the period.
    report_notes
        Report-wide notes (kind, message).

    Examples
    --------
    >>> rep = build_report("2026-01", families=["territory"], lookback_periods=6)
    >>> [str(p) for p in rep.window()], rep.summary["Status"].tolist()
    (['2025-08', '2026-01'], ['current', 'current', 'current'])
    """

    period: Period
    lookback_periods: int
    as_of: str
    data_hash: str
    version: str
    rows: list[SeriesRow]
    events: pd.DataFrame
    revisions: pd.DataFrame
    report_notes: list[tuple[str, str]]

    # -- structure ----------------------------------------------------------------------
    def families(self) -> list[str]:
        """Families present, in report order."""
        return list(dict.fromkeys(r.indicator.family for r in self.rows))

    def rows_of(self, family: str) -> list[SeriesRow]:
        """The rows of one family."""
        return [r for r in self.rows if r.indicator.family == family]

    def window(self) -> tuple[pd.Period, pd.Period]:
        """First and last period of the look-back window."""
        end = pd.Period(self.period.end, freq=_freq(self.period))
        return end - (self.lookback_periods - 1), end

    # -- tables -------------------------------------------------------------------------
    @property
    def header(self) -> pd.DataFrame:
        """Report period, data as-of, look-back window, input hash, version, series count."""
        a, b = self.window()
        n = {s: sum(r.status == s for r in self.rows) for s in ("current", "partial", "stale")}
        items = {
            "Report period": f"{self.period} ({self.period.start.date()} to "
            f"{self.period.end.date()})",
            "Data as of": self.as_of,
            "Look-back window": f"{period_label(a)} to {period_label(b)} "
            f"({self.lookback_periods} periods)",
            "Content hash of the input data (SHA-256)": self.data_hash,
            "warindicators version": self.version,
            "Series": f"{len(self.rows)} shown: {n['current']} current, {n['partial']} "
            f"partial (period covered in part), {n['stale']} stale (no observation in "
            f"{self.period}, shown with their latest date)",
        }
        return pd.DataFrame({"": list(items), "Value": list(items.values())}, dtype=object)

    def _base(self, r: SeriesRow) -> dict[str, Any]:
        value: Any = r.value_at(r.period, complete=False)
        if r.no_total:
            value = f"no total: {r.no_total}"
        elif r.stale:
            last = r.values.dropna()
            value = float(last.iloc[-1]) if len(last) else "no data"
        d_prev, why_prev = comparison(r, r.period - 1)
        year = 12 if self.period.cadence == "monthly" else 52
        d_year, why_year = comparison(r, r.period - year)
        status = r.status
        if status == "partial":
            status = f"partial ({100 * float(r.coverage.get(r.period, 0)):.0f} % of the period)"
        elif status == "stale":
            status = f"stale ({r.latest_label})"
        return {
            "Family": r.indicator.family,
            "Indicator": r.indicator.title,
            "id": r.indicator.id,
            "Region": r.region_label,
            "Value": value,
            "Unit": r.indicator.unit,
            "Qualifier": r.indicator.bound_label or "as reported",
            "Status": status,
            "vs previous period": d_prev if d_prev is not None else (why_prev or "n/a"),
            "vs a year earlier": d_year if d_year is not None else (why_year or "n/a"),
            "Latest observation": _date(r.latest_date),
        }

    @property
    def summary(self) -> pd.DataFrame:
        """One row per series: value for the period (or why none), status, changes."""
        return pd.DataFrame([self._base(r) for r in self.rows], dtype=object)

    def table(self, family: str) -> pd.DataFrame:
        """The family's table: the summary columns plus trend and latest changepoint."""
        out = []
        cps = self.changepoints
        for r in self.rows_of(family):
            row = self._base(r)
            del row["Family"]
            t = r.trend
            row["Analysed"] = r.stats_label
            row["Trend (look-back window)"] = t.direction if t else "not tested (see notes)"
            row["Slope [95 % CI]"] = (
                f"{t.slope:+.3g} [{t.slope_low:.3g}, {t.slope_high:.3g}] {r.indicator.unit}/{t.per}"
                if t
                else ""
            )
            row["p"] = t.p_value if t else np.nan
            mine = cps[cps["id"] == r.indicator.id]
            blind = _undetectable(r)
            if r.cp is None:
                row["Latest changepoint"] = "not analysed (see notes)"
                row["In report period"] = ""
            elif mine.empty:
                row["Latest changepoint"] = "none"
                row["In report period"] = "no"
            else:
                last = mine.iloc[-1]
                row["Latest changepoint"] = last["Date"]
                row["In report period"] = "yes" if last["In report period"] else "no"
                if last["Note"]:
                    row["In report period"] += f"; {last['Note']}"
            if blind and not row["In report period"].startswith("yes") and r.cp is not None:
                row["In report period"] = f"{row['In report period']}; {blind}"
            out.append(row)
        return pd.DataFrame(out, dtype=object)

    @property
    def changepoints(self) -> pd.DataFrame:
        """Every changepoint: series, date, report period, whether it falls in the report
        period, how it compares with the previous report, and a reporting-change note."""
        recs = []
        freq = _freq(self.period)
        for r in self.rows:
            if r.cp is None:
                continue
            cur = [pd.Period(d, freq=freq) for d in r.cp.dates]
            before = [pd.Period(d, freq=freq) for d in r.cp.before]
            # match_changepoints lists the current changepoints first, in their order
            matched = [(s, p) for s, c, p in match_changepoints(cur, before) if c is not None]
            for d, c, (s, p) in zip(r.cp.dates, cur, matched, strict=True):
                since = {"new": "new", "unchanged": "as before"}.get(
                    s, f"moved from {period_label(p) if p is not None else '?'}"
                )
                recs.append(
                    {
                        "Indicator": r.indicator.title,
                        "id": r.indicator.id,
                        "Date": _date(d),
                        "Period": period_label(c),
                        "In report period": bool(c == r.period),
                        "Since previous report": since,
                        "Model": r.cp.model,
                        "Note": self._artefact(r, c),
                    }
                )
        cols = ["Indicator", "id", "Date", "Period", "In report period"]
        cols += ["Since previous report", "Model", "Note"]
        return pd.DataFrame(recs, columns=cols)

    def _artefact(self, r: SeriesRow, p: pd.Period) -> str:
        ev = self.events
        if "kind" not in ev.columns or ev.empty:
            return ""
        ev = ev[(ev["kind"] == "reporting_change") & (ev["family"] == r.indicator.family)]
        for _, e in ev.iterrows():
            q = pd.Period(pd.Timestamp(e["date"]), freq=p.freq)
            if abs((q - p).n) <= 1:
                return f"possibly a reporting artefact: {e['event']} ({pd.Timestamp(e['date']).date()})"
        return ""

    @property
    def what_changed(self) -> pd.DataFrame:
        """Changepoints new or moved since the previous report, new highs and lows, and
        past values revised by data published in the period."""
        recs = []
        freq = _freq(self.period)
        for r in self.rows:
            if r.cp is not None and not r.stale:
                cur = [pd.Period(d, freq=freq) for d in r.cp.dates]
                before = [pd.Period(d, freq=freq) for d in r.cp.before]
                for s, c, p in match_changepoints(cur, before):
                    if s == "new" and c is not None:
                        text = f"new changepoint at {period_label(c)}"
                    elif s == "moved" and c is not None and p is not None:
                        text = f"changepoint moved from {period_label(p)} to {period_label(c)}"
                    elif s == "gone" and p is not None:
                        text = f"changepoint at {period_label(p)} no longer detected"
                    else:
                        continue
                    note = self._artefact(r, c) if c is not None else ""
                    recs.append((r.indicator.title, r.indicator.id, text, note))
            hl = _high_low(r)
            if hl:
                recs.append((r.indicator.title, r.indicator.id, hl, ""))
        for _, v in self.revisions.iterrows():
            recs.append(
                (
                    str(v["indicator"]),
                    str(v["indicator"]),
                    f"revised {pd.Timestamp(v['date']).date()} ({v['region']}): "
                    f"{v['old']:,.6g} → {v['new']:,.6g} (published "
                    f"{pd.Timestamp(v['published']).date()})",
                    "",
                )
            )
        return pd.DataFrame(recs, columns=["Indicator", "id", "What changed", "Note"])

    @property
    def notes(self) -> pd.DataFrame:
        """Every analysis error and warning, and every series not analysed or drawn, with
        the reason (one row per note)."""
        recs = [("(report)", "", k, m) for k, m in self.report_notes]
        for r in self.rows:
            recs += [(r.indicator.title, r.indicator.id, k, m) for k, m in r.notes]
        return pd.DataFrame(recs, columns=["Series", "id", "Kind", "Note"])

    @property
    def coverage(self) -> pd.DataFrame:
        """Every series with its first period, latest observation and status."""
        recs = []
        for r in self.rows:
            v = r.values.dropna()
            if r.regional is not None and v.empty:
                v = r.regional.dropna(how="all").iloc[:, 0:1].stack()
            recs.append(
                {
                    "Family": r.indicator.family,
                    "id": r.indicator.id,
                    "Region": r.region_label,
                    "First observation": str(r.values.index.min()) if len(r.values) else "",
                    "Latest observation": _date(r.latest_date),
                    "Status": r.status,
                }
            )
        return pd.DataFrame(recs, dtype=object)

    def events_in_window(self, family: str | None = None) -> pd.DataFrame:
        """Dated events of the look-back window (of ``family`` when given)."""
        a, b = self.window()
        ev = self.events
        ev = ev[(ev["date"] >= a.start_time) & (ev["date"] <= b.end_time)]
        if family is not None:
            ev = ev[ev["family"] == family]
        return ev.assign(date=ev["date"].dt.date).reset_index(drop=True)

    # -- figure data --------------------------------------------------------------------
    def figure_data(self, family: str) -> pd.DataFrame:
        """Tidy data of the family's series figure: per analysed observation its value,
        the fitted model of its segment, and whether its period is partial.

        Columns: ``id``, ``series`` (title, unit, region: the panel label), ``date``
        (period start), ``value``, ``fitted``, ``segment``, ``partial``.
        """
        parts = []
        for r in self.rows_of(family):
            label = series_label(r)
            s = r.stats
            if len(s):
                fitted = r.cp.fitted if r.cp is not None else pd.Series(np.nan, index=s.index)
                seg = r.cp.segment if r.cp is not None else pd.Series(0, index=s.index)
                parts.append(
                    pd.DataFrame(
                        {
                            "id": r.indicator.id,
                            "series": label,
                            "date": s.index.start_time,
                            "value": s.to_numpy(),
                            "fitted": fitted.reindex(s.index).to_numpy(),
                            "segment": seg.reindex(s.index).to_numpy(),
                            "partial": False,
                        }
                    )
                )
            part = _partial_points(r)
            if len(part):
                parts.append(part.assign(id=r.indicator.id, series=label))
        cols = ["id", "series", "date", "value", "fitted", "segment", "partial"]
        if not parts:
            return pd.DataFrame(columns=cols)
        return pd.concat(parts, ignore_index=True)[cols]

    def regional_data(self, indicator: str, periods: int | None = None) -> pd.DataFrame:
        """Tidy per-region values of a regional series: ``region``, ``period`` (label),
        ``date`` (period start), ``value``, ``partial``; the last ``periods`` periods with
        data (default: the look-back window)."""
        r = next(x for x in self.rows if x.indicator.id == indicator)
        cols = ["region", "period", "date", "value", "partial"]
        if r.regional is None or r.regional.empty:
            return pd.DataFrame(columns=cols)
        wide = r.regional.dropna(how="all")
        n = periods or self.lookback_periods
        wide = wide.iloc[-n:]
        long = wide.stack().rename("value").reset_index()
        long.columns = ["p", "region", "value"]
        cov = r.coverage
        return pd.DataFrame(
            {
                "region": long["region"].astype(str),
                "period": [period_label(p) for p in long["p"]],
                "date": pd.PeriodIndex(long["p"]).start_time,
                "value": long["value"].astype("float64"),
                "partial": [float(cov.get(p, 1.0)) < 0.999 for p in long["p"]],
            }
        )


def _undetectable(r: SeriesRow) -> str:
    """Why a change in the report period cannot be found yet, if it cannot: a segment
    needs ``min_size`` values, so no changepoint can start in the last ``min_size - 1``
    analysed values."""
    if r.cp is None or r.stale or len(r.stats) < r.cp.min_size:
        return ""
    k = r.cp.min_size
    latest = r.stats.index[len(r.stats) - k]  # the latest value a changepoint can start at
    inside = r.stats.index[(r.stats.index.start_time >= r.period.start_time)]
    if len(inside) and latest.start_time >= r.period.start_time:
        return ""
    return f"a change after {latest} cannot be detected yet (a segment needs {k} values)"


def series_label(r: SeriesRow) -> str:
    """A series' panel label: title, what is drawn with its unit, region, latest date."""
    flag = {"stale": ", STALE", "partial": ", last period partial"}.get(r.status, "")
    region = r.region_label if len(r.region_label) <= 24 else r.region_label[:22] + "…"
    return (
        f"{r.indicator.title}\n{r.stats_label} ({r.indicator.unit}); {region}; "
        f"{r.latest_label}{flag}"
    )


def _partial_points(r: SeriesRow) -> pd.DataFrame:
    """Partial periods' values (drawn marked, never analysed) at the analysis frequency."""
    if r.stats_label.startswith("increments") or not len(r.values):
        return pd.DataFrame()
    per = r.stats.index.freqstr if len(r.stats) else r.values.index.freqstr
    if per != r.values.index.freqstr:
        return pd.DataFrame()
    bad = [p for p in r.values.index if float(r.coverage.get(p, 0.0)) < 0.999]
    v = r.values.reindex(bad).dropna()
    if v.empty:
        return pd.DataFrame()
    return pd.DataFrame(
        {
            "date": v.index.start_time,
            "value": v.to_numpy(),
            "fitted": np.nan,
            "segment": -1,
            "partial": True,
        }
    )


def _high_low(r: SeriesRow) -> str | None:
    s = r.stats.dropna()
    if r.stale or r.partial or r.period not in s.index or len(s) < 3:
        return None
    prior, cur = s[s.index < r.period], float(s.loc[r.period])
    unit = r.indicator.unit
    if cur > prior.max():
        return f"new high: {cur:,.6g} {unit} (previous high {prior.max():,.6g} in {prior.idxmax()})"
    if cur < prior.min():
        return f"new low: {cur:,.6g} {unit} (previous low {prior.min():,.6g} in {prior.idxmin()})"
    return None


def revisions(vintages: pd.DataFrame, period: Period) -> pd.DataFrame:
    """Past values revised by a vintage published within ``period``: indicator, region,
    date, old, new, published.

    Examples
    --------
    >>> revisions(pd.DataFrame(), Period.parse("2026-01")).columns.tolist()
    ['indicator', 'region', 'date', 'old', 'new', 'published']
    """
    cols = ["indicator", "region", "date", "old", "new", "published"]
    if vintages.empty or "published" not in vintages.columns:
        return pd.DataFrame(columns=cols)
    end = period.end + pd.Timedelta(days=1)
    v = vintages.dropna(subset=["published"]).sort_values("published", kind="stable")
    out = []
    for key, g in v.groupby(["indicator", "region", "date"], sort=False):
        if len(g) < 2:
            continue
        new = g[(g["published"] >= period.start) & (g["published"] < end)]
        old = g[g["published"] < period.start]
        if new.empty or old.empty or key[2] >= period.start:
            continue
        a, b = float(old["value"].iloc[-1]), float(new["value"].iloc[-1])
        if a != b and not (np.isnan(a) and np.isnan(b)):
            out.append((*key, a, b, new["published"].iloc[-1]))
    return pd.DataFrame(out, columns=cols)


def build_report(
    period: str | Period,
    *,
    as_of: str | None = None,
    families: Sequence[str] | None = None,
    regions: Sequence[str] | None = None,
    indicators: Sequence[str] | None = None,
    data_dir: str | Path | None = None,
    lookback_periods: int = 12,
) -> Report:
    """Compute a report for ``period`` from the data (see the module docstring).

    Parameters
    ----------
    period
        ``YYYY-MM``, ``YYYY-Www`` or a :class:`~warindicators.reports.Period`.
    as_of
        ``YYYY-MM-DD``: only what was published by that day (vintages).
    families, regions, indicators
        Restrict the report to these families, regions or indicator ids (None: all).
    data_dir
        Data folder (default: the data shipped with the package).
    lookback_periods
        Number of periods, ending with ``period``, the trend is computed over.

    Returns
    -------
    Report

    Examples
    --------
    >>> rep = build_report("2026-01", families=["sanctions"])
    >>> "sanctions.eu_packages" in rep.summary["id"].tolist()
    True
    """
    from .. import __version__
    from ..sources.reference import read_events
    from ..store import load_frame
    from .manifest import data_hash

    per = parse_period(period)
    ids = list(indicators) if indicators else None
    regs = list(regions) if regions else None
    kw: dict[str, Any] = {
        "families": list(families) if families else None,
        "as_of": as_of,
        "data_dir": data_dir,
    }
    vint = load_frame(ids, regs, vintages=True, **kw)
    latest = load_frame(ids, regs, **kw)
    order = {f: n for n, f in enumerate(FAMILY_ORDER)}
    found = sorted(
        (get_indicator(i) for i in pd.unique(latest["indicator"]).astype(str)),
        key=lambda ind: (order.get(ind.family, 99), ind.family, ind.id),
    )
    rows: list[SeriesRow] = []
    report_notes: list[tuple[str, str]] = []
    for ind in found:
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                row = series_row(latest, ind, per, lookback_periods, _freq(per))
            for w in caught:  # warnings of the computation go to the notes, not away
                note = ("warning", f"{w.category.__name__}: {w.message}")
                if note not in row.notes:
                    row.notes.append(note)
            rows.append(row)
        except Exception as exc:  # one failing series does not stop the others
            report_notes.append(
                (
                    "error",
                    f"{ind.id}: left out, its data could not be read: {type(exc).__name__}: {exc}",
                )
            )
    events = read_events()
    if as_of is not None:
        events = events[events["date"] <= pd.Timestamp(as_of)]
    events = events[events["date"] <= per.end].reset_index(drop=True)
    if families:
        events = events[events["family"].isin(list(families))].reset_index(drop=True)
    known = None
    if len(vint):
        pub = vint["published"] if "published" in vint.columns else vint["date"]
        known = pd.Timestamp(pub.fillna(vint["date"]).max())
    as_of_text = as_of or (
        f"{known.date()} (newest observation or publication in the data)"
        if known is not None
        else "no data"
    )
    if not rows:
        report_notes.append(("info", "No series match the report's filters."))
    return Report(
        per,
        lookback_periods,
        as_of_text,
        data_hash(data_dir),
        __version__,
        rows,
        events,
        revisions(vint, per),
        report_notes,
    )
