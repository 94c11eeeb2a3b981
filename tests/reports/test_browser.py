"""Open a generated report in headless Chromium: every figure loads and has alt text naming
its series, oblast data have maps, the console is clean."""

from __future__ import annotations

import base64
import html as htmllib
import re
import shutil
import subprocess
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or (
    "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(CHROMIUM is None, reason="headless chromium is not installed"),
]

# Appended to a copy of the page: records, after load, how many images decoded.
_PROBE = """<script>
window.addEventListener("load", () => {
  const imgs = Array.from(document.images);
  const ok = imgs.filter(i => i.complete && i.naturalWidth > 0 && i.alt.trim().length > 0);
  const out = document.createElement("div");
  out.id = "wi-probe";
  out.textContent = `images=${imgs.length} loaded=${ok.length}`;
  document.body.appendChild(out);
  console.log("wi-probe " + out.textContent);
});
</script>"""


def _chromium(args: list[str], tmp: Path) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        f"--user-data-dir={tmp / 'prof'}",
        "--enable-logging=stderr",
        "--v=0",
        "--virtual-time-budget=5000",
    ]
    return subprocess.run(
        [CHROMIUM, *flags, *args], capture_output=True, text=True, timeout=120, check=False
    )


def test_report_opens_in_chromium(monthly_report: Path, tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    html = (monthly_report / "report.html").read_text()
    page.write_text(html.replace("</body>", _PROBE + "</body>"))
    n_imgs = len(re.findall(r"<img ", html))
    res = _chromium(["--dump-dom", page.as_uri()], tmp_path)
    assert res.returncode == 0, res.stderr[-2000:]
    probe = re.search(r'<div id="wi-probe">images=(\d+) loaded=(\d+)</div>', res.stdout)
    assert probe, "the page did not finish loading"
    assert int(probe.group(1)) == n_imgs >= 8
    assert probe.group(2) == probe.group(1), "some figures did not load or lack alt text"
    console = [ln for ln in res.stderr.splitlines() if "CONSOLE" in ln]
    assert any("wi-probe" in ln for ln in console)
    bad = [ln for ln in console if "wi-probe" not in ln]
    assert bad == [], bad
    assert "Failed to load resource" not in res.stderr
    shot = tmp_path / "shot.png"
    res = _chromium([f"--screenshot={shot}", "--window-size=1280,2000", page.as_uri()], tmp_path)
    assert res.returncode == 0 and shot.read_bytes()[:4] == b"\x89PNG"
    assert len(base64.b64encode(shot.read_bytes())) > 10_000  # a rendered page, not blank
    # every series of the report is named, with its unit, by a figure's alt text
    from warindicators.reports import build_report

    alts = [htmllib.unescape(a) for a in re.findall(r'<img [^>]*alt="([^"]*)"', html)]
    for row in build_report("2026-01", lookback_periods=24).rows:
        assert any(row.indicator.title in a and row.indicator.unit in a for a in alts), (
            row.indicator.id
        )
    # oblast-level series get choropleth maps, with the boundaries' attribution
    maps = [a for a in alts if a.startswith("Choropleth maps of")]
    assert any("Air-raid alert hours" in a for a in maps) and any(
        "Air-raid alerts" in a for a in maps
    )
