"""Property tests of the territory, casualties and sanctions readers.

Random rows and corrupted bytes either parse into valid observations or raise a
``WarIndicatorsError``; never another exception. Where a property has a simple truth
(OFAC counts, the estimate rules, ellipsoidal zone areas) it is checked too.
"""

from __future__ import annotations

import csv
import io
import json
import math
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
import shapely
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from warindicators.errors import WarIndicatorsError
from warindicators.observations import validate_observations
from warindicators.sources._geo import geodesic_area_km2
from warindicators.sources.casualties import (
    read_economist_soldier_estimates,
    read_general_staff_losses,
)
from warindicators.sources.sanctions import read_ofac_sdn
from warindicators.sources.territory import read_deepstate_geojson, read_economist_isw_area

FIX = Path(__file__).parent / "fixtures"
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _run(reader: Callable[..., pd.DataFrame], name: str, data: bytes, **kw: Any) -> None:
    """Write ``data`` to a fresh file and check the reader's contract on it."""
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / name
        p.write_bytes(data)
        try:
            out = reader(p, **kw)
        except WarIndicatorsError:
            return
        assert isinstance(out, pd.DataFrame)
        try:
            validate_observations(out, indicators=_PUBLISHER_DIM)
        except WarIndicatorsError:
            pass


def _publisher_dim() -> list[Any]:
    import warindicators as wi

    return [
        wi.get_indicator(f"casualties.military_{t}_estimate").with_(dims=("publisher",))
        for t in ("deaths", "casualties")
    ]


_PUBLISHER_DIM = _publisher_dim()

# -- corrupted bytes -----------------------------------------------------------------------
_CASES: list[tuple[Callable[..., pd.DataFrame], str, str]] = [
    (read_economist_isw_area, "territory/isw_area_small.csv", "area.csv"),
    (read_deepstate_geojson, "territory/deepstatemap_data_20240101.geojson", "m_20240101.json"),
    (read_deepstate_geojson, "territory/overlap_2024-01-02.geojson", "m_20240102.geojson"),
    (read_general_staff_losses, "casualties/russia_losses_equipment_small.json", "eq.json"),
    (read_general_staff_losses, "casualties/russia_losses_personnel_small.json", "p.json"),
    (read_economist_soldier_estimates, "casualties/soldier_estimates_small.csv", "est.csv"),
    (read_ofac_sdn, "sanctions/sdn_2022-03-07.csv", "sdn_2022-03-07.csv"),
]


@st.composite
def corrupted(draw: st.DrawFn, raw: bytes) -> bytes:
    kind = draw(st.sampled_from(["truncate", "replace", "insert", "delete"]))
    if kind == "truncate":
        return raw[: draw(st.integers(0, len(raw)))]
    pos = draw(st.integers(0, len(raw) - 1))
    chunk = draw(
        st.binary(min_size=1, max_size=4)
        | st.sampled_from([b'"', b",", b"\r\n", b"\x00", b"\x1a", b"]", b"-", b"NaN", b"\xff"])
    )
    if kind == "replace":
        return raw[:pos] + chunk + raw[pos + len(chunk) :]
    if kind == "insert":
        return raw[:pos] + chunk + raw[pos:]
    return raw[:pos] + raw[pos + draw(st.integers(1, 30)) :]


@pytest.mark.parametrize(("reader", "fixture", "name"), _CASES, ids=[c[1] for c in _CASES])
@SETTINGS
@given(data=st.data())
def test_corrupted_bytes_parse_or_raise(
    reader: Callable[..., pd.DataFrame], fixture: str, name: str, data: st.DataObject
) -> None:
    raw = (FIX / fixture).read_bytes()
    _run(reader, name, data.draw(corrupted(raw)))


# -- General Staff: random records ---------------------------------------------------------
_KEYS = st.sampled_from(
    [
        "date",
        "day",
        "personnel",
        "personnel*",
        "POW",
        "tank",
        "APC",
        "field artillery",
        "greatest losses direction",
        "naval ship",
        "Weird Key!",
        "ÄÖ",
        "",
        "drone",
    ]
)
_VALUES = st.one_of(
    st.integers(-5, 10**6),
    st.integers(10**300, 10**400),
    st.floats(allow_nan=True, allow_infinity=True),
    st.none(),
    st.booleans(),
    st.text(max_size=6),
    st.sampled_from(["2023-01-01", "2023-02-30", "about", "more", "12"]),
    st.lists(st.integers(), max_size=2),
)
_DATES = st.dates(
    min_value=pd.Timestamp("2022-02-24").date(), max_value=pd.Timestamp("2026-12-31").date()
).map(str)


