"""Helpers of :meth:`IndicatorSeries.from_frame <warindicators.IndicatorSeries.from_frame>`
when it combines parts: the rows (with vintages) of a combined series, and what to pass
instead when no total can be formed."""

from __future__ import annotations

import pandas as pd

from .._semantics import latest_vintage, status_of
from ..errors import ValidationError
from ..indicators import Indicator
from ..observations import validate_observations
from .parts import drop_covered
from .result import Total
from .total import total

__all__ = ["combined_rows", "select_series", "spliced_readers", "what_to_pass"]


def spliced_readers(sub: pd.DataFrame, ind: Indicator) -> list[str]:
    """Readers whose values one series (a region and dimension values) would join.

    Two readers of one indicator (the Economist/ISW area file and DeepState snapshots, say)
    measure it each in their own way: one series made of both, one reader's dates after
    the other's, would show their difference as a change on the ground. Only ``source``
    values that are registered reader ids count (the shipped reference cites a statement
    per row instead).

    Examples
    --------
    >>> import pandas as pd
    >>> from warindicators.indicators import get_indicator
    >>> f = pd.DataFrame({"region": "UA", "date": pd.to_datetime(["2024-06-30", "2024-11-20"]),
    ...                   "source": ["economist_isw_area", "deepstate_geojson"]})
    >>> spliced_readers(f, get_indicator("territory.area_occupied_km2"))
    ['deepstate_geojson', 'economist_isw_area']
    >>> spliced_readers(f.assign(region=["UA-14", "UA-23"]),
    ...                 get_indicator("territory.area_occupied_km2"))
    []
    """
    from ..sources.registry import list_sources

    if "source" not in sub.columns or sub.empty:
        return []
    readers = sub[sub["source"].isin(list(list_sources()))]
    keys = [c for c in ("region", *ind.dims) if c in readers.columns]
    per_series = readers.groupby(keys, dropna=False)["source"].nunique()
    if not bool((per_series > 1).any()):
        return []
    return sorted(str(v) for v in pd.unique(readers["source"]))


def what_to_pass(sub: pd.DataFrame, over: list[str]) -> str:
    """What to pass to select one series when the parts cannot be combined.

    Examples
    --------
    >>> f = pd.DataFrame({"region": ["UA-14", "UA-23"], "source": ["a", "b"]})
    >>> what_to_pass(f, ["region"])
    "pass region= one of ['UA-14', 'UA-23'] and source= one of ['a', 'b'], or use warindicators.total(frame) for the parts side by side"
    """
    hints = []
    for d in over:
        vals = sorted(str(v) for v in pd.unique(sub[d].dropna()))
        hints.append(f"{d}= one of {vals}")
    if "source" in sub.columns and sub["source"].nunique() > 1:
        hints.append(f"source= one of {sorted(str(v) for v in pd.unique(sub['source'].dropna()))}")
    hint = "pass " + " and ".join(hints) if hints else "select one series"
    return hint + ", or use warindicators.total(frame) for the parts side by side"


def combined_rows(sub: pd.DataFrame, over: list[str], ind: Indicator, res: Total) -> pd.DataFrame:
    """Rows of a combined series: the latest total per date, and for dates where a part
    was revised, the total as it stood after each publication (for :meth:`as_of`)."""
    assert res.values is not None
    keys = [c for c in ("region", *ind.dims) if c in sub.columns] + ["date"]
    latest = latest_vintage(sub, keys)
    out = pd.DataFrame({"date": res.values.index, "value": res.values.to_numpy()})
    for name, b in (("low", res.low), ("high", res.high)):
        if b is not None:
            out[name] = b.reindex(res.values.index).to_numpy()
    by_date = latest.groupby("date")
    if "status" in latest.columns:
        out["status"] = out["date"].map(by_date["status"].agg(status_of))
    if "published" not in sub.columns:
        return out
    out["published"] = out["date"].map(by_date["published"].max())
    revised = sub.loc[sub.duplicated(keys, keep=False), "date"].unique()
    older = []
    for day in revised:
        rows = sub[sub["date"] == day]
        pubs = sorted(rows["published"].dropna().unique())
        for p in pubs[:-1]:
            snap = rows[rows["published"].isna() | (rows["published"] <= p)]
            r = total(snap, over=over, indicator=ind)
            if r.values is not None and r.values.notna().any():
                older.append({"date": day, "value": float(r.values.iloc[0]), "published": p})
    if older:
        out = pd.concat([pd.DataFrame(older), out], ignore_index=True)
    return out


