"""``fetch`` against a local HTTP server on 127.0.0.1 (never the internet)."""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import socket
import time
from collections import Counter
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import ClassVar

import pytest

import warindicators as wi
from warindicators.errors import FetchError
from warindicators.fetch import add_fetch_parser, fetch, run_fetch
from warindicators.sources.registry import Source, get_source

pytestmark = pytest.mark.network

FIX = Path(__file__).resolve().parent / "sources" / "fixtures"
BODY = (FIX / "energy" / "europe_imports_small.csv").read_bytes()
BODY2 = (FIX / "energy" / "europe_imports_bad_number.csv").read_bytes()


class _Handler(BaseHTTPRequestHandler):
    hits: ClassVar[Counter[str]] = Counter()

    def log_message(self, format: str, *args: object) -> None:
        return

    def _send(self, body: bytes, status: int = 200, length: int | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "text/csv")
        self.send_header("Content-Length", str(len(body) if length is None else length))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        path = self.path
        self.hits[path] += 1
        if path in ("/data/europe_imports.csv", "/file_20241120.csv"):
            self._send(BODY)
        elif path == "/v2/europe_imports.csv":
            self._send(BODY2)
        elif path == "/flaky.csv":
            if self.hits[path] == 1:
                self._send(b"oops", status=500)
            else:
                self._send(BODY)
        elif path == "/always500.csv":
            self._send(b"down", status=503)
        elif path == "/truncated.csv":
            self._send(BODY[:10], length=len(BODY))
            self.close_connection = True
        elif path == "/nolength.csv":
            self.send_response(200)
            self.end_headers()
            self.wfile.write(BODY)
            self.close_connection = True
        elif path == "/slow.csv":
            time.sleep(1.5)
            self._send(BODY)
        else:
            self._send(b"not found", status=404)


@pytest.fixture
def server(local_server: Callable[[type[BaseHTTPRequestHandler]], str]) -> str:
    _Handler.hits = Counter()
    return local_server(_Handler)


