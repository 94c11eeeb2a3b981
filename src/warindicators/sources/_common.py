"""Small helpers shared by the source readers: bytes, decoding, dates, CSV tables, cells.

Every helper raises :class:`~warindicators.errors.DataFormatError` naming the file (and,
where it applies, the row/line and field) instead of a bare ``ValueError``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import numpy as np
import pandas as pd

from ..errors import DataFormatError, ValidationError

__all__ = [
    "CsvTable",
    "check_options",
    "date_from_name",
    "decode_text",
    "parse_csv",
    "parse_date_option",
    "parse_float",
    "parse_iso_day",
    "read_bytes",
    "read_csv_rows",
    "read_csv_table",
    "require_columns",
    "snapshot_dates",
]


def check_options(options: Iterable[str], allowed: Iterable[str], reader: str) -> None:
    """Refuse reader options the reader does not know (a misspelt ``published=`` would
    otherwise drop the vintage silently).

    Examples
    --------
    >>> check_options({"published": "2024-01-01"}, ["published"], "ofac_sdn")
    >>> check_options({"publised": "2024-01-01"}, ["published"], "ofac_sdn")
    Traceback (most recent call last):
    ...
    warindicators.errors.ValidationError: ofac_sdn: unknown option(s) ['publised']; expected ...
    """
    unknown = sorted(set(options) - set(allowed))
    if unknown:
        raise ValidationError(
            f"{reader}: unknown option(s) {unknown}; expected {', '.join(sorted(allowed))}"
        )


_ISO_RE: Final = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
_COMPACT_RE: Final = re.compile(r"(?<!\d)(\d{4})(\d{2})(\d{2})(?!\d)")
_DAY_RE: Final = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[T ]00:00(?::00)?)?$")
_MISSING: Final = frozenset({"", "na", "nan", "null", "none"})


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


def decode_text(
    raw: bytes, path: str | Path, encoding: str = "utf-8", *, line_as_row: bool = False
) -> str:
    """Decode ``raw`` (a leading UTF-8 byte-order mark is dropped).

    NUL bytes mean a wide encoding such as UTF-16, which no reader here accepts. The error
    names the line as ``row="line N"``, or as ``row=N`` with ``line_as_row`` (CSV readers,
    whose rows are their line numbers).

    Examples
    --------
    >>> decode_text(b"\\xef\\xbb\\xbfdate,value\\n", "x.csv")
    'date,value\\n'
    >>> decode_text("date".encode("utf-16"), "x.csv")
    Traceback (most recent call last):
    ...
    warindicators.errors.DataFormatError: file x.csv, ...NUL bytes...
    >>> decode_text(b"a\\n\\xe9\\n", "x.csv", line_as_row=True)
    Traceback (most recent call last):
    ...
    warindicators.errors.DataFormatError: file x.csv, row 2: not UTF-8 text (byte 0xe9 ...
    """
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    label = encoding.upper()
    nul = raw.find(b"\x00")
    if nul >= 0 or raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        line = raw.count(b"\n", 0, max(nul, 0)) + 1
        raise DataFormatError(
            f"NUL bytes or a UTF-16 byte-order mark (wide encoding such as UTF-16); expected "
            f"{label} text",
            path=path,
            row=line if line_as_row else f"line {line}",
        )
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise DataFormatError(
            f"not {label} text (byte 0x{raw[exc.start]:02x} at offset {exc.start}); expected "
            f"{label} text",
            path=path,
            row=line if line_as_row else f"line {line}",
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


def snapshot_dates(
    paths: Sequence[str | Path], explicit: Any, option: str, *, allow_repeats: bool = False
) -> list[pd.Timestamp]:
    """One date per snapshot file: ``explicit`` (one date, or one per path) or the file name.

    Two snapshots with the same date raise :class:`DataFormatError` naming both files,
    unless ``allow_repeats`` (the reader then applies the repeated-records rule to what the
    two snapshots give, see :func:`snapshot_frame`).

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
        if d in seen and not allow_repeats:
            raise DataFormatError(
                f"snapshot date {d:%Y-%m-%d} also given for {seen[d]}; expected "
                "one snapshot per date",
                path=p,
            )
        seen[d] = p
        out.append(d)
    return out


def require_columns(
    found: Sequence[str], expected: Sequence[str], path: str | Path, *, line: int = 1
) -> None:
    """Raise :class:`DataFormatError` listing expected vs found columns if any is missing.

    ``line`` is the header's line number, named in the error.

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
            row=f"{line} (header)",
        )


@dataclass(frozen=True)
class CsvTable:
    """A parsed CSV file: header, data rows (as lists of cells) and their line numbers.

    Examples
    --------
    >>> t = CsvTable(Path("x.csv"), ["a", "b"], [["1", " x "]], [2])
    >>> t.column("b")
    ['x']
    """

    path: Path
    header: list[str]
    rows: list[list[str]]
    lines: list[int]
    header_line: int = 1

    def column(self, name: str) -> list[str]:
        """Cells of column ``name`` (stripped of surrounding blanks)."""
        j = self.header.index(name)
        return [r[j].strip() for r in self.rows]


def parse_csv(text: str, path: str | Path, *, skip_space_lines: bool = False) -> CsvTable:
    """Parse CSV ``text`` with a header into rows of cells and each row's first line number.

    Every row must have as many fields as the header: a short row (a truncated file)
    or a long one, and an unterminated quote, raise :class:`DataFormatError` naming the
    line; so does a duplicated column name. Blank lines are skipped and header names
    stripped. By default the header must be on line 1; with ``skip_space_lines`` lines
    holding only spaces are blank too, and blank lines may come before the header.

    Examples
    --------
    >>> t = parse_csv(' a ,b\\n1,"x, y"\\n\\n3,4\\n', "x.csv")
    >>> t.header, t.rows, t.lines
    (['a', 'b'], [['1', 'x, y'], ['3', '4']], [2, 4])
    >>> parse_csv("\\n  \\na,b\\n1,2\\n", "x.csv", skip_space_lines=True).lines
    [4]
    >>> parse_csv("a,b\\n1,2,3\\n", "x.csv")
    Traceback (most recent call last):
    ...
    warindicators.errors.DataFormatError: file x.csv, row 2: 3 fields, expected 2 as in ...
    """
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header: list[str] | None = None
    header_line = 1
    rows: list[list[str]] = []
    lines: list[int] = []
    start = 1
    try:
        for rec in reader:
            line, start = start, reader.line_num + 1
            if not rec or (skip_space_lines and len(rec) == 1 and not rec[0].strip()):
                if header is None and not skip_space_lines:
                    raise DataFormatError(
                        "blank first line; expected the CSV header on line 1", path=path, row=line
                    )
                continue
            if header is None:
                header, header_line = [h.strip() for h in rec], line
                continue
            if len(rec) != len(header):
                raise DataFormatError(
                    f"{len(rec)} fields, expected {len(header)} as in the header "
                    f"({', '.join(header)}): truncated or malformed row",
                    path=path,
                    row=line,
                )
            rows.append(rec)
            lines.append(line)
    except csv.Error as exc:
        raise DataFormatError(
            f"malformed CSV ({exc}): unterminated quote or truncated file",
            path=path,
            row=reader.line_num,
        ) from None
    if header is None:
        raise DataFormatError("empty file; expected a CSV header line", path=path)
    if len(set(header)) != len(header):
        dup = sorted({c for c in header if header.count(c) > 1})
        raise DataFormatError(
            f"duplicate column name(s) {dup} in the header",
            path=path,
            row=f"{header_line} (header)",
        )
    return CsvTable(Path(path), header, rows, lines, header_line)


def read_csv_table(text: str, path: str | Path) -> tuple[pd.DataFrame, np.ndarray]:
    """Parse CSV ``text`` (see :func:`parse_csv`) into string columns and line numbers.

    Empty cells stay ``""``.

    Examples
    --------
    >>> df, lines = read_csv_table('a,b\\n1,"x, y"\\n\\n3,4\\n', "x.csv")
    >>> df.to_dict("list"), lines.tolist()
    ({'a': ['1', '3'], 'b': ['x, y', '4']}, [2, 4])
    >>> read_csv_table("a,b\\n1,2\\n3\\n", "x.csv")
    Traceback (most recent call last):
    ...
    warindicators.errors.DataFormatError: file x.csv, row 3: 1 fields, expected 2 ...
    """
    t = parse_csv(text, path)
    table = pd.DataFrame(t.rows or None, columns=t.header, dtype="str")
    return table, np.asarray(t.lines, dtype=np.int64)


def read_csv_rows(path: str | Path, required: Sequence[str]) -> CsvTable:
    """Read the UTF-8 CSV file ``path``, whose header holds at least the columns ``required``.

    Lines holding only spaces are skipped, also before the header (see :func:`parse_csv`);
    decoding errors name the line as an integer row.

    Examples
    --------
    >>> import tempfile, os
    >>> with tempfile.TemporaryDirectory() as d:
    ...     p = os.path.join(d, "t.csv")
    ...     _ = open(p, "w").write("a,b\\n1,2\\n\\n3,4\\n")
    ...     t = read_csv_rows(p, ["a"])
    >>> t.column("a"), t.lines
    (['1', '3'], [2, 4])
    """
    p = Path(path)
    table = parse_csv(decode_text(read_bytes(p), p, line_as_row=True), p, skip_space_lines=True)
    require_columns(table.header, required, p, line=table.header_line)
    return table


def parse_float(cell: str, *, path: Path, line: int, field: str) -> float | None:
    """A finite float, or ``None`` for an empty/``NA``/``nan`` cell.

    Examples
    --------
    >>> parse_float(" 1.5e3 ", path=Path("x.csv"), line=2, field="v")
    1500.0
    >>> parse_float("", path=Path("x.csv"), line=2, field="v") is None
    True
    """
    s = cell.strip()
    if s.casefold() in _MISSING:
        return None
    try:
        v = float(s)
    except ValueError:
        raise DataFormatError(
            f"expected a number, got {s!r}", path=path, row=line, field=field
        ) from None
    if not math.isfinite(v):
        raise DataFormatError(
            f"expected a finite number, got {s!r}", path=path, row=line, field=field
        )
    return v


def parse_iso_day(cell: str, *, path: Path, line: int, field: str) -> str:
    """Check that ``cell`` is a valid ``YYYY-MM-DD`` day (a midnight time is allowed); return it.

    Examples
    --------
    >>> parse_iso_day("2022-03-01 00:00", path=Path("x.csv"), line=2, field="date")
    '2022-03-01'
    """
    s = cell.strip()
    ok = bool(_DAY_RE.match(s))
    if ok:
        try:
            dt.date.fromisoformat(s[:10])
        except ValueError:
            ok = False
    if not ok:
        raise DataFormatError(
            f"expected a date YYYY-MM-DD, got {s!r}", path=path, row=line, field=field
        )
    return s[:10]
