"""The :class:`ChangepointResult` returned by :func:`~.api.changepoints`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .costs import segment_params

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

    from .penalties import NoiseScale

__all__ = ["ChangepointResult"]


@dataclass(frozen=True, eq=False)
class ChangepointResult:
    """Detected changepoints of one series.

    Attributes
    ----------
    indices : list of int
        Sorted 0-based positions (in the input, missing values included) of the first
        observation of each new segment: a mean shift between ``x[99]`` and ``x[100]`` is
        index ``100``. Never 0 nor ``len(x)``.
    strength : numpy.ndarray
        One value per changepoint: for PELT/binary segmentation the cost reduction
        obtained by keeping it (the cost of the merged neighbouring segments minus the
        cost of the two segments, raw-data units); for BOCPD its posterior probability.
    method, cost : str
        Algorithm and segment cost used.
    penalty : float
        The numeric penalty per changepoint actually used on the raw-data cost
        (NaN for BOCPD).
    n_obs : int
        Length of the input, missing values included.
    values : numpy.ndarray
        The input as floats (NaN where missing).
    index : pandas.Index or None
        The input's index (dates for dated series).
    probabilities : numpy.ndarray or None
        BOCPD only: posterior probability that a segment starts at each position.
    min_size : int
        Minimum segment length (in non-missing observations).
    noise : NoiseScale or None
        Robust noise summary used by a named penalty.
    params : dict
        Other settings (named penalty, hazard, ...).
    online : object or None
        BOCPD only: the fitted :class:`~.bocpd.OnlineBocpd`, ready for ``update``.

    Examples
    --------
    >>> import numpy as np
    >>> from warindicators.analysis.changepoints import changepoints
    >>> x = np.r_[np.zeros(50), np.full(50, 5.0)] + np.tile([0.1, -0.1], 50)
    >>> res = changepoints(x, cost="mean", penalty=1.0)
    >>> res.indices
    [50]
    >>> res.segments[["start", "end", "n", "mean"]]
       start  end   n  mean
    0      0   50  50   0.0
    1     50  100  50   5.0
    """

    indices: list[int]
    strength: np.ndarray
    method: str
    cost: str
    penalty: float
    n_obs: int
    values: np.ndarray
    index: pd.Index | None = None
    probabilities: np.ndarray | None = None
    min_size: int = 1
    noise: NoiseScale | None = None
    params: dict[str, Any] = field(default_factory=dict)
    online: Any = None
    attrs: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # plain ints, as ruptures returns them: ``res.indices == [100]`` just works
        object.__setattr__(self, "indices", [int(i) for i in np.asarray(self.indices).ravel()])

    @property
    def n_changepoints(self) -> int:
        """Number of changepoints."""
        return len(self.indices)

    @property
    def dates(self) -> pd.DatetimeIndex | None:
        """Dates of the changepoints, when the input had a DatetimeIndex."""
        if isinstance(self.index, pd.DatetimeIndex):
            return self.index[np.asarray(self.indices, dtype=np.int64)]
        return None

    @property
    def segments(self) -> pd.DataFrame:
        """One row per segment.

        Columns: ``start`` (first position), ``end`` (one past the last position, so
        segments tile ``0..n_obs``), ``n`` (non-missing observations), ``mean``, ``std``
        (and ``slope``/``intercept`` per observation for ``cost="linear"``, plus
        ``curvature`` when the default pipeline chose ``"quadratic"`` segments), plus
        ``start_date``/``end_date`` (first and last date, inclusive) for dated input.
        """
        edges = np.r_[0, self.indices, self.n_obs].astype(np.int64)
        finite = ~np.isnan(self.values)
        keep = np.flatnonzero(finite)
        cum = np.r_[0, np.cumsum(finite)]
        cs, ce = cum[edges[:-1]], cum[edges[1:]]
        x = self.values[keep]
        ok = ce > cs
        params = {k: np.full(len(cs), np.nan) for k in ("mean", "std")}
        if ok.any():
            fitted = segment_params(x, self.cost, cs[ok], ce[ok])
            for k, v in fitted.items():
                params.setdefault(k, np.full(len(cs), np.nan))
                params[k][ok] = v
        frame = pd.DataFrame(
            {"start": edges[:-1], "end": edges[1:], "n": (ce - cs).astype(np.int64), **params}
        )
        if isinstance(self.index, pd.DatetimeIndex) and self.n_obs:
            frame["start_date"] = self.index[edges[:-1]]
            frame["end_date"] = self.index[edges[1:] - 1]
        return frame

    def to_frame(self) -> pd.DataFrame:
        """Tidy table: one row per changepoint with ``index``, ``date`` (if any), ``strength``.

        Examples
        --------
        >>> import numpy as np
        >>> from warindicators.analysis.changepoints import changepoints
        >>> changepoints(np.r_[np.zeros(20), np.ones(20)], cost="mean", penalty=0.5).to_frame()
           index  strength
        0     20      10.0
        """
        frame = pd.DataFrame({"index": np.asarray(self.indices, dtype=np.int64)})
        dates = self.dates
        if dates is not None:
            frame["date"] = dates
        frame["strength"] = self.strength
        return frame

    def fitted(self) -> np.ndarray:
        """Piecewise segment fit at every position (NaN where the input is missing)."""
        seg = self.segments
        out = np.full(self.n_obs, np.nan)
        for row in seg.itertuples(index=False):
            s, e = int(row.start), int(row.end)
            if self.cost in ("linear", "quadratic") and not np.isnan(row.slope):
                # slope/intercept are per non-missing observation; map by rank
                mask = ~np.isnan(self.values[s:e])
                ranks = np.cumsum(mask) - 1
                out[s:e] = row.intercept + row.slope * ranks
                if self.cost == "quadratic":
                    out[s:e] += row.curvature * ranks * ranks
            else:
                out[s:e] = row.mean
        out[np.isnan(self.values)] = np.nan
        return out

    def plot(self, ax: Axes | None = None, **kwargs: Any) -> Axes:
        """Draw the series, the segment fits and the changepoints; returns the Axes."""
        from ...plot.changepoints import plot_changepoints

        return plot_changepoints(self, ax=ax, **kwargs)

    def __repr__(self) -> str:
        where = (
            [str(d.date()) for d in self.dates]
            if self.dates is not None
            else list(map(int, self.indices))
        )
        return (
            f"ChangepointResult(method={self.method!r}, cost={self.cost!r}, "
            f"penalty={self.penalty:.4g}, n_obs={self.n_obs}, changepoints={where})"
        )
