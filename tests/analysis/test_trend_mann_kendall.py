"""Mann–Kendall / Theil–Sen against pymannkendall, scipy and brute force."""

from __future__ import annotations

from typing import Any

import numpy as np
import pymannkendall as pmk
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scipy.stats import theilslopes

from warindicators.analysis.trend.api import trend
from warindicators.analysis.trend.mann_kendall import mann_kendall_rows, mk_score
from warindicators.analysis.trend.theil_sen import (
    sen_interval_ranks,
    theil_sen,
    theil_sen_order_statistics,
)

# integers give many ties; floats give none; both mixed with a drift
values = st.one_of(
    st.lists(st.integers(-5, 5).map(float), min_size=4, max_size=60),
    st.lists(st.floats(-1e3, 1e3, allow_nan=False, allow_infinity=False), min_size=4, max_size=60),
)


def _compare(ours: dict[str, Any], ref: Any) -> None:
    assert ours["s"] == ref.s
    np.testing.assert_allclose(ours["var_s"], ref.var_s, rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(ours["z"], ref.z, rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(ours["p_value"], ref.p, rtol=0, atol=1e-9)
    np.testing.assert_allclose(ours["tau"], ref.Tau, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(ours["slope"], ref.slope, rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(ours["intercept"], ref.intercept, rtol=1e-9, atol=1e-9)


@settings(max_examples=60, deadline=None)
@given(values, st.floats(-2, 2))
def test_original_test_equals_pymannkendall(xs: list[float], drift: float) -> None:
    x = np.asarray(xs) + drift * np.arange(len(xs))
    res = trend(x, autocorrelation=None)
    ref = pmk.original_test(x)
    _compare({**res.statistics, **res.to_dict()}, ref)
    assert res.direction == ref.trend


@settings(max_examples=60, deadline=None)
@given(values, st.floats(-2, 2))
def test_hamed_rao_equals_pymannkendall(xs: list[float], drift: float) -> None:
    x = np.cumsum(np.asarray(xs)) + drift * np.arange(len(xs))  # autocorrelated
    res = trend(x, autocorrelation="hamed_rao")
    with np.errstate(invalid="ignore"):
        ref = pmk.hamed_rao_modification_test(x)
    # the reference divides 0/0 when the detrended ranks are constant; ours keeps Var S
    assume(np.isfinite(ref.var_s))
    _compare({**res.statistics, **res.to_dict()}, ref)
    assert res.direction == ref.trend


@pytest.mark.parametrize("lag", [1, 3])
def test_hamed_rao_with_lag_equals_pymannkendall(lag: int) -> None:
    rng = np.random.default_rng(lag)
    x = np.cumsum(rng.normal(size=120)) + 0.05 * np.arange(120)
    res = trend(x, autocorrelation="hamed_rao", lag=lag)
    _compare({**res.statistics, **res.to_dict()}, pmk.hamed_rao_modification_test(x, lag=lag))


def test_long_series_equals_pymannkendall() -> None:
    rng = np.random.default_rng(7)
    x = np.round(rng.normal(size=700) * 4) + 0.002 * np.arange(700)
    res = trend(x, autocorrelation=None)
    _compare({**res.statistics, **res.to_dict()}, pmk.original_test(x))


@settings(max_examples=40, deadline=None)
@given(values)
def test_mk_score_equals_brute_force(xs: list[float]) -> None:
    x = np.asarray(xs)
    i, j = np.triu_indices(x.size, 1)
    s, var_s = mk_score(x)
    assert s == int(np.sign(x[j] - x[i]).sum())
    _, counts = np.unique(x, return_counts=True)
    n = x.size
    assert var_s == pytest.approx(
        (n * (n - 1) * (2 * n + 5) - np.sum(counts * (counts - 1) * (2 * counts + 5))) / 18
    )


@settings(max_examples=40, deadline=None)
@given(values, st.sampled_from([0.05, 0.1, 0.2]))
def test_theil_sen_interval_equals_scipy(xs: list[float], alpha: float) -> None:
    x = np.asarray(xs)
    t = np.arange(x.size, dtype=float)
    ours = theil_sen(t, x, alpha=alpha)
    ref = theilslopes(x, t, alpha=1 - alpha)
    assert ours.slope == pytest.approx(ref.slope, rel=1e-12, abs=1e-12)
    assert ours.intercept == pytest.approx(ref.intercept, rel=1e-9, abs=1e-9)
    assert ours.slope_low == ref.low_slope
    assert ours.slope_high == ref.high_slope


@pytest.mark.parametrize("n", [250, 1200])
@pytest.mark.parametrize("ties", [False, True])
def test_sampled_selection_is_exact(n: int, ties: bool) -> None:
    """From 50 points on the randomised selection is used; it must stay exact."""
    rng = np.random.default_rng(n)
    x = rng.normal(size=n) + 0.001 * np.arange(n)
    x = np.round(x * 2) if ties else x
    t = np.sort(rng.choice(3 * n, size=n, replace=False)).astype(float)  # irregular times
    i, j = np.triu_indices(n, 1)
    slopes = np.sort((x[j] - x[i]) / (t[j] - t[i]))
    ranks = np.array([0, 17, slopes.size // 3, slopes.size // 2, slopes.size - 1])
    got = theil_sen_order_statistics(t, x, ranks)
    np.testing.assert_array_equal(got, slopes[ranks])


def test_rows_with_nan_equal_single_series() -> None:
    rng = np.random.default_rng(3)
    data = rng.normal(size=(3, 40)) + np.array([[0.1], [0.0], [-0.2]]) * np.arange(40)
    data[1, [3, 10, 11]] = np.nan
    t = np.arange(40.0)
    rows = mann_kendall_rows(t, data)
    for r in range(3):
        keep = ~np.isnan(data[r])
        single = mann_kendall_rows(t[keep], data[r, keep][None, :])
        for key, val in single.items():
            np.testing.assert_allclose(rows[key][r], val[0], rtol=1e-12)


def test_missing_values_keep_time_positions() -> None:
    """With a gap the slope is per period, as pymannkendall's Sen slope computes it."""
    x = np.array([0.0, 1.0, np.nan, np.nan, 4.0, 5.0, 6.2, 7.0])
    res = trend(x)
    assert res.n == 6
    assert res.slope == pytest.approx(pmk.sens_slope(x).slope)
    assert res.intercept == pytest.approx(pmk.sens_slope(x).intercept)
    assert res.slope == pytest.approx(1.0)


def test_sen_interval_ranks_clipped() -> None:
    assert sen_interval_ranks(np.array(6), np.array(1e6), 0.05).tolist() == [0, 5]


@pytest.mark.parametrize("autocorrelation", [None, "hamed_rao"])
def test_constant_series_has_no_trend(autocorrelation: str | None) -> None:
    res = trend(np.full(12, 3.5), autocorrelation=autocorrelation)  # type: ignore[arg-type]
    assert (res.slope, res.slope_low, res.slope_high) == (0.0, 0.0, 0.0)
    assert res.p_value == 1.0
    assert res.direction == "no trend"
    assert res.intercept == 3.5


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.integers(-4, 4), min_size=3, max_size=80),
    st.lists(st.integers(1, 3), min_size=80, max_size=80),
    st.data(),
)
def test_sample_and_filter_route_is_exact(
    xs: list[int], gaps: list[int], data: st.DataObject
) -> None:
    """The fast selection (used from 50 points on) equals sorting all slopes."""
    from warindicators.analysis.trend._theil_sen_fast import select_fast

    x = np.asarray(xs, dtype=float) / 3.0  # many tied slopes, inexact in binary
    t = np.cumsum(np.asarray(gaps[: x.size], dtype=float))
    i, j = np.triu_indices(x.size, 1)
    slopes = np.sort((x[j] - x[i]) / (t[j] - t[i]))
    ranks = np.array(data.draw(st.lists(st.integers(0, slopes.size - 1), min_size=1, max_size=5)))
    np.testing.assert_array_equal(select_fast(t, x, ranks), slopes[ranks])


def test_theil_sen_rejects_bad_input() -> None:
    from warindicators.errors import ValidationError

    with pytest.raises(ValidationError, match="equal length"):
        theil_sen(np.arange(3.0), np.arange(4.0))
    with pytest.raises(ValidationError, match="increasing"):
        theil_sen(np.array([0.0, 2.0, 1.0]), np.arange(3.0))


def test_negative_corrected_variance_gives_no_test() -> None:
    """Strong alternation can push the Hamed–Rao variance below zero: NaN, not a crash."""
    rng = np.random.default_rng(2)
    rng.normal(size=12)  # (keeps the draw that produced this example)
    x = np.tile([0.0, 1.0], 6) * rng.normal(3, 1) + rng.normal(0, 0.1, 12)
    res = trend(x, autocorrelation="hamed_rao")
    with np.errstate(invalid="ignore"):
        ref = pmk.hamed_rao_modification_test(x)
    assert res.statistics["var_s"] < 0
    assert res.statistics["var_s"] == pytest.approx(ref.var_s, rel=1e-9)
    assert np.isnan(res.p_value) and np.isnan(ref.p)
    assert np.isnan(res.slope_low) and np.isnan(res.slope_high)
    assert res.slope == pytest.approx(ref.slope)
    assert res.direction == "no trend"
