"""``warindicators update`` against a local HTTP server on 127.0.0.1 serving real samples."""

from __future__ import annotations

import datetime as dt
import urllib.parse
from collections import Counter
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import ClassVar

import pandas as pd
import pytest

import warindicators as wi
from warindicators.cli import main
from warindicators.fetch import fetch, mirror_url
from warindicators.sources.registry import get_source
from warindicators.update import COMPANION_FILES, updatable_sources, update

pytestmark = pytest.mark.network

REAL = Path(__file__).resolve().parent / "sources" / "fixtures" / "real"
ISW = (
    REAL
    / "territory/economist_isw_area/area_assessed_as_controlled_by_russia_2022-02-22_2024-06-30.csv"
)
SAMPLES = {
    "economist_isw_area": ISW,
    "ofac_sdn": REAL / "sanctions/ofac_sdn_russia/sdn_russia_related_2022-03-07.csv",
    "air_raid_alerts": REAL / "outages/air_raid_sirens/official_data_en_2023-01-31_2023-02.csv",
    "economist_soldier_estimates": REAL
    / "casualties/economist_soldier_death_estimates/soldier_deaths_casualties_estimates_2022-2023.csv",
}


class _Mirror(BaseHTTPRequestHandler):
    files: ClassVar[dict[str, bytes]] = {}
    hits: ClassVar[Counter[str]] = Counter()

    def log_message(self, format: str, *args: object) -> None:
        return

    def do_GET(self) -> None:
        path = self.path
        if path.startswith("http://"):  # asked as a proxy: the absolute URL
            parts = urllib.parse.urlsplit(path)
            path = f"/proxy/{parts.netloc}{parts.path}"
        self.hits[path] += 1
        body = self.files.get(path)
        self.send_response(200 if body is not None else 404)
        self.send_header("Content-Length", str(len(body) if body is not None else 9))
        self.end_headers()
        self.wfile.write(body if body is not None else b"not found")


@pytest.fixture
def mirror(local_server: Callable[[type[BaseHTTPRequestHandler]], str]) -> str:
    _Mirror.files = {}
    _Mirror.hits = Counter()
    return f"{local_server(_Mirror)}/m"


def _serve(base: str, source_id: str, body: bytes) -> None:
    path = urllib.parse.urlsplit(mirror_url(get_source(source_id).url or "", base)).path
    _Mirror.files[path] = body


def _n(source_id: str, path: Path, **options: str) -> int:
    return len(wi.read_source(source_id, path, **options))


