"""Seaborn's style for report figures, without importing seaborn in every report.

Report figures use seaborn's ``whitegrid`` style, its ``notebook`` plotting context and
its ``deep`` palette, applied to plain matplotlib artists. Importing seaborn costs about
2 s in a fresh drawing process (it loads ``scipy.stats``), more than drawing all the
figures of a report, only to read those constants. So they are also kept in
``seaborn_style.json`` beside this module, written by :func:`write_shipped` from the
installed seaborn and keyed by its version: :func:`seaborn_rc` reads the file when the
installed seaborn is that version and asks seaborn itself otherwise (a test checks that
the file equals what seaborn returns).

Examples
--------
>>> rc = seaborn_rc(0.8)
>>> rc["axes.grid"], rc["axes.facecolor"], len(rc["axes.prop_cycle"])
(True, 'white', 10)
"""

from __future__ import annotations

import json
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from .._atomic import atomic_write_text

__all__ = ["SHIPPED", "from_seaborn", "seaborn_rc", "write_shipped"]

#: The shipped copy of seaborn's report style (see the module docstring).
SHIPPED = Path(__file__).with_name("seaborn_style.json")
_SCALES = (0.7, 0.8)  # font scales of the report figures, kept in the shipped file
# left out: seaborn's default colormap ("rocket") exists only once seaborn is imported,
# and report figures draw no images
_LEFT_OUT = ("image.cmap",)


def from_seaborn(font_scale: float) -> dict[str, Any]:
    """Seaborn's ``whitegrid`` style, ``notebook`` context at ``font_scale`` and ``deep``
    palette (as ``axes.prop_cycle``), asked from seaborn itself (without its default
    colormap, which only an imported seaborn registers)."""
    import seaborn as sns
    from cycler import cycler

    rc: dict[str, Any] = dict(sns.axes_style("whitegrid"))
    rc.update(sns.plotting_context("notebook", font_scale=font_scale))
    rc["axes.prop_cycle"] = cycler(color=[tuple(c) for c in sns.color_palette("deep")])
    for key in _LEFT_OUT:
        rc.pop(key, None)
    return rc


def _installed() -> str | None:
    try:
        return version("seaborn")
    except PackageNotFoundError:  # pragma: no cover - seaborn is a dependency
        return None


@cache
def _shipped() -> dict[str, Any]:
    try:
        data: dict[str, Any] = json.loads(SHIPPED.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data


def seaborn_rc(font_scale: float) -> dict[str, Any]:
    """The rc parameters of :func:`from_seaborn`, from the shipped copy when it was
    written by the installed seaborn version, else from seaborn."""
    shipped = _shipped()
    entry = shipped.get("styles", {}).get(repr(float(font_scale)))
    if entry is None or shipped.get("seaborn") != _installed():
        return from_seaborn(font_scale)
    from cycler import cycler

    rc = {k: v for k, v in entry["rc"].items()}
    rc["axes.prop_cycle"] = cycler(color=[tuple(c) for c in entry["palette"]])
    return rc


def write_shipped(path: Path = SHIPPED) -> None:
    """Write the shipped copy from the installed seaborn (after a seaborn upgrade).

    Run ``python -c "from warindicators.reports.style import write_shipped;
    write_shipped()"``.
    """
    styles = {}
    for scale in _SCALES:
        rc = from_seaborn(scale)
        palette = [list(c["color"]) for c in rc.pop("axes.prop_cycle")]
        styles[repr(float(scale))] = {"rc": rc, "palette": palette}
    text = json.dumps({"seaborn": _installed(), "styles": styles}, indent=1, sort_keys=True)
    atomic_write_text(path, text + "\n")
