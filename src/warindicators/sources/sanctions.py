"""Reader of OFAC SDN list snapshots (the legacy ``sdn.csv``): counts of Russia-related entries.

The legacy file has no header and 12 columns (``ent_num``, ``SDN_Name``, ``SDN_Type``,
``Program``, ``Title``, ``Call_Sign``, ``Vess_type``, ``Tonnage``, ``GRT``, ``Vess_flag``,
``Vess_owner``, ``Remarks``), single-byte Latin-1 text, double-quoted text fields, the
literal ``-0- `` as null, CRLF line endings and a last line holding only Ctrl-Z (0x1A).
Several programs share one field joined by ``] [`` (``UKRAINE-EO13660] [RUSSIA-EO14024``).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any, Final

import pandas as pd

from ..errors import DataFormatError
from ..repeats import collapse_repeated, snapshot_frame
from ._common import check_options, decode_text, read_bytes, snapshot_dates

__all__ = ["SDN_COLUMNS", "count_russia_entries", "read_ofac_sdn"]

SDN_COLUMNS: Final[tuple[str, ...]] = (
    "ent_num",
    "SDN_Name",
    "SDN_Type",
    "Program",
    "Title",
    "Call_Sign",
    "Vess_type",
    "Tonnage",
    "GRT",
    "Vess_flag",
    "Vess_owner",
    "Remarks",
)
_EOF: Final = "\x1a"
_EO14024: Final = "RUSSIA-EO14024"


def _programs(field: str) -> list[str]:
    field = field.strip()
    if field in ("", "-0-"):
        return []
    return [p.strip() for p in field.strip("[]").split("] [") if p.strip()]


def _is_related(program: str) -> bool:
    return "RUSSIA" in program or program.startswith("UKRAINE-EO")


def count_russia_entries(programs: list[list[str]]) -> tuple[int, int]:
    """Count rows under exactly ``RUSSIA-EO14024`` and rows under any Russia-related program.

    A program is Russia-related when it contains ``RUSSIA`` or starts with ``UKRAINE-EO``;
    ``BPI-RUSSIA-EO14024`` is related but is not ``RUSSIA-EO14024``.

    Examples
    --------
    >>> count_russia_entries([["UKRAINE-EO13660", "RUSSIA-EO14024"], ["BPI-RUSSIA-EO14024"],
    ...                       ["SDGT"]])
    (1, 2)
    """
    eo = sum(_EO14024 in ps for ps in programs)
    related = sum(any(_is_related(p) for p in ps) for ps in programs)
    return eo, related


def _decode(raw: bytes, path: str | Path) -> str:
    if not raw:
        raise DataFormatError("empty file (0 bytes); expected OFAC sdn.csv rows", path=path)
    return decode_text(raw, path, "latin-1")  # every byte is valid Latin-1


def _snapshot_programs(path: str | Path, require_eof_marker: bool) -> list[list[str]]:
    text = _decode(read_bytes(path), path)
    body = text.rstrip("\r\n")
    has_marker = body.endswith(_EOF)
    if has_marker:
        body = body[:-1]
    if _EOF in body:
        line = body.count("\n", 0, body.index(_EOF)) + 1
        raise DataFormatError(
            "Ctrl-Z (0x1A) before the end of the file; expected it only on the last line",
            path=path,
            row=f"line {line}",
        )
    reader = csv.reader(io.StringIO(body, newline=""), strict=True)
    records: list[list[str]] = []
    lines: list[int] = []
    try:
        for row in reader:
            if not row:
                continue
            if len(row) != len(SDN_COLUMNS):
                raise DataFormatError(
                    f"{len(row)} column(s); expected {len(SDN_COLUMNS)} "
                    f"({', '.join(SDN_COLUMNS)}): truncated or not a legacy sdn.csv",
                    path=path,
                    row=f"line {reader.line_num}",
                )
            if not row[0].strip().isdigit():
                what = "a header row" if row[0].strip().lower() == "ent_num" else repr(row[0])
                raise DataFormatError(
                    f"got {what}; expected an integer entry number (the legacy sdn.csv has "
                    "no header)",
                    path=path,
                    row=f"line {reader.line_num}",
                    field="ent_num",
                )
            records.append([c.strip() for c in row])
            lines.append(reader.line_num)
    except csv.Error as exc:
        raise DataFormatError(
            f"malformed CSV ({exc}): unterminated quote or truncated file",
            path=path,
            row=f"line {reader.line_num}",
        ) from None
    if not records:
        raise DataFormatError(
            "no entries (empty or header-only file); expected sdn.csv rows", path=path
        )
    if require_eof_marker and not has_marker:
        raise DataFormatError(
            "the file does not end with the Ctrl-Z (0x1A) end-of-file line of sdn.csv: "
            "truncated? (pass require_eof_marker=False for a copy without it)",
            path=path,
            row=f"line {text.count(chr(10)) + 1}",
        )
    # one entry per ent_num: exact repeats collapse (warning), different rows are an error
    table = collapse_repeated(
        pd.DataFrame(records, columns=list(SDN_COLUMNS)),
        ["ent_num"],
        path=path,
        lines=lines,
        what="entry",
    )
    return [_programs(p) for p in table["Program"]]


def read_ofac_sdn(
    *paths: str | Path,
    published: Any = None,
    require_eof_marker: bool = True,
    **options: Any,
) -> pd.DataFrame:
    """Count Russia-related entries in OFAC SDN snapshots (legacy ``sdn.csv``).

    Each snapshot gives two observations (region ``RU``, ``date`` and ``published`` the
    snapshot date): ``sanctions.ofac_russia_eo14024_entries`` (rows whose programs
    include exactly ``RUSSIA-EO14024``) and ``sanctions.ofac_russia_related_entries``
    (rows with any program containing ``RUSSIA`` or starting ``UKRAINE-EO``).

    Parameters
    ----------
    *paths
        Snapshot files; the date is the ``YYYY-MM-DD`` or ``YYYYMMDD`` date in the name.
    published
        Snapshot date(s) instead of the file names': one date, or one per path.
    require_eof_marker
        Whether the last line must be the Ctrl-Z end-of-file marker (the published file
        always has it, so its absence means truncation).
    **options
        None are known: an unknown option raises ValidationError.

    Returns
    -------
    pandas.DataFrame
        Two rows per snapshot, sorted by indicator and date.

    Raises
    ------
    DataFormatError
        An empty or header-only file, a row without 12 columns, an unterminated quote, a
        missing end-of-file marker, a wide encoding (UTF-16), or no snapshot date.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> row = '1,"A",-0- ,"UKRAINE-EO13660] [RUSSIA-EO14024",' + "-0- ," * 7 + '"x"\\r\\n'
    >>> _ = (d / "sdn_2022-03-07.csv").write_bytes((row + "\\x1a").encode("latin-1"))
    >>> read_ofac_sdn(d / "sdn_2022-03-07.csv")[["indicator", "value"]]
                                   indicator  value
    0  sanctions.ofac_russia_eo14024_entries    1.0
    1  sanctions.ofac_russia_related_entries    1.0
    """
    check_options(options, (), "ofac_sdn")
    if not paths:
        raise DataFormatError("no file given; expected OFAC sdn.csv snapshot(s)")
    dates = snapshot_dates(paths, published, "published", allow_repeats=True)
    counts = [count_russia_entries(_snapshot_programs(p, require_eof_marker)) for p in paths]
    rows = [
        ("sanctions.ofac_russia_eo14024_entries", d, float(c[0]))
        for d, c in zip(dates, counts, strict=True)
    ]
    rows += [
        ("sanctions.ofac_russia_related_entries", d, float(c[1]))
        for d, c in zip(dates, counts, strict=True)
    ]
    out = snapshot_frame(pd.DataFrame(rows, columns=["indicator", "date", "value"]), paths)
    out.insert(1, "region", "RU")
    out["date"] = out["date"].astype("datetime64[ns]")
    out["published"] = out["date"]
    return out.sort_values(["indicator", "date"], kind="stable").reset_index(drop=True)
