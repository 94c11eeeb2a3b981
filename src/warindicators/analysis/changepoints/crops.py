"""CROPS: every optimal segmentation over a penalty range (Haynes, Eckley & Fearnhead, 2017)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ...errors import ValidationError
from .._inputs import as_1d, drop_nan
from .pelt import Pelt

__all__ = ["penalty_path"]


def penalty_path(
    x: Any,
    pen_min: float,
    pen_max: float,
    *,
    cost: str = "mean",
    min_size: int = 2,
    max_runs: int = 200,
) -> pd.DataFrame:
    """All optimal PELT segmentations for penalties in ``[pen_min, pen_max]``.

    Uses the CROPS recursion: the optimal segmentation is piecewise constant in the
    penalty, and the penalty at which two optimal segmentations with ``m0 > m1``
    changepoints tie is ``(Q1 - Q0) / (m0 - m1)`` (``Q`` the unpenalised cost), so only
    ``O(#segmentations)`` PELT runs are needed. Penalties are on the raw-data cost, as
    with a numeric ``penalty`` in :func:`~.api.changepoints`. Missing values are dropped
    and positions mapped back to the input.

    Parameters
    ----------
    x
        Series, array, list or ``IndicatorSeries``.
    pen_min, pen_max
        Penalty range, ``0 <= pen_min < pen_max``.
    cost, min_size
        As in :class:`~.pelt.Pelt`.
    max_runs
        Safety cap on PELT runs.

    Returns
    -------
    pandas.DataFrame
        One row per distinct optimal segmentation, most changepoints first:
        ``n_changepoints``, ``cost`` (unpenalised), ``pen_low``/``pen_high`` (the
        penalty interval within the range on which it is optimal) and ``indices``
        (a tuple of changepoint positions).

    Examples
    --------
    >>> import numpy as np
    >>> x = np.r_[np.zeros(20), np.full(20, 3.0), np.full(20, 3.5)] + np.tile([0.1, -0.1], 30)
    >>> path = penalty_path(x, 0.5, 1000.0)
    >>> path[["n_changepoints", "indices"]]
       n_changepoints   indices
    0               2  (20, 40)
    1               1     (20,)
    2               0        ()
    """
    for label, v in (("pen_min", pen_min), ("pen_max", pen_max)):
        if not np.isfinite(v) or v < 0:
            raise ValidationError(f"{label}: expected a finite number >= 0; got {v!r}")
    if not pen_min < pen_max:
        raise ValidationError(f"penalty_path: expected pen_min < pen_max; got {pen_min}, {pen_max}")
    values, _, _ = as_1d(x)
    finite, keep = drop_nan(values)
    est = Pelt(cost=cost, min_size=min_size).fit(finite)
    found: dict[int, tuple[float, np.ndarray]] = {}

    def run(pen: float) -> int:
        idx = est.predict(pen)
        found.setdefault(idx.size, (est.segmentation_cost(idx), idx))
        return int(idx.size)

    m_lo, m_hi = run(pen_min), run(pen_max)
    stack = [(m_lo, m_hi)]
    runs = 2
    while stack and runs < max_runs:
        m0, m1 = stack.pop()
        if m0 <= m1 + 1:
            continue
        q0, q1 = found[m0][0], found[m1][0]
        lam = (q1 - q0) / (m0 - m1)
        m = run(lam)
        runs += 1
        if m not in (m0, m1):
            stack.extend([(m0, m), (m, m1)])
    ms = sorted(found, reverse=True)
    # lower convex hull: drop segmentations never optimal within the range
    rows = []
    for i, m in enumerate(ms):
        q, idx = found[m]
        low = pen_min if i == 0 else (q - found[ms[i - 1]][0]) / (ms[i - 1] - m)
        high = pen_max if i == len(ms) - 1 else (found[ms[i + 1]][0] - q) / (m - ms[i + 1])
        rows.append(
            {
                "n_changepoints": m,
                "cost": q,
                "pen_low": max(low, pen_min),
                "pen_high": min(high, pen_max),
                "indices": tuple(int(keep[j]) for j in idx),
            }
        )
    return pd.DataFrame(rows)
