"""Report figures drawn with seaborn on matplotlib's public API.

Every series of a report has a panel: :func:`family_figures` draws a
:class:`seaborn.FacetGrid` per family (small multiples, several figures for a large
family -- none is left out), each panel showing what was analysed (the per-period values,
or a running total's increments), the model fitted in each changepoint segment (level,
line or parabola, whichever was chosen: the fit itself, not a segment mean), the
changepoints, dated events, the report period, and partial periods as open markers that
were not analysed. :func:`regional_figures` draws regional series per region (small
multiples) and, for oblast data, a choropleth map per period.

Each figure is a :class:`ReportFigure`: the matplotlib figure (``.figure``; the seaborn
grid is ``.grid``), its title, alt text naming every series with its unit, and a caption.
In a notebook :func:`show` displays it as the cell's PNG image output, with the alt text
in the output's metadata (the HTML export writes it into the ``<img>`` tag), and its
caption below.

Examples
--------
>>> import matplotlib
>>> matplotlib.use("Agg")
>>> from warindicators.reports import build_report
>>> rep = build_report("2026-01", families=["territory"])
>>> figs = family_figures(rep, "territory")
>>> [len(f.figure.axes) for f in figs], "km2" in figs[0].alt
([3], True)
"""

from __future__ import annotations

import base64
import html
import io
import math
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pandas as pd

from .content import SeriesRow
from .report import Report, family_title, series_label

__all__ = [
    "DPI",
    "PALETTE",
    "PANELS_PER_FIGURE",
    "ReportFigure",
    "family_figures",
    "regional_figures",
    "report_style",
    "show",
]

DPI = 96  # the figure's inches are CSS inches: text is drawn at its size at 100 % zoom
WIDTH = 12.0  # inches: the page's full width (the briefing's main column is 1,200 px)
PANELS_PER_FIGURE = 8  # a large family gets several figures, never fewer panels
PALETTE = "colorblind"  # the one palette of every report figure


@contextmanager
def report_style() -> Iterator[None]:
    """Seaborn's ``whitegrid`` style, ``notebook`` context and the report palette, for the
    figures drawn inside the ``with`` block (no global change).

    Examples
    --------
    >>> with report_style():
    ...     import matplotlib
    ...     matplotlib.rcParams["axes.grid"]
    True
    """
    import matplotlib as mpl
    import seaborn as sns

    with (
        sns.axes_style("whitegrid"),
        sns.plotting_context("notebook"),
        sns.color_palette(PALETTE),
        # Axes titles at the top of their Axes (plus the usual pad): no report figure
        # has tick labels or an axis label above an Axes, where matplotlib's automatic
        # title position would move a title, and that automatic position measures every
        # tick of every Axes each time a figure is laid out or drawn. No automatic
        # layout either: figures set their margins or ask for a layout engine.
        mpl.rc_context(
            {
                "axes.titley": 1.0,
                "figure.autolayout": False,
                "figure.constrained_layout.use": False,
            }
        ),
    ):
        yield


def _colors() -> list[Any]:
    import seaborn as sns

    return list(sns.color_palette(PALETTE))


