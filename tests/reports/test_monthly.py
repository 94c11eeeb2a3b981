"""The monthly template on the shipped data: a briefing of pandas tables and seaborn figures."""

from __future__ import annotations

import base64
import html as htmllib
import json
import re
from pathlib import Path

import nbformat
import pytest

pytestmark = pytest.mark.slow


def test_monthly_report_reads_like_a_briefing(monthly_report: Path) -> None:
    html = (monthly_report / "report.html").read_text()
    manifest = json.loads((monthly_report / "manifest.json").read_text())
    assert manifest["status"] == "ok" and manifest["parameters"]["period"] == "2026-01"
    assert manifest["kernel"] == "python3"
    assert "Monthly indicator briefing, 2026-01" in html
    assert manifest["data_hash"] in html  # header shows the inputs' content hash
    for heading in (
        "Summary",
        "What changed since the previous report",
        "Territory",
        "Casualties",
        "Outages",
        "Sanctions",
        "Energy exports",
        "Changepoints",
        "Coverage",
        "Notes",
        "Methods and sources",
    ):
        assert f">{heading}<" in html, heading
    # no code
    assert "build_report(" not in html and "import warindicators" not in html
    body = html.split("</style>")[-1]
    assert 'class="highlight' not in body and "jp-InputPrompt" not in body
    assert "Traceback" not in html
    # tables are pandas Stylers; stale rows styled and flagged with their latest date
    assert "wi-table" in html and "wi-stale" in html
    assert "stale (latest: 2024-03-31)" in html  # air-raid alerts
    assert "stale (latest: 2022-10-31)" in html  # energy exports
    # qualifiers, attribution and licences
    text = htmllib.unescape(html)
    assert "claimed by Ukraine's General Staff" in text and ">at least<" in text
    for line in (
        "Source: The Economist, based on ISW/CTP maps",
        "CREA based on ENTSOG",
        "Air-raid alert records: Vadimkin/ukrainian-air-raid-sirens-dataset",
    ):
        assert line in text, line
    # figures: PNG image outputs of the cells, each with alt text naming its series
    imgs = re.findall(r"<img ([^>]*)>", html)
    assert len(imgs) >= 8
    alts = []
    for attrs in imgs:
        alt = re.search(r'alt="([^"]+)"', attrs)
        src = re.search(r'src="data:image/png;base64,([^"]+)"', attrs)
        assert alt and len(alt.group(1)) > 30 and src
        assert base64.b64decode(src.group(1))[:4] == b"\x89PNG"
        alts.append(htmllib.unescape(alt.group(1)))
    nb = nbformat.read(str(monthly_report / "report.ipynb"), as_version=4)
    pngs = [
        o
        for c in nb.cells
        if c.cell_type == "code"
        for o in c.outputs
        if "image/png" in o.get("data", {})
    ]
    assert len(pngs) == len(imgs)  # the images are the cells' own outputs
    from warindicators.reports import build_report

    rep = build_report("2026-01", lookback_periods=24)
    for row in rep.rows:  # every series is named by a figure, with its unit
        assert any(row.indicator.title in a and row.indicator.unit in a for a in alts), (
            row.indicator.id
        )
