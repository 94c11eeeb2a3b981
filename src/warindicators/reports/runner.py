"""Run one report: parameters checked, notebook executed by papermill, HTML exported,
manifest written, everything published atomically.

Layout of ``OUTPUT/<template>/<period>/``: ``report.ipynb`` (executed), ``report.html``
(no code), ``manifest.json``. The run is built in ``OUTPUT/<template>/.build-<period>-*``
and renamed into place on success. A failed run leaves the previous good report untouched
and adds ``failed.json`` (the failure record) and ``failed.ipynb`` (the notebook as far as
it ran) beside it, and its ``manifest.json`` gains a ``last_failure`` entry (when, the
error, where the record is); with no previous report the folder holds only those two
files. A later successful run replaces the folder, failure record included.

The kernel is the project's one kernelspec (:mod:`.kernel`), started through
jupyter_client's public API as the first step of a run and handed to papermill (its ``km``
argument), so the kernel process starts Python and ipykernel on another core while this
process imports papermill. While the kernel computes, a thread of the calling process
gathers the manifest's package versions and revision and warms up the HTML exporter; the
export then converts the notebook object papermill returns (no second read of a notebook
full of images).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import shutil
import tempfile
import threading
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from filelock import FileLock, Timeout

if TYPE_CHECKING:  # pragma: no cover
    from nbformat import NotebookNode

from ..errors import ReportError
from .manifest import (
    FAILED_FILE,
    MANIFEST_FILE,
    data_hash,
    git_revision,
    input_hash,
    package_versions,
    read_json,
    write_json,
)
from .params import check_parameters, read_parameters, safe_component
from .periods import Cadence, Period, latest_period
from .templates import resolve_template

__all__ = [
    "RunResult",
    "clean_stale_builds",
    "report_name",
    "resolve_template",
    "run",
    "template_cadence",
]

NOTEBOOK = "report.ipynb"
HTML = "report.html"


@dataclass(frozen=True)
class RunResult:
    """Outcome of :func:`run`.

    Attributes
    ----------
    template
        Report name (the template's file stem without ``_report``).
    period
        The period run, e.g. ``"2026-01"``.
    status
        ``"ok"`` or ``"failed"``.
    folder
        ``OUTPUT/<template>/<period>``.
    record
        The manifest (on success) or failure record written.

    Examples
    --------
    >>> from pathlib import Path
    >>> res = RunResult("monthly", "2026-01", "failed", Path("reports/monthly/2026-01"),
    ...                 {"status": "failed", "error": {"message": "cell 4: KeyError: 'x'"}})
    >>> res.ok, res.error
    (False, "cell 4: KeyError: 'x'")
    >>> res.html.as_posix()
    'reports/monthly/2026-01/report.html'
    """

    template: str
    period: str
    status: str
    folder: Path
    record: dict[str, Any] = field(repr=False)

    @property
    def ok(self) -> bool:
        """Whether the run succeeded."""
        return self.status == "ok"

    @property
    def html(self) -> Path:
        """The published ``report.html`` (the previous good one after a failure)."""
        return self.folder / HTML

    @property
    def error(self) -> str | None:
        """One-line description of the failure, if any."""
        err = self.record.get("error")
        return None if not err else str(err.get("message"))


def report_name(path: Path) -> str:
    """Folder name of a template's reports: its file stem without ``_report``."""
    return safe_component(path.stem.removesuffix("_report"), "template")


def template_cadence(path: Path) -> Cadence:
    """Cadence of a template, from the default of its ``period`` parameter."""
    spec = read_parameters(path)
    if "period" not in spec:
        raise ReportError(f"template {path.name}: no 'period' parameter")
    return Period.parse(str(spec["period"].default)).cadence


class _KnownParameters(logging.Filter):
    """Drop papermill's "unknown parameter" warning: parameters are checked here, against
    annotations papermill's own inspection does not parse (``list[str] | None``)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.getMessage()).startswith("Passed unknown parameter")


_FILTER = _KnownParameters()


def _timeout_func(cell_timeout: float, deadline: float) -> Any:
    def func(cell: Any) -> int:
        return max(1, int(min(cell_timeout, deadline - time.monotonic())))

    return func


def _cells(notebook: Path | NotebookNode) -> list[dict[str, Any]]:
    """Duration and status of each code cell of an executed notebook (file or object)."""
    import nbformat

    if isinstance(notebook, Path):
        if not notebook.is_file():
            return []
        nb = nbformat.read(str(notebook), as_version=4)
    else:
        nb = notebook
    out = []
    for i, c in enumerate(nb.cells):
        if c.cell_type != "code":
            continue
        meta = c.metadata.get("papermill", {})
        out.append(
            {
                "index": i,
                "duration_s": meta.get("duration"),
                "status": meta.get("status"),
                "source": c.source.splitlines()[:1],
            }
        )
    return out


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _recover(out: Path, period: str) -> None:
    """Undo what a killed run of ``period`` left (the caller holds the period lock)."""
    final = out / period
    for old in sorted(out.glob(f".old-{period}-*")):
        if not final.exists():
            os.replace(old, final)
        else:
            shutil.rmtree(old, ignore_errors=True)
    for build in out.glob(f".build-{period}-*"):
        shutil.rmtree(build, ignore_errors=True)


def _period_lock(out: Path, period: str) -> FileLock:
    return FileLock(str(out / f".{period}.lock"), timeout=0)


def clean_stale_builds(output_dir: str | Path) -> int:
    """Remove build folders left by killed runs (skipping periods being built); count them."""
    n = 0
    for out in (p for p in Path(output_dir).glob("*") if p.is_dir()):
        periods = {d.name.split("-", 1)[1].rsplit("-", 1)[0] for d in out.glob(".build-*")} | {
            d.name.split("-", 1)[1].rsplit("-", 1)[0] for d in out.glob(".old-*")
        }
        for period in periods:
            with contextlib.suppress(Timeout), _period_lock(out, period):
                _recover(out, period)
                n += 1
    return n


def _publish(build: Path, final: Path) -> None:
    old = None
    if final.exists():
        old = final.parent / f".old-{final.name}-{uuid.uuid4().hex[:8]}"
        os.replace(final, old)
    os.replace(build, final)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _error_record(exc: BaseException) -> dict[str, Any]:
    rec: dict[str, Any] = {"type": type(exc).__name__}
    cell = getattr(exc, "cell_index", None)
    if cell is not None:
        rec.update(
            cell=cell,
            ename=getattr(exc, "ename", ""),
            evalue=getattr(exc, "evalue", ""),
            source=str(getattr(exc, "source", ""))[:500],
        )
        rec["message"] = f"cell {cell}: {rec['ename']}: {rec['evalue']}"
    else:
        rec["message"] = f"{type(exc).__name__}: {str(exc).strip().splitlines()[-1:] or ''}"
        if isinstance(exc, TimeoutError) or "Timeout" in type(exc).__name__:
            rec["message"] = f"timeout: {str(exc).strip()[:200]}"
    return rec


def run(
    template: str | Path,
    period: str | Period,
    output_dir: str | Path = "reports",
    parameters: Mapping[str, Any] | None = None,
    *,
    cell_timeout: float = 600,
    run_timeout: float = 1800,
    update_index: bool = True,
) -> RunResult:
    """Run a report template for one period and publish it atomically.

    Parameters
    ----------
    template
        A template name (``"monthly"``, ``"weekly"`` or one made by ``report new``,
        resolved by :func:`~warindicators.reports.resolve_template`: the notebook under
        ``notebooks/`` of the current folder first) or a path to a notebook with a cell
        tagged ``parameters``.
    period
        ``YYYY-MM``, ``YYYY-Www`` (matching the template's cadence) or ``"latest"`` (the
        period of the newest observation in the data).
    output_dir
        Reports go to ``output_dir/<template>/<period>/``.
    parameters
        Other template parameters (checked before any kernel starts).
    cell_timeout, run_timeout
        Seconds allowed for one cell and for the whole run.
    update_index
        Rewrite ``output_dir/index.html`` afterwards.

    Returns
    -------
    RunResult
        ``status`` is ``"failed"`` when the notebook raised or timed out; the previous good
        report is then kept and the failure is in ``failed.json``.

    Examples
    --------
    >>> run("monthly", "../../x")
    Traceback (most recent call last):
    ...
    warindicators.errors.ReportError: period: expected YYYY-MM or YYYY-Www, got '../../x'
    """
    from .index import write_index

    logging.getLogger("papermill").addFilter(_FILTER)
    from .kernel import ensure_kernel

    path = resolve_template(template)
    name = report_name(path)
    spec = read_parameters(path)
    cadence = template_cadence(path)
    user = dict(parameters or {})
    if "period" in user:
        raise ReportError("parameter 'period': pass the period as its own argument")
    params = check_parameters(spec, user)
    if params.get("data_dir") is not None:
        params["data_dir"] = str(Path(params["data_dir"]).resolve())
    if isinstance(period, str) and period == "latest":
        per = latest_period(cadence, params.get("data_dir"))
    elif isinstance(period, Period):
        per = Period.parse(str(period), cadence)
    else:
        per = Period.parse(period, cadence)
    params["period"] = str(per)
    full = {k: s.default for k, s in spec.items()} | params
    out = Path(output_dir) / name
    out.mkdir(parents=True, exist_ok=True)
    try:
        lock = _period_lock(out, str(per))
        lock.acquire()
    except Timeout:
        raise ReportError(f"report {name} {per}: another run is building it") from None
    try:
        _recover(out, str(per))
        result = _execute(
            path, name, per, out, params, full, cell_timeout, run_timeout, ensure_kernel()
        )
    finally:
        lock.release()
    if update_index:
        write_index(output_dir)
    return result


def _prepare(facts: dict[str, Any]) -> None:
    """Work the parent process does while the kernel computes: the manifest's package
    versions and revision, and a warmed-up HTML exporter (see :func:`export.warm_up`)."""
    from .export import warm_up

    facts["packages"] = package_versions()
    facts["git_revision"] = git_revision()
    warm_up()


def _stop(km: Any, run_sync: Any) -> None:
    """Stop the run's kernel at once: every output has arrived when the last cell returns,
    so there is no graceful exit to wait for (a second for a kernel holding pandas, numba
    and matplotlib). Shutting down also closes the kernel's sockets and its clients'."""
    if km.has_kernel:
        run_sync(km.shutdown_kernel)(now=True)


def _execute(
    path: Path,
    name: str,
    per: Period,
    out: Path,
    params: dict[str, Any],
    full: dict[str, Any],
    cell_timeout: float,
    run_timeout: float,
    kernel: str,
) -> RunResult:
    from jupyter_core.utils import run_sync

    from .. import __version__
    from .export import export_html
    from .kernel import kernel_manager, preload_arguments

    build = out / f".build-{per}-{uuid.uuid4().hex[:8]}"
    build.mkdir()
    final = out / str(per)
    started, t0 = _now(), time.monotonic()
    record: dict[str, Any] = {
        "template": name,
        "template_file": path.name,
        "template_path": str(path),
        "period": str(per),
        "parameters": full,
        "input_hash": input_hash(path, params, params.get("data_dir")),
        "data_hash": data_hash(params.get("data_dir")),
        "as_of": full.get("as_of"),
        "library_version": __version__,
        "kernel": kernel,
        "started": started,
        "cell_timeout_s": cell_timeout,
        "run_timeout_s": run_timeout,
    }
    nb_out = build / NOTEBOOK
    error: BaseException | None = None
    facts: dict[str, Any] = {}
    side = threading.Thread(target=_prepare, args=(facts,), name="report-prepare", daemon=True)
    side.start()
    executed: Any = None
    # Unix sockets in a folder of this run's own: parallel runs never share a port
    sockets = tempfile.mkdtemp(prefix="wi-kernel-")
    km = kernel_manager(kernel, sockets)
    try:
        # the kernel first: its process starts up and imports the report libraries
        # (kernel.PRELOAD) on another core while this one imports papermill; papermill
        # runs the notebook on it and leaves its shutdown to us
        run_sync(km.start_kernel)(cwd=str(build), extra_arguments=preload_arguments())
        import papermill as pm

        executed = pm.execute_notebook(
            str(path),
            str(nb_out),
            parameters=params,
            kernel_name=kernel,
            progress_bar=False,
            log_output=False,
            cwd=str(build),
            request_save_on_cell_execute=False,
            start_timeout=120,
            timeout_func=_timeout_func(cell_timeout, t0 + run_timeout),
            km=km,
        )
        _stop(km, run_sync)
        side.join()
        export_html(executed, build / HTML, title=f"{name} report {per}")
    except Exception as exc:  # a failed notebook must not lose the previous report
        error = exc
    finally:
        _stop(km, run_sync)
        shutil.rmtree(sockets, ignore_errors=True)
    side.join()
    record.update(
        packages=facts.get("packages") or package_versions(),
        git_revision=facts["git_revision"] if "git_revision" in facts else git_revision(),
        finished=_now(),
        duration_s=round(time.monotonic() - t0, 3),
        cells=_cells(executed if executed is not None else nb_out),
    )
    if error is None:
        record["status"] = "ok"
        write_json(build / MANIFEST_FILE, record)
        _publish(build, final)
        return RunResult(name, str(per), "ok", final, record)
    record["status"] = "failed"
    record["error"] = _error_record(error)
    if (final / MANIFEST_FILE).is_file():  # a previous report: kept as it is
        kept = read_json(final / MANIFEST_FILE)
        record["kept_report"] = True
        if nb_out.is_file():
            os.replace(nb_out, final / "failed.ipynb")
        write_json(final / FAILED_FILE, record)
        if kept is not None:  # its manifest says its newer run failed, and where the record is
            kept["last_failure"] = {
                "started": record["started"],
                "finished": record["finished"],
                "error": record["error"]["message"],
                "record": FAILED_FILE,
                "notebook": "failed.ipynb",
            }
            write_json(final / MANIFEST_FILE, kept)
        shutil.rmtree(build, ignore_errors=True)
    else:
        record["kept_report"] = False
        for p in build.iterdir():
            if p.name != NOTEBOOK:
                shutil.rmtree(p) if p.is_dir() else p.unlink()
        if nb_out.is_file():
            os.replace(nb_out, build / "failed.ipynb")
        write_json(build / FAILED_FILE, record)
        _publish(build, final)
    return RunResult(name, str(per), "failed", final, record)
