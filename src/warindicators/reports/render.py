"""HTML fragments of a report: header, headline table, what changed, coverage, sources.

Every value that comes from the data is escaped with :func:`html.escape`.

Examples
--------
>>> fmt_value(1234567.0, "EUR")
'1,234,567 EUR'
>>> fmt_change(-0.0456, "%")
'−0.0456 %'
"""

from __future__ import annotations

import html
import math
import re
from importlib.resources import files

import pandas as pd

from .content import Report, SeriesRow
from .periods import period_label

__all__ = [
    "fmt_change",
    "fmt_value",
    "render_coverage",
    "render_events",
    "render_header",
    "render_headline",
    "render_methods",
    "render_what_changed",
    "source_lines",
]

esc = html.escape


def _num(v: float) -> str:
    a = abs(v)
    if a >= 100 or float(v).is_integer():
        return f"{v:,.0f}"
    if a >= 1:
        return f"{v:,.1f}"
    return f"{v:.3g}"


def _unit(v: float, unit: str) -> str:
    """``unit`` in the singular for exactly one of a counted word unit ("1 package")."""
    if abs(v) != 1 or not unit.isalpha() or not unit.islower() or not unit.endswith("s"):
        return unit
    return unit[:-3] + "y" if unit.endswith("ies") else unit[:-1]


def fmt_value(v: float | None, unit: str) -> str:
    """A number with thousands separators and its unit (``n/a`` when missing).

    Examples
    --------
    >>> fmt_value(1.0, "packages"), fmt_value(2.0, "entries"), fmt_value(1.0, "entries")
    ('1 package', '2 entries', '1 entry')
    """
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "n/a"
    return f"{_num(v)} {_unit(v, unit)}".strip()


def fmt_change(v: float | None, unit: str) -> str:
    """A signed change with its unit (``n/a`` when it cannot be computed)."""
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "n/a"
    sign = "+" if v > 0 else ("−" if v < 0 else "±")
    return f"{sign}{_num(abs(v))} {_unit(v, unit)}".strip()


def _bound(row: SeriesRow) -> str:
    lab = row.indicator.bound_label
    return lab if lab else "as reported"


def render_header(rep: Report, title: str) -> str:
    """Title block: period, data as-of, input hash, library version, look-back window."""
    a, b = rep.window()
    n_stale = sum(r.stale for r in rep.rows)
    return (
        f'<div class="wi-report"><h1>{esc(title)}</h1>'
        f"<table><tbody>"
        f"<tr><th>Report period</th><td>{esc(str(rep.period))} "
        f"({rep.period.start.date()} to {rep.period.end.date()})</td></tr>"
        f"<tr><th>Data as of</th><td>{esc(rep.as_of)}</td></tr>"
        f"<tr><th>Look-back window</th><td>{a} to {b} ({rep.lookback_periods} periods)"
        f"</td></tr>"
        f"<tr><th>Content hash of the input data (SHA-256)</th>"
        f"<td><code>{esc(rep.data_hash)}</code></td></tr>"
        f"<tr><th>warindicators version</th><td>{esc(rep.version)}</td></tr>"
        f"<tr><th>Series</th><td>{len(rep.rows)} shown, {n_stale} stale (no observation "
        f"in {esc(str(rep.period))}; flagged, with their latest date)</td></tr>"
        f"</tbody></table></div>"
    )


def _trend_cell(row: SeriesRow) -> str:
    t = row.trend
    if t is None:
        return '<span class="note">n/a</span>'
    per = t.get("per") or ("month" if row.values.index.freqstr.startswith("M") else "week")
    unit = row.indicator.unit
    return (
        f"{esc(t['direction'])}; slope {esc(fmt_change(t['slope'], unit))}/{per} "
        f"[{esc(_num(t['slope_low']))}, {esc(_num(t['slope_high']))}], "
        f"p={t['p_value']:.2g}"
    )


def _cps(row: SeriesRow, rep: Report) -> str:
    a, b = rep.window()
    cur = [p for p in row.changepoints if p == b]
    win = [p for p in row.changepoints if a <= p <= b]
    in_p = "yes" if cur else "none"
    in_w = ", ".join(period_label(p) for p in win) or "none"
    return f"in period: {esc(in_p)}; in window: {esc(in_w)}"


