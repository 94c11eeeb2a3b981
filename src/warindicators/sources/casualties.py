"""Readers of casualty data: General Staff loss claims (JSON) and the Economist's estimates (CSV).

General Staff claims (``read_general_staff_losses``) are cumulative counts claimed by one
side about Russian forces (region ``RU``), one series per source key. Corrections (the
equipment correction file) are returned as their own signed flow indicators
``casualties.ru_equipment_correction.<category>`` / ``casualties.ru_personnel_correction``
on the dates the file gives, and the claimed cumulative row of the same category and
date is marked ``status="B"`` (break). Cumulative values that go down are kept as published.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any, Final

import numpy as np
import pandas as pd

from ..errors import DataFormatError
from ..indicators import (
    category_slug,
    correction_indicator,
    equipment_indicator,
    pow_indicator,
    register_indicator,
)
from ..repeats import collapse_repeated
from ._common import check_options, parse_date_option
from ._estimates import read_estimates_file
from ._losses import MergedSeries, load_loss_file, merge_loss_files

__all__ = [
    "correction_indicator",
    "pow_indicator",
    "read_economist_soldier_estimates",
    "read_general_staff_losses",
]

_PERSONNEL: Final = "casualties.ru_personnel_claimed"
_POW: Final = "casualties.ru_pow_claimed"
#: source key -> indicator for the non-equipment counts
_SPECIAL: Final[dict[str, str]] = {"personnel": _PERSONNEL, "POW": _POW}
_BOUND_OF_QUALIFIER: Final[dict[str, str]] = {
    "about": "approx",
    "approximately": "approx",
    "more": "lower",
    "more than": "lower",
    "over": "lower",
    "at least": "lower",
    "up to": "upper",
    "less": "upper",
}


def _indicator_of(key: str) -> str:
    if key in _SPECIAL:
        return _SPECIAL[key]
    return f"casualties.ru_equipment_claimed.{category_slug(key)}"


def _ids(keys: Iterable[str], path: str, *, corrections: bool) -> dict[str, str]:
    """Indicator id of each key, registering new ones; two keys for one id is an error."""
    ids: dict[str, str] = {}
    seen: dict[str, str] = {}
    for key in keys:
        if corrections:
            ind = correction_indicator(key)
        elif key == "POW":
            ind = pow_indicator()
        elif key == "personnel":
            ids[key] = seen[_PERSONNEL] = _PERSONNEL
            continue
        else:
            ind = equipment_indicator(key)
        if ind.id in seen:
            raise DataFormatError(
                f"keys {seen[ind.id]!r} and {key!r} name the same category {ind.id}",
                path=path,
                field=key,
            )
        register_indicator(ind, provider="warindicators")
        ids[key], seen[ind.id] = ind.id, key
    return ids


def _series_frame(series: list[tuple[str, MergedSeries, np.ndarray | None]]) -> pd.DataFrame:
    """Long frame of (indicator id, merged series, status-B mask) triples, in id order."""
    series = sorted(series, key=lambda t: t[0])
    lengths = [len(m.values) for _, m, _ in series]
    n = sum(lengths)
    codes = np.repeat(np.arange(len(series)), lengths)
    out = pd.DataFrame(
        {
            "indicator": pd.Categorical.from_codes(codes, categories=[i for i, _, _ in series]),
            "region": pd.Categorical.from_codes(np.zeros(n, dtype=np.int8), categories=["RU"]),
            "date": np.concatenate([m.dates for _, m, _ in series] or [np.empty(0, "M8[ns]")]),
            "value": np.concatenate([m.values for _, m, _ in series] or [np.empty(0)]),
        }
    )
    if any(m.qualifiers is not None for _, m, _ in series):
        # only the personnel rows carry qualifiers: build both columns from category codes
        uniq = sorted({q for _, m, _ in series for q in (m.qualifiers or ()) if q})
        index = {q: i for i, q in enumerate(uniq)}
        q_codes = np.full(n, -1, dtype=np.int64)
        start = 0
        for (_, m, _), size in zip(series, lengths, strict=True):
            if m.qualifiers is not None:
                q_codes[start : start + size] = [index[q] if q else -1 for q in m.qualifiers]
            start += size
        out["qualifier"] = pd.Categorical.from_codes(q_codes, categories=uniq)
        of_q = [_BOUND_OF_QUALIFIER.get(q.lower()) for q in uniq]
        bounds = sorted({b for b in of_q if b})
        b_map = np.array([bounds.index(b) if b else -1 for b in of_q] + [-1])
        out["bound"] = pd.Categorical.from_codes(b_map[q_codes], categories=bounds)
    if any(mask is not None for _, _, mask in series):
        flags = np.concatenate(
            [
                np.zeros(size, bool) if mask is None else mask
                for (_, _, mask), size in zip(series, lengths, strict=True)
            ]
            or [np.zeros(0, bool)]
        )
        out["status"] = pd.Categorical.from_codes(flags.astype(np.int8), categories=["A", "B"])
    return out


def read_general_staff_losses(
    *paths: str | Path, corrections: str | Path | None = None, **options: Any
) -> pd.DataFrame:
    """Read Russian losses claimed by Ukraine's General Staff (personnel/equipment JSON).

    Each file is a JSON array of flat daily records. ``personnel`` becomes
    ``casualties.ru_personnel_claimed`` (``qualifier`` from ``personnel*``; ``about`` →
    bound ``approx``, ``more`` → ``lower``), ``POW`` becomes ``casualties.ru_pow_claimed``
    and every other numeric key an equipment category
    ``casualties.ru_equipment_claimed.<category_slug(key)>``, registered on the fly when
    new. All are cumulative, region ``RU``. A key absent on a date, or null/``NaN``, gives
    no row; ``date``, ``day``, ``personnel*`` and free-text keys are not categories.

    Parameters
    ----------
    *paths
        Personnel and/or equipment files (detected by their keys; several per call).
    corrections
        The equipment correction file (signed per-category deltas on dates). Each
        non-zero delta becomes a ``casualties.ru_equipment_correction.<category>`` (or
        ``casualties.ru_personnel_correction``) row, and the claimed row of that
        category on that date gets ``status="B"``. Deltas of 0 give no row.
    **options
        ``published``: publication date added to every row.

    Returns
    -------
    pandas.DataFrame
        Observations sorted by indicator and date; the text columns (``indicator``,
        ``region``, ``qualifier``, ``bound``, ``status``) are categorical, which keeps a
        full daily history fast to build (:func:`~warindicators.read_source` returns them
        as strings after validation).

    Raises
    ------
    DataFormatError
        Invalid JSON, a record that is not an object, a bad date, a non-numeric or
        negative count, or the same series and date twice with different figures (naming
        file, record, field; exact repeats collapse with a RepeatedRecordsWarning).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "eq.json").write_text('[{"date": "2023-01-01", "day": 312, "tank": 3031,'
    ...     ' "field artillery": 2021, "drone": NaN}]')
    >>> read_general_staff_losses(d / "eq.json")[["indicator", "value"]]
                                       indicator   value
    0  casualties.ru_equipment_claimed.field_artillery  2021.0
    1             casualties.ru_equipment_claimed.tank  3031.0
    """
    check_options(options, ("published",), "general_staff_losses")
    if not paths:
        raise DataFormatError("no file given; expected russia_losses_personnel/equipment JSON")
    files = [load_loss_file(p) for p in paths]
    merged = merge_loss_files(files)
    ids = _ids(merged, files[0].path, corrections=False)
    fixes: dict[str, MergedSeries] = {}
    if corrections is not None:
        fixes = {
            k: MergedSeries(m.dates[m.values != 0], m.values[m.values != 0], None)
            for k, m in merge_loss_files([load_loss_file(corrections, signed=True)]).items()
        }
        fixes = {k: m for k, m in fixes.items() if len(m.values)}
    series: list[tuple[str, MergedSeries, np.ndarray | None]] = []
    for key, m in merged.items():
        mask = None
        if corrections is not None:
            fix = fixes.get(key)
            mask = np.isin(m.dates, fix.dates) if fix is not None else np.zeros(len(m.dates), bool)
        series.append((ids[key], m, mask))
    if fixes:
        fix_ids = _ids(fixes, str(corrections), corrections=True)
        series += [(fix_ids[k], m, np.zeros(len(m.values), bool)) for k, m in fixes.items()]
    out = _series_frame(series)
    if options.get("published") is not None:
        out["published"] = parse_date_option(options["published"], "published")
    return out


def read_economist_soldier_estimates(*paths: str | Path, **options: Any) -> pd.DataFrame:
    """Read the Economist's list of military death and casualty estimates (CSV).

    Rows become ``casualties.military_deaths_estimate`` (``type`` deaths) or
    ``casualties.military_casualties_estimate`` (killed and wounded), with region ``RU`` or
    ``UA`` for whose soldiers (``country``) and ``date`` parsed as ``DD/MM/YYYY``.

    ``low``/``high`` are kept as published. ``value`` is the point estimate when given,
    else the midpoint of a range, else the single bound; ``bound`` is ``estimate`` for a
    point or a range, ``lower`` for a low-only ("at least") and ``upper`` for a high-only
    ("up to") row. ``source`` and the extra dimension column ``publisher`` hold the
    publisher (the ``source`` column); ``source_url`` is kept. The warring-party flag is
    the boolean column ``warring_party`` and is noted in ``qualifier``.

    Several publishers can give an estimate for the same date, country and type; the
    column ``publisher`` keeps such rows apart (the indicators are meant to declare
    ``dims=("publisher",)``). The same publisher twice on one key with different figures
    is an error naming both rows; an exact repeat of a row collapses to one with a
    :class:`~warindicators.repeats.RepeatedRecordsWarning`.

    Parameters
    ----------
    *paths
        One or more CSV files.
    **options
        ``published``: publication date added to every row.

    Returns
    -------
    pandas.DataFrame
        Observations sorted by indicator, region, date and publisher.

    Raises
    ------
    DataFormatError
        Missing/renamed columns, bad dates or numbers, unknown ``type``/``country``/flag,
        a row with no estimate, ``low > high``, a point outside its range, or the same
        estimate twice with different figures (exact repeats collapse with a warning).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "est.csv").write_text(
    ...     'date,estimate_low,estimate_high,estimate,type,source,source_url,country,'
    ...     '"ignore for chart, data from warring parties"\\n'
    ...     '24/07/2022,15000,20000,,deaths,US officials,https://x.test,russia,\\n')
    >>> read_economist_soldier_estimates(d / "est.csv")[["region", "value", "bound"]]
      region    value     bound
    0     RU  17500.0  estimate
    """
    check_options(options, ("published",), "economist_soldier_estimates")
    if not paths:
        raise DataFormatError("no file given; expected the soldier estimates CSV")
    frames = []
    for p in paths:
        part = read_estimates_file(p)
        part["file"] = str(p)
        frames.append(part)
    out = pd.concat(frames, ignore_index=True)
    key = ["indicator", "region", "publisher", "date"]
    # one estimate per publisher, date, country and type: exact repeats collapse (warning),
    # different figures are an error naming both rows
    where = [
        int(ln) if len(paths) == 1 else f"{f} row {ln}"
        for f, ln in zip(out["file"], out["line"], strict=True)
    ]
    out = collapse_repeated(
        out.drop(columns=["file", "line"]),
        key,
        path=paths[0] if len(paths) == 1 else ", ".join(map(str, paths)),
        lines=np.array(where, dtype=object),
        what="estimate",
    )
    if options.get("published") is not None:
        out["published"] = parse_date_option(options["published"], "published")
    return out.sort_values([*key[:2], "date", "publisher"], kind="stable").reset_index(drop=True)
