"""warindicators: typed, sourced indicator series for the Russia-Ukraine war.

Trend and changepoint statistics on one series or an xarray panel, and parameterised
reports that papermill runs on a schedule.

The public names below are imported on first use (:pep:`562`), so ``import
warindicators`` stays quick: the analysis engine (numba), the reports (papermill,
nbconvert) and the plotting libraries load when a function that needs them is first
used. Only pandas and xarray load up front (the ``.wi`` accessors are registered on them).

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

import importlib
import importlib.util
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING

from . import (
    accessors,  # noqa: F401  (registers the .wi accessors)
    errors,
)

# ``panel`` is also the name of a submodule: bound here, so that importing
# ``warindicators.panel`` elsewhere can never shadow the function (it needs only the
# pandas and xarray the accessors already loaded).
from .panel import panel

# the source readers' registry is cheap (pandas only) and ``wi.sources.reference`` /
# ``wi.sources.registry`` stay reachable as attributes, as they always were
from .sources.reference import read_events
from .sources.registry import get_source, list_sources, read_source, register_source

if TYPE_CHECKING:  # the same names for type checkers, bound lazily at run time below
    from . import reports as reports
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
    from .regions import oblast_code, region_name
    from .series import IndicatorSeries
    from .store import Store, load, load_frame

#: Public name -> the module that defines it, imported on first use.
_LAZY: dict[str, str] = {
    "Total": ".aggregation",
    "total": ".aggregation",
    "ChangepointResult": ".analysis",
    "TrendResult": ".analysis",
    "changepoints": ".analysis",
    "growth": ".analysis",
    "penalty_path": ".analysis",
    "piecewise_trend": ".analysis",
    "trend": ".analysis",
    "Indicator": ".indicators",
    "Origin": ".indicators",
    "get_indicator": ".indicators",
    "list_indicators": ".indicators",
    "register_indicator": ".indicators",
    "validate_observations": ".observations",
    "oblast_code": ".regions",
    "region_name": ".regions",
    "IndicatorSeries": ".series",
    "Store": ".store",
    "load": ".store",
    "load_frame": ".store",
}


def __getattr__(name: str) -> object:
    """Import a public name, or a submodule such as ``wi.reports``, on first use."""
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name], __name__), name)
    elif not name.startswith("_") and importlib.util.find_spec(f"{__name__}.{name}") is not None:
        value = importlib.import_module(f".{name}", __name__)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


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
