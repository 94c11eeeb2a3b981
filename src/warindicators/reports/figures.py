"""Seaborn-styled matplotlib figures of a report, embedded as base64 PNG ``<img>`` with alt
text.

Each :class:`Figure` renders itself as HTML (``<figure><img alt=...>``), so nbconvert keeps
the alt text and the page needs no other file. Titles give units and each series' latest
date; stale series are labelled as such.

Drawing is most of a report's run time, so the figures are built for speed: the seaborn
``whitegrid`` style is applied through an ``rc_context`` (no global state); the panels of
the series and bar figures are :class:`~warindicators.plot.frames.Panel` objects, plain
artists on the figure rather than matplotlib Axes (whose axis and tick machinery cost as
much as the drawing), with grid lines as one collection and tick labels as plain text; the
small multiples by region are panels of a single Axes
(:func:`warindicators.plot.panels.small_multiples`); text is unhinted and rendered by
:class:`~warindicators.plot.agg.FastTextCanvas` (each string laid out once); and PNGs are
written as RGB at a fast zlib level. :func:`figure_jobs` and :func:`draw_figure` let
:mod:`warindicators.reports.pool` draw the figures in other processes.

Examples
--------
>>> from warindicators.reports.content import build_report
>>> rep = build_report("2026-01", families=["territory"])
>>> figs = family_figures(rep, "territory")
>>> [f.title.split(":")[0] for f in figs]
['Territory', 'Territory']
>>> figs[0].to_html().startswith('<figure><img alt="')
True
"""

from __future__ import annotations

import base64
import html
import io
import math
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any, cast

import pandas as pd

from .content import Report, SeriesRow
from .periods import period_label

if TYPE_CHECKING:  # pragma: no cover
    from ..plot.frames import Panel

__all__ = [
    "DPI",
    "Figure",
    "FigureJob",
    "draw_figure",
    "family_figures",
    "family_title",
    "figure_jobs",
    "figure_style",
    "job_cost",
]

_MAX_PANELS = 8
DPI = 72  # pixels per inch of the embedded PNGs
_PNG = {"compress_level": 3}  # zlib level: near the default's size in much less time


@dataclass(frozen=True)
class Figure:
    """A rendered figure: title, alt text and PNG bytes (base64)."""

    title: str
    alt: str
    png_base64: str
    caption: str = ""

    def to_html(self) -> str:
        """``<figure>`` with an embedded PNG, its alt text and a caption."""
        return (
            f'<figure><img alt="{html.escape(self.alt)}" '
            f'src="data:image/png;base64,{self.png_base64}">'
            f"<figcaption><strong>{html.escape(self.title)}</strong>"
            f"{html.escape(self.caption)}</figcaption></figure>"
        )

    def _repr_html_(self) -> str:
        return self.to_html()


def family_title(family: str) -> str:
    """Human title of a family (``energy_exports`` → ``Energy exports``)."""
    return family.replace("_", " ").capitalize()


def figure_style(font_scale: float = 0.8) -> dict[str, Any]:
    """The rc parameters of report figures: seaborn's ``whitegrid`` style and ``deep``
    palette at ``font_scale``, titles at a fixed height (no automatic placement) and
    unhinted text (renders in about half the time, looks the same at these sizes).

    Examples
    --------
    >>> st = figure_style()
    >>> st["axes.grid"], st["axes.titley"], st["axes.titlesize"]
    (True, 1.0, 9.600000000000001)
    """
    return dict(_style(font_scale))


@cache
def _style(font_scale: float) -> dict[str, Any]:
    from .style import seaborn_rc

    rc = seaborn_rc(font_scale)  # seaborn's constants, without importing it each run
    rc["axes.titley"] = 1.0
    rc["axes.titlepad"] = 4.0
    rc["text.hinting"] = "no_hinting"  # text is most of the drawing; unhinted is faster
    return rc


@contextmanager
def _styled(font_scale: float = 0.8) -> Iterator[None]:
    import matplotlib

    with matplotlib.rc_context(cast(Any, figure_style(font_scale))):
        yield


