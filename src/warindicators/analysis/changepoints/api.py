"""The user-facing :func:`changepoints` function."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..._jit import with_compile_notice
from ...errors import ValidationError
from .._inputs import as_1d, drop_nan
from .auto import auto_segment, seasonal_candidates
from .binseg import Binseg
from .bocpd import Bocpd
from .costs import check_cost, min_size_floor
from .defaults import DEFAULT_COST, DEFAULT_METHOD, DEFAULT_PENALTY, default_min_size
from .pelt import Pelt
from .penalties import noise_scale, resolve_penalty
from .result import ChangepointResult

__all__ = ["METHODS", "changepoints"]

METHODS: tuple[str, ...] = ("pelt", "binseg", "bocpd")

#: BOCPD pre-whitening: the Gaussian model is fed ``x[t] - phi * x[t-1]`` with the
#: robust AR(1) estimate ``phi`` capped at this value.
PREWHITEN_MAX_PHI = 0.5

#: Variance floor of the meanvar cost under a named penalty, as a fraction of the
#: robust noise variance: a short constant stretch cannot look infinitely likely.
MEANVAR_FLOOR = 0.1


@with_compile_notice("changepoint kernels")
def changepoints(
    x: Any,
    method: str = DEFAULT_METHOD,
    cost: str | None = None,
    penalty: str | float = DEFAULT_PENALTY,
    min_size: int | None = None,
    *,
    dim: str = "time",
    autocorrelation: bool = True,
    **kwargs: Any,
) -> Any:
    """Detect changepoints in a series.

    Parameters
    ----------
    x
        An ``IndicatorSeries``, :class:`pandas.Series`, 1-D array or list, or an
        :class:`xarray.DataArray`. A DataArray with more than one dimension is processed
        along ``dim`` for every combination of the other coordinates (dask-capable) and a
        tidy :class:`pandas.DataFrame` is returned (see
        :func:`~.panel.changepoints_panel`).
    method
        ``"pelt"`` (exact optimal segmentation, default), ``"binseg"`` (greedy binary
        segmentation) or ``"bocpd"`` (Bayesian online detection).
    cost
        ``"mean"``, ``"meanvar"``, ``"poisson"`` or ``"linear"`` (see
        :mod:`.costs`). Default None: with ``method="pelt"``, the default ``"mbic"``
        penalty and ``autocorrelation=True`` this runs the library's default pipeline
        (:mod:`.auto`): piecewise-constant mean and variance or piecewise-linear trend
        segments, chosen by a penalised Gaussian likelihood, with AR(1) noise modelled
        (short series: estimated jointly with the segmentation on the pre-whitened
        series; longer ones: a two-stage penalty correction) and removal of a detected
        seasonal pattern (the result's ``cost`` says which model won). Otherwise None means ``"meanvar"``. For
        ``"bocpd"``, ``"mean"``/``"meanvar"`` select the Gaussian model and
        ``"poisson"`` the Poisson-Gamma model.
    penalty
        ``"mbic"`` (default), ``"bic"``, ``"aic"`` or a number. A number is used as is:
        the objective is ``cost + penalty * n_changepoints`` on the raw data, comparable
        with ruptures. A name is scaled for the user by a robust noise estimate and
        inflated for AR(1) autocorrelation (see :mod:`.penalties`; the default pipeline
        estimates the autocorrelation in two stages instead, see :mod:`.auto`). Ignored
        by BOCPD.
    min_size
        Minimum segment length in non-missing observations; default
        ``max(cost minimum, ceil(log n))``, or 2 (the cost's minimum) with a numeric
        penalty.
    dim
        Time dimension of a DataArray.
    autocorrelation
        With a named penalty, inflate it by the estimated long-run variance factor.
    **kwargs
        Passed to the estimator: ``var_floor`` (meanvar), ``n_bkps`` (binseg),
        ``hazard``, ``threshold``, ``lag``, ``prior``, ``prewhiten`` (bocpd; default True:
        the Gaussian model runs on AR(1)-pre-whitened data, ``phi`` capped at 0.5).

    Returns
    -------
    ChangepointResult or pandas.DataFrame
        A DataFrame only for a multi-dimensional DataArray.

    Notes
    -----
    In the default pipeline ``penalty`` (the result's attribute) is the penalty per
    changepoint on the ``sum(m log var)`` scale of the chosen model (of the AR(1)
    pre-whitened series for series of up to 120 points), and ``params`` holds the AR(1)
    estimate ``phi`` and how it was found (``estimate``: ``"joint"`` with the
    segmentation on short series, ``"two-stage"`` on longer ones), the seasonal
    ``period`` removed (or None) and the ``criteria`` of the fits compared.

    Missing values are dropped, detection runs on the remaining points and positions
    are mapped back to the input: a changepoint is the position of the first non-missing
    observation of its segment. Input too short to hold two segments of ``min_size``,
    or constant input, gives an empty result; empty, all-missing, non-numeric,
    infinite or 2-D input raises :class:`~warindicators.errors.ValidationError`.

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(42)
    >>> x = np.r_[rng.normal(0, 1, 100), rng.normal(3, 1, 100)]
    >>> changepoints(x).indices
    [100]
    >>> t = np.arange(200.0)  # a change of slope
    >>> y = np.where(t < 120, 0.05 * t, 6.0 - 0.1 * (t - 120)) + rng.normal(0, 0.3, 200)
    >>> res = changepoints(y)
    >>> res.cost, [abs(i - 120) <= 5 for i in res.indices]
    ('linear', [True])
    >>> changepoints(x, method="binseg", cost="mean", penalty=50.0).indices
    [100]
    """
    if type(x).__name__ == "DataArray" and getattr(x, "ndim", 1) > 1:
        from .panel import changepoints_panel

        return changepoints_panel(
            x,
            dim=dim,
            method=method,
            cost=cost,
            penalty=penalty,
            min_size=min_size,
            autocorrelation=autocorrelation,
            **kwargs,
        )
    if method not in METHODS:
        raise ValidationError(f"method: expected one of {', '.join(METHODS)}; got {method!r}")
    values, index, attrs = as_1d(x)
    finite, keep = drop_nan(values)
    n = finite.size
    # the default pipeline: no cost given, the default named penalty, AR(1) correction on
    auto = (
        method == "pelt"
        and cost is None
        and isinstance(penalty, str)
        and penalty.lower() == DEFAULT_PENALTY
        and autocorrelation
    )
    if cost is None:
        cost = DEFAULT_COST
    check_cost(cost)
    named = isinstance(penalty, str)
    if min_size is None:
        min_size = default_min_size(n, cost) if named else max(2, min_size_floor(cost))
    if isinstance(min_size, bool) or not isinstance(min_size, int | np.integer) or min_size < 1:
        raise ValidationError(f"min_size: expected an integer >= 1; got {min_size!r}")
    min_size = max(int(min_size), min_size_floor(cost))

    def result(
        idx: np.ndarray, strength: np.ndarray, pen: float, **extra: Any
    ) -> ChangepointResult:
        return ChangepointResult(
            indices=keep[np.asarray(idx, dtype=np.int64)].tolist(),
            strength=np.asarray(strength, dtype=float),
            method=method,
            cost=str(cost),
            penalty=float(pen),
            n_obs=values.size,
            values=values,
            index=index,
            min_size=min_size,
            attrs=attrs,
            **extra,
        )

    empty = np.zeros(0, dtype=np.int64)
    if method == "bocpd":
        return _bocpd(finite, keep, values, cost, min_size, result, **kwargs)
    if auto and not kwargs and n >= 2 * min_size and not np.all(finite == finite[0]):
        fit = auto_segment(finite, min_size=min_size, periods=seasonal_candidates(index, n))
        cost = fit.cost
        return result(
            fit.indices,
            fit.strength,
            fit.penalty,
            noise=fit.noise,
            params={
                "penalty": penalty,
                "model": "auto",
                "phi": fit.phi,
                "estimate": fit.estimate,
                "period": fit.period,
                "criteria": fit.criteria,
            },
        )
    pen, noise = resolve_penalty(penalty, finite, cost, autocorrelation=autocorrelation)
    params = {"penalty": penalty} if named else {}
    constant = n > 0 and bool(np.all(finite == finite[0]))
    if n < 2 * min_size or constant:
        return result(empty, np.zeros(0), pen, noise=noise, params=params)
    var_floor = kwargs.pop("var_floor", None)
    if var_floor is None and cost == "meanvar" and noise is not None and noise.sd > 0:
        var_floor = MEANVAR_FLOOR * noise.sd**2
    est: Pelt | Binseg
    if method == "pelt":
        est = Pelt(cost=cost, min_size=min_size, var_floor=var_floor).fit(finite)
        _no_extra(kwargs, method)
        idx = est.predict(pen)
    else:
        est = Binseg(cost=cost, min_size=min_size, var_floor=var_floor).fit(finite)
        n_bkps = kwargs.pop("n_bkps", None)
        _no_extra(kwargs, method)
        idx = est.predict(pen=None if n_bkps is not None else pen, n_bkps=n_bkps)
        if n_bkps is not None:
            params["n_bkps"] = n_bkps
    return result(idx, est.strengths(idx), pen, noise=noise, params=params)


def _no_extra(kwargs: dict[str, Any], method: str) -> None:
    if kwargs:
        raise ValidationError(
            f"method={method!r}: unexpected keyword argument(s) {', '.join(sorted(kwargs))}"
        )


def _bocpd(
    finite: np.ndarray,
    keep: np.ndarray,
    values: np.ndarray,
    cost: str,
    min_size: int,
    result: Any,
    **kwargs: Any,
) -> ChangepointResult:
    if cost == "linear":
        raise ValidationError("method='bocpd': expected cost 'mean', 'meanvar' or 'poisson'")
    model = "poisson" if cost == "poisson" else "gaussian"
    allowed = {"hazard", "threshold", "lag", "prior", "eps", "capacity", "prewhiten"}
    extra = set(kwargs) - allowed
    if extra:
        raise ValidationError(f"method='bocpd': unexpected keyword argument(s) {sorted(extra)}")
    prewhiten = bool(kwargs.pop("prewhiten", True))
    phi = 0.0
    if prewhiten and model == "gaussian" and finite.size >= 4:
        phi = min(noise_scale(finite).phi, PREWHITEN_MAX_PHI)
    est = Bocpd(model=model, min_size=min_size, phi=phi, **kwargs).fit(finite)
    idx = est.predict()
    prob = np.full(values.size, np.nan)
    prob[keep] = est.probabilities_
    params = {"hazard": est.hazard, "threshold": est.threshold, "lag": est.lag, "phi": phi}
    return result(
        idx,
        est.probabilities_[idx],
        math.nan,
        probabilities=prob,
        params=params,
        online=est.online_,
    )
