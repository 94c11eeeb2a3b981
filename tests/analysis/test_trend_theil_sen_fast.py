"""The randomised selection of pairwise-slope order statistics against sorting them all."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from warindicators.analysis.trend._theil_sen_fast import (
    mk_counts,
    select,
    select_fast,
    select_many,
    select_rows_parallel,
    select_rows_serial,
    sort_count_inversions,
)


def all_slopes(t: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Every pairwise slope (pairs with equal ``t`` left out), sorted."""
    i, j = np.triu_indices(x.size, 1)
    keep = t[j] != t[i]
    with np.errstate(over="ignore"):
        return np.sort((x[j][keep] - x[i][keep]) / (t[j][keep] - t[i][keep]))


def exhaustive(t: np.ndarray, x: np.ndarray, ranks: np.ndarray) -> np.ndarray:
    """Order statistics at ``ranks`` by sorting every slope; NaN outside the range."""
    slopes = all_slopes(t, x)
    return np.array([slopes[r] if 0 <= r < slopes.size else np.nan for r in ranks])


def assert_same(got: np.ndarray, want: np.ndarray) -> None:
    """Bit-for-bit equality (NaN where both are NaN)."""
    np.testing.assert_array_equal(got, want)


@st.composite
def series(
    draw: st.DrawFn, min_size: int = 2, max_size: int = 300
) -> tuple[np.ndarray, np.ndarray]:
    """``(t, x)`` with ties in ``x`` (integers), repeated ``t`` (zero gaps) or neither."""
    n = draw(st.integers(min_size, max_size))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    kind_x = draw(st.sampled_from(["float", "ties", "few", "drift"]))
    if kind_x == "float":
        x = rng.normal(size=n) * 10.0 ** draw(st.integers(-3, 3))
    elif kind_x == "ties":
        x = rng.integers(-4, 5, n) / 3.0  # many tied slopes, inexact in binary
    elif kind_x == "few":
        x = rng.choice([0.0, 1.0], n)
    else:
        x = np.round(rng.normal(size=n), 1) + draw(st.floats(-0.1, 0.1)) * np.arange(n)
    kind_t = draw(st.sampled_from(["regular", "gaps", "repeats"]))
    if kind_t == "regular":
        t = np.arange(n, dtype=float)
    elif kind_t == "gaps":
        t = np.cumsum(rng.integers(1, 4, n)).astype(float) / 7.0
    else:
        t = np.cumsum(rng.integers(0, 3, n)).astype(float)  # zero gaps repeat t
    return t, x


