"""Pairwise statistics in numpy against brute force and the compiled kernels; the AR(1) model."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from warindicators.analysis.trend import _theil_sen_fast as compiled
from warindicators.analysis.trend._pairs import mk_counts, select, select_rows
from warindicators.analysis.trend.ar1 import ar1_phi, ar1_variance_factor

rows = st.integers(0, 2**32 - 1).flatmap(
    lambda seed: st.sampled_from(["float", "ties", "gaps"]).map(lambda kind: _rows(seed, kind))
)


def _rows(seed: int, kind: str) -> np.ndarray:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 80))
    x = rng.normal(size=(3, n)) if kind != "ties" else rng.integers(-3, 4, (3, n)) / 3.0
    if kind == "gaps":
        x[rng.random((3, n)) < 0.3] = np.nan
    return x


@settings(max_examples=60, deadline=None)
@given(rows)
def test_mk_counts_direct_equals_brute_force_and_compiled(x: np.ndarray) -> None:
    got = mk_counts(x, direct=True)
    np.testing.assert_array_equal(got, np.asarray(compiled.mk_counts(x)))
    for r in range(x.shape[0]):
        v = x[r][~np.isnan(x[r])]
        i, j = np.triu_indices(v.size, 1)
        assert got[r, 0] == np.sign(v[j] - v[i]).sum()
        assert got[r, 2] == v.size


@settings(max_examples=60, deadline=None)
@given(rows)
def test_select_rows_equals_sorting_every_slope(x: np.ndarray) -> None:
    t = np.cumsum(np.random.default_rng(0).integers(1, 4, x.shape[1])).astype(float)
    ranks = np.array([[0, 1, 5, 10_000]] * x.shape[0])
    got = select_rows(t, x, ranks)
    np.testing.assert_array_equal(got, np.asarray(compiled.select_rows_serial(t, x, ranks)))
    for r in range(x.shape[0]):
        keep = ~np.isnan(x[r])
        i, j = np.triu_indices(int(keep.sum()), 1)
        tt, v = t[keep], x[r][keep]
        slopes = np.sort((v[j] - v[i]) / (tt[j] - tt[i]))
        want = [slopes[k] if k < slopes.size else np.nan for k in ranks[r]]
        np.testing.assert_array_equal(got[r], want)


def test_single_series_select_matches_rows() -> None:
    x = np.random.default_rng(1).normal(size=300)
    t = np.arange(300.0)
    ranks = np.array([0, 22_000, 44_849])
    np.testing.assert_array_equal(select(t, x, ranks), select_rows(t, x[None], ranks[None])[0])


def _exact_var_factor(phi: float, n: int) -> float:
    """Var S / Var0 S for Gaussian AR(1), from the arcsine law over all pairs of pairs."""
    i, j = np.triu_indices(n, 1)
    lag = np.abs(np.subtract.outer(np.arange(n), np.arange(n)))
    g = phi**lag
    c = g[j][:, j] - g[j][:, i] - g[i][:, j] + g[i][:, i]
    d = np.sqrt(np.diag(c))
    var = np.sum(2.0 / np.pi * np.arcsin(np.clip(c / np.outer(d, d), -1.0, 1.0)))
    return float(var / (n * (n - 1) * (2 * n + 5) / 18.0))


@pytest.mark.parametrize("phi", [0.2, 0.5, 0.8])
def test_variance_factor_matches_the_exact_gaussian_variance(phi: float) -> None:
    got = float(ar1_variance_factor(np.array([phi]), np.array([24]))[0])
    assert got == pytest.approx(_exact_var_factor(phi, 24), rel=0.01 if phi <= 0.5 else 0.02)


def test_variance_factor_never_deflates() -> None:
    got = ar1_variance_factor(np.array([-0.6, np.nan, 0.0, 1.5]), np.array([30, 30, 30, 30]))
    assert got[:3].tolist() == [1.0, 1.0, 1.0]
    assert got[3] == ar1_variance_factor(np.array([0.99]), np.array([30]))[0] > 10


def test_phi_is_nearly_unbiased_at_report_lengths() -> None:
    rng = np.random.default_rng(3)
    n, reps, phi = 24, 4000, 0.5
    e = rng.normal(size=(reps, n))
    x = np.empty_like(e)
    x[:, 0] = e[:, 0] / np.sqrt(1 - phi**2)
    for k in range(1, n):
        x[:, k] = phi * x[:, k - 1] + e[:, k]
    t = np.arange(n) - (n - 1) / 2
    slope = (x @ t) / (t @ t)
    resid = x - x.mean(axis=1, keepdims=True) - slope[:, None] * t
    est = ar1_phi(resid)
    assert float(np.median(est)) == pytest.approx(phi, abs=0.03)
    raw = np.sum(resid[:, 1:] * resid[:, :-1], axis=1) / np.sum(resid**2, axis=1)
    assert float(np.mean(raw)) < 0.35  # what the correction repairs


def test_phi_drops_gaps_like_a_series_given_without_them() -> None:
    e = np.random.default_rng(4).normal(size=40)
    with_gaps = e.copy()
    with_gaps[[5, 17]] = np.nan
    assert ar1_phi(with_gaps)[0] == pytest.approx(ar1_phi(np.delete(e, [5, 17]))[0])
