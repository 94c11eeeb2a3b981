"""Pairwise statistics of series in time order: Mann–Kendall counts and Theil–Sen slopes.

Plain numpy/scipy, no compiled code of our own, at the sizes users have:

* ``S = Σ_{i<j} sign(x_j - x_i)`` is summed lag by lag (2 ms at n = 500).
* Order statistics of the ``N`` pairwise slopes are selected by :func:`numpy.partition`
  from all slopes, computed lag by lag as ``(x[k:] - x[:-k]) / (t[k:] - t[:-k])`` (the
  same floating-point operations as a sort of every slope would use). That is O(n²):
  2 ms at n = 500, 25 ms at n = 1 500, 8 bytes per slope.

Above :data:`DIRECT_MAX_SLOPES` pairs in one call (a very long series, or a large panel)
the compiled kernels of :mod:`._theil_sen_fast` (numba: ``S`` by a merge sort in O(n log
n), the exact randomised selection in O(n log n + n^1.5) per series) are used instead;
their first use in a fresh environment compiles them, which takes tens of seconds and is
announced by one log line. Below it, nothing is compiled.
"""

from __future__ import annotations

import logging
import threading

import numpy as np

__all__ = ["DIRECT_MAX_SLOPES", "mk_counts", "select", "select_rows"]

#: Largest number of pairwise slopes (over all rows of one call) handled by numpy: a single
#: series of up to ~4 500 points, while a dask block of 16 daily series of 1 500 points
#: (18 million slopes, 0.45 s in numpy) takes the compiled path (about 0.03 s).
DIRECT_MAX_SLOPES = 10_000_000
_PARALLEL_WORK = 100_000  # rows x n^1.5 below which compiled threads cost more than they save
_LOG = logging.getLogger("warindicators")
_announced = threading.Event()


def mk_counts(values: np.ndarray, *, direct: bool | None = None) -> np.ndarray:
    """Mann–Kendall counts of every row, NaNs skipped.

    Returns shape ``(rows, 3)``: ``S``, the tie term ``Σ c (c - 1) (2c + 5)`` over groups
    of ``c`` equal values, and the number of values. ``direct`` chooses the lag-by-lag sum
    (True) or the compiled merge sort (False); by the number of pairs when None.

    Examples
    --------
    >>> mk_counts(np.array([[1.0, 3.0, 2.0, 4.0, 4.0], [2.0, 1.0, np.nan, 0.0, 0.0]]))
    array([[ 7., 18.,  5.],
           [-5., 18.,  4.]])
    """
    values = np.ascontiguousarray(np.atleast_2d(values), dtype=np.float64)
    n_all = (~np.isnan(values)).sum(axis=1)
    if direct is None:
        direct = int(np.sum(n_all * (n_all - 1) // 2)) <= DIRECT_MAX_SLOPES
    if not direct:
        return np.asarray(_compiled().mk_counts(values))
    out = np.zeros((values.shape[0], 3))
    for r, row in enumerate(values):
        x = row[~np.isnan(row)]
        n = x.size
        out[r, 2] = n
        if n < 2:
            continue
        _, c = np.unique(x, return_counts=True)
        out[r, 1] = float(np.sum(c * (c - 1) * (2 * c + 5)))
        if c.size > 1:
            out[r, 0] = float(sum(int(np.sign(x[k:] - x[:-k]).sum()) for k in range(1, n)))
    return out


def _all_slopes(t: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Every pairwise slope of ``(t, x)`` (``t`` strictly increasing), lag by lag."""
    n = x.size
    out = np.empty(n * (n - 1) // 2)
    pos = 0
    for k in range(1, n):
        m = n - k
        np.divide(x[k:] - x[:-k], t[k:] - t[:-k], out=out[pos : pos + m])
        pos += m
    return out


def _select_direct(t: np.ndarray, x: np.ndarray, ranks: np.ndarray) -> np.ndarray:
    """Order statistics at 0-based ``ranks`` (ranks out of range give NaN)."""
    out = np.full(ranks.size, np.nan)
    slopes = _all_slopes(t, x)
    ok = (ranks >= 0) & (ranks < slopes.size)
    if ok.any():
        want = np.unique(ranks[ok])
        part = np.partition(slopes, want)
        out[ok] = part[ranks[ok]]
    return out


def _compiled():  # type: ignore[no-untyped-def]
    """The compiled selection module, announcing a possible compilation once per process."""
    if not _announced.is_set():
        _announced.set()
        _LOG.warning(
            "warindicators: exact Theil-Sen selection for long series or large panels uses "
            "compiled code; in a new environment it is compiled once (about a minute), "
            "later runs reuse numba's on-disk cache"
        )
    from . import _theil_sen_fast

    return _theil_sen_fast


def select(t: np.ndarray, x: np.ndarray, ranks: np.ndarray) -> np.ndarray:
    """Exact order statistics of the pairwise slopes of one series at 0-based ``ranks``.

    ``t`` strictly increasing, ``x`` finite (both 1-D, same length).

    Examples
    --------
    >>> t = np.arange(5.0)
    >>> select(t, np.array([0.0, 2, 1, 5, 4]), np.array([0, 9, 10])).tolist()
    [-1.0, 4.0, nan]
    """
    t = np.ascontiguousarray(t, dtype=np.float64)
    x = np.ascontiguousarray(x, dtype=np.float64)
    ranks = np.ascontiguousarray(ranks, dtype=np.int64)
    if x.size * (x.size - 1) // 2 <= DIRECT_MAX_SLOPES:
        return _select_direct(t, x, ranks)
    return np.asarray(_compiled().select(t, x, ranks))


def select_rows(t: np.ndarray, values: np.ndarray, ranks: np.ndarray) -> np.ndarray:
    """Order statistics of the pairwise slopes of every row (NaNs skipped; ranks -1 → NaN).

    Parameters
    ----------
    t
        Strictly increasing time positions, shape ``(n,)``.
    values
        Shape ``(rows, n)``.
    ranks
        Shape ``(rows, q)``, 0-based ranks; -1 asks for nothing (NaN).

    Examples
    --------
    >>> v = np.array([[0.0, 2, 1, 5, 4], [0.0, 1, np.nan, 3, 4]])
    >>> select_rows(np.arange(5.0), v, np.array([[4, 5], [2, -1]])).tolist()
    [[1.0, 1.5], [1.0, nan]]
    """
    t = np.ascontiguousarray(t, dtype=np.float64)
    values = np.ascontiguousarray(np.atleast_2d(values), dtype=np.float64)
    ranks = np.ascontiguousarray(ranks, dtype=np.int64)
    valid = ~np.isnan(values)
    n = valid.sum(axis=1)
    work = int(np.sum(n * (n - 1) // 2))
    if work > DIRECT_MAX_SLOPES:
        fast = _compiled()
        main = threading.current_thread() is threading.main_thread()
        heavy = values.shape[0] * values.shape[1] ** 1.5 > _PARALLEL_WORK
        kernel = (
            fast.select_rows_parallel
            if main and values.shape[0] > 1 and heavy
            else fast.select_rows_serial
        )
        return np.asarray(kernel(t, values, ranks))
    out = np.full(ranks.shape, np.nan)
    for r in range(values.shape[0]):
        want = ranks[r] >= 0
        if n[r] >= 2 and want.any():
            keep = valid[r]
            got = np.full(ranks.shape[1], np.nan)
            got[want] = _select_direct(t[keep], values[r, keep], ranks[r, want])
            out[r] = got
    return out
