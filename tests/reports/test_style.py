"""Seaborn's report style, shipped so that drawing processes need not import seaborn."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from warindicators.reports import style


def _plain(rc: dict) -> dict:  # type: ignore[type-arg]
    out = dict(rc)
    out["axes.prop_cycle"] = [tuple(c["color"]) for c in rc["axes.prop_cycle"]]
    return json.loads(json.dumps(out))


def test_shipped_style_equals_what_seaborn_returns() -> None:
    shipped = json.loads(style.SHIPPED.read_text())
    assert shipped["seaborn"] == style._installed(), (
        "seaborn was upgraded: run warindicators.reports.style.write_shipped()"
    )
    for scale in (0.7, 0.8):
        assert _plain(style.seaborn_rc(scale)) == _plain(style.from_seaborn(scale))


def test_other_seaborn_version_or_scale_asks_seaborn(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    calls: list[float] = []
    real = style.from_seaborn

    def spy(scale: float) -> dict:  # type: ignore[type-arg]
        calls.append(scale)
        return real(scale)

    monkeypatch.setattr(style, "from_seaborn", spy)
    style.seaborn_rc(0.8)
    assert calls == []  # served from the shipped copy
    style.seaborn_rc(1.3)
    assert calls == [1.3]  # a scale not shipped
    monkeypatch.setattr(style, "_installed", lambda: "0.0.1")
    rc = style.seaborn_rc(0.8)
    assert calls == [1.3, 0.8] and rc["axes.grid"] is True


def test_write_shipped_round_trips(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "style.json"
    style.write_shipped(path)
    assert json.loads(path.read_text()) == json.loads(style.SHIPPED.read_text())


def test_drawing_report_figures_does_not_import_seaborn() -> None:
    code = (
        "import sys\n"
        "from warindicators.reports.content import build_report\n"
        "from warindicators.reports.figures import family_figures\n"
        "rep = build_report('2026-01', lookback_periods=12)\n"
        "kinds = {f.title for fam in rep.families() for f in family_figures(rep, fam)}\n"
        "assert any('by region' in k for k in kinds), kinds\n"
        "print('seaborn' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
