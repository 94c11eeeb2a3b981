"""Report figures: the fast drawing helpers and what the figures hold."""

from __future__ import annotations

import base64
import io
import subprocess
import sys

import matplotlib
import numpy as np
import pytest
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure as MplFigure
from PIL import Image

from warindicators.plot.panels import nice_ticks, small_multiples
from warindicators.plot.ticks import light_ticks, ticks_within
from warindicators.reports.content import build_report
from warindicators.reports.figures import (
    DPI,
    draw_figure,
    family_figures,
    figure_jobs,
    figure_style,
    job_cost,
    tick_labels,
)

matplotlib.use("Agg")


@pytest.fixture(scope="module")
def rep():  # type: ignore[no-untyped-def]
    return build_report("2026-01", families=["territory", "outages"], lookback_periods=12)


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


def test_light_ticks_replace_matplotlib_ticks() -> None:
    fig = MplFigure()
    ax = fig.add_subplot()
    ax.plot([0, 10], [3, 47])
    ys = ticks_within(ax, "y", 4)
    lo, hi = ax.get_ylim()
    assert all(lo <= v <= hi for v in ys) and len(ys) >= 3
    light_ticks(ax, x=([0, 5, 10], ["a", "b", "c"]), y=(ys, tick_labels(ys)), ylabel="km²")
    assert len(ax.get_xticks()) == 0 and len(ax.get_yticks()) == 0  # no Tick objects
    grid = [c for c in ax.collections if isinstance(c, LineCollection)]
    assert len(grid) == 1 and len(grid[0].get_segments()) == 3 + len(ys)
    labels = [t.get_text() for t in ax.texts]
    assert labels[:3] == ["a", "b", "c"] and labels[-1] == "km²"
    assert ax.get_ylim() == (lo, hi)  # limits frozen


def test_tick_labels() -> None:
    assert tick_labels([0, 0.25, 0.5]) == ["0", "0.25", "0.50"]
    assert tick_labels([0.4, 0.8, 1.2]) == ["0.4", "0.8", "1.2"]
    assert tick_labels([120_000, 135_000, 150_000]) == ["120,000", "135,000", "150,000"]
    assert tick_labels([0, 1.5e9, 3e9]) == ["0", "1,500M", "3,000M"]
    assert tick_labels([]) == []


def test_style_is_seaborn_whitegrid_without_global_changes() -> None:
    before = dict(matplotlib.rcParams)
    st = figure_style()
    assert st["axes.grid"] is True and st["axes.edgecolor"] == ".8"
    assert st["text.hinting"] == "no_hinting" and st["axes.titley"] == 1.0
    assert dict(matplotlib.rcParams) == before


def test_figures_are_rgb_png_at_report_dpi(rep) -> None:  # type: ignore[no-untyped-def]
    figs = family_figures(rep, "territory")
    im = Image.open(io.BytesIO(base64.b64decode(figs[0].png_base64)))
    assert im.format == "PNG" and im.mode == "RGB"
    assert im.size[0] == int(10.4 * DPI)  # two panels of 5.2 in
    assert "Territory" in figs[0].title and "km2" in figs[0].caption


def test_figure_jobs_cover_regional_small_multiples(rep) -> None:  # type: ignore[no-untyped-def]
    jobs = figure_jobs(rep, "outages")
    assert [k for _, k, _ in jobs] == ["series", "bars", "regional", "regional"]
    assert job_cost(rep, jobs[0]) > job_cost(rep, jobs[2])
    assert figure_jobs(rep, "no-such-family") == []
    regional = draw_figure(rep, jobs[2])
    assert "by region" in regional.title and "24 regions, same scale" in regional.alt
    with pytest.raises(ValueError, match="unknown figure kind"):
        draw_figure(rep, ("outages", "pie", 0))


def test_report_kernel_imports_no_runner_dependencies() -> None:
    """What a report's notebook imports must not pull in nbformat/papermill (seconds)."""
    code = (
        "import sys\n"
        "import warindicators.reports.content, warindicators.reports.render\n"
        "import warindicators.reports.sections, warindicators.reports.pool\n"
        "print(sorted(m for m in ('nbformat', 'papermill', 'nbconvert', 'jsonschema',"
        " 'matplotlib') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    assert out.stdout.strip() == "[]"
