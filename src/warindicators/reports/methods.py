"""The methods and sources section of a report: how numbers are computed, who made them.

Examples
--------
>>> from warindicators.reports import build_report
>>> rep = build_report("2026-01", families=["territory"])
>>> "wi.trend" in methods_text(rep), list(origins_table(rep).columns)
(True, ['Producer', 'Licence', 'Attribution', 'Indicators'])
"""

from __future__ import annotations

import re
from importlib.resources import files

import pandas as pd

from .report import Report
from .stats import trend_method_description

__all__ = ["methods_text", "origins_table", "sources_table"]


def methods_text(rep: Report) -> str:
    """The methods paragraph (Markdown), naming the trend method and its reference."""
    published = "" if "newest" in rep.as_of else f" published by {rep.as_of}"
    return f"""Values are the latest vintage of each observation{published}. Observations are
binned into report periods by the indicator's measure: flows and counts are summed, stocks
and running totals take the period's last value, shares and rates are averaged. Totals over
regions or other dimensions follow the library's one rule (`wi.total`): flows, counts and
stocks of regions that make up a whole are summed and labelled with what was summed;
shares and rates are never summed and estimates of different publishers never added --
where no total can be formed the tables say so and the series is shown per region.

A period the data cover only in part is marked **partial** in tables and figures; it is
not compared with complete periods and is left out of trends and changepoints. Running
totals are analysed as their increments per period (the change between two values
divided by the periods between them), never as levels; daily or weekly data are analysed
at their own frequency, so that a change inside the report period can be found.

**Trend**: `wi.trend` with the library's defaults over the look-back window. {_trend()}
**Changepoints**: `wi.changepoints` with the library's
defaults over the whole history (the figures draw the model fitted in each segment: level,
line or parabola). A segment needs a minimum number of values (the default's minimum
segment length), so a change in the last few values of a series cannot be detected yet:
the table says so rather than "no". A changepoint within two periods of one the previous report found is
listed as *moved*, not *new*; one within a period of a dated change in how a source
reports is marked as possibly an artefact of reporting. Warnings and errors of the
analysis are listed under Notes, never hidden. Qualifiers follow the source: "at least"
for lower bounds, "claimed by" for one side's claims, "estimate" for model or map-based
estimates. A series with no observation in the report period is flagged stale and shown
with its latest value and date.{_references()}"""


def _trend() -> str:
    text = trend_method_description().strip()
    return text if text.endswith(".") else f"Method: {text}."


def _references() -> str:
    from ..analysis import trend

    refs = getattr(trend, "DEFAULT_METHOD_REFERENCES", None) or ()
    if not refs:
        return ""
    return "\n\nReferences of the trend method:\n\n" + "\n".join(f"* {r}" for r in refs)


def origins_table(rep: Report) -> pd.DataFrame:
    """Producer, licence and attribution of every indicator shown."""
    origins: dict[tuple[str, str, str], list[str]] = {}
    for r in rep.rows:
        for o in r.indicator.origins:
            origins.setdefault((o.producer, o.licence, o.attribution), []).append(r.indicator.id)
    return pd.DataFrame(
        [(p, lic, att, ", ".join(ids)) for (p, lic, att), ids in origins.items()],
        columns=["Producer", "Licence", "Attribution", "Indicators"],
    )


def sources_table() -> pd.DataFrame:
    """Source, licence and attribution lines of the shipped reference data (SOURCES.md)."""
    text = (files("warindicators") / "data" / "reference" / "SOURCES.md").read_text("utf-8")
    out = []
    for block in re.split(r"\n(?=## )", text):
        head = block.splitlines()[0].lstrip("# ").strip()
        lic = re.search(r"^\* Licence:\s*(.+?)(?=\n\*|\n\n|\Z)", block, re.M | re.S)
        att = re.findall(r"\*\*(\"[^*]+\")\*\*", block)
        if lic or att:
            out.append(
                (
                    head,
                    " ".join(lic.group(1).split()) if lic else "",
                    "; ".join(" ".join(a.strip('"').split()) for a in att),
                )
            )
    return pd.DataFrame(out, columns=["Source", "Licence", "Attribution"])
