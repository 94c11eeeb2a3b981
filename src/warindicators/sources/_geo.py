"""Polygons from GeoJSON and their geodesic area on the WGS84 ellipsoid.

Areas are computed with :meth:`pyproj.Geod.geometry_area_perimeter` (Karney's geodesic
algorithms), never in a flat projection. Overlapping polygons are unioned first so no
area is counted twice; holes are subtracted.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Final

import numpy as np
import shapely
from pyproj import Geod
from shapely.geometry.base import BaseGeometry

from ..errors import DataFormatError

__all__ = ["geodesic_area_km2", "polygons_from_geojson", "union_polygons"]

_GEOD: Final = Geod(ellps="WGS84")
_LONLAT_CRS: Final[frozenset[str]] = frozenset(
    {
        "urn:ogc:def:crs:OGC:1.3:CRS84",
        "urn:ogc:def:crs:OGC::CRS84",
        "urn:ogc:def:crs:EPSG::4326",
        "EPSG:4326",
        "OGC:CRS84",
        "CRS84",
    }
)


def _ring(coords: Any, path: str | Path, feature: int) -> np.ndarray:
    try:
        arr = np.asarray(coords, dtype=float)
    except (ValueError, TypeError):
        raise DataFormatError(
            "polygon ring: expected a list of [longitude, latitude] positions",
            path=path,
            row=f"feature {feature}",
            field="geometry.coordinates",
        ) from None
    if arr.ndim != 2 or arr.shape[1] < 2 or arr.shape[0] < 4:
        raise DataFormatError(
            f"polygon ring of shape {arr.shape}: expected at least 4 [longitude, latitude] "
            "positions",
            path=path,
            row=f"feature {feature}",
            field="geometry.coordinates",
        )
    arr = arr[:, :2]
    lon, lat = arr[:, 0], arr[:, 1]
    if not (np.isfinite(arr).all() and (np.abs(lon) <= 180).all() and (np.abs(lat) <= 90).all()):
        raise DataFormatError(
            "coordinate outside longitude -180..180 / latitude -90..90; "
            "expected WGS84 longitude/latitude degrees",
            path=path,
            row=f"feature {feature}",
            field="geometry.coordinates",
        )
    return arr


def _polygon(rings: Any, path: str | Path, feature: int) -> shapely.Polygon:
    if not isinstance(rings, list) or not rings:
        raise DataFormatError(
            "Polygon: expected a non-empty list of rings",
            path=path,
            row=f"feature {feature}",
            field="geometry.coordinates",
        )
    shell, *holes = (_ring(r, path, feature) for r in rings)
    return shapely.Polygon(shell, holes)


def _collect(geom: Any, path: str | Path, feature: int, out: list[BaseGeometry]) -> None:
    if geom is None:
        return
    if not isinstance(geom, dict):
        raise DataFormatError(
            f"expected a geometry object, got {type(geom).__name__}",
            path=path,
            row=f"feature {feature}",
            field="geometry",
        )
    kind = geom.get("type")
    if kind == "Polygon":
        out.append(_polygon(geom.get("coordinates"), path, feature))
    elif kind == "MultiPolygon":
        parts = geom.get("coordinates")
        if not isinstance(parts, list):
            raise DataFormatError(
                "MultiPolygon: expected a list of polygons",
                path=path,
                row=f"feature {feature}",
                field="geometry.coordinates",
            )
        polys = [_polygon(p, path, feature) for p in parts]
        if polys:
            out.append(shapely.MultiPolygon(polys))
    elif kind == "GeometryCollection":
        members = geom.get("geometries")
        if not isinstance(members, list):
            raise DataFormatError(
                "GeometryCollection: expected a list of geometries",
                path=path,
                row=f"feature {feature}",
                field="geometries",
            )
        for g in members:
            _collect(g, path, feature, out)
    # points and lines carry no area: ignored


def polygons_from_geojson(obj: Any, path: str | Path) -> list[BaseGeometry]:
    """Every polygonal geometry of a GeoJSON object (FeatureCollection, Feature or geometry).

    Polygons and MultiPolygons are returned as built, one per geometry. Non-polygonal geometries are ignored; a document without any polygon, a projected
    ``crs`` or malformed coordinates raise :class:`DataFormatError`.

    Examples
    --------
    >>> cell = {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]}
    >>> [p.area for p in polygons_from_geojson({"type": "Feature", "geometry": cell}, "x")]
    [1.0]
    """
    if not isinstance(obj, dict):
        raise DataFormatError(
            f"expected a GeoJSON object, got a JSON {type(obj).__name__}", path=path
        )
    crs = obj.get("crs")
    if isinstance(crs, dict):
        name = (
            (crs.get("properties") or {}).get("name")
            if isinstance(crs.get("properties"), dict)
            else None
        )
        if isinstance(name, str) and name not in _LONLAT_CRS:
            raise DataFormatError(
                f"crs {name!r}: expected WGS84 longitude/latitude (urn:ogc:def:crs:OGC:1.3:CRS84)",
                path=path,
                field="crs",
            )
    kind = obj.get("type")
    out: list[BaseGeometry] = []
    if kind == "FeatureCollection":
        feats = obj.get("features")
        if not isinstance(feats, list):
            raise DataFormatError(
                "FeatureCollection: expected a 'features' list", path=path, field="features"
            )
        for i, f in enumerate(feats):
            if not isinstance(f, dict):
                raise DataFormatError(
                    f"expected a Feature object, got {type(f).__name__}",
                    path=path,
                    row=f"feature {i}",
                )
            _collect(f.get("geometry"), path, i, out)
    elif kind == "Feature":
        _collect(obj.get("geometry"), path, 0, out)
    elif kind in ("Polygon", "MultiPolygon", "GeometryCollection"):
        _collect(obj, path, 0, out)
    elif not isinstance(kind, str) or kind not in (
        "Point",
        "MultiPoint",
        "LineString",
        "MultiLineString",
    ):
        raise DataFormatError(
            f"type {kind!r}: expected a GeoJSON FeatureCollection, Feature or geometry",
            path=path,
            field="type",
        )
    if not out:
        raise DataFormatError(
            "no Polygon or MultiPolygon geometry; expected the occupied territory as polygons",
            path=path,
            field="geometry",
        )
    return out


def union_polygons(polygons: list[BaseGeometry]) -> BaseGeometry:
    """Union of ``polygons`` (invalid rings repaired first), so overlaps count once.

    A single valid geometry is returned as is: the parts of a valid MultiPolygon cannot
    overlap, so only several geometries (or a repaired one) need the union.

    Examples
    --------
    >>> a = shapely.box(0, 0, 2, 1)
    >>> union_polygons([a, shapely.box(1, 0, 3, 1)]).area
    3.0
    """
    geoms = np.asarray(polygons, dtype=object)
    invalid = ~shapely.is_valid(geoms)
    if invalid.any():
        # "structure" unions overlapping shells; "linework" would turn overlaps into holes
        geoms[invalid] = shapely.make_valid(
            geoms[invalid], method="structure", keep_collapsed=False
        )
    if len(geoms) == 1 and not invalid.any():
        only: BaseGeometry = geoms[0]
        return only
    return shapely.union_all(geoms)


def _area_m2(geom: BaseGeometry) -> float:
    area = 0.0
    for part in shapely.get_parts(geom):
        if isinstance(part, shapely.Polygon) and not part.is_empty:
            oriented = shapely.orient_polygons(part, exterior_cw=False)
            area += float(_GEOD.geometry_area_perimeter(oriented)[0])
        elif isinstance(part, shapely.GeometryCollection):
            area += _area_m2(part)  # from make_valid: may mix polygons and lines
    return area


def geodesic_area_km2(geom: BaseGeometry) -> float:
    """Geodesic area of a polygonal geometry on the WGS84 ellipsoid, in km².

    Exterior rings are re-oriented counter-clockwise (and holes clockwise) first, so
    the result does not depend on the winding order in the file; holes are subtracted.

    Examples
    --------
    >>> round(geodesic_area_km2(shapely.box(0, 0, 1, 1)), 1)  # 1 x 1 degree at the equator
    12308.8
    """
    return _area_m2(geom) / 1e6
