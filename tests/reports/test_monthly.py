"""The shipped monthly template on the shipped data: a briefing, not a notebook."""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


def test_monthly_report_reads_like_a_briefing(monthly_report: Path) -> None:
    html = (monthly_report / "report.html").read_text()
    manifest = json.loads((monthly_report / "manifest.json").read_text())
    assert manifest["status"] == "ok" and manifest["parameters"]["period"] == "2026-01"
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
        "Coverage",
        "Methods and sources",
    ):
        assert f">{heading}" in html, heading
    # no code: neither the template's calls nor input areas
    assert "build_report(" not in html and "display(HTML" not in html
    assert "from warindicators" not in html
    body = html.split("</style>")[-1]
    assert 'class="highlight' not in body and "jp-InputPrompt" not in body
    assert body.count("jp-CodeCell") == body.count("jp-mod-noInput")
    assert "Traceback" not in html and "Warning" not in html
    # coverage: stale families are flagged with their latest date, current ones are not
    assert "stale (latest: 2024-03-31)" in html  # air-raid alerts
    assert "stale (latest: 2022-10-31)" in html  # energy exports
    assert "latest: 2026-01-31" in html  # territory and claims are current
    # qualifiers, attribution and licences
    assert "claimed by Ukraine's General Staff" in html and ">at least<" in html
    for line in (
        "Source: The Economist, based on ISW/CTP maps",
        "CREA based on ENTSOG",
        "Air-raid alert records: Vadimkin/ukrainian-air-raid-sirens-dataset",
        "public domain",
    ):
        assert line in html
    # figures: embedded PNGs, each with alt text
    imgs = re.findall(r"<img ([^>]*)>", html)
    assert len(imgs) >= 10
    for attrs in imgs:
        alt = re.search(r'alt="([^"]+)"', attrs)
        src = re.search(r'src="data:image/png;base64,([^"]+)"', attrs)
        assert alt and len(alt.group(1)) > 30 and src
        assert base64.b64decode(src.group(1))[:4] == b"\x89PNG"
