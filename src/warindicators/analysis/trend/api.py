"""The user-facing :func:`trend`: one series to a :class:`TrendResult`, a panel to a Dataset."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal, Protocol, overload

import numpy as np
import pandas as pd
import xarray as xr

from ...errors import ValidationError
from ._prepare import Prepared, prepare
from .mann_kendall import mann_kendall_rows
from .ols_hac import ols_hac
from .result import TrendResult, direction_of
from .stl import default_period, stl_components

__all__ = [
    "DEFAULT_METHOD_DESCRIPTION",
    "DEFAULT_METHOD_REFERENCES",
    "METHODS",
    "Autocorrelation",
    "Method",
    "fit_prepared",
    "trend",
]

Method = Literal["mann_kendall", "ols_hac", "stl"]
METHODS: tuple[str, ...] = ("mann_kendall", "ols_hac", "stl")
Autocorrelation = Literal["auto", "ar1", "hamed_rao"] | None

#: References of the default test, for a report's methods section.
DEFAULT_METHOD_REFERENCES: tuple[str, ...] = (
    "Mann, H. B. (1945). Nonparametric tests against trend. Econometrica 13, 245-259.",
    "Kendall, M. G. (1975). Rank Correlation Methods, 4th ed. Griffin, London.",
    "Sen, P. K. (1968). Estimates of the regression coefficient based on Kendall's tau. "
    "Journal of the American Statistical Association 63, 1379-1389.",
    "Hamed, K. H. and Rao, A. R. (1998). A modified Mann-Kendall trend test for "
    "autocorrelated data. Journal of Hydrology 204, 182-196.",
    "Kendall, M. G. (1954). Note on bias in the estimation of autocorrelation. "
    "Biometrika 41, 403-404 (bias of the lag-1 autocorrelation; the correction used here "
    "is its analogue for residuals of a fitted line, checked by simulation).",
)

#: One paragraph describing the default trend test, for a report's methods section.
DEFAULT_METHOD_DESCRIPTION = (
    "Trends are tested with the Mann-Kendall test (Mann 1945; Kendall 1975) and their "
    "slopes estimated by the Theil-Sen estimator with Sen's (1968) confidence interval. "
    "Because monthly and daily indicators are autocorrelated, the variance of the "
    "Mann-Kendall statistic (and with it the slope interval) is inflated for first-order "
    "autocorrelated (AR(1)) noise: the lag-1 autocorrelation of the residuals from the "
    "least-squares line is corrected for its small-sample bias, -(2 + 4 phi)/n (cf. "
    "Kendall 1954), and, when positive, enters the variance formula of Hamed and Rao "
    "(1998) through the rank autocorrelations of an AR(1) process. Cumulative series are "
    "analysed as increments per period, never as levels. On 20,000 simulated series of "
    "24 monthly points without trend, the test (nominal level 5%) calls a trend in 7.7% "
    "of AR(1) series with autocorrelation 0.5 (plain Mann-Kendall: 21%) and in 3.3% of "
    "uncorrelated series, and it detects 62% of linear rises of three standard "
    "deviations over the window in the same AR(1) noise; the 95% slope interval covers "
    "the true slope in 92% of those series. At 60 points: 6.3%, 3.9%, 95% and 94%."
)


class _SeriesLike(Protocol):
    indicator: Any

    def to_pandas(self) -> pd.Series: ...


def check_options(method: str, alpha: float, autocorrelation: str | None) -> None:
    """Raise :class:`ValidationError` for an unknown method, a bad level or correction.

    Examples
    --------
    >>> check_options("mann_kendall", 0.05, "auto")
    """
    if method not in METHODS:
        raise ValidationError(f"method: expected one of {METHODS}, got {method!r}")
    if not isinstance(alpha, float | int) or not 0 < alpha < 1:
        raise ValidationError(f"alpha: expected a level between 0 and 1, got {alpha!r}")
    if autocorrelation not in ("auto", "ar1", "hamed_rao", None):
        raise ValidationError(
            f"autocorrelation: expected 'auto', 'ar1', 'hamed_rao' or None, got {autocorrelation!r}"
        )


def resolve_autocorrelation(inner_method: str, autocorrelation: str | None) -> str | None:
    """The correction used: ``"auto"`` is ``"ar1"`` for Mann–Kendall, None for OLS/HAC.

    Examples
    --------
    >>> resolve_autocorrelation("mann_kendall", "auto"), resolve_autocorrelation("ols_hac", "auto")
    ('ar1', None)
    """
    if autocorrelation == "auto":
        return "ar1" if inner_method == "mann_kendall" else None
    if autocorrelation is not None and inner_method != "mann_kendall":
        raise ValidationError(
            f"autocorrelation: {autocorrelation!r} corrects the Mann-Kendall test; "
            "'ols_hac' already uses autocorrelation-robust (HAC) errors"
        )
    return autocorrelation


def _fit_arrays(
    t: np.ndarray,
    x: np.ndarray,
    method: str,
    alpha: float,
    autocorrelation: str | None,
    lag: int | None,
    maxlags: int | None,
) -> tuple[dict[str, float], dict[str, float]]:
    """Core numbers of one test on NaN-free ``(t, x)``: (main, extra statistics)."""
    if method == "mann_kendall":
        out = mann_kendall_rows(
            t, x[None, :], alpha=alpha, autocorrelation=autocorrelation, lag=lag
        )
        row = {k: float(v[0]) for k, v in out.items()}
        stats = {k: row[k] for k in ("z", "s", "var_s", "tau")}
        if autocorrelation == "hamed_rao":
            stats["lag"] = float(x.size - 1 if lag is None else lag)
        if autocorrelation is not None:
            stats["variance_factor"] = row["variance_factor"]
        if autocorrelation == "ar1":
            stats["phi"] = row["phi"]
        return row, stats
    row = ols_hac(t, x, alpha=alpha, maxlags=maxlags)
    return row, {k: row[k] for k in ("z", "se", "maxlags")}


def fit_prepared(
    data: Prepared,
    method: str = "mann_kendall",
    *,
    alpha: float = 0.05,
    autocorrelation: str | None = "auto",
    lag: int | None = None,
    maxlags: int | None = None,
    period: int | None = None,
    robust: bool = True,
    test: str = "mann_kendall",
) -> TrendResult:
    """Fit a trend to an already prepared series (see :func:`trend` for the options)."""
    check_options(method, alpha, autocorrelation)
    inner_method = test if method == "stl" else method
    autocorrelation = resolve_autocorrelation(inner_method, autocorrelation)
    if lag is not None and (
        isinstance(lag, bool) or not isinstance(lag, int | np.integer) or lag < 1
    ):
        raise ValidationError(f"lag: expected a positive integer, got {lag!r}")
    keep = ~np.isnan(data.values)
    components = None
    stats_extra: dict[str, float] = {}
    values = data.values[keep]
    if method == "stl":
        if test not in ("mann_kendall", "ols_hac"):
            raise ValidationError(f"test: expected 'mann_kendall' or 'ols_hac', got {test!r}")
        stl_period = default_period(data.per) if period is None else period
        components = stl_components(
            data.t, data.values, period=stl_period, robust=robust, index=data.index
        )
        use = ~components["interpolated"].to_numpy()
        t = components["t"].to_numpy()[use]
        x = components["deseasonalised"].to_numpy()[use]
        values = components["observed"].to_numpy()[use]
        index = None if data.index is None else components.index[use]
        stats_extra["period"] = float(stl_period)
    else:
        t, x = data.t[keep], data.values[keep]
        index = None if data.index is None else data.index[keep]
    row, stats = _fit_arrays(t, x, inner_method, alpha, autocorrelation, lag, maxlags)
    stats.update(stats_extra)
    return TrendResult(
        method=method,
        slope=row["slope"],
        slope_low=row["slope_low"],
        slope_high=row["slope_high"],
        p_value=row["p_value"],
        direction=direction_of(row["z"], row["p_value"], alpha),
        n=int(x.size),
        intercept=row["intercept"],
        alpha=float(alpha),
        unit=data.unit,
        per=data.per,
        statistics=stats,
        t=t,
        values=values,
        index=index,
        components=components,
        name=data.name,
        autocorrelation=autocorrelation,
        quantity=data.quantity,
    )


@overload
def trend(
    x: xr.DataArray,
    method: Method = ...,
    *,
    alpha: float = ...,
    autocorrelation: Autocorrelation = ...,
    lag: int | None = ...,
    maxlags: int | None = ...,
    period: int | None = ...,
    robust: bool = ...,
    test: Literal["mann_kendall", "ols_hac"] = ...,
    dim: str = ...,
) -> TrendResult | xr.Dataset: ...


@overload
def trend(
    x: pd.Series | np.ndarray | Sequence[float] | _SeriesLike,
    method: Method = ...,
    *,
    alpha: float = ...,
    autocorrelation: Autocorrelation = ...,
    lag: int | None = ...,
    maxlags: int | None = ...,
    period: int | None = ...,
    robust: bool = ...,
    test: Literal["mann_kendall", "ols_hac"] = ...,
    dim: str = ...,
) -> TrendResult: ...


def trend(
    x: Any,
    method: Method = "mann_kendall",
    *,
    alpha: float = 0.05,
    autocorrelation: Autocorrelation = "auto",
    lag: int | None = None,
    maxlags: int | None = None,
    period: int | None = None,
    robust: bool = True,
    test: Literal["mann_kendall", "ols_hac"] = "mann_kendall",
    dim: str = "time",
) -> TrendResult | xr.Dataset:
    """Trend of a series: slope per period with its interval, test and direction.

    Called with only ``x``, the test is the Mann–Kendall test (Mann 1945; Kendall 1975)
    with its variance corrected for AR(1) noise (lag-1 autocorrelation of the
    least-squares residuals corrected for its small-sample bias, cf. Kendall 1954;
    variance formula of Hamed & Rao 1998), and the slope is the Theil–Sen estimator with
    Sen's (1968) interval, widened by the same correction. Chosen on simulated series at
    report lengths (see :data:`DEFAULT_METHOD_DESCRIPTION` and
    :mod:`~warindicators.analysis.trend.ar1`): at 24 monthly points without trend it
    calls a trend in 7.7 % of AR(1) series with ``phi = 0.5`` and 3.3 % of white-noise
    series (nominal 5 %), and detects 62 % of linear rises of 3 standard deviations over
    the window (``phi = 0.5``); plain Mann–Kendall calls a trend in 21 % of the
    autocorrelated series. A cumulative series (measure
    ``"cumulative"`` in its indicator or attrs) is analysed through its increments per
    period, placed at the middle of each interval, never through its level.

    Parameters
    ----------
    x
        An ``IndicatorSeries``, a :class:`pandas.Series` (a date index gives slopes per
        day/week/month... of its frequency), a 1-D array or list (slopes per step), or an
        :class:`xarray.DataArray`: 1-D gives a :class:`TrendResult`; more dimensions give a
        Dataset of results along ``dim``, vectorised over the others (dask-capable, see
        :func:`~warindicators.analysis.trend.panel.trend_panel`). Missing values are
        dropped (the dates of the remaining points are kept). Needs 4 or more values
        (increments, for a cumulative series).
    method
        ``"mann_kendall"`` (default): Mann–Kendall test and Theil–Sen slope with Sen's
        rank-based interval. ``"ols_hac"``: least squares with Newey–West standard errors.
        ``"stl"``: STL seasonal decomposition, then ``test`` on the deseasonalised series.
    alpha
        Level of the test and of the interval (coverage ``1 - alpha``).
    autocorrelation
        Correction of the Mann–Kendall variance (and of the slope interval) for
        autocorrelated noise. ``"auto"`` (default): ``"ar1"`` for Mann–Kendall, none for
        ``"ols_hac"`` (its HAC errors already allow for it). ``"ar1"``: AR(1) noise with a
        bias-corrected ``phi`` (see above; negative estimates count as 0).
        ``"hamed_rao"``: Hamed & Rao (1998) with the significant sample autocorrelations
        of the ranks (too liberal on short series: 22 % false trends at 24 AR(1) points).
        The AR(1) correction leaves other noise structures (long memory, strong
        seasonality) uncorrected: deseasonalise with ``method="stl"`` first.
        None: the original test, valid only for independent observations.
    lag
        Lags used by the Hamed–Rao correction (all when None).
    maxlags
        HAC truncation lag for ``"ols_hac"``; ``floor(4 (n/100)^(2/9))`` when None.
    period
        Seasonal period for ``"stl"`` in observations; 7 for daily data, 52 weekly, 12
        monthly, 4 quarterly when None.
    robust
        Robust STL fitting.
    test
        Test applied after STL: ``"mann_kendall"`` or ``"ols_hac"``.
    dim
        The time dimension of a DataArray panel.

    Returns
    -------
    TrendResult or xarray.Dataset

    Raises
    ------
    ValidationError
        Non-numeric or infinite values, fewer than 4 observations, unknown method or
        option, or an unsorted date index.

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.Series([10.0, 12, 11, 14, 15, 15, 18, 17],
    ...               index=pd.date_range("2024-03-01", periods=8, name="date"))
    >>> s.attrs["units"] = "km2"
    >>> res = trend(s)
    >>> res.slope, res.slope_unit, res.direction
    (1.0, 'km2 per day', 'increasing')
    >>> round(res.p_value, 4), res.autocorrelation
    (0.0061, 'ar1')
    >>> trend(s, autocorrelation=None).method
    'mann_kendall'
    >>> trend(s, method="ols_hac").method
    'ols_hac'

    A cumulative total is analysed through its increments:

    >>> total = pd.Series([0.0, 10, 20, 30, 40, 50],
    ...                   index=pd.date_range("2024-01-31", periods=6, freq="ME"))
    >>> total.attrs = {"measure": "cumulative", "units": "people"}
    >>> res = trend(total)
    >>> res.quantity, res.slope, res.slope_unit, res.direction
    ('increments', 0.0, 'people per month per month', 'no trend')
    """
    check_options(method, alpha, autocorrelation)
    if isinstance(x, xr.Dataset):
        raise ValidationError(
            "x: expected a DataArray, Series or array, got a Dataset; "
            "pass one variable, e.g. trend(ds['name'])"
        )
    options: dict[str, Any] = {
        "alpha": alpha,
        "autocorrelation": autocorrelation,
        "lag": lag,
        "maxlags": maxlags,
        "period": period,
        "robust": robust,
        "test": test,
    }
    if isinstance(x, xr.DataArray) and x.ndim > 1:
        from .panel import trend_panel

        return trend_panel(x, method, dim=dim, **options)
    return fit_prepared(prepare(x), method, **options)
