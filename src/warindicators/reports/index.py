"""``index.html``: every report period of every template with its status."""

from __future__ import annotations

import html
import os
from pathlib import Path
from typing import Any

from filelock import FileLock

from .._atomic import atomic_write_text
from .manifest import FAILED_FILE, MANIFEST_FILE, read_json

__all__ = ["list_reports", "period_status", "write_index"]


def period_status(folder: Path) -> tuple[str, dict[str, Any] | None, dict[str, Any] | None]:
    """Status of one period folder: ``ok``, ``failed (previous report kept)``, ``failed``
    or ``missing``, with its manifest and failure record."""
    manifest = read_json(folder / MANIFEST_FILE)
    failed = read_json(folder / FAILED_FILE)
    if manifest is not None and manifest.get("status") == "ok":
        return ("failed (previous report kept)" if failed else "ok"), manifest, failed
    if failed is not None:
        return "failed", None, failed
    return "missing", None, None


def list_reports(output_dir: str | Path) -> list[dict[str, Any]]:
    """One row per ``<template>/<period>`` folder: template, period, status, times, error."""
    rows = []
    root = Path(output_dir)
    for tdir in sorted(p for p in root.glob("*") if p.is_dir() and not p.name.startswith(".")):
        for pdir in sorted(p for p in tdir.glob("*") if p.is_dir() and not p.name.startswith(".")):
            status, manifest, failed = period_status(pdir)
            if status == "missing":
                continue
            rec = manifest or failed or {}
            rows.append(
                {
                    "template": tdir.name,
                    "period": pdir.name,
                    "status": status,
                    "finished": rec.get("finished", ""),
                    "duration_s": rec.get("duration_s"),
                    "has_html": (pdir / "report.html").is_file(),
                    "error": (failed or {}).get("error", {}).get("message", ""),
                    "failed_at": (failed or {}).get("finished", ""),
                }
            )
    return rows


def write_index(output_dir: str | Path) -> Path:
    """Rewrite ``output_dir/index.html`` (atomically, under a lock).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = write_index(tempfile.mkdtemp())
    >>> "No reports yet" in p.read_text()
    True
    """
    root = Path(output_dir)
    root.mkdir(parents=True, exist_ok=True)
    rows = list_reports(root)
    esc = html.escape
    body = []
    for r in sorted(rows, key=lambda r: (r["template"], r["period"]), reverse=True):
        link = (
            (
                f'<a href="{esc(r["template"])}/{esc(r["period"])}/report.html">'
                f"{esc(r['period'])}</a>"
            )
            if r["has_html"]
            else esc(r["period"])
        )
        detail = esc(f"{r['error']} (at {r['failed_at']})") if r["error"] else ""
        body.append(
            f'<tr class="{"ok" if r["status"] == "ok" else "bad"}">'
            f"<td>{esc(r['template'])}</td><td>{link}</td><td>{esc(r['status'])}</td>"
            f"<td>{esc(str(r['finished']))}</td><td>{detail}</td></tr>"
        )
    table = (
        (
            "<table><thead><tr><th>Template</th><th>Period</th><th>Status</th>"
            "<th>Report built (UTC)</th><th>Failure</th></tr></thead><tbody>"
            + "\n".join(body)
            + "</tbody></table>"
        )
        if body
        else "<p>No reports yet.</p>"
    )
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>warindicators reports</title>
<style>body{{font-family:sans-serif;max-width:1000px;margin:2em auto}}
table{{border-collapse:collapse}}td,th{{border:1px solid #ccc;padding:3px 8px}}
tr.bad td{{background:#fde2e1}}</style></head>
<body><h1>Indicator reports</h1>
<p>{len(rows)} report period(s). A failed run keeps the previous good report.</p>
{table}
</body></html>
"""
    with FileLock(str(root / ".index.lock"), timeout=60):
        out = atomic_write_text(root / "index.html", page)
    os.chmod(out, 0o644)
    return out
