"""xarray panels: one variable per indicator, dims ``(time, region, *extra)``, CF-style attrs."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import xarray as xr

from ._semantics import latest_vintage, resample_frame
from .aggregation import total
from .errors import ValidationError
from .indicators import get_indicator
from .observations import validate_observations

__all__ = ["panel"]


def panel(
    frame: pd.DataFrame,
    indicators: str | Sequence[str] | None = None,
    regions: str | Sequence[str] | None = None,
    freq: str | None = None,
    *,
    over: str | Sequence[str] | None = None,
) -> xr.Dataset:
    """Observations → ``xarray.Dataset`` with one variable per indicator.

    Each variable has dims ``(time, region, *extra)`` (its own extra dimensions, e.g.
    ``partner``) and CF-style attrs (``units``, ``long_name``, ``cell_methods`` such as
    ``time: sum`` or ``time: point``) plus the indicator's metadata. The latest vintage of
    each observation is used. With ``freq`` every series is first resampled by its
    measure, and a ``<id>_coverage`` variable (0-1) says how much of each period the
    observations cover (below 1: a partial period; see
    :meth:`IndicatorSeries.resample <warindicators.IndicatorSeries.resample>`). Lower/upper
    bounds, where present, become ``<id>_low`` / ``<id>_high`` ancillary variables.

    Values of one key published by several sources (publishers' estimates of the same
    thing) are never merged: such a variable gets a ``source`` dimension.

    With ``over`` (e.g. ``"region"``), each variable is combined over those dimensions by
    :func:`warindicators.total`: summed where its measure allows (``attrs["aggregation"]``
    says what was summed, ``cell_methods`` gains ``region: sum``), otherwise kept per region
    with ``attrs["aggregation_reason"]`` saying why (shares and rates are never summed).

    Examples
    --------
    >>> import warindicators as wi
    >>> ds = wi.panel(wi.load_frame(families="outages"), freq="Q")
    >>> ds["outages.air_raid_alert_hours"].dims
    ('time', 'region')
    >>> ds["outages.air_raid_alert_hours"].attrs["cell_methods"]
    'time: sum'
    >>> tot = wi.panel(wi.load_frame(families="outages"), freq="Q", over="region")
    >>> tot["outages.air_raid_alert_hours"].dims
    ('time',)
    >>> tot["outages.air_raid_alert_hours"].attrs["aggregation"]
    'sum of 24 regions (UA-05, UA-07, UA-12, … and 21 more)'
    """
    if frame.empty:
        raise ValidationError("panel: the frame holds no observations")
    df = frame
    if indicators is not None:
        ids = [indicators] if isinstance(indicators, str) else list(indicators)
        df = df[df["indicator"].isin(ids)]
        missing = set(ids) - set(df["indicator"].unique())
        if missing:
            for i in missing:
                get_indicator(i)  # unknown ids raise with suggestions
            raise ValidationError(f"panel: no observations of {sorted(missing)}")
    if regions is not None:
        regs = [regions] if isinstance(regions, str) else list(regions)
        df = df[df["region"].isin(regs)]
        if df.empty:
            raise ValidationError(f"panel: no observations for regions {regs}")
    df = validate_observations(df, allow_vintages=True)
    arrays: dict[str, xr.DataArray] = {}
    over_t = () if over is None else ((over,) if isinstance(over, str) else tuple(over))
    for ind_id, part in df.groupby("indicator", sort=True):
        ind = get_indicator(str(ind_id))
        groups = ["region", *ind.dims]
        if "source" in part.columns:
            per_source = latest_vintage(part, [*groups, "source", "date"])
            if per_source.duplicated([*groups, "date"]).any():
                groups.append("source")  # publishers side by side, never merged
        part = latest_vintage(part, [*groups, "date"])
        if freq is not None:
            part = resample_frame(part, ind, freq, groups=groups)
        attrs = {k: v for k, v in ind.to_attrs().items() if v not in ("", None)}
        combine = [d for d in over_t if d in groups]
        if combine:
            res = total(part, over=combine, indicator=ind)
            if res.values is not None:
                summed = [d for d in combine if part[d].nunique(dropna=False) > 1]
                keep = [g for g in groups if g not in combine]
                part = _combined_part(part, res, keep)
                groups = keep
                attrs["aggregation"] = res.label
                if res.kind != "single":
                    method = "sum" if res.kind == "sum" else "mean"
                    attrs["cell_methods"] = " ".join(
                        [str(attrs.get("cell_methods", "")), *(f"{d}: {method}" for d in summed)]
                    ).strip()
            else:
                attrs["aggregation_reason"] = str(res.reason)
        cols = [c for c in ("value", "low", "high") if c in part.columns and part[c].notna().any()]
        if freq is not None and "coverage" in part.columns:
            cols.append("coverage")
        idx = part.set_index(["date", *groups])[cols]
        ds_part = idx.to_xarray().rename({"date": "time"})
        attrs["latest_date"] = (
            str(pd.Timestamp(part.loc[part["value"].notna(), "date"].max()).date())
            if part["value"].notna().any()
            else ""
        )
        da = ds_part["value"].transpose("time", *groups)
        da.attrs = attrs
        da.name = ind.id
        arrays[ind.id] = da
        if "coverage" in cols:
            cov = ds_part["coverage"].transpose("time", *groups)
            cov.attrs = {
                "units": "1",
                "long_name": f"{ind.title}: share of the period covered by observations",
            }
            cov.name = f"{ind.id}_coverage"
            arrays[cov.name] = cov
            da.attrs["ancillary_variables"] = cov.name
        for c in ("low", "high"):
            if c in cols:
                anc = ds_part[c].transpose("time", *groups)
                anc.attrs = {"units": ind.unit, "long_name": f"{ind.title} ({c} bound)"}
                anc.name = f"{ind.id}_{c}"
                arrays[f"{ind.id}_{c}"] = anc
                da.attrs["ancillary_variables"] = " ".join(
                    filter(None, [da.attrs.get("ancillary_variables", ""), f"{ind.id}_{c}"])
                )
    ds = xr.merge(list(arrays.values()), join="outer", compat="no_conflicts", combine_attrs="drop")
    for name, da in arrays.items():
        ds[name].attrs = da.attrs
    ds["time"].attrs = {"long_name": "reference day (end of the period)"}
    if "region" in ds.coords:
        ds["region"].attrs = {"long_name": "region (ISO 3166-1 / ISO 3166-2:UA / group)"}
    ds.attrs = {
        "title": "warindicators panel",
        "Conventions": "CF-1.10",
        "frequency": freq or "native",
    }
    return ds


def _combined_part(part: pd.DataFrame, res: object, keep: list[str]) -> pd.DataFrame:
    """Long rows of a :class:`~warindicators.Total` (with the coverage of its least covered
    part)."""
    from .aggregation import Total

    assert isinstance(res, Total) and res.values is not None
    out = pd.DataFrame({"date": res.values.index, "value": res.values.to_numpy()})
    for name, b in (("low", res.low), ("high", res.high)):
        if b is not None:
            out[name] = b.reindex(res.values.index).to_numpy()
    for g in keep:
        out[g] = part[g].iloc[0]
    if res.coverage is not None:
        out["coverage"] = res.coverage.reindex(res.values.index).to_numpy()
    return out
