"""Seasonal step of the default pipeline: which periods to test, and the profile.

Monthly indicators often carry a fixed yearly profile that is neither noise nor a
changepoint; :func:`seasonal_profile` estimates it by classical decomposition and keeps
it only when it pays its inflated BIC charge (see :mod:`.auto`).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from .ar1 import within_phi

__all__ = ["SEASONAL_PERIODS", "seasonal_candidates", "seasonal_profile"]

#: Seasonal periods tested on a series without a dated index.
SEASONAL_PERIODS: tuple[int, ...] = (12, 7)


def seasonal_candidates(index: object, n: int) -> tuple[int, ...]:
    """Seasonal periods worth testing for a series with this index and length.

    Monthly dates give 12, quarterly 4, daily 7, business-daily 5, other dated indices
    none; without dates (or when the frequency cannot be inferred) 12 and 7 are tried.
    A period needs at least three full cycles.

    Examples
    --------
    >>> import pandas as pd
    >>> seasonal_candidates(pd.date_range("2020-01-01", periods=60, freq="MS"), 60)
    (12,)
    >>> seasonal_candidates(pd.date_range("2020-01-01", periods=60, freq="D"), 60)
    (7,)
    >>> seasonal_candidates(None, 100)
    (12, 7)
    >>> seasonal_candidates(None, 30)
    (7,)
    """
    periods = SEASONAL_PERIODS
    if isinstance(index, pd.DatetimeIndex) and index.size >= 3:
        freq = index.freqstr
        if freq is None:
            try:  # the inferred offset (pd.infer_freq's string result is deprecated)
                freq = pd.DatetimeIndex(index[: min(index.size, 60)], freq="infer").freqstr
            except (TypeError, ValueError):
                freq = None
        if freq is not None:
            code = freq.upper().split("-")[0].lstrip("0123456789")
            if code in ("M", "MS", "ME", "SM", "SMS", "BM", "BMS", "BME"):
                periods = (12,)
            elif code in ("Q", "QS", "QE", "BQ", "BQS", "BQE"):
                periods = (4,)
            elif code == "D":
                periods = (7,)
            elif code in ("B", "C"):
                periods = (5,)
            else:
                periods = ()
    return tuple(p for p in periods if n >= 3 * p)


def _phase_medians(values: np.ndarray, phase: np.ndarray, period: int) -> np.ndarray:
    """Median of ``values`` in each phase ``0 .. period - 1`` (every phase present).

    One sort by (phase, value) instead of a median call per phase.

    Examples
    --------
    >>> _phase_medians(np.array([5.0, 1, 3, 2, 9, 4, 7]), np.array([0, 1, 0, 1, 0, 1, 0]), 2)
    array([6., 2.])
    """
    order = np.lexsort((values, phase))
    counts = np.bincount(phase, minlength=period)
    starts = np.r_[0, np.cumsum(counts)[:-1]]
    ranked = values[order]
    return 0.5 * (ranked[starts + (counts - 1) // 2] + ranked[starts + counts // 2])


def seasonal_profile(z: np.ndarray, periods: tuple[int, ...]) -> tuple[int | None, np.ndarray]:
    """Best seasonal period of ``z`` that pays its inflated BIC charge, and its profile.

    Classical decomposition: ``z`` minus its centred moving average over one period
    (``2 x period`` for an even period) is free of trend and, away from the few points
    next to a break, of level shifts; the per-phase medians of this remainder give the
    profile. It is kept when it lowers ``m log(RSS)`` (``m`` interior points) by more
    than ``(1 + phi) / (1 - phi) * (period - 1) * log(m)``, with ``phi`` the lag-1
    autocorrelation left once the profile is removed (a smooth seasonal pattern itself
    looks like autocorrelation and must not inflate the charge that tests it).
    """
    n = z.size
    best: tuple[float, int | None, np.ndarray] = (0.0, None, np.zeros(n))
    for p in periods:
        w = np.r_[0.5, np.ones(p - 1), 0.5] / p if p % 2 == 0 else np.ones(p) / p
        h = w.size // 2
        rem = (z - np.convolve(z, w, mode="same"))[h : n - h]
        phase = (np.arange(n) % p)[h : n - h]
        if rem.size < 2 * p:
            continue
        med = _phase_medians(rem, phase, p)
        med -= med.mean()
        rss0 = float(np.sum(rem**2))
        rss1 = float(np.sum((rem - med[phase]) ** 2))
        if rss0 <= 0 or rss1 <= 0:
            continue
        phi = within_phi(rem - med[phase], np.zeros(0, dtype=np.int64))
        m = rem.size
        gain = m * math.log(rss0 / rss1) - (1.0 + phi) / (1.0 - phi) * (p - 1) * math.log(m)
        if gain > best[0]:
            best = (gain, p, med[np.arange(n) % p])
    return best[1], best[2]
