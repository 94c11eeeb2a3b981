"""The long ("tidy") observation format and the one validation function used everywhere.

One row per observation. Required columns: ``indicator``, ``region``, ``date``, ``value``;
one column per extra dimension an indicator declares (e.g. ``partner``); optional
``low``, ``high``, ``bound``, ``status``, ``qualifier``, ``source``, ``published`` and
``retrieved``. See :func:`validate_observations`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Final

import numpy as np
import pandas as pd

from .errors import UnknownIndicatorError, ValidationError
from .indicators import BOUNDS, Indicator, get_indicator
from .regions import region_scheme

__all__ = [
    "CORE_COLUMNS",
    "OPTIONAL_COLUMNS",
    "STATUS_CODES",
    "dim_columns",
    "empty_observations",
    "key_columns",
    "validate_observations",
]

CORE_COLUMNS: Final[tuple[str, ...]] = ("indicator", "region", "date", "value")
OPTIONAL_COLUMNS: Final[tuple[str, ...]] = (
    "low",
    "high",
    "bound",
    "status",
    "qualifier",
    "source",
    "published",
    "retrieved",
)
#: SDMX-like observation status: normal, estimated, provisional, break, missing.
STATUS_CODES: Final[frozenset[str]] = frozenset({"A", "E", "P", "B", "M"})
_TEXT: Final[tuple[str, ...]] = ("bound", "status", "qualifier", "source")
_TIMES: Final[tuple[str, ...]] = ("published", "retrieved")


def empty_observations(dims: Sequence[str] = ()) -> pd.DataFrame:
    """An empty, correctly typed observations frame.

    Examples
    --------
    >>> list(empty_observations(["partner"]).columns)[:5]
    ['indicator', 'region', 'partner', 'date', 'value']
    """
    cols: dict[str, Any] = {
        "indicator": pd.Series([], dtype="str"),
        "region": pd.Series([], dtype="str"),
    }
    for d in dims:
        cols[d] = pd.Series([], dtype="str")
    cols["date"] = pd.Series([], dtype="datetime64[ns]")
    cols["value"] = pd.Series([], dtype="float64")
    return pd.DataFrame(cols)


def dim_columns(frame: pd.DataFrame, indicators: Iterable[Indicator] | None = None) -> list[str]:
    """Extra-dimension columns of ``frame``: those declared by its indicators, in order."""
    if indicators is None:
        ids = frame["indicator"].dropna().unique() if "indicator" in frame else []
        indicators = [get_indicator(str(i)) for i in ids]
    dims: list[str] = []
    for ind in indicators:
        for d in ind.dims:
            if d not in dims:
                dims.append(d)
    return dims


def key_columns(frame: pd.DataFrame) -> list[str]:
    """Columns that identify one observation: indicator, region, extra dims, source, date.

    ``source`` is part of the key when the frame has it: two publishers' values for one
    date are two observations (shown side by side by :func:`warindicators.total`), never
    one revising the other.

    Examples
    --------
    >>> import pandas as pd
    >>> f = pd.DataFrame({"indicator": ["energy.ru_fossil_export_value_eur"],
    ...                   "region": ["RU"], "date": ["2024-01-31"], "value": [1.0]})
    >>> key_columns(f)
    ['indicator', 'region', 'partner', 'commodity', 'date']
    >>> key_columns(f.assign(source="crea"))[-2:]
    ['source', 'date']
    """
    src = ["source"] if "source" in frame.columns else []
    return ["indicator", "region", *dim_columns(frame), *src, "date"]


def _where(path: object | None) -> str:
    return f"{path}: " if path is not None else ""


def _rows(mask: np.ndarray | pd.Series, frame: pd.DataFrame, limit: int = 3) -> str:
    idx = list(frame.index[np.asarray(mask, dtype=bool)][:limit])
    more = int(np.asarray(mask, dtype=bool).sum()) - len(idx)
    return ", ".join(str(i) for i in idx) + (f" and {more} more" if more > 0 else "")


def _to_datetime(
    values: pd.Series, name: str, path: object | None, frame: pd.DataFrame, *, required: bool
) -> pd.Series:
    if pd.api.types.is_datetime64_any_dtype(values):
        out = values
    else:
        # mixed time zones are an error, not a silent conversion
        tz_kinds = {
            getattr(v, "tzinfo", None) is not None
            for v in values.dropna()
            if isinstance(v, pd.Timestamp)
        }
        if len(tz_kinds) > 1:
            raise ValidationError(
                f"{_where(path)}column {name!r}: mixed time-zone-aware and "
                "naive timestamps; expected one convention"
            )
        try:
            out = pd.to_datetime(values, errors="coerce", format="ISO8601")
        except (ValueError, TypeError) as exc:
            msg = str(exc)
            if "mixed time" in msg.lower() or "tz" in msg.lower() or "offset" in msg.lower():
                raise ValidationError(
                    f"{_where(path)}column {name!r}: mixed time zones ({msg}); expected dates "
                    "in a single time zone"
                ) from None
            raise ValidationError(f"{_where(path)}column {name!r}: {msg}") from None
        bad = out.isna() & values.notna()
        if bad.any():
            first = values[bad].iloc[0]
            raise ValidationError(
                f"{_where(path)}column {name!r}, row {_rows(bad, frame)}: cannot parse date "
                f"{first!r}; expected ISO 8601 (YYYY-MM-DD)"
            )
    if isinstance(out.dtype, pd.DatetimeTZDtype):
        out = (
            out.dt.tz_convert("UTC").dt.tz_localize(None)
            if name in _TIMES
            else out.dt.tz_localize(None)
        )
    if required and out.isna().any():
        raise ValidationError(
            f"{_where(path)}column {name!r}, row {_rows(out.isna(), frame)}: missing date"
        )
    try:
        return out.astype("datetime64[ns]")
    except (pd.errors.OutOfBoundsDatetime, OverflowError):
        raise ValidationError(
            f"{_where(path)}column {name!r}: date out of range; expected dates between "
            "1678 and 2261"
        ) from None


def _to_float(values: pd.Series, name: str, path: object | None, frame: pd.DataFrame) -> pd.Series:
    if pd.api.types.is_bool_dtype(values):
        raise ValidationError(f"{_where(path)}column {name!r}: expected numbers, got booleans")
    if pd.api.types.is_numeric_dtype(values):
        return values.astype("float64")
    conv = pd.to_numeric(values, errors="coerce")
    bad = conv.isna() & values.notna()
    if bad.any():
        raise ValidationError(
            f"{_where(path)}column {name!r}, row {_rows(bad, frame)}: expected a number, got "
            f"{values[bad].iloc[0]!r} (dtype {values.dtype})"
        )
    return conv.astype("float64")


def validate_observations(
    frame: pd.DataFrame,
    *,
    path: object | None = None,
    allow_vintages: bool = False,
    indicators: Iterable[Indicator] | None = None,
) -> pd.DataFrame:
    """Check and normalise a frame of observations; return a new, typed frame.

    Checks: required columns and types, known indicator (suggesting the closest ids),
    region code valid for its scheme, extra dimensions present, ``valid_range``,
    non-negative counts, ``low <= value <= high``, known ``status``/``bound`` codes, no
    duplicate (indicator, region, dims..., source, date) key (per ``published`` vintage when
    ``allow_vintages``), parseable dates without mixed time zones.

    Parameters
    ----------
    frame
        Observations in long format.
    path
        File the rows came from, named in error messages.
    allow_vintages
        Allow the same key once per ``published`` value (the processed store keeps vintages).
    indicators
        Extra indicator definitions to accept besides the registry.

    Returns
    -------
    pandas.DataFrame
        Columns in canonical order, ``date`` as ``datetime64[ns]``, ``value`` float.

    Raises
    ------
    ValidationError, UnknownIndicatorError

    Examples
    --------
    >>> import pandas as pd
    >>> obs = pd.DataFrame({"indicator": ["territory.share_occupied_pct"], "region": ["UA"],
    ...                     "date": ["2024-06-30"], "value": [18.0]})
    >>> validate_observations(obs)["date"].dtype
    dtype('<M8[ns]')
    >>> validate_observations(obs.assign(value=[180.0]))
    Traceback (most recent call last):
    ...
    warindicators.errors.ValidationError: ... above the valid maximum 100.0 ...
    """
    if not isinstance(frame, pd.DataFrame):
        raise ValidationError(
            f"{_where(path)}expected a pandas.DataFrame of observations, got {type(frame).__name__}"
        )
    missing = [c for c in CORE_COLUMNS if c not in frame.columns]
    if missing:
        raise ValidationError(
            f"{_where(path)}missing column(s) {missing}; expected at least {list(CORE_COLUMNS)}, "
            f"found {list(map(str, frame.columns))}"
        )
    df = frame.reset_index(drop=True).copy()
    extra_defs = {i.id: i for i in (indicators or ())}

    # indicators
    ind_col = df["indicator"]
    if ind_col.isna().any():
        raise ValidationError(
            f"{_where(path)}column 'indicator', row "
            f"{_rows(ind_col.isna(), df)}: missing indicator id"
        )
    ids = [str(i) for i in pd.unique(ind_col.astype("str"))]
    defs: dict[str, Indicator] = {}
    for i in ids:
        if i in extra_defs:
            defs[i] = extra_defs[i]
            continue
        try:
            defs[i] = get_indicator(i)
        except UnknownIndicatorError:
            raise UnknownIndicatorError(i, _known_ids()) from None
    df["indicator"] = ind_col.astype("str")

    # regions
    if df["region"].isna().any():
        raise ValidationError(
            f"{_where(path)}column 'region', row "
            f"{_rows(df['region'].isna(), df)}: missing region code"
        )
    df["region"] = df["region"].astype("str")
    for code in pd.unique(df["region"]):
        if region_scheme(str(code)) is None:
            bad = df["region"] == code
            raise ValidationError(
                f"{_where(path)}column 'region', row {_rows(bad, df)}: unknown region code "
                f"{code!r}; expected ISO 3166-1 alpha-2 ('UA', 'RU'), ISO 3166-2:UA ('UA-32') "
                "or a group ('EU')"
            )

    # extra dimensions
    dims = dim_columns(df, defs.values())
    for d in dims:
        if d not in df.columns:
            need = [i for i, ind in defs.items() if d in ind.dims]
            raise ValidationError(
                f"{_where(path)}missing column {d!r} required by the extra dimension of {need}"
            )
        needs = df["indicator"].isin([i for i, ind in defs.items() if d in ind.dims])
        miss = needs & df[d].isna()
        if miss.any():
            raise ValidationError(
                f"{_where(path)}column {d!r}, row {_rows(miss, df)}: missing "
                f"value of the extra dimension {d!r}"
            )
        df[d] = df[d].astype("str").where(df[d].notna(), None)

    # types
    df["date"] = _to_datetime(df["date"], "date", path, df, required=True)
    df["value"] = _to_float(df["value"], "value", path, df)
    for c in ("low", "high"):
        if c in df.columns:
            df[c] = _to_float(df[c], c, path, df)
    for c in _TIMES:
        if c in df.columns:
            df[c] = _to_datetime(df[c], c, path, df, required=False)
    for c in _TEXT:
        if c in df.columns:
            df[c] = df[c].astype("str").where(df[c].notna(), None)
    if not np.isfinite(
        df["value"].to_numpy(dtype=float, na_value=np.nan)[df["value"].notna().to_numpy()]
    ).all():
        bad = df["value"].isin([np.inf, -np.inf])
        raise ValidationError(
            f"{_where(path)}column 'value', row {_rows(bad, df)}: infinite "
            "value; expected a finite number"
        )

    # codes
    if "status" in df.columns:
        bad = df["status"].notna() & ~df["status"].isin(list(STATUS_CODES))
        if bad.any():
            raise ValidationError(
                f"{_where(path)}column 'status', row {_rows(bad, df)}: "
                f"unknown status {df['status'][bad].iloc[0]!r}; expected one "
                f"of {sorted(STATUS_CODES)}"
            )
    if "bound" in df.columns:
        bad = df["bound"].notna() & ~df["bound"].isin(list(BOUNDS))
        if bad.any():
            raise ValidationError(
                f"{_where(path)}column 'bound', row {_rows(bad, df)}: "
                f"unknown bound {df['bound'][bad].iloc[0]!r}; expected one of "
                f"{list(BOUNDS)}"
            )

    # ranges and bounds
    for i, ind in defs.items():
        sel = (df["indicator"] == i).to_numpy()
        vals = df["value"].to_numpy()[sel]
        lo, hi = ind.valid_range if ind.valid_range is not None else (None, None)
        if ind.measure == "count" and (lo is None or lo < 0):
            lo = 0.0
        for col in ("value", "low", "high"):
            if col not in df.columns:
                continue
            v = df[col].to_numpy(dtype=float, na_value=np.nan)
            if lo is not None:
                bad = sel & (v < lo)
                if bad.any():
                    what = (
                        "negative count"
                        if ind.measure == "count" and lo == 0
                        else f"below the valid minimum {lo}"
                    )
                    raise ValidationError(
                        f"{_where(path)}column {col!r}, row {_rows(bad, df)}: {v[bad][0]!r} "
                        f"for {i} is {what} (valid range {ind.valid_range})"
                    )
            if hi is not None:
                bad = sel & (v > hi)
                if bad.any():
                    raise ValidationError(
                        f"{_where(path)}column {col!r}, row {_rows(bad, df)}: {v[bad][0]!r} "
                        f"for {i} is above the valid maximum {hi} (valid range "
                        f"{ind.valid_range})"
                    )
        del vals
    v = df["value"].to_numpy(dtype=float, na_value=np.nan)
    if "low" in df.columns:
        lo_v = df["low"].to_numpy(dtype=float, na_value=np.nan)
        bad = lo_v > v
        if "high" in df.columns:
            hi_v = df["high"].to_numpy(dtype=float, na_value=np.nan)
            bad |= lo_v > hi_v
        if bad.any():
            raise ValidationError(
                f"{_where(path)}row {_rows(bad, df)}: low > value or low > "
                "high; expected low <= value <= high"
            )
    if "high" in df.columns:
        hi_v = df["high"].to_numpy(dtype=float, na_value=np.nan)
        bad = hi_v < v
        if bad.any():
            raise ValidationError(
                f"{_where(path)}row {_rows(bad, df)}: value > high; expected low <= value <= high"
            )

    # duplicates
    keys = ["indicator", "region", *dims, *(["source"] if "source" in df.columns else []), "date"]
    if allow_vintages and "published" in df.columns:
        keys.append("published")
    dup = df.duplicated(subset=keys, keep=False)
    if dup.any():
        first = df.loc[dup, keys].iloc[0].to_dict()
        raise ValidationError(
            f"{_where(path)}duplicate observation key {first} at rows {_rows(dup, df)}; "
            f"expected one row per ({', '.join(keys)})"
        )

    order = [
        c
        for c in ("indicator", "region", *dims, "date", "value", *OPTIONAL_COLUMNS)
        if c in df.columns
    ]
    rest = [c for c in df.columns if c not in order]
    return df[order + rest]


def _known_ids() -> list[str]:
    from .indicators import list_indicators

    return [i.id for i in list_indicators()]
