"""Catch-up scheduling: run every due period of a cadence, skip the up-to-date ones.

A period is *due* when its report is missing, when its last run failed, or when the content
hash of its inputs (data, template, parameters) differs from the published manifest.
A lock file in the output folder stops two schedulers from writing it at once; build
folders left by a killed run are cleaned before starting. ``jobs > 1`` runs periods in
separate worker processes (started with ``spawn``: a fresh interpreter, nothing inherited),
each launching one papermill run -- and so one kernel -- at a time. Kernels started
together do not compete for TCP ports: each talks to its runner over Unix sockets in a
folder of its own (:func:`warindicators.reports.kernel.kernel_manager`).
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout

from ..errors import ReportError
from .index import period_status, write_index
from .manifest import input_hash
from .params import check_parameters, read_parameters
from .periods import Cadence, Period, latest_period, parse_period, period_range
from .runner import clean_stale_builds, report_name, resolve_template, run, template_cadence

__all__ = ["ScheduleResult", "due_periods", "schedule"]

LOCK_FILE = ".schedule.lock"


@dataclass
class ScheduleResult:
    """What a scheduler run did, period by period.

    Attributes
    ----------
    ran
        Periods run successfully.
    skipped
        Periods already up to date.
    failed
        ``{period: error message}`` of the failed runs.
    due
        Periods that needed a run (all of them are listed, also in a dry run).

    Examples
    --------
    >>> res = ScheduleResult(ran=["2026-01"], failed={"2026-02": "cell 3: ValueError"})
    >>> res.ok, ScheduleResult(ran=["2026-01"]).ok
    (False, True)
    """

    ran: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    due: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when no period failed."""
        return not self.failed


def _reason(folder: Path, wanted_hash: str) -> str | None:
    status, manifest, _ = period_status(folder)
    if status == "missing":
        return "missing"
    if status != "ok":
        return "failed"
    if manifest is None or manifest.get("input_hash") != wanted_hash:
        return "inputs changed"
    return None


def due_periods(
    template: str | Path,
    periods: Sequence[Period],
    output_dir: str | Path,
    parameters: Mapping[str, Any] | None = None,
    rerun: Sequence[str] = (),
) -> dict[str, str]:
    """``{period: reason}`` for the periods that need a run (in order).

    Parameters
    ----------
    template
        A shipped template name or a notebook path.
    periods
        Candidate periods (of the template's cadence).
    output_dir
        Folder holding ``<template>/<period>/`` reports.
    parameters
        Template parameters of the run (part of the inputs' content hash).
    rerun
        Periods to list as due even when up to date.

    Returns
    -------
    dict of str to str
        Reason per due period: ``"missing"``, ``"failed"``, ``"inputs changed"`` or
        ``"rerun requested"``.

    Examples
    --------
    >>> import tempfile
    >>> due_periods("monthly", period_range("2026-01", "2026-02"), tempfile.mkdtemp(),
    ...             rerun=["2026-02"])
    {'2026-01': 'missing', '2026-02': 'rerun requested'}
    """
    path = resolve_template(template)
    params = check_parameters(read_parameters(path), dict(parameters or {}))
    if params.get("data_dir") is not None:
        params["data_dir"] = str(Path(params["data_dir"]).resolve())
    out = Path(output_dir) / report_name(path)
    due: dict[str, str] = {}
    for p in periods:
        wanted = input_hash(path, params | {"period": str(p)}, params.get("data_dir"))
        reason = "rerun requested" if str(p) in rerun else _reason(out / str(p), wanted)
        if reason:
            due[str(p)] = reason
    return due


def _run_one(
    template: str,
    period: str,
    output_dir: str,
    parameters: dict[str, Any],
    cell_timeout: float,
    run_timeout: float,
) -> tuple[str, str, str | None]:
    try:
        res = run(
            template,
            period,
            output_dir,
            parameters,
            cell_timeout=cell_timeout,
            run_timeout=run_timeout,
            update_index=False,
        )
    except ReportError as exc:
        return period, "failed", str(exc)
    return period, res.status, res.error


def schedule(
    cadence: Cadence,
    since: str,
    until: str | None = None,
    *,
    output_dir: str | Path = "reports",
    template: str | Path | None = None,
    parameters: Mapping[str, Any] | None = None,
    jobs: int = 1,
    rerun: Sequence[str] = (),
    dry_run: bool = False,
    cell_timeout: float = 600,
    run_timeout: float = 1800,
) -> ScheduleResult:
    """Run every due period from ``since`` to ``until`` (default: the latest with data).

    Parameters
    ----------
    cadence
        ``"monthly"`` or ``"weekly"``; the template defaults to the shipped one.
    since, until
        First and last period (``until`` may be ``"latest"``).
    jobs
        Periods run in parallel (separate processes and kernels).
    rerun
        Periods to run even when up to date.
    dry_run
        Only list the due periods.

    Examples
    --------
    >>> import tempfile
    >>> res = schedule("monthly", "2026-01", "2026-03", output_dir=tempfile.mkdtemp(),
    ...                dry_run=True)
    >>> res.due
    ['2026-01', '2026-02', '2026-03']
    """
    if cadence not in ("monthly", "weekly"):
        raise ReportError(f"cadence: expected monthly or weekly, got {cadence!r}")
    if jobs < 1:
        raise ReportError(f"jobs: expected at least 1, got {jobs}")
    tpl = str(template or cadence)
    path = resolve_template(tpl)
    if template_cadence(path) != cadence:
        raise ReportError(f"template {tpl!r} is not a {cadence} template")
    # refused parameters leave nothing behind: checked before the output folder is touched
    check_parameters(read_parameters(path), dict(parameters or {}))
    first = parse_period(since, cadence)
    data_dir = (parameters or {}).get("data_dir")
    last = (
        latest_period(cadence, data_dir)
        if until in (None, "latest")
        else parse_period(str(until), cadence)
    )
    for r in rerun:
        parse_period(r, cadence)
    periods = period_range(first, last)
    root = Path(output_dir)
    root.mkdir(parents=True, exist_ok=True)
    result = ScheduleResult()
    lock = FileLock(str(root / LOCK_FILE), timeout=0)
    try:
        lock.acquire()
    except Timeout:
        raise ReportError(
            f"output folder {str(root)!r}: another scheduler is running (lock {LOCK_FILE})"
        ) from None
    try:
        clean_stale_builds(root)
        due = due_periods(tpl, periods, root, parameters, rerun)
        result.due = list(due)
        result.skipped = [str(p) for p in periods if str(p) not in due]
        if dry_run or not due:
            return result
        args = [(tpl, p, str(root), dict(parameters or {}), cell_timeout, run_timeout) for p in due]
        if jobs == 1 or len(due) == 1:
            outcomes = [_run_one(*a) for a in args]
        else:
            n = min(jobs, len(due))
            with ProcessPoolExecutor(
                max_workers=n, mp_context=multiprocessing.get_context("spawn")
            ) as ex:
                futs = [ex.submit(_run_one, *a) for a in args]
                outcomes = [f.result() for f in as_completed(futs)]
        for period, status, error in sorted(outcomes):
            if status == "ok":
                result.ran.append(period)
            else:
                result.failed[period] = error or "failed"
    finally:
        try:
            write_index(root)
        finally:
            lock.release()
    return result
