"""Small multiples in one Axes and their round ticks."""

from __future__ import annotations

import matplotlib
import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure as MplFigure

from warindicators.plot.panels import nice_ticks, small_multiples

matplotlib.use("Agg")


def test_small_multiples_draw_every_region_in_one_axes() -> None:
    fig = MplFigure(figsize=(6, 4))
    ax = fig.add_subplot()
    series = {f"R{i}": np.arange(10.0) * (i + 1) for i in range(7)}
    series["R7"] = np.r_[np.full(5, np.nan), np.arange(5.0)]  # a gap stays a gap
    grid = small_multiples(ax, series, ["2024-01", "2024-10"], ncols=3)
    assert (grid.n_panels, grid.nrows, grid.ncols) == (8, 3, 3)
    assert len(fig.axes) == 1 and not ax.axison
    assert len(ax.lines) == 1  # all panels in one line, NaN-separated
    assert grid.yticks[0] <= 0 and grid.yticks[-1] >= 70  # one scale covers every panel
    texts = [t.get_text() for t in ax.texts]
    assert all(f"R{i}" in texts for i in range(8))
    assert texts.count("2024-01") == 3 and texts.count("2024-10") == 3  # bottom of columns
    frames = [c for c in ax.collections if isinstance(c, LineCollection)]
    assert len(frames[0].get_segments()) == 8  # one frame per panel
    empty = small_multiples(MplFigure().add_subplot(), {}, [])
    assert empty.n_panels == 0


def test_nice_ticks_cover_the_data_with_round_values() -> None:
    t = nice_ticks(3.0, 347.0)
    assert t[0] <= 3.0 and t[-1] >= 347.0 and len(t) <= 5
    assert all(float(v).is_integer() for v in t)
    fallback = nice_ticks(float("nan"), float("nan"))  # no data: a unit scale
    assert fallback[0] <= 0.0 < 1.0 <= fallback[-1]
    flat = nice_ticks(5.0, 5.0)  # constant data: a scale around the value
    assert flat[0] < 5.0 < flat[-1]
