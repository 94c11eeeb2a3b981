"""The one rule for repeated records in published files, used by every reader.

A record published twice with the same values (producers' live files sometimes repeat a
day) is collapsed to one, with a :class:`RepeatedRecordsWarning` that says how many and
where (the store counts them in the ingest summary). A record published twice with
different values is a :class:`~warindicators.errors.DataFormatError` naming both rows and
the values: nobody can tell which one is right. :func:`collapse_repeated` applies the rule
to rows, :func:`loads_json` to repeated keys of a JSON object and :func:`snapshot_frame` to
two snapshot files of the same date.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .errors import DataFormatError

__all__ = ["RepeatedRecordsWarning", "collapse_repeated", "loads_json", "snapshot_frame"]


class RepeatedRecordsWarning(UserWarning):
    """Exact repeats of a record were collapsed to one (see :func:`collapse_repeated`).

    ``count`` is the number of rows dropped; the store adds it to the ingest summary.

    Examples
    --------
    >>> w = RepeatedRecordsWarning("file a.csv: 2 exact repeat(s) collapsed", 2)
    >>> w.count, isinstance(w, UserWarning)
    (2, True)
    """

    def __init__(self, message: str, count: int) -> None:
        super().__init__(message)
        self.count = count


def collapse_repeated(
    table: pd.DataFrame,
    key: Sequence[str],
    *,
    path: object | None = None,
    lines: Sequence[int] | np.ndarray | None = None,
    what: str = "record",
    field: str | None = None,
) -> pd.DataFrame:
    """The one policy for repeated records in a published file (every reader applies it).

    Rows sharing ``key`` are the same record published twice. When every other column
    agrees too (an exact repeat, as producers' live files sometimes hold for a day), the
    first row is kept, the others are dropped and a :class:`RepeatedRecordsWarning`
    says how many and where (the ingest summary counts them). When they disagree, nobody
    can say which row is right: :class:`~warindicators.errors.DataFormatError` names both
    rows and the differing values.

    Parameters
    ----------
    table
        Parsed records (one row per source record; cells compared as they are).
    key
        Columns that identify a record (e.g. ``["date"]`` for a daily file).
    path
        File named in the warning and the error.
    lines
        Source line (row) number of each table row; default: position + 2 (header on 1).
    what
        Word for a record in messages ("day", "alert", "entry"...).
    field
        Field named in the error (default none).

    Returns
    -------
    pandas.DataFrame
        ``table`` without the repeats (order kept; index reset).

    Examples
    --------
    >>> import warnings
    >>> t = pd.DataFrame({"date": ["2024-01-01", "2024-01-02", "2024-01-02"],
    ...                   "area": ["1.0", "2.0", "2.0"]})
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     out = collapse_repeated(t, ["date"], path="a.csv", what="day")
    >>> len(out), caught[0].message.count
    (2, 1)
    >>> collapse_repeated(t.assign(area=["1.0", "2.0", "2.5"]), ["date"], path="a.csv",
    ...                   what="day")
    Traceback (most recent call last):
    ...
    warindicators.errors.DataFormatError: file a.csv, row 4: day date='2024-01-02' appears twice, ...
    ...area '2.0' (row 3) vs '2.5' (row 4)...
    """
    if table.empty:
        return table.reset_index(drop=True)
    key = list(key)
    ln = np.asarray(lines if lines is not None else np.arange(len(table)) + 2)
    t = table.reset_index(drop=True)
    repeated = t.duplicated(subset=key, keep=False).to_numpy()
    if not repeated.any():
        return t
    exact_later = t.duplicated(keep="first").to_numpy()
    # a key seen again with other values: report the first such pair
    same_key_later = t.duplicated(subset=key, keep="first").to_numpy()
    conflict = same_key_later & ~exact_later
    if conflict.any():
        j = int(np.flatnonzero(conflict)[0])
        row_j = t.iloc[j]
        group = t.groupby(key, dropna=False, sort=False).ngroup().to_numpy()  # NaN keys too
        i = int(np.flatnonzero(group[:j] == group[j])[0])
        row_i = t.iloc[i]
        diffs = [
            f"{c} {_show(row_i[c])} ({_at(ln[i])}) vs {_show(row_j[c])} ({_at(ln[j])})"
            for c in t.columns
            if c not in key
            and not (pd.isna(row_i[c]) and pd.isna(row_j[c]))
            and row_i[c] != row_j[c]
        ]
        ident = ", ".join(f"{k}={_show(row_j[k])}" for k in key)
        raise DataFormatError(
            f"{what} {ident} appears twice, at {_at(ln[i])} and {_at(ln[j])}, with different "
            f"values: {'; '.join(diffs)}; expected one row per {what} (exact repeats collapse)",
            path=path,
            row=int(ln[j]) if isinstance(ln[j], int | np.integer) else None,
            field=field,
        )
    n = int(exact_later.sum())
    first = int(np.flatnonzero(exact_later)[0])
    where = f"file {path}: " if path is not None else ""
    warnings.warn(
        RepeatedRecordsWarning(
            f"{where}{n} exact repeat(s) collapsed, one {what} kept each (first at "
            f"{_at(ln[first])}: {', '.join(f'{k}={_show(t.iloc[first][k])}' for k in key)})",
            n,
        ),
        stacklevel=2,
    )
    return t[~exact_later].reset_index(drop=True)


def _show(v: Any) -> str:
    if isinstance(v, pd.Timestamp):
        return repr(str(v.date()) if v == v.normalize() else str(v))
    if isinstance(v, np.generic):
        return repr(v.item())
    return repr(v)


def _at(v: Any) -> str:
    return f"row {v}" if isinstance(v, int | np.integer) else str(v)


def loads_json(text: str, path: str | Path) -> Any:
    """``json.loads`` with the one rule for repeated records applied to repeated object keys.

    Python's parser silently keeps the last of two equal keys in an object. Here an exact
    repeat (same key, same value) is collapsed with a
    :class:`RepeatedRecordsWarning`; the same key with another
    value is a :class:`DataFormatError` naming the key and both values. Decoding errors
    propagate as :class:`json.JSONDecodeError` for the caller to report.

    Examples
    --------
    >>> loads_json('{"a": 1, "b": 2}', "x.json")
    {'a': 1, 'b': 2}
    >>> loads_json('{"a": 1, "a": 2}', "x.json")
    Traceback (most recent call last):
    ...
    warindicators.errors.DataFormatError: file x.json: key 'a' appears twice in one object with different values (1 vs 2)...
    """
    repeats = 0

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        nonlocal repeats
        out: dict[str, Any] = {}
        for k, v in items:
            if k in out:
                if out[k] != v:
                    raise DataFormatError(
                        f"key {k!r} appears twice in one object with different values "
                        f"({_short(out[k])} vs {_short(v)}); expected one value per key "
                        "(exact repeats collapse)",
                        path=path,
                    )
                repeats += 1
                continue
            out[k] = v
        return out

    doc = json.loads(text, object_pairs_hook=pairs)
    if repeats:
        warnings.warn(
            RepeatedRecordsWarning(
                f"file {path}: {repeats} exact repeat(s) of a JSON key collapsed to one",
                repeats,
            ),
            stacklevel=2,
        )
    return doc


def _short(v: Any) -> str:
    text = json.dumps(v, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."


def snapshot_frame(out: pd.DataFrame, paths: Sequence[str | Path]) -> pd.DataFrame:
    """Apply the repeated-records rule to per-snapshot observations (one row per file and
    indicator, in ``paths`` order within each indicator).

    Two snapshots of the same date that give the same values collapse (with a warning);
    different values are a :class:`DataFormatError` naming both files.

    Examples
    --------
    >>> f = pd.DataFrame({"indicator": ["x", "x"], "date": ["2024-01-01"] * 2, "value": [1, 2]})
    >>> snapshot_frame(f, ["a_20240101.json", "b_20240101.json"])
    Traceback (most recent call last):
    ...
    warindicators.errors.DataFormatError: ...appears twice, at a_20240101.json and b_20240101.json...
    """
    n_ind = out["indicator"].nunique()
    where = np.array([str(p) for p in paths] * n_ind, dtype=object)
    return collapse_repeated(out, ["indicator", "date"], lines=where, what="snapshot")