def select_series(
    frame: pd.DataFrame, ind: Indicator, region: str | None, selection: dict[str, str]
) -> tuple[str, pd.DataFrame, dict[str, str], Total | None]:
    """The work of :meth:`IndicatorSeries.from_frame
    <warindicators.IndicatorSeries.from_frame>` (see it for the rules): the region code,
    the rows (with vintages), the selection of each extra dimension and, when parts were
    combined, the :class:`Total`.

    Examples
    --------
    >>> from warindicators.indicators import get_indicator
    >>> f = pd.DataFrame({"indicator": "outages.air_raid_alerts",
    ...                   "region": ["UA-32", "UA-46"], "date": "2024-01-31",
    ...                   "value": [10.0, 2.0]})
    >>> region, rows, chosen, res = select_series(f, get_indicator("outages.air_raid_alerts"),
    ...                                           None, {})
    >>> region, rows["value"].tolist(), res.kind
    ('*', [12.0], 'sum')
    """
    if "indicator" not in frame.columns:
        raise ValidationError("frame: missing column 'indicator'")
    sub = frame[frame["indicator"].astype("str") == ind.id]
    if sub.empty:
        raise ValidationError(f"frame has no observations of {ind.id}")
    sub = validate_observations(sub, allow_vintages=True, indicators=[ind])
    selection = dict(selection)
    source = selection.pop("source", None)
    unknown = set(selection) - set(ind.dims)
    if unknown:
        raise ValidationError(
            f"{sorted(unknown)}: not extra dimensions of {ind.id} (it has {list(ind.dims)})"
        )
    regions = sorted(str(r) for r in pd.unique(sub["region"]))
    if region is None:
        for cand in ("UA", ind.default_region):
            if cand in regions:
                region = cand
                break
        else:
            if len(regions) == 1:
                region = regions[0]
    if region is not None:
        sub = sub[sub["region"] == region]
        if sub.empty:
            raise ValidationError(
                f"region: no observations of {ind.id} for region {region!r}; available: {regions}"
            )
    for dim, val in selection.items():
        sub = sub[sub[dim] == val]
        if sub.empty:
            raise ValidationError(f"{dim}: no observations of {ind.id} with {dim}={val!r}")
    if source is not None:
        if "source" not in sub.columns or not (sub["source"] == source).any():
            raise ValidationError(f"source: no observations of {ind.id} from {source!r}")
        sub = sub[sub["source"] == source]
    rest = [d for d in ind.dims if d not in selection]
    over = [d for d in rest if sub[d].nunique(dropna=False) > 1]
    if region is None:
        over.insert(0, "region")
    res = total(sub, over=over, indicator=ind)
    if not res.ok:
        raise ValidationError(f"{ind.id}: {res.reason}; {what_to_pass(sub, over)}")
    if source is None and (readers := spliced_readers(sub, ind)):
        raise ValidationError(
            f"{ind.id}: values of {len(readers)} readers ({', '.join(readers)}) are not "
            f"joined into one series; pass source= one of {readers}"
        )
    selection = {
        **selection,
        **{d: "*" if d in over else str(sub[d].iloc[0]) for d in rest},
    }
    if source is not None:
        selection["source"] = source
    if res.kind == "single":
        sub, _ = drop_covered(sub, over)
        return region or str(sub["region"].iloc[0]), sub, selection, None
    data = combined_rows(sub, over, ind, res)
    return region or "*", data, selection, res
