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

from ._freq import canonical, freq_rank, infer_frequency
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
    """One row per key: the most recently published vintage (unpublished rows count as oldest).

    Examples
    --------
    >>> f = pd.DataFrame({"date": ["2024-01-31"] * 3, "source": ["a", "a", "b"],
    ...                   "value": [1.0, 2.0, 5.0],
    ...                   "published": pd.to_datetime(["2024-02-01", "2024-02-09", None])})
    >>> latest_vintage(f, ["date", "source"])["value"].tolist()
    [2.0, 5.0]
    >>> latest_vintage(f, ["date"])["value"].tolist()  # keys without source: one publisher
    [2.0]
    """
    if "published" not in frame.columns or frame.empty:
        return frame
    order = frame.assign(_pub=pd.to_datetime(frame["published"]))
    order = order.sort_values([*keys, "_pub"], kind="stable", na_position="first")
    return order.drop_duplicates(subset=list(keys), keep="last").drop(columns="_pub")


def status_of(s: pd.Series) -> str | None:
    """Status of a value combined from observations with statuses ``s``: ``A`` when all
    are normal, ``P`` when any is provisional, else the first other code.

    Examples
    --------
    >>> status_of(pd.Series(["A", "A"])), status_of(pd.Series(["A", "E", "P"]))
    ('A', 'P')
    >>> status_of(pd.Series(["A", "E"])), status_of(pd.Series([None], dtype=object))
    ('E', None)
    """
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
    obs: pd.DataFrame,
    gi: np.ndarray,
    periods: pd.PeriodIndex,
    as_of: pd.DatetimeIndex,
    native: str,
    measure: str,
) -> np.ndarray:
    """Coverage (0-1) of each output row (group ``gi``, target period) by the observations
    ``obs`` (columns ``_g``, ``_p``, ``date``; one row per group and observed date)."""
    n = len(periods)
    start = periods.start_time
    end = periods.end_time.normalize()
    days = np.asarray((end - start).days + 1, dtype="float64")
    row = pd.MultiIndex.from_arrays([gi, periods.asi8], names=["_g", "_p"])
    counts = obs.groupby(["_g", "_p"]).size().reindex(row, fill_value=0).to_numpy("float64")
    seen = counts > 0
    if native == "coarser":
        return np.where(seen, np.nan, 0.0)
    by_group = obs.groupby("_g")["date"]
    if AGGREGATION[measure] == "last":
        # a level is as of its last observation; the period is complete when the next
        # observation due at the native frequency would fall after the period's end
        if native in _STEP:
            due = as_of + _STEP[native]
        else:
            gap = by_group.agg(lambda d: d.diff().median()).reindex(gi).fillna(pd.Timedelta(0))
            due = as_of + pd.TimedeltaIndex(gap.to_numpy())
        complete = np.asarray(due > end) | np.asarray(as_of == end)
        elapsed = np.asarray((as_of - start).days + 1, dtype="float64")
        cov = np.where(complete, 1.0, elapsed / days)
    elif native in ("D", "M", "Q", "Y"):
        # observed native periods / native periods in the target period
        pf = _PERIOD[native]
        nat = obs.assign(_n=pd.DatetimeIndex(obs["date"]).to_period(pf).asi8)
        got = nat.drop_duplicates(["_g", "_p", "_n"]).groupby(["_g", "_p"]).size()
        got_a = got.reindex(row, fill_value=0).to_numpy("float64")
        cov = got_a / (end.to_period(pf).asi8 - start.to_period(pf).asi8 + 1)
    elif native == "W":
        # a 7-day grid anchored on each group's first observation (weeks need not end on
        # Sunday)
        anchor = pd.DatetimeIndex(by_group.min().reindex(gi).to_numpy())
        k_lo = np.ceil(np.asarray((start - anchor).days, dtype="float64") / 7)
        k_hi = np.floor(np.asarray((end - anchor).days, dtype="float64") / 7)
        cov = counts / np.maximum(k_hi - k_lo + 1, 1)
    else:
        # irregular flows: the share of the period inside the group's observed span
        first = by_group.min().reindex(gi).to_numpy("datetime64[ns]")
        last = by_group.max().reindex(gi).to_numpy("datetime64[ns]")
        lo = np.maximum(np.asarray(start, dtype="datetime64[ns]"), first)
        hi = np.minimum(np.asarray(end, dtype="datetime64[ns]"), last)
        inside = (hi - lo).astype("timedelta64[D]").astype("float64") + 1
        cov = np.clip(inside, 0, None) / days
    out = np.where(seen, np.clip(cov, 0.0, 1.0), 0.0)
    assert len(out) == n
    return out


