"""Piecewise trends: one slope (with interval and test) per segment between changepoints."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from ...errors import ValidationError
from ._prepare import Prepared, prepare
from .api import Method, check_options, fit_prepared
from .mann_kendall import MIN_POINTS

__all__ = ["SEGMENT_COLUMNS", "piecewise_trend"]

SEGMENT_COLUMNS = (
    "segment",
    "start",
    "end",
    "start_pos",
    "end_pos",
    "n",
    "slope",
    "slope_low",
    "slope_high",
    "p_value",
    "direction",
    "intercept",
)


def _positions(changepoints: Any, data: Prepared) -> list[int]:
    """Segment starts as 0-based positions, from positions, dates or a result object."""
    raw = getattr(changepoints, "indices", changepoints)
    items = list(np.atleast_1d(np.asarray(raw, dtype=object))) if raw is not None else []
    n = data.values.size
    out: list[int] = []
    for item in items:
        if isinstance(item, int | np.integer) and not isinstance(item, bool):
            pos = int(item)
        elif isinstance(data.index, pd.DatetimeIndex):
            try:
                stamp = pd.Timestamp(item)
            except (TypeError, ValueError) as err:
                raise ValidationError(
                    f"changepoints: expected positions or dates, got {item!r}"
                ) from err
            pos = int(data.index.searchsorted(stamp))
        else:
            raise ValidationError(
                f"changepoints: expected integer positions for data without dates, got {item!r}"
            )
        if not 0 < pos < n:
            raise ValidationError(
                f"changepoints: position {pos} is outside the series (expected 1..{n - 1})"
            )
        out.append(pos)
    if sorted(set(out)) != out:
        raise ValidationError(f"changepoints: expected increasing, unique positions, got {out}")
    return out


def piecewise_trend(
    x: Any,
    changepoints: Sequence[int] | Sequence[Any] | Any | None = None,
    *,
    method: Method = "mann_kendall",
    alpha: float = 0.05,
    detect: dict[str, Any] | None = None,
    **options: Any,
) -> pd.DataFrame:
    """Slope of each segment between changepoints.

    Parameters
    ----------
    x
        Anything :func:`~warindicators.analysis.trend.trend` accepts (one series).
    changepoints
        Starts of new segments: 0-based positions (a change between ``x[99]`` and
        ``x[100]`` is ``100``), dates, or a ``ChangepointResult``. When None they are
        detected with :func:`warindicators.analysis.changepoints.changepoints` using the
        ``"linear"`` cost (changes in slope and level); ``detect`` passes further options.
    method
        Trend method applied to each segment (``"mann_kendall"`` or ``"ols_hac"``).
    alpha
        Level of the tests and intervals.
    detect
        Keyword arguments for the changepoint detection.
    **options
        Further options of :func:`~warindicators.analysis.trend.trend`.

    Returns
    -------
    pandas.DataFrame
        One row per segment: ``segment``, ``start``/``end`` (first and last date, or
        position), ``start_pos``/``end_pos`` (positions, end exclusive), ``n`` (values
        used), ``slope``, ``slope_low``, ``slope_high``, ``p_value``, ``direction``,
        ``intercept`` (the segment line's value at the series' first date). Segments with
        fewer than 4 values have NaN statistics. ``attrs`` hold ``units``, ``per``,
        ``method``.

    Examples
    --------
    >>> x = np.r_[np.arange(10.0), 9.0 - 2.0 * np.arange(1, 11)]
    >>> seg = piecewise_trend(x, [10])
    >>> seg[["start_pos", "end_pos", "slope", "direction"]].values.tolist()
    [[0, 10, 1.0, 'increasing'], [10, 20, -2.0, 'decreasing']]
    """
    check_options(method, alpha, options.get("autocorrelation"))
    if method == "stl":
        raise ValidationError("method: 'stl' is not available per segment; use 'mann_kendall'")
    data = prepare(x)
    if changepoints is None:
        from ..changepoints import changepoints as detect_changepoints

        kwargs = {"cost": "linear", **(detect or {})}
        changepoints = detect_changepoints(x, **kwargs)
    starts = [0, *_positions(changepoints, data)]
    ends = [*starts[1:], data.values.size]
    rows: list[dict[str, Any]] = []
    for k, (a, b) in enumerate(zip(starts, ends, strict=True)):
        values = data.values[a:b]
        n_ok = int(np.count_nonzero(~np.isnan(values)))
        row: dict[str, Any] = {
            "segment": k,
            "start": a if data.index is None else data.index[a],
            "end": b - 1 if data.index is None else data.index[b - 1],
            "start_pos": a,
            "end_pos": b,
            "n": n_ok,
            "slope": np.nan,
            "slope_low": np.nan,
            "slope_high": np.nan,
            "p_value": np.nan,
            "direction": "no trend",
            "intercept": np.nan,
        }
        if n_ok >= MIN_POINTS:
            part = Prepared(
                values,
                None,
                data.t[a:b],
                data.per,
                data.periods_per_year,
                data.unit,
                data.measure,
                data.frequency,
                data.name,
            )
            fit = fit_prepared(part, method, alpha=alpha, **options)
            row.update(
                slope=fit.slope,
                slope_low=fit.slope_low,
                slope_high=fit.slope_high,
                p_value=fit.p_value,
                direction=fit.direction,
                intercept=fit.intercept,
            )
        rows.append(row)
    frame = pd.DataFrame(rows, columns=list(SEGMENT_COLUMNS))
    unit = data.unit
    frame.attrs = {
        "units": f"{unit} per {data.per}" if unit else f"per {data.per}",
        "per": data.per,
        "method": method,
        "alpha": alpha,
    }
    return frame
