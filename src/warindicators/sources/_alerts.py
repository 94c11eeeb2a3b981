"""Official air-raid alert intervals (CSV) -> alert hours and alert counts per oblast per day.

Private module; the public entry point is
:func:`warindicators.sources.outages.read_air_raid_alerts`.

Days are Europe/Kyiv local calendar days, so a DST-change day is 23 or 25 hours long.
Hours: the intervals of one oblast are merged (overlaps counted once), then split at
Kyiv-local midnights. Counts: alerts whose start falls in the day. Raion hours: alert time
of every raion (an oblast-wide alert covers them all, a raion or hromada alert its raion),
averaged over the oblast's raions (see :func:`raion_hours`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Final

import numpy as np
import pandas as pd

from ..errors import DataFormatError, ValidationError
from ..regions import RAION_COUNTS, oblast_code
from ..repeats import collapse_repeated
from ._common import CsvTable, read_csv_rows

__all__ = [
    "LEVELS",
    "AlertLog",
    "alert_observations",
    "merge_intervals",
    "raion_hours",
    "read_alert_log",
]

KYIV: Final = "Europe/Kyiv"
HOURS: Final = "outages.air_raid_alert_hours"
COUNT: Final = "outages.air_raid_alerts"
RAION_HOURS: Final = "outages.air_raid_alert_raion_hours"
LEVELS: Final[frozenset[str]] = frozenset({"oblast", "raion", "hromada"})
_REQUIRED: Final = ("oblast", "started_at", "finished_at")
_NS_PER_HOUR: Final = 3_600_000_000_000
_STAMP: Final = r"^\d{4}-\d\d-\d\d[T ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?$"
_YEARS: Final = (1970, 2200)  # plausible alert years; keeps nanosecond timestamps in range


@dataclass(frozen=True)
class AlertLog:
    """The alerts of one file and the period it covers.

    ``rows`` has columns ``region`` (ISO 3166-2:UA), ``level``, ``place`` (raion/hromada),
    ``start``/``end`` (UTC, ``end`` clipped for ongoing alerts), ``ongoing`` and ``line``.
    ``days`` are the covered Kyiv-local days (first start day .. last start day) and
    ``regions`` every oblast appearing in the file at any level.
    """

    rows: pd.DataFrame
    days: pd.DatetimeIndex
    regions: frozenset[str]


def _times(table: CsvTable, name: str, *, required: bool) -> pd.Series:
    raw = pd.Series(table.column(name), dtype="object")
    empty = raw == ""
    try:
        parsed = pd.to_datetime(raw.where(~empty), format="ISO8601", utc=True, errors="coerce")
    except (ValueError, TypeError, OverflowError):
        parsed = pd.to_datetime(
            pd.Series([_one_time(v) for v in raw.where(~empty)], dtype="object"), utc=True
        )
    years = parsed.dt.year
    shape = raw.str.match(_STAMP).fillna(False).astype(bool)
    bad = (parsed.isna() & (~empty | required)) | (years < _YEARS[0]) | (years > _YEARS[1])
    bad |= ~empty & ~shape
    if bad.any():
        i = int(np.flatnonzero(bad.to_numpy())[0])
        what = "missing timestamp" if empty.iloc[i] else f"cannot parse timestamp {raw.iloc[i]!r}"
        raise DataFormatError(
            f"{what}; expected 'YYYY-MM-DD HH:MM:SS+00:00' (UTC, years {_YEARS[0]}-{_YEARS[1]})",
            path=table.path,
            row=table.lines[i],
            field=name,
        )
    return parsed.astype("datetime64[ns, UTC]")


def _one_time(value: object) -> pd.Timestamp | None:
    if not isinstance(value, str):
        return None
    try:
        ts = pd.to_datetime(value, format="ISO8601", utc=True)
    except (ValueError, TypeError, OverflowError):
        return None
    return None if pd.isna(ts) or not _YEARS[0] <= ts.year <= _YEARS[1] else ts


def _unit(name: str) -> str:
    """A raion name as a comparison key.

    Examples
    --------
    >>> _unit(" Nikopolskyi  Raion "), _unit("Nikopolskyi raion")
    ('nikopolskyi', 'nikopolskyi')
    """
    key = " ".join(name.split()).casefold()
    return key.removesuffix(" raion").removesuffix(" район").strip()


def read_alert_log(path: Path) -> AlertLog:
    """Parse one alert CSV; ongoing alerts (empty ``finished_at``) end at the file's last time."""
    table = read_csv_rows(path, _REQUIRED)
    n = len(table.rows)
    start = _times(table, "started_at", required=True)
    end = _times(table, "finished_at", required=False)
    if "level" in table.header:
        level = pd.Series([v.casefold() for v in table.column("level")], dtype="object")
    elif "raion" in table.header or "hromada" in table.header:
        raise DataFormatError(
            "missing column 'level' beside 'raion'/'hromada': cannot tell oblast-wide alerts "
            f"from local ones; found {table.header}",
            path=path,
            row="1 (header)",
        )
    else:  # a log of oblasts only (no place columns): every alert is oblast-wide
        level = pd.Series(["oblast"] * n, dtype="object")
    unknown = ~level.isin(list(LEVELS))
    if unknown.any():
        i = int(np.flatnonzero(unknown.to_numpy())[0])
        raise DataFormatError(
            f"unknown level {level.iloc[i]!r}; expected one of {sorted(LEVELS)}",
            path=path,
            row=table.lines[i],
            field="level",
        )
    codes: dict[str, str] = {}
    region = []
    for name, line in zip(table.column("oblast"), table.lines, strict=True):
        if name not in codes:
            try:
                codes[name] = oblast_code(name)
            except ValidationError:
                raise DataFormatError(
                    f"unknown oblast {name!r}; expected an oblast name such "
                    "as 'Kyivska oblast' or 'Kyiv City'",
                    path=path,
                    row=line,
                    field="oblast",
                ) from None
        region.append(codes[name])
    backwards = (end < start).to_numpy()
    if backwards.any():
        i = int(np.flatnonzero(backwards)[0])
        raise DataFormatError(
            f"finished_at {end.iloc[i]} is before started_at {start.iloc[i]}",
            path=path,
            row=table.lines[i],
            field="finished_at",
        )
    where = [table.header.index(c) for c in ("raion", "hromada") if c in table.header]
    place = [" / ".join(r[j].strip() for j in where) for r in table.rows]
    j_raion = table.header.index("raion") if "raion" in table.header else None
    j_hromada = table.header.index("hromada") if "hromada" in table.header else None
    # the unit a local alert puts under alert: its raion (the hromada when no raion is given),
    # compared without case, spacing or a trailing "raion"
    unit = [
        _unit(r[j_raion] if j_raion is not None else "")
        or _unit(r[j_hromada] if j_hromada is not None else "")
        for r in table.rows
    ]
    ongoing = end.isna()
    if n:
        last = max(start.max(), end.max()) if (~ongoing).any() else start.max()
        end = end.where(~ongoing, last)
    rows = pd.DataFrame(
        {
            "region": region,
            "level": level,
            "place": place,
            "unit": unit,
            "start": start,
            "end": end,
            "ongoing": ongoing.to_numpy(),
            "line": table.lines,
            "path": str(path),
        }
    )
    if n:
        local = start.dt.tz_convert(KYIV).dt.tz_localize(None).dt.normalize()
        days = pd.date_range(local.min(), local.max(), freq="D")
    else:
        days = pd.DatetimeIndex([], dtype="datetime64[ns]")
    return AlertLog(rows, days, frozenset(region))


