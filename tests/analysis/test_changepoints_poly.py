"""Polynomial-trend segment models of the default pipeline (linear and quadratic)."""

from __future__ import annotations

import itertools
import math

import hypothesis.extra.numpy as hnp
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from statsmodels.tsa.arima_process import ArmaProcess

from warindicators.analysis.changepoints import changepoints
from warindicators.analysis.changepoints._poly import (
    _log_inplace,
    pelt_poly,
    poly_costs,
    poly_fit,
    poly_prefix,
)
from warindicators.analysis.changepoints.auto import auto_segment

FLOOR = 1e-9


def rss_cost(x: np.ndarray, degree: int) -> float:
    """``m log(RSS / m)`` by an ordinary least-squares fit (the reference)."""
    m = x.size
    t = np.arange(m, dtype=float)
    d = min(degree, m - 1)
    coef = np.polynomial.polynomial.polyfit(t, x, d)
    rss = float(np.sum((x - np.polynomial.polynomial.polyval(t, coef)) ** 2))
    return m * math.log(max(rss / m, FLOOR))


series = hnp.arrays(
    np.float64,
    st.integers(12, 40),
    elements=st.floats(-100, 100, allow_nan=False, allow_infinity=False),
)


@settings(max_examples=60, deadline=None)
@given(
    x=series,
    degree=st.sampled_from([0, 1, 2]),
    cuts=st.lists(st.integers(1, 39), max_size=4, unique=True),
)
def test_segment_fit_equals_polyfit_per_segment(
    x: np.ndarray, degree: int, cuts: list[int]
) -> None:
    edges = np.r_[0, sorted(c for c in cuts if c < x.size), x.size].astype(np.int64)
    got = poly_fit(x, edges, degree)
    for s, e in itertools.pairwise(edges):
        t = np.arange(e - s, dtype=float)
        coef = np.polynomial.polynomial.polyfit(t, x[s:e], min(degree, e - s - 1))
        want = np.polynomial.polynomial.polyval(t, coef)
        np.testing.assert_allclose(got[s:e], want, atol=1e-8 * (1 + np.abs(x).max()))


@settings(max_examples=60, deadline=None)
@given(x=series, degree=st.sampled_from([0, 1, 2]), s=st.integers(0, 5), m=st.integers(3, 12))
def test_closed_form_cost_equals_least_squares(x: np.ndarray, degree: int, s: int, m: int) -> None:
    e = min(s + m, x.size)
    z = x - x.mean()
    P = poly_prefix(z, degree)
    got = poly_costs(P, FLOOR, degree, np.array([s]), np.array([e]))[0]
    want = rss_cost(z[s:e], degree)
    assert got == pytest.approx(want, abs=1e-6 * max(1.0, abs(want)))


@settings(max_examples=50, deadline=None)
@given(
    v=hnp.arrays(
        np.float64,
        st.integers(1, 200),
        elements=st.floats(1e-300, 1e300, allow_nan=False, allow_infinity=False),
    )
)
def test_batched_log_matches_numpy(v: np.ndarray) -> None:
    buf = np.r_[v, 1.0, 2.0, 0.5, np.sqrt(2.0), np.nextafter(np.sqrt(2.0), 2.0)]
    want = np.log(buf)
    _log_inplace(buf, buf.view(np.int64), np.empty_like(buf), buf.size)
    np.testing.assert_allclose(buf, want, rtol=4e-16, atol=4e-16)


def test_meanvar_model_equals_the_public_meanvar_cost() -> None:
    from warindicators.analysis.changepoints.pelt import Pelt

    rng = np.random.default_rng(3)
    x = np.repeat(rng.normal(0, 3, 5), 60) * rng.uniform(0.5, 2, 300) + rng.normal(size=300)
    z = x - x.mean()
    pen = 4 * math.log(300)
    ours = pelt_poly(poly_prefix(z, 0), 1e-6, pen, 6, 0)
    public = Pelt(cost="meanvar", min_size=6, var_floor=1e-6).fit(x).predict(pen)
    assert ours.tolist() == list(public)


