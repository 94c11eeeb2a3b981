"""Parsing of the Economist's CSV of military death and casualty estimates (one row each).

The public reader is :func:`warindicators.sources.casualties.read_economist_soldier_estimates`;
this module turns one file into observation rows and checks each row.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Final

import numpy as np
import pandas as pd

from ..errors import DataFormatError
from ._common import decode_text, read_bytes, read_csv_table, require_columns

__all__ = ["EST_COLUMNS", "read_estimates_file"]

_FLAG: Final = "ignore for chart, data from warring parties"
EST_COLUMNS: Final[tuple[str, ...]] = (
    "date",
    "estimate_low",
    "estimate_high",
    "estimate",
    "type",
    "source",
    "source_url",
    "country",
    _FLAG,
)
_TYPES: Final[dict[str, str]] = {
    "deaths": "casualties.military_deaths_estimate",
    "casualties": "casualties.military_casualties_estimate",
}
_COUNTRIES: Final[dict[str, str]] = {"russia": "RU", "ukraine": "UA"}
_FLAG_VALUES: Final[dict[str, bool]] = {"yes": True, "y": True, "": False, "no": False}
_THOUSANDS: Final = re.compile(r"^\d{1,3}(,\d{3})+$")


def _estimate_numbers(
    raw: pd.Series, lines: np.ndarray, path: str | Path, field: str
) -> np.ndarray:
    text = raw.str.strip()
    text = text.where(~text.str.fullmatch(_THOUSANDS), text.str.replace(",", "", regex=False))
    vals = pd.to_numeric(text.where(text != ""), errors="coerce").to_numpy(
        dtype=float, na_value=np.nan
    )
    bad = (np.isnan(vals) & (text != "").to_numpy()) | np.isinf(vals) | (vals < 0)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise DataFormatError(
            f"expected a non-negative number of persons, got {raw.iloc[i]!r}",
            path=path,
            row=int(lines[i]),
            field=field,
        )
    return vals


def _coded(
    raw: pd.Series, codes: dict[str, Any], lines: np.ndarray, path: str | Path, field: str
) -> list[Any]:
    key = raw.str.strip().str.lower()
    bad = ~key.isin(list(codes))
    if bad.any():
        i = int(np.flatnonzero(bad.to_numpy())[0])
        raise DataFormatError(
            f"got {raw.iloc[i]!r}; expected one of {sorted(codes)}",
            path=path,
            row=int(lines[i]),
            field=field,
        )
    return [codes[k] for k in key]


def read_estimates_file(path: str | Path) -> pd.DataFrame:
    """Observation rows of one estimates CSV, with its data line number in ``line``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "est.csv"
    >>> _ = p.write_text(",".join(EST_COLUMNS[:-1]) + ',"' + EST_COLUMNS[-1] + '"\\n'
    ...                  "20/07/2022,15000,,,deaths,CIA,https://x.test,russia,\\n")
    >>> read_estimates_file(p)[["value", "bound", "line"]].values.tolist()
    [[15000.0, 'lower', 2]]
    """
    text = decode_text(read_bytes(path), path)
    if not text.strip():
        raise DataFormatError(
            f"empty file; expected a CSV with columns {list(EST_COLUMNS)}", path=path
        )
    df, lines = read_csv_table(text, path)
    require_columns(list(df.columns), EST_COLUMNS, path)
    if df.empty:
        raise DataFormatError("no data rows after the header", path=path, row=2)
    raw_dates = df["date"].str.strip()
    dates = pd.to_datetime(
        raw_dates.where(raw_dates.str.fullmatch(r"\d{1,2}/\d{1,2}/\d{4}")),
        format="%d/%m/%Y",
        errors="coerce",
    )
    if dates.isna().any():
        i = int(np.flatnonzero(dates.isna().to_numpy())[0])
        raise DataFormatError(
            f"cannot parse date {df['date'].iloc[i]!r}; expected DD/MM/YYYY",
            path=path,
            row=int(lines[i]),
            field="date",
        )
    low = _estimate_numbers(df["estimate_low"], lines, path, "estimate_low")
    high = _estimate_numbers(df["estimate_high"], lines, path, "estimate_high")
    point = _estimate_numbers(df["estimate"], lines, path, "estimate")
    has_lo, has_hi, has_pt = ~np.isnan(low), ~np.isnan(high), ~np.isnan(point)
    checks = (
        (
            ~(has_lo | has_hi | has_pt),
            "estimate",
            "no estimate: expected at least one of estimate, estimate_low, estimate_high",
        ),
        (has_lo & has_hi & (low > high), "estimate_high", "estimate_low is above estimate_high"),
        (
            has_pt & ((has_lo & (point < low)) | (has_hi & (point > high))),
            "estimate",
            "estimate outside [estimate_low, estimate_high]",
        ),
    )
    for bad, field, message in checks:
        if bad.any():
            raise DataFormatError(
                message, path=path, row=int(lines[np.flatnonzero(bad)[0]]), field=field
            )
    value = np.where(
        has_pt, point, np.where(has_lo & has_hi, (low + high) / 2, np.where(has_lo, low, high))
    )
    bound = np.where(has_pt | (has_lo & has_hi), "estimate", np.where(has_lo, "lower", "upper"))
    warring = np.asarray(_coded(df[_FLAG], _FLAG_VALUES, lines, path, _FLAG), dtype=bool)
    publisher = df["source"].str.strip()
    if (publisher == "").any():
        i = int(np.flatnonzero((publisher == "").to_numpy())[0])
        raise DataFormatError(
            "empty publisher; expected who published the estimate",
            path=path,
            row=int(lines[i]),
            field="source",
        )
    qualifier = [
        "; ".join(
            q
            for q in (
                ("at least" if b == "lower" else "up to" if b == "upper" else ""),
                ("data from warring parties" if w else ""),
            )
            if q
        )
        or None
        for b, w in zip(bound, warring, strict=True)
    ]
    out = pd.DataFrame(
        {
            "indicator": _coded(df["type"], _TYPES, lines, path, "type"),
            "region": _coded(df["country"], _COUNTRIES, lines, path, "country"),
            "publisher": publisher.to_numpy(),
            "date": dates.to_numpy(dtype="datetime64[ns]"),
            "value": value,
            "low": low,
            "high": high,
            "bound": bound,
            "qualifier": qualifier,
            "source": publisher.to_numpy(),
            "warring_party": warring,
            "source_url": df["source_url"].str.strip().to_numpy(),
            "line": lines,
        }
    )
    return out
