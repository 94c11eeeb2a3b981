"""Shared fitting state of the cost-based estimators (PELT, binary segmentation)."""

from __future__ import annotations

from typing import Any, Self

import numpy as np

from ...errors import ValidationError
from . import _kernels
from .costs import check_cost, min_size_floor, prepare

__all__ = ["CostSegmenter"]


class CostSegmenter:
    """Base class: validates settings, holds prefix sums and evaluates segmentations.

    Parameters
    ----------
    cost
        ``"mean"``, ``"meanvar"``, ``"poisson"`` or ``"linear"``.
    min_size
        Minimum segment length (raised to the cost's own minimum).
    var_floor
        Variance floor of the ``"meanvar"`` cost (data units squared); default a tiny
        fraction of the data variance.

    Examples
    --------
    >>> import numpy as np
    >>> seg = CostSegmenter(cost="mean").fit(np.array([0.0, 0.0, 2.0, 2.0]))
    >>> seg.segmentation_cost(np.array([2])), seg.segment_cost(0, 4)
    (0.0, 4.0)
    >>> seg.strengths(np.array([2]))
    array([4.])
    """

    def __init__(self, cost: str = "mean", min_size: int = 2, var_floor: float | None = None):
        self.cost = check_cost(cost)
        if isinstance(min_size, bool) or not isinstance(min_size, int | np.integer) or min_size < 1:
            raise ValidationError(f"min_size: expected an integer >= 1; got {min_size!r}")
        self.min_size = max(int(min_size), min_size_floor(cost))
        self.var_floor = var_floor
        self._P: np.ndarray | None = None
        self._floor = 0.0
        self.n_obs_ = 0

    def fit(self, x: Any) -> Self:
        """Precompute prefix sums of a finite 1-D array ``x``; returns self."""
        arr = np.asarray(x, dtype=np.float64)
        if arr.ndim != 1 or arr.size == 0 or not np.isfinite(arr).all():
            raise ValidationError(
                f"{type(self).__name__}.fit: expected a non-empty 1-D array of finite values"
            )
        z, self._floor = prepare(arr, self.cost, self.var_floor)
        self._P = _kernels.prefix_sums(z)
        self.n_obs_ = arr.size
        return self

    def _prefix(self) -> np.ndarray:
        if self._P is None:
            raise ValidationError(f"{type(self).__name__}: call fit(x) before predict()")
        return self._P

    def segment_cost(self, start: int, end: int) -> float:
        """Cost of ``x[start:end]``."""
        return float(
            _kernels.seg_costs(
                self._prefix(),
                _kernels.COST_CODES[self.cost],
                self._floor,
                np.array([start]),
                np.array([end]),
            )[0]
        )

    def segmentation_cost(self, indices: np.ndarray) -> float:
        """Unpenalised cost of the segmentation with changepoints ``indices``."""
        edges = np.r_[0, np.asarray(indices, dtype=np.int64), self.n_obs_].astype(np.int64)
        costs = _kernels.seg_costs(
            self._prefix(), _kernels.COST_CODES[self.cost], self._floor, edges[:-1], edges[1:]
        )
        return float(costs.sum())

    def strengths(self, indices: np.ndarray) -> np.ndarray:
        """Cost reduction of each changepoint given its neighbours (merge gain)."""
        idx = np.asarray(indices, dtype=np.int64)
        if idx.size == 0:
            return np.zeros(0)
        edges = np.r_[0, idx, self.n_obs_].astype(np.int64)
        P, code = self._prefix(), _kernels.COST_CODES[self.cost]
        left = _kernels.seg_costs(P, code, self._floor, edges[:-2], edges[1:-1])
        right = _kernels.seg_costs(P, code, self._floor, edges[1:-1], edges[2:])
        merged = _kernels.seg_costs(P, code, self._floor, edges[:-2], edges[2:])
        return merged - left - right
