"""PELT is exact: property tests against a brute-force DP and against ruptures."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from warindicators.analysis.changepoints import Binseg, Pelt
from warindicators.analysis.changepoints._poly import pelt_poly, poly_prefix
from warindicators.errors import ValidationError

VAR_FLOOR = 1e-3


def seg_cost(x: np.ndarray, cost: str) -> float:
    """Direct (non-prefix-sum) segment costs, written from the definitions."""
    m = x.size
    if cost == "mean":
        return float(np.sum((x - x.mean()) ** 2))
    if cost == "meanvar":
        return m * math.log(max(float(np.var(x)), VAR_FLOOR))
    if cost == "poisson":
        s = float(x.sum())
        return 0.0 if s == 0 else -2.0 * (s * math.log(s / m) - s)
    t = np.arange(m, dtype=float)
    if cost.startswith("poly"):  # the default pipeline's m log(RSS / m) of a polynomial
        d = min(int(cost[4:]), m - 1)
        fit = np.polynomial.polynomial.polyval(t, np.polynomial.polynomial.polyfit(t, x, d))
        return m * math.log(max(float(np.sum((x - fit) ** 2)) / m, VAR_FLOOR))
    if m < 2:
        return 0.0
    coef = np.polyfit(t, x, 1)
    return float(np.sum((x - np.polyval(coef, t)) ** 2))


def brute_force(x: np.ndarray, cost: str, pen: float, min_size: int) -> float:
    """Optimal partitioning by O(n^2) dynamic programming without pruning."""
    n = x.size
    best = np.full(n + 1, np.inf)
    best[0] = -pen
    for t in range(min_size, n + 1):
        for s in range(0, t - min_size + 1):
            if s != 0 and s < min_size:
                continue
            best[t] = min(best[t], best[s] + seg_cost(x[s:t], cost) + pen)
    return float(best[n])


def penalised(x: np.ndarray, idx: np.ndarray, cost: str, pen: float) -> float:
    edges = [0, *map(int, idx), x.size]
    return sum(seg_cost(x[a:b], cost) for a, b in itertools.pairwise(edges)) + pen * len(idx)


def series(cost: str) -> st.SearchStrategy[np.ndarray]:
    if cost == "poisson":
        elems = st.integers(0, 20).map(float)
    else:
        elems = st.floats(-50, 50, allow_nan=False).map(lambda v: round(v, 1))
    return st.lists(elems, min_size=2, max_size=24).map(np.array)


@pytest.mark.parametrize("cost", ["mean", "meanvar", "poisson", "linear"])
@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_pelt_matches_exhaustive_optimum(cost: str, data: st.DataObject) -> None:
    x = data.draw(series(cost))
    min_size = data.draw(st.integers(1, 4))
    pen = data.draw(st.floats(0.0, 200.0))
    est = Pelt(cost=cost, min_size=min_size, var_floor=VAR_FLOOR).fit(x)
    idx = est.predict(pen)
    m = est.min_size
    if x.size < 2 * m:
        assert idx.size == 0
        return
    optimum = brute_force(x, cost, pen, m)
    got = penalised(x, idx, cost, pen)
    tol = 1e-6 * (1 + abs(optimum) + float(np.sum(x**2)))
    assert got == pytest.approx(optimum, abs=tol)
    assert est.penalised_cost_ == pytest.approx(got, abs=tol)
    assert np.all(np.diff(np.r_[0, idx, x.size]) >= m)


@settings(max_examples=40, deadline=None)
@given(
    x=st.lists(st.floats(-100, 100, allow_nan=False), min_size=12, max_size=40).map(np.array),
    degree=st.sampled_from([0, 1, 2]),
    pen=st.floats(0.5, 30.0),
    min_size=st.integers(4, 6),
)
def test_polynomial_pelt_of_the_default_matches_exhaustive_optimum(
    x: np.ndarray, degree: int, pen: float, min_size: int
) -> None:
    z = np.round(x - x.mean(), 3)  # keep exact ties between candidate segmentations rare
    idx = pelt_poly(poly_prefix(z, degree), VAR_FLOOR, pen, min_size, degree)
    assert np.all(np.diff(np.r_[0, idx, x.size]) >= min_size)
    optimum = brute_force(z, f"poly{degree}", pen, min_size)
    got = penalised(z, idx, f"poly{degree}", pen)
    assert got <= optimum + 1e-6 * max(1.0, abs(optimum))


@settings(max_examples=40, deadline=None)
@given(
    x=st.lists(st.floats(-10, 10, allow_nan=False), min_size=6, max_size=60).map(np.array),
    pen=st.floats(0.01, 50.0),
    min_size=st.integers(2, 5),
)
def test_pelt_never_worse_than_ruptures(x: np.ndarray, pen: float, min_size: int) -> None:
    rpt = pytest.importorskip("ruptures")
    ours = Pelt(cost="mean", min_size=min_size).fit(x).predict(pen)
    theirs = rpt.Pelt(model="l2", min_size=min_size, jump=1).fit(x).predict(pen=pen)[:-1]
    tol = 1e-9 * (1 + float(np.sum(x**2)))
    assert penalised(x, ours, "mean", pen) <= penalised(x, np.array(theirs), "mean", pen) + tol


def test_pelt_equals_ruptures_breakpoints_on_noisy_steps() -> None:
    rpt = pytest.importorskip("ruptures")
    rng = np.random.default_rng(7)
    x = np.repeat(rng.normal(0, 3, 8), 40) + rng.normal(size=320)
    for pen in (5.0, 20.0, 80.0):
        ours = Pelt(cost="mean", min_size=2).fit(x).predict(pen)
        theirs = rpt.Pelt(model="l2", min_size=2, jump=1).fit(x).predict(pen=pen)
        assert ours.tolist() == theirs[:-1]


def test_binseg_matches_ruptures_with_n_bkps() -> None:
    rpt = pytest.importorskip("ruptures")
    rng = np.random.default_rng(8)
    x = np.repeat([0.0, 5.0, 2.0, 8.0], 50) + rng.normal(size=200)
    ours = Binseg(cost="mean", min_size=2).fit(x).predict(n_bkps=3)
    theirs = rpt.Binseg(model="l2", min_size=2, jump=1).fit(x).predict(n_bkps=3)
    assert ours.tolist() == theirs[:-1]


def test_pelt_is_at_least_as_good_as_binseg() -> None:
    rng = np.random.default_rng(9)
    x = np.repeat(rng.normal(0, 2, 10), 30) + rng.normal(size=300)
    pelt = Pelt(cost="mean").fit(x)
    binseg = Binseg(cost="mean").fit(x)
    for pen in (2.0, 10.0, 40.0):
        p = pelt.predict(pen)
        b = binseg.predict(pen=pen)
        assert penalised(x, p, "mean", pen) <= penalised(x, b, "mean", pen) + 1e-8


def test_estimator_validation() -> None:
    with pytest.raises(ValidationError, match="cost"):
        Pelt(cost="l1")
    with pytest.raises(ValidationError, match="min_size"):
        Pelt(min_size=0)
    with pytest.raises(ValidationError, match="fit"):
        Pelt().predict(1.0)
    with pytest.raises(ValidationError, match="finite"):
        Pelt().fit(np.array([1.0, np.nan]))
    with pytest.raises(ValidationError, match="pen"):
        Pelt().fit(np.zeros(10)).predict(-1.0)
    with pytest.raises(ValidationError, match="exactly one"):
        Binseg().fit(np.zeros(10)).predict()
    with pytest.raises(ValidationError, match="non-negative"):
        Pelt(cost="poisson").fit(np.array([1.0, -1.0, 2.0]))


@pytest.mark.parametrize("degree", [0, 1, 2])
def test_small_series_kernel_and_long_series_kernels_find_the_same_optimum(degree: int) -> None:
    # pelt_poly runs one generic kernel up to SMALL_MAX_N points and one vectorised kernel
    # per degree beyond; on the same prefix sums both must return the same segmentation
    from warindicators.analysis.changepoints import _poly

    specialised = {0: _poly._pelt_constant, 1: _poly._pelt_linear, 2: _poly._pelt_quadratic}
    rng = np.random.default_rng(degree)
    for n, pen in ((80, 12.0), (400, 20.0), (_poly.SMALL_MAX_N, 25.0)):
        t = np.arange(n) / n
        x = np.repeat(rng.normal(0, 2, n // 40 + 1), 40)[:n] + 3 * t**2 + rng.normal(size=n)
        P = poly_prefix(x - x.mean(), degree)
        small = _poly._pelt_small(P, VAR_FLOOR, pen, 6, degree)
        assert np.array_equal(small, specialised[degree](P, VAR_FLOOR, pen, 6))
        assert small.size > 0
    assert _poly.SMALL_MAX_N < 1500  # the panel benchmark's series use the fast kernels