@dataclass
class ReportFigure:
    """A drawn report figure with its title, alt text and caption.

    Displayed in a notebook it is a PNG image output whose metadata carry the alt text
    (see :func:`show`).

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from matplotlib.figure import Figure
    >>> fig = ReportFigure(Figure(figsize=(2, 1)), "Demo", "A blank demo figure", "")
    >>> data, meta = fig._repr_mimebundle_()
    >>> sorted(data), meta["image/png"]["alt"]
    (['image/png', 'text/plain'], 'A blank demo figure')
    """

    figure: Any
    title: str
    alt: str
    caption: str
    grid: Any = None

    def png(self) -> bytes:
        """The figure as PNG bytes (``Figure.savefig``)."""
        buf = io.BytesIO()
        # zlib level 1: PNGs a little larger, written in a fraction of the time
        self.figure.savefig(
            buf, format="png", dpi=DPI, facecolor="white", pil_kwargs={"compress_level": 1}
        )
        return buf.getvalue()

    def _repr_mimebundle_(
        self, include: Any = None, exclude: Any = None
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        data = {
            "image/png": base64.b64encode(self.png()).decode("ascii"),
            "text/plain": self.title,
        }
        return data, {"image/png": {"alt": self.alt}}


def show(fig: ReportFigure) -> None:
    """Display a report figure in a notebook: its image (with alt text) and its caption,
    then close the matplotlib figure (so it is not drawn a second time at the end of the
    cell).

    Examples
    --------
    >>> show.__doc__.split(":")[0]
    'Display a report figure in a notebook'
    """
    import matplotlib.pyplot as plt
    from IPython.display import HTML, display

    display(fig)
    display(
        HTML(
            f'<p class="wi-caption"><strong>{html.escape(fig.title)}.</strong> '
            f"{html.escape(fig.caption)}</p>"
        )
    )
    plt.close(fig.figure)


def _fmt(v: float, _: Any = None) -> str:
    a = abs(v)
    if a >= 1e9:
        return f"{v / 1e9:.3g}B"
    if a >= 1e6:
        return f"{v / 1e6:.3g}M"
    if a >= 100 or float(v).is_integer():
        return f"{v:,.0f}"
    return f"{v:.3g}"


def _panel(ax: Any, data: pd.DataFrame, meta: dict[str, Any]) -> None:
    """Draw one series panel on ``ax`` (a facet of the family's ``FacetGrid``): the
    analysed values, the fitted model per segment, partial periods and, from ``meta``,
    the series' changepoints, the family's dated events and the report period."""
    import matplotlib.dates as mdates
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    c = _colors()
    full = data[~data["partial"]].sort_values("date")
    part = data[data["partial"]].sort_values("date")
    ax.plot(full["date"], full["value"], color=c[0], marker="o", ms=3.5, lw=1.2, zorder=3)
    for _, seg in full.groupby("segment"):
        if seg["fitted"].notna().any():
            ax.plot(seg["date"], seg["fitted"], color=c[1], lw=2.4, alpha=0.9, zorder=4)
    if len(part):
        ax.plot(
            part["date"],
            part["value"],
            ls="none",
            marker="o",
            ms=7,
            mfc="white",
            mec=c[3],
            mew=1.6,
            zorder=5,
        )
    for d in meta.get("changepoints", []):
        ax.axvline(d, color=c[3], ls="--", lw=1.2, zorder=2)
    for d in meta.get("events", []):
        ax.axvline(d, color="0.25", ls=":", lw=0.9, alpha=0.7, zorder=1)
    if "period" in meta:
        ax.axvspan(*meta["period"], color=c[7], alpha=0.18, lw=0, zorder=0)
    ax.yaxis.set_major_locator(MaxNLocator(5))
    ax.yaxis.set_major_formatter(FuncFormatter(_fmt))
    if len(data) and (data["date"].max() - data["date"].min()).days > 3 * 365:
        ax.xaxis.set_major_locator(mdates.YearLocator())
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    else:
        loc = mdates.AutoDateLocator(minticks=3, maxticks=8)
        ax.xaxis.set_major_locator(loc)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(loc))


def _legend(fig: Any) -> None:
    from matplotlib.lines import Line2D

    c = _colors()
    handles = [
        Line2D([], [], color=c[0], marker="o", ms=4, label="analysed values"),
        Line2D([], [], color=c[1], lw=2.4, label="fitted model per segment"),
        Line2D([], [], color=c[3], ls="--", label="changepoint"),
        Line2D([], [], color="0.25", ls=":", label="dated event"),
        Line2D(
            [],
            [],
            ls="none",
            marker="o",
            ms=7,
            mfc="white",
            mec=c[3],
            label="partial period (not analysed)",
        ),
        Line2D([], [], color=c[7], alpha=0.4, lw=8, label="report period"),
    ]
    fig.legend(
        handles=handles,
        loc="upper left",
        ncol=3,
        frameon=False,
        fontsize=10,
        bbox_to_anchor=(0.0, 1 - 0.4 / fig.get_figheight()),
    )


def _alt(rep: Report, family: str, rows: list[SeriesRow]) -> str:
    return (
        f"{family_title(family)}: {len(rows)} line chart(s), one per series, up to "
        f"{rep.period}: "
        + "; ".join(
            f"{r.indicator.title} ({r.stats_label}, {r.indicator.unit}; {r.region_label}; "
            f"{r.latest_label}; {r.status})"
            for r in rows
        )
        + ". Orange lines are the model fitted in each segment, dashed red lines "
        "changepoints, dotted lines dated events, open circles partial periods, the "
        "shaded band the report period."
    )


