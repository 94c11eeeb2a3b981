"""The numbers of a report, computed from the data and the analysis functions.

Notebook templates stay thin: they call :func:`build_report` and hand the result to the
renderers in :mod:`warindicators.reports.render` and :mod:`warindicators.reports.figures`.
Nothing shown in a report is typed by hand.

Per series the report uses a *headline* view: the indicator's default region (summing any
extra dimension such as export destination), or the sum over regions when the data is only
regional (air-raid alerts by oblast). Observations are binned into report periods by the
indicator's measure (flows and counts summed, levels and running totals last value, shares
and rates averaged). Trend and changepoints are computed on the per-period values; for a
regularly reported running total that means its per-period increments.

Examples
--------
>>> rep = build_report("2026-01", families=["territory"], lookback_periods=12)
>>> row = rep.rows[0]
>>> row.indicator.family, row.stale, row.latest_date.strftime("%Y-%m")
('territory', False, '2026-01')
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .._freq import infer_frequency
from ..indicators import Indicator, get_indicator
from .periods import Period, parse_period

__all__ = [
    "Report",
    "SeriesRow",
    "binned",
    "build_report",
    "headline_series",
    "revisions",
]


@dataclass
class SeriesRow:
    """Everything the report says about one headline series.

    Built by :func:`build_report`, one per indicator with data.

    Attributes
    ----------
    indicator
        The :class:`~warindicators.indicators.Indicator` shown.
    region_label
        Region of the headline view (e.g. ``"UA"``), or ``"sum of N regions"``.
    values
        Per-period values (``PeriodIndex``) up to the report period.
    stats
        The series trend and changepoints run on (per-period increments of a regularly
        reported running total, else ``values``).
    latest_date
        Date of the newest observation up to the period's end (None without data).
    stale
        True when the series has no observation within the report period.
    value
        Value for the period, or the latest value when stale (None without data).
    change_prev, change_year
        Change against the previous period and the same period a year earlier.
    trend
        Mann–Kendall trend over the look-back window (``direction``, ``slope``,
        ``slope_low``, ``slope_high``, ``p_value``), or None with too few values.
    changepoints, changepoints_before
        Changepoint periods with and without the report period's value.
    segments
        Segment table of the changepoint fit, if any.
    notes
        Why a statistic is missing, in plain words.
    regional
        Per-region per-period values when the data is only regional.
    stats_are_increments
        Whether ``stats`` holds increments of a running total.

    Examples
    --------
    >>> rep = build_report("2026-01", indicators=["sanctions.eu_packages"])
    >>> row = rep.rows[0]
    >>> row.indicator.id, row.region_label, row.stale, row.latest_label
    ('sanctions.eu_packages', 'EU', True, 'latest: 2025-10-23')
    >>> str(row.values.index[-1]), row.value
    ('2025-10', 1.0)
    """

    indicator: Indicator
    region_label: str
    values: pd.Series  # per-period values (PeriodIndex) up to the report period
    stats: pd.Series  # what trend/changepoints run on (increments for running totals)
    latest_date: pd.Timestamp | None
    stale: bool
    value: float | None
    change_prev: float | None
    change_year: float | None
    trend: dict[str, Any] | None = None
    changepoints: list[pd.Period] = field(default_factory=list)
    changepoints_before: list[pd.Period] = field(default_factory=list)
    segments: pd.DataFrame | None = None
    notes: list[str] = field(default_factory=list)
    regional: pd.DataFrame | None = None  # per-region per-period values, when regional
    stats_are_increments: bool = False

    @property
    def latest_label(self) -> str:
        """``latest: YYYY-MM-DD`` (or ``no data``)."""
        if self.latest_date is None:
            return "no data"
        return f"latest: {self.latest_date.date()}"


@dataclass
class Report:
    """A report's content: header facts, one :class:`SeriesRow` per series, events.

    Built by :func:`build_report`.

    Attributes
    ----------
    period
        The report :class:`~warindicators.reports.Period`.
    lookback_periods
        Number of periods in the trend window, the report period included.
    as_of
        The ``as_of`` date asked for, or a text naming the newest date in the data.
    data_hash
        Content hash of the data the report was computed from.
    version
        ``warindicators`` version.
    rows
        One :class:`SeriesRow` per series, ordered by family then indicator id.
    events
        Reference events up to the end of the period (of the report's families).
    revisions
        Past values revised by a vintage published within the period.
    notes
        Report-wide remarks (e.g. no series matching the filters).

    Examples
    --------
    >>> rep = build_report("2026-01", families=["sanctions"], lookback_periods=6)
    >>> str(rep.period), rep.families()
    ('2026-01', ['sanctions'])
    >>> [str(p) for p in rep.window()]
    ['2025-08', '2026-01']
    """

    period: Period
    lookback_periods: int
    as_of: str
    data_hash: str
    version: str
    rows: list[SeriesRow]
    events: pd.DataFrame
    revisions: pd.DataFrame
    notes: list[str]

    def families(self) -> list[str]:
        """Families present, in first-seen order."""
        return list(dict.fromkeys(r.indicator.family for r in self.rows))

    def window(self) -> tuple[pd.Period, pd.Period]:
        """First and last period of the look-back window (pandas periods)."""
        end = _pp(self.period)
        return end - (self.lookback_periods - 1), end


def _freq(period: Period) -> str:
    return "M" if period.cadence == "monthly" else "W-SUN"


def _pp(period: Period) -> pd.Period:
    return pd.Period(period.end, freq=_freq(period))


def headline_series(
    frame: pd.DataFrame, ind: Indicator
) -> tuple[pd.Series, str, pd.DataFrame | None]:
    """The headline observations of ``ind`` in ``frame`` (latest vintage), a label saying
    which region(s) they cover, and the per-region table when the data is only regional."""
    sub = frame[frame["indicator"] == ind.id]
    regions = sorted(str(r) for r in pd.unique(sub["region"]))
    pick = next((r for r in (ind.default_region, "UA") if r in regions), None)
    if pick is None and len(regions) == 1:
        pick = regions[0]
    if pick is not None:
        rows = sub[sub["region"] == pick]
        s = rows.groupby("date")["value"].sum(min_count=1)
        return s.astype("float64"), pick, None
    wide = sub.pivot_table(index="date", columns="region", values="value", aggfunc="sum")
    total = wide.sum(axis=1, min_count=1)
    return total.astype("float64"), f"sum of {len(regions)} regions", wide


def binned(values: pd.Series, measure: str, freq: str) -> pd.Series:
    """Observations binned into periods of ``freq`` as ``measure`` says (missing stays NaN).

    Flows and counts are summed, shares and rates averaged, anything else takes the last
    value of the period; NaN observations are skipped and a period without any value is
    NaN. Computed on the periods' ordinals with numpy (a pandas groupby per series was a
    large part of a report's computation).

    Examples
    --------
    >>> s = pd.Series([1.0, 2.0, 5.0], index=pd.to_datetime(["2024-01-10", "2024-01-20",
    ...                                                        "2024-03-05"]))
    >>> binned(s, "flow", "M").tolist(), binned(s, "stock", "M").tolist()
    ([3.0, nan, 5.0], [2.0, nan, 5.0])
    """
    if values.empty:
        return pd.Series(dtype="float64", index=pd.PeriodIndex([], freq=freq))
    ords = pd.DatetimeIndex(values.index).to_period(freq).asi8
    v = values.to_numpy(dtype="float64", na_value=np.nan)
    first = int(ords.min())
    pos = ords - first
    n = int(pos.max()) + 1
    ok = ~np.isnan(v)
    counts = np.bincount(pos[ok], minlength=n)
    out = np.full(n, np.nan)
    if measure in ("flow", "count", "share", "rate"):
        sums = np.bincount(pos[ok], weights=v[ok], minlength=n).astype("float64")
        if measure in ("share", "rate"):
            sums /= np.where(counts > 0, counts, 1)
        out[counts > 0] = sums[counts > 0]
    else:  # the last value of each period, in the order observed
        order = np.argsort(pos[ok], kind="stable")
        p, x = pos[ok][order], v[ok][order]
        last = np.r_[p[1:] != p[:-1], True] if len(p) else np.zeros(0, dtype=bool)
        out[p[last]] = x[last]
    index = pd.PeriodIndex.from_ordinals(np.arange(first, first + n), freq=freq)
    return pd.Series(out, index=index, name=values.name)


def _value_at(s: pd.Series, p: pd.Period) -> float | None:
    if p not in s.index:
        return None
    v = s.loc[p]
    return None if pd.isna(v) else float(v)


def _diff(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else a - b


_PER = {"M": "month", "Q": "quarter", "Y": "year", "W": "week"}


def _analysis_freq(obs: pd.Series, freq: str) -> str:
    """The report's bin size, or the series' own when it is coarser (monthly data in a
    weekly report is analysed per month: weekly bins would be mostly empty)."""
    if freq != "W-SUN" or len(obs) < 2:
        return freq
    native = infer_frequency(pd.DatetimeIndex(obs.index))
    return native if native in ("M", "Q", "Y") else freq


def _trend(stats: pd.Series, notes: list[str]) -> dict[str, Any] | None:
    x = stats.dropna()
    if len(x) < 4:
        notes.append(f"trend: only {len(x)} values in the look-back window (4 needed)")
        return None
    try:
        from ..analysis.trend import trend

        xs = pd.Series(x.to_numpy(), index=x.index.to_timestamp(how="end").normalize())
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            r = trend(xs, method="mann_kendall")
        return {
            "per": _PER.get(str(stats.index.freqstr)[0], "period"),
            "direction": str(r.direction),
            "slope": float(r.slope),
            "slope_low": float(r.slope_low),
            "slope_high": float(r.slope_high),
            "p_value": float(r.p_value),
        }
    except Exception as exc:  # the analysis package is optional here: say so, go on
        notes.append(f"trend not available ({type(exc).__name__}: {exc})")
        return None


def _changepoints(
    stats: pd.Series, notes: list[str]
) -> tuple[list[pd.Period], pd.DataFrame | None]:
    x = stats.dropna()
    if len(x) < 6:
        return [], None
    try:
        from ..analysis.changepoints import changepoints

        xs = pd.Series(x.to_numpy(), index=x.index.to_timestamp(how="end").normalize())
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            r = changepoints(xs)
        idx = [int(i) for i in r.indices]
        return [x.index[i] for i in idx], r.segments
    except Exception as exc:
        notes.append(f"changepoints not available ({type(exc).__name__}: {exc})")
        return [], None


def _row(frame: pd.DataFrame, ind: Indicator, period: Period, lookback: int) -> SeriesRow:
    obs, label, wide = headline_series(frame, ind)
    end = period.end + pd.Timedelta(days=1) - pd.Timedelta(1, "ns")
    obs = obs[obs.index <= end].dropna()
    freq = _freq(period)
    pp = _pp(period)
    values = binned(obs, ind.measure, freq)
    increments = ind.measure == "cumulative" and ind.frequency != "irregular"
    stats = values.diff() if increments else values
    notes: list[str] = []
    latest = pd.Timestamp(obs.index.max()) if len(obs) else None
    in_period = bool(len(obs)) and bool(((obs.index >= period.start) & (obs.index <= end)).any())
    current = _value_at(values, pp) if in_period else None
    shown = current if in_period else (float(obs.iloc[-1]) if len(obs) else None)
    prev_p = pp - 1
    year_p = pp - (12 if period.cadence == "monthly" else 52)
    row = SeriesRow(
        ind,
        label,
        values,
        stats,
        latest,
        not in_period,
        shown,
        _diff(current, _value_at(values, prev_p)),
        _diff(current, _value_at(values, year_p)),
        notes=notes,
        stats_are_increments=increments,
    )
    afreq = _analysis_freq(obs, freq)
    if afreq == freq:
        astats, app, first = stats, pp, pp - (lookback - 1)
    else:
        avalues = binned(obs, ind.measure, afreq)
        astats = avalues.diff() if increments else avalues
        app = pd.Period(period.end, freq=afreq)
        first = pd.Period((pp - (lookback - 1)).start_time, freq=afreq)
    row.trend = _trend(astats[(astats.index >= first) & (astats.index <= app)], notes)

    def to_report(ps: list[pd.Period]) -> list[pd.Period]:
        # changepoints at the series' own frequency, shown in the report period holding them
        return ps if afreq == freq else [pd.Period(p.start_time, freq=freq) for p in ps]

    cps, segs = _changepoints(astats, notes)
    row.changepoints, row.segments = to_report(cps), segs
    before, _ = _changepoints(astats[astats.index < app], notes) if cps else ([], None)
    row.changepoints_before = to_report(before)
    if wide is not None:
        wide = wide[wide.index <= end]
        row.regional = pd.DataFrame(
            {c: binned(wide[c].dropna(), ind.measure, freq) for c in wide.columns}
        )
    return row


def revisions(vintages: pd.DataFrame, period: Period) -> pd.DataFrame:
    """Past values revised by a vintage published within ``period``.

    Returns one row per revised observation: indicator, region, date, old, new, published.
    """
    cols = ["indicator", "region", "date", "old", "new", "published"]
    if vintages.empty or "published" not in vintages.columns:
        return pd.DataFrame(columns=cols)
    end = period.end + pd.Timedelta(days=1)
    v = vintages.dropna(subset=["published"]).sort_values("published", kind="stable")
    keys = ["indicator", "region", "date"]
    out = []
    for key, g in v.groupby(keys, sort=False):
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
    """Compute the content of a report for ``period`` (see the module docstring).

    Parameters
    ----------
    period
        ``YYYY-MM``, ``YYYY-Www`` or a :class:`~warindicators.reports.Period`.
    as_of
        ``YYYY-MM-DD``: use only what was published by that day (vintages).
    families, regions, indicators
        Restrict the report to these families, regions or indicator ids (None: all).
    data_dir
        Data folder (default: the data shipped with the package).
    lookback_periods
        Number of periods, ending with ``period``, the trend is computed over.

    Returns
    -------
    Report
        Header facts, one :class:`SeriesRow` per series with data, events, revisions.

    Examples
    --------
    >>> rep = build_report("2026-01", families=["sanctions"])
    >>> [row.indicator.id for row in rep.rows]
    ['sanctions.eu_packages', 'sanctions.ofac_russia_eo14024_entries',
     'sanctions.ofac_russia_related_entries']
    >>> rep.rows[0].trend["direction"], rep.lookback_periods
    ('no trend', 12)
    """
    from .. import __version__
    from ..sources.reference import read_events
    from ..store import load_frame
    from .manifest import data_hash

    per = parse_period(period)
    ids = list(indicators) if indicators else None
    kw: dict[str, Any] = {
        "families": list(families) if families else None,
        "as_of": as_of,
        "data_dir": data_dir,
    }
    vint = load_frame(ids, list(regions) if regions else None, vintages=True, **kw)
    latest = load_frame(ids, list(regions) if regions else None, **kw)
    rows = [
        _row(latest, get_indicator(i), per, lookback_periods)
        for i in sorted(pd.unique(latest["indicator"]).astype(str))
    ]
    order = {
        f: n
        for n, f in enumerate(("territory", "casualties", "outages", "sanctions", "energy_exports"))
    }
    rows.sort(key=lambda r: (order.get(r.indicator.family, 99), r.indicator.id))
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
    notes = [] if rows else ["No series match the report's filters."]
    return Report(
        per,
        lookback_periods,
        as_of_text,
        data_hash(data_dir),
        __version__,
        rows,
        events,
        revisions(vint, per),
        notes,
    )
