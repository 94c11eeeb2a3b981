"""Trend engine: Mann–Kendall/Theil–Sen, OLS with HAC errors, STL, growth, piecewise, panels.

:func:`trend` is the entry point; it returns a :class:`TrendResult` for one series and an
:class:`xarray.Dataset` for a multi-dimensional DataArray. Its default test, a
Mann–Kendall test corrected for AR(1) noise, is described for a report's methods section
by :data:`DEFAULT_METHOD_DESCRIPTION` (references in :data:`DEFAULT_METHOD_REFERENCES`).

Examples
--------
>>> import numpy as np
>>> from warindicators.analysis.trend import trend
>>> trend(np.arange(10.0) * 3.0).slope
3.0
"""

from __future__ import annotations

from .api import DEFAULT_METHOD_DESCRIPTION, DEFAULT_METHOD_REFERENCES, METHODS, trend
from .growth import GROWTH_KINDS, growth
from .mann_kendall import hamed_rao_factor, mann_kendall_rows, mk_score
from .ols_hac import newey_west_maxlags
from .panel import trend_panel
from .piecewise import piecewise_trend
from .result import TrendResult
from .stl import stl_components
from .theil_sen import TheilSen

__all__ = [
    "DEFAULT_METHOD_DESCRIPTION",
    "DEFAULT_METHOD_REFERENCES",
    "GROWTH_KINDS",
    "METHODS",
    "TheilSen",
    "TrendResult",
    "growth",
    "hamed_rao_factor",
    "mann_kendall_rows",
    "mk_score",
    "newey_west_maxlags",
    "piecewise_trend",
    "stl_components",
    "trend",
    "trend_panel",
]