def family_figures(rep: Report, family: str) -> list[ReportFigure]:
    """The family's series figures: one panel per series with analysed values
    (:data:`PANELS_PER_FIGURE` panels per figure, as many figures as needed).

    A series with nothing to draw (no headline total, too little data) gets no panel
    here; it is named in the figure's caption and in ``rep.notes`` (regional series are
    drawn by :func:`regional_figures`).

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from warindicators.reports import build_report
    >>> figs = family_figures(build_report("2026-01", families=["sanctions"]), "sanctions")
    >>> len(figs), "entries" in figs[0].alt
    (1, True)
    """
    import matplotlib.pyplot as plt
    import seaborn as sns

    data = rep.figure_data(family)
    rows = [r for r in rep.rows_of(family) if r.indicator.id in set(data["id"])]
    skipped = [r for r in rep.rows_of(family) if r not in rows]
    for r in skipped:
        why = f"no total ({r.no_total})" if r.no_total else "no values to draw"
        note = ("info", f"not in the {family_title(family)} line charts: {why}")
        if note not in r.notes:
            r.notes.append(note)
    ev = rep.events[rep.events["family"] == family]
    out = []
    n_fig = math.ceil(len(rows) / PANELS_PER_FIGURE)
    for k in range(n_fig):
        chunk = rows[k * PANELS_PER_FIGURE : (k + 1) * PANELS_PER_FIGURE]
        ids = [r.indicator.id for r in chunk]
        d = data[data["id"].isin(ids)]
        # what each panel marks besides its data, by facet name (kept out of the frame's
        # attrs: pandas copies attrs deeply with every facet subset)
        panels = {
            series_label(r): {
                "changepoints": list(r.cp.dates) if r.cp else [],
                "events": [pd.Timestamp(x) for x in ev["date"]],
                "period": (rep.period.start, rep.period.end),
            }
            for r in chunk
        }
        order = [series_label(r) for r in chunk]
        cols = 1 if len(chunk) == 1 else 2
        with report_style():
            g = sns.FacetGrid(
                d,
                col="series",
                col_order=order,
                col_wrap=cols,
                sharex=True,
                sharey=False,
                height=3.4,
                aspect=(WIDTH / cols) / 3.4,
                despine=False,
            )
            # each facet drawn on its Axes (FacetGrid.facet_data/facet_axis); the grid's
            # margins are set once below rather than by a tight layout of the drawn grid
            for (i, j, _), facet in g.facet_data():
                if len(facet):
                    _panel(g.facet_axis(i, j), facet, panels[facet["series"].iloc[0]])
            g.set_titles("{col_name}", size=11)
            g.set_axis_labels("", "")
            for ax, r in zip(g.axes.flat, chunk, strict=False):
                ax.set_ylabel(r.indicator.unit)
            part = f" ({k + 1} of {n_fig})" if n_fig > 1 else ""
            title = f"{family_title(family)}{part}: series to {rep.period}"
            g.figure.suptitle(title, y=1.0, x=0.01, ha="left", va="top", fontsize=13, weight="bold")
            _legend(g.figure)
            _margins(g.figure, top=1.7, cols=cols)
            # the margins are fixed: no layout engine (FacetGrid's tight layout leaves a
            # placeholder one, for which savefig would lay the figure out once more)
            g.figure.set_layout_engine(None)
            plt.close(g.figure)
        caption = (
            "Each panel: "
            + "; ".join(
                f"{r.indicator.title} — {r.stats_label}, {r.indicator.unit} ({r.region_label})"
                for r in chunk
            )
            + "."
        )
        if skipped and k == n_fig - 1:
            caption += (
                " Not drawn here (see Notes): "
                + "; ".join(f"{r.indicator.title} ({r.no_total or 'no values'})" for r in skipped)
                + "."
            )
        out.append(ReportFigure(g.figure, title, _alt(rep, family, chunk), caption, g))
    return out


