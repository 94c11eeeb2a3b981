"""Strict CSV reading for the energy and outage readers: rows with their line numbers.

Private helper. The producers' CSVs are small, comma-separated, UTF-8 (an optional BOM is
accepted) with LF or CRLF line endings; every problem is reported as a
:class:`~warindicators.errors.DataFormatError` naming the file, the line and the field.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from ..errors import DataFormatError

__all__ = ["CsvTable", "parse_float", "parse_iso_day", "read_csv_table"]

_DAY: Final[re.Pattern[str]] = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[T ]00:00(?::00)?)?$")
_MISSING: Final[frozenset[str]] = frozenset({"", "na", "nan", "null", "none"})


@dataclass(frozen=True)
class CsvTable:
    """A parsed CSV file: header, data rows (as lists of cells) and their first line numbers."""

    path: Path
    header: list[str]
    rows: list[list[str]]
    lines: list[int]

    def column(self, name: str) -> list[str]:
        """Cells of column ``name`` (stripped of surrounding blanks)."""
        j = self.header.index(name)
        return [r[j].strip() for r in self.rows]


def _decode(data: bytes, path: Path) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise DataFormatError(
            f"not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}); expected a "
            "UTF-8 CSV file",
            path=path,
            row=line,
        ) from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise DataFormatError("NUL byte in a text file; expected a CSV file", path=path, row=line)
    return text


def read_csv_table(path: str | Path, required: Sequence[str]) -> CsvTable:
    """Read ``path`` as CSV with a header holding at least the columns ``required``.

    Blank lines are skipped; a row with a different number of fields than the header, a
    duplicated header name or a missing required column raise ``DataFormatError``.

    Examples
    --------
    >>> import tempfile, os
    >>> with tempfile.TemporaryDirectory() as d:
    ...     p = os.path.join(d, "t.csv")
    ...     _ = open(p, "w").write("a,b\\n1,2\\n\\n3,4\\n")
    ...     t = read_csv_table(p, ["a"])
    >>> t.column("a"), t.lines
    (['1', '3'], [2, 4])
    """
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise DataFormatError(f"cannot read file: {exc.strerror or exc}", path=p) from None
    text = _decode(data, p)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header: list[str] | None = None
    rows: list[list[str]] = []
    lines: list[int] = []
    start = 1
    try:
        for rec in reader:
            line, start = start, reader.line_num + 1
            if not rec or (len(rec) == 1 and not rec[0].strip()):
                continue
            if header is None:
                header = [h.strip() for h in rec]
                seen = set()
                for h in header:
                    if h in seen:
                        raise DataFormatError(
                            f"duplicated column name {h!r} in the header", path=p, row=line
                        )
                    seen.add(h)
                continue
            if len(rec) != len(header):
                raise DataFormatError(
                    f"{len(rec)} fields, expected {len(header)} as in the header",
                    path=p,
                    row=line,
                )
            rows.append(rec)
            lines.append(line)
    except csv.Error as exc:
        raise DataFormatError(f"malformed CSV: {exc}", path=p, row=reader.line_num) from None
    if header is None:
        raise DataFormatError(
            f"empty file; expected a CSV header with columns {list(required)}", path=p
        )
    missing = [c for c in required if c not in header]
    if missing:
        raise DataFormatError(
            f"missing column(s) {missing}; expected {list(required)}, found {header}",
            path=p,
            row=1,
        )
    return CsvTable(p, header, rows, lines)


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
    >>> parse_iso_day("2022-03-01", path=Path("x.csv"), line=2, field="date")
    '2022-03-01'
    """
    s = cell.strip()
    ok = bool(_DAY.match(s))
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
