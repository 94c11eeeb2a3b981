"""Figure for :meth:`ChangepointResult.plot`: series, segment fits and changepoints."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

__all__ = ["plot_changepoints"]


def plot_changepoints(
    result: Any,
    ax: Axes | None = None,
    *,
    title: str | None = None,
    show_probabilities: bool = True,
) -> Axes:
    """Plot a changepoint result.

    Draws the observations, the fitted value of each segment (mean, or line for the
    linear cost) and a vertical line at every changepoint. For BOCPD results the change
    probabilities are drawn on a secondary axis.

    Parameters
    ----------
    result
        A :class:`~warindicators.analysis.changepoints.ChangepointResult`.
    ax
        Axes to draw on; a new figure is created when None.
    title
        Title; default names the method and cost (and the series' ``long_name``).
    show_probabilities
        Draw BOCPD probabilities when available.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import numpy as np
    >>> from warindicators.analysis.changepoints import changepoints
    >>> res = changepoints(np.r_[np.zeros(30), np.ones(30)] + np.tile([0.1, -0.1], 30))
    >>> ax = res.plot()
    >>> len(ax.lines) >= 3
    True
    """
    import matplotlib.pyplot as plt
    import seaborn as sns

    if ax is None:
        _, ax = plt.subplots(figsize=(9, 3.5))
    x = result.index if result.index is not None else np.arange(result.n_obs)
    palette = sns.color_palette("deep")
    ax.plot(x, result.values, color=palette[0], lw=0.9, alpha=0.8, label="observed")
    ax.plot(x, result.fitted(), color=palette[3], lw=1.8, label="segment fit")
    for k, i in enumerate(result.indices):
        ax.axvline(x[int(i)], color="0.3", ls="--", lw=0.9, label="changepoint" if k == 0 else None)
    if show_probabilities and result.probabilities is not None:
        ax2 = ax.twinx()
        ax2.fill_between(
            x, np.nan_to_num(result.probabilities), color=palette[2], alpha=0.25, step="mid"
        )
        ax2.set_ylim(0, 1)
        ax2.set_ylabel("P(change)")
    units = result.attrs.get("units")
    if units:
        ax.set_ylabel(str(units))
    name = result.attrs.get("long_name") or result.attrs.get("name")
    default = f"{result.method} / {result.cost}: {result.n_changepoints} changepoint(s)"
    ax.set_title(title or (f"{name} — {default}" if name else default))
    ax.legend(loc="best", fontsize="small", frameon=False)
    sns.despine(ax=ax)
    return ax