def _statuses(df: pd.DataFrame, keys: list[str]) -> pd.Series:
    """:func:`status_of` per key, vectorised."""
    s = df["status"]
    by = [df[k] for k in keys]
    has_p = (s == "P").groupby(by).any()
    other = s.where(s.notna() & (s != "A")).groupby(by).first()
    any_val = s.notna().groupby(by).any()
    out = pd.Series(
        np.where(has_p, "P", np.where(other.notna(), other.astype("object"), None)),
        index=has_p.index,
        dtype="object",
    )
    return out.where(out.notna() | ~any_val, "A")


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
    how = AGGREGATION[indicator.measure]
    cols = [c for c in ("value", "low", "high") if c in frame.columns]
    pfreq = _PERIOD[code]
    g = list(groups)
    keep = [*g, "date", *cols, *[c for c in ("status", "published") if c in frame.columns]]
    df = frame[keep].copy()
    df["date"] = pd.to_datetime(df["date"]).astype("datetime64[ns]")
    if "status" in df.columns:
        df["status"] = df["status"].astype("object")
    df["_g"] = df.groupby(g, sort=True, dropna=False).ngroup() if g else 0
    df["_p"] = pd.DatetimeIndex(df["date"]).to_period(pfreq).asi8
    df = df.sort_values(["_g", "date"], kind="stable")
    keys = ["_g", "_p"]
    grp = df.groupby(keys, sort=True)
    if how == "sum":
        agg = grp[cols].sum(min_count=1)
    elif how == "last":
        agg = grp[cols].last()
    else:
        agg = grp[cols].mean()
    agg["n_obs"] = grp["value"].count()
    if "status" in df.columns:
        agg["status"] = _statuses(df, keys)
    if "published" in df.columns:
        agg["published"] = grp["published"].max()
    obs = df.loc[df["value"].notna(), ["_g", "_p", "date"]].drop_duplicates(["_g", "date"])
    agg["as_of"] = obs.groupby(keys)["date"].max()
    # every period from each group's first to its last, empty ones included
    span = df.groupby("_g")["_p"].agg(["min", "max"])
    lens = (span["max"] - span["min"] + 1).to_numpy()
    gi = np.repeat(span.index.to_numpy(), lens)
    pi = np.concatenate(
        [np.arange(lo, hi + 1) for lo, hi in zip(span["min"], span["max"], strict=True)]
    )
    agg = agg.reindex(pd.MultiIndex.from_arrays([gi, pi], names=keys))
    periods = pd.PeriodIndex.from_ordinals(pi, freq=pfreq)
    agg["n_obs"] = agg["n_obs"].fillna(0).astype("int64")
    as_of = pd.DatetimeIndex(agg["as_of"]).astype("datetime64[ns]")
    agg["as_of"] = as_of
    # each group at its own native frequency (regions may report on different weekdays)
    found = {
        int(k): native_frequency(pd.DatetimeIndex(d), indicator.frequency)
        for k, d in obs.groupby("_g")["date"]
    }
    by_native: dict[str, list[int]] = {}
    for k in span.index:
        by_native.setdefault(found.get(int(k), indicator.frequency), []).append(int(k))
    coverage = np.zeros(len(gi))
    for native, members in by_native.items():
        if native != "irregular" and freq_rank(native) > freq_rank(code):
            native = "coarser"  # too few dates to refuse; coverage is then unknown (NaN)
        rows = np.isin(gi, members)
        coverage[rows] = _coverage(
            obs[obs["_g"].isin(members)],
            gi[rows],
            periods[rows],
            as_of[rows],
            native,
            indicator.measure,
        )
    agg["coverage"] = coverage
    out = agg.reset_index(drop=True)
    out.insert(0, "date", periods.end_time.normalize().astype("datetime64[ns]"))
    if g:
        labels = df.drop_duplicates("_g").set_index("_g")[g].reindex(gi).reset_index(drop=True)
        for c in reversed(g):
            out.insert(0, c, labels[c].to_numpy())
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
