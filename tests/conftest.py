"""Shared test configuration: a headless plotting backend, the shared data folder and
local HTTP servers."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")
os.environ.setdefault("MPLBACKEND", "Agg")

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The shared third-party data beside the project; skip when it is absent."""
    if not SHARED_DATA.is_dir():
        pytest.skip("shared data folder beside the project is absent")
    return SHARED_DATA


@pytest.fixture
def local_server() -> Iterator[Callable[[type[BaseHTTPRequestHandler]], str]]:
    """Start HTTP servers on 127.0.0.1 (a free port each) with a handler class; returns
    the base URL. Every server started is stopped after the test."""
    servers: list[ThreadingHTTPServer] = []

    def start(handler: type[BaseHTTPRequestHandler]) -> str:
        httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        httpd.daemon_threads = True
        threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True).start()
        servers.append(httpd)
        return f"http://127.0.0.1:{httpd.server_address[1]}"

    yield start
    for httpd in servers:
        httpd.shutdown()
        httpd.server_close()