def test_quadratic_cost_keeps_its_precision_on_long_series() -> None:
    # the t**2 prefix sums are compensated: a short segment at the end of a long,
    # trending series still gets its exact least-squares cost
    n = 400_000
    rng = np.random.default_rng(4)
    t = np.arange(n)
    x = 50 * np.sin(6 * t / n) + rng.normal(size=n)
    z = x - x.mean()
    P = poly_prefix(z, 2)
    starts = rng.integers(n - 1000, n - 13, 20)
    got = poly_costs(P, FLOOR, 2, starts, starts + 13)
    want = [rss_cost(z[s : s + 13], 2) for s in starts]
    np.testing.assert_allclose(got, want, atol=0.01)


def ar1(rng: np.random.Generator, n: int, phi: float) -> np.ndarray:
    """AR(1) noise with unit innovations (statsmodels' ARMA sampler, 200 burn-in)."""
    return ArmaProcess([1.0, -phi]).generate_sample(n, burnin=200, distrvs=rng.normal)


def test_accelerating_trend_is_not_split_into_lines() -> None:
    # a smooth quadratic trend has no changepoint; lines alone would split it every time
    rng = np.random.default_rng(5)
    t = np.arange(500) / 500
    alarms = 0
    for _ in range(20):
        x = 20 * t**2 + 0.3 * ar1(rng, 500, 0.5)
        res = changepoints(x)
        alarms += res.n_changepoints > 0
    assert alarms <= 1
    linear_only = auto_segment(20 * t**2 + 0.3 * ar1(rng, 500, 0.5), models=("meanvar", "linear"))
    assert linear_only.indices.size > 0  # the failure the quadratic step removes


def test_jump_in_a_curved_trend_is_found_once() -> None:
    rng = np.random.default_rng(8)
    t = np.arange(500) / 500
    hits = 0
    for _ in range(20):
        x = 20 * t**2 + 3.0 * (t >= 0.6) + 0.3 * ar1(rng, 500, 0.5)
        idx = changepoints(x).indices
        hits += len(idx) == 1 and abs(idx[0] - 300) <= 5
    assert hits >= 18


def test_quadratic_segments_report_curvature_and_fit() -> None:
    t = np.arange(300.0)
    rng = np.random.default_rng(2)
    x = np.where(t < 150, 0.001 * t**2, 40 - 0.002 * (t - 150) ** 2) + rng.normal(0, 0.2, 300)
    res = changepoints(x)
    assert res.cost == "quadratic"
    assert len(res.indices) == 1 and abs(res.indices[0] - 150) <= 5
    seg = res.segments
    assert seg["curvature"].iloc[0] == pytest.approx(0.001, rel=0.1)
    assert seg["curvature"].iloc[1] == pytest.approx(-0.002, rel=0.1)
    assert np.sqrt(np.mean((res.fitted() - x) ** 2)) < 0.3


def test_level_shift_series_never_pays_for_the_quadratic_fit() -> None:
    # forward step: a piecewise-constant series is settled before the quadratic model
    rng = np.random.default_rng(1)
    x = np.r_[np.zeros(200), np.full(200, 4.0)] + ar1(rng, 400, 0.5)
    fit = auto_segment(x)
    assert fit.cost == "meanvar"
    assert not any(k.startswith("quadratic") for k in fit.criteria)


@pytest.mark.parametrize("cost", ["meanvar", "linear", "quadratic"])
def test_second_stage_shortcut_equals_a_second_pelt_pass(cost: str) -> None:
    # the optimum at a larger penalty, derived from a first optimum with <= 2 changes,
    # must be the one PELT finds again from scratch
    from warindicators.analysis.changepoints.auto import _MIN_SIZE, _PARAMS, _Model

    rng = np.random.default_rng(5)
    checked = 0
    for _ in range(120):
        n = int(rng.integers(20, 300))
        x = ArmaProcess([1, -rng.uniform(0, 0.8)], [1]).generate_sample(n, distrvs=rng.normal)
        for c in rng.choice(np.arange(5, n - 5), size=int(rng.integers(0, 3)), replace=False):
            x[c:] += rng.normal(0, 3)
        model = _Model(x, cost, max(_MIN_SIZE[cost], math.ceil(math.log(n))), 0.1)
        base = (_PARAMS[cost] + 2) * math.log(n)
        first = model.predict(base)
        if first.size == 0 or first.size > 2:
            continue
        for mult in (1.2, 2.0, 3.0, 6.0, 19.0):
            checked += 1
            again = model.predict(base * mult)
            assert model.repenalise(first, base * mult).tolist() == again.tolist()
    assert checked >= 150  # enough first optima with one or two changes were drawn
