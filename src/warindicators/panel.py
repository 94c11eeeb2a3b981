"""xarray panels: one variable per indicator, dims ``(time, region, *extra)``, CF-style attrs."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import xarray as xr

from ._semantics import latest_vintage, resample_frame
from .errors import ValidationError
from .indicators import get_indicator
from .observations import validate_observations

__all__ = ["panel"]


def panel(
    frame: pd.DataFrame,
    indicators: str | Sequence[str] | None = None,
    regions: str | Sequence[str] | None = None,
    freq: str | None = None,
) -> xr.Dataset:
    """Observations → ``xarray.Dataset`` with one variable per indicator.

    Each variable has dims ``(time, region, *extra)`` (its own extra dimensions, e.g.
    ``partner``) and CF-style attrs (``units``, ``long_name``, ``cell_methods`` such as
    ``time: sum`` or ``time: point``) plus the indicator's metadata. The latest vintage of
    each observation is used. With ``freq`` every series is first resampled by its
    measure. Lower/upper bounds, where present, become ``<id>_low`` / ``<id>_high``
    ancillary variables.

    Examples
    --------
    >>> import warindicators as wi
    >>> ds = wi.panel(wi.load_frame(families="outages"), freq="Q")
    >>> ds["outages.air_raid_alert_hours"].dims
    ('time', 'region')
    >>> ds["outages.air_raid_alert_hours"].attrs["cell_methods"]
    'time: sum'
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
    for ind_id, part in df.groupby("indicator", sort=True):
        ind = get_indicator(str(ind_id))
        groups = ["region", *ind.dims]
        part = latest_vintage(part, [*groups, "date"])
        if freq is not None:
            part = resample_frame(part, ind, freq, groups=groups)
        cols = [c for c in ("value", "low", "high") if c in part.columns and part[c].notna().any()]
        idx = part.set_index(["date", *groups])[cols]
        ds_part = idx.to_xarray().rename({"date": "time"})
        attrs = {k: v for k, v in ind.to_attrs().items() if v not in ("", None)}
        attrs["latest_date"] = (
            str(pd.Timestamp(part.loc[part["value"].notna(), "date"].max()).date())
            if part["value"].notna().any()
            else ""
        )
        da = ds_part["value"].transpose("time", "region", *ind.dims)
        da.attrs = attrs
        da.name = ind.id
        arrays[ind.id] = da
        for c in ("low", "high"):
            if c in cols:
                anc = ds_part[c].transpose("time", "region", *ind.dims)
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
    ds["region"].attrs = {"long_name": "region (ISO 3166-1 / ISO 3166-2:UA / group)"}
    ds.attrs = {
        "title": "warindicators panel",
        "Conventions": "CF-1.10",
        "frequency": freq or "native",
    }
    return ds
