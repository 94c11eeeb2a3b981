"""One HTML section per indicator family: headline table, figures, dated events.

Examples
--------
>>> from warindicators.reports.content import build_report
>>> rep = build_report("2026-01", families=["sanctions"])
>>> html = family_section(rep, "sanctions")
>>> html.startswith("<h2>Sanctions</h2>"), html.count("<img ")
(True, 2)
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import TYPE_CHECKING

from .content import Report
from .figures import Figure, family_figures, family_title
from .render import render_events, render_headline

if TYPE_CHECKING:  # pragma: no cover
    from .pool import FigurePool

__all__ = ["family_section", "family_sections"]


def family_section(rep: Report, family: str, figures: Sequence[Figure] | None = None) -> str:
    """The section of ``family``: heading, headline table, figures and dated events.

    ``figures`` are the family's figures when already drawn (e.g. by a
    :class:`~warindicators.reports.pool.FigurePool`); by default they are drawn here.
    """
    stale = [r for r in rep.rows if r.indicator.family == family and r.stale]
    note = ""
    if stale:
        note = (
            f'<p class="note">{len(stale)} series of this family have no observation in '
            f"{html.escape(str(rep.period))} and are shown with their latest data: "
            + html.escape("; ".join(f"{r.indicator.title} ({r.latest_label})" for r in stale))
            + ".</p>"
        )
    drawn = figures if figures is not None else family_figures(rep, family)
    figs = "".join(f.to_html() for f in drawn)
    return (
        f"<h2>{html.escape(family_title(family))}</h2>"
        f"{render_headline(rep, family)}{note}"
        f'<div class="wi-report">{figs}</div>'
        f"<h3>Dated events</h3>{render_events(rep, family)}"
    )


def family_sections(rep: Report, pool: FigurePool | None = None) -> list[str]:
    """Every family's section, in the report's order, figures drawn by ``pool`` (a
    :class:`~warindicators.reports.pool.FigurePool`; default: a new one, closed after).

    Examples
    --------
    >>> from warindicators.reports.content import build_report
    >>> from warindicators.reports.pool import FigurePool
    >>> rep = build_report("2026-01", families=["territory", "sanctions"])
    >>> [s[:20] for s in family_sections(rep, FigurePool(jobs=1))]
    ['<h2>Territory</h2><d', '<h2>Sanctions</h2><d']
    """
    from .pool import FigurePool

    own = pool is None
    figures_pool = FigurePool() if pool is None else pool
    try:
        drawn = figures_pool.figures(rep)
    finally:
        if own:
            figures_pool.close()
    return [family_section(rep, f, drawn.get(f, [])) for f in rep.families()]
