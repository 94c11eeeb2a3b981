"""Changepoint detection: PELT, binary segmentation, BOCPD, CROPS penalty paths.

:func:`changepoints` is the user-facing entry point; the estimator classes
(:class:`Pelt`, :class:`Binseg`, :class:`Bocpd`, :class:`OnlineBocpd`) follow the
ruptures-style ``fit``/``predict`` pattern.
"""

from __future__ import annotations

from .api import METHODS, changepoints
from .binseg import Binseg
from .bocpd import Bocpd, OnlineBocpd
from .costs import COSTS
from .crops import penalty_path
from .panel import changepoints_panel
from .pelt import Pelt
from .penalties import PENALTIES, noise_scale
from .result import ChangepointResult

__all__ = [
    "COSTS",
    "METHODS",
    "PENALTIES",
    "Binseg",
    "Bocpd",
    "ChangepointResult",
    "OnlineBocpd",
    "Pelt",
    "changepoints",
    "changepoints_panel",
    "noise_scale",
    "penalty_path",
]
