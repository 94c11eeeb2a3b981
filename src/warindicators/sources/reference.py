"""Reader of the shipped reference dataset (monthly figures, sparse facts, dated events).

The reference files use region ``UA`` for every headline total and ``dest:XX`` for export
destinations; this reader maps them to the contract: Russian losses, exports and OFAC
counts are about ``RU``, EU gas imports about ``EU`` with ``partner``; totals that are sums
of breakdown rows are dropped (aggregate a panel to get them back).
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any, Final

import pandas as pd

from ..errors import DataFormatError, ValidationError

__all__ = [
    "EVENT_KINDS",
    "REFERENCE_FILES",
    "read_events",
    "read_reference",
    "reference_dir",
    "reference_published",
]

REFERENCE_FILES: Final[tuple[str, ...]] = (
    "monthly_reference.csv",
    "sparse_facts.csv",
    "events.csv",
    "SOURCES.md",
    "CHECKS.md",
)

#: Date of the source version each reference series was derived from.
_PUBLISHED: Final[dict[str, str]] = {
    "economist_isw_area": "2026-08-22",
    "petroivaniuk_russia_losses": "2026-08-08",
    "ofac_sdn_russia": "2024-05-03",
    "crea_russia_fossil_revenue": "2022-11-11",
    "crea_europe_gas_imports": "2022-10-12",
    "air_raid_sirens_official": "2024-04-23",
    "ofac_sdn_kindrat86": "2026-08-22",
    "ofac_panel_jeffallen13": "2026-03-31",
    "ohchr_monthly_birdsong": "2025-11-22",
}

_RENAME: Final[dict[str, str]] = {
    "alerts.air_raid_hours": "outages.air_raid_alert_hours",
    "alerts.air_raid_count": "outages.air_raid_alerts",
    "energy.eu_gas_imports_from_russia_m3": "energy.eu_gas_imports_m3",
    "casualties.ru_tank_claimed_monthly": "casualties.ru_equipment_claimed_monthly.tank",
    "casualties.ru_field_artillery_claimed_monthly": "casualties.ru_equipment_claimed_monthly.field_artillery",
    "casualties.ru_drone_claimed_monthly": "casualties.ru_equipment_claimed_monthly.drone",
    "casualties.ru_cruise_missiles_claimed_monthly": "casualties.ru_equipment_claimed_monthly.cruise_missiles",
}
_MONTHLY_COLS: Final[tuple[str, ...]] = (
    "indicator_id",
    "family",
    "region",
    "period",
    "value",
    "unit",
    "bound",
    "aggregation",
    "source_id",
    "note",
)
_SPARSE_COLS: Final[tuple[str, ...]] = (
    "date",
    "indicator_id",
    "region",
    "value",
    "value_low",
    "value_high",
    "unit",
    "bound",
    "source",
    "note",
)
_EVENT_COLS: Final[tuple[str, ...]] = ("date", "family", "event", "detail", "source")
#: Kinds of dated events: something that happened, or a change in how a producer reports.
EVENT_KINDS: Final[tuple[str, ...]] = ("policy", "reporting_change")


def reference_dir() -> Path:
    """Folder of the shipped reference files inside the installed package.

    Examples
    --------
    >>> (reference_dir() / "SOURCES.md").is_file()
    True
    """
    return Path(str(resources.files("warindicators") / "data" / "reference"))


def reference_published(source_id: str) -> pd.Timestamp | None:
    """Publication date of the source version behind a reference series."""
    d = _PUBLISHED.get(source_id)
    return pd.Timestamp(d) if d else None


def _read_csv(path: Path, expected: tuple[str, ...]) -> pd.DataFrame:
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise DataFormatError(f"cannot read CSV: {exc}", path=path) from exc
    missing = [c for c in expected if c not in df.columns]
    if missing:
        raise DataFormatError(
            f"missing column(s) {missing}; expected {list(expected)}, found {list(df.columns)}",
            path=path,
        )
    return df


def _num(df: pd.DataFrame, col: str, path: Path) -> pd.Series:
    raw = df[col].str.strip()
    out = pd.to_numeric(raw.where(raw != ""), errors="coerce")
    bad = out.isna() & (raw != "")
    if bad.any():
        i = int(bad.to_numpy().nonzero()[0][0])
        raise DataFormatError(
            f"expected a number, got {raw.iloc[i]!r}", path=path, row=i + 2, field=col
        )
    return out.astype("float64")


def _dates(raw: pd.Series, fmt: str, path: Path, field: str) -> pd.Series:
    out = pd.to_datetime(raw, format=fmt, errors="coerce")
    if out.isna().any():
        i = int(out.isna().to_numpy().nonzero()[0][0])
        raise DataFormatError(
            f"cannot parse date {raw.iloc[i]!r} (expected {fmt})", path=path, row=i + 2, field=field
        )
    return out


def _monthly(path: Path) -> pd.DataFrame:
    df = _read_csv(path, _MONTHLY_COLS)
    df = df[df["indicator_id"].str.strip() != ""]
    out = pd.DataFrame(
        {"indicator": df["indicator_id"].replace(_RENAME), "region": df["region"].astype("str")}
    )
    period = _dates(df["period"], "%Y-%m", path, "period")
    out["date"] = period + pd.offsets.MonthEnd(0)
    out["value"] = _num(df, "value", path)
    out["bound"] = df["bound"].replace("", None)
    note = df["note"].fillna("")
    out["status"] = "A"
    out.loc[note.str.contains("provisional", case=False), "status"] = "P"
    out.loc[note.str.contains("partial", case=False), "status"] = "P"
    # "source ends here, month incomplete": the month's figure is a snapshot before its end
    out.loc[note.str.contains("incomplete", case=False), "status"] = "P"
    out["qualifier"] = note.where(note != "", None)
    out["source"] = df["source_id"]
    # Each month was first published around its own date; the shipped figures come from
    # the source version named in SOURCES.md, recorded as ``retrieved``. Leaving
    # ``published`` empty makes ``as_of(D)`` return the months dated up to D.
    out["published"] = pd.NaT
    out["retrieved"] = df["source_id"].map(_PUBLISHED).astype("datetime64[ns]")
    out["partner"] = None
    out["commodity"] = None

    ind = out["indicator"]
    region = out["region"]
    dest = region.str.startswith("dest:")
    # export-value breakdown by destination; its UA row is their total: drop it
    fossil = ind == "energy.ru_fossil_export_value_eur"
    out = out[~(fossil & ~dest)].copy()
    ind, region, dest = out["indicator"], out["region"], out["region"].str.startswith("dest:")
    partner = region.str.removeprefix("dest:")
    out.loc[dest, "partner"] = partner[dest]
    out.loc[dest & (ind == "energy.ru_fossil_export_value_eur"), "commodity"] = "all"
    out.loc[dest, "region"] = "RU"
    about_russia = (
        ind.str.startswith("casualties.ru_")
        | ind.str.startswith("sanctions.ofac_")
        | ind.str.startswith("energy.ru_")
    )
    out.loc[about_russia & (out["region"] == "UA"), "region"] = "RU"
    gas = ind == "energy.eu_gas_imports_m3"
    out.loc[gas, "region"] = "EU"
    out.loc[gas, "partner"] = "RU"
    return out


def _sparse(path: Path) -> pd.DataFrame:
    df = _read_csv(path, _SPARSE_COLS)
    df = df[df["indicator_id"].str.strip() != ""]
    out = pd.DataFrame(
        {
            "indicator": df["indicator_id"],
            "region": df["region"],
            "date": _dates(df["date"], "%Y-%m-%d", path, "date"),
            "value": _num(df, "value", path),
            "low": _num(df, "value_low", path),
            "high": _num(df, "value_high", path),
            "bound": df["bound"].replace("", None),
            "status": "A",
            "qualifier": df["note"].replace("", None),
            "source": df["source"],
        }
    )
    out["published"] = out["date"]
    return out


def read_events(path: str | Path | None = None) -> pd.DataFrame:
    """The dated events table (EU sanctions packages, strikes, energy measures, reporting changes).

    Columns ``date``, ``family``, ``event``, ``detail``, ``source`` and ``kind``:
    ``"policy"`` for something that happened (a sanctions package, a price cap),
    ``"reporting_change"`` for a change in how a producer reports (e.g. air-raid alerts
    announced by raion from 2025-12-15), near which a changepoint may be an artefact of
    reporting. A file without the ``kind`` column (the layout before it was added) reads
    as ``"policy"`` throughout; an unknown kind is a :class:`DataFormatError`.

    Examples
    --------
    >>> ev = read_events()
    >>> list(ev.columns)
    ['date', 'family', 'event', 'detail', 'source', 'kind']
    >>> ev.loc[ev.kind == "reporting_change", ["date", "family"]].astype(str).values.tolist()
    [['2025-12-15', 'outages']]
    """
    p = Path(path) if path is not None else reference_dir() / "events.csv"
    df = _read_csv(p, _EVENT_COLS)
    df["date"] = _dates(df["date"], "%Y-%m-%d", p, "date")
    if "kind" not in df.columns:
        df["kind"] = "policy"
    kind = df["kind"].str.strip().replace("", "policy")
    bad = ~kind.isin(list(EVENT_KINDS))
    if bad.any():
        i = int(bad.to_numpy().nonzero()[0][0])
        raise DataFormatError(
            f"unknown event kind {kind.iloc[i]!r}; expected one of {list(EVENT_KINDS)}",
            path=p,
            row=i + 2,
            field="kind",
        )
    df["kind"] = kind
    cols = [*_EVENT_COLS, "kind"]
    return df.loc[:, cols].sort_values("date", kind="stable").reset_index(drop=True)


def _packages(path: Path) -> pd.DataFrame:
    ev = read_events(path)
    pk = ev[ev["event"].str.match(r"(?i)^EU sanctions package \d+")]
    return pd.DataFrame(
        {
            "indicator": "sanctions.eu_packages",
            "region": "EU",
            "date": pk["date"].to_numpy(),
            "value": 1.0,
            "status": "A",
            "qualifier": pk["event"].to_numpy(),
            "source": "eu_council",
            "published": pk["date"].to_numpy(),
        }
    )


def read_reference(*paths: str | Path, **options: Any) -> pd.DataFrame:
    """Observations of the shipped reference dataset (or of reference files at ``paths``).

    ``paths`` may name the folder or any of ``monthly_reference.csv``,
    ``sparse_facts.csv`` and ``events.csv``; with none, the shipped copies are read.

    Examples
    --------
    >>> obs = read_reference()
    >>> sorted(obs.loc[obs.indicator == "energy.eu_gas_imports_m3", "region"].unique())
    ['EU']
    """
    if options:
        raise ValidationError(f"reference: unknown option(s) {sorted(options)}; it takes none")
    files: dict[str, Path] = {}
    if not paths:
        paths = (reference_dir(),)
    for p in map(Path, paths):
        if p.is_dir():
            for name in REFERENCE_FILES[:3]:
                if (p / name).is_file():
                    files[name] = p / name
        else:
            kind = next(
                (n for n in REFERENCE_FILES[:3] if p.name.startswith(n.split(".")[0])), None
            )
            if kind is None:
                raise DataFormatError(
                    "not a reference file: expected monthly_reference.csv, sparse_facts.csv or "
                    "events.csv",
                    path=p,
                )
            files[kind] = p
    if not files:
        raise DataFormatError("no reference files found", path=paths[0])
    parts = []
    if "monthly_reference.csv" in files:
        parts.append(_monthly(files["monthly_reference.csv"]))
    if "sparse_facts.csv" in files:
        parts.append(_sparse(files["sparse_facts.csv"]))
    if "events.csv" in files:
        parts.append(_packages(files["events.csv"]))
    out = pd.concat(parts, ignore_index=True)
    return out.sort_values(["indicator", "region", "date"], kind="stable").reset_index(drop=True)
