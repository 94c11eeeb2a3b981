"""Plot panels drawn straight onto a figure, without matplotlib Axes.

A report figure is a grid of small line or bar charts. A matplotlib Axes for each of them
builds two axis objects, their ticks (a tick is five artists built with full property
handling, and the locators make ticks beyond the visible range too) and four spines, and
creating one costs about as much as drawing its content. A :class:`Panel` keeps only what
such a chart needs: a white frame, data-to-pixel transforms, limits autoscaled with
matplotlib's margins and sticky edges, grid lines with tick labels (one line collection and
one text per label) and a title. Its lines, bars and spans are ordinary matplotlib artists
added to the figure and clipped to the panel, so the figure draws, saves and embeds as any
other. :func:`panel_grid` lays panels out the way ``Figure.subplots`` with
``subplots_adjust`` does.

Examples
--------
>>> import numpy as np
>>> from matplotlib.figure import Figure
>>> fig = Figure(figsize=(6, 3))
>>> a, b = panel_grid(fig, 2, ncols=2)
>>> _ = a.line(np.arange(10.0), np.arange(10.0) ** 2)
>>> a.autoscale()
>>> [round(v, 2) for v in a.xlim], [round(v, 2) for v in a.ylim]
([-0.45, 9.45], [-4.05, 85.05])
>>> [float(t) for t in a.yticks(4)]
[0.0, 25.0, 50.0, 75.0]
>>> a.ticks(y=(a.yticks(4), ["0", "25", "50", "75"]), ylabel="km²")
>>> a.title("Area")
>>> sorted(t.get_text() for t in fig.artists if hasattr(t, "get_text")), len(fig.axes)
(['0', '25', '50', '75', 'Area', 'km²'], 0)
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from typing import Any

import numpy as np

__all__ = ["Panel", "Positions", "panel_grid", "year_ticks"]

Positions = Sequence[float] | np.ndarray
"""Tick positions in data coordinates."""


class Panel:
    """A rectangle of a figure with its own data coordinates (see the module docstring).

    Parameters
    ----------
    fig
        The matplotlib figure.
    rect
        ``(left, bottom, width, height)`` in figure fractions.

    Attributes
    ----------
    figure
        The figure drawn on.
    transData, transAxes, transX
        Data to pixels; panel fractions (0-1) to pixels; x in data and y in panel fractions.
    """

    def __init__(self, fig: Any, rect: Sequence[float]) -> None:
        import matplotlib as mpl
        from matplotlib.patches import Rectangle
        from matplotlib.transforms import (
            Bbox,
            BboxTransformFrom,
            BboxTransformTo,
            TransformedBbox,
            blended_transform_factory,
        )

        self.figure = fig
        self._view = Bbox.unit()
        self.bbox = TransformedBbox(Bbox.from_bounds(*rect), fig.transFigure)
        self.transAxes = BboxTransformTo(self.bbox)
        self.transData = BboxTransformFrom(self._view) + self.transAxes
        self.transX = blended_transform_factory(self.transData, self.transAxes)
        self._xs: list[np.ndarray] = []
        self._ys: list[np.ndarray] = []
        self._sticky_y: list[float] = []
        rc = mpl.rcParams
        face = Rectangle(
            (0, 0),
            1,
            1,
            facecolor=rc["axes.facecolor"],
            edgecolor="none",
            linewidth=0,
            transform=self.transAxes,
            zorder=-1,
        )
        frame = Rectangle(
            (0, 0),
            1,
            1,
            fill=False,
            edgecolor=rc["axes.edgecolor"],
            linewidth=rc["axes.linewidth"],
            transform=self.transAxes,
            zorder=2.5,
        )
        fig.add_artist(face)
        fig.add_artist(frame)

    # -- limits ---------------------------------------------------------------------------
    @property
    def xlim(self) -> tuple[float, float]:
        """Data limits along x."""
        return float(self._view.x0), float(self._view.x1)

    @property
    def ylim(self) -> tuple[float, float]:
        """Data limits along y."""
        return float(self._view.y0), float(self._view.y1)

    def set_xlim(self, lo: float, hi: float) -> None:
        """Fix the data limits along x."""
        self._view.intervalx = (lo, hi)

    def set_ylim(self, lo: float, hi: float) -> None:
        """Fix the data limits along y."""
        self._view.intervaly = (lo, hi)

    def _extent(self, x: Any = None, y: Any = None) -> None:
        if x is not None:
            self._xs.append(np.ravel(np.asarray(x, dtype=float)))
        if y is not None:
            self._ys.append(np.ravel(np.asarray(y, dtype=float)))

    def autoscale(self, margin: float = 0.05, *, x: bool = True, y: bool = True) -> None:
        """Limits around everything drawn, widened by ``margin`` of the range on each side
        (matplotlib's ``axes.xmargin``), except past a sticky value (the base of bars)."""
        if x:
            self.set_xlim(*_limits(self._xs, margin, []))
        if y:
            self.set_ylim(*_limits(self._ys, margin, self._sticky_y))

    def yticks(self, nbins: int = 4) -> np.ndarray:
        """Round tick values inside the y limits (matplotlib's ``MaxNLocator``)."""
        from matplotlib.ticker import MaxNLocator

        lo, hi = self.ylim
        values = np.asarray(MaxNLocator(nbins).tick_values(lo, hi), dtype=float)
        eps = (hi - lo) * 1e-9
        return values[(values >= lo - eps) & (values <= hi + eps)]

    # -- artists --------------------------------------------------------------------------
    def add(self, artist: Any, *, clip: bool = True) -> Any:
        """Add ``artist`` to the figure (clipped to the panel unless ``clip`` is False)."""
        self.figure.add_artist(artist)
        if clip:
            artist.set_clip_box(self.bbox)
        return artist

    def line(self, x: Any, y: Any, **kwargs: Any) -> Any:
        """A line (``Line2D`` keyword arguments, e.g. ``marker``) through ``(x, y)``."""
        from matplotlib.lines import Line2D

        self._extent(x, y)
        return self.add(Line2D(np.asarray(x), np.asarray(y), transform=self.transData, **kwargs))

    def vlines(self, x: Any, **kwargs: Any) -> Any:
        """Vertical lines across the panel at data positions ``x``."""
        from matplotlib.collections import LineCollection

        xs = np.asarray(x, dtype=float)
        self._extent(x=xs)
        segments = [[(v, 0.0), (v, 1.0)] for v in xs]
        return self.add(LineCollection(segments, transform=self.transX, **kwargs))

    def hlines(self, y: Any, x0: Any, x1: Any, **kwargs: Any) -> Any:
        """Horizontal segments at ``y`` from ``x0`` to ``x1`` (data coordinates)."""
        from matplotlib.collections import LineCollection

        ys, a, b = (np.asarray(v, dtype=float) for v in (y, x0, x1))
        self._extent(np.concatenate([a, b]), ys)
        segments = [[(p, v), (q, v)] for v, p, q in zip(ys, a, b, strict=True)]
        return self.add(LineCollection(segments, transform=self.transData, **kwargs))

    def span(self, x0: float, x1: float, **kwargs: Any) -> Any:
        """A band across the panel from ``x0`` to ``x1`` (data coordinates)."""
        from matplotlib.patches import Rectangle

        self._extent(x=[x0, x1])
        kwargs.setdefault("linewidth", 0)
        return self.add(Rectangle((x0, 0.0), x1 - x0, 1.0, transform=self.transX, **kwargs))

    def bars(self, values: Any, width: float = 0.8, **kwargs: Any) -> Any:
        """Bars from 0 at positions 0, 1, ... as one collection (NaN draws no bar)."""
        from matplotlib.collections import PolyCollection

        v = np.asarray(values, dtype=float)
        h = width / 2
        verts = [
            [(i - h, 0.0), (i - h, v[i]), (i + h, v[i]), (i + h, 0.0)]
            for i in np.flatnonzero(np.isfinite(v))
        ]
        self._extent([-h, len(v) - 1 + h], np.append(v, 0.0))
        self._sticky_y.append(0.0)
        return self.add(PolyCollection(verts, transform=self.transData, **kwargs))

    def title(self, text: str, *, fontsize: float | None = None, pad: float | None = None) -> None:
        """The panel's title, centred above it (``axes.titlepad`` points)."""
        import matplotlib as mpl
        from matplotlib.text import Text
        from matplotlib.transforms import offset_copy

        rc = mpl.rcParams
        gap = rc["axes.titlepad"] if pad is None else pad
        at = offset_copy(self.transAxes, self.figure, y=gap, units="points")
        title = Text(
            0.5,
            1.0,
            text,
            transform=at,
            ha="center",
            va="baseline",
            fontsize=fontsize or rc["axes.titlesize"],
            color=rc["axes.titlecolor"] if rc["axes.titlecolor"] != "auto" else rc["text.color"],
        )
        self.add(title, clip=False)

    def ticks(
        self,
        *,
        x: tuple[Positions, Sequence[str]] | None = None,
        y: tuple[Positions, Sequence[str]] | None = None,
        ylabel: str | None = None,
        fontsize: float = 8.8,
        x_fontsize: float | None = None,
        color: Any = "0.15",
        grid_color: Any = None,
        grid_width: float | None = None,
    ) -> None:
        """Grid lines across the panel and tick labels beside it at data positions ``x``
        and ``y`` (``(positions, labels)``), and ``ylabel`` left of the y labels; set the
        limits first. ``grid_color`` and ``grid_width`` default to the style's ``grid.*``."""
        import matplotlib as mpl
        from matplotlib.collections import LineCollection
        from matplotlib.text import Text
        from matplotlib.transforms import offset_copy

        fig = self.figure
        rc = mpl.rcParams
        segments: list[list[tuple[float, float]]] = []
        widest = 0
        if x is not None:
            lo, hi = self.xlim
            below = offset_copy(self.transAxes, fig, y=-3, units="points")
            for v, lab in zip(x[0], x[1], strict=True):
                fx = (float(v) - lo) / (hi - lo)
                segments.append([(fx, 0.0), (fx, 1.0)])
                self.add(
                    Text(
                        fx,
                        0,
                        lab,
                        transform=below,
                        ha="center",
                        va="top",
                        fontsize=x_fontsize or fontsize,
                        color=color,
                    ),
                    clip=False,
                )
        if y is not None:
            lo, hi = self.ylim
            left = offset_copy(self.transAxes, fig, x=-4, units="points")
            for v, lab in zip(y[0], y[1], strict=True):
                fy = (float(v) - lo) / (hi - lo)
                segments.append([(0.0, fy), (1.0, fy)])
                self.add(
                    Text(
                        0,
                        fy,
                        lab,
                        transform=left,
                        ha="right",
                        va="center",
                        fontsize=fontsize,
                        color=color,
                    ),
                    clip=False,
                )
                widest = max(widest, len(lab))
        if segments:
            grid = LineCollection(
                segments,
                colors=rc["grid.color"] if grid_color is None else grid_color,
                linewidths=rc["grid.linewidth"] if grid_width is None else grid_width,
                transform=self.transAxes,
                zorder=0.5,
            )
            self.add(grid, clip=False)
        if ylabel:
            shift = -(8 + 0.62 * fontsize * widest + 0.4 * fontsize)
            at = offset_copy(self.transAxes, fig, x=shift, units="points")
            self.add(
                Text(
                    0,
                    0.5,
                    ylabel,
                    transform=at,
                    rotation=90,
                    ha="right",
                    va="center",
                    fontsize=fontsize,
                    color=color,
                ),
                clip=False,
            )


def _limits(parts: list[np.ndarray], margin: float, sticky: list[float]) -> tuple[float, float]:
    values = np.concatenate([*parts, np.empty(0)])
    values = values[np.isfinite(values)]
    if values.size == 0:
        return 0.0, 1.0
    lo, hi = float(values.min()), float(values.max())
    if hi == lo:  # one value: +-5 % of it, as matplotlib's nonsingular expander
        pad = abs(lo) * 0.05 or 0.05
        return lo - pad, hi + pad
    a, b = lo - margin * (hi - lo), hi + margin * (hi - lo)
    for s in sticky:  # widening never crosses a sticky value from inside
        if a < s <= lo:
            a = s
        if hi <= s < b:
            b = s
    return a, b


def panel_grid(
    fig: Any,
    n: int,
    *,
    ncols: int = 2,
    left: float = 0.08,
    right: float = 0.98,
    bottom: float = 0.1,
    top: float = 0.9,
    wspace: float = 0.28,
    hspace: float = 0.8,
) -> list[Panel]:
    """``n`` panels in rows of ``ncols``, placed as ``Figure.subplots`` places Axes after
    ``subplots_adjust(left, right, bottom, top, wspace, hspace)`` (gaps are fractions of a
    panel's width and height).

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> [tuple(map(float, p.bbox.bounds)) for p in panel_grid(Figure(figsize=(2, 1), dpi=100), 3,
    ...  ncols=2, left=0, right=1, bottom=0, top=1, wspace=0, hspace=0)]
    [(0.0, 50.0, 100.0, 50.0), (100.0, 50.0, 100.0, 50.0), (0.0, 0.0, 100.0, 50.0)]
    """
    cols = max(1, min(ncols, n))
    rows = max(1, math.ceil(n / cols))
    w = (right - left) / (cols + wspace * (cols - 1))
    h = (top - bottom) / (rows + hspace * (rows - 1))
    out = []
    for k in range(n):
        r, c = divmod(k, cols)
        x0 = left + c * w * (1 + wspace)
        y0 = top - (r + 1) * h - r * h * hspace
        out.append(Panel(fig, (x0, y0, w, h)))
    return out


def year_ticks(lo: float, hi: float, most: int = 8) -> tuple[np.ndarray, list[str]]:
    """Ticks on 1 January between two matplotlib date numbers, every year or every few
    years so that at most ``most`` remain, with their labels.

    Examples
    --------
    >>> import matplotlib.dates as mdates
    >>> pos, labels = year_ticks(*mdates.date2num([dt.date(2022, 2, 1), dt.date(2026, 1, 31)]))
    >>> labels
    ['2023', '2024', '2025', '2026']
    """
    import matplotlib.dates as mdates

    first = mdates.num2date(lo).year
    if mdates.date2num(dt.datetime(first, 1, 1)) < lo:
        first += 1
    last = mdates.num2date(hi).year
    years = list(range(first, last + 1))
    step = max(1, math.ceil(len(years) / most))
    years = [y for y in years if y % step == 0] if step > 1 else years
    pos = mdates.date2num([dt.datetime(y, 1, 1) for y in years]) if years else np.empty(0)
    return np.asarray(pos, dtype=float), [str(y) for y in years]
