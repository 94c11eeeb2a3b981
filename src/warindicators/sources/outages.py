"""Readers of outage data: DTEK outage-schedule templates and official air-raid alert logs.

Both work in Europe/Kyiv local calendar days, DST included (the last Sundays of March and
October have 23 and 25 hours). The parsing lives in the private modules ``_dtek`` and
``_alerts``; this module holds the two public readers.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import DataFormatError, ValidationError
from ._alerts import alert_observations, read_alert_log
from ._dtek import expand_schedule, hour_counts, load_preset, resolve_region

__all__ = ["read_air_raid_alerts", "read_dtek_schedule"]


def _published(published: object, reader: str) -> pd.Timestamp | None:
    if published is None:
        return None
    try:
        ts = pd.Timestamp(published)
    except (ValueError, TypeError):
        raise ValidationError(f"{reader}: published={published!r} is not a date") from None
    if pd.isna(ts):
        raise ValidationError(f"{reader}: published={published!r} is not a date")
    return ts.tz_convert("UTC").tz_localize(None) if ts.tzinfo is not None else ts


def _no_options(options: dict[str, Any], reader: str, known: str) -> None:
    if options:
        raise ValidationError(f"{reader}: unknown option(s) {sorted(options)}; expected {known}")


def read_dtek_schedule(
    *paths: str | Path,
    start: object = None,
    end: object = None,
    region: object = None,
    published: object = None,
    **options: Any,
) -> pd.DataFrame:
    """Daily power-off hours per queue from DTEK weekly schedule templates.

    A template (``DisconSchedule.preset`` JSON: ``data`` queue -> weekday ``"1"`` (Monday)
    ... ``"7"`` -> hour slot ``"1"`` (00-01) ... ``"24"`` -> status code) is applied to each
    Kyiv-local day from ``start`` to ``end`` inclusive. Status codes: ``no`` = 1 h and
    ``first``/``second`` (the first/second half-hour of the slot) = 0.5 h of
    ``outages.scheduled_power_off_hours``; ``maybe`` = 1 h (``mfirst``/``msecond`` = 0.5 h)
    of ``outages.possible_power_off_hours``; ``yes`` = power on. Whatever queues the file
    holds are read (their number varies between versions).

    DST: each real hour of a day takes the status of the slot its local clock time falls
    in. On the last Sunday of March the hour 03:00-04:00 does not exist (slot ``"4"`` adds
    nothing; a 23-hour day); on the last Sunday of October it happens twice (slot ``"4"``
    counts twice; a 25-hour day).

    Parameters
    ----------
    *paths
        Template JSON files, one per network operator.
    start, end
        First and last day (inclusive), required.
    region
        ISO 3166-2:UA code or oblast name. By default inferred from the file name:
        ``kyiv`` -> UA-30 (Kyiv City), ``kyiv_region``/``kyivska`` -> UA-32, ``dnipro`` ->
        UA-12, ``odesa`` -> UA-51 (see ``_dtek.DTEK_REGIONS``).
    published
        When this template version was published (e.g. its commit date); adds ``published``.

    Returns
    -------
    pandas.DataFrame
        Observations with the extra dimension ``queue``, both indicators for every queue
        and day (zeros included).

    Raises
    ------
    DataFormatError
        Invalid JSON, missing member, unknown status code (naming queue, day and slot),
        region not inferable from the file name.
    ValidationError
        ``start``/``end`` missing or not dates, ``end`` before ``start``.

    Examples
    --------
    >>> import json, os, tempfile
    >>> day = {str(s): ("no" if s == 19 else "maybe" if s == 20 else "yes")
    ...        for s in range(1, 25)}
    >>> preset = {"data": {"1.1": {str(d): day for d in range(1, 8)}}}
    >>> with tempfile.TemporaryDirectory() as d:
    ...     p = os.path.join(d, "kyiv.json")
    ...     _ = open(p, "w").write(json.dumps(preset))
    ...     obs = read_dtek_schedule(p, start="2024-12-16", end="2024-12-17")
    >>> obs[["indicator", "region", "queue", "value"]].drop_duplicates().values.tolist()
    [['outages.possible_power_off_hours', 'UA-30', '1.1', 1.0], \
['outages.scheduled_power_off_hours', 'UA-30', '1.1', 1.0]]
    """
    _no_options(options, "dtek_schedule", "start=, end=, region=, published=")
    if not paths:
        raise ValidationError("dtek_schedule: pass at least one template JSON file")
    days, counts = hour_counts(start, end)
    pub = _published(published, "dtek_schedule")
    parts = []
    seen: dict[str, Path] = {}
    for p in map(Path, paths):
        reg = resolve_region(region, p)
        if reg in seen:
            raise DataFormatError(
                f"a second template for region {reg} (first: {seen[reg]}); "
                "read one template per region",
                path=p,
            )
        seen[reg] = p
        frame = expand_schedule(load_preset(p), days, counts)
        frame.insert(1, "region", reg)
        parts.append(frame)
    out = pd.concat(parts, ignore_index=True)
    out["status"] = "A"
    if pub is not None:
        out["published"] = pub
    out = out[
        [
            "indicator",
            "region",
            "queue",
            "date",
            "value",
            "status",
            *(["published"] if pub is not None else []),
        ]
    ]
    return out.sort_values(
        ["indicator", "region", "queue", "date"], kind="stable", ignore_index=True
    )


def read_air_raid_alerts(
    *paths: str | Path, level: str = "oblast", published: object = None, **options: Any
) -> pd.DataFrame:
    """Air-raid alert hours and alert counts per oblast per Kyiv-local day.

    Reads the official alert log CSV (``oblast``, ``raion``, ``hromada``, ``level``,
    ``started_at``, ``finished_at`` in UTC with ``+00:00``; other offsets are converted and
    a timestamp without offset is taken as UTC; ``source``; a log without ``raion``,
    ``hromada`` and ``level`` columns holds oblast-wide alerts only; columns are found by
    name, extra ones are ignored) into
    ``outages.air_raid_alert_hours`` (the oblast's alert intervals merged, so overlaps
    count once, then split at Kyiv-local midnights; DST days are 23 or 25 hours long) and
    ``outages.air_raid_alerts`` (alerts that started that day), both from oblast-wide alerts
    (comparable since 2022), and ``outages.air_raid_alert_raion_hours``: alerts at every
    level (oblast, raion, hromada), as the hours each raion spent under alert averaged over
    the oblast's raions. Since the official channel moved to raion and hromada alerts
    (2025), the oblast-wide series shrinks without any change on the ground, and the plain
    union of all alerts saturates (overlapping local alerts merge into months-long events);
    the raion mean does neither (see ``_alerts.raion_hours``). Regions are ISO 3166-2:UA.

    Repeated records: the same alert (oblast, level, place, start) twice with the same end
    collapses with a :class:`~warindicators.observations.RepeatedRecordsWarning`; with a
    different end it is a :class:`~warindicators.errors.DataFormatError` naming both rows.

    Coverage: a file is taken as the complete log from the Kyiv-local day of its first
    start to the day of its last start; every oblast appearing in the file (at any level)
    gets a row for every covered day, 0 when it had no alert. Hours of an alert running
    past the last covered day are not emitted (that day is not covered). Several files are
    combined (an alert in two overlapping files counts once, see below).

    An ongoing alert (empty ``finished_at``) is clipped at the file's last timestamp and the
    hours of the days it touches get ``status="P"`` (provisional). The last covered day is
    provisional too, for every indicator: a live file is cut in the middle of that day, so
    later alerts of the day are missing until the next version (which revises it).
    Everything else is ``"A"``.

    Parameters
    ----------
    *paths
        Alert log CSV files.
    level
        ``"oblast"`` (default): only oblast-wide alerts count in the hours and counts.
        ``"all"``: raion- and hromada-level alerts count too (merged into their oblast's
        intervals and counts: the naive union, which saturates in front-line oblasts).
        ``outages.air_raid_alert_raion_hours`` always counts every level.
    published
        When this version of the log was published; adds a ``published`` column.

    Returns
    -------
    pandas.DataFrame
        Observations in the long format.

    Raises
    ------
    DataFormatError
        Missing column, bad timestamp, ``finished_at`` before ``started_at``, unknown oblast
        or level (naming file, line and field).

    Examples
    --------
    >>> import os, tempfile
    >>> csv = ("oblast,raion,hromada,level,started_at,finished_at,source\\n"
    ...        "Kyiv City,,,oblast,2023-01-01 21:00:00+00:00,2023-01-01 23:30:00+00:00,"
    ...        "official\\nKyiv City,,,oblast,2023-01-02 08:00:00+00:00,"
    ...        "2023-01-02 08:30:00+00:00,official\\n")
    >>> with tempfile.TemporaryDirectory() as d:
    ...     p = os.path.join(d, "alerts.csv")
    ...     _ = open(p, "w").write(csv)
    ...     obs = read_air_raid_alerts(p)
    >>> obs[["indicator", "region", "date", "value"]].astype(str).values.tolist()
    [['outages.air_raid_alert_hours', 'UA-30', '2023-01-01', '1.0'], \
['outages.air_raid_alert_hours', 'UA-30', '2023-01-02', '2.0'], \
['outages.air_raid_alert_raion_hours', 'UA-30', '2023-01-01', '1.0'], \
['outages.air_raid_alert_raion_hours', 'UA-30', '2023-01-02', '2.0'], \
['outages.air_raid_alerts', 'UA-30', '2023-01-01', '1.0'], \
['outages.air_raid_alerts', 'UA-30', '2023-01-02', '1.0']]
    """
    _no_options(options, "air_raid_alerts", "level=, published=")
    if not paths:
        raise ValidationError("air_raid_alerts: pass at least one alert CSV file")
    if level not in ("oblast", "all"):
        raise ValidationError(f"air_raid_alerts: level={level!r}; expected 'oblast' or 'all'")
    pub = _published(published, "air_raid_alerts")
    logs = [read_alert_log(Path(p)) for p in paths]
    out = alert_observations(logs, level)
    if pub is not None:
        out["published"] = pub
    return out.sort_values(["indicator", "region", "date"], kind="stable", ignore_index=True)
