"""Least-squares linear trend with Newey–West (HAC) standard errors (statsmodels)."""

from __future__ import annotations

import math

import numpy as np

from ...errors import ValidationError

__all__ = ["newey_west_maxlags", "ols_hac"]


def newey_west_maxlags(n: int) -> int:
    """Default HAC truncation lag: ``floor(4 (n / 100) ** (2 / 9))`` (Newey & West 1994).

    Examples
    --------
    >>> newey_west_maxlags(100), newey_west_maxlags(1500)
    (4, 7)
    """
    return math.floor(4.0 * (n / 100.0) ** (2.0 / 9.0))


def ols_hac(
    t: np.ndarray, x: np.ndarray, *, alpha: float = 0.05, maxlags: int | None = None
) -> dict[str, float]:
    """OLS fit ``x = a + b t`` with Newey–West (Bartlett kernel) HAC covariance.

    Parameters
    ----------
    t, x
        Time positions (in periods) and values, finite, same length (>= 3).
    alpha
        Level of the test and the interval (normal reference distribution, as
        statsmodels uses for robust covariances).
    maxlags
        HAC truncation lag; :func:`newey_west_maxlags` of ``n`` when None.

    Returns
    -------
    dict
        ``slope``, ``slope_low``, ``slope_high``, ``intercept``, ``p_value``, ``z``
        (slope / its HAC standard error), ``se`` and ``maxlags``.

    Examples
    --------
    >>> t = np.arange(20.0)
    >>> out = ols_hac(t, 0.5 * t + np.sin(t))
    >>> round(out["slope"], 3), out["maxlags"]
    (0.475, 2.0)
    """
    t = np.asarray(t, dtype=np.float64)
    x = np.asarray(x, dtype=np.float64)
    n = x.size
    if t.shape != x.shape or n < 3:
        raise ValidationError(f"ols_hac: expected t and x of equal length >= 3, got {n}")
    lags = newey_west_maxlags(n) if maxlags is None else int(maxlags)
    if lags < 0:
        raise ValidationError(f"maxlags: expected a non-negative integer, got {maxlags!r}")
    if np.ptp(x) == 0.0:  # constant series: no trend, exactly
        return {
            "slope": 0.0,
            "slope_low": 0.0,
            "slope_high": 0.0,
            "intercept": float(x[0]),
            "p_value": 1.0,
            "z": 0.0,
            "se": 0.0,
            "maxlags": float(lags),
        }
    import statsmodels.api as sm  # imported on use: it costs ~0.3 s at import time

    design = sm.add_constant(t, has_constant="add")
    fit = sm.OLS(x, design).fit(cov_type="HAC", cov_kwds={"maxlags": lags})
    low, high = fit.conf_int(alpha=alpha)[1]
    se = float(fit.bse[1])
    slope = float(fit.params[1])
    if se == 0.0 or not np.isfinite(se):  # an exact line: no sampling error
        p_value = 1.0 if slope == 0.0 else 0.0
        z = 0.0 if slope == 0.0 else math.copysign(math.inf, slope)
        low = high = slope
    else:
        p_value = float(fit.pvalues[1])
        z = float(fit.tvalues[1])
    return {
        "slope": slope,
        "slope_low": float(low),
        "slope_high": float(high),
        "intercept": float(fit.params[0]),
        "p_value": p_value,
        "z": z,
        "se": se,
        "maxlags": float(lags),
    }
