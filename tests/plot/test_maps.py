"""Oblast boundaries shipped with the package and the choropleth maps drawn on them."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import Normalize

from warindicators.errors import ValidationError
from warindicators.plot.maps import (
    BOUNDARIES_ATTRIBUTION,
    MISSING_STYLE,
    by_oblast,
    choropleth,
    choropleth_grid,
    oblast_boundaries,
)
from warindicators.regions import UA_OBLASTS, region_name

GEO = Path(str(resources.files("warindicators") / "data" / "geo"))


@pytest.fixture(autouse=True)
def _close_figures() -> object:
    yield
    plt.close("all")


def _valued(ax: matplotlib.axes.Axes) -> matplotlib.collections.Collection:
    """The collection of regions coloured by value (it carries the value array)."""
    (coll,) = [c for c in ax.collections if c.get_array() is not None]
    return coll


def _hatched(ax: matplotlib.axes.Axes) -> list[matplotlib.collections.Collection]:
    return [c for c in ax.collections if c.get_hatch() == MISSING_STYLE["hatch"]]


# -- boundaries ---------------------------------------------------------------------------------
def test_every_feature_maps_to_an_iso_code() -> None:
    b = oblast_boundaries()
    assert list(b.columns) == ["region", "name", "geometry"]
    assert sorted(b["region"]) == sorted(UA_OBLASTS)  # 24 oblasts, UA-30, UA-40, UA-43
    assert b["region"].is_unique
    assert dict(zip(b["region"], b["name"], strict=True)) == {c: region_name(c) for c in UA_OBLASTS}
    assert b.crs.to_epsg() == 4326
    assert b.geometry.is_valid.all() and not b.geometry.is_empty.any()
    # Kyiv city lies inside Kyiv oblast's outline, Sevastopol beside Crimea
    g = b.set_index("region").geometry
    assert g["UA-32"].envelope.contains(g["UA-30"].centroid)
    assert g["UA-43"].distance(g["UA-40"]) < 0.01
    lon, lat = g.union_all().centroid.coords[0]
    assert 30 < lon < 33 and 48 < lat < 50


def test_oblasts_do_not_overlap() -> None:
    import shapely

    shapes = list(oblast_boundaries().geometry)
    whole = shapely.union_all(shapes)
    # shared borders, no overlaps: the areas add up to the area of the union
    assert sum(s.area for s in shapes) == pytest.approx(whole.area, rel=1e-9)


def test_returned_frame_is_a_copy() -> None:
    b = oblast_boundaries()
    b.loc[0, "name"] = "changed"
    assert oblast_boundaries().loc[0, "name"] != "changed"


def test_attribution_is_kept_with_the_data_file() -> None:
    sources = (GEO / "SOURCES.md").read_text(encoding="utf-8")
    assert BOUNDARIES_ATTRIBUTION in sources
    assert "Runfola" in sources and "CC BY-IGO" in sources
    raw = json.loads((GEO / "ua_oblasts.geojson").read_text(encoding="utf-8"))
    assert len(raw["features"]) == 27


def test_shipped_boundaries_derive_from_the_source(shared_data: Path) -> None:
    import geopandas as gpd

    src_dir = shared_data / "geo"
    readme = " ".join((src_dir / "README.md").read_text(encoding="utf-8").split())
    assert f'"{BOUNDARIES_ATTRIBUTION}"' in readme  # the producer's line, verbatim
    src = gpd.read_file(src_dir / "geoBoundaries-UKR-ADM1_simplified.geojson")
    assert set(src["shapeISO"]) == set(UA_OBLASTS)
    ours = oblast_boundaries().set_index("region").geometry
    theirs = src.set_index("shapeISO").geometry
    for code in UA_OBLASTS:
        assert ours[code].hausdorff_distance(theirs[code]) < 0.03, code
        assert ours[code].area == pytest.approx(theirs[code].area, rel=0.005), code


# -- choropleth -----------------------------------------------------------------------------------
def test_colours_follow_the_values() -> None:
    values = pd.Series({"UA-30": 5.0, "UA-46": 40.0, "UA-63": 310.0, "UA-14": 120.0})
    ax = choropleth(values, unit="hours", cmap="viridis")
    ax.figure.canvas.draw()
    coll = _valued(ax)
    arr = np.asarray(coll.get_array())
    faces = coll.get_facecolors()
    cmap = matplotlib.colormaps["viridis"]
    top = faces[arr == 310.0]
    bottom = faces[arr == 5.0]
    np.testing.assert_allclose(top, np.tile(cmap(1.0), (len(top), 1)))
    np.testing.assert_allclose(bottom, np.tile(cmap(0.0), (len(bottom), 1)))
    mid = faces[arr == 120.0][0]
    np.testing.assert_allclose(mid, cmap(Normalize(5.0, 310.0)(120.0)))
    assert sorted(set(arr.tolist())) == [5.0, 40.0, 120.0, 310.0]


def test_vmin_vmax_fix_the_scale() -> None:
    values = pd.Series({"UA-30": 50.0, "UA-46": 100.0})
    ax = choropleth(values, vmin=0.0, vmax=200.0, cmap="viridis")
    ax.figure.canvas.draw()
    coll = _valued(ax)
    arr = np.asarray(coll.get_array())
    cmap = matplotlib.colormaps["viridis"]
    np.testing.assert_allclose(coll.get_facecolors()[arr == 100.0][0], cmap(0.5))


def test_regions_without_a_value_are_hatched_with_a_legend_entry() -> None:
    values = pd.Series({"UA-30": 1.0, "UA-46": np.nan, "UA-63": 3.0})
    ax = choropleth(values, missing_label="no alerts data")
    hatched = _hatched(ax)
    assert len(hatched) == 1
    # one shape per region without a value: every oblast but UA-30 and UA-63 (NaN counts
    # as missing)
    assert len(hatched[0].get_paths()) == 27 - 2
    legend = ax.get_legend()
    assert [t.get_text() for t in legend.get_texts()] == ["no alerts data"]


def test_no_missing_legend_when_every_region_has_a_value() -> None:
    values = pd.Series(np.arange(27.0), index=sorted(UA_OBLASTS))
    ax = choropleth(values)
    assert ax.get_legend() is None and not _hatched(ax)


def test_unit_on_the_colourbar_and_attribution_on_the_map() -> None:
    ax = choropleth(pd.Series({"UA-30": 1.0, "UA-32": 2.0}), unit="hours", title="Alerts")
    texts = [t.get_text() for t in ax.texts]
    assert BOUNDARIES_ATTRIBUTION in texts
    labels = [a.get_ylabel() for a in ax.figure.axes if a is not ax]
    assert labels == ["hours"]
    assert ax.get_title() == "Alerts"


def test_codes_that_are_not_oblasts_raise() -> None:
    with pytest.raises(ValidationError, match=r"\['Kyiv', 'UA'\] are not ISO 3166-2:UA"):
        choropleth(pd.Series({"UA": 1.0, "Kyiv": 2.0, "UA-46": 3.0}))
    with pytest.raises(ValidationError, match="expected a pandas Series"):
        choropleth({"UA-46": 3.0})  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="unknown colormap"):
        choropleth(pd.Series({"UA-46": 3.0}), cmap="no-such-map")


# -- small multiples --------------------------------------------------------------------------------
def _periods() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "period": ["2024-01"] * 3 + ["2024-02"] * 2 + ["2024-03"] * 3,
            "region": ["UA-30", "UA-46", "UA-63", "UA-30", "UA-63", "UA-30", "UA-46", "UA-63"],
            "value": [10.0, 20.0, 30.0, 10.0, 60.0, 0.0, 5.0, 15.0],
            "partial": [False] * 5 + [True] * 3,
        }
    )


def test_grid_has_one_map_per_period_and_one_scale() -> None:
    fig = choropleth_grid(
        _periods(), col_wrap=2, unit="hours", title="Alerts by month", cmap="viridis"
    )
    fig.draw_without_rendering()  # the grid is not a pyplot figure: its canvas is inert
    maps = [a for a in fig.axes if a.get_visible() and a.get_title()]
    assert [a.get_title() for a in maps] == ["2024-01", "2024-02", "2024-03 (partial)"]
    cmap = matplotlib.colormaps["viridis"]
    # one scale 0..60 across maps: 10 has the same colour in January and February
    c1 = _valued(maps[0]).get_facecolors()[np.asarray(_valued(maps[0]).get_array()) == 10.0][0]
    c2 = _valued(maps[1]).get_facecolors()[np.asarray(_valued(maps[1]).get_array()) == 10.0][0]
    np.testing.assert_allclose(c1, c2)
    np.testing.assert_allclose(c1, cmap(10.0 / 60.0))
    top = _valued(maps[1]).get_facecolors()[np.asarray(_valued(maps[1]).get_array()) == 60.0][0]
    np.testing.assert_allclose(top, cmap(1.0))
    bars = [a for a in fig.axes if a.get_ylabel() == "hours"]
    assert len(bars) == 1
    assert BOUNDARIES_ATTRIBUTION in [t.get_text() for t in fig.texts]
    assert fig.get_suptitle() == "Alerts by month"
    assert [t.get_text() for t in fig.legends[0].get_texts()] == ["no data"]
    assert sum(1 for a in fig.axes if not a.get_visible()) == 1  # the fourth cell is empty


def test_grid_checks_its_input() -> None:
    with pytest.raises(ValidationError, match="missing column"):
        choropleth_grid(_periods().drop(columns="period"))
    bad = _periods().assign(region="UA")
    with pytest.raises(ValidationError, match="period=2024-01"):
        choropleth_grid(bad)


def test_by_oblast_feeds_the_grid_with_partial_periods_marked() -> None:
    days = pd.date_range("2026-05-01", "2026-06-15")
    f = pd.DataFrame(
        {
            "indicator": "outages.air_raid_alert_hours",
            "region": ["UA-30"] * len(days) + ["UA-63"] * len(days) + ["UA"] * len(days),
            "date": list(days) * 3,
            "value": [1.0] * len(days) + [3.0] * len(days) + [100.0] * len(days),
        }
    )
    per = by_oblast(f, freq="M")
    assert per.attrs["left_out_regions"] == ["UA"]
    got = per.set_index(["region", "period"])
    assert got.loc[("UA-63", "2026-05"), "value"] == 93.0
    assert got.loc[("UA-63", "2026-06"), "value"] == 45.0
    assert got.loc[("UA-30", "2026-06"), "coverage"] == 0.5
    assert got["partial"].to_dict() == {
        ("UA-30", "2026-05"): False,
        ("UA-30", "2026-06"): True,
        ("UA-63", "2026-05"): False,
        ("UA-63", "2026-06"): True,
    }
    fig = choropleth_grid(per, unit=per.attrs["units"])
    assert [a.get_title() for a in fig.axes[:2]] == ["2026-05", "2026-06 (partial)"]
    weekly = by_oblast(f, freq="W")
    assert weekly["period"].iloc[0] == "2026-W18"  # Friday 1 May 2026 is in ISO week 18


def test_by_oblast_never_combines_shares() -> None:
    f = pd.DataFrame(
        {
            "indicator": "territory.share_occupied_pct",
            "region": ["UA-14", "UA-14", "UA-09"],
            "date": pd.to_datetime(["2024-01-10", "2024-01-20", "2024-01-31"]),
            "value": [40.0, 60.0, 90.0],
        }
    )
    per = by_oblast(f).set_index("region")["value"]
    assert per.to_dict() == {"UA-09": 90.0, "UA-14": 50.0}  # a mean over time, per oblast


def test_values_of_both_signs_get_a_scale_centred_on_zero() -> None:
    ax = choropleth(pd.Series({"UA-14": -40.0, "UA-09": 10.0, "UA-65": 0.0}), unit="km2")
    ax.figure.canvas.draw()
    coll = _valued(ax)
    arr = np.asarray(coll.get_array())
    cmap = matplotlib.colormaps["RdBu_r"]
    np.testing.assert_allclose(coll.get_facecolors()[arr == 0.0][0], cmap(0.5))
    np.testing.assert_allclose(coll.get_facecolors()[arr == -40.0][0], cmap(0.0))


def test_no_value_at_all_draws_every_oblast_hatched_without_a_scale() -> None:
    ax = choropleth(pd.Series({"UA-14": np.nan}), unit="km2")
    assert len(ax.figure.axes) == 1  # no colour bar for a scale without values
    assert len(_hatched(ax)[0].get_paths()) == 27


def test_by_oblast_refuses_two_sources_for_one_oblast_and_date() -> None:
    f = pd.DataFrame(
        {
            "indicator": "outages.air_raid_alert_hours",
            "region": "UA-30",
            "date": pd.Timestamp("2024-01-31"),
            "value": [5.0, 7.0],
            "source": ["a", "b"],
        }
    )
    with pytest.raises(ValidationError, match="several sources.*a, b"):
        by_oblast(f)
    # one source, two vintages: its latest is used
    g = f.assign(source="a", published=pd.to_datetime(["2024-02-01", "2024-02-05"]))
    assert by_oblast(g)["value"].tolist() == [7.0]
