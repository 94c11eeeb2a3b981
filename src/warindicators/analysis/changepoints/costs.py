"""Segment cost functions: names, minimum sizes and fitted segment parameters.

Each cost is twice a segment's negative log-likelihood up to constants that cancel:

``"mean"``
    Gaussian change in mean with fixed variance: the squared error
    ``sum((x - mean)**2)`` (the same objective as ruptures' ``l2``).
``"meanvar"``
    Gaussian change in mean and variance: ``n * log(var)`` with the maximum-likelihood
    variance, floored at a small positive value so that constant stretches do not
    produce ``-inf``.
``"poisson"``
    Poisson counts with a piecewise-constant rate: ``-2 * (S * log(S / n) - S)``;
    needs non-negative data.
``"linear"``
    Change in a linear trend (slope and level): the residual sum of squares of a
    least-squares line fitted within each segment.

The numeric kernels live in :mod:`._kernels`; this module holds the metadata and the
per-segment summaries used by results.
"""

from __future__ import annotations

import numpy as np

from ...errors import ValidationError

__all__ = [
    "COSTS",
    "check_cost",
    "min_size_floor",
    "n_params",
    "prepare",
    "segment_fit",
    "segment_params",
]

COSTS: tuple[str, ...] = ("mean", "meanvar", "poisson", "linear")

_MIN_SIZE = {"mean": 1, "meanvar": 2, "poisson": 1, "linear": 3}
_N_PARAMS = {"mean": 1, "meanvar": 2, "poisson": 1, "linear": 2}


def check_cost(cost: str) -> str:
    """Validate a cost name and return it.

    Examples
    --------
    >>> check_cost("mean")
    'mean'
    """
    if cost not in COSTS:
        raise ValidationError(f"cost: expected one of {', '.join(COSTS)}; got {cost!r}")
    return cost


def min_size_floor(cost: str) -> int:
    """Smallest segment length the cost can fit (2 for meanvar, 3 for linear).

    Examples
    --------
    >>> min_size_floor("linear")
    3
    """
    return _MIN_SIZE[check_cost(cost)]


def n_params(cost: str) -> int:
    """Number of free parameters per segment (used by the named penalties).

    Examples
    --------
    >>> n_params("meanvar")
    2
    """
    return _N_PARAMS[check_cost(cost)]


def prepare(x: np.ndarray, cost: str, var_floor: float | None = None) -> tuple[np.ndarray, float]:
    """Return the array passed to the kernels and the variance floor.

    Gaussian costs are shifted by the overall mean (costs are shift-invariant; this keeps
    the prefix sums accurate on long series). Poisson data must be non-negative.

    Examples
    --------
    >>> import numpy as np
    >>> prepare(np.array([1.0, 3.0]), "mean")[0]
    array([-1.,  1.])
    """
    check_cost(cost)
    if cost == "poisson":
        if (x < 0).any():
            pos = int(np.flatnonzero(x < 0)[0])
            raise ValidationError(
                f"cost='poisson': expected non-negative counts, got {x[pos]} at position {pos}"
            )
        return np.ascontiguousarray(x, dtype=np.float64), 0.0
    z = np.ascontiguousarray(x - x.mean(), dtype=np.float64)
    if var_floor is None:
        var_floor = 1e-12 * max(float(np.var(z)), 1e-300)
    return z, float(var_floor)


def segment_params(
    x: np.ndarray, cost: str, starts: np.ndarray, ends: np.ndarray
) -> dict[str, np.ndarray]:
    """Fitted parameters of each segment ``x[s:e]``: mean and std, plus slope/intercept.

    ``intercept`` is the fitted value at the segment's first observation and ``slope``
    the change per observation (only for ``cost="linear"``). For the default pipeline's
    ``"quadratic"`` segments, ``curvature`` is added: the fit at the ``t``-th observation
    of the segment is ``intercept + slope * t + curvature * t**2``.

    Examples
    --------
    >>> import numpy as np
    >>> p = segment_params(np.arange(6.0), "linear", np.array([0]), np.array([6]))
    >>> float(p["slope"][0]), float(p["intercept"][0])
    (1.0, 0.0)
    """
    means = np.array([x[s:e].mean() for s, e in zip(starts, ends, strict=True)])
    stds = np.array(
        [x[s:e].std(ddof=1) if e - s > 1 else np.nan for s, e in zip(starts, ends, strict=True)]
    )
    out: dict[str, np.ndarray] = {"mean": means, "std": stds}
    degree = {"linear": 1, "quadratic": 2}.get(cost, 0)
    if degree:
        coef = np.zeros((len(starts), 3))  # intercept, slope, curvature
        for i, (s, e) in enumerate(zip(starts, ends, strict=True)):
            t = np.arange(e - s, dtype=float)
            d = min(degree, e - s - 1)
            coef[i, : d + 1] = np.polynomial.polynomial.polyfit(t, x[s:e], d) if d else x[s]
        out["slope"] = coef[:, 1]
        out["intercept"] = coef[:, 0]
        if degree == 2:
            out["curvature"] = coef[:, 2]
    return out


def segment_fit(x: np.ndarray, cost: str, bkps: np.ndarray) -> np.ndarray:
    """Piecewise fitted values (segment means, or lines for ``"linear"``).

    Examples
    --------
    >>> import numpy as np
    >>> segment_fit(np.array([0.0, 2.0, 5.0, 7.0]), "mean", np.array([2]))
    array([1., 1., 6., 6.])
    """
    from ._poly import poly_fit

    edges = np.r_[0, np.asarray(bkps, dtype=np.int64), len(x)]
    degree = {"linear": 1, "quadratic": 2}.get(cost, 0)
    return np.asarray(poly_fit(np.ascontiguousarray(x, dtype=np.float64), edges, degree))
