"""Figure of a fitted trend: observations, trend line and the slope's confidence band."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["plot_trend"]


def plot_trend(
    result: Any,
    ax: Axes | None = None,
    *,
    band: bool = True,
    title: str | None = None,
    color: str = "C0",
) -> Axes:
    """Draw a ``TrendResult``: the observations, the fitted line and its slope band.

    The band shows lines with the interval's low and high slopes through the point
    ``(median t, fitted value there)``, the pivot of a Theil–Sen line. For STL results
    the deseasonalised series is drawn too.

    Parameters
    ----------
    result
        A :class:`~warindicators.analysis.trend.TrendResult`.
    ax
        Axes to draw on; a new figure when None.
    band
        Draw the slope interval band.
    title
        Axes title; by default the method, the slope with its interval and the p-value.
    color
        Colour of the trend line and band.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from warindicators.analysis.trend import trend
    >>> ax = plot_trend(trend([2.0, 1.0, 3.0, 5.0, 4.0, 6.0]))
    >>> ax.get_legend_handles_labels()[1][:2]
    ['observed', 'trend 1 per step']
    """
    import matplotlib.pyplot as plt
    import seaborn as sns

    if ax is None:
        _, ax = plt.subplots(figsize=(8, 4))
    t = np.asarray(result.t, dtype=float)
    xs = result.index if result.index is not None else t
    sns.scatterplot(
        x=np.asarray(xs),
        y=result.values,
        ax=ax,
        color="0.35",
        s=12,
        label="observed",
        edgecolor=None,
    )
    components = getattr(result, "components", None)
    if components is not None:
        cx = components.index if result.index is not None else components["t"]
        ax.plot(
            np.asarray(cx),
            components["deseasonalised"].to_numpy(),
            color="0.6",
            lw=0.8,
            label="deseasonalised",
        )
    intercept = 0.0 if result.intercept is None else result.intercept
    fitted = intercept + result.slope * t
    unit = result.slope_unit
    ax.plot(np.asarray(xs), fitted, color=color, lw=2, label=f"trend {result.slope:.3g} {unit}")
    if band and t.size and np.isfinite(result.slope_low) and np.isfinite(result.slope_high):
        pivot = float(np.median(t))
        centre = intercept + result.slope * pivot
        low = centre + result.slope_low * (t - pivot)
        high = centre + result.slope_high * (t - pivot)
        ax.fill_between(
            np.asarray(xs),
            np.minimum(low, high),
            np.maximum(low, high),
            color=color,
            alpha=0.2,
            lw=0,
            label=f"{100 * (1 - result.alpha):.0f}% slope interval",
        )
    if title is None:
        title = (
            f"{result.name + ': ' if result.name else ''}{result.method}, "
            f"{result.direction} (p = {result.p_value:.2g})"
        )
    ax.set_title(title)
    ax.set_xlabel("date" if result.index is not None else result.per)
    ax.set_ylabel(result.unit or "value")
    ax.legend(loc="best", fontsize="small")
    return ax