@st.composite
def loss_records(draw: st.DrawFn) -> list[dict[str, Any]]:
    recs = []
    for _ in range(draw(st.integers(0, 6))):
        rec = draw(st.dictionaries(_KEYS, _VALUES, max_size=6))
        if draw(st.booleans()):
            rec["date"] = draw(_DATES)
        recs.append(rec)
    return recs


@SETTINGS
@given(records=loss_records())
def test_random_loss_records(records: list[dict[str, Any]]) -> None:
    _run(read_general_staff_losses, "eq.json", json.dumps(records, indent=4).encode())


@SETTINGS
@given(counts=st.lists(st.one_of(st.none(), st.integers(0, 10**5)), min_size=1, max_size=8))
def test_loss_rows_match_numbers(counts: list[int | None]) -> None:
    dates = pd.date_range("2023-01-01", periods=len(counts), freq="D")
    recs = [
        {"date": f"{d:%Y-%m-%d}", "day": i, "tank": c}
        for i, (d, c) in enumerate(zip(dates, counts, strict=True))
    ]
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "eq.json"
        p.write_text(json.dumps(recs, indent=4))
        if all(c is None for c in counts):
            out = read_general_staff_losses(p)
            assert out.empty
            return
        out = validate_observations(read_general_staff_losses(p))
    want = [float(c) for c in counts if c is not None]
    assert out["value"].tolist() == want


# -- Economist estimates: random rows ------------------------------------------------------
_CELL = st.one_of(st.just(""), st.integers(0, 10**6).map(str), st.sampled_from(["x", "-3", "1e3"]))


@st.composite
def estimate_rows(draw: st.DrawFn) -> list[list[str]]:
    rows = []
    for i in range(draw(st.integers(1, 6))):
        rows.append(
            [
                draw(st.sampled_from([f"{1 + i:02d}/03/2023", "2023-03-01", "31/02/2023"])),
                draw(_CELL),
                draw(_CELL),
                draw(_CELL),
                draw(st.sampled_from(["deaths", "casualties", "Deaths", "wounded"])),
                draw(st.sampled_from(["UK MoD", "CIA", "", "A, B"])),
                "https://x.test/" + str(i),
                draw(st.sampled_from(["russia", "ukraine", "Russia", "usa"])),
                draw(st.sampled_from(["", "yes", "no", "maybe"])),
            ]
        )
    return rows


def _num(s: str) -> float:
    return float(s) if s else math.nan


@SETTINGS
@given(rows=estimate_rows())
def test_random_estimate_rows(rows: list[list[str]]) -> None:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(
        [
            "date",
            "estimate_low",
            "estimate_high",
            "estimate",
            "type",
            "source",
            "source_url",
            "country",
            "ignore for chart, data from warring parties",
        ]
    )
    w.writerows(rows)
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "est.csv"
        p.write_text(buf.getvalue())
        try:
            out = read_economist_soldier_estimates(p)
        except WarIndicatorsError:
            return
    validate_observations(out, indicators=_PUBLISHER_DIM)
    for r in rows:  # every row was accepted: check the value rule on each
        lo, hi, pt = _num(r[1]), _num(r[2]), _num(r[3])
        want = (
            pt
            if not math.isnan(pt)
            else (
                (lo + hi) / 2
                if not (math.isnan(lo) or math.isnan(hi))
                else (hi if math.isnan(lo) else lo)
            )
        )
        assert want in out["value"].to_numpy()
    assert len(out) == len(rows)


