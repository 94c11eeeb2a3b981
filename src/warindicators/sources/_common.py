"""Small helpers shared by the source readers: reading bytes, decoding, dates, columns.

Every helper raises :class:`~warindicators.errors.DataFormatError` naming the file (and,
where it applies, the row/line and field) instead of a bare ``ValueError``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Final

import numpy as np
import pandas as pd

from ..errors import DataFormatError

__all__ = [
    "date_from_name",
    "decode_text",
    "parse_date_option",
    "read_bytes",
    "read_csv_table",
    "require_columns",
    "snapshot_dates",
]

_ISO_RE: Final = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
_COMPACT_RE: Final = re.compile(r"(?<!\d)(\d{4})(\d{2})(\d{2})(?!\d)")


def read_bytes(path: str | Path) -> bytes:
    """The bytes of ``path``; an unreadable or missing file is a :class:`DataFormatError`.

    Examples
    --------
    >>> read_bytes("no/such/file.csv")
    Traceback (most recent call last):
    ...
    warindicators.errors.DataFormatError: file no/such/file.csv: cannot read the file: ...
    """
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise DataFormatError(f"cannot read the file: {exc.strerror or exc}", path=path) from exc


def decode_text(raw: bytes, path: str | Path, encoding: str = "utf-8") -> str:
    """Decode ``raw`` (a leading UTF-8 byte-order mark is dropped).

    NUL bytes mean a wide encoding such as UTF-16, which no reader here accepts.

    Examples
    --------
    >>> decode_text(b"\\xef\\xbb\\xbfdate,value\\n", "x.csv")
    'date,value\\n'
    >>> decode_text("date".encode("utf-16"), "x.csv")
    Traceback (most recent call last):
    ...
    warindicators.errors.DataFormatError: file x.csv, ...NUL bytes...
    """
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    nul = raw.find(b"\x00")
    if nul >= 0 or raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        line = raw.count(b"\n", 0, max(nul, 0)) + 1
        raise DataFormatError(
            f"NUL bytes or a UTF-16 byte-order mark (wide encoding such as UTF-16); expected "
            f"{encoding} text",
            path=path,
            row=f"line {line}",
        )
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise DataFormatError(
            f"byte {raw[exc.start : exc.start + 1]!r} at offset {exc.start} is not valid "
            f"{encoding}; expected {encoding} text",
            path=path,
            row=f"line {line}",
        ) from None


def _valid_date(y: str, m: str, d: str) -> pd.Timestamp | None:
    try:
        return pd.Timestamp(dt.date(int(y), int(m), int(d)))
    except ValueError:
        return None


def date_from_name(path: str | Path) -> pd.Timestamp | None:
    """The date written in a file name as ``YYYY-MM-DD`` or ``YYYYMMDD``, else ``None``.

    A name holding two different dates is ambiguous and raises :class:`DataFormatError`.

    Examples
    --------
    >>> date_from_name("deepstatemap_data_20241120.geojson")
    Timestamp('2024-11-20 00:00:00')
    >>> date_from_name("sdn_2022-03-07.csv"), date_from_name("sdn.csv")
    (Timestamp('2022-03-07 00:00:00'), None)
    """
    name = Path(path).name
    found: list[pd.Timestamp] = []
    for rx in (_ISO_RE, _COMPACT_RE):
        for m in rx.finditer(name):
            ts = _valid_date(*m.groups())
            if ts is not None:
                found.append(ts)
    distinct = sorted(set(found))
    if len(distinct) > 1:
        raise DataFormatError(
            f"the file name holds several dates ({', '.join(f'{d:%Y-%m-%d}' for d in distinct)})"
            "; pass the snapshot date as an option",
            path=path,
        )
    return distinct[0] if distinct else None


def parse_date_option(value: Any, option: str) -> pd.Timestamp:
    """A date option given as ``'YYYY-MM-DD'``, a ``date`` or a ``Timestamp`` (midnight).

    Examples
    --------
    >>> parse_date_option("2024-11-20", "date")
    Timestamp('2024-11-20 00:00:00')
    """
    try:
        ts = pd.Timestamp(value)
    except (ValueError, TypeError) as exc:
        raise DataFormatError(
            f"option {option}={value!r}: expected a date such as '2024-11-20' ({exc})"
        ) from None
    if pd.isna(ts):
        raise DataFormatError(f"option {option}={value!r}: expected a date such as '2024-11-20'")
    if ts.tzinfo is not None:
        ts = ts.tz_convert("UTC").tz_localize(None)
    return ts.normalize()


def snapshot_dates(paths: Sequence[str | Path], explicit: Any, option: str) -> list[pd.Timestamp]:
    """One date per snapshot file: ``explicit`` (one date, or one per path) or the file name.

    Two snapshots with the same date raise :class:`DataFormatError` naming both files.

    Examples
    --------
    >>> snapshot_dates(["a_20241120.geojson", "b.geojson"], None, "date")
    Traceback (most recent call last):
    ...
    warindicators.errors.DataFormatError: file b.geojson: no date ... pass date=...
    """
    if explicit is None:
        dates: list[pd.Timestamp | None] = [date_from_name(p) for p in paths]
    elif isinstance(explicit, str) or not isinstance(explicit, Iterable):
        dates = [parse_date_option(explicit, option)] * len(paths)
    else:
        given = list(explicit)
        if len(given) != len(paths):
            raise DataFormatError(
                f"option {option}=: {len(given)} date(s) for {len(paths)} "
                "file(s); expected one date, or one per file"
            )
        dates = [parse_date_option(v, option) for v in given]
    out: list[pd.Timestamp] = []
    seen: dict[pd.Timestamp, str | Path] = {}
    for p, d in zip(paths, dates, strict=True):
        if d is None:
            raise DataFormatError(
                "no date in the file name (expected YYYY-MM-DD or YYYYMMDD); pass "
                f"{option}=YYYY-MM-DD",
                path=p,
            )
        if d in seen:
            raise DataFormatError(
                f"snapshot date {d:%Y-%m-%d} also given for {seen[d]}; expected "
                "one snapshot per date",
                path=p,
            )
        seen[d] = p
        out.append(d)
    return out


def require_columns(found: Sequence[str], expected: Sequence[str], path: str | Path) -> None:
    """Raise :class:`DataFormatError` listing expected vs found columns if any is missing.

    Examples
    --------
    >>> require_columns(["date", "value"], ["date", "value"], "x.csv")
    >>> require_columns(["Date"], ["date"], "x.csv")
    Traceback (most recent call last):
    ...
    warindicators.errors.DataFormatError: file x.csv, row 1...missing column(s) ['date']...
    """
    missing = [c for c in expected if c not in found]
    if missing:
        raise DataFormatError(
            f"missing column(s) {missing}; expected {list(expected)}, found {list(found)}",
            path=path,
            row="1 (header)",
        )


def read_csv_table(text: str, path: str | Path) -> tuple[pd.DataFrame, np.ndarray]:
    """Parse CSV ``text`` with a header into string columns and each row's line number.

    Every row must have as many fields as the header: a short row (a truncated file)
    or a long one, and an unterminated quote, raise :class:`DataFormatError` naming the
    line. Blank lines are skipped; empty cells stay ``""``.

    Examples
    --------
    >>> df, lines = read_csv_table('a,b\\n1,"x, y"\\n\\n3,4\\n', "x.csv")
    >>> df.to_dict("list"), lines.tolist()
    ({'a': ['1', '3'], 'b': ['x, y', '4']}, [2, 4])
    >>> read_csv_table("a,b\\n1,2\\n3\\n", "x.csv")
    Traceback (most recent call last):
    ...
    warindicators.errors.DataFormatError: file x.csv, row 3: 1 field(s); expected 2 ...
    """
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
        if header is None:
            raise DataFormatError("empty file; expected a CSV header line", path=path)
        rows: list[list[str]] = []
        lines: list[int] = []
        start = reader.line_num + 1
        for row in reader:
            if row:
                if len(row) != len(header):
                    raise DataFormatError(
                        f"{len(row)} field(s); expected {len(header)} ({', '.join(header)}): "
                        "truncated or malformed row",
                        path=path,
                        row=start,
                    )
                rows.append(row)
                lines.append(start)
            start = reader.line_num + 1
    except csv.Error as exc:
        raise DataFormatError(
            f"malformed CSV ({exc}): unterminated quote or truncated file",
            path=path,
            row=reader.line_num,
        ) from None
    columns = [h.strip() for h in header]
    if len(set(columns)) != len(columns):
        dup = sorted({c for c in columns if columns.count(c) > 1})
        raise DataFormatError(f"duplicate column name(s) {dup}", path=path, row="1 (header)")
    table = pd.DataFrame(rows or None, columns=columns, dtype="str")
    return table, np.asarray(lines, dtype=np.int64)
