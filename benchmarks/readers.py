"""Benchmark of the source readers against a bare parse of the same bytes.

Each case writes its input in the source's native format into a temporary folder, then
times the warindicators reader and a bare ``json.load`` / ``pandas.read_csv`` of the same
files (best of a few repeats) and prints both, their ratio and the target. Run as

    python benchmarks/readers.py [--repeat N] [--strict]

``--strict`` makes the exit status non-zero when a target is missed. Other readers can
append their own :class:`Case` to ``CASES``.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from warindicators.sources.casualties import read_general_staff_losses
from warindicators.sources.registry import read_source
from warindicators.sources.territory import read_deepstate_geojson

REAL = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "real"


@dataclass(frozen=True)
class Case:
    """One benchmark: make the input files, run the reader, run the bare parse."""

    name: str
    make: Callable[[Path], list[Path]]
    reader: Callable[[list[Path]], object]
    bare: Callable[[list[Path]], object]
    max_ratio: float | None = None  # reader time / bare-parse time
    max_seconds: float | None = None  # reader time


def _best(fn: Callable[[list[Path]], object], paths: list[Path], repeat: int) -> float:
    best = math.inf
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn(paths)
        best = min(best, time.perf_counter() - t0)
    return best


# -- General Staff losses: ~1 600 days x 15 categories ----------------------------------------
_CATEGORIES = (
    "aircraft",
    "helicopter",
    "tank",
    "APC",
    "field artillery",
    "MRL",
    "drone",
    "naval ship",
    "submarines",
    "anti-aircraft warfare",
    "special equipment",
    "vehicles and fuel tanks",
    "cruise missiles",
    "ground robotic systems",
    "mobile SRBM system",
)


def make_losses(folder: Path, days: int = 1600) -> list[Path]:
    """Personnel and equipment files in the dataset's JSON layout (4-space indent)."""
    rng = np.random.default_rng(0)
    dates = pd.date_range("2022-02-25", periods=days, freq="D")
    totals = np.cumsum(rng.integers(0, 40, size=(days, len(_CATEGORIES))), axis=0)
    personnel = np.cumsum(rng.integers(300, 1500, size=days))
    eq, pers = [], []
    for i, d in enumerate(dates):
        day = f"{d:%Y-%m-%d}"
        rec: dict[str, object] = {"date": day, "day": i + 2}
        rec.update({c: int(totals[i, j]) for j, c in enumerate(_CATEGORIES)})
        if 60 <= i < 310:
            rec["greatest losses direction"] = "Bakhmut"
        eq.append(rec)
        pers.append(
            {"date": day, "day": i + 2, "personnel": int(personnel[i]), "personnel*": "about"}
        )
    paths = [folder / "russia_losses_equipment.json", folder / "russia_losses_personnel.json"]
    for p, recs in zip(paths, (eq, pers), strict=True):
        p.write_text(json.dumps(recs, indent=4))
    return paths


def _json_load_all(paths: Sequence[Path]) -> object:
    out = []
    for p in paths:
        with open(p, encoding="utf-8") as fh:
            out.append(json.load(fh))
    return out


# -- DeepState: 300 daily snapshots ----------------------------------------------------------
def _base_geometry() -> dict[str, object]:
    real = sorted((REAL / "territory" / "deepstate_geojson").glob("*.geojson"))
    if real:
        doc: dict[str, object] = json.loads(real[0].read_text())
        return doc
    # a ragged ~3 000-vertex polygon about the size of the occupied area, with one hole
    t = np.linspace(0, 2 * np.pi, 3000, endpoint=False)
    r = 1.0 + 0.08 * np.sin(7 * t) + 0.03 * np.sin(41 * t)
    ring = np.c_[36.0 + 3.0 * r * np.cos(t), 47.5 + 1.6 * r * np.sin(t)]
    hole = np.c_[36.0 + 0.2 * np.cos(t[::-20]), 47.5 + 0.1 * np.sin(t[::-20])]
    coords = [[*map(list, ring), list(ring[0])], [*map(list, hole), list(hole[0])]]
    return {
        "type": "FeatureCollection",
        "name": "synthetic",
        "features": [
            {
                "type": "Feature",
                "properties": {},
                "geometry": {"type": "MultiPolygon", "coordinates": [coords]},
            }
        ],
    }


def make_snapshots(folder: Path, n: int = 300) -> list[Path]:
    """``n`` daily GeoJSON snapshots: the base geometry, slightly shifted each day."""
    base = _base_geometry()
    text = json.dumps(base)
    paths = []
    for i, d in enumerate(pd.date_range("2024-01-01", periods=n, freq="D")):
        # a tiny daily eastward creep keeps every file distinct
        shift = 1e-5 * i
        doc = json.loads(text)
        for feat in doc["features"]:
            geom = feat["geometry"]
            polys = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]
            for poly in polys:
                for ring in poly:
                    for pt in ring:
                        pt[0] = round(pt[0] + shift, 6)
        p = folder / f"deepstatemap_data_{d:%Y%m%d}.geojson"
        p.write_text(json.dumps(doc))
        paths.append(p)
    return paths


CASES: list[Case] = [
    Case(
        name="general_staff_losses: 1 600 days x 15 categories + personnel (reader)",
        make=make_losses,
        reader=lambda ps: read_general_staff_losses(*ps),
        bare=_json_load_all,
        max_ratio=3.0,
    ),
    Case(
        name="general_staff_losses: same, through read_source (with validation)",
        make=make_losses,
        reader=lambda ps: read_source("general_staff_losses", *ps),
        bare=_json_load_all,
    ),
    Case(
        name="deepstate_geojson: 300 snapshots, geodesic area",
        make=make_snapshots,
        reader=lambda ps: read_deepstate_geojson(*ps),
        bare=_json_load_all,
        max_seconds=30.0,
    ),
]


def main(argv: Sequence[str] | None = None) -> int:
    """Run every case, print figures; return 1 under ``--strict`` if a target is missed."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3, help="repeats per timing (best is kept)")
    ap.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = ap.parse_args(argv)
    missed = 0
    print(f"{'case':<72} {'reader s':>9} {'bare s':>8} {'ratio':>6}  target")
    for case in CASES:
        with tempfile.TemporaryDirectory() as d:
            paths = case.make(Path(d))
            case.reader(paths)  # warm-up: imports, registrations
            t_reader = _best(case.reader, paths, args.repeat)
            t_bare = _best(case.bare, paths, args.repeat)
        ratio = t_reader / t_bare
        checks = []
        if case.max_ratio is not None:
            ok = ratio <= case.max_ratio
            checks.append(f"ratio <= {case.max_ratio:g} {'ok' if ok else 'MISSED'}")
            missed += not ok
        if case.max_seconds is not None:
            ok = t_reader <= case.max_seconds
            checks.append(f"<= {case.max_seconds:g} s {'ok' if ok else 'MISSED'}")
            missed += not ok
        print(
            f"{case.name:<72} {t_reader:9.3f} {t_bare:8.3f} {ratio:6.2f}  "
            f"{'; '.join(checks) or '-'}"
        )
    return 1 if (missed and args.strict) else 0


if __name__ == "__main__":
    sys.exit(main())