def render_headline(rep: Report, family: str | None = None, *, analysis: bool = True) -> str:
    """Headline table: one row per series, stale ones flagged with their latest date.

    ``analysis=False`` leaves out the trend and changepoint columns (a compact summary).
    """
    rows = [r for r in rep.rows if family is None or r.indicator.family == family]
    if not rows:
        return '<p class="note">No series.</p>'
    extra = "<th>Trend (look-back window)</th><th>Changepoints</th>" if analysis else ""
    out = [
        '<div class="wi-report"><table><thead><tr><th>Indicator</th><th>Region</th>'
        "<th>Value</th><th>Qualifier</th><th>Coverage</th><th>vs previous period</th>"
        f"<th>vs a year earlier</th>{extra}</tr></thead><tbody>"
    ]
    for r in rows:
        unit = r.indicator.unit
        cls = ' class="stale"' if r.stale else ""
        cov = f"<strong>stale</strong> ({esc(r.latest_label)})" if r.stale else esc(r.latest_label)
        value = fmt_value(r.value, unit)
        if r.stale and r.value is not None:
            value = f"{value} (at {r.latest_date.date() if r.latest_date else ''})"
        out.append(
            f"<tr{cls}><td>{esc(r.indicator.title)}<br><code>{esc(r.indicator.id)}"
            f"</code></td><td>{esc(r.region_label)}</td>"
            f'<td class="num">{esc(value)}</td><td>{esc(_bound(r))}</td>'
            f"<td>{cov}</td>"
            f'<td class="num">{esc(fmt_change(r.change_prev, unit))}</td>'
            f'<td class="num">{esc(fmt_change(r.change_year, unit))}</td>'
            + (f"<td>{_trend_cell(r)}</td><td>{_cps(r, rep)}</td>" if analysis else "")
            + "</tr>"
        )
    out.append("</tbody></table></div>")
    return "".join(out)


def _highs_lows(r: SeriesRow, rep: Report) -> str | None:
    _, b = rep.window()
    s = r.stats.dropna()
    if r.stale or b not in s.index or len(s) < 3:
        return None
    prior, cur = s[s.index < b], float(s.loc[b])
    what = "per-period value" if r.indicator.measure == "cumulative" else "value"
    if cur > prior.max():
        return (
            f"new high: {what} {fmt_value(cur, r.indicator.unit)} (previous high "
            f"{fmt_value(float(prior.max()), r.indicator.unit)} in {prior.idxmax()})"
        )
    if cur < prior.min():
        return (
            f"new low: {what} {fmt_value(cur, r.indicator.unit)} (previous low "
            f"{fmt_value(float(prior.min()), r.indicator.unit)} in {prior.idxmin()})"
        )
    return None


def render_what_changed(rep: Report) -> str:
    """New changepoints, new highs or lows, and revised history since the previous period."""
    items = []
    for r in rep.rows:
        new = sorted(set(r.changepoints) - set(r.changepoints_before))
        if new and not r.stale:
            items.append(
                f"<li>{esc(r.indicator.title)}: new changepoint(s) at "
                f"{esc(', '.join(period_label(p) for p in new))}</li>"
            )
        hl = _highs_lows(r, rep)
        if hl:
            items.append(f"<li>{esc(r.indicator.title)}: {esc(hl)}</li>")
    for _, v in rep.revisions.iterrows():
        items.append(
            f"<li>Revised: {esc(str(v['indicator']))} ({esc(str(v['region']))}) "
            f"{pd.Timestamp(v['date']).date()}: {esc(_num(float(v['old'])))} → "
            f"{esc(_num(float(v['new'])))} (published "
            f"{pd.Timestamp(v['published']).date()})</li>"
        )
    n_rev = len(rep.revisions)
    summary = (
        f"<p>{n_rev} past value(s) revised by data published in {esc(str(rep.period))}.</p>"
        if n_rev
        else f"<p>No past values were revised by data published in {esc(str(rep.period))}.</p>"
    )
    body = (
        "<ul>" + "".join(items) + "</ul>"
        if items
        else "<p>No new changepoints, highs or lows in series with data for this period.</p>"
    )
    return f'<div class="wi-report">{body}{summary}</div>'


def render_coverage(rep: Report) -> str:
    """Coverage table: every series with its latest date and whether it is stale."""
    out = [
        '<div class="wi-report"><table><thead><tr><th>Family</th><th>Indicator</th>'
        "<th>Region</th><th>First period</th><th>Latest observation</th><th>Status</th>"
        "</tr></thead><tbody>"
    ]
    for r in rep.rows:
        first = str(r.values.dropna().index.min()) if r.values.notna().any() else "n/a"
        status = f"stale ({r.latest_label})" if r.stale else "current"
        cls = ' class="stale"' if r.stale else ""
        out.append(
            f"<tr{cls}><td>{esc(r.indicator.family)}</td><td>{esc(r.indicator.id)}"
            f"</td><td>{esc(r.region_label)}</td><td>{esc(first)}</td>"
            f"<td>{esc(str(r.latest_date.date()) if r.latest_date else 'n/a')}</td>"
            f"<td>{esc(status)}</td></tr>"
        )
    out.append("</tbody></table></div>")
    return "".join(out)