def ranks_for(t: np.ndarray, x: np.ndarray, extra: list[int]) -> np.ndarray:
    """Median, Sen-like interval ranks, the extremes and a few drawn (some out of range)."""
    m = all_slopes(t, x).size
    spread = int(0.6 * x.size**1.5)
    base = [(m - 1) // 2, m // 2, m // 2 - spread, m // 2 + spread, 0, m - 1, m, -1]
    return np.array(base + [r % (m + 2) - 1 for r in extra], dtype=np.int64)


@settings(max_examples=150, deadline=None)
@given(series(), st.lists(st.integers(0, 10**9), max_size=4))
def test_fast_selection_equals_sorting(
    data: tuple[np.ndarray, np.ndarray], extra: list[int]
) -> None:
    t, x = data
    ranks = ranks_for(t, x, extra)
    assert_same(select_fast(t, x, ranks), exhaustive(t, x, ranks))


@settings(max_examples=60, deadline=None)
@given(series(min_size=40, max_size=60), st.lists(st.integers(0, 10**9), max_size=3))
def test_around_the_small_size_threshold(
    data: tuple[np.ndarray, np.ndarray], extra: list[int]
) -> None:
    """Below 50 points all slopes are sorted, from 50 on the fast route runs."""
    t, x = data
    ranks = ranks_for(t, x, extra)
    want = exhaustive(t, x, ranks)
    assert_same(select(t, x, ranks), want)
    assert_same(select_fast(t, x, ranks), want)


@settings(max_examples=25, deadline=None)
@given(
    st.integers(2, 120),
    st.integers(1, 8),
    st.integers(0, 2**32 - 1),
    st.floats(0.0, 0.6),
)
def test_rows_with_nan_equal_each_series(n: int, rows: int, seed: int, p_nan: float) -> None:
    """Rows skip their NaNs (keeping the time positions of the rest); ranks -1 give NaN."""
    rng = np.random.default_rng(seed)
    t = np.cumsum(rng.integers(1, 3, n)).astype(float)
    values = np.round(rng.normal(size=(rows, n)), 1) + 0.01 * np.arange(n)
    values[rng.random(values.shape) < p_nan] = np.nan
    ranks = np.full((rows, 4), -1, dtype=np.int64)
    want = np.full((rows, 4), np.nan)
    for r in range(rows):
        keep = ~np.isnan(values[r])
        m = int(keep.sum()) * (int(keep.sum()) - 1) // 2
        if m:
            ranks[r, :3] = [(m - 1) // 2, m // 2, rng.integers(0, m)]
        if keep.sum() >= 2:
            want[r] = exhaustive(t[keep], values[r, keep], ranks[r])
        want[r, ranks[r] < 0] = np.nan
    assert_same(select_rows_serial(t, values, ranks), want)
    assert_same(select_rows_parallel(t, values, ranks), want)


@pytest.mark.parametrize("case", ["walk", "ties", "repeated_t"])
def test_large_series(case: str) -> None:
    rng = np.random.default_rng(3000)
    n = 3000
    t = np.arange(n, dtype=float)
    x = np.cumsum(rng.normal(size=n))
    if case == "ties":
        x = np.round(rng.normal(size=n)) + np.floor(np.arange(n) / 400.0)
    elif case == "repeated_t":
        t = np.sort(rng.integers(0, 1000, n)).astype(float)
    ranks = ranks_for(t, x, [123_456, 2_000_000])
    assert_same(select_fast(t, x, ranks), exhaustive(t, x, ranks))


@pytest.mark.parametrize(
    "make",
    [
        lambda n, rng: (np.arange(n, dtype=float), 0.1 * np.arange(n)),  # near-tied slopes
        lambda n, rng: (1e9 + np.arange(n, dtype=float), 0.1 * np.arange(n)),
        lambda n, rng: (np.arange(n) / 7.0, np.arange(n) / 3.0 + rng.normal(0, 1e-14, n)),
        lambda n, rng: (np.arange(n, dtype=float), 1e300 * rng.normal(size=n)),
        lambda n, rng: (np.arange(n, dtype=float), 1e-310 * rng.integers(-5, 5, n)),
        lambda n, rng: (np.arange(n) * 1e-10, 1e300 * rng.normal(size=n)),  # overflow
        lambda n, rng: (1e200 * np.arange(1, n + 1), rng.normal(size=n)),
        lambda n, rng: (np.arange(n, dtype=float), np.floor(np.arange(n) / 50.0)),
        lambda n, rng: (np.zeros(n), rng.normal(size=n)),  # no pair has a slope
    ],
)
def test_rounding_and_range_extremes(
    make: Callable[[int, np.random.Generator], tuple[np.ndarray, np.ndarray]],
) -> None:
    """Slopes that differ in the last bit, huge, tiny or overflowing values stay exact."""
    rng = np.random.default_rng(1)
    t, x = make(800, rng)
    ranks = ranks_for(t, x, [1, 77_777])
    with np.errstate(over="ignore"):
        got = select_fast(t, x, ranks)
    assert_same(got, exhaustive(t, x, ranks))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(-3, 3).map(float), max_size=200))
def test_sort_count_inversions(xs: list[float]) -> None:
    key = np.array(xs, dtype=float)
    i, j = np.triu_indices(key.size, 1)
    ids = np.arange(key.size)
    expected_ids = np.argsort(key, kind="stable")
    sorted_key = key.copy()
    assert sort_count_inversions(sorted_key, ids) == int(np.sum(key[j] < key[i]))
    assert_same(sorted_key, key[expected_ids])
    assert_same(ids, expected_ids)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.one_of(st.integers(-20, 20).map(float), st.just(np.nan)), max_size=400),
    st.integers(-5, 5),
    st.integers(-5, 5),
    st.lists(st.integers(-2, 402), min_size=1, max_size=5),
)
def test_select_many(xs: list[float], lo: int, width: int, ks: list[int]) -> None:
    """Ranks among the non-NaN values; NaN for a value outside ``[lo, hi]``."""
    a = np.array(xs, dtype=float)
    hi = lo + abs(width)
    ranks = np.sort(np.array(ks, dtype=np.int64))
    ordered = np.sort(a[~np.isnan(a)])
    want = np.array(
        [ordered[k] if 0 <= k < ordered.size and lo <= ordered[k] <= hi else np.nan for k in ranks]
    )
    assert_same(select_many(a.copy(), float(lo), float(hi), ranks), want)
    unbounded = np.array([ordered[k] if 0 <= k < ordered.size else np.nan for k in ranks])
    assert_same(select_many(a.copy(), -np.inf, np.inf, ranks), unbounded)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.one_of(st.integers(-3, 3).map(float), st.just(np.nan)), max_size=150))
def test_mk_counts(xs: list[float]) -> None:
    x = np.array(xs, dtype=float)
    got = mk_counts(x[None, :])[0]
    x = x[~np.isnan(x)]
    i, j = np.triu_indices(x.size, 1)
    _, counts = np.unique(x, return_counts=True)
    assert got[0] == np.sign(x[j] - x[i]).sum()
    assert got[1] == np.sum(counts * (counts - 1) * (2 * counts + 5))
    assert got[2] == x.size
