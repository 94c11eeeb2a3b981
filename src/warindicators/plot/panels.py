"""Small multiples drawn inside one matplotlib Axes.

A grid of ``plt.subplots`` panels costs one full Axes (spines, two axis objects, tick
machinery, title placement) per panel: with 25 oblasts that dominated the drawing time of a
report. :func:`small_multiples` draws the same picture, one line chart per column of a
table on a shared scale, as plain artists in a single Axes: a frame and grid lines per
panel, one line per series, panel titles, shared y tick labels on the first column and the
first and last x label under the bottom row.

Examples
--------
>>> import matplotlib
>>> matplotlib.use("Agg")
>>> import numpy as np
>>> from matplotlib.figure import Figure
>>> ax = Figure(figsize=(6, 3)).add_subplot()
>>> grid = small_multiples(ax, {"A": np.arange(5.0), "B": np.ones(5)}, ["2024-01", "2024-05"],
...                        ncols=2)
>>> grid.n_panels, grid.nrows, grid.ncols, len(ax.lines)
(2, 1, 2, 1)
>>> [float(t) for t in grid.yticks]
[0.0, 1.5, 3.0, 4.5]
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

__all__ = ["PanelGrid", "nice_ticks", "small_multiples"]


@dataclass(frozen=True)
class PanelGrid:
    """Layout of a :func:`small_multiples` drawing.

    Attributes
    ----------
    n_panels
        Number of panels drawn (one per series).
    nrows, ncols
        Grid shape.
    yticks
        Shared y tick values (every panel uses the same scale).
    """

    n_panels: int
    nrows: int
    ncols: int
    yticks: tuple[float, ...]


def nice_ticks(lo: float, hi: float, n: int = 3) -> np.ndarray:
    """About ``n`` round tick values covering ``[lo, hi]`` (matplotlib's ``MaxNLocator``).

    Examples
    --------
    >>> [float(t) for t in nice_ticks(3.0, 347.0)]
    [0.0, 150.0, 300.0, 450.0]
    >>> [round(float(t), 2) for t in nice_ticks(5.0, 5.0)]
    [4.4, 4.8, 5.2, 5.6]
    """
    from matplotlib.ticker import MaxNLocator

    if not (math.isfinite(lo) and math.isfinite(hi)):
        lo, hi = 0.0, 1.0
    if hi <= lo:
        pad = abs(lo) * 0.1 or 1.0
        lo, hi = lo - pad, hi + pad
    ticks = MaxNLocator(n).tick_values(lo, hi)
    while len(ticks) > 2 and ticks[1] <= lo:  # drop ticks outside the data
        ticks = ticks[1:]
    while len(ticks) > 2 and ticks[-2] >= hi:
        ticks = ticks[:-1]
    return np.asarray(ticks, dtype=float)


def _fmt(v: float) -> str:
    a = abs(v)
    if a >= 1e6:
        return f"{v / 1e6:g}M"
    if a >= 1e4:
        return f"{v / 1e3:g}k"
    return f"{v:g}"


def small_multiples(
    ax: Axes,
    series: Mapping[str, Sequence[float] | np.ndarray],
    x_labels: Sequence[str],
    *,
    titles: Sequence[str] | None = None,
    ncols: int = 6,
    wspace: float = 0.28,
    hspace: float = 0.6,
    color: Any = "C0",
    linewidth: float = 1.2,
    fontsize: float = 7,
    frame_color: Any = "0.8",
    text_color: Any = "0.15",
) -> PanelGrid:
    """Draw one line chart per series, on a shared scale, as panels of one Axes.

    Parameters
    ----------
    ax
        The Axes to draw on; its own axis, ticks and frame are switched off.
    series
        Panel name to values (all of the same length, one value per x position; NaN
        leaves a gap).
    x_labels
        Labels of the first and last x position, written under the bottom panels (one
        label draws only the first; none draws nothing).
    titles
        Panel titles (default: the names in ``series``).
    ncols
        Panels per row.
    wspace, hspace
        Gaps between panels, as fractions of a panel's width and height.
    color, linewidth
        Style of the series lines.
    fontsize
        Size of the panel titles and tick labels.
    frame_color, text_color
        Colour of the panel frames and grid lines, and of the text.

    Returns
    -------
    PanelGrid
        The layout drawn.
    """
    from matplotlib.collections import LineCollection

    names = list(series)
    n = len(names)
    heads = list(titles) if titles is not None else names
    ax.set_axis_off()
    if n == 0:
        return PanelGrid(0, 0, 0, ())
    values = [np.asarray(series[k], dtype=float) for k in names]
    length = max(len(v) for v in values)
    finite = np.concatenate([v[np.isfinite(v)] for v in values] + [np.empty(0)])
    lo, hi = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
    ticks = nice_ticks(lo, hi)
    y0, y1 = float(ticks[0]), float(ticks[-1])
    cols = min(ncols, n)
    rows = math.ceil(n / cols)
    pad = 0.05  # inner margin of a panel, like matplotlib's default axes margins

    def px(i: np.ndarray) -> np.ndarray:
        return pad + (1 - 2 * pad) * (i / max(length - 1, 1))

    def py(v: np.ndarray) -> np.ndarray:
        return (v - y0) / (y1 - y0)

    frames: list[list[tuple[float, float]]] = []
    grid: list[list[tuple[float, float]]] = []
    xs: list[np.ndarray] = []
    ys: list[np.ndarray] = []
    gap = np.array([np.nan])
    for k, v in enumerate(values):
        r, c = divmod(k, cols)
        ox, oy = c * (1 + wspace), (rows - 1 - r) * (1 + hspace)
        frames.append([(ox, oy), (ox + 1, oy), (ox + 1, oy + 1), (ox, oy + 1), (ox, oy)])
        grid += [[(ox, oy + float(t)), (ox + 1, oy + float(t))] for t in py(ticks[1:-1])]
        xs += [ox + px(np.arange(len(v), dtype=float)), gap]
        ys += [oy + py(v), gap]
        ax.text(
            ox + 0.5,
            oy + 1.04,
            heads[k],
            ha="center",
            va="bottom",
            fontsize=fontsize,
            color=text_color,
        )
        if c == 0:
            for t in ticks:
                ax.text(
                    ox - 0.03,
                    oy + float(py(np.asarray(t))),
                    _fmt(float(t)),
                    ha="right",
                    va="center",
                    fontsize=fontsize,
                    color=text_color,
                )
        if (r + 1) * cols + c >= n and x_labels:  # bottom panel of its column
            ends = [(pad, "left"), (1 - pad, "right")][: len(x_labels[:2])]
            for (fx, align), lab in zip(ends, [x_labels[0], x_labels[-1]], strict=False):
                ax.text(
                    ox + fx,
                    oy - 0.06,
                    lab,
                    ha=align,
                    va="top",
                    fontsize=fontsize - 1,
                    color=text_color,
                )
    ax.add_collection(LineCollection(frames, colors=frame_color, linewidths=1.0))
    ax.add_collection(LineCollection(grid, colors=frame_color, linewidths=0.6))
    ax.plot(np.concatenate(xs), np.concatenate(ys), color=color, lw=linewidth)
    ax.set_xlim(-0.2, cols * (1 + wspace) - wspace + 0.02)
    ax.set_ylim(-0.25, rows * (1 + hspace) - hspace + 0.3)
    return PanelGrid(n, rows, cols, tuple(float(t) for t in ticks))
