"""The indicator registry: built-ins, ``@register_indicator`` and entry-point plugins."""

from __future__ import annotations

import threading
import warnings
from collections.abc import Callable, Iterable
from typing import TypeVar, overload

from ..errors import RegistryError, UnknownIndicatorError
from ..plugins import PluginWarning, iter_plugins
from .model import Indicator

__all__ = [
    "ENTRY_POINT_GROUP",
    "get_indicator",
    "list_indicators",
    "register_indicator",
    "unregister_indicator",
]

ENTRY_POINT_GROUP = "warindicators.indicators"

_lock = threading.RLock()
_registry: dict[str, Indicator] = {}
_builtins_loaded = False
_plugins_loaded = False

F = TypeVar("F", bound=Callable[[], object])


def _add(ind: Indicator, provider: str) -> None:
    existing = _registry.get(ind.id)
    if existing is not None:
        if existing == ind.with_(provider=existing.provider):
            return  # the same definition registered twice (e.g. a re-run notebook cell)
        raise RegistryError(
            f"indicator id {ind.id!r} from {provider!r} clashes with the one already "
            f"registered by {existing.provider!r}; choose another id"
        )
    if ind.provider != provider:
        ind = ind.with_(provider=provider)
    _registry[ind.id] = ind


def _coerce(obj: object, where: str) -> list[Indicator]:
    if isinstance(obj, Indicator):
        return [obj]
    if callable(obj) and not isinstance(obj, type):
        return _coerce(obj(), where)
    if isinstance(obj, Iterable) and not isinstance(obj, str | bytes):
        out: list[Indicator] = []
        for item in obj:
            out.extend(_coerce(item, where))
        return out
    raise RegistryError(
        f"{where}: expected an Indicator, an iterable of them or a callable returning them, "
        f"got {type(obj).__name__}"
    )


def _ensure_loaded() -> None:
    global _builtins_loaded, _plugins_loaded
    with _lock:
        if not _builtins_loaded:
            from .catalog import builtin_indicators

            for ind in builtin_indicators():
                _add(ind, "warindicators")
            _builtins_loaded = True
        if not _plugins_loaded:
            _plugins_loaded = True
            for plugin in iter_plugins(ENTRY_POINT_GROUP):
                where = f"plugin {plugin.name!r} from package {plugin.distribution!r}"
                try:
                    inds = _coerce(plugin.obj, where)
                except Exception as exc:
                    warnings.warn(
                        f"warindicators: {where} has bad metadata: {exc}",
                        PluginWarning,
                        stacklevel=3,
                    )
                    continue
                for ind in inds:
                    try:
                        _add(ind, plugin.distribution)
                    except RegistryError:
                        raise
                    except Exception as exc:  # pragma: no cover - defensive
                        warnings.warn(f"warindicators: {where}: {exc}", PluginWarning, stacklevel=3)


def _reset_for_tests() -> None:
    """Forget plugins and user registrations (tests only)."""
    global _builtins_loaded, _plugins_loaded
    with _lock:
        _registry.clear()
        _builtins_loaded = False
        _plugins_loaded = False


@overload
def register_indicator(indicator: Indicator, *, provider: str = ...) -> Indicator: ...
@overload
def register_indicator(indicator: F, *, provider: str = ...) -> F: ...


def register_indicator(indicator: object, *, provider: str = "user") -> object:
    """Register an indicator, a list of them, or a factory (usable as a decorator).

    A clashing id raises :class:`~warindicators.errors.RegistryError` naming both
    providers; registering an identical definition again is a no-op.

    Examples
    --------
    >>> import warindicators as wi
    >>> @wi.register_indicator
    ... def my_strikes():
    ...     return wi.Indicator(id="outages.doc_example_strikes", family="outages",
    ...                         title="Strikes", unit="strikes", measure="count",
    ...                         frequency="D")
    >>> wi.get_indicator("outages.doc_example_strikes").measure
    'count'
    """
    _ensure_loaded()
    with _lock:
        for ind in _coerce(indicator, f"register_indicator({indicator!r})"):
            _add(ind, provider if ind.provider == "warindicators" else ind.provider)
    return indicator


def unregister_indicator(indicator_id: str) -> None:
    """Remove a user-registered indicator (built-ins cannot be removed).

    Examples
    --------
    >>> import warindicators as wi
    >>> _ = wi.register_indicator(wi.Indicator(id="territory.doc_tmp", family="territory",
    ...     title="Temporary", unit="km2", measure="stock", frequency="D"))
    >>> unregister_indicator("territory.doc_tmp")
    >>> unregister_indicator("territory.area_occupied_km2")
    Traceback (most recent call last):
    ...
    warindicators.errors.RegistryError: built-in indicator 'territory.area_occupied_km2' cannot be unregistered
    """
    _ensure_loaded()
    with _lock:
        ind = _registry.get(indicator_id)
        if ind is None:
            raise UnknownIndicatorError(indicator_id, _registry)
        if ind.provider == "warindicators":
            raise RegistryError(f"built-in indicator {indicator_id!r} cannot be unregistered")
        del _registry[indicator_id]


def get_indicator(indicator_id: str | Indicator) -> Indicator:
    """Return the registered :class:`Indicator` with this id.

    Raises :class:`~warindicators.errors.UnknownIndicatorError` listing the closest ids.

    Examples
    --------
    >>> import warindicators as wi
    >>> wi.get_indicator("territory.area_occupied_km2").unit
    'km2'
    """
    if isinstance(indicator_id, Indicator):
        return indicator_id
    _ensure_loaded()
    try:
        return _registry[indicator_id]
    except (KeyError, TypeError):
        raise UnknownIndicatorError(str(indicator_id), _registry) from None


def list_indicators(family: str | None = None) -> list[Indicator]:
    """All registered indicators, optionally of one family, sorted by id.

    Examples
    --------
    >>> import warindicators as wi
    >>> [i.id for i in wi.list_indicators("sanctions")][:2]
    ['sanctions.eu_packages', 'sanctions.ofac_entries_address_ru']
    """
    _ensure_loaded()
    inds = sorted(_registry.values(), key=lambda i: i.id)
    if family is not None:
        inds = [i for i in inds if i.family == family]
    return inds
