"""Readers of CREA's energy-export CSVs: Russian fossil export value and EU gas imports.

Both files are long tables with one row per day and destination/supplier; a combination
with no row on a day is absent (not zero) and stays absent. Values are CREA model
estimates: rows carry ``status="E"``.

Partner names are mapped to ISO 3166-1 alpha-2 codes (``China`` -> ``CN``) or to the
groups ``EU``, ``OTHERS`` and ``LNG``. A name not in the table raises
:class:`~warindicators.errors.DataFormatError` naming the file, line and value; pass
``partners={"Name": "XX"}`` to map further names.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final

import numpy as np
import pandas as pd

from ..errors import DataFormatError, ValidationError
from ..regions import is_valid_region
from ..repeats import collapse_repeated
from ._common import CsvTable, parse_float, parse_iso_day, read_csv_rows

__all__ = [
    "CREA_DESTINATIONS",
    "CREA_SUPPLIERS",
    "read_crea_fossil_revenue",
    "read_crea_gas_imports",
]

FOSSIL_INDICATOR: Final = "energy.ru_fossil_export_value_eur"
GAS_INDICATOR: Final = "energy.eu_gas_imports_m3"

#: CREA destination names -> partner codes (ISO 3166-1 alpha-2 or a group).
CREA_DESTINATIONS: Final[dict[str, str]] = {
    "EU": "EU",
    "EU27": "EU",
    "European Union": "EU",
    "China": "CN",
    "Turkey": "TR",
    "Türkiye": "TR",
    "India": "IN",
    "South Korea": "KR",
    "Korea, Republic of": "KR",
    "United Kingdom": "GB",
    "United States": "US",
    "Japan": "JP",
    "Norway": "NO",
    "Others": "OTHERS",
    "Other": "OTHERS",
    "Rest of the world": "OTHERS",
}

#: CREA gas supplier names -> partner codes (ISO 3166-1 alpha-2, or ``LNG`` for the route).
CREA_SUPPLIERS: Final[dict[str, str]] = {
    "Algeria": "DZ",
    "Azerbaijan": "AZ",
    "Libya": "LY",
    "LNG": "LNG",
    "Morocco": "MA",
    "Norway": "NO",
    "Russia": "RU",
    "United Kingdom": "GB",
    "Tunisia": "TN",
    "Turkey": "TR",
    "Iran": "IR",
    "Qatar": "QA",
    "United States": "US",
    "Others": "OTHERS",
}

_FOSSIL_KEYS: Final = ("date", "destination_region", "commodity_group")
_FOSSIL_VALUE: Final = "Without price cap"
_API_VALUE: Final = "value_eur"
_GAS_COLS: Final = ("date", "from", "value_m3")


def _check_options(options: Mapping[str, Any], reader: str) -> None:
    if options:
        raise ValidationError(
            f"{reader}: unknown option(s) {sorted(options)}; expected published= or partners="
        )


def _paths(paths: tuple[str | Path, ...], reader: str) -> list[Path]:
    if not paths:
        raise ValidationError(f"{reader}: pass at least one CSV file")
    return [Path(p) for p in paths]


def _partner_table(base: Mapping[str, str], extra: Mapping[str, str] | None) -> dict[str, str]:
    table = {k.casefold(): v for k, v in base.items()}
    for name, code in (extra or {}).items():
        if not is_valid_region(code):
            raise ValidationError(
                f"partners={{{name!r}: {code!r}}}: {code!r} is not an ISO 3166-1 alpha-2 code "
                "or a known group"
            )
        table[str(name).strip().casefold()] = code
    return table


def _partner(name: str, table: Mapping[str, str], *, path: Path, line: int, field: str) -> str:
    code = table.get(name.casefold())
    if code is None and len(name) == 2 and name.isupper() and is_valid_region(name):
        code = name  # already an ISO code
    if code is None:
        known = ", ".join(sorted({k for k in table if k}))
        raise DataFormatError(
            f"unknown partner name {name!r}; expected one of: {known} (or pass "
            f"partners={{{name!r}: 'XX'}})",
            path=path,
            row=line,
            field=field,
        )
    return code


def _published(published: object) -> pd.Timestamp | None:
    if published is None:
        return None
    try:
        ts = pd.Timestamp(published)
    except (ValueError, TypeError):
        raise ValidationError(
            f"published={published!r}: expected a date such as '2022-10-12'"
        ) from None
    if pd.isna(ts):
        raise ValidationError(f"published={published!r}: expected a date, got a missing value")
    return ts.tz_convert("UTC").tz_localize(None) if ts.tzinfo is not None else ts


def _frame(
    records: list[tuple[Any, ...]],
    columns: list[str],
    indicator: str,
    region: str,
    published: pd.Timestamp | None,
) -> pd.DataFrame:
    body = pd.DataFrame.from_records(records, columns=columns)
    out = pd.DataFrame({"indicator": indicator, "region": region}, index=body.index)
    for c in columns:
        if c not in ("date", "value", "_path", "_line"):
            out[c] = body[c].astype("str")
    out["date"] = pd.to_datetime(body["date"], format="%Y-%m-%d").astype("datetime64[ns]")
    out["value"] = body["value"].astype("float64")
    out["status"] = "E"
    if published is not None:
        out["published"] = published
    return out


def _duplicates(records: list[tuple[Any, ...]], names: list[str]) -> list[tuple[Any, ...]]:
    """Apply the one rule for repeated rows (:func:`collapse_repeated`) to parsed records.

    A record is ``(*key, value, path, line)``.
    """
    if not records:
        return records
    nkey = len(names)
    table = pd.DataFrame([r[: nkey + 1] for r in records], columns=[*names, "value"])
    paths = {r[-2] for r in records}
    where = np.array(
        [r[-1] if len(paths) == 1 else f"{r[-2]} row {r[-1]}" for r in records], dtype=object
    )
    keep = collapse_repeated(
        table.assign(_i=np.arange(len(records))).set_index("_i"),
        names,
        path=next(iter(paths)) if len(paths) == 1 else ", ".join(map(str, sorted(paths))),
        lines=where,
        what="(date, partner) row",
    )
    if len(keep) == len(records):
        return records
    first = ~table.duplicated().to_numpy()
    return [r for r, k in zip(records, first, strict=True) if k]


def _fossil_value_column(table: CsvTable) -> str:
    if _FOSSIL_VALUE in table.header:
        if "unit" not in table.header:
            raise DataFormatError(
                f"missing column 'unit' (expected 'EUR'); found {table.header}",
                path=table.path,
                row=1,
            )
        return _FOSSIL_VALUE
    if _API_VALUE in table.header:
        return _API_VALUE
    raise DataFormatError(
        f"missing column {_FOSSIL_VALUE!r} (the observed export value; or {_API_VALUE!r} in "
        f"the API export); found {table.header}",
        path=table.path,
        row=1,
    )


def _fossil_rows(table: CsvTable, partners: Mapping[str, str]) -> list[tuple[Any, ...]]:
    h = table.header
    value_col = _fossil_value_column(table)
    jd, jr, jc, jv = (h.index(c) for c in (*_FOSSIL_KEYS, value_col))
    ju = h.index("unit") if "unit" in h else None
    sums: dict[tuple[str, str, str], list[Any]] = {}
    out: list[tuple[Any, ...]] = []
    p = table.path
    for row, line in zip(table.rows, table.lines, strict=True):
        if ju is not None and row[ju].strip() != "EUR":
            raise DataFormatError(
                f"unit {row[ju].strip()!r}; expected 'EUR'", path=p, row=line, field="unit"
            )
        day = parse_iso_day(row[jd], path=p, line=line, field="date")
        value = parse_float(row[jv], path=p, line=line, field=value_col)
        if value is None:
            continue  # no estimate for that pair on that day: absent, not zero
        if value < 0:
            raise DataFormatError(
                f"negative export value {value!r}; expected >= 0",
                path=p,
                row=line,
                field=value_col,
            )
        dest = row[jr].strip()
        partner = _partner(dest, partners, path=p, line=line, field="destination_region")
        commodity = row[jc].strip().casefold()
        if not commodity:
            raise DataFormatError(
                "empty commodity group; expected e.g. 'oil', 'gas', 'coal'",
                path=p,
                row=line,
                field="commodity_group",
            )
        if value_col == _API_VALUE:  # one row per country and commodity: sum them
            acc = sums.setdefault((day, partner, commodity), [0.0, line])
            acc[0] += value
        else:
            out.append((day, partner, commodity, value, p, line))
    out.extend((*key, acc[0], p, acc[1]) for key, acc in sums.items())
    return out


def read_crea_fossil_revenue(
    *paths: str | Path,
    published: object = None,
    partners: Mapping[str, str] | None = None,
    **options: Any,
) -> pd.DataFrame:
    """Daily value of Russian fossil-fuel exports (CREA) by destination and commodity.

    Reads CREA's ``price_cap_ts`` CSV (``date``, ``destination_region``,
    ``commodity_group``, scenario columns, ``Without price cap``, ``unit``). The observed
    value is ``Without price cap`` (EUR per day, a flow); the price-cap scenario columns are
    counterfactuals and are ignored, whatever their names. Emits
    ``energy.ru_fossil_export_value_eur`` with region ``RU``, ``partner`` (destination as an
    ISO code, ``EU`` or ``OTHERS``; see :data:`CREA_DESTINATIONS`) and ``commodity`` (the
    commodity group as published, lower case). Rows with an empty value are skipped.

    The CSV export of CREA's counter API (the URL ``warindicators fetch`` uses) is also
    read: without ``Without price cap`` and ``unit``, the ``value_eur`` column is taken
    (EUR) and its per-country/per-commodity rows are summed per (date, destination region,
    commodity group).

    Parameters
    ----------
    *paths
        One or more CSV files; their rows are concatenated.
    published
        Publication date of this version of the file (adds a ``published`` column).
    partners
        Extra destination name -> code mappings.

    Returns
    -------
    pandas.DataFrame
        Observations in the long format, ``status="E"`` (model estimates).

    Raises
    ------
    DataFormatError
        Missing column, unit other than ``EUR``, bad date or number, negative value, unknown
        destination, a (date, destination, commodity) row repeated with a different value
        (exact repeats collapse with a warning).

    Examples
    --------
    >>> import tempfile, os
    >>> csv = ("date,destination_region,commodity_group,Pricecap: A - x,Without price cap,"
    ...        "unit\\n2022-03-01,China,oil,5,7.5,EUR\\n2022-03-01,Others,coal,1,2,EUR\\n")
    >>> with tempfile.TemporaryDirectory() as d:
    ...     p = os.path.join(d, "price_cap_ts.csv")
    ...     _ = open(p, "w").write(csv)
    ...     obs = read_crea_fossil_revenue(p)
    >>> obs[["region", "partner", "commodity", "value"]].values.tolist()
    [['RU', 'CN', 'oil', 7.5], ['RU', 'OTHERS', 'coal', 2.0]]
    """
    _check_options(options, "crea_fossil_revenue")
    table = _partner_table(CREA_DESTINATIONS, partners)
    pub = _published(published)
    records: list[tuple[Any, ...]] = []
    for p in _paths(paths, "crea_fossil_revenue"):
        records.extend(_fossil_rows(read_csv_rows(p, _FOSSIL_KEYS), table))
    records = _duplicates(records, ["date", "partner", "commodity"])
    cols = ["date", "partner", "commodity", "value", "_path", "_line"]
    return _frame(records, cols, FOSSIL_INDICATOR, "RU", pub)


def _gas_rows(table: CsvTable, partners: Mapping[str, str]) -> list[tuple[Any, ...]]:
    h = table.header
    jd, jf, jv = (h.index(c) for c in _GAS_COLS)
    p = table.path
    out: list[tuple[Any, ...]] = []
    for row, line in zip(table.rows, table.lines, strict=True):
        day = parse_iso_day(row[jd], path=p, line=line, field="date")
        value = parse_float(row[jv], path=p, line=line, field="value_m3")
        if value is None:
            continue
        partner = _partner(row[jf].strip(), partners, path=p, line=line, field="from")
        out.append((day, partner, value, p, line))
    return out


def read_crea_gas_imports(
    *paths: str | Path,
    published: object = None,
    partners: Mapping[str, str] | None = None,
    **options: Any,
) -> pd.DataFrame:
    """Daily natural-gas imports into Europe by supplier (CREA), cubic metres per day.

    Reads CREA's ``europe_imports`` CSV (``date``, ``from``, ``value_m3``) into
    ``energy.eu_gas_imports_m3`` with region ``EU`` and ``partner`` = the supplier as an ISO
    code (see :data:`CREA_SUPPLIERS`) or ``LNG`` (a supply route, not a country). Net flows
    are kept as published, negative ones included (e.g. ``United Kingdom``); a supplier
    with no row on a day is absent, not zero; empty values are skipped.

    Parameters
    ----------
    *paths
        One or more CSV files; their rows are concatenated.
    published
        Publication date of this version of the file (adds a ``published`` column).
    partners
        Extra supplier name -> code mappings.

    Returns
    -------
    pandas.DataFrame
        Observations in the long format, ``status="E"`` (model estimates).

    Raises
    ------
    DataFormatError
        Missing column, bad date or number, unknown supplier, a (date, supplier) row
        repeated with a different value (exact repeats collapse with a warning).

    Examples
    --------
    >>> import tempfile, os
    >>> csv = "date,from,value_m3\\n2021-01-01,LNG,1.5e8\\n2021-01-01,United Kingdom,-2e6\\n"
    >>> with tempfile.TemporaryDirectory() as d:
    ...     p = os.path.join(d, "europe_imports.csv")
    ...     _ = open(p, "w").write(csv)
    ...     obs = read_crea_gas_imports(p)
    >>> obs[["region", "partner", "value"]].values.tolist()
    [['EU', 'LNG', 150000000.0], ['EU', 'GB', -2000000.0]]
    """
    _check_options(options, "crea_gas_imports")
    table = _partner_table(CREA_SUPPLIERS, partners)
    pub = _published(published)
    records: list[tuple[Any, ...]] = []
    for p in _paths(paths, "crea_gas_imports"):
        records.extend(_gas_rows(read_csv_rows(p, _GAS_COLS), table))
    records = _duplicates(records, ["date", "partner"])
    cols = ["date", "partner", "value", "_path", "_line"]
    return _frame(records, cols, GAS_INDICATOR, "EU", pub)
