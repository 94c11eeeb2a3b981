"""Parsing of the General Staff loss files (JSON arrays of flat daily records) into arrays.

The public reader is :func:`warindicators.sources.casualties.read_general_staff_losses`.
Here a file becomes, per numeric key, the record dates and values (null/``NaN`` dropped),
checked record by record; several files are merged per key with duplicates rejected.
Everything stays in NumPy arrays so a full daily history reads in a few milliseconds.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import numpy as np
import pandas as pd

from ..errors import DataFormatError
from ..indicators import EQUIPMENT_CATEGORIES, category_slug
from ..repeats import collapse_repeated, loads_json
from ._common import decode_text, read_bytes

__all__ = ["LossFile", "MergedSeries", "load_loss_file", "merge_loss_files"]

#: keys that are never counts
META_KEYS: Final[frozenset[str]] = frozenset(
    {"date", "day", "personnel*", "greatest losses direction"}
)
_COUNT_KEYS: Final[frozenset[str]] = frozenset({"personnel", "POW"})
_KNOWN_SLUGS: Final[frozenset[str]] = frozenset(EQUIPMENT_CATEGORIES) | {"personnel", "pow"}
_SLUG: Final = re.compile(r"[a-z0-9][a-z0-9_]*")
_DATE: Final = re.compile(r"\d{4}-\d{2}-\d{2}")
_NUMERIC: Final[frozenset[type]] = frozenset({int, float, type(None)})


@dataclass(frozen=True)
class LossFile:
    """One parsed file: per key, the record positions and values; qualifiers by record."""

    path: str
    dates: np.ndarray
    series: dict[str, tuple[np.ndarray, np.ndarray]]
    qualifiers: list[str | None]


@dataclass(frozen=True)
class MergedSeries:
    """One key over all files, sorted by date: dates, values and (personnel) qualifiers."""

    dates: np.ndarray
    values: np.ndarray
    qualifiers: list[str | None] | None


def _load_json(path: str | Path) -> list[Any]:
    text = decode_text(read_bytes(path), path)
    if not text.strip():
        raise DataFormatError("empty file; expected a JSON array of daily records", path=path)
    try:
        data = loads_json(text, path)  # accepts the bare NaN tokens of older versions
    except json.JSONDecodeError as exc:
        raise DataFormatError(
            f"invalid JSON: {exc.msg} (column {exc.colno})", path=path, row=f"line {exc.lineno}"
        ) from None
    except RecursionError:
        raise DataFormatError("JSON nested too deeply", path=path) from None
    if not isinstance(data, list):
        raise DataFormatError(
            f"expected a JSON array of records, got a {type(data).__name__}", path=path
        )
    if not data:
        raise DataFormatError("empty JSON array; expected daily records", path=path)
    return data


def _record_dates(path: str | Path, raw: list[object]) -> np.ndarray:
    for i, d in enumerate(raw):
        if type(d) is not str or not _DATE.fullmatch(d):
            raise DataFormatError(
                f"expected a date string YYYY-MM-DD, got {d!r}",
                path=path,
                row=f"record {i + 1}",
                field="date",
            )
    parsed = pd.to_datetime(pd.Series(raw, dtype=object), format="%Y-%m-%d", errors="coerce")
    bad = parsed.isna().to_numpy()
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise DataFormatError(
            f"cannot parse date {raw[i]!r}; expected YYYY-MM-DD",
            path=path,
            row=f"record {i + 1}",
            field="date",
        )
    return parsed.to_numpy(dtype="datetime64[ns]")


def _error(path: str | Path, i: int, key: str, message: str) -> DataFormatError:
    return DataFormatError(message, path=path, row=f"record {i + 1}", field=key)


def _column(
    path: str | Path, records: list[dict[str, Any]], key: str, signed: bool
) -> tuple[np.ndarray, np.ndarray] | None:
    """Record positions and values of one key (``None`` for a free-text key)."""
    vals = [r.get(key) for r in records]
    kinds = set(map(type, vals))
    odd = kinds - _NUMERIC
    if odd:
        text_only = odd == {str} and not kinds & {int, float}
        if text_only and key not in _COUNT_KEYS and category_slug(key) not in _KNOWN_SLUGS:
            return None  # a free-text column such as the direction of greatest losses
        i = next(i for i, v in enumerate(vals) if type(v) not in _NUMERIC)
        raise _error(path, i, key, f"expected a number, got {type(vals[i]).__name__} {vals[i]!r}")
    try:
        values = np.array(vals, dtype=float)  # absent and null become NaN: no figure
    except OverflowError:
        i = next(i for i, v in enumerate(vals) if v is not None and abs(v) > 1e308)
        raise _error(path, i, key, f"number too large: {vals[i]!r}") from None
    ok = ~np.isnan(values)
    bad = ok & (np.isinf(values) | (not signed and values < 0))
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        what = "a finite number" if signed else "a non-negative finite count"
        hint = (
            "; a file of signed corrections goes in corrections=, not among the paths"
            if not signed and np.isfinite(values[i]) and "correction" in Path(path).name.lower()
            else ""
        )
        raise _error(path, i, key, f"expected {what}, got {vals[i]!r}{hint}")
    rows = np.flatnonzero(ok)
    if key not in _COUNT_KEYS and rows.size and not _SLUG.fullmatch(category_slug(key)):
        raise _error(path, int(rows[0]), key, f"key {key!r} has no usable category name")
    return rows, values[rows]


def load_loss_file(path: str | Path, *, signed: bool = False) -> LossFile:
    """Parse one file; ``signed`` allows negative values (the correction file).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "eq.json"
    >>> _ = p.write_text('[{"date": "2023-01-01", "tank": 5}, {"date": "2023-01-02"}]')
    >>> rows, values = load_loss_file(p).series["tank"]
    >>> rows.tolist(), values.tolist()
    ([0], [5.0])
    """
    records = _load_json(path)
    if set(map(type, records)) != {dict}:
        i = next(i for i, r in enumerate(records) if type(r) is not dict)
        raise DataFormatError(
            f"expected a JSON object, got {type(records[i]).__name__}",
            path=path,
            row=f"record {i + 1}",
        )
    keys = sorted(set().union(*records) - META_KEYS)
    columns = {k: _column(path, records, k, signed) for k in keys}
    dates = _record_dates(path, [r.get("date") for r in records])
    quals = [r.get("personnel*") for r in records]
    qualifiers = [q.strip() if type(q) is str else None for q in quals]
    series = {k: c for k, c in columns.items() if c is not None}
    return LossFile(str(path), dates, series, qualifiers)


def merge_loss_files(files: list[LossFile]) -> dict[str, MergedSeries]:
    """Per key, the rows of every file sorted by date (repeats: see ``collapse_repeated``).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "a.json").write_text('[{"date": "2023-01-02", "tank": 7}]')
    >>> _ = (d / "b.json").write_text('[{"date": "2023-01-01", "tank": 5}]')
    >>> merged = merge_loss_files([load_loss_file(d / "a.json"), load_loss_file(d / "b.json")])
    >>> merged["tank"].values.tolist()
    [5.0, 7.0]
    """
    keys = sorted({k for f in files for k in f.series})
    long = []
    for key in keys:
        for f in files:
            if key not in f.series:
                continue
            rows, vals = f.series[key]
            long.append(
                pd.DataFrame(
                    {
                        "key": key,
                        "date": f.dates[rows],
                        "value": vals,
                        "qualifier": [f.qualifiers[r] for r in rows]
                        if key == "personnel"
                        else None,
                        "where": [
                            f"record {r + 1}" if len(files) == 1 else f"{f.path} record {r + 1}"
                            for r in rows
                        ],
                    }
                )
            )
    if not long:
        return {}
    table = pd.concat(long, ignore_index=True)
    # the one rule for repeated records: a key and date twice with the same figure collapses
    # (warning), with different figures is an error naming both records
    where = table.pop("where").to_numpy()
    keep = collapse_repeated(
        table.assign(_pos=np.arange(len(table))).drop(columns="_pos"),
        ["key", "date"],
        path=files[0].path if len(files) == 1 else ", ".join(f.path for f in files),
        lines=where,
        what="figure",
        field="date",
    )
    out: dict[str, MergedSeries] = {}
    for key, part in keep.groupby("key", sort=True):
        part = part.sort_values("date", kind="stable")
        quals = (
            [q if isinstance(q, str) else None for q in part["qualifier"]]
            if key == "personnel"
            else None
        )
        out[str(key)] = MergedSeries(
            part["date"].to_numpy(), part["value"].to_numpy(dtype="float64"), quals
        )
    return out
