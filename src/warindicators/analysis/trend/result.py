"""The :class:`TrendResult` returned by :func:`warindicators.analysis.trend.trend`."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["DIRECTIONS", "TrendResult", "direction_of"]

DIRECTIONS = ("increasing", "decreasing", "no trend")


def direction_of(sign: float, p_value: float, alpha: float) -> str:
    """``"increasing"``/``"decreasing"`` when ``p_value < alpha``, else ``"no trend"``.

    Examples
    --------
    >>> direction_of(2.5, 0.01, 0.05), direction_of(-1.0, 0.2, 0.05)
    ('increasing', 'no trend')
    """
    if not (p_value < alpha) or not sign or math.isnan(sign):
        return "no trend"
    return "increasing" if sign > 0 else "decreasing"


@dataclass(frozen=True)
class TrendResult:
    """A fitted trend of one series.

    Attributes
    ----------
    method
        ``"mann_kendall"``, ``"ols_hac"`` or ``"stl"``.
    slope, slope_low, slope_high
        Slope and its ``1 - alpha`` confidence interval, in ``unit`` per ``per``.
    p_value
        Two-sided p-value of the test of no trend.
    direction
        ``"increasing"``, ``"decreasing"`` or ``"no trend"`` (at level ``alpha``).
    n
        Number of observations used (NaNs dropped).
    intercept
        Fitted value at the first date (time position 0); None where not meaningful.
    alpha
        Level of the test and of the interval.
    unit, per
        The series' unit (None when unknown) and the period of the slope (``"day"``,
        ``"month"``... or ``"step"`` for plain arrays).
    statistics
        Method-specific numbers (``z``, ``s``, ``var_s``, ``tau``; ``se``, ``maxlags``...).
    t, values, index
        Time positions (in ``per``), values and dates of the observations used.
    components
        STL components (``observed``, ``trend``, ``seasonal``, ``resid``,
        ``deseasonalised``) for ``method="stl"``, else None.
    name
        The series' name or indicator id, when known.
    autocorrelation
        Correction of the Mann–Kendall variance for autocorrelation (``"ar1"``,
        ``"hamed_rao"``) or None.
    quantity
        What was analysed: ``"values"``, or ``"increments"`` (per ``per``) of a
        cumulative series.

    Examples
    --------
    >>> import numpy as np
    >>> from warindicators.analysis.trend import trend
    >>> res = trend(np.array([1.0, 2.0, 4.0, 3.0, 5.0, 6.0, 8.0, 7.0]))
    >>> res.slope, res.direction, res.slope_unit
    (1.0, 'increasing', 'per step')
    >>> sorted(res.to_dict())[:4]
    ['alpha', 'autocorrelation', 'direction', 'intercept']
    """

    method: str
    slope: float
    slope_low: float
    slope_high: float
    p_value: float
    direction: str
    n: int
    intercept: float | None
    alpha: float
    unit: str | None
    per: str
    statistics: dict[str, float] = field(default_factory=dict)
    t: np.ndarray = field(default_factory=lambda: np.empty(0), repr=False)
    values: np.ndarray = field(default_factory=lambda: np.empty(0), repr=False)
    index: pd.Index | None = field(default=None, repr=False)
    components: pd.DataFrame | None = field(default=None, repr=False)
    name: str | None = None
    autocorrelation: str | None = None
    quantity: str = "values"

    @property
    def slope_unit(self) -> str:
        """Unit of the slope, e.g. ``"km2 per day"``."""
        return f"{self.unit} per {self.per}" if self.unit else f"per {self.per}"

    @property
    def significant(self) -> bool:
        """True when the test rejects "no trend" at level ``alpha``."""
        return bool(self.p_value < self.alpha)

    def fitted(self) -> pd.Series:
        """The fitted line ``intercept + slope * t`` at the observations' dates.

        Examples
        --------
        >>> from warindicators.analysis.trend import trend
        >>> trend([0.0, 1.0, 2.0, 3.0, 4.0]).fitted().tolist()
        [0.0, 1.0, 2.0, 3.0, 4.0]
        """
        intercept = 0.0 if self.intercept is None else self.intercept
        index = self.index if self.index is not None else pd.RangeIndex(len(self.t))
        return pd.Series(intercept + self.slope * self.t, index=index, name="fitted")

    def to_dict(self) -> dict[str, Any]:
        """Plain, JSON-friendly summary (no arrays).

        Examples
        --------
        >>> from warindicators.analysis.trend import trend
        >>> trend([1.0, 2.0, 3.0, 4.0, 5.0]).to_dict()["slope_unit"]
        'per step'
        """
        out: dict[str, Any] = {
            "method": self.method,
            "slope": float(self.slope),
            "slope_low": float(self.slope_low),
            "slope_high": float(self.slope_high),
            "p_value": float(self.p_value),
            "direction": self.direction,
            "n": int(self.n),
            "intercept": None if self.intercept is None else float(self.intercept),
            "alpha": float(self.alpha),
            "unit": self.unit,
            "per": self.per,
            "slope_unit": self.slope_unit,
            "name": self.name,
            "autocorrelation": self.autocorrelation,
            "quantity": self.quantity,
        }
        if self.index is not None and len(self.index):
            out["start"] = str(self.index[0])
            out["end"] = str(self.index[-1])
        out.update({k: float(v) for k, v in self.statistics.items()})
        return out

    def plot(self, ax: Axes | None = None, **kwargs: Any) -> Axes:
        """Observations, fitted trend and its slope interval (matplotlib/seaborn).

        Parameters
        ----------
        ax
            Axes to draw on; a new figure when None.
        **kwargs
            Passed on to :func:`warindicators.plot.trend.plot_trend`.

        Returns
        -------
        matplotlib.axes.Axes

        Examples
        --------
        >>> import matplotlib
        >>> matplotlib.use("Agg")
        >>> from warindicators.analysis.trend import trend
        >>> ax = trend([1.0, 3.0, 2.0, 4.0, 6.0, 5.0]).plot()
        >>> ax.get_ylabel()
        'value'
        """
        from ...plot.trend import plot_trend

        return plot_trend(self, ax=ax, **kwargs)
