"""Statistics on indicator series: trends, changepoints and detection metrics.

Examples
--------
>>> import numpy as np
>>> from warindicators.analysis import changepoints, trend
>>> x = np.r_[np.zeros(100), np.full(100, 5.0)] + np.random.default_rng(0).normal(size=200)
>>> changepoints(x).indices
[100]
>>> trend(np.arange(20.0)).direction
'increasing'
"""

from __future__ import annotations

from .changepoints import ChangepointResult, changepoints, penalty_path
from .metrics import covering, f1_score
from .trend import TrendResult, growth, piecewise_trend, trend

__all__ = [
    "ChangepointResult",
    "TrendResult",
    "changepoints",
    "covering",
    "f1_score",
    "growth",
    "penalty_path",
    "piecewise_trend",
    "trend",
]
