"""Readers of occupied-territory data: the Economist/ISW daily area CSV and DeepState GeoJSON.

Both emit ``territory.*`` observations about region ``UA`` (the area of Ukraine that is
occupied, including Crimea and the parts of Donetsk/Luhansk held before 24 Feb 2022).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Final

import numpy as np
import pandas as pd
import shapely
from pyproj.exceptions import GeodError

from ..errors import DataFormatError
from ..repeats import collapse_repeated, loads_json, snapshot_frame
from ._common import (
    check_options,
    decode_text,
    parse_date_option,
    read_bytes,
    read_csv_table,
    require_columns,
    snapshot_dates,
)
from ._geo import geodesic_area_km2, polygons_from_geojson, union_polygons

__all__ = ["read_deepstate_geojson", "read_economist_isw_area"]

_AREA: Final = "area_assessed_as_russia_controlled"
_CHANGE: Final = "change_in_area_assessed_as_russia_controlled"
_PCT: Final = "area_assessed_as_russia_controlled_percent"
_ISW_COLUMNS: Final[tuple[str, ...]] = ("date", _AREA, _CHANGE, _PCT)
#: source column -> (indicator, factor to the indicator's unit)
_ISW_SERIES: Final[tuple[tuple[str, str, float], ...]] = (
    (_AREA, "territory.area_occupied_km2", 1e-6),
    (_PCT, "territory.share_occupied_pct", 1.0),
    (_CHANGE, "territory.area_change_km2", 1e-6),
)


def _numbers(raw: pd.Series, lines: np.ndarray, path: str | Path, field: str) -> pd.Series:
    text = raw.str.strip()
    out = pd.to_numeric(text.where(text != ""), errors="coerce").astype("float64")
    bad = (out.isna() & (text != "")) | np.isinf(out.to_numpy(na_value=np.nan))
    if bad.any():
        i = int(np.flatnonzero(bad.to_numpy())[0])
        raise DataFormatError(
            f"expected a number (square metres or percent), got {raw.iloc[i]!r}",
            path=path,
            row=int(lines[i]),
            field=field,
        )
    return out


def _read_isw(path: str | Path) -> pd.DataFrame:
    text = decode_text(read_bytes(path), path)
    if not text.strip():
        raise DataFormatError(
            f"empty file; expected a CSV with columns {list(_ISW_COLUMNS)}", path=path
        )
    df, lines = read_csv_table(text, path)
    # date and area are required; the share and the day-on-day change are read when the
    # file has them (a trimmed version of the file is still valid data), but a file with
    # an unknown column in place of a known one was renamed: list expected vs found
    cols = list(df.columns)
    unknown = [c for c in cols if c not in _ISW_COLUMNS and not c.startswith(_CHANGE)]
    require_columns(cols, _ISW_COLUMNS if unknown else ("date", _AREA), path)
    if df.empty:
        raise DataFormatError("no data rows after the header", path=path, row=2)
    raw_dates = df["date"].str.strip()
    dates = pd.to_datetime(raw_dates, format="%Y-%m-%d", errors="coerce")
    if dates.isna().any():
        i = int(np.flatnonzero(dates.isna().to_numpy())[0])
        raise DataFormatError(
            f"cannot parse date {df['date'].iloc[i]!r}; expected YYYY-MM-DD",
            path=path,
            row=int(lines[i]),
            field="date",
        )
    # one row per day: exact repeats collapse (with a warning), disagreeing ones are an error
    cells = pd.DataFrame({"date": dates.dt.strftime("%Y-%m-%d")})
    for col, _, _ in _ISW_SERIES:
        if col in df.columns:
            cells[col] = _numbers(df[col], lines, path, col)
    cells = collapse_repeated(cells, ["date"], path=path, lines=lines, what="day")
    dates = pd.to_datetime(cells["date"], format="%Y-%m-%d")
    parts = []
    for col, indicator, factor in _ISW_SERIES:
        if col not in cells.columns:
            continue
        vals = cells[col] * factor
        keep = vals.notna().to_numpy()  # an empty cell is missing, not zero
        parts.append(
            pd.DataFrame(
                {
                    "indicator": indicator,
                    "region": "UA",
                    "date": dates.to_numpy()[keep],
                    "value": vals.to_numpy()[keep],
                }
            )
        )
    return pd.concat(parts, ignore_index=True)


def read_economist_isw_area(*paths: str | Path, **options: Any) -> pd.DataFrame:
    """Read the Economist/ISW daily CSV of the area assessed as Russian-controlled.

    Emits ``territory.area_occupied_km2`` (square metres / 1e6),
    ``territory.share_occupied_pct`` and ``territory.area_change_km2`` (the published
    day-on-day change, m² / 1e6) for region ``UA``. The rolling 7/30-day columns are
    ignored; an empty cell (the first row's change) is missing: no row, not zero.

    Parameters
    ----------
    *paths
        One or more CSV files; a day in two files must have the same figures (exact
        repeats collapse with a RepeatedRecordsWarning).
    **options
        ``published``: publication date added to every row.

    Returns
    -------
    pandas.DataFrame
        Observations in the long format.

    Raises
    ------
    DataFormatError
        Missing or renamed columns (expected vs found listed), unparseable dates or
        numbers, a day twice with different figures (both rows named), an empty file or a
        wide encoding. A day repeated with the same figures collapses with a warning; a
        trailing day with empty cells gives no observation (missing, not zero).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "area.csv").write_text(
    ...     "date,area_assessed_as_russia_controlled,"
    ...     "change_in_area_assessed_as_russia_controlled,"
    ...     "area_assessed_as_russia_controlled_percent\\n"
    ...     "2024-01-01,1000000000,,0.5\\n2024-01-02,1002000000,2000000,0.501\\n")
    >>> obs = read_economist_isw_area(d / "area.csv")
    >>> obs.loc[obs.indicator == "territory.area_change_km2", "value"].tolist()
    [2.0]
    """
    check_options(options, ("published",), "economist_isw_area")
    if not paths:
        raise DataFormatError(
            "no file given; expected the area_assessed_as_controlled_by_russia CSV"
        )
    frames = [_read_isw(p) for p in paths]
    out = pd.concat(frames, ignore_index=True)
    if len(paths) > 1:
        # the same day in two files: identical values collapse, different ones (two
        # vintages of the recomputed history) are an error naming both files
        out = collapse_repeated(
            out,
            ["indicator", "date"],
            path=", ".join(map(str, paths)),
            lines=np.concatenate(
                [
                    np.array([str(p)] * len(f), dtype=object)
                    for p, f in zip(paths, frames, strict=True)
                ]
            ),
            what="observation",
        )
    if options.get("published") is not None:
        out["published"] = parse_date_option(options["published"], "published")
    return out


def _snapshot_area(path: str | Path) -> float:
    text = decode_text(read_bytes(path), path)
    try:
        obj = loads_json(text, path)
    except json.JSONDecodeError as exc:
        raise DataFormatError(
            f"invalid JSON: {exc.msg} (column {exc.colno})", path=path, row=f"line {exc.lineno}"
        ) from None
    except RecursionError:
        raise DataFormatError("JSON nested too deeply", path=path) from None
    polygons = polygons_from_geojson(obj, path)
    try:
        area = geodesic_area_km2(union_polygons(polygons))
    except (shapely.errors.GEOSException, GeodError, ValueError) as exc:
        raise DataFormatError(
            f"cannot compute the area of the polygons: {exc}", path=path, field="geometry"
        ) from None
    _check_in_ukraine(polygons, path)
    if not np.isfinite(area) or area <= 0:
        raise DataFormatError(
            f"the polygons have no area ({area!r} km2); expected the occupied territory",
            path=path,
            field="geometry",
        )
    return area


#: Bounding box of Ukraine (longitude, latitude), with a margin.
_UA_BOX: Final = (21.0, 43.5, 41.5, 53.5)


def _check_in_ukraine(polygons: list[Any], path: str | Path) -> None:
    """Refuse coordinates whose axes are swapped: the bounds lie outside Ukraine but would
    lie inside it as (latitude, longitude). Other places are accepted (test geometries)."""
    x0, y0, x1, y1 = _UA_BOX
    minx = min(g.bounds[0] for g in polygons)
    miny = min(g.bounds[1] for g in polygons)
    maxx = max(g.bounds[2] for g in polygons)
    maxy = max(g.bounds[3] for g in polygons)

    def inside(a: float, b: float, c: float, d: float) -> bool:
        return x0 <= a and c <= x1 and y0 <= b and d <= y1

    if not inside(minx, miny, maxx, maxy) and inside(miny, minx, maxy, maxx):
        raise DataFormatError(
            f"polygon bounds ({minx:.2f}, {miny:.2f}, {maxx:.2f}, {maxy:.2f}) look like "
            "(latitude, longitude) in Ukraine; expected longitude, latitude (GeoJSON order)",
            path=path,
            field="geometry",
        )


def read_deepstate_geojson(*paths: str | Path, date: Any = None, **options: Any) -> pd.DataFrame:
    """Read DeepStateMap occupied-territory GeoJSON snapshots into daily occupied areas.

    Each file gives one ``territory.area_occupied_km2`` observation (region ``UA``): the
    geodesic area on the WGS84 ellipsoid of the union of all its polygons (overlapping
    features counted once, holes subtracted), dated by the ``YYYY-MM-DD`` or
    ``YYYYMMDD`` date in the file name. That date is the download date (about 03:00
    UTC), used as is.

    Parameters
    ----------
    *paths
        GeoJSON files (FeatureCollection, Feature or bare geometry, lon/lat WGS84).
    date
        Snapshot date(s) when the file names carry none: one date, or one per path.
        It takes precedence over the file name.
    **options
        ``published``: publication date added to every row.

    Returns
    -------
    pandas.DataFrame
        One row per snapshot, sorted by date.

    Raises
    ------
    DataFormatError
        Invalid JSON, no polygon, bad coordinates, a projected ``crs``, no date, or two
        snapshots with the same date.

    Examples
    --------
    >>> import json, tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> cell = {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]}
    >>> _ = (d / "map_20241120.geojson").write_text(json.dumps(cell))
    >>> obs = read_deepstate_geojson(d / "map_20241120.geojson")
    >>> str(obs.date[0].date()), round(float(obs.value[0]), 1)
    ('2024-11-20', 12308.8)
    """
    check_options(options, ("published",), "deepstate_geojson")
    if not paths:
        raise DataFormatError("no file given; expected DeepState GeoJSON snapshot(s)")
    dates = snapshot_dates(paths, date, "date", allow_repeats=True)
    areas = [_snapshot_area(p) for p in paths]
    out = pd.DataFrame(
        {
            "indicator": "territory.area_occupied_km2",
            "region": "UA",
            "date": pd.DatetimeIndex(dates).as_unit("ns"),
            "value": np.asarray(areas, dtype=float),
        }
    )
    out = snapshot_frame(out, paths)
    if options.get("published") is not None:
        out["published"] = parse_date_option(options["published"], "published")
    return out.sort_values("date", kind="stable").reset_index(drop=True)
