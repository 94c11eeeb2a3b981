"""``.wi`` accessors on ``pandas.Series`` and ``xarray.DataArray`` (composition, not subclassing).

The accessors read the metadata that :meth:`IndicatorSeries.to_pandas` and :func:`panel`
put in ``attrs`` and forward to the analysis functions.

Examples
--------
>>> import warindicators as wi
>>> s = wi.load("territory.area_occupied_km2").to_pandas()
>>> s.wi.indicator.unit
'km2'
>>> ds = wi.panel(wi.load_frame(families="territory"))
>>> ds["territory.area_occupied_km2"].wi.indicator.measure
'stock'
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import xarray as xr

from .errors import ValidationError
from .indicators import Indicator, get_indicator

__all__ = ["DataArrayAccessor", "SeriesAccessor"]


def _indicator_from(attrs: dict[str, Any], what: str) -> Indicator:
    iid = attrs.get("indicator")
    if not iid:
        raise ValidationError(
            f"{what} has no 'indicator' in attrs; build it with "
            "IndicatorSeries.to_pandas() or wi.panel()"
        )
    return get_indicator(str(iid))


@pd.api.extensions.register_series_accessor("wi")
class SeriesAccessor:
    """``series.wi``: indicator metadata and analysis of a pandas Series."""

    def __init__(self, obj: pd.Series) -> None:
        self._obj = obj

    @property
    def indicator(self) -> Indicator:
        """The :class:`~warindicators.Indicator` named in ``attrs``."""
        return _indicator_from(dict(self._obj.attrs), "this Series")

    def changepoints(self, **kwargs: Any) -> Any:
        """:func:`warindicators.changepoints` on this series."""
        from .analysis.changepoints import changepoints

        return changepoints(self._obj, **kwargs)

    def trend(self, **kwargs: Any) -> Any:
        """:func:`warindicators.trend` on this series."""
        from .analysis.trend import trend

        return trend(self._obj, **kwargs)


@xr.register_dataarray_accessor("wi")
class DataArrayAccessor:
    """``dataarray.wi``: indicator metadata and vectorised analysis of a panel variable."""

    def __init__(self, obj: xr.DataArray) -> None:
        self._obj = obj

    @property
    def indicator(self) -> Indicator:
        """The :class:`~warindicators.Indicator` named in ``attrs``."""
        return _indicator_from(dict(self._obj.attrs), f"DataArray {self._obj.name!r}")

    def changepoints(self, dim: str = "time", **kwargs: Any) -> Any:
        """Changepoints along ``dim`` for every other coordinate (tidy table)."""
        from .analysis.changepoints import changepoints

        return changepoints(self._obj, dim=dim, **kwargs)

    def trend(self, dim: str = "time", **kwargs: Any) -> Any:
        """Trend along ``dim`` for every other coordinate."""
        from .analysis.trend import trend

        return trend(self._obj, dim=dim, **kwargs)