def test_update_fetches_ingests_reports_and_carries_on_after_a_failure(
    mirror: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for sid, path in SAMPLES.items():
        _serve(mirror, sid, path.read_bytes())
    # crea_gas_imports is not on the mirror: HTTP 404, reported, the others go on
    ids = ["economist_isw_area", "crea_gas_imports", "ofac_sdn", "air_raid_alerts"]
    argv = ["update", "--sources", ",".join(ids), "--data-dir", str(tmp_path)]
    code = main([*argv, "--mirror", mirror, "--no-progress", "--retries", "0"])
    out = capsys.readouterr().out.splitlines()
    assert code == 1
    today = dt.datetime.now(dt.UTC).date()
    n_isw = _n("economist_isw_area", ISW)
    assert out[0] == f"economist_isw_area: {n_isw} new, 0 revised, 0 unchanged; latest 2024-06-30"
    assert out[1].startswith("crea_gas_imports: FAILED: cannot fetch crea_gas_imports")
    assert "HTTP 404" in out[1]
    assert out[2] == f"ofac_sdn: 2 new, 0 revised, 0 unchanged; latest {today}"
    n_alerts = _n("air_raid_alerts", SAMPLES["air_raid_alerts"])
    assert out[3] == f"air_raid_alerts: {n_alerts} new, 0 revised, 0 unchanged; latest 2023-02-28"
    assert out[4] == "3 of 4 sources updated; failed: crea_gas_imports"
    # raw files with their manifests, processed files readable through load
    assert (
        tmp_path / "raw" / "economist_isw_area" / "area_assessed_as_controlled_by_russia.csv"
    ).is_file()
    s = wi.load("sanctions.ofac_russia_eo14024_entries", data_dir=tmp_path).to_pandas()
    assert s[pd.Timestamp(today)] == 215
    area = wi.load("territory.area_occupied_km2", data_dir=tmp_path).to_pandas()
    assert area.index.max() == pd.Timestamp("2024-06-30") and len(area) == 860

    # the same files again: nothing new, nothing revised, no second raw copy
    code = main([*argv, "--mirror", mirror, "--no-progress", "--retries", "0"])
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"economist_isw_area: 0 new, 0 revised, {n_isw} unchanged; latest 2024-06-30"
    assert len(list((tmp_path / "raw" / "economist_isw_area").glob("*.csv"))) == 1

    # a newer vintage: one more day, one revised day, one day published twice
    lines = ISW.read_bytes().splitlines(keepends=True)
    revised = lines[10].split(b",")
    revised[1] = str(float(revised[1]) + 1e9).encode()
    extra = b"2024-07-01," + lines[-1].split(b",", 1)[1]
    newer = b"".join([*lines[:10], b",".join(revised), *lines[11:], lines[-1], extra])
    _serve(mirror, "economist_isw_area", newer)
    code = main(
        [
            "update",
            "--sources",
            "economist_isw_area",
            "--data-dir",
            str(tmp_path),
            "--mirror",
            mirror,
            "--no-progress",
        ]
    )
    captured = capsys.readouterr()
    out = captured.out.splitlines()
    assert code == 0
    # the collapsed repeat is also a one-line warning on stderr
    assert "warning: file " in captured.err and "1 exact repeat(s) collapsed" in captured.err
    assert out[0] == (
        f"economist_isw_area: 3 new, 1 revised, {n_isw - 1} unchanged; "
        "1 repeated records collapsed; latest 2024-07-01"
    )
    assert out[1] == "1 of 1 sources updated"
    # both raw versions kept, and the revision is a new vintage of the stored series
    assert len(list((tmp_path / "raw" / "economist_isw_area").glob("*.csv"))) == 2


def test_mirror_from_the_environment(
    mirror: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _serve(
        mirror, "economist_soldier_estimates", SAMPLES["economist_soldier_estimates"].read_bytes()
    )
    monkeypatch.setenv("WARINDICATORS_MIRROR", mirror)
    lines: list[str] = []
    [outcome] = update(
        tmp_path, ["economist_soldier_estimates"], progress=False, report=lines.append
    )
    assert outcome.ok and outcome.result is not None
    assert outcome.result.n_new == _n(
        "economist_soldier_estimates", SAMPLES["economist_soldier_estimates"]
    )
    assert lines == [outcome.line()]
    assert sum(_Mirror.hits.values()) == 1


def test_proxy_from_the_standard_environment_variables(
    mirror: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    proxy = mirror.removesuffix("/m")
    _Mirror.files["/proxy/source.invalid/data/europe_imports.csv"] = (
        REAL / "energy_exports/crea_europe_gas_imports/europe_imports_2021.csv"
    ).read_bytes()
    monkeypatch.setenv("http_proxy", proxy)
    monkeypatch.setenv("no_proxy", "")
    monkeypatch.delenv("WARINDICATORS_MIRROR", raising=False)
    path = fetch(
        "crea_gas_imports",
        tmp_path,
        url="http://source.invalid/data/europe_imports.csv",
        progress=False,
        retries=0,
    )
    assert _Mirror.hits["/proxy/source.invalid/data/europe_imports.csv"] == 1
    assert len(wi.read_source("crea_gas_imports", path)) == 2848


def test_every_updatable_source_has_a_url_and_unknown_ids_fail_early(tmp_path: Path) -> None:
    ids = updatable_sources()
    assert "reference" not in ids and {
        "economist_isw_area",
        "ofac_sdn",
        "deepstate_geojson",
    } <= set(ids)
    with pytest.raises(wi.errors.UnknownSourceError):
        update(tmp_path, ["economist_isw_area", "no_such_source"], progress=False)
    assert not (tmp_path / "raw").exists()


def test_general_staff_update_fetches_personnel_and_corrections_too(
    mirror: str, tmp_path: Path
) -> None:
    losses = REAL / "casualties/petroivaniuk_russia_losses"
    _serve(
        mirror, "general_staff_losses", (losses / "russia_losses_equipment_2023.json").read_bytes()
    )
    for url, _ in COMPANION_FILES["general_staff_losses"]:
        name = url.rsplit("/", 1)[1].replace("personnel.json", "personnel_2023.json")
        _Mirror.files[urllib.parse.urlsplit(mirror_url(url, mirror)).path] = (
            losses / name
        ).read_bytes()
    [outcome] = update(tmp_path, ["general_staff_losses"], mirror=mirror, progress=False)
    assert outcome.ok, outcome.error
    personnel = wi.load("casualties.ru_personnel_claimed", data_dir=tmp_path).to_pandas()
    # the personnel sample covers 2023 day by day, and its claims grow
    assert personnel.index.min() == pd.Timestamp("2023-01-01")
    assert personnel.index.max() == pd.Timestamp("2023-12-31") and len(personnel) == 365
    assert personnel.is_monotonic_increasing
    corrections = wi.load_frame(families="casualties", data_dir=tmp_path, include_reference=False)
    # the correction list's 'APC' -25 of 2022-10-13
    apc = corrections[corrections["indicator"] == "casualties.ru_equipment_correction.apc"]
    assert apc.set_index("date")["value"][pd.Timestamp("2022-10-13")] == -25
    folder = tmp_path / "raw" / "general_staff_losses"
    raw = sorted(p.name for p in folder.glob("*.json") if not p.name.endswith(".manifest.json"))
    assert raw == [
        "russia_losses_equipment.json",
        "russia_losses_equipment_correction.json",
        "russia_losses_personnel.json",
    ]
