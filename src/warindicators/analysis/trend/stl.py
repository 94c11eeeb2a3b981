"""Seasonal-trend decomposition (STL) followed by a trend test on the deseasonalised series."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ...errors import ValidationError

__all__ = ["DEFAULT_PERIODS", "default_period", "stl_components"]

#: Seasonal period used when none is given: weekly cycle in daily data, yearly otherwise.
DEFAULT_PERIODS = {"day": 7, "week": 52, "month": 12, "quarter": 4}


def default_period(per: str) -> int:
    """Seasonal period for data spaced one ``per`` apart.

    Examples
    --------
    >>> default_period("day"), default_period("month")
    (7, 12)
    """
    if per not in DEFAULT_PERIODS:
        raise ValidationError(
            f"period: no default seasonal period for data per {per!r}; pass period= "
            f"(known defaults: {DEFAULT_PERIODS})"
        )
    return DEFAULT_PERIODS[per]


def stl_components(
    t: np.ndarray,
    x: np.ndarray,
    *,
    period: int,
    robust: bool = True,
    index: pd.Index | None = None,
) -> pd.DataFrame:
    """STL decomposition of a regularly spaced series.

    Interior missing values are filled by linear interpolation in time before the
    decomposition (STL needs a gap-free series); leading and trailing ones are dropped.

    Parameters
    ----------
    t
        Time positions in periods (consecutive observations must be 1 apart).
    x
        Values with possible NaNs.
    period
        Seasonal period in observations (7 for a weekly cycle in daily data, 12 for a
        yearly cycle in monthly data); at least 2, and ``x`` must span two periods.
    robust
        Use STL's robust (outlier-resistant) fitting.
    index
        Dates to label the rows with.

    Returns
    -------
    pandas.DataFrame
        Columns ``t``, ``observed`` (with interpolated gaps), ``trend``, ``seasonal``,
        ``resid`` and ``deseasonalised`` (observed - seasonal), plus ``interpolated``.

    Examples
    --------
    >>> t = np.arange(28.0)
    >>> comp = stl_components(t, 0.5 * t + np.tile([0, 1, 2, 3, 2, 1, -9.0], 4), period=7)
    >>> bool(np.allclose(comp["deseasonalised"].diff().dropna(), 0.5, atol=0.2))
    True
    """
    if int(period) != period or period < 2:
        raise ValidationError(f"period: expected an integer >= 2, got {period!r}")
    period = int(period)
    ok = np.flatnonzero(~np.isnan(x))
    first, last = ok[0], ok[-1] + 1
    t, x = t[first:last], x[first:last]
    steps = np.diff(t)
    if steps.size and not np.allclose(steps, 1.0, rtol=0.0, atol=0.05):
        raise ValidationError(
            "x: STL needs a regularly spaced series (one observation per period); resample it first"
        )
    if x.size < 2 * period + 1:
        raise ValidationError(
            f"x: STL with period {period} needs at least {2 * period + 1} observations, "
            f"got {x.size}"
        )
    missing = np.isnan(x)
    filled = x.copy()
    if missing.any():
        filled[missing] = np.interp(t[missing], t[~missing], x[~missing])
    from statsmodels.tsa.seasonal import STL  # imported on use (slow to import)

    fit = STL(filled, period=period, robust=robust).fit()
    frame = pd.DataFrame(
        {
            "t": t,
            "observed": filled,
            "trend": np.asarray(fit.trend),
            "seasonal": np.asarray(fit.seasonal),
            "resid": np.asarray(fit.resid),
        },
        index=None if index is None else index[first:last],
    )
    frame["deseasonalised"] = frame["observed"] - frame["seasonal"]
    frame["interpolated"] = missing
    return frame
