"""Axes-free panels: matplotlib's own layout and autoscaling are the known truth."""

from __future__ import annotations

import datetime as dt

import matplotlib
import matplotlib.dates as mdates
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure as MplFigure

from warindicators.plot.frames import Panel, panel_grid, year_ticks

matplotlib.use("Agg")


def _fraction(p: Panel) -> np.ndarray:
    fig = p.figure
    w, h = fig.bbox.width, fig.bbox.height
    x0, y0, pw, ph = p.bbox.bounds
    return np.array([x0 / w, y0 / h, pw / w, ph / h])


@settings(max_examples=40, deadline=None)
@given(
    n=st.integers(1, 9),
    ncols=st.integers(1, 3),
    wspace=st.floats(0.0, 1.0),
    hspace=st.floats(0.0, 1.0),
    left=st.floats(0.0, 0.2),
    bottom=st.floats(0.0, 0.2),
)
def test_panels_sit_where_subplots_put_axes(
    n: int, ncols: int, wspace: float, hspace: float, left: float, bottom: float
) -> None:
    cols = min(ncols, n)
    rows = -(-n // cols)
    ref = MplFigure(figsize=(8, 6))
    axes = ref.subplots(rows, cols, squeeze=False).ravel()
    adjust = {"left": left, "right": 0.97, "bottom": bottom, "top": 0.92}
    ref.subplots_adjust(wspace=wspace, hspace=hspace, **adjust)
    panels = panel_grid(MplFigure(figsize=(8, 6)), n, ncols=ncols, wspace=wspace,
                        hspace=hspace, **adjust)  # fmt: skip
    assert len(panels) == n
    for p, ax in zip(panels, axes[:n], strict=True):
        np.testing.assert_allclose(_fraction(p), ax.get_position().bounds, atol=1e-9)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.floats(-1e6, 1e6, allow_nan=False), min_size=2, max_size=30).filter(
        lambda v: max(v) - min(v) > 1e-3 * max(1.0, max(abs(x) for x in v))
    )
)
def test_autoscale_matches_matplotlib_margins(ys: list[float]) -> None:
    x = np.arange(len(ys), dtype=float)
    ax = MplFigure().add_subplot()
    ax.plot(x, ys)
    p = panel_grid(MplFigure(), 1)[0]
    p.line(x, ys)
    p.autoscale()
    np.testing.assert_allclose(p.xlim, ax.get_xlim(), rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(p.ylim, ax.get_ylim(), rtol=1e-9, atol=1e-6)


@pytest.mark.parametrize(
    "values", [[3.0, 5.0, 4.0], [-2.0, -7.0], [-3.0, 4.0, np.nan, 1.0], [0.0, 0.0, 2.0]]
)
def test_bars_stay_on_zero_like_matplotlib_bars(values: list[float]) -> None:
    ax = MplFigure().add_subplot()
    ax.bar(np.arange(len(values)), np.nan_to_num(values, nan=0.0))
    p = panel_grid(MplFigure(), 1)[0]
    coll = p.bars(values)
    p.autoscale(x=False)
    np.testing.assert_allclose(p.ylim, ax.get_ylim(), rtol=1e-9)
    assert len(coll.get_paths()) == int(np.isfinite(values).sum())  # NaN: no bar


def test_single_value_and_no_data_get_usable_limits() -> None:
    p = panel_grid(MplFigure(), 1)[0]
    p.line([1.0], [200.0])
    p.autoscale()
    assert p.ylim == pytest.approx((190.0, 210.0))
    empty = panel_grid(MplFigure(), 1)[0]
    empty.autoscale()
    assert empty.xlim == (0.0, 1.0) and empty.ylim == (0.0, 1.0)


def test_lines_are_clipped_to_their_panel() -> None:
    fig = MplFigure(figsize=(4, 2), dpi=50)
    left, right = panel_grid(fig, 2, ncols=2, wspace=0.5)
    left.line([0, 10], [0, 10], color="red", linewidth=4)
    left.set_xlim(0, 5)  # the line leaves the panel on the right and at the top
    left.set_ylim(0, 5)
    right.set_xlim(0, 1)
    right.set_ylim(0, 1)
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    img = np.asarray(canvas.buffer_rgba())[::-1]  # row 0 at the bottom, as display y
    red = (img[..., 0] > 200) & (img[..., 1] < 80) & (img[..., 2] < 80)
    ys, xs = np.nonzero(red)
    x0, y0, w, h = left.bbox.bounds
    assert red.sum() > 20
    assert xs.min() >= x0 - 1 and xs.max() <= x0 + w + 1
    assert ys.min() >= y0 - 1 and ys.max() <= y0 + h + 1
    # data corners map to the panel's corners
    np.testing.assert_allclose(left.transData.transform([(0, 0), (5, 5)]),
                               [(x0, y0), (x0 + w, y0 + h)])  # fmt: skip


def test_ticks_draw_grid_and_labels_without_axes() -> None:
    fig = MplFigure()
    p = panel_grid(fig, 1)[0]
    p.line([0, 10], [3, 47])
    p.autoscale()
    ys = p.yticks(4)
    lo, hi = p.ylim
    assert len(ys) >= 3 and all(lo <= v <= hi for v in ys)
    p.ticks(x=([0, 5, 10], ["a", "b", "c"]), y=(ys, [f"{v:g}" for v in ys]), ylabel="km²")
    p.title("Occupied area")
    assert fig.axes == []
    texts = [a.get_text() for a in fig.artists if hasattr(a, "get_text")]
    assert texts[:3] == ["a", "b", "c"] and "km²" in texts and "Occupied area" in texts
    grids = [a for a in fig.artists if isinstance(a, LineCollection)]
    assert len(grids) == 1 and len(grids[0].get_segments()) == 3 + len(ys)


def test_year_ticks() -> None:
    num = mdates.date2num
    pos, labels = year_ticks(*num([dt.date(2022, 1, 1), dt.date(2024, 6, 1)]))
    assert labels == ["2022", "2023", "2024"]  # 1 January on the edge counts
    np.testing.assert_allclose(pos, num([dt.date(y, 1, 1) for y in (2022, 2023, 2024)]))
    _, labels = year_ticks(*num([dt.date(1991, 3, 1), dt.date(2026, 1, 1)]), most=8)
    assert len(labels) <= 8 and labels[-1] == "2025" and {int(v) % 5 for v in labels} == {0}
    assert year_ticks(*num([dt.date(2024, 2, 1), dt.date(2024, 11, 1)]))[1] == []
