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

__all__ = ["AGGREGATION", "latest_vintage", "resample_frame"]

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


def _status(s: pd.Series) -> str | None:
    vals = [v for v in s.dropna().unique() if v != "A"]
    if not vals:
        return "A" if s.notna().any() else None
    return "P" if "P" in vals else str(vals[0])


def resample_frame(
    frame: pd.DataFrame, indicator: Indicator, freq: str, groups: Sequence[str] = ()
) -> pd.DataFrame:
    """Resample observations (one vintage) of one indicator to ``freq`` by its measure.

    ``frame`` has ``date``, ``value`` and optionally ``low``, ``high``, ``status``; rows
    are grouped by ``groups`` (region and extra dims) first. Dates are period ends;
    ``n_obs`` counts the observations in each period, and a period that daily data cover
    only in part gets ``status`` ``"P"`` (provisional).

    Examples
    --------
    >>> import warindicators as wi
    >>> ind = wi.get_indicator("territory.area_change_km2")
    >>> df = pd.DataFrame({"date": pd.to_datetime(["2024-01-30", "2024-01-31", "2024-03-01"]),
    ...                    "value": [1.0, 2.0, 5.0]})
    >>> resample_frame(df, ind, "M")["value"].tolist()
    [3.0, nan, 5.0]
    """
    alias = to_offset(freq)
    code = canonical(freq)
    if frame.empty:
        return frame.copy()
    native = infer_frequency(pd.DatetimeIndex(frame["date"].drop_duplicates().sort_values()))
    if native != "irregular" and freq_rank(native) > freq_rank(code):
        raise ValidationError(
            f"freq: cannot resample {indicator.id} from its {native} observations to the finer "
            f"frequency {code}; a {indicator.measure} cannot be disaggregated"
        )
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
            agg["status"] = part["status"].resample(alias).agg(_status)
        if "published" in part.columns:
            agg["published"] = part["published"].resample(alias).max()
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
    if native == "D" and len(out):
        # a period the daily data covers only in part is provisional (status P)
        periods = pd.PeriodIndex(pd.DatetimeIndex(out["date"]), freq=_PERIOD[code])
        days = (periods.end_time.normalize() - periods.start_time).days + 1
        partial = (out["n_obs"].to_numpy() < np.asarray(days)) & ~empty.to_numpy()
        if partial.any():
            if "status" not in out.columns:
                out["status"] = pd.Series("A", index=out.index).where(~empty, None)
            out.loc[partial, "status"] = "P"
    return out[[*groups, "date", *[c for c in out.columns if c not in (*groups, "date")]]]
