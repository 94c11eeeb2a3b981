"""Measure-driven aggregation shared by :class:`IndicatorSeries` and :func:`panel`.

The indicator's ``measure`` decides how values combine over time: flows and counts are
summed, stocks and cumulative totals take the last value, shares and rates are averaged.
A period with no observation is missing, never zero.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

import numpy as np
import pandas as pd

from ._freq import canonical, freq_rank, infer_frequency, to_offset
from .errors import ValidationError
from .indicators import Indicator

__all__ = [
    "AGGREGATION",
    "latest_vintage",
    "native_frequency",
    "resample_frame",
    "status_of",
]

_PERIOD: Final[dict[str, str]] = {"D": "D", "W": "W-SUN", "M": "M", "Q": "Q", "Y": "Y"}

AGGREGATION: Final[dict[str, str]] = {
    "flow": "sum",
    "count": "sum",
    "stock": "last",
    "cumulative": "last",
    "share": "mean",
    "rate": "mean",
}


def latest_vintage(frame: pd.DataFrame, keys: Sequence[str]) -> pd.DataFrame:
    """One row per key: the most recently published vintage (unpublished rows count as oldest)."""
    if "published" not in frame.columns or frame.empty:
        return frame
    order = frame.assign(_pub=frame["published"].fillna(pd.Timestamp.min))
    order = order.sort_values([*keys, "_pub"], kind="stable")
    return order.drop_duplicates(subset=list(keys), keep="last").drop(columns="_pub")


def status_of(s: pd.Series) -> str | None:
    """Status of a value combined from observations with statuses ``s``: ``A`` when all
    are normal, ``P`` when any is provisional, else the first other code."""
    vals = [v for v in s.dropna().unique() if v != "A"]
    if not vals:
        return "A" if s.notna().any() else None
    return "P" if "P" in vals else str(vals[0])


def native_frequency(dates: pd.DatetimeIndex, declared: str = "irregular") -> str:
    """Frequency the observations were made at: inferred from regular dates, else from the
    median spacing (a monthly series with a gap is still monthly), else ``declared``.

    Examples
    --------
    >>> native_frequency(pd.DatetimeIndex(["2024-01-31", "2024-02-29", "2024-04-30",
    ...                                    "2024-05-31"]))
    'M'
    >>> native_frequency(pd.DatetimeIndex(["2024-01-10", "2024-03-05"]), "D")
    'D'
    """
    dates = pd.DatetimeIndex(dates).drop_duplicates().sort_values()
    inferred = infer_frequency(dates)
    if inferred != "irregular":
        return inferred
    if len(dates) >= 3:
        med = float(pd.Series(dates).diff().dropna().dt.days.median())
        for code, (lo, hi) in _SPACING.items():
            if lo <= med <= hi:
                return code
    return declared


_SPACING: Final[dict[str, tuple[float, float]]] = {
    "D": (1, 1),
    "W": (7, 7),
    "M": (28, 31),
    "Q": (89, 92),
    "Y": (365, 366),
}
_STEP: Final[dict[str, pd.DateOffset]] = {
    "D": pd.DateOffset(days=1),
    "W": pd.DateOffset(days=7),
    "M": pd.DateOffset(months=1),
    "Q": pd.DateOffset(months=3),
    "Y": pd.DateOffset(years=1),
}


def _coverage(
    dates: pd.Series, periods: pd.PeriodIndex, native: str, measure: str
) -> tuple[np.ndarray, np.ndarray]:
    """Coverage (0-1) of each target period by observations at ``dates``, and the date each
    period's value is as of (its last observation; NaT when none)."""
    obs = pd.DatetimeIndex(dates.dropna().drop_duplicates().sort_values())
    start = periods.start_time
    end = periods.end_time.normalize()
    days = np.asarray((end - start).days + 1, dtype="float64")
    cov = np.zeros(len(periods))
    as_of = np.full(len(periods), np.datetime64("NaT"), dtype="datetime64[ns]")
    if not len(obs):
        return cov, as_of
    pos = pd.Index(periods).get_indexer(obs.to_period(periods.freq))
    counts = np.bincount(pos[pos >= 0], minlength=len(periods)).astype("float64")
    last = pd.Series(obs).groupby(pos).max()
    last = last[last.index >= 0]
    as_of[last.index.to_numpy()] = last.to_numpy(dtype="datetime64[ns]")
    seen = counts > 0
    if native == "coarser":
        return np.where(counts > 0, np.nan, 0.0), as_of
    if AGGREGATION[measure] == "last":
        # a level is as of its last observation; the period is complete when the next
        # observation due at the native frequency would fall after the period's end
        if native in _STEP:
            due = pd.DatetimeIndex(as_of) + _STEP[native]
        else:
            gap = pd.Series(obs).diff().median() if len(obs) > 1 else pd.Timedelta(0)
            due = pd.DatetimeIndex(as_of) + (gap if pd.notna(gap) else pd.Timedelta(0))
        complete = np.asarray(due > end) | np.asarray(pd.DatetimeIndex(as_of) == end)
        elapsed = np.asarray((pd.DatetimeIndex(as_of) - start).days + 1, dtype="float64")
        cov = np.where(complete, 1.0, elapsed / days)
    elif native in ("D", "M", "Q", "Y"):
        # observed native periods / native periods in the target period
        nat = pd.PeriodIndex(obs, freq=_PERIOD[native])
        distinct = pd.Series(nat.asi8).groupby(pos).nunique()
        distinct = distinct[distinct.index >= 0]
        got = np.zeros(len(periods))
        got[distinct.index.to_numpy()] = distinct.to_numpy()
        first = pd.PeriodIndex(start, freq=_PERIOD[native]).asi8
        lastp = pd.PeriodIndex(end, freq=_PERIOD[native]).asi8
        cov = got / (lastp - first + 1)
    elif native == "W":
        # a 7-day grid anchored on the observations (weeks need not end on Sunday)
        anchor = obs[0]
        k_lo = np.ceil(np.asarray((start - anchor).days, dtype="float64") / 7)
        k_hi = np.floor(np.asarray((end - anchor).days, dtype="float64") / 7)
        cov = counts / np.maximum(k_hi - k_lo + 1, 1)
    else:
        # irregular flows: the share of the period inside the observed span
        lo = np.maximum(np.asarray(start, dtype="datetime64[ns]"), obs[0].to_datetime64())
        hi = np.minimum(np.asarray(end, dtype="datetime64[ns]"), obs[-1].to_datetime64())
        inside = (hi - lo).astype("timedelta64[D]").astype("float64") + 1
        cov = np.clip(inside, 0, None) / days
    cov = np.where(seen, np.clip(cov, 0.0, 1.0), 0.0)
    return cov, as_of


