"""A report's figures drawn in other processes, on every core, while the kernel goes on.

Drawing is most of a report's run time and each figure is independent of the others.
Creating a :class:`FigurePool` forks one *drawer* process (Linux) that loads matplotlib
and seaborn's style (:mod:`warindicators.reports.style`: without importing seaborn,
which would take longer than drawing) and draws a throw-away figure (fonts, caches) at
once, so a notebook that creates the pool before computing its report gets the plotting
libraries loaded on another core meanwhile. :meth:`FigurePool.figures` sends the report
to the drawer, pickled (a few tens of kB); the drawer forks one worker per core, which
inherit the report and the loaded libraries, hands out the figures longest first so the
workers finish together, and sends back :class:`~warindicators.reports.figures.Figure`
objects. The workers fork from the drawer, a process with a single thread, rather than
from the kernel, which has several.

Without ``fork`` (other platforms), with one core, or when a process fails, figures are
drawn in the calling process: the result is the same, only slower.

The number of drawing processes defaults to the cores this process may use; the
environment variable ``WARINDICATORS_REPORT_JOBS`` overrides it (the scheduler sets it when
it runs several reports at once).

Examples
--------
>>> from warindicators.reports.content import build_report
>>> rep = build_report("2026-01", families=["territory", "sanctions"])
>>> with FigurePool(jobs=1) as pool:
...     figs = pool.figures(rep)
>>> sorted(figs), [len(v) for v in figs.values()], pool.parallel
(['sanctions', 'territory'], [2, 2], False)
"""

from __future__ import annotations

import gc
import os
import pickle
import sys
import warnings
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from types import TracebackType
from typing import Any, cast

from .._fork import fork_context
from .content import Report
from .figures import Figure, FigureJob, draw_figure, figure_jobs, job_cost

__all__ = ["JOBS_ENV", "FigurePool", "default_jobs", "draw_all", "warm_up"]

JOBS_ENV = "WARINDICATORS_REPORT_JOBS"

_REPORT: list[Report] = []  # in the drawer and its workers: the report being drawn


def default_jobs() -> int:
    """Drawing processes to use: ``WARINDICATORS_REPORT_JOBS`` if set, else the number of
    cores available to this process.

    Examples
    --------
    >>> default_jobs() >= 1
    True
    """
    env = os.environ.get(JOBS_ENV, "").strip()
    if env:
        try:
            return max(1, int(env))
        except ValueError:
            pass
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def warm_up() -> None:
    """Load the plotting libraries and draw a tiny figure (fonts, caches) with a panel and
    an Axes, as the report figures have."""
    import matplotlib
    from matplotlib.figure import Figure as MplFigure

    from ..plot.agg import FastTextCanvas
    from ..plot.frames import panel_grid
    from .figures import figure_style

    with matplotlib.rc_context(cast(Any, figure_style())):
        fig = MplFigure(figsize=(2, 1))
        p = panel_grid(fig, 1)[0]
        p.line([0, 1], [0, 1])
        p.autoscale()
        p.title("warm-up")
        fig.add_subplot().plot([0, 1], [0, 1])
        FastTextCanvas(fig).draw()


def _quiet() -> None:
    """Never write into the parent's (a kernel's) output streams from a child process."""
    devnull = open(os.devnull, "w")  # lives as long as the process
    sys.stdout = sys.stderr = devnull
    warnings.simplefilter("ignore")


def _start_drawer() -> None:
    _quiet()
    warm_up()


def _ready() -> int:
    return os.getpid()


def _start_worker() -> None:
    """A drawing worker lives for one report: no cyclic garbage collection there. The
    inherited objects (kernel, data, libraries) are frozen out of the collector, and the
    figures' own garbage is freed when the worker exits; collections cost a tenth of the
    drawing time otherwise."""
    gc.freeze()
    gc.disable()


def _draw_one(job: FigureJob) -> Figure:
    return draw_figure(_REPORT[0], job)


def draw_all(rep: Report, jobs: Sequence[FigureJob], workers: int) -> dict[FigureJob, Figure]:
    """Draw ``jobs`` in ``workers`` processes forked from this one (in-process with one
    worker or without ``fork``), longest first.

    Examples
    --------
    >>> from warindicators.reports.content import build_report
    >>> rep = build_report("2026-01", families=["sanctions"])
    >>> drawn = draw_all(rep, figure_jobs(rep, "sanctions"), workers=1)
    >>> sorted(kind for _, kind, _ in drawn)
    ['bars', 'series']
    """
    ctx = fork_context()
    if workers < 2 or len(jobs) < 2 or ctx is None:
        return {job: draw_figure(rep, job) for job in jobs}
    _REPORT[:] = [rep]  # inherited by the workers: nothing to pickle
    order = sorted(jobs, key=lambda j: -job_cost(rep, j))
    try:
        with ProcessPoolExecutor(
            min(workers, len(jobs)), mp_context=ctx, initializer=_start_worker
        ) as ex:
            return dict(zip(order, ex.map(_draw_one, order), strict=True))
    finally:
        _REPORT.clear()


def _draw_payload(payload: bytes, jobs: list[FigureJob], workers: int) -> dict[FigureJob, Figure]:
    rep = pickle.loads(payload)  # our own bytes, from the kernel that forked this process
    return draw_all(rep, jobs, workers)


class FigurePool:
    """Processes drawing the figures of a report (see the module docstring).

    Parameters
    ----------
    jobs
        Drawing processes (default :func:`default_jobs`). With 1, or where processes
        cannot be forked, figures are drawn in the calling process.

    Attributes
    ----------
    jobs
        Number of drawing processes asked for.
    """

    def __init__(self, jobs: int | None = None) -> None:
        self.jobs = default_jobs() if jobs is None else max(1, int(jobs))
        self._drawer: ProcessPoolExecutor | None = None
        ctx = fork_context() if self.jobs > 1 else None
        if ctx is not None:
            with warnings.catch_warnings():  # a kernel has threads; the drawer uses one
                warnings.simplefilter("ignore", DeprecationWarning)
                self._drawer = ProcessPoolExecutor(1, mp_context=ctx, initializer=_start_drawer)
                self._drawer.submit(_ready)  # forks the drawer now: it warms up meanwhile

    @property
    def parallel(self) -> bool:
        """Whether figures are drawn in other processes."""
        return self._drawer is not None

    def figures(
        self, rep: Report, families: Sequence[str] | None = None
    ) -> dict[str, list[Figure]]:
        """Draw the figures of ``families`` (default: all of the report's).

        Returns
        -------
        dict of str to list of Figure
            Per family, its figures in section order.
        """
        fams = list(families) if families is not None else rep.families()
        jobs = [job for f in fams for job in figure_jobs(rep, f)]
        done: dict[FigureJob, Figure] = {}
        if self._drawer is not None and len(jobs) > 1:
            payload = pickle.dumps(rep, protocol=pickle.HIGHEST_PROTOCOL)
            try:
                done = self._drawer.submit(_draw_payload, payload, jobs, self.jobs).result()
            except Exception:  # drawn here below; a real error raises again there
                done = {}
        for job in jobs:
            if job not in done:
                done[job] = draw_figure(rep, job)
        return {f: [done[j] for j in jobs if j[0] == f] for f in fams}

    def close(self) -> None:
        """Stop the drawer (figures are drawn in the calling process afterwards)."""
        if self._drawer is not None:
            self._drawer.shutdown(wait=True, cancel_futures=True)
            self._drawer = None

    def __enter__(self) -> FigurePool:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:  # interpreter shutdown
            pass
