"""JupyterLab as ``make lab`` starts it: a tutorial opens and runs on the server's kernel.

The test starts JupyterLab on a free port of 127.0.0.1 with the options of ``make lab``,
opens a tutorial through the contents API, starts a kernel the way JupyterLab does
(sessions API), runs every code cell over the kernel's websocket, checks the outputs,
and stops the server. Only public interfaces are used: the Jupyter Server REST API, the
kernel websocket protocol, ``jupyter_client.session.Session`` to build messages and
``nbformat.v4.output_from_msg`` to read them.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import nbformat
import pytest

pytest.importorskip("jupyterlab")
tornado_websocket = pytest.importorskip("tornado.websocket")

REPO = Path(__file__).resolve().parents[1]
ROOT = REPO / "notebooks"
TUTORIAL = "tutorials/01_quick_start.ipynb"
STARTUP_TIMEOUT = 180.0
CELL_TIMEOUT = 300.0

pytestmark = pytest.mark.slow


class Server:
    """A JupyterLab server process and the token to talk to it."""

    def __init__(self, proc: subprocess.Popen[bytes], port: int, token: str) -> None:
        self.proc, self.port, self.token = proc, port, token
        self.base = f"http://127.0.0.1:{port}"

    def request(self, method: str, path: str, body: Any = None) -> tuple[int, Any]:
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(
            self.base + path,
            data=data,
            method=method,
            headers={"Authorization": f"token {self.token}", "Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(req, timeout=60) as resp:
                raw = resp.read()
                status = resp.status
        except urllib.error.HTTPError as err:
            return err.code, err.read().decode(errors="replace")
        ctype = resp.headers.get("Content-Type", "")
        return status, json.loads(raw) if raw and "json" in ctype else raw.decode(errors="replace")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    home = tmp_path_factory.mktemp("jupyter")
    env = {
        **os.environ,
        # the environment's kernelspecs first (the one `make venv` installs), and no
        # user-level configuration, data or runtime files of whoever runs the tests
        "JUPYTER_PREFER_ENV_PATH": "1",
        "JUPYTER_CONFIG_DIR": str(home / "config"),
        "JUPYTER_DATA_DIR": str(home / "data"),
        "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
    }
    env.pop("WARINDICATORS_DATA_DIR", None)  # the tutorials use the shipped data
    env.pop("MPLBACKEND", None)  # the kernel's own default: inline figures, as for a user
    port, token = _free_port(), secrets.token_hex(16)
    log = (home / "server.log").open("wb")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jupyterlab",
            "--no-browser",
            f"--ServerApp.root_dir={ROOT}",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={port}",
            "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={token}",
            *(["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []),
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    srv = Server(proc, port, token)
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while True:
            if proc.poll() is not None:
                pytest.fail(f"the server exited: {(home / 'server.log').read_text()[-3000:]}")
            try:
                if srv.request("GET", "/api/status")[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("the server did not answer within the start-up timeout")
            time.sleep(0.5)
        yield srv
    finally:
        proc.terminate()  # SIGTERM: the server shuts its kernels down and exits
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def _outputs_of(messages: list[dict[str, Any]]) -> list[Any]:
    kinds = {"stream", "display_data", "execute_result", "error"}
    return [nbformat.v4.output_from_msg(m) for m in messages if m["header"]["msg_type"] in kinds]


async def _run_cells(srv: Server, kernel_id: str, cells: list[str]) -> list[dict[str, Any]]:
    """Execute ``cells`` in order on the kernel; per cell its reply and output messages."""
    from jupyter_client.jsonutil import json_default
    from jupyter_client.session import Session
    from tornado.httpclient import HTTPRequest

    session = Session(username="test")
    url = f"ws://127.0.0.1:{srv.port}/api/kernels/{kernel_id}/channels?session_id={session.session}"
    conn = await tornado_websocket.websocket_connect(
        HTTPRequest(url, headers={"Authorization": f"token {srv.token}"})
    )
    results = []
    try:
        for code in cells:
            msg = session.msg(
                "execute_request",
                {"code": code, "silent": False, "store_history": True, "allow_stdin": False},
            )
            msg["channel"] = "shell"
            await conn.write_message(json.dumps(msg, default=json_default))
            msg_id = msg["header"]["msg_id"]
            reply, iopub, idle = None, [], False
            while reply is None or not idle:
                raw = await asyncio.wait_for(conn.read_message(), CELL_TIMEOUT)
                if raw is None:
                    raise RuntimeError("the kernel websocket closed")
                got = json.loads(raw)
                if got.get("parent_header", {}).get("msg_id") != msg_id:
                    continue
                if got["channel"] == "shell" and got["msg_type"] == "execute_reply":
                    reply = got["content"]
                elif got["channel"] == "iopub":
                    if got["msg_type"] == "status":
                        idle = got["content"]["execution_state"] == "idle"
                    else:
                        iopub.append(got)
            results.append({"reply": reply, "outputs": _outputs_of(iopub)})
    finally:
        conn.close()
    return results


def _text(outputs: list[Any]) -> str:
    parts = []
    for out in outputs:
        if out.output_type == "stream":
            parts.append(out.text)
        elif out.output_type in ("execute_result", "display_data"):
            parts.append(out.data.get("text/plain", ""))
    return "".join(parts)


def test_lab_page_is_served(server: Server) -> None:
    status, body = server.request("GET", "/lab")
    assert status == 200 and "JupyterLab" in body


def test_tutorial_opens_unchanged_and_runs_on_the_servers_kernel(server: Server) -> None:
    import warindicators as wi

    path = ROOT / TUTORIAL
    digest = hashlib.sha256(path.read_bytes()).hexdigest()

    # open it as JupyterLab does: the contents API returns the notebook as stored
    status, model = server.request("GET", f"/api/contents/{TUTORIAL}?content=1&type=notebook")
    assert status == 200, model
    assert model["type"] == "notebook" and model["format"] == "json"
    nb = nbformat.from_dict(model["content"])
    for cell in nb.cells:  # the server's per-session signature check, not file content
        cell.metadata.pop("trusted", None)
    assert nb == nbformat.read(path, as_version=4)

    # the kernel it names is the project's, with the metadata JupyterLab would write back
    status, specs = server.request("GET", "/api/kernelspecs")
    name = nb.metadata.kernelspec.name
    assert name in specs["kernelspecs"], sorted(specs["kernelspecs"])
    spec = specs["kernelspecs"][name]["spec"]
    assert spec["display_name"] == nb.metadata.kernelspec.display_name
    assert spec["language"] == nb.metadata.kernelspec.language

    status, sess = server.request(
        "POST",
        "/api/sessions",
        {"path": TUTORIAL, "name": path.name, "type": "notebook", "kernel": {"name": name}},
    )
    assert status == 201, sess
    kernel_id = sess["kernel"]["id"]
    try:
        cells = [c.source for c in nb.cells if c.cell_type == "code"]
        results = asyncio.run(_run_cells(server, kernel_id, cells))
        info = asyncio.run(_kernel_info(server, kernel_id))
    finally:
        server.request("DELETE", f"/api/sessions/{sess['id']}")

    for cell, res in zip(cells, results, strict=True):
        errors = [o for o in res["outputs"] if o.output_type == "error"]
        assert res["reply"]["status"] == "ok" and not errors, (cell, res["reply"], errors)
    by_cell = dict(zip(cells, results, strict=True))

    def outputs(fragment: str) -> list[Any]:
        (code,) = [c for c in cells if fragment in c]
        return by_cell[code]["outputs"]

    # the kernel runs this environment's library on its shipped data
    assert _text(outputs("wi.__version__")) == repr(wi.__version__)
    assert "'territory.area_occupied_km2'" in _text(outputs("wi.list_indicators("))
    assert "closest known ids: territory.area_occupied_km2" in _text(
        outputs('wi.get_indicator("territory.area_occupied")')
    )
    drones = wi.load("casualties.ru_equipment_claimed_monthly.drone")
    assert str(wi.changepoints(drones).indices) in _text(outputs("cp = wi.changepoints(drones)"))
    figures = [o for r in results for o in r["outputs"] if "image/png" in o.get("data", {})]
    assert len(figures) >= 3  # the series, its trend and the fitted segments

    # nothing for JupyterLab to update when the kernel connects (the Python patch
    # version is the one exception: it is that of the interpreter the notebook was saved with)
    stored = dict(nb.metadata.language_info)
    live = dict(info["language_info"])
    stored.pop("version"), live.pop("version")
    assert stored == live
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest  # the file is untouched


async def _kernel_info(srv: Server, kernel_id: str) -> dict[str, Any]:
    from jupyter_client.jsonutil import json_default
    from jupyter_client.session import Session
    from tornado.httpclient import HTTPRequest

    session = Session(username="test")
    url = f"ws://127.0.0.1:{srv.port}/api/kernels/{kernel_id}/channels?session_id={session.session}"
    conn = await tornado_websocket.websocket_connect(
        HTTPRequest(url, headers={"Authorization": f"token {srv.token}"})
    )
    try:
        msg = session.msg("kernel_info_request", {})
        msg["channel"] = "shell"
        await conn.write_message(json.dumps(msg, default=json_default))
        while True:
            raw = await asyncio.wait_for(conn.read_message(), CELL_TIMEOUT)
            if raw is None:
                raise RuntimeError("the kernel websocket closed")
            got = json.loads(raw)
            if got["msg_type"] == "kernel_info_reply":
                return dict(got["content"])
    finally:
        conn.close()
