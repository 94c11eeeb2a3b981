"""What a new input adds to a source's stored vintages, and reading the stored file.

:func:`new_vintages` keeps the input's rows that are new or revise the latest stored
vintage (a revision is always dated after what it revises); :func:`count_absent` counts
stored observations that the input lacks (they are kept: see :mod:`warindicators.store`).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

from ._semantics import latest_vintage
from .errors import DataFormatError

__all__ = ["count_absent", "manifest_retrieved", "new_vintages", "read_processed"]

#: Columns whose change makes a revision.
_COMPARE = ("value", "low", "high", "status", "bound")
_STORED = ("indicator", "region", "date", "value")  # columns every processed file has


def read_processed(path: Path) -> pd.DataFrame:
    """A processed file, or a :class:`DataFormatError` naming it and what was expected."""
    try:
        df = pd.read_parquet(path)
    except Exception as exc:  # pyarrow raises its own types for every kind of bad file
        raise DataFormatError(
            f"not a readable Parquet file of processed observations ({exc}); expected a file "
            "written by 'warindicators ingest' (re-ingest the source, or remove the file)",
            path=path,
        ) from exc
    missing = [c for c in _STORED if c not in df.columns]
    if missing and not df.empty:
        raise DataFormatError(
            f"processed observations lack column(s) {', '.join(missing)}; expected "
            f"{', '.join(_STORED)}",
            path=path,
        )
    return df


def manifest_retrieved(paths: tuple[str | Path, ...]) -> pd.Timestamp | None:
    """Download time (UTC, naive) in the fetch manifest beside the first input that has one
    with a readable ``retrieved`` field; ``None`` when none has.

    Examples
    --------
    >>> manifest_retrieved(("no/such/file.csv",)) is None
    True
    """
    for p in paths:
        m = Path(f"{p}.manifest.json")
        if m.is_file():
            try:
                t = pd.Timestamp(json.loads(m.read_text())["retrieved"])
            except (ValueError, KeyError, TypeError):
                continue
            return t.tz_convert("UTC").tz_localize(None) if t.tzinfo else t
    return None


def count_absent(old: pd.DataFrame, new: pd.DataFrame, keys: list[str]) -> int:
    """Stored observations (latest vintage) of the input's series that the input lacks."""
    if old.empty:
        return 0
    latest = latest_vintage(old, keys)
    series = [k for k in keys if k != "date"]
    for k in keys:
        if k not in latest.columns:
            latest[k] = None
    same_series = (
        latest[keys]
        .astype("str")
        .merge(new[series].astype("str").drop_duplicates(), on=series, how="inner")
    )
    there = same_series.merge(new[keys].astype("str"), on=keys, how="left", indicator=True)
    return int((there["_merge"] == "left_only").sum())


def new_vintages(
    old: pd.DataFrame, new: pd.DataFrame, keys: list[str]
) -> tuple[pd.DataFrame, int, int]:
    """The input's rows to append: new keys, and values that differ from the latest stored
    vintage (dated after it); with the counts of new and revised observations.

    Examples
    --------
    >>> old = pd.DataFrame({"k": ["a", "b"], "value": [1.0, 2.0],
    ...                     "published": pd.to_datetime(["2024-01-01"] * 2)})
    >>> new = pd.DataFrame({"k": ["a", "b", "c"], "value": [1.0, 2.5, 3.0],
    ...                     "published": pd.to_datetime(["2024-01-01"] * 3)})
    >>> rows, n_new, n_revised = new_vintages(old, new, ["k"])
    >>> rows["k"].tolist(), n_new, n_revised, str(rows["published"].iloc[0])
    (['b', 'c'], 1, 1, '2024-01-01 00:00:01')
    """
    if old.empty:
        return new, len(new), 0
    latest = latest_vintage(old, keys)
    cmp = [c for c in _COMPARE if c in new.columns]
    for k in keys:
        if k not in latest.columns:
            latest[k] = None
    merged = new.merge(
        latest[keys + [c for c in cmp if c in latest.columns]],
        on=keys,
        how="left",
        suffixes=("", "_old"),
        indicator=True,
    )
    is_new = (merged["_merge"] == "left_only").to_numpy()
    changed = pd.Series(False, index=merged.index)
    for c in cmp:
        oc = f"{c}_old"
        if oc not in merged.columns:
            continue
        a, b = merged[c], merged[oc]
        if pd.api.types.is_float_dtype(a):
            diff = ~((a == b) | (a.isna() & b.isna()))
        else:
            diff = ~((a.astype("str") == b.astype("str")) | (a.isna() & b.isna()))
        changed |= diff
    revised = changed.to_numpy() & ~is_new
    take = is_new | revised
    out = new[take].reset_index(drop=True)
    # a revision must be a newer vintage than the one it revises
    if "published" in latest.columns and revised.any():
        prev = merged.loc[take, keys].merge(latest[[*keys, "published"]], on=keys, how="left")
        prev_pub = prev["published"].to_numpy()
        bump = (out["published"].to_numpy() <= prev_pub) & pd.notna(prev_pub)
        if bump.any():
            later = pd.Series(prev_pub[bump]) + pd.Timedelta(seconds=1)
            out.loc[bump, "published"] = later.to_numpy()
            if "retrieved" in out.columns:
                out.loc[bump, "published"] = np.maximum(
                    out.loc[bump, "published"].to_numpy(), out.loc[bump, "retrieved"].to_numpy()
                )
    return out, int(is_new.sum()), int(revised.sum())
