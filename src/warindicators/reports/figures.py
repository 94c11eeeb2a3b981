"""Seaborn figures of a report, embedded as base64 PNG ``<img>`` with alt text.

Each :class:`Figure` renders itself as HTML (``<figure><img alt=...>``), so nbconvert keeps
the alt text and the page needs no other file. Titles give units and each series' latest
date; stale series are labelled as such.

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
from dataclasses import dataclass
from typing import Any

import pandas as pd

from .content import Report, SeriesRow

__all__ = ["Figure", "family_figures", "family_title"]

_MAX_PANELS = 8


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


def _render(fig: Any) -> str:
    import matplotlib.pyplot as plt

    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=72)
    plt.close(fig)
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


def _grid(n: int, width: float = 5.2, height: float = 2.6) -> tuple[Any, list[Any]]:
    import matplotlib.pyplot as plt

    cols = min(2, n)
    rows = math.ceil(n / cols)
    fig, axes = plt.subplots(rows, cols, figsize=(width * cols, height * rows + 0.5), squeeze=False)
    _margins(fig, height * rows + 0.5, hspace=0.8)
    flat = [ax for row in axes for ax in row]
    for ax in flat[n:]:
        ax.set_visible(False)
    return fig, flat[:n]


def _series_figure(rep: Report, family: str, rows: list[SeriesRow]) -> Figure:
    import matplotlib.dates as mdates
    import seaborn as sns

    sns.set_theme(style="whitegrid", font_scale=0.8)
    fig, axes = _grid(len(rows))
    ev = rep.events[rep.events["family"] == family]
    n_cp = 0
    for ax, r in zip(axes, rows, strict=True):
        s = r.stats.dropna()
        x = s.index.to_timestamp()
        sns.lineplot(x=x, y=s.to_numpy(), ax=ax, marker="o", markersize=3)
        for p in r.changepoints:
            ax.axvline(p.to_timestamp(), color="crimson", ls="--", lw=1)
            n_cp += 1
        seg = r.segments
        if seg is not None and {"start", "end", "mean"} <= set(seg.columns) and len(s):
            for _, g in seg.iterrows():
                a, b = int(g["start"]), min(int(g["end"]), len(s)) - 1
                if 0 <= a <= b:
                    ax.hlines(float(g["mean"]), x[a], x[b], color="grey", lw=2, alpha=0.7)
        for d in ev["date"]:
            ax.axvline(pd.Timestamp(d), color="black", ls=":", lw=0.8, alpha=0.6)
        ax.axvspan(rep.period.start, rep.period.end, color="orange", alpha=0.25)
        ax.set_title(_label(r), fontsize=8)
        ax.set_ylabel(r.indicator.unit)
        ax.set_xlabel("")
        ax.xaxis.set_major_locator(mdates.YearLocator())
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
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


def _window(r: SeriesRow, rep: Report) -> pd.Series:
    s = r.stats.dropna()
    if s.empty:
        return s
    end = min(rep.window()[1], s.index.max())
    return s[(s.index > end - rep.lookback_periods) & (s.index <= end)]


def _bars_figure(rep: Report, family: str, rows: list[SeriesRow]) -> Figure:
    import seaborn as sns

    sns.set_theme(style="whitegrid", font_scale=0.8)
    fig, axes = _grid(len(rows))
    parts = []
    for ax, r in zip(axes, rows, strict=True):
        w = _window(r, rep)
        labels = [str(p) for p in w.index]
        # plain bars at integer positions: a categorical barplot builds one tick per bar,
        # which was most of the report's drawing time
        ax.bar(range(len(labels)), w.to_numpy(), color=sns.color_palette()[0], width=0.8)
        step = max(1, len(labels) // 6)
        ax.set_xticks(range(0, len(labels), step))
        ax.set_xticklabels(labels[::step], fontsize=7)
        ax.set_title(_label(r), fontsize=8)
        ax.set_ylabel(r.indicator.unit)
        span = f"{w.index.min()} to {w.index.max()}" if len(w) else "no data"
        parts.append(
            f"{r.indicator.title} ({r.indicator.unit}), {span}{', stale' if r.stale else ''}"
        )
    fam = family_title(family)
    title = f"{fam}: per-period values, last {rep.lookback_periods} periods with data"
    fig.suptitle(title, fontsize=10)
    alt = f"{fam}: bar charts of per-period values: " + "; ".join(parts) + "."
    return Figure(title, alt, _render(fig), _coverage(rows))


def _regional_figure(rep: Report, r: SeriesRow) -> Figure:
    import matplotlib.pyplot as plt
    import seaborn as sns

    from ..regions import region_name

    assert r.regional is not None
    wide = r.regional.dropna(how="all")
    end = min(rep.window()[1], wide.index.max())
    wide = wide[(wide.index > end - rep.lookback_periods) & (wide.index <= end)]
    sns.set_theme(style="whitegrid", font_scale=0.7)
    n = wide.shape[1]
    cols = 6
    rows = math.ceil(n / cols)
    fig, axes = plt.subplots(
        rows,
        cols,
        figsize=(11, 1.45 * rows + 0.6),
        sharex=True,
        sharey=True,
        squeeze=False,
    )
    _margins(fig, 1.45 * rows + 0.6, hspace=0.6)
    flat = [ax for row in axes for ax in row]
    x = list(range(len(wide)))
    palette = sns.color_palette()
    from matplotlib.ticker import MaxNLocator

    for ax, code in zip(flat, wide.columns, strict=False):
        ax.plot(x, wide[code].to_numpy(), color=palette[0], lw=1.2)
        ax.set_title(f"{code} {region_name(str(code))}", fontsize=7)
        ax.yaxis.set_major_locator(MaxNLocator(3))
    for ax in flat[n:]:
        ax.set_visible(False)
    if x:
        flat[0].set_xticks([0, x[-1]])
        flat[0].set_xticklabels([str(wide.index[0]), str(wide.index[-1])], fontsize=6)
    span = f"{wide.index.min()} to {wide.index.max()}" if len(wide) else "no data"
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


def family_figures(rep: Report, family: str) -> list[Figure]:
    """The figures of one family section: series with changepoints and events, per-period
    bars for the look-back window, and small multiples by region where data is regional."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    rows = [r for r in rep.rows if r.indicator.family == family and r.stats.notna().any()]
    rows = rows[:_MAX_PANELS]
    if not rows:
        return []
    figs = [_series_figure(rep, family, rows), _bars_figure(rep, family, rows)]
    figs += [_regional_figure(rep, r) for r in rows if r.regional is not None]
    return figs