def regional_figures(rep: Report, family: str, *, map_periods: int = 4) -> list[ReportFigure]:
    """Per-region figures of the family's regional series: a heat map of every region's
    value per period over the look-back window (partial periods marked), and for oblast
    data a choropleth map for each of the last ``map_periods`` periods with data.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from warindicators.reports import build_report
    >>> rep = build_report("2026-01", indicators=["outages.air_raid_alerts"])
    >>> [f.title.split(" (")[0] for f in regional_figures(rep, "outages")]
    ['Air-raid alerts by region', 'Air-raid alerts by oblast']
    """
    import seaborn as sns
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter

    from ..regions import region_name

    out = []
    for r in rep.rows_of(family):
        d = rep.regional_data(r.indicator.id)
        if d.empty:
            continue
        unit = r.indicator.unit
        part = set(d.loc[d["partial"], "period"])
        d["column"] = [f"{p}*" if p in part else p for p in d["period"]]
        d["row"] = [
            f"{code} {region_name(code)}" if region_name(code) != code else code
            for code in d["region"]
        ]
        wide = d.pivot_table(index="row", columns="column", values="value", aggfunc="first")
        n = len(wide)
        span = f"{d['period'].min()} to {d['period'].max()}"
        with report_style():
            # outside pyplot (matplotlib's Figure constructor): its canvas renders only
            # when the PNG is written, not also when seaborn's heatmap asks for a draw to
            # measure its tick labels (measured all the same, without rendering)
            fig = Figure(figsize=(WIDTH, 1.2 + 0.28 * n))
            ax = fig.subplots()
            sns.heatmap(
                wide,
                ax=ax,
                cmap="rocket_r",
                linewidths=0.5,
                linecolor="white",
                cbar_kws={"label": unit, "format": FuncFormatter(_fmt), "pad": 0.01},
            )
            ax.set_xlabel("period" + (" (* partial)" if part else ""))
            ax.set_ylabel("")
            ax.tick_params(labelsize=9)
            title = f"{r.indicator.title} by region ({unit}), {span}; {r.latest_label}"
            fig.suptitle(title, y=0.995, x=0.01, ha="left", fontsize=13, weight="bold")
            fig.subplots_adjust(
                left=0.2, right=1.0, bottom=0.9 / (1.2 + 0.28 * n), top=1 - 0.45 / (1.2 + 0.28 * n)
            )
        alt = (
            f"Heat map of {r.indicator.title} in {unit}, one row per region ({n} regions: "
            + ", ".join(wide.index)
            + f") and one column per period from {span}; "
            f"{r.latest_label}; {r.status}."
        )
        caption = (
            f"{r.indicator.title} ({unit}) per region and period; darker cells are higher. "
            + ("Periods marked * are partial. " if part else "")
        )
        out.append(ReportFigure(fig, title, alt, caption))
        m = _map(rep, r, d, map_periods)
        if m is not None:
            out.append(m)
    return out


def _margins(fig: Any, *, top: float, cols: int) -> None:
    """Fixed margins in inches: ``top`` for the title and legend, room for tick labels
    and the panel titles between rows."""
    h = fig.get_figheight()
    fig.subplots_adjust(
        top=1 - top / h,
        bottom=0.45 / h,
        left=0.9 / WIDTH,
        right=1 - 0.15 / WIDTH,
        hspace=0.75 / 3.4 * 2.2,
        wspace=0.9 / (WIDTH / cols) * 1.6,
    )


def _map(rep: Report, r: SeriesRow, d: pd.DataFrame, n: int) -> ReportFigure | None:
    """Choropleth maps of an oblast series, one per period (None when not oblast data)."""
    if not d["region"].str.match(r"^UA-\d\d$").all():
        return None
    try:
        import matplotlib.pyplot as plt

        from ..plot.maps import BOUNDARIES_ATTRIBUTION, choropleth_grid
    except ImportError as exc:
        r.notes.append(("warning", f"no map: {exc}"))
        return None
    periods = sorted(d["period"].unique())[-n:]
    sel = d[d["period"].isin(periods)].copy()
    unit = r.indicator.unit
    title = f"{r.indicator.title} by oblast ({unit}), {periods[0]} to {periods[-1]}"
    try:
        with report_style():
            # four maps across the page's full width, so their text is not scaled down
            fig = choropleth_grid(
                sel,
                col="period",
                value="value",
                col_wrap=4,
                unit=unit,
                title=title,
                height=WIDTH / (4 * 1.4),
            )
            plt.close(fig)
    except Exception as exc:  # a map that cannot be drawn is named in the notes
        r.notes.append(("error", f"map failed: {type(exc).__name__}: {exc}"))
        return None
    alt = (
        f"Choropleth maps of {r.indicator.title} in {unit} by oblast, one per period "
        f"({', '.join(periods)}); {r.latest_label}. {BOUNDARIES_ATTRIBUTION}"
    )
    part = sorted(set(sel.loc[sel["partial"], "period"]))
    if part:
        alt += f" Partial periods (covered in part by the data): {', '.join(part)}."
    caption = f"Darker oblasts had more {unit}. Boundaries: {BOUNDARIES_ATTRIBUTION}"
    return ReportFigure(fig, title, alt, caption)