def merge_intervals(start: np.ndarray, end: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Union of intervals ``[start, end)`` as sorted disjoint intervals (int64 arrays).

    Examples
    --------
    >>> s, e = merge_intervals(np.array([5, 0, 2, 10]), np.array([7, 3, 4, 12]))
    >>> s.tolist(), e.tolist()
    ([0, 5, 10], [4, 7, 12])
    """
    if len(start) == 0:
        return start.astype(np.int64), end.astype(np.int64)
    order = np.argsort(start, kind="stable")
    s, e = start[order].astype(np.int64), end[order].astype(np.int64)
    reach = np.maximum.accumulate(e)
    new = np.ones(len(s), dtype=bool)
    new[1:] = s[1:] > reach[:-1]
    groups = np.cumsum(new) - 1
    ms = s[new]
    me = np.zeros(len(ms), dtype=np.int64)
    np.maximum.at(me, groups, e)
    return ms, me


def _covered_before(t: np.ndarray, s: np.ndarray, e: np.ndarray) -> np.ndarray:
    """Total length of the disjoint sorted intervals (s, e) lying before each time ``t``."""
    if len(s) == 0:
        return np.zeros(len(t), dtype=np.int64)
    cum = np.concatenate([[0], np.cumsum(e - s)])
    k = np.searchsorted(s, t, side="right")
    inside = np.where(k > 0, np.maximum(e[np.maximum(k - 1, 0)] - t, 0), 0)
    return np.asarray(cum[k] - inside)


def _midnights(days: pd.DatetimeIndex) -> tuple[np.ndarray, np.ndarray]:
    """UTC nanoseconds of each local day's start and end (DST-aware)."""
    lo = days.tz_localize(KYIV).tz_convert("UTC")
    hi = (days + pd.Timedelta(days=1)).tz_localize(KYIV).tz_convert("UTC")
    return lo.as_unit("ns").asi8, hi.as_unit("ns").asi8


def _one_row_per_alert(rows: pd.DataFrame) -> pd.DataFrame:
    """The one rule for repeated records, applied to alerts (also across files).

    An alert is (oblast, level, place, start). An ongoing copy (no end yet, e.g. in an
    older vintage) gives way to a finished copy of the same alert; finished copies must
    agree on the end: exact repeats collapse with a warning, different ends are an error
    naming both rows.
    """
    key = ["region", "level", "place", "start"]
    paths = rows["path"].unique() if "path" in rows else []
    where = (
        rows["line"].to_numpy()
        if len(paths) <= 1
        else np.array([f"{p} row {ln}" for p, ln in zip(rows["path"], rows["line"], strict=True)])
    )
    finished = ~rows["ongoing"].to_numpy()
    done = collapse_repeated(
        rows.loc[finished, [*key, "end", "unit"]],
        key,
        path=", ".join(map(str, paths)) or None,
        lines=where[finished],
        what="alert",
    )
    done = done.assign(ongoing=False)
    open_ = rows.loc[~finished, [*key, "end", "unit", "ongoing"]].drop_duplicates(key)
    known = pd.MultiIndex.from_frame(done[key])
    open_ = open_[~pd.MultiIndex.from_frame(open_[key]).isin(known)]
    return pd.concat([done, open_], ignore_index=True)


def _day_hours(s_ns: np.ndarray, e_ns: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    ms, me = merge_intervals(s_ns, e_ns)
    return np.asarray((_covered_before(hi, ms, me) - _covered_before(lo, ms, me)) / _NS_PER_HOUR)


def _ns(values: pd.Series) -> np.ndarray:
    return np.asarray(pd.DatetimeIndex(values).as_unit("ns").asi8)


def raion_hours(
    rows: pd.DataFrame, region: str, days: pd.DatetimeIndex, lo: np.ndarray, hi: np.ndarray
) -> pd.DataFrame:
    """Alert hours averaged over the oblast's raions, alerts at every level counted.

    Each raion is under alert while an oblast-wide alert, an alert for that raion or an
    alert for one of its hromadas runs (its own intervals merged, so overlaps count once);
    the day's value is the mean over the oblast's :data:`~warindicators.regions.RAION_COUNTS`
    raions of their hours under alert. Raions never named by a local alert are under alert
    exactly during oblast-wide alerts.

    Why this measure: since the official channel moved to raion and hromada alerts, counting
    oblast-wide alerts only shrinks without any change on the ground, while the union of all
    alerts of an oblast saturates (overlapping local alerts in front-line hromadas merge into
    events lasting months, so "hours with any alert" is the whole month). The mean over
    raions stays between the two: it equals the oblast-wide hours while only oblast-wide
    alerts exist (comparable with ``outages.air_raid_alert_hours`` before the switch),
    reaches 24 h only when every raion is under alert all day, and divided by the day's
    length it is the share of raions under alert. A hromada alert counts its whole raion
    (the raion is the finest unit with a fixed count), so at hromada precision this is an
    upper bound of the share of territory under alert.
    """
    n = RAION_COUNTS.get(region)
    if n is None:  # pragma: no cover - every ISO 3166-2:UA code has a count
        raise ValidationError(f"no raion count for {region}")
    oblast = rows[rows["level"] == "oblast"]
    o_s, o_e = _ns(oblast["start"]), _ns(oblast["end"])
    whole = _day_hours(o_s, o_e, lo, hi)
    local = rows[rows["level"] != "oblast"]
    units = sorted(set(local["unit"]))
    if len(units) > n:
        raise DataFormatError(
            f"{len(units)} different raions under local alert in {region}, which has {n} "
            f"raions ({', '.join(units)}); expected raion names of the 2020 division",
            field="raion",
        )
    total = whole * (n - len(units))
    for u in units:
        sub = local[local["unit"] == u]
        total = total + _day_hours(
            np.concatenate([o_s, _ns(sub["start"])]), np.concatenate([o_e, _ns(sub["end"])]), lo, hi
        )
    provisional = np.zeros(len(days), dtype=bool)
    for s, e in zip(
        _ns(rows.loc[rows["ongoing"], "start"]), _ns(rows.loc[rows["ongoing"], "end"]), strict=True
    ):
        provisional |= (hi > s) & (lo <= e)
    return pd.DataFrame(
        {
            "indicator": RAION_HOURS,
            "region": region,
            "date": days,
            "value": total / n,
            "status": np.where(provisional, "P", "A"),
        }
    )


def alert_observations(logs: list[AlertLog], level: str) -> pd.DataFrame:
    """Alert hours and alert counts per oblast per covered Kyiv-local day."""
    if level not in ("oblast", "all"):
        raise ValidationError(
            f"air_raid_alerts: level={level!r}; expected 'oblast' (only "
            "oblast-wide alerts) or 'all' (raion and hromada alerts too)"
        )
    rows = _one_row_per_alert(pd.concat([lg.rows for lg in logs], ignore_index=True))
    every = rows
    if level == "oblast":
        rows = rows[rows["level"] == "oblast"]
    days = pd.DatetimeIndex(sorted(set().union(*(set(lg.days) for lg in logs))))
    days = pd.DatetimeIndex(days, dtype="datetime64[ns]")
    regions = sorted(set().union(*(lg.regions for lg in logs)))
    lo, hi = _midnights(days)
    out = []
    for reg in regions:
        sub = rows[rows["region"] == reg]
        s_ns = pd.DatetimeIndex(sub["start"]).as_unit("ns").asi8
        e_ns = pd.DatetimeIndex(sub["end"]).as_unit("ns").asi8
        ms, me = merge_intervals(s_ns, e_ns)
        hours = (_covered_before(hi, ms, me) - _covered_before(lo, ms, me)) / _NS_PER_HOUR
        provisional = np.zeros(len(days), dtype=bool)
        for s, e in zip(
            s_ns[sub["ongoing"].to_numpy()], e_ns[sub["ongoing"].to_numpy()], strict=True
        ):
            provisional |= (hi > s) & (lo <= e)
        day_of = np.searchsorted(hi, s_ns, side="right")
        counts = np.bincount(day_of, minlength=len(days) + 1)[: len(days)]
        out.append(
            pd.DataFrame(
                {
                    "indicator": HOURS,
                    "region": reg,
                    "date": days,
                    "value": hours,
                    "status": np.where(provisional, "P", "A"),
                }
            )
        )
        out.append(raion_hours(every[every["region"] == reg], reg, days, lo, hi))
        out.append(
            pd.DataFrame(
                {
                    "indicator": COUNT,
                    "region": reg,
                    "date": days,
                    "value": counts.astype("float64"),
                    "status": "A",
                }
            )
        )
    if not out:
        return pd.DataFrame(
            {
                "indicator": pd.Series([], dtype="str"),
                "region": pd.Series([], dtype="str"),
                "date": pd.Series([], dtype="datetime64[ns]"),
                "value": pd.Series([], dtype="float64"),
                "status": pd.Series([], dtype="str"),
            }
        )
    frame = pd.concat(out, ignore_index=True)
    # a live file ends in the middle of its last day: that day is provisional (the next
    # version of the log revises it, and the store records the revision)
    frame.loc[frame["date"] == days[-1], "status"] = "P"
    return frame
