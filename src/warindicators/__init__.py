"""warindicators: typed, sourced indicator series for the Russia-Ukraine war.

Trend and changepoint statistics on one series or an xarray panel, and parameterised
reports that papermill runs on a schedule.

Examples
--------
>>> import warindicators as wi
>>> wi.get_indicator("territory.area_occupied_km2").measure
'stock'
>>> s = wi.load("territory.area_occupied_km2")
>>> s.resample("Y").to_pandas().index[0].year
2022
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from . import (
    accessors,  # noqa: F401  (registers the .wi accessors)
    errors,
)
from .aggregation import Total, total
from .analysis import (
    ChangepointResult,
    TrendResult,
    changepoints,
    growth,
    penalty_path,
    piecewise_trend,
    trend,
)
from .indicators import (
    Indicator,
    Origin,
    get_indicator,
    list_indicators,
    register_indicator,
)
from .observations import validate_observations
from .panel import panel
from .regions import oblast_code, region_name
from .series import IndicatorSeries
from .sources.reference import read_events
from .sources.registry import get_source, list_sources, read_source, register_source
from .store import Store, load, load_frame


def __getattr__(name: str) -> object:
    # ``wi.reports`` is imported on first use: it pulls in papermill and nbconvert.
    if name == "reports":
        import importlib

        return importlib.import_module(".reports", __name__)
    raise AttributeError(f"module 'warindicators' has no attribute {name!r}")


try:
    __version__ = version("warindicators")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"

__all__ = [
    "ChangepointResult",
    "Indicator",
    "IndicatorSeries",
    "Origin",
    "Store",
    "Total",
    "TrendResult",
    "__version__",
    "changepoints",
    "errors",
    "get_indicator",
    "get_source",
    "growth",
    "list_indicators",
    "list_sources",
    "load",
    "load_frame",
    "oblast_code",
    "panel",
    "penalty_path",
    "piecewise_trend",
    "read_events",
    "read_source",
    "region_name",
    "register_indicator",
    "register_source",
    "total",
    "trend",
    "validate_observations",
]
