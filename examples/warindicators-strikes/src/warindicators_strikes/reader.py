"""The ``energy_strikes_csv`` reader: dated strike events by oblast -> daily counts."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pandas as pd
from warindicators import oblast_code
from warindicators.errors import DataFormatError, ValidationError

from .indicators import ENERGY_STRIKES_ID

__all__ = [
    "ENERGY_TARGET_TYPES",
    "REQUIRED_COLUMNS",
    "SOURCE_ID",
    "read_energy_strikes_csv",
]

#: Source id under which warindicators lists the reader.
SOURCE_ID = "energy_strikes_csv"

#: Columns every input file must have (others, e.g. ``settlement`` or ``weapon``, are kept out).
REQUIRED_COLUMNS: tuple[str, ...] = ("date", "oblast", "target_type")

#: Values of ``target_type`` counted as energy infrastructure.
ENERGY_TARGET_TYPES: frozenset[str] = frozenset(
    {
        "power_plant",
        "thermal_power_plant",
        "hydro_power_plant",
        "substation",
        "transmission_line",
        "gas_facility",
        "heating_plant",
        "fuel_depot",
    }
)


def _norm_type(value: str) -> str:
    return "_".join(value.strip().casefold().replace("-", " ").split())


def _read_events(path: Path) -> pd.DataFrame:
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise DataFormatError(f"not a readable CSV file: {exc}", path=path) from exc
    raw.columns = [str(c).strip().casefold() for c in raw.columns]
    for col in REQUIRED_COLUMNS:
        if col not in raw.columns:
            raise DataFormatError(
                f"missing column; expected at least {', '.join(REQUIRED_COLUMNS)}",
                path=path,
                field=col,
            )
    rows: list[tuple[pd.Timestamp, str, str]] = []
    for i, rec in enumerate(raw[list(REQUIRED_COLUMNS)].itertuples(index=False), start=2):
        date_text, oblast, target = (str(v).strip() for v in rec)
        try:
            date = pd.Timestamp(date_text)
        except ValueError:
            date = pd.NaT
        if pd.isna(date) or date != date.normalize():
            raise DataFormatError(
                f"expected a day as YYYY-MM-DD, got {date_text!r}", path=path, row=i, field="date"
            )
        try:
            code = oblast_code(oblast)
        except ValidationError as exc:
            raise DataFormatError(str(exc), path=path, row=i, field="oblast") from None
        if not target:
            raise DataFormatError(
                "expected a target type such as 'substation'", path=path, row=i, field="target_type"
            )
        rows.append((date, code, _norm_type(target)))
    return pd.DataFrame(rows, columns=["date", "region", "target_type"])


def read_energy_strikes_csv(
    *paths: str | Path,
    target_types: Iterable[str] | None = None,
    fill_zeros: bool = True,
    national_total: bool = True,
) -> pd.DataFrame:
    """Strikes on energy infrastructure per day and oblast, from CSVs of dated events.

    Each input row is one strike: ``date`` (``YYYY-MM-DD``), ``oblast`` (any common
    spelling: ``Kharkivska oblast``, ``Kyiv City``, ``Odesa Oblast``, the Ukrainian name or
    an ISO 3166-2:UA code) and ``target_type``; other columns are ignored. Rows whose
    target type is not energy infrastructure are not counted, but they show that the
    oblast is covered, so its days without an energy strike are written as 0.

    Parameters
    ----------
    *paths
        One or more CSV files; their events are pooled.
    target_types
        Target types counted as energy infrastructure (default
        :data:`ENERGY_TARGET_TYPES`).
    fill_zeros
        Write 0 for every covered oblast and day of the files' date range with no strike.
    national_total
        Add the sum over oblasts as region ``UA``.

    Returns
    -------
    pandas.DataFrame
        Observations of ``outages.energy_infrastructure_strikes`` in the warindicators
        long format (``indicator``, ``region``, ``date``, ``value``, ``bound``, ``source``).

    Raises
    ------
    warindicators.errors.DataFormatError
        A missing column, a bad date, an unknown oblast or an empty target type, naming
        the file, row and field.

    Examples
    --------
    >>> from warindicators_strikes import sample_path
    >>> obs = read_energy_strikes_csv(sample_path())
    >>> obs.groupby("region")["value"].sum().to_dict()
    {'UA': 10.0, 'UA-12': 1.0, 'UA-30': 2.0, 'UA-46': 1.0, 'UA-51': 2.0, 'UA-63': 4.0}
    >>> kharkiv = obs[obs["region"] == "UA-63"]
    >>> kharkiv["value"].tolist()
    [2.0, 1.0, 0.0, 1.0, 0.0]
    """
    if not paths:
        raise DataFormatError("expected at least one CSV file of strike events")
    wanted = (
        ENERGY_TARGET_TYPES
        if target_types is None
        else frozenset(_norm_type(t) for t in target_types)
    )
    events = pd.concat([_read_events(Path(p)) for p in paths], ignore_index=True)
    energy = events[events["target_type"].isin(wanted)]
    counts = energy.groupby(["region", "date"]).size().astype("float64")
    if fill_zeros and not events.empty:
        days = pd.date_range(events["date"].min(), events["date"].max(), freq="D")
        full = pd.MultiIndex.from_product(
            [sorted(events["region"].unique()), days], names=["region", "date"]
        )
        counts = counts.reindex(full, fill_value=0.0)
    frame = counts.rename("value").reset_index()
    if national_total and not frame.empty:
        total = frame.groupby("date", as_index=False)["value"].sum()
        total.insert(0, "region", "UA")
        frame = pd.concat([total, frame], ignore_index=True)
    frame.insert(0, "indicator", ENERGY_STRIKES_ID)
    frame["date"] = pd.to_datetime(frame["date"]).astype("datetime64[ns]")
    frame["bound"] = "lower"
    frame["source"] = SOURCE_ID
    return frame.sort_values(["region", "date"], ignore_index=True)


read_energy_strikes_csv.source_id = SOURCE_ID  # type: ignore[attr-defined]
read_energy_strikes_csv.description = (  # type: ignore[attr-defined]
    "Strikes on energy infrastructure per day and oblast, from a CSV of dated events "
    "(example plugin)"
)
