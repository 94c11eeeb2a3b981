"""Binary segmentation (Scott & Knott 1974; ruptures' ``Binseg`` with a penalty)."""

from __future__ import annotations

import heapq
import math

import numpy as np

from ...errors import ValidationError
from . import _kernels
from .base import CostSegmenter

__all__ = ["Binseg"]


class Binseg(CostSegmenter):
    """Greedy binary segmentation.

    Repeatedly splits, among all current segments, the one whose best single split
    reduces the cost the most, while that reduction exceeds ``pen`` (or until
    ``n_bkps`` changepoints are found). Fast (``O(n log n)`` for a few changes) but, unlike
    :class:`~.pelt.Pelt`, not guaranteed optimal.

    Parameters
    ----------
    cost, min_size, var_floor
        See :class:`~.base.CostSegmenter`.

    Examples
    --------
    >>> import numpy as np
    >>> x = np.r_[np.zeros(30), np.full(30, 4.0), np.zeros(30)] + np.tile([0.3, -0.3], 45)
    >>> Binseg(cost="mean").fit(x).predict(pen=5.0)
    array([30, 60])
    >>> Binseg(cost="mean").fit(x).predict(n_bkps=1)
    array([30])
    """

    def predict(self, pen: float | None = None, n_bkps: int | None = None) -> np.ndarray:
        """Changepoints for penalty ``pen`` or a fixed number ``n_bkps`` (give exactly one)."""
        P = self._prefix()
        if (pen is None) == (n_bkps is None):
            raise ValidationError("Binseg.predict: give exactly one of pen= or n_bkps=")
        if pen is not None and (not math.isfinite(pen) or pen < 0):
            raise ValidationError(f"pen: expected a finite number >= 0; got {pen!r}")
        if n_bkps is not None and n_bkps < 0:
            raise ValidationError(f"n_bkps: expected an integer >= 0; got {n_bkps!r}")
        code = _kernels.COST_CODES[self.cost]
        heap: list[tuple[float, int, int, int]] = []

        def push(s: int, e: int) -> None:
            if e - s >= 2 * self.min_size:
                tau, gain = _kernels.best_split(P, code, self._floor, s, e, self.min_size)
                if tau > 0:
                    heapq.heappush(heap, (-gain, tau, s, e))

        push(0, self.n_obs_)
        found: list[int] = []
        while heap:
            neg_gain, tau, s, e = heapq.heappop(heap)
            if pen is not None and -neg_gain <= pen:
                break
            if n_bkps is not None and len(found) >= n_bkps:
                break
            found.append(tau)
            push(s, tau)
            push(tau, e)
        return np.array(sorted(found), dtype=np.int64)