# -- OFAC: random rows with known counts ---------------------------------------------------
_PROGRAMS = st.lists(
    st.sampled_from(
        [
            "RUSSIA-EO14024",
            "BPI-RUSSIA-EO14024",
            "UKRAINE-EO13660",
            "SDGT",
            "CAATSA - RUSSIA",
            "IRAN",
            "RUSSIA-EO14024X",
            "CYBER2",
        ]
    ),
    min_size=0,
    max_size=3,
    unique=True,
)
_LATIN1 = st.text(
    st.characters(min_codepoint=32, max_codepoint=255, exclude_characters="\x7f"), max_size=20
)


@SETTINGS
@given(rows=st.lists(st.tuples(_PROGRAMS, _LATIN1, _LATIN1), min_size=1, max_size=12))
def test_random_sdn_rows_counted(rows: list[tuple[list[str], str, str]]) -> None:
    lines = []
    for i, (progs, name, remarks) in enumerate(rows):

        def q(s: str) -> str:
            return '"' + s.replace('"', '""') + '"'

        prog = q("] [".join(progs)) if progs else "-0- "
        lines.append(",".join([str(i + 1), q(name), "-0- ", prog, *["-0- "] * 7, q(remarks)]))
    data = ("\r\n".join(lines) + "\r\n\x1a").encode("latin-1")
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "sdn_20240101.csv"
        p.write_bytes(data)
        out = read_ofac_sdn(p)
    got = dict(zip(out["indicator"], out["value"], strict=True))
    eo = sum("RUSSIA-EO14024" in ps for ps in rows_programs(rows))
    rel = sum(
        any("RUSSIA" in x or x.startswith("UKRAINE-EO") for x in ps) for ps in rows_programs(rows)
    )
    assert got["sanctions.ofac_russia_eo14024_entries"] == eo
    assert got["sanctions.ofac_russia_related_entries"] == rel


def rows_programs(rows: list[tuple[list[str], str, str]]) -> list[list[str]]:
    return [r[0] for r in rows]


# -- geodesic areas ------------------------------------------------------------------------
def _zone_km2(lat1: float, lat2: float, dlon: float) -> float:
    a, f = 6378137.0, 1 / 298.257223563
    e2 = f * (2 - f)
    e, b = math.sqrt(e2), a * (1 - f)

    def qf(lat: float) -> float:
        s = math.sin(math.radians(lat))
        return s / (1 - e2 * s * s) + math.log((1 + e * s) / (1 - e * s)) / (2 * e)

    return math.radians(dlon) * b**2 / 2 * (qf(lat2) - qf(lat1)) / 1e6


@settings(max_examples=25, deadline=None)
@given(
    lon=st.floats(-170, 160),
    lat=st.floats(-80, 70),
    w=st.floats(0.05, 5),
    h=st.floats(0.05, 5),
    clockwise=st.booleans(),
)
def test_geodesic_box_matches_zone_area(
    lon: float, lat: float, w: float, h: float, clockwise: bool
) -> None:
    xs = np.linspace(lon, lon + w, 800)
    ring = [*zip(xs, [lat] * 800, strict=True), *zip(xs[::-1], [lat + h] * 800, strict=True)]
    poly = shapely.Polygon(ring[::-1] if clockwise else ring)
    assert geodesic_area_km2(poly) == pytest.approx(_zone_km2(lat, lat + h, w), rel=1e-5)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(shift=st.floats(0.0, 2.0), n=st.integers(1, 4))
def test_geojson_duplicate_features_not_double_counted(shift: float, n: int) -> None:
    box = [[30, 45], [31, 45], [31, 46], [30, 46], [30, 45]]
    feats = [
        {
            "type": "Feature",
            "properties": {},
            "geometry": {
                "type": "Polygon",
                "coordinates": [[[x + shift * k / n, y] for x, y in box]],
            },
        }
        for k in range(n)
    ]
    doc = {"type": "FeatureCollection", "features": feats}
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "m_20240101.geojson"
        p.write_text(json.dumps(doc))
        area = read_deepstate_geojson(p)["value"].iloc[0]
    union = shapely.union_all([shapely.Polygon(f["geometry"]["coordinates"][0]) for f in feats])
    single = geodesic_area_km2(shapely.box(30, 45, 31, 46))
    # the union is never more than n separate boxes and never less than one box
    assert single - 1e-6 <= area <= n * single + 1e-6
    assert area == pytest.approx(geodesic_area_km2(union), rel=1e-9)