def _files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_download_writes_file_and_manifest(
    server: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = dt.datetime.now(dt.UTC).replace(microsecond=0)
    path = fetch("crea_gas_imports", tmp_path, url=f"{server}/data/europe_imports.csv")
    assert path == tmp_path / "europe_imports.csv"
    assert path.read_bytes() == BODY
    assert _files(tmp_path) == ["europe_imports.csv", "europe_imports.csv.manifest.json"]
    man = json.loads((tmp_path / "europe_imports.csv.manifest.json").read_text())
    assert man["source_id"] == "crea_gas_imports"
    assert man["url"] == f"{server}/data/europe_imports.csv"
    assert man["sha256"] == hashlib.sha256(BODY).hexdigest()
    assert man["size"] == len(BODY)
    src = get_source("crea_gas_imports")
    assert man["licence"] == src.licence and man["attribution"] == src.attribution
    retrieved = dt.datetime.fromisoformat(man["retrieved"].replace("Z", "+00:00"))
    assert before <= retrieved <= dt.datetime.now(dt.UTC)
    assert "europe_imports.csv" in capsys.readouterr().err  # the progress bar's label
    # the downloaded file reads with its reader
    assert len(wi.read_source("crea_gas_imports", path)) == 9


def test_identical_download_keeps_file_and_different_one_gets_suffix(
    server: str, tmp_path: Path
) -> None:
    first = fetch(
        "crea_gas_imports", tmp_path, url=f"{server}/data/europe_imports.csv", progress=False
    )
    manifest = (tmp_path / "europe_imports.csv.manifest.json").read_text()
    again = fetch(
        "crea_gas_imports", tmp_path, url=f"{server}/data/europe_imports.csv", progress=False
    )
    assert again == first and first.read_bytes() == BODY
    assert (tmp_path / "europe_imports.csv.manifest.json").read_text() == manifest
    other = fetch(
        "crea_gas_imports", tmp_path, url=f"{server}/v2/europe_imports.csv", progress=False
    )
    assert other != first
    assert other.name.startswith("europe_imports_") and other.name.endswith("Z.csv")
    assert first.read_bytes() == BODY and other.read_bytes() == BODY2
    man = json.loads(other.with_name(other.name + ".manifest.json").read_text())
    assert man["sha256"] == hashlib.sha256(BODY2).hexdigest()
    assert len(_files(tmp_path)) == 4


def test_404_fails_at_once_without_leftovers(server: str, tmp_path: Path) -> None:
    with pytest.raises(FetchError, match="HTTP 404") as err:
        fetch("crea_gas_imports", tmp_path, url=f"{server}/nope.csv", backoff=5)
    assert "\n" not in str(err.value)
    assert _Handler.hits["/nope.csv"] == 1
    assert _files(tmp_path) == []


def test_500_then_200_is_retried(server: str, tmp_path: Path) -> None:
    path = fetch(
        "crea_gas_imports", tmp_path, url=f"{server}/flaky.csv", backoff=0.01, progress=False
    )
    assert path.read_bytes() == BODY
    assert _Handler.hits["/flaky.csv"] == 2


def test_persistent_5xx_gives_up(server: str, tmp_path: Path) -> None:
    with pytest.raises(FetchError, match=r"HTTP 503.*after 3 attempts"):
        fetch("crea_gas_imports", tmp_path, url=f"{server}/always500.csv", retries=2, backoff=0.01)
    assert _Handler.hits["/always500.csv"] == 3
    assert _files(tmp_path) == []


def test_truncated_body_leaves_no_partial_file(server: str, tmp_path: Path) -> None:
    with pytest.raises(FetchError, match="truncated|IncompleteRead"):
        fetch(
            "crea_gas_imports",
            tmp_path,
            url=f"{server}/truncated.csv",
            retries=1,
            backoff=0.01,
            progress=False,
        )
    assert _files(tmp_path) == []


def test_no_content_length(server: str, tmp_path: Path) -> None:
    path = fetch("crea_gas_imports", tmp_path, url=f"{server}/nolength.csv")
    assert path.read_bytes() == BODY


def test_closed_port_fails_cleanly(tmp_path: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(FetchError, match="cannot fetch") as err:
        fetch(
            "crea_gas_imports",
            tmp_path,
            url=f"http://127.0.0.1:{port}/x.csv",
            timeout=1,
            retries=1,
            backoff=0.01,
        )
    assert "\n" not in str(err.value)
    assert _files(tmp_path) == []


def test_timeout(server: str, tmp_path: Path) -> None:
    with pytest.raises(FetchError, match="cannot fetch"):
        fetch("crea_gas_imports", tmp_path, url=f"{server}/slow.csv", timeout=0.3, retries=0)


def test_registry_url_with_date_placeholder_and_default_dest(
    server: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sid = f"fetch_test_{server.rsplit(':', 1)[1]}"
    wi.register_source(
        Source(
            id=sid,
            reader=lambda *p: None,
            url=server + "/file_{date:%Y%m%d}.csv",
            filename="europe_{date:%Y%m%d}.csv",
            licence="MIT",
            attribution="test data",
        )
    )
    monkeypatch.chdir(tmp_path)
    path = fetch(sid, date="2024-11-20", progress=False)
    assert path.resolve() == (tmp_path / "data" / "raw" / sid / "europe_20241120.csv").resolve()
    man = json.loads(path.with_name(path.name + ".manifest.json").read_text())
    assert man["url"].endswith("/file_20241120.csv") and man["licence"] == "MIT"
    with pytest.raises(FetchError, match="needs date="):
        fetch(sid, progress=False)
    with pytest.raises(FetchError, match="YYYY-MM-DD"):
        fetch(sid, date="20/11/2024")


def test_source_without_url() -> None:
    with pytest.raises(FetchError, match="no download URL"):
        fetch("reference")


def test_cli_wiring(server: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    parser = argparse.ArgumentParser(prog="warindicators")
    add_fetch_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(
        [
            "fetch",
            "crea_gas_imports",
            "--dest",
            str(tmp_path),
            "--url",
            f"{server}/data/europe_imports.csv",
            "--no-progress",
        ]
    )
    assert args.func(args) == 0
    assert capsys.readouterr().out.strip() == str(tmp_path / "europe_imports.csv")
    args = parser.parse_args(
        [
            "fetch",
            "crea_gas_imports",
            "--dest",
            str(tmp_path),
            "--url",
            f"{server}/gone.csv",
            "--retries",
            "0",
        ]
    )
    assert run_fetch(args) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: ") and "HTTP 404" in err and "\n" not in err