def _new_figure(width: float, height: float) -> Any:
    from matplotlib.figure import Figure as MplFigure

    return MplFigure(figsize=(width, height))


def _render(fig: Any) -> str:
    """The figure as a base64 PNG: drawn by Agg at :data:`DPI`, stored as RGB (the
    background is opaque, so an alpha channel only costs time and bytes)."""
    from PIL import Image

    from ..plot.agg import FastTextCanvas

    fig.set_dpi(DPI)
    canvas = FastTextCanvas(fig)
    canvas.draw()
    width, height = canvas.get_width_height(physical=True)
    image = Image.frombuffer("RGBA", (width, height), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    buf = io.BytesIO()
    image.convert("RGB").save(buf, format="png", **_PNG)
    return base64.b64encode(buf.getvalue()).decode("ascii")


def _label(r: SeriesRow) -> str:
    what = " per period" if r.stats_are_increments else ""
    stale = ", STALE" if r.stale else ""
    return (
        f"{r.indicator.title}{what} ({r.indicator.unit}; {r.region_label})\n{r.latest_label}{stale}"
    )


def _coverage(rows: list[SeriesRow]) -> str:
    return ". Units and coverage: " + "; ".join(
        f"{r.indicator.title} ({r.indicator.unit}), {r.latest_label}{' (stale)' if r.stale else ''}"
        for r in rows
    )


def _margins(fig: Any, height_in: float, hspace: float) -> None:
    """Fixed margins (much faster than constrained layout): room for the title on top."""
    fig.subplots_adjust(
        top=1 - 0.85 / height_in,
        bottom=0.35 / height_in,
        left=0.08,
        right=0.98,
        hspace=hspace,
        wspace=0.28,
    )


def _panels(n: int, width: float = 5.2, height: float = 2.6) -> tuple[Any, list[Panel]]:
    """A figure with ``n`` panels in rows of two, fixed margins (room for the title)."""
    from ..plot.frames import panel_grid

    cols = min(2, n)
    rows = math.ceil(n / cols)
    height_in = height * rows + 0.5
    fig = _new_figure(width * cols, height_in)
    top, bottom = 1 - 0.85 / height_in, 0.35 / height_in
    return fig, panel_grid(fig, n, ncols=cols, top=top, bottom=bottom, hspace=0.8)


def tick_labels(values: Any) -> list[str]:
    """Labels of evenly spaced tick values: thousands separators, as many decimals as the
    spacing needs, millions as ``M``.

    Examples
    --------
    >>> tick_labels([0, 5000, 10000, 15000]), tick_labels([0.5, 0.75, 1.0])
    (['0', '5,000', '10,000', '15,000'], ['0.50', '0.75', '1.00'])
    >>> tick_labels([0, 2_500_000, 5_000_000])
    ['0', '2.5M', '5M']
    """
    import numpy as np

    v = np.asarray(values, dtype=float)
    if v.size == 0:
        return []
    step = float(np.min(np.diff(v))) if v.size > 1 else abs(float(v[0])) or 1.0
    big = float(np.max(np.abs(v))) >= 1e6
    scale, suffix = (1e6, "M") if big else (1.0, "")
    unit = step / scale
    digits = next((d for d in range(7) if abs(unit * 10**d - round(unit * 10**d)) < 1e-6), 6)
    out = []
    for x in v:
        text = f"{x / scale:,.{digits}f}"
        if big and "." in text:
            text = text.rstrip("0").rstrip(".")
        out.append("0" if x == 0 else text + suffix)
    return out


def _light(p: Panel, unit: str, x: tuple[Any, list[str]], *, x_size: float = 8.8) -> None:
    """Tick labels and grid of one panel, y ticks at round values inside its limits."""
    ys = p.yticks(4)
    p.ticks(x=x, y=(ys, tick_labels(ys)), ylabel=unit, fontsize=8.8, x_fontsize=x_size)


def _series_figure(rep: Report, family: str, rows: list[SeriesRow]) -> Figure:
    import matplotlib.dates as mdates

    from ..plot.frames import year_ticks

    fig, panels = _panels(len(rows))
    ev = rep.events[rep.events["family"] == family]
    event_dates = mdates.date2num([pd.Timestamp(d) for d in ev["date"]])
    n_cp = 0
    for p, r in zip(panels, rows, strict=True):
        s = r.stats.dropna()
        x = mdates.date2num(s.index.to_timestamp())
        p.line(x, s.to_numpy(), color="C0", marker="o", markersize=3, markeredgecolor="w")
        cps = mdates.date2num([c.to_timestamp() for c in r.changepoints])
        n_cp += len(cps)
        if len(cps):
            p.vlines(cps, colors="crimson", linestyles="--", linewidths=1)
        seg = r.segments
        if seg is not None and {"start", "end", "mean"} <= set(seg.columns) and len(s):
            lv, la, lb = [], [], []
            for a, e, m in zip(seg["start"], seg["end"], seg["mean"], strict=True):
                a, b = int(a), min(int(e), len(s)) - 1
                if 0 <= a <= b:
                    lv.append(float(m))
                    la.append(x[a])
                    lb.append(x[b])
            if lv:
                p.hlines(lv, la, lb, colors="grey", linewidths=2, alpha=0.7)
        if len(event_dates):
            p.vlines(event_dates, colors="black", linestyles=":", linewidths=0.8, alpha=0.6)
        p.span(*mdates.date2num([rep.period.start, rep.period.end]), color="orange", alpha=0.25)
        p.autoscale()
        p.title(_label(r), fontsize=8)
        _light(p, r.indicator.unit, year_ticks(*p.xlim))
    fam = family_title(family)
    title = (
        f"{fam}: series per {'month' if rep.period.cadence == 'monthly' else 'week'} "
        f"to {rep.period}, with changepoints and dated events"
    )
    fig.suptitle(title, fontsize=10)
    alt = (
        f"{fam}: {len(rows)} line chart(s), one per series, of per-period values over the "
        f"whole history up to {rep.period}: "
        + "; ".join(
            f"{r.indicator.title} in {r.indicator.unit} ({r.latest_label}"
            f"{', stale' if r.stale else ''})"
            for r in rows
        )
        + f". Red dashed lines mark {n_cp} changepoint(s), grey bars the segment means, "
        f"dotted lines {len(ev)} dated event(s), the orange band the report period."
    )
    return Figure(title, alt, _render(fig), _coverage(rows))


def _span(index: pd.PeriodIndex) -> str:
    return (
        f"{period_label(index.min())} to {period_label(index.max())}" if len(index) else "no data"
    )


def _window(r: SeriesRow, rep: Report) -> pd.Series:
    s = r.stats.dropna()
    if s.empty:
        return s
    end = min(rep.window()[1], s.index.max())
    return s[(s.index > end - rep.lookback_periods) & (s.index <= end)]


def _bars_figure(rep: Report, family: str, rows: list[SeriesRow]) -> Figure:
    fig, panels = _panels(len(rows))
    parts = []
    for p, r in zip(panels, rows, strict=True):
        w = _window(r, rep)
        labels = [period_label(q) for q in w.index]
        p.bars(w.to_numpy(), facecolors="C0", edgecolors="white", linewidths=0.5)
        p.autoscale(x=False)
        p.set_xlim(-0.6, max(len(labels), 1) - 0.4)
        step = max(1, len(labels) // 6)
        _light(p, r.indicator.unit, (list(range(0, len(labels), step)), labels[::step]), x_size=7)
        p.title(_label(r), fontsize=8)
        span = _span(w.index)
        parts.append(
            f"{r.indicator.title} ({r.indicator.unit}), {span}{', stale' if r.stale else ''}"
        )
    fam = family_title(family)
    unit = "months" if rep.period.cadence == "monthly" else "weeks"
    title = f"{fam}: per-period values, {rep.lookback_periods} {unit} to each series' latest data"
    fig.suptitle(title, fontsize=10)
    alt = f"{fam}: bar charts of per-period values: " + "; ".join(parts) + "."
    return Figure(title, alt, _render(fig), _coverage(rows))


def _regional_figure(rep: Report, r: SeriesRow) -> Figure:
    from ..plot.panels import small_multiples
    from ..regions import region_name

    assert r.regional is not None
    wide = r.regional.dropna(how="all")
    end = min(rep.window()[1], wide.index.max())
    wide = wide[(wide.index > end - rep.lookback_periods) & (wide.index <= end)]
    n = wide.shape[1]
    rows = math.ceil(n / 6) if n else 1
    height = 1.45 * rows + 0.6
    fig = _new_figure(11, height)
    _margins(fig, height, hspace=0.6)
    fig.subplots_adjust(left=0.06, bottom=0.25 / height)
    ax = fig.add_subplot()
    labels = [period_label(wide.index[0]), period_label(wide.index[-1])] if len(wide) else []
    small_multiples(
        ax,
        {str(c): wide[c].to_numpy() for c in wide.columns},
        labels,
        titles=[f"{c} {region_name(str(c))}" for c in wide.columns],
        ncols=6,
    )
    span = _span(wide.index)
    title = (
        f"{r.indicator.title} by region ({r.indicator.unit}), {span}; {r.latest_label}"
        f"{' - STALE: no data in ' + str(rep.period) if r.stale else ''}"
    )
    fig.suptitle(title, fontsize=9)
    fig.supylabel(r.indicator.unit, fontsize=8)
    alt = (
        f"Small multiples, one line chart per region ({n} regions, same scale), of "
        f"{r.indicator.title} in {r.indicator.unit} from {span}; {r.latest_label}"
        f"{', stale' if r.stale else ''}."
    )
    return Figure(title, alt, _render(fig))


FigureJob = tuple[str, str, int]
"""One figure of a report: ``(family, kind, index)``, kind ``series``, ``bars`` or
``regional`` (``index`` numbers the regional figures of a family)."""


def _family_rows(rep: Report, family: str) -> list[SeriesRow]:
    rows = [r for r in rep.rows if r.indicator.family == family and r.stats.notna().any()]
    return rows[:_MAX_PANELS]


def figure_jobs(rep: Report, family: str) -> list[FigureJob]:
    """The figures of one family section, in order: series with changepoints and events,
    per-period bars for the look-back window, and small multiples by region for each
    series whose data is regional.

    Examples
    --------
    >>> from warindicators.reports.content import build_report
    >>> figure_jobs(build_report("2026-01", families=["territory"]), "territory")
    [('territory', 'series', 0), ('territory', 'bars', 0)]
    """
    rows = _family_rows(rep, family)
    if not rows:
        return []
    jobs = [(family, "series", 0), (family, "bars", 0)]
    regional = [r for r in rows if r.regional is not None]
    return jobs + [(family, "regional", i) for i in range(len(regional))]


def job_cost(rep: Report, job: FigureJob) -> float:
    """Rough relative drawing time of a figure (to hand the longest out first)."""
    family, kind, _ = job
    n = len(_family_rows(rep, family))
    return {"series": 1.0 + 1.2 * n, "bars": 1.0 + n}.get(kind, 2.5)


def draw_figure(rep: Report, job: FigureJob) -> Figure:
    """Draw one figure of :func:`figure_jobs`."""
    family, kind, index = job
    rows = _family_rows(rep, family)
    if kind == "series":
        with _styled():
            return _series_figure(rep, family, rows)
    if kind == "bars":
        with _styled():
            return _bars_figure(rep, family, rows)
    if kind == "regional":
        with _styled(0.7):
            return _regional_figure(rep, [r for r in rows if r.regional is not None][index])
    raise ValueError(f"unknown figure kind {kind!r}")


def family_figures(rep: Report, family: str) -> list[Figure]:
    """The figures of one family section (see :func:`figure_jobs`), drawn here."""
    return [draw_figure(rep, job) for job in figure_jobs(rep, family)]
