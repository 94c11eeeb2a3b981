"""The source (reader) registry: built-in readers, ``register_source`` and entry points.

A reader is a callable ``reader(*paths, **options) -> pandas.DataFrame`` returning
observations in the long format; :func:`read_source` validates what it returns.
"""

from __future__ import annotations

import csv
import inspect
import json
import threading
import warnings
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd

from ..errors import (
    DataFormatError,
    RegistryError,
    UnknownSourceError,
    WarIndicatorsError,
)
from ..plugins import PluginWarning, iter_plugins

__all__ = [
    "ENTRY_POINT_GROUP",
    "Reader",
    "Source",
    "get_source",
    "list_sources",
    "read_source",
    "register_source",
]

ENTRY_POINT_GROUP = "warindicators.sources"
Reader = Callable[..., pd.DataFrame]
R = TypeVar("R", bound=Reader)


@dataclass(frozen=True)
class Source:
    """A registered reader and what is known about the data it reads.

    Attributes
    ----------
    id
        Source id used by :func:`read_source` and the command line.
    reader
        ``reader(*paths, **options) -> DataFrame`` of observations.
    description
        One line.
    provider
        Package that registered it (``warindicators`` for built-ins).
    url
        Public URL of the current published file (used by ``warindicators fetch``).
    filename
        File name to save a download as.
    licence, attribution
        Terms and attribution line of the published data.
    indicators
        Indicator ids the reader emits.

    Examples
    --------
    >>> import warindicators as wi
    >>> src = wi.get_source("ofac_sdn")
    >>> src.provider, src.licence.startswith("public domain")
    ('warindicators', True)
    """

    id: str
    reader: Reader
    description: str = ""
    provider: str = "warindicators"
    url: str | None = None
    filename: str | None = None
    licence: str = ""
    attribution: str = ""
    indicators: tuple[str, ...] = ()
    options: dict[str, Any] = field(default_factory=dict, compare=False)


_lock = threading.RLock()
_sources: dict[str, Source] = {}
_loaded = False


def _first_line(obj: object) -> str:
    doc = getattr(obj, "__doc__", None) or ""
    return doc.strip().splitlines()[0].strip() if doc.strip() else ""


def _add(src: Source) -> None:
    existing = _sources.get(src.id)
    if existing is not None:
        if existing.reader is src.reader:
            return
        raise RegistryError(
            f"source id {src.id!r} from {src.provider!r} clashes with the one already "
            f"registered by {existing.provider!r}; choose another id"
        )
    _sources[src.id] = src


def _ensure_loaded() -> None:
    global _loaded
    with _lock:
        if _loaded:
            return
        _loaded = True
        from .builtin import builtin_sources

        for src in builtin_sources():
            _add(src)
        for plugin in iter_plugins(ENTRY_POINT_GROUP):
            obj = plugin.obj
            if isinstance(obj, Source):
                src = Source(**{**obj.__dict__, "provider": plugin.distribution})
            elif callable(obj):
                src = Source(
                    id=str(getattr(obj, "source_id", plugin.name)),
                    reader=obj,
                    description=str(getattr(obj, "description", "") or _first_line(obj)),
                    provider=plugin.distribution,
                    url=getattr(obj, "url", None),
                    licence=str(getattr(obj, "licence", "")),
                    attribution=str(getattr(obj, "attribution", "")),
                )
            else:
                warnings.warn(
                    f"warindicators: source plugin {plugin.name!r} from package "
                    f"{plugin.distribution!r} is not callable ({type(obj).__name__}); skipped",
                    PluginWarning,
                    stacklevel=3,
                )
                continue
            _add(src)


def _reset_for_tests() -> None:
    global _loaded
    with _lock:
        _sources.clear()
        _loaded = False


def register_source(
    source_id: str | Source,
    reader: Reader | None = None,
    *,
    description: str = "",
    provider: str = "user",
    **metadata: Any,
) -> Any:
    """Register a reader under ``source_id``; usable as a decorator.

    Examples
    --------
    >>> import pandas as pd
    >>> import warindicators as wi
    >>> @wi.register_source("doc_example_csv", description="One number a day")
    ... def read_example(*paths):
    ...     return pd.DataFrame({"indicator": ["territory.area_occupied_km2"],
    ...                          "region": ["UA"], "date": ["2024-01-31"], "value": [1.0]})
    >>> "doc_example_csv" in wi.list_sources()
    True
    """
    _ensure_loaded()
    if isinstance(source_id, Source):
        with _lock:
            _add(source_id)
        return source_id

    def deco(fn: R) -> R:
        src = Source(
            id=source_id,
            reader=fn,
            description=description or _first_line(fn),
            provider=provider,
            **metadata,
        )
        with _lock:
            _add(src)
        return fn

    if reader is not None:
        return deco(reader)
    return deco


