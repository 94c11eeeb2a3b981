"""Light tick labels and grid lines for figures drawn in bulk.

A matplotlib tick is five artists (three lines, two texts) built with full property
handling, and the default locators build ticks beyond the visible range too: in a report of
some thirty Axes that was a third of the drawing time. :func:`light_ticks` draws what a
reader sees, grid lines and labels at the given positions, as one line collection and one
text per label, and switches the Axes' own ticks off.

Examples
--------
>>> import matplotlib
>>> matplotlib.use("Agg")
>>> from matplotlib.figure import Figure
>>> ax = Figure().add_subplot()
>>> _ = ax.plot([0, 10], [3, 47])
>>> ys = ticks_within(ax, "y", 4)
>>> [float(v) for v in ys]
[15.0, 30.0, 45.0]
>>> light_ticks(ax, y=(ys, [f"{v:g}" for v in ys]), ylabel="km²")
>>> len(ax.get_yticks()), [t.get_text() for t in ax.texts]
(0, ['15', '30', '45', 'km²'])
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, cast

import numpy as np

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

Positions = Sequence[float] | np.ndarray
"""Tick positions in data coordinates."""

__all__ = ["light_ticks", "ticks_within"]


def ticks_within(ax: Axes, axis: str, nbins: int = 4, locator: Any = None) -> np.ndarray:
    """Tick values inside the current limits of ``ax`` on ``axis`` (``"x"`` or ``"y"``).

    Parameters
    ----------
    ax
        The Axes; its data limits are applied first (``autoscale_view``).
    axis
        ``"x"`` or ``"y"``.
    nbins
        Most intervals for the default ``MaxNLocator``.
    locator
        A matplotlib locator to use instead (e.g. ``YearLocator`` on a date axis).

    Returns
    -------
    numpy.ndarray
        Tick positions in data coordinates, ascending.
    """
    from matplotlib.ticker import MaxNLocator

    ax.autoscale_view()
    lo, hi = sorted(ax.get_xlim() if axis == "x" else ax.get_ylim())
    loc = locator if locator is not None else MaxNLocator(nbins)
    loc.set_axis(ax.xaxis if axis == "x" else ax.yaxis)
    values = np.asarray(loc(), dtype=float)
    eps = (hi - lo) * 1e-9
    return values[(values >= lo - eps) & (values <= hi + eps)]


def light_ticks(
    ax: Axes,
    *,
    x: tuple[Positions, Sequence[str]] | None = None,
    y: tuple[Positions, Sequence[str]] | None = None,
    ylabel: str | None = None,
    fontsize: float = 8.8,
    x_fontsize: float | None = None,
    label_fontsize: float | None = None,
    color: Any = "0.15",
    grid_color: Any = "0.8",
    grid_width: float = 1.0,
) -> None:
    """Draw grid lines and tick labels at fixed positions; switch off ``ax``'s own ticks.

    The limits of ``ax`` are frozen at their current values, so draw the data first.

    Parameters
    ----------
    ax
        The Axes.
    x, y
        ``(positions, labels)`` along each axis, positions in data coordinates (None: no
        ticks on that axis).
    ylabel
        Axis label left of the y tick labels.
    fontsize
        Size of the tick labels.
    x_fontsize
        Size of the x tick labels (default: ``fontsize``).
    label_fontsize
        Size of ``ylabel`` (default: ``fontsize``).
    color, grid_color, grid_width
        Colour of the labels, colour and width of the grid lines.
    """
    from matplotlib.collections import LineCollection
    from matplotlib.transforms import offset_copy

    fig = cast("Figure", ax.get_figure(root=True))
    ax.set_xlim(ax.get_xlim())
    ax.set_ylim(ax.get_ylim())
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)
    segments: list[list[tuple[float, float]]] = []
    widest = 0
    if x is not None:
        xs, xl = x
        to_axes = ax.transLimits.transform
        for v, lab in zip(xs, xl, strict=True):
            fx = float(to_axes((float(v), ax.get_ylim()[0]))[0])
            segments.append([(fx, 0.0), (fx, 1.0)])
            ax.text(
                fx,
                0,
                lab,
                transform=offset_copy(ax.transAxes, fig, y=-3, units="points"),
                ha="center",
                va="top",
                fontsize=x_fontsize or fontsize,
                color=color,
            )
    if y is not None:
        ys, yl = y
        to_axes = ax.transLimits.transform
        for v, lab in zip(ys, yl, strict=True):
            fy = float(to_axes((ax.get_xlim()[0], float(v)))[1])
            segments.append([(0.0, fy), (1.0, fy)])
            ax.text(
                0,
                fy,
                lab,
                transform=offset_copy(ax.transAxes, fig, x=-4, units="points"),
                ha="right",
                va="center",
                fontsize=fontsize,
                color=color,
            )
            widest = max(widest, len(lab))
    if segments:
        grid = LineCollection(segments, colors=grid_color, linewidths=grid_width, zorder=0.5)
        grid.set_transform(ax.transAxes)
        ax.add_collection(grid, autolim=False)
    if ylabel:
        size = label_fontsize or fontsize
        shift = -(8 + 0.62 * fontsize * widest + 0.4 * size)
        ax.text(
            0,
            0.5,
            ylabel,
            transform=offset_copy(ax.transAxes, fig, x=shift, units="points"),
            rotation=90,
            ha="right",
            va="center",
            fontsize=size,
            color=color,
        )
