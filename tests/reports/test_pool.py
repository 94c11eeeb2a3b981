"""Figures drawn in other processes: same result as in-process, robust fallbacks."""

from __future__ import annotations

import os

import pytest

from warindicators.reports.content import build_report
from warindicators.reports.figures import family_figures
from warindicators.reports.pool import JOBS_ENV, FigurePool, default_jobs, draw_all
from warindicators.reports.sections import family_section, family_sections

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")


@pytest.fixture(scope="module")
def rep():  # type: ignore[no-untyped-def]
    return build_report("2026-01", families=["territory", "outages", "sanctions"])


def test_pool_draws_exactly_what_the_kernel_would(rep) -> None:  # type: ignore[no-untyped-def]
    with FigurePool(jobs=2) as pool:
        assert pool.parallel
        drawn = pool.figures(rep)
    assert list(drawn) == rep.families()
    for family, figs in drawn.items():
        here = family_figures(rep, family)
        assert [f.title for f in figs] == [f.title for f in here]
        assert [f.png_base64 for f in figs] == [f.png_base64 for f in here]
    assert not pool.parallel  # closed


def test_sections_from_pool_match_sections_drawn_here(rep) -> None:  # type: ignore[no-untyped-def]
    pool = FigurePool(jobs=2)
    sections = family_sections(rep, pool)
    pool.close()
    assert sections == [family_section(rep, f) for f in rep.families()]
    assert family_sections(rep) == sections  # with a pool of its own


def test_closed_or_broken_pool_draws_in_process(rep) -> None:  # type: ignore[no-untyped-def]
    pool = FigurePool(jobs=2)
    pool.close()
    assert len(pool.figures(rep, ["outages"])["outages"]) == 4
    broken = FigurePool(jobs=2)
    assert broken._drawer is not None
    for pid in list(broken._drawer._processes):  # the drawer dies before drawing
        os.kill(pid, 9)
    figs = broken.figures(rep, ["sanctions"])["sanctions"]
    assert [f.title for f in figs] == [f.title for f in family_figures(rep, "sanctions")]
    broken.close()


def test_draw_all_in_process_and_forked_agree(rep) -> None:  # type: ignore[no-untyped-def]
    jobs = [("territory", "series", 0), ("outages", "regional", 1), ("sanctions", "bars", 0)]
    here = draw_all(rep, jobs, workers=1)
    forked = draw_all(rep, jobs, workers=2)
    assert set(here) == set(forked) == set(jobs)
    assert all(here[j].png_base64 == forked[j].png_base64 for j in jobs)


def test_jobs_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(JOBS_ENV, "3")
    assert default_jobs() == 3
    monkeypatch.setenv(JOBS_ENV, "0")
    assert default_jobs() == 1
    monkeypatch.setenv(JOBS_ENV, "many")
    assert default_jobs() == len(os.sched_getaffinity(0))
    monkeypatch.setenv(JOBS_ENV, "1")
    assert not FigurePool().parallel  # one process: drawn in the kernel