def render_events(rep: Report, family: str | None = None) -> str:
    """Dated events of the look-back window (and of ``family`` when given)."""
    a, b = rep.window()
    ev = rep.events
    ev = ev[(ev["date"] >= a.start_time) & (ev["date"] <= b.end_time)]
    if family is not None:
        ev = ev[ev["family"] == family]
    if ev.empty:
        return (
            '<p class="note">No dated events in the look-back window '
            f"({period_label(a)} to {period_label(b)}).</p>"
        )
    rows = "".join(
        f"<tr><td>{pd.Timestamp(e['date']).date()}</td><td>{esc(str(e['event']))}"
        f"</td><td>{esc(str(e['detail']))}</td><td>{esc(str(e['source']))}</td></tr>"
        for _, e in ev.iterrows()
    )
    return (
        '<div class="wi-report"><table><thead><tr><th>Date</th><th>Event</th>'
        f"<th>Detail</th><th>Source</th></tr></thead><tbody>{rows}</tbody></table></div>"
    )


def source_lines() -> list[tuple[str, str, str]]:
    """``(section, licence, attribution)`` from the shipped data's SOURCES.md."""
    text = (files("warindicators") / "data" / "reference" / "SOURCES.md").read_text("utf-8")
    out = []
    for block in re.split(r"\n(?=## )", text):
        head = block.splitlines()[0].lstrip("# ").strip()
        lic = re.search(r"^\* Licence:\s*(.+?)(?=\n\*|\n\n|\Z)", block, re.M | re.S)
        att = re.findall(r"\*\*(\"[^*]+\")\*\*", block)
        if lic or att:
            out.append(
                (
                    head,
                    " ".join(lic.group(1).split()) if lic else "",
                    "; ".join(" ".join(a.strip('"').split()) for a in att),
                )
            )
    return out


def render_methods(rep: Report) -> str:
    """Methods and sources: how numbers are computed, every attribution and licence."""
    origins: dict[tuple[str, str, str], list[str]] = {}
    for r in rep.rows:
        for o in r.indicator.origins:
            origins.setdefault((o.producer, o.licence, o.attribution), []).append(r.indicator.id)
    orows = "".join(
        f"<tr><td>{esc(p)}</td><td>{esc(lic)}</td><td>{esc(att)}</td>"
        f"<td>{esc(', '.join(ids))}</td></tr>"
        for (p, lic, att), ids in origins.items()
    )
    srows = "".join(
        f"<tr><td>{esc(h)}</td><td>{esc(lic)}</td><td>{esc(att)}</td></tr>"
        for h, lic, att in source_lines()
    )
    notes = sorted({n for r in rep.rows for n in r.notes if "not available" in n})
    note_html = ("<p>Analysis notes: " + esc("; ".join(notes)) + "</p>") if notes else ""
    return f"""<div class="wi-report">
<p>Values are the latest vintage of each observation{
        esc(" published by " + rep.as_of) if "newest" not in rep.as_of else ""
    }. Observations are binned into report periods by the
indicator's measure: flows and counts are summed, levels and running totals take the
period's last value, shares and rates are averaged. Changes compare the period's value with
the previous period and with the same period a year earlier. Trends are Mann-Kendall tests
with Sen slopes and confidence intervals over the look-back window; changepoints use the
library's default detector over the whole history. For running totals both use the
per-period increments. Qualifiers follow the source: "at least" for lower bounds, "claimed
by" for one side's claims, "estimate" for model or map-based estimates. A series with no
observation in the report period is flagged stale and shown with its latest date.</p>
{note_html}
<h3>Attribution and licences of the indicators shown</h3>
<table><thead><tr><th>Producer</th><th>Licence</th><th>Attribution</th><th>Indicators</th>
</tr></thead><tbody>{orows}</tbody></table>
<h3>Attribution lines and licences of the shipped reference data</h3>
<table><thead><tr><th>Source</th><th>Licence</th><th>Attribution</th></tr></thead>
<tbody>{srows}</tbody></table></div>"""
