"""Territory readers: Economist/ISW area CSV and DeepState GeoJSON (geodesic areas)."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import shapely

import warindicators as wi
from warindicators.errors import DataFormatError
from warindicators.repeats import RepeatedRecordsWarning
from warindicators.sources._geo import geodesic_area_km2, union_polygons
from warindicators.sources.territory import read_deepstate_geojson, read_economist_isw_area

FIX = Path(__file__).parent / "fixtures" / "territory"
# real samples kept in the repository (licence and attribution beside each)
REAL = Path(__file__).parent / "fixtures" / "real" / "territory"

# WGS84
_A = 6378137.0
_F = 1 / 298.257223563
_E2 = _F * (2 - _F)
_B = _A * (1 - _F)


def zone_area_km2(lat1: float, lat2: float, dlon: float) -> float:
    """Area of the ellipsoid between two parallels over ``dlon`` degrees (closed form)."""
    e = math.sqrt(_E2)

    def q(lat: float) -> float:
        s = math.sin(math.radians(lat))
        return s / (1 - _E2 * s * s) + math.log((1 + e * s) / (1 - e * s)) / (2 * e)

    return math.radians(dlon) * _B**2 / 2 * (q(lat2) - q(lat1)) / 1e6


def by_indicator(obs: pd.DataFrame, ind: str) -> pd.Series:
    sel = obs[obs.indicator == ind]
    return pd.Series(sel["value"].to_numpy(), index=sel["date"].dt.strftime("%Y-%m-%d"))


# -- Economist / ISW CSV -------------------------------------------------------------------
def test_isw_units_and_missing_first_change() -> None:
    obs = wi.read_source("economist_isw_area", FIX / "isw_area_small.csv")
    assert set(obs.region) == {"UA"}
    area = by_indicator(obs, "territory.area_occupied_km2")
    assert area["2022-02-22"] == pytest.approx(43500.0)
    assert area["2022-02-25"] == pytest.approx(80000.0)
    assert len(area) == 5
    change = by_indicator(obs, "territory.area_change_km2")
    assert "2022-02-22" not in change.index  # empty first row: missing, not 0
    assert change["2022-02-23"] == 0.0
    assert change["2022-02-24"] == pytest.approx(38500.0)
    assert change["2022-02-25"] == pytest.approx(-2000.0)  # Ukrainian gain
    pct = by_indicator(obs, "territory.share_occupied_pct")
    assert pct["2022-02-24"] == pytest.approx(13.6)
    # the rolling 7/30-day columns are not emitted
    assert set(obs.indicator) == {
        "territory.area_occupied_km2",
        "territory.area_change_km2",
        "territory.share_occupied_pct",
    }


def test_isw_renamed_column_lists_expected_and_found() -> None:
    with pytest.raises(DataFormatError) as err:
        read_economist_isw_area(FIX / "isw_area_renamed.csv")
    msg = str(err.value)
    assert "isw_area_renamed.csv" in msg
    assert "area_assessed_as_russia_controlled_percent" in msg
    assert "percent_controlled" in msg  # found


def test_isw_bad_number_names_row_and_field() -> None:
    with pytest.raises(DataFormatError) as err:
        read_economist_isw_area(FIX / "isw_area_bad_number.csv")
    assert err.value.row == 3 and err.value.field == "area_assessed_as_russia_controlled"
    assert "'lots'" in str(err.value)


@pytest.mark.parametrize(
    ("content", "what"),
    [
        (b"", "empty"),
        ("date,area\n".encode("utf-16"), "UTF-16"),
        (b"date,change_in_area_assessed_as_russia_controlled\n2022-01-01,1\n", "missing column"),
    ],
)
def test_isw_bad_files(tmp_path: Path, content: bytes, what: str) -> None:
    p = tmp_path / "area.csv"
    p.write_bytes(content)
    with pytest.raises(DataFormatError, match=what):
        read_economist_isw_area(p)


def test_isw_bad_date_and_truncated(tmp_path: Path) -> None:
    text = (FIX / "isw_area_small.csv").read_text()
    p = tmp_path / "area.csv"
    p.write_text(text.replace("2022-02-24", "24/02/2022"))
    with pytest.raises(DataFormatError) as err:
        read_economist_isw_area(p)
    assert err.value.row == 4 and err.value.field == "date"
    p.write_text(text[: text.index("2022-02-25") + 14])  # cut inside a row
    with pytest.raises(DataFormatError, match="truncated") as err:
        read_economist_isw_area(p)
    assert err.value.row == 5


def test_isw_overlapping_files(tmp_path: Path) -> None:
    src = FIX / "isw_area_small.csv"
    with pytest.warns(RepeatedRecordsWarning, match="exact repeat"):
        twice = read_economist_isw_area(src, src)
    pd.testing.assert_frame_equal(twice, read_economist_isw_area(src))
    # two vintages of the recomputed history disagree on a shared day: refused
    lines = src.read_text().splitlines()
    cells = lines[3].split(",")
    cells[1] = str(float(cells[1]) + 1e9)
    newer = tmp_path / "newer.csv"
    newer.write_text("\n".join([lines[0], ",".join(cells)]) + "\n")
    with pytest.raises(DataFormatError, match="appears twice"):
        read_economist_isw_area(src, newer)


# -- geodesic area -------------------------------------------------------------------------
def box_along_parallels(
    x0: float, y0: float, x1: float, y1: float, n: int = 2000
) -> list[tuple[float, float]]:
    """A lon/lat box whose north/south edges follow the parallels (densified)."""
    xs = np.linspace(x0, x1, n)
    return [*zip(xs, [y0] * n, strict=True), *zip(xs[::-1], [y1] * n, strict=True)]


def test_geodesic_cell_at_equator() -> None:
    # the textbook value for a 1 x 1 degree cell at the equator with geodesic edges
    assert geodesic_area_km2(shapely.box(0, 0, 1, 1)) == pytest.approx(12308.8, abs=0.05)
    # edges along the parallels: the closed-form ellipsoidal zone area
    cell = shapely.Polygon(box_along_parallels(0, 0, 1, 1))
    assert geodesic_area_km2(cell) == pytest.approx(zone_area_km2(0, 1, 1), rel=1e-7)


def test_geodesic_hole_subtracted_and_winding_irrelevant() -> None:
    shell = box_along_parallels(0, 0, 1, 1)
    hole = box_along_parallels(0.25, 0.25, 0.75, 0.75)
    poly = shapely.Polygon(shell, [hole])
    truth = zone_area_km2(0, 1, 1) - zone_area_km2(0.25, 0.75, 0.5)
    assert geodesic_area_km2(poly) == pytest.approx(truth, rel=1e-7)
    # clockwise shell / counter-clockwise hole as written by some tools
    flipped = shapely.Polygon(shell[::-1], [hole[::-1]])
    assert geodesic_area_km2(flipped) == pytest.approx(truth, rel=1e-7)
    far_north = shapely.Polygon(box_along_parallels(30, 60, 32, 61))
    assert geodesic_area_km2(far_north) == pytest.approx(zone_area_km2(60, 61, 2), rel=1e-7)


def test_union_counts_overlap_once() -> None:
    a = shapely.Polygon(box_along_parallels(0, 0, 1, 1))
    b = shapely.Polygon(box_along_parallels(0.5, 0, 1.5, 1))
    area = geodesic_area_km2(union_polygons([a, b]))
    assert area == pytest.approx(zone_area_km2(0, 1, 1.5), rel=1e-6)
    # an invalid MultiPolygon with overlapping parts is repaired by union, not even-odd
    bad = shapely.MultiPolygon([a, b])
    assert not bad.is_valid
    assert geodesic_area_km2(union_polygons([bad])) == pytest.approx(area, rel=1e-9)


# The fixtures use plain 5-point boxes: their geodesic edges bulge away from the parallels,
# which changes a 1-degree cell's area by about 0.3 km2, hence the 1 km2 tolerance below.
# -- DeepState GeoJSON ---------------------------------------------------------------------
def test_deepstate_multipolygon_with_hole() -> None:
    obs = wi.read_source("deepstate_geojson", FIX / "deepstatemap_data_20240101.geojson")
    assert list(obs.indicator) == ["territory.area_occupied_km2"]
    assert obs.date[0] == pd.Timestamp("2024-01-01") and obs.region[0] == "UA"
    truth = zone_area_km2(0, 1, 1) - zone_area_km2(0.25, 0.75, 0.5) + zone_area_km2(44, 45, 1)
    assert obs.value[0] == pytest.approx(truth, abs=1.0)


def test_deepstate_overlapping_clockwise_features_and_points() -> None:
    obs = read_deepstate_geojson(FIX / "overlap_2024-01-02.geojson")
    assert obs.date[0] == pd.Timestamp("2024-01-02")
    assert obs.value[0] == pytest.approx(zone_area_km2(0, 1, 1.5), abs=1.0)


def test_deepstate_several_files_sorted_by_date() -> None:
    obs = read_deepstate_geojson(
        FIX / "overlap_2024-01-02.geojson", FIX / "deepstatemap_data_20240101.geojson"
    )
    assert list(obs.date.dt.day) == [1, 2]


def test_deepstate_no_polygon_and_no_date() -> None:
    with pytest.raises(DataFormatError, match="no Polygon"):
        read_deepstate_geojson(FIX / "points_only_20240103.geojson")
    with pytest.raises(DataFormatError, match="no date in the file name") as err:
        read_deepstate_geojson(FIX / "nodate.geojson")
    assert "nodate.geojson" in str(err.value)
    obs = read_deepstate_geojson(FIX / "nodate.geojson", date="2024-02-01")
    assert obs.date[0] == pd.Timestamp("2024-02-01")
    with pytest.raises(DataFormatError, match="appears twice.*nodate.geojson.*overlap"):
        read_deepstate_geojson(
            FIX / "nodate.geojson", FIX / "overlap_2024-01-02.geojson", date="2024-02-01"
        )
    with pytest.warns(RepeatedRecordsWarning, match="exact repeat"):
        same = read_deepstate_geojson(
            FIX / "nodate.geojson", FIX / "nodate.geojson", date="2024-02-01"
        )
    pd.testing.assert_frame_equal(same, obs)


@pytest.mark.parametrize(
    ("doc", "match"),
    [
        ('{"type": "FeatureCollection", "features": [', "invalid JSON"),
        ("[1, 2]", "expected a GeoJSON object"),
        ('{"type": "Polygon", "coordinates": [[[0, 0], [1, 0]]]}', "at least 4"),
        ('{"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 91], [0, 0]]]}', "latitude"),
        ('{"type": "Polygon", "coordinates": [[["a", 0], [1, 0], [1, 1], [0, 0]]]}', "ring"),
        ('{"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [0, 0], [0, 0]]]}', "no area"),
        ('{"type": "Topology"}', "expected a GeoJSON"),
        (
            '{"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": '
            '"urn:ogc:def:crs:EPSG::3857"}}, "features": []}',
            "crs",
        ),
    ],
)
def test_deepstate_malformed(tmp_path: Path, doc: str, match: str) -> None:
    p = tmp_path / "x_20240101.geojson"
    p.write_text(doc)
    with pytest.raises(DataFormatError, match=match) as err:
        read_deepstate_geojson(p)
    assert str(p) in str(err.value)


def test_deepstate_utf16(tmp_path: Path) -> None:
    p = tmp_path / "x_20240101.geojson"
    p.write_bytes((FIX / "nodate.geojson").read_text().encode("utf-16"))
    with pytest.raises(DataFormatError, match="UTF-16"):
        read_deepstate_geojson(p)


# -- real samples (in the repository) -----------------------------------------------------
def test_real_isw_sample() -> None:
    files = sorted((REAL / "economist_isw_area").glob("*.csv"))
    assert len(files) == 1
    obs = wi.read_source("economist_isw_area", *files)
    area = by_indicator(obs, "territory.area_occupied_km2")
    assert len(area) == 860
    assert area["2022-02-22"] == pytest.approx(43679, abs=1)
    change = by_indicator(obs, "territory.area_change_km2")
    assert len(change) == 859
    # the published change is the first difference of the published level
    diff = area.diff().dropna()
    assert np.allclose(change[diff.index].to_numpy(), diff.to_numpy(), atol=1e-3)
    share = by_indicator(obs, "territory.share_occupied_pct")
    assert (area / share * 100).median() == pytest.approx(603_600, rel=2e-3)


#: the DeepState samples are GPL-3.0 and stay outside the repository; these stand-ins have
#: their layout (FeatureCollection with ``name`` and legacy ``crs``, one Feature with empty
#: properties, a MultiPolygon with a hole) and a known area
SHARED_DEEPSTATE = (
    Path(__file__).resolve().parents[2].parent
    / "shared"
    / "data"
    / "real"
    / "territory"
    / "deepstate_geojson"
)


def _deepstate_like(folder: Path, day: int, east: float) -> Path:
    """A snapshot: a box 36..``east``E x 47..48N along the parallels, a hole, and an island."""
    outer = box_along_parallels(36.0, 47.0, east, 48.0, n=400)
    hole = box_along_parallels(36.2, 47.2, 36.4, 47.4, n=40)[::-1]
    island = box_along_parallels(33.0, 45.0, 33.5, 45.5, n=100)
    stem = f"deepstatemap_data_202411{day:02d}"
    doc = {
        "type": "FeatureCollection",
        "name": stem,
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}},
        "features": [
            {
                "type": "Feature",
                "properties": {},
                "geometry": {
                    "type": "MultiPolygon",
                    "coordinates": [
                        [
                            [[x, y] for x, y in [*outer, outer[0]]],
                            [[x, y] for x, y in [*hole, hole[0]]],
                        ],
                        [[[x, y] for x, y in [*island, island[0]]]],
                    ],
                },
            }
        ],
    }
    path = folder / f"{stem}.geojson"
    path.write_text(json.dumps(doc))
    return path


def test_deepstate_week_of_snapshots(tmp_path: Path) -> None:
    # seven daily snapshots whose eastern edge moves east: known growth per day
    easts = [38.0, 38.0, 38.01, 38.03, 38.03, 38.05, 38.06]
    files = [_deepstate_like(tmp_path, 20 + k, e) for k, e in enumerate(easts)]
    obs = wi.read_source("deepstate_geojson", *files)
    area = by_indicator(obs, "territory.area_occupied_km2")
    hole = zone_area_km2(47.2, 47.4, 0.2)
    island = zone_area_km2(45.0, 45.5, 0.5)
    truth = [zone_area_km2(47.0, 48.0, e - 36.0) - hole + island for e in easts]
    assert list(area.index) == [f"2024-11-{d}" for d in range(20, 27)]
    assert area.to_numpy() == pytest.approx(truth, rel=1e-6)
    steps = area.diff().dropna()
    assert steps.idxmax() == "2024-11-23"  # the largest step, as in the real week
    assert steps["2024-11-21"] == pytest.approx(0.0, abs=1e-6)  # identical geometry
    if SHARED_DEEPSTATE.is_dir():  # the real week, where the shared data folder is present
        real = sorted(SHARED_DEEPSTATE.glob("*.geojson"))
        area = by_indicator(
            wi.read_source("deepstate_geojson", *real), "territory.area_occupied_km2"
        )
        assert list(area.index) == [f"2024-11-{d}" for d in range(20, 27)]
        assert 100_000 < area.iloc[0] < 125_000
        assert area.iloc[-1] - area.iloc[0] == pytest.approx(217, abs=10)
        steps = area.diff().dropna()
        assert steps.idxmax() == "2024-11-23"
        assert steps.max() == pytest.approx(62, abs=4)


def test_isw_file_without_share_and_change_columns_is_read(tmp_path: Path) -> None:
    f = tmp_path / "area.csv"
    f.write_text("date,area_assessed_as_russia_controlled\n2022-01-01,1000000\n2022-01-02,3e6\n")
    obs = read_economist_isw_area(f)
    assert set(obs["indicator"]) == {"territory.area_occupied_km2"}
    assert obs["value"].tolist() == [1.0, 3.0]


def test_deepstate_swapped_axes_refused(tmp_path: Path) -> None:
    def write(ring: list[list[float]]) -> Path:
        doc = {
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "properties": {},
                    "geometry": {"type": "Polygon", "coordinates": [ring]},
                }
            ],
        }
        f = tmp_path / "deepstatemap_data_20240101.geojson"
        f.write_text(json.dumps(doc))
        return f

    lonlat = [[30.0, 49.0], [31.0, 49.0], [31.0, 50.0], [30.0, 50.0], [30.0, 49.0]]
    # about 73 km x 111 km near Kyiv: ~8 100 km2
    assert 7000 < read_deepstate_geojson(write(lonlat))["value"].iloc[0] < 9000
    with pytest.raises(DataFormatError, match="latitude, longitude"):
        read_deepstate_geojson(write([[lat, lon] for lon, lat in lonlat]))