def resample_frame(
    frame: pd.DataFrame, indicator: Indicator, freq: str, groups: Sequence[str] = ()
) -> pd.DataFrame:
    """Resample observations (one vintage) of one indicator to ``freq`` by its measure.

    ``frame`` has ``date``, ``value`` and optionally ``low``, ``high``, ``status``; rows
    are grouped by ``groups`` (region and extra dims) first. Dates are period ends.

    Besides the values, each period gets ``n_obs`` (observations in it), ``as_of`` (its
    last observation), ``coverage`` (0-1) and ``partial`` (``0 < coverage < 1``; such a
    period also gets ``status`` ``"P"``). Coverage is measured at the data's native
    frequency (:func:`native_frequency`):

    * flows, counts, shares and rates: native periods observed / native periods in the
      period (days with a value / days in the month for daily data; weeks of a 7-day grid
      anchored on the observations for weekly data; months / 3 for monthly data in a
      quarter). Irregular observations: the share of the period inside the span from the
      first to the last observation.
    * stocks and cumulative totals (a period's value is its last level): 1 when the next
      observation due at the native frequency falls after the period's end (the level is
      known up to the end), else the fraction of the period elapsed by ``as_of``.

    A period without any observation has value NaN and coverage 0 (missing, not partial).
    Coverage is NaN (unknown) where the observations are coarser than the period (a yearly
    figure binned into months).

    Examples
    --------
    >>> import warindicators as wi
    >>> ind = wi.get_indicator("territory.area_change_km2")
    >>> df = pd.DataFrame({"date": pd.date_range("2026-05-01", "2026-06-15"), "value": 1.0})
    >>> out = resample_frame(df, ind, "M")
    >>> out["value"].tolist(), out["coverage"].tolist(), out["partial"].tolist()
    ([31.0, 15.0], [1.0, 0.5], [False, True])
    """
    alias = to_offset(freq)
    code = canonical(freq)
    if frame.empty:
        return frame.copy()
    dates = pd.DatetimeIndex(frame.loc[frame["value"].notna(), "date"])
    inferred = infer_frequency(dates.drop_duplicates().sort_values())
    if inferred != "irregular" and freq_rank(inferred) > freq_rank(code):
        raise ValidationError(
            f"freq: cannot resample {indicator.id} from its {inferred} observations to the finer "
            f"frequency {code}; a {indicator.measure} cannot be disaggregated"
        )
    native = native_frequency(dates, indicator.frequency)
    if native != "irregular" and freq_rank(native) > freq_rank(code):
        native = "coarser"  # too few dates to refuse; coverage is then unknown (NaN)
    how = AGGREGATION[indicator.measure]
    cols = [c for c in ("value", "low", "high") if c in frame.columns]
    out_parts = []
    grouped = frame.groupby(list(groups), sort=True, dropna=False) if groups else [((), frame)]
    for key, part in grouped:
        part = part.set_index("date").sort_index()
        r = part[cols].resample(alias)
        if how == "sum":
            agg = r.sum(min_count=1)
        elif how == "last":
            agg = r.last()
        else:
            agg = r.mean()
        agg["n_obs"] = part["value"].resample(alias).count().astype("int64")
        if "status" in part.columns:
            agg["status"] = part["status"].resample(alias).agg(status_of)
        if "published" in part.columns:
            agg["published"] = part["published"].resample(alias).max()
        periods = pd.PeriodIndex(pd.DatetimeIndex(agg.index), freq=_PERIOD[code])
        observed = pd.Series(part.index[part["value"].notna()])
        cov, as_of = _coverage(observed, periods, native, indicator.measure)
        agg["as_of"] = as_of
        agg["coverage"] = cov
        agg = agg.reset_index()
        if groups:
            key_t = key if isinstance(key, tuple) else (key,)
            for g, v in zip(groups, key_t, strict=True):
                agg[g] = v
        out_parts.append(agg)
    out = pd.concat(out_parts, ignore_index=True)
    # a period without any observation is missing, not zero
    empty = out["n_obs"] == 0
    for c in cols:
        out.loc[empty, c] = np.nan
    out["partial"] = (out["coverage"] > 0) & (out["coverage"] < 1 - 1e-12)
    if out["partial"].any():
        if "status" not in out.columns:
            out["status"] = pd.Series("A", index=out.index, dtype="object").where(~empty, None)
        out.loc[out["partial"], "status"] = "P"
    return out[[*groups, "date", *[c for c in out.columns if c not in (*groups, "date")]]]
