"""Reader calling conventions accepted by ``read_source`` (plugins written differently)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import warindicators as wi
from warindicators.sources import registry


def _obs(value: float, date: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "indicator": ["territory.area_occupied_km2"],
            "region": ["UA"],
            "date": [date],
            "value": [value],
        }
    )


@pytest.fixture
def files(tmp_path: Path) -> list[Path]:
    out = []
    for i, day in enumerate(("2024-01-01", "2024-01-02")):
        f = tmp_path / f"{day}.txt"
        f.write_text(f"{100 + i}")
        out.append(f)
    return out


def _value(p: str | Path) -> pd.DataFrame:
    return _obs(float(Path(p).read_text()), Path(p).stem)


def test_star_paths_list_and_single_file_readers(files: list[Path]) -> None:
    def star(*paths: Path) -> pd.DataFrame:
        return pd.concat([_value(p) for p in paths])

    def as_list(paths: list[Path]) -> pd.DataFrame:
        assert isinstance(paths, list)
        return pd.concat([_value(p) for p in paths])

    def one(path: Path) -> pd.DataFrame:
        return _value(path)

    for name, fn in (("conv_star", star), ("conv_list", as_list), ("conv_one", one)):
        wi.register_source(name, fn, description="test convention")
        try:
            got = wi.read_source(name, *files)
            assert got["value"].tolist() == [100.0, 101.0], name
            assert wi.read_source(name, files[0])["value"].tolist() == [100.0], name
        finally:
            registry._sources.pop(name, None)
