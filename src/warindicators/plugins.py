"""Entry-point discovery shared by the indicator and source registries.

Plugins are found through ``importlib.metadata`` entry points, loaded once and cached. A
broken plugin (import error, bad metadata) produces a :class:`PluginWarning` naming it and
never breaks the rest of the library.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from importlib.metadata import EntryPoint, entry_points
from typing import Any

__all__ = ["LoadedPlugin", "PluginWarning", "iter_plugins"]


class PluginWarning(UserWarning):
    """A plugin could not be loaded; the rest of the library keeps working."""


@dataclass(frozen=True)
class LoadedPlugin:
    """An object loaded from an entry point, with where it came from."""

    name: str
    value: str
    distribution: str
    obj: Any


def _dist_name(ep: EntryPoint) -> str:
    dist = getattr(ep, "dist", None)
    if dist is not None:
        try:
            return str(dist.metadata["Name"])
        except Exception:  # pragma: no cover - exotic metadata
            return str(getattr(dist, "name", "unknown"))
    return ep.value.split(":", 1)[0].split(".", 1)[0]


def iter_plugins(group: str) -> Iterator[LoadedPlugin]:
    """Load every entry point of ``group``; warn (and skip) on a broken one.

    Examples
    --------
    >>> list(iter_plugins("warindicators.no_such_group"))
    []
    """
    for ep in sorted(entry_points(group=group), key=lambda e: (e.name, e.value)):
        dist = _dist_name(ep)
        try:
            obj = ep.load()
        except Exception as exc:
            warnings.warn(
                f"warindicators: plugin {ep.name!r} ({ep.value}) from package {dist!r} "
                f"in group {group!r} failed to load: {type(exc).__name__}: {exc}",
                PluginWarning,
                stacklevel=2,
            )
            continue
        yield LoadedPlugin(name=ep.name, value=ep.value, distribution=dist, obj=obj)