def get_source(source_id: str) -> Source:
    """The registered :class:`Source` with this id.

    Raises :class:`~warindicators.errors.UnknownSourceError` for an unknown id.

    Examples
    --------
    >>> import warindicators as wi
    >>> wi.get_source("economist_isw_area").indicators[0]
    'territory.area_occupied_km2'
    >>> wi.get_source("economist_isw")
    Traceback (most recent call last):
    ...
    warindicators.errors.UnknownSourceError: unknown source 'economist_isw'; did you mean economist_isw_area...
    """
    _ensure_loaded()
    try:
        return _sources[source_id]
    except KeyError:
        raise UnknownSourceError(source_id, list(_sources)) from None


def list_sources() -> dict[str, str]:
    """Registered readers: ``{source_id: one-line description}``, sorted by id.

    Examples
    --------
    >>> import warindicators as wi
    >>> "reference" in wi.list_sources()
    True
    """
    _ensure_loaded()
    return {k: _sources[k].description for k in sorted(_sources)}


_PARSE_ERRORS: tuple[type[BaseException], ...] = (
    ValueError,
    KeyError,
    TypeError,
    IndexError,
    AttributeError,
    UnicodeError,
    json.JSONDecodeError,
    csv.Error,
    zipfile.BadZipFile,
    OverflowError,
    pd.errors.ParserError,
    pd.errors.EmptyDataError,
)


_LIST_NAMES = ("paths", "files", "filenames", "sources")


def _call_reader(
    reader: Reader, paths: tuple[str | Path, ...], options: dict[str, Any]
) -> pd.DataFrame:
    """Call a reader whatever its calling convention.

    The built-in convention is ``reader(*paths, **options)``. A plugin reader may instead
    take one list (a first parameter named ``paths``/``files``) or one file at a time (a
    single positional parameter): it gets the list, or is called once per file and the
    frames are concatenated.
    """
    try:
        sig = inspect.signature(reader)
    except (TypeError, ValueError):  # builtins and some C callables
        return reader(*paths, **options)
    kinds = [p.kind for p in sig.parameters.values()]
    if inspect.Parameter.VAR_POSITIONAL in kinds:
        return reader(*paths, **options)
    positional = [
        p
        for p in sig.parameters.values()
        if p.kind in (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
        and p.name not in options
    ]
    if positional and positional[0].name.lower().endswith(_LIST_NAMES):
        return reader(list(paths), **options)
    if len(paths) <= 1 or not positional:
        return reader(*paths, **options)
    frames = [reader(p, **options) for p in paths]
    return pd.concat(frames, ignore_index=True)


def read_source(source_id: str, *paths: str | Path, **options: Any) -> pd.DataFrame:
    """Read published files with the reader ``source_id`` into validated observations.

    Raw files are only read, never modified. Malformed input raises
    :class:`~warindicators.errors.DataFormatError` naming the file and the row/field.

    Examples
    --------
    >>> import warindicators as wi
    >>> obs = wi.read_source("reference")
    >>> {"indicator", "region", "date", "value"} <= set(obs.columns)
    True
    """
    from ..observations import validate_observations

    src = get_source(source_id)
    for p in paths:
        if not Path(p).exists():
            raise DataFormatError("file not found", path=p)
    where = paths[0] if len(paths) == 1 else None
    try:
        frame = _call_reader(src.reader, paths, options)
    except WarIndicatorsError:
        raise
    except _PARSE_ERRORS as exc:
        raise DataFormatError(
            f"the {source_id} reader could not parse the input: {type(exc).__name__}: {exc}",
            path=where if where is not None else ", ".join(map(str, paths)) or None,
        ) from exc
    if not isinstance(frame, pd.DataFrame):
        raise DataFormatError(
            f"reader {source_id!r} ({src.provider}) returned {type(frame).__name__}, "
            "expected a pandas.DataFrame of observations"
        )
    try:
        out = validate_observations(frame, path=where)
    except WarIndicatorsError:
        raise
    if "source" not in out.columns:
        out["source"] = source_id
    else:
        out["source"] = out["source"].fillna(source_id)
    return out
