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

from .content import Report
from .figures import family_figures, family_title
from .render import render_events, render_headline

__all__ = ["family_section"]


def family_section(rep: Report, family: str) -> str:
    """The section of ``family``: heading, headline table, figures and dated events."""
    stale = [r for r in rep.rows if r.indicator.family == family and r.stale]
    note = ""
    if stale:
        note = (
            f'<p class="note">{len(stale)} series of this family have no observation in '
            f"{html.escape(str(rep.period))} and are shown with their latest data: "
            + html.escape("; ".join(f"{r.indicator.title} ({r.latest_label})" for r in stale))
            + ".</p>"
        )
    figs = "".join(f.to_html() for f in family_figures(rep, family))
    return (
        f"<h2>{html.escape(family_title(family))}</h2>"
        f"{render_headline(rep, family)}{note}"
        f'<div class="wi-report">{figs}</div>'
        f"<h3>Dated events</h3>{render_events(rep, family)}"
    )
