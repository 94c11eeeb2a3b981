"""Exact penalised segmentation by PELT (Killick, Fearnhead & Eckley, 2012)."""

from __future__ import annotations

import math

import numpy as np

from ...errors import ValidationError
from . import _kernels
from .base import CostSegmenter

__all__ = ["Pelt"]


class Pelt(CostSegmenter):
    """Pruned Exact Linear Time search for the optimal penalised segmentation.

    Minimises ``sum(segment costs) + pen * n_changepoints`` exactly over all
    segmentations whose segments have at least ``min_size`` observations. Runs in a
    compiled kernel on prefix sums; typically linear time when changes keep occurring,
    quadratic in the worst case (long stretches without change).

    Parameters
    ----------
    cost, min_size, var_floor
        See :class:`~.base.CostSegmenter`.

    Attributes
    ----------
    penalised_cost_ : float
        Optimal objective of the last :meth:`predict`.

    Examples
    --------
    >>> import numpy as np
    >>> x = np.r_[np.zeros(30), np.full(30, 4.0), np.zeros(30)] + np.tile([0.3, -0.3], 45)
    >>> Pelt(cost="mean", min_size=2).fit(x).predict(pen=5.0)
    array([30, 60])
    """

    penalised_cost_: float = math.nan

    def predict(self, pen: float) -> np.ndarray:
        """Changepoint indices (first position of each new segment) for penalty ``pen``."""
        P = self._prefix()
        if not math.isfinite(pen) or pen < 0:
            raise ValidationError(f"pen: expected a finite number >= 0; got {pen!r}")
        if self.n_obs_ < 2 * self.min_size:
            self.penalised_cost_ = self.segmentation_cost(np.zeros(0, dtype=np.int64))
            return np.zeros(0, dtype=np.int64)
        idx, obj = _kernels.pelt(
            P, _kernels.COST_CODES[self.cost], self._floor, float(pen), self.min_size
        )
        self.penalised_cost_ = float(obj)
        return idx
