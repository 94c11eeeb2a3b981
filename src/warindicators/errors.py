"""Exceptions raised by warindicators.

Every error the library raises on bad input derives from :class:`WarIndicatorsError`,
so ``except wi.errors.WarIndicatorsError`` catches all of them. Messages say what was
expected and where (file, row, field or parameter).

Examples
--------
>>> import warindicators as wi
>>> try:
...     wi.get_indicator("territory.area_ocupied_km2")
... except wi.errors.UnknownIndicatorError as err:
...     print("territory.area_occupied_km2" in str(err))
True
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from difflib import get_close_matches

__all__ = [
    "DataFormatError",
    "FetchError",
    "PluginError",
    "RegistryError",
    "ReportError",
    "UnknownIndicatorError",
    "UnknownSourceError",
    "ValidationError",
    "WarIndicatorsError",
]


class WarIndicatorsError(Exception):
    """Base class of every error warindicators raises on bad input or bad state."""


class ValidationError(WarIndicatorsError, ValueError):
    """Observations or parameters break a rule (range, type, duplicate, bound...)."""


class DataFormatError(WarIndicatorsError, ValueError):
    """A source file is malformed: the message names the file, row/line and field.

    Parameters
    ----------
    message
        What was wrong and what was expected.
    path, row, field
        Where it was found; each is included in the message when given. ``row`` is a row
        number (``"row 12"``) or a place named in the file's own terms (``"line 3"``,
        ``"record 1"``), shown as it is.

    Examples
    --------
    >>> str(DataFormatError("bad value", path="a.csv", row=12, field="area"))
    "file a.csv, row 12, field 'area': bad value"
    >>> str(DataFormatError("invalid JSON", path="a.json", row="line 3"))
    'file a.json, line 3: invalid JSON'
    """

    def __init__(
        self,
        message: str,
        *,
        path: object | None = None,
        row: int | str | None = None,
        field: str | None = None,
    ) -> None:
        self.path = None if path is None else str(path)
        self.row = row
        self.field = field
        where = []
        if self.path is not None:
            where.append(f"file {self.path}")
        if row is not None:  # "row 12", or a place named otherwise ("line 3", "record 1")
            named = isinstance(row, str) and not row[:1].isdigit()
            where.append(str(row) if named else f"row {row}")
        if field is not None:
            where.append(f"field {field!r}")
        prefix = (", ".join(where) + ": ") if where else ""
        super().__init__(prefix + message)


class UnknownIndicatorError(WarIndicatorsError, KeyError):
    """An indicator id is not registered; the message lists the closest known ids."""

    def __init__(self, indicator_id: str, known: Iterable[str] = ()) -> None:
        self.indicator_id = indicator_id
        known = sorted(known)
        close = get_close_matches(indicator_id, known, n=5, cutoff=0.5)
        if not close:
            fam = indicator_id.split(".", 1)[0]
            close = [k for k in known if k.startswith(fam + ".")][:5]
        hint = f"; closest known ids: {', '.join(close)}" if close else ""
        self.suggestions: list[str] = list(close)
        super().__init__(f"unknown indicator {indicator_id!r}{hint}")

    def __str__(self) -> str:  # KeyError would repr() the message
        return str(self.args[0])


class UnknownSourceError(WarIndicatorsError, KeyError):
    """A source (reader) id is not registered."""

    def __init__(self, source_id: str, known: Sequence[str] = ()) -> None:
        close = get_close_matches(source_id, list(known), n=3, cutoff=0.4)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        listing = f" (known: {', '.join(sorted(known))})" if known else ""
        super().__init__(f"unknown source {source_id!r}{hint}{listing}")

    def __str__(self) -> str:
        return str(self.args[0])


class RegistryError(WarIndicatorsError):
    """Registering an indicator or source failed (for example, a clashing id)."""


class PluginError(WarIndicatorsError):
    """A plugin found through an entry point could not be loaded."""


class ReportError(WarIndicatorsError):
    """A report could not be run: bad parameter, malformed period, failed notebook..."""


class FetchError(WarIndicatorsError):
    """Downloading a published file failed (offline, HTTP error, checksum...)."""
