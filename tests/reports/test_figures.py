"""Report figures: seaborn grids with one panel per series, alt text and captions."""

from __future__ import annotations

import base64
import io

import matplotlib
import pytest
from PIL import Image

from warindicators.reports import build_report, family_figures, regional_figures
from warindicators.reports.figures import DPI, PANELS_PER_FIGURE, WIDTH

matplotlib.use("Agg")


@pytest.fixture(scope="module")
def rep():  # type: ignore[no-untyped-def]
    return build_report("2026-01", families=["casualties", "outages"], lookback_periods=12)


def test_every_series_has_a_panel_in_full_width_figures(rep) -> None:  # type: ignore[no-untyped-def]
    figs = family_figures(rep, "casualties")
    n = len(rep.rows_of("casualties"))
    assert n > PANELS_PER_FIGURE  # the family needs more than one figure
    assert sum(len(f.figure.axes) for f in figs) == n
    titles = [ax.get_title() for f in figs for ax in f.figure.axes]
    for r in rep.rows_of("casualties"):
        assert any(t.startswith(r.indicator.title + "\n") for t in titles), r.indicator.id
        assert any(r.indicator.title in f.alt for f in figs)
    png = figs[0]._repr_mimebundle_()
    im = Image.open(io.BytesIO(base64.b64decode(png[0]["image/png"])))
    assert im.format == "PNG" and im.size[0] == int(WIDTH * DPI)
    assert png[1]["image/png"]["alt"] == figs[0].alt


def test_the_fitted_model_is_drawn_not_a_mean(rep) -> None:  # type: ignore[no-untyped-def]
    import numpy as np

    data = rep.figure_data("casualties")
    row = next(
        r
        for r in rep.rows_of("casualties")
        if r.cp is not None and r.cp.model in ("linear", "quadratic")
    )
    d = data[(data["id"] == row.indicator.id) & ~data["partial"]]
    seg = d[d["segment"] == d["segment"].iloc[-1]]
    assert np.ptp(seg["fitted"].to_numpy()) > 0  # a line or parabola, not a flat mean
    np.testing.assert_allclose(d["fitted"].to_numpy(), row.cp.fitted.to_numpy())


def test_running_totals_are_drawn_as_increments(rep) -> None:  # type: ignore[no-untyped-def]
    row = next(r for r in rep.rows if r.indicator.id == "casualties.civilian_killed")
    assert row.indicator.measure == "cumulative" and row.stats_label.startswith("increments")
    levels = row.values.dropna()
    assert row.stats.max() < levels.max() / 2  # increments, not the level


def test_regional_series_get_a_heat_map(rep) -> None:  # type: ignore[no-untyped-def]
    figs = regional_figures(rep, "outages")
    heat = [f for f in figs if f.title.startswith("Air-raid alert hours by region")]
    assert heat and "24 regions" in heat[0].alt and "UA-63 Kharkiv" in heat[0].alt
    assert "hours" in heat[0].alt


def test_oblast_maps_span_the_page_without_being_scaled_down(rep) -> None:  # type: ignore[no-untyped-def]
    figs = regional_figures(rep, "outages")
    maps = [f for f in figs if f.alt.startswith("Choropleth maps of Air-raid alert hours")]
    assert maps, [f.alt[:40] for f in figs]
    width, _ = maps[0].figure.get_size_inches()
    assert WIDTH * 0.9 <= width <= WIDTH  # full width, not wider than the page
