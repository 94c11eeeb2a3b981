"""Report figures: the fast drawing helpers and what the figures hold."""

from __future__ import annotations

import base64
import io
import subprocess
import sys

import matplotlib
import pytest
from PIL import Image

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
