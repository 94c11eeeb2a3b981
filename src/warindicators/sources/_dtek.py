"""DTEK weekly outage-schedule templates (``DisconSchedule.preset`` JSON) -> daily hours.

Private module; the public entry point is
:func:`warindicators.sources.outages.read_dtek_schedule`.

The template maps queue -> weekday (``"1"`` = Monday ... ``"7"``) -> hour slot (``"1"`` =
00:00-01:00 local Kyiv time ... ``"24"``) -> status code. It is expanded over calendar days
in Europe/Kyiv: each *real* hour of a day takes the status of the slot its local wall-clock
time falls in. On the spring DST day (last Sunday of March) the local hour 03:00-04:00 does
not exist, so slot ``"4"`` contributes nothing and the day has 23 hours; on the autumn DST
day (last Sunday of October) 03:00-04:00 happens twice, so slot ``"4"`` counts twice and
the day has 25 hours.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final

import numpy as np
import pandas as pd

from ..errors import DataFormatError, ValidationError
from ..regions import is_valid_region, oblast_code
from ..repeats import loads_json

__all__ = [
    "DTEK_REGIONS",
    "POSSIBLE_HOURS",
    "SCHEDULED_HOURS",
    "expand_schedule",
    "hour_counts",
    "load_preset",
    "region_from_filename",
    "resolve_region",
]

KYIV: Final = "Europe/Kyiv"
SCHEDULED: Final = "outages.scheduled_power_off_hours"
POSSIBLE: Final = "outages.possible_power_off_hours"

#: Hours of a slot counted as scheduled power-off, by status code.
SCHEDULED_HOURS: Final[dict[str, float]] = {"no": 1.0, "first": 0.5, "second": 0.5}
#: Hours of a slot counted as possible power-off, by status code.
POSSIBLE_HOURS: Final[dict[str, float]] = {"maybe": 1.0, "mfirst": 0.5, "msecond": 0.5}
_KNOWN: Final[frozenset[str]] = frozenset({"yes", *SCHEDULED_HOURS, *POSSIBLE_HOURS})

#: File-name stems (network operator or city) -> ISO 3166-2:UA region.
DTEK_REGIONS: Final[dict[str, str]] = {
    "kyiv_region": "UA-32",
    "kyivska": "UA-32",
    "kyiv_oblast": "UA-32",
    "krem": "UA-32",
    "kyiv": "UA-30",
    "kyiv_city": "UA-30",
    "kem": "UA-30",
    "dnipro": "UA-12",
    "dnipropetrovska": "UA-12",
    "dnem": "UA-12",
    "odesa": "UA-51",
    "odeska": "UA-51",
    "oem": "UA-51",
}
_SLOT_SPAN: Final[re.Pattern[str]] = re.compile(r"^\s*(\d{1,2})\s*[-–]\s*(\d{1,2})\s*$")


def region_from_filename(path: Path) -> str | None:
    """Region of the network operator named by a file name, or ``None``.

    The stem (lower case, ``-`` read as ``_``, a trailing date or counter ignored) is
    looked up in :data:`DTEK_REGIONS`; the longest known prefix wins.

    Examples
    --------
    >>> region_from_filename(Path("kyiv.json")), region_from_filename(Path("kyiv-region.json"))
    ('UA-30', 'UA-32')
    >>> region_from_filename(Path("dnipro_2024-12-16.json")), region_from_filename(Path("x.json"))
    ('UA-12', None)
    """
    stem = path.name.split(".", 1)[0].casefold().replace("-", "_").replace(" ", "_")
    for key in sorted(DTEK_REGIONS, key=len, reverse=True):
        if stem == key or (stem.startswith(key) and not stem[len(key)].isalpha()):
            return DTEK_REGIONS[key]
    return None


def _fail(msg: str, path: Path, field: str | None = None) -> DataFormatError:
    return DataFormatError(msg, path=path, field=field)


def _object(value: Any, what: str, path: Path) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _fail(f"{what}: expected a JSON object, got {type(value).__name__}", path, what)
    return value


def _slot_hours(preset: Mapping[str, Any], path: Path) -> dict[str, int]:
    """Slot id -> local start hour (0..23)."""
    zones = preset.get("time_zone")
    if zones is None:
        return {str(i): i - 1 for i in range(1, 25)}
    zones = _object(zones, "time_zone", path)
    out: dict[str, int] = {}
    for slot, span in zones.items():
        m = _SLOT_SPAN.match(str(span))
        if m is None or int(m.group(2)) != int(m.group(1)) + 1 or int(m.group(1)) > 23:
            raise _fail(
                f"slot {slot!r} spans {span!r}; expected one local hour such as "
                "'00-01' ... '23-24'",
                path,
                "time_zone",
            )
        out[str(slot)] = int(m.group(1))
    if sorted(out.values()) != list(range(24)):
        raise _fail(
            f"time_zone has {len(out)} slots covering hours {sorted(out.values())}; "
            "expected 24 one-hour slots covering 00-24",
            path,
            "time_zone",
        )
    return out


def load_preset(path: Path) -> dict[str, np.ndarray]:
    """Parse a template file into ``{queue: weights}``, ``weights[kind, weekday, hour]``.

    ``kind`` 0 is scheduled power-off hours, 1 possible power-off hours; ``weekday`` 0 is
    Monday; ``hour`` the local start hour. The preset may be the file's top-level object
    or wrapped as ``{"DisconSchedule": {"preset": ...}}`` / ``{"preset": ...}``.
    """
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise _fail(f"cannot read file: {exc.strerror or exc}", path) from None
    try:
        doc = loads_json(raw.decode("utf-8-sig"), path)
    except UnicodeDecodeError as exc:
        raise _fail(f"not UTF-8 text (offset {exc.start}); expected a JSON file", path) from None
    except json.JSONDecodeError as exc:
        raise DataFormatError(
            f"invalid JSON: {exc.msg} (column {exc.colno})", path=path, row=exc.lineno
        ) from None
    except RecursionError:
        raise _fail("JSON nested too deeply; expected a schedule preset", path) from None
    preset = _object(doc, "top level", path)
    if "data" not in preset:
        inner = preset.get("DisconSchedule", preset)
        inner = _object(inner, "DisconSchedule", path).get("preset", inner)
        preset = _object(inner, "preset", path)
    if "data" not in preset:
        raise _fail(
            f"no 'data' member (queue -> weekday -> slot -> status); found keys "
            f"{sorted(map(str, preset))[:10]}",
            path,
            "data",
        )
    slots = _slot_hours(preset, path)
    data = _object(preset["data"], "data", path)
    if not data:
        raise _fail("'data' holds no queue", path, "data")
    out: dict[str, np.ndarray] = {}
    for queue, week in data.items():
        week = _object(week, f"data.{queue}", path)
        w = np.zeros((2, 7, 24))
        for wd in range(1, 8):
            day = week.get(str(wd))
            if day is None:
                raise _fail(
                    f"queue {queue!r} has no weekday {wd} (expected '1' = Monday ... '7' = Sunday)",
                    path,
                    f"data.{queue}",
                )
            day = _object(day, f"data.{queue}.{wd}", path)
            for slot, hour in slots.items():
                if slot not in day:
                    raise _fail(
                        f"queue {queue!r}, day {wd}: slot {slot!r} missing",
                        path,
                        f"data.{queue}.{wd}",
                    )
                code = day[slot]
                key = code.strip().casefold() if isinstance(code, str) else None
                if key not in _KNOWN:
                    raise _fail(
                        f"queue {queue!r}, day {wd}, slot {slot!r}: unknown status "
                        f"code {code!r}; expected one of {sorted(_KNOWN)}",
                        path,
                        f"data.{queue}.{wd}.{slot}",
                    )
                w[0, wd - 1, hour] = SCHEDULED_HOURS.get(str(key), 0.0)
                w[1, wd - 1, hour] = POSSIBLE_HOURS.get(str(key), 0.0)
            extra = set(map(str, day)) - set(slots)
            if extra:
                raise _fail(
                    f"queue {queue!r}, day {wd}: unknown slot(s) {sorted(extra)}; "
                    f"expected {sorted(slots, key=int)}",
                    path,
                    f"data.{queue}.{wd}",
                )
        out[str(queue)] = w
    return out


def _day(value: object, name: str) -> pd.Timestamp:
    if value is None:
        raise ValidationError(
            f"dtek_schedule: {name}= is required (a date such as '2024-12-16'): the file is "
            "a weekly template, not a dated log"
        )
    try:
        ts = pd.Timestamp(value)
    except (ValueError, TypeError):
        raise ValidationError(f"dtek_schedule: {name}={value!r} is not a date") from None
    if pd.isna(ts):
        raise ValidationError(f"dtek_schedule: {name}={value!r} is not a date")
    return ts.tz_localize(None).normalize() if ts.tzinfo is not None else ts.normalize()


def hour_counts(start: object, end: object) -> tuple[pd.DatetimeIndex, np.ndarray]:
    """Local days ``start..end`` and how many real hours of each local clock hour they have.

    Examples
    --------
    >>> days, counts = hour_counts("2024-03-30", "2024-04-01")
    >>> counts.sum(axis=1).tolist(), int(counts[1, 3])
    ([24, 23, 24], 0)
    >>> days, counts = hour_counts("2024-10-27", "2024-10-27")
    >>> int(counts.sum()), int(counts[0, 3])
    (25, 2)
    """
    d0, d1 = _day(start, "start"), _day(end, "end")
    if d1 < d0:
        raise ValidationError(f"dtek_schedule: end={d1.date()} is before start={d0.date()}")
    days = pd.date_range(d0, d1, freq="D")
    first = d0.tz_localize(KYIV).tz_convert("UTC")
    last = (d1 + pd.Timedelta(days=1)).tz_localize(KYIV).tz_convert("UTC")
    instants = pd.date_range(first, last, freq="h", inclusive="left").tz_convert(KYIV)
    local_day = instants.tz_localize(None).normalize()
    pos = ((local_day - d0) // pd.Timedelta(days=1)).to_numpy()
    counts = np.zeros((len(days), 24), dtype=np.int64)
    np.add.at(counts, (pos, instants.hour.to_numpy()), 1)
    return days, counts


def expand_schedule(
    weights: Mapping[str, np.ndarray], days: pd.DatetimeIndex, counts: np.ndarray
) -> pd.DataFrame:
    """Daily scheduled/possible power-off hours per queue (columns queue, date, kind, value)."""
    weekday = days.day_of_week.to_numpy()
    parts = []
    for queue, w in weights.items():
        per_day = np.einsum("kdh,dh->kd", w[:, weekday, :], counts)
        for k, ind in enumerate((SCHEDULED, POSSIBLE)):
            parts.append(
                pd.DataFrame({"indicator": ind, "queue": queue, "date": days, "value": per_day[k]})
            )
    return pd.concat(parts, ignore_index=True)


def resolve_region(region: object, path: Path) -> str:
    """``region=`` (ISO code or oblast name) or the one inferred from the file name."""
    if region is None:
        found = region_from_filename(path)
        if found is None:
            raise DataFormatError(
                f"cannot infer the region from the file name {path.name!r}; expected a name "
                f"starting with one of {sorted(DTEK_REGIONS)} or pass region='UA-30' (an "
                "ISO 3166-2:UA code or oblast name)",
                path=path,
            )
        return found
    code = str(region).strip()
    if code.startswith("UA-") and is_valid_region(code):
        return code
    try:
        return oblast_code(code)
    except ValidationError:
        raise ValidationError(
            f"dtek_schedule: region={region!r} is not an ISO 3166-2:UA code or oblast name"
        ) from None
