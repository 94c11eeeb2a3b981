"""Every method x cost on synthetic data with known breakpoints (ruptures-style)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from warindicators.analysis.changepoints import changepoints
from warindicators.errors import ValidationError

TRUE = [100, 200]


def piecewise_constant(rng: np.random.Generator) -> np.ndarray:
    return np.r_[np.zeros(100), np.full(100, 4.0), np.full(100, 1.0)] + rng.normal(size=300)


def piecewise_linear(rng: np.random.Generator) -> np.ndarray:
    t = np.arange(300.0)
    trend = np.where(
        t < 100, 0.05 * t, np.where(t < 200, 7 - 0.08 * (t - 100), -3 + 0.1 * (t - 200))
    )
    return trend + rng.normal(scale=0.5, size=300)


def mean_and_variance(rng: np.random.Generator) -> np.ndarray:
    return np.r_[rng.normal(0, 1, 100), rng.normal(3, 4, 100), rng.normal(-1, 0.5, 100)]


def poisson_counts(rng: np.random.Generator) -> np.ndarray:
    return rng.poisson(np.r_[np.full(100, 3.0), np.full(100, 9.0), np.full(100, 4.0)]).astype(float)


DATA: dict[str, Callable[[np.random.Generator], np.ndarray]] = {
    "mean": piecewise_constant,
    "meanvar": mean_and_variance,
    "poisson": poisson_counts,
    "linear": piecewise_linear,
}


def assert_close(found: np.ndarray, truth: list[int], tol: int) -> None:
    assert len(found) == len(truth), f"found {found.tolist()}, expected ~{truth}"
    assert np.all(np.abs(np.asarray(found) - truth) <= tol), found


@pytest.mark.parametrize("method", ["pelt", "binseg", "bocpd"])
@pytest.mark.parametrize("cost", ["mean", "meanvar", "poisson", "linear"])
@pytest.mark.parametrize("seed", [0, 1])
def test_recovers_known_breakpoints(method: str, cost: str, seed: int) -> None:
    x = DATA[cost](np.random.default_rng(seed))
    if method == "bocpd" and cost == "linear":
        with pytest.raises(ValidationError, match="bocpd"):
            changepoints(x, method=method, cost=cost)
        return
    kwargs: dict[str, float] = {}
    if method == "bocpd":
        kwargs["hazard"] = 1 / 100
        if cost == "meanvar":
            # a variance *decrease* takes more observations to become certain
            kwargs["lag"] = 10
    res = changepoints(x, method=method, cost=cost, **kwargs)
    if method == "binseg" and cost == "linear":
        # greedy splitting of a piecewise-linear signal first cuts between the true
        # breaks (a known weakness of binary segmentation); the breaks are still found
        assert len(res.indices) <= len(TRUE) + 1
        assert all(np.min(np.abs(np.asarray(res.indices) - t)) <= 5 for t in TRUE), res.indices
    else:
        assert_close(res.indices, TRUE, tol=5)
    assert res.method == method and res.cost == cost
    assert res.strength.shape == (len(res.indices),)
    assert np.all(res.strength > 0)


@pytest.mark.parametrize("cost", ["mean", "meanvar", "linear"])
def test_named_penalty_is_scale_invariant(cost: str) -> None:
    x = DATA[cost](np.random.default_rng(3))
    small = changepoints(x, cost=cost)
    big = changepoints(x * 1e6 + 5e8, cost=cost)  # e.g. m² instead of km²
    np.testing.assert_array_equal(small.indices, big.indices)
    assert big.penalty == pytest.approx(small.penalty * (1e12 if cost != "meanvar" else 1.0))


def test_variance_change_only_needs_meanvar() -> None:
    rng = np.random.default_rng(5)
    x = np.r_[rng.normal(0, 1, 150), rng.normal(0, 5, 150)]
    assert_close(changepoints(x, cost="meanvar").indices, [150], tol=8)
    # a mean-only model cannot represent it: it finds no single clean break at 150
    assert 150 not in changepoints(x, cost="mean").indices


def test_segments_report_fitted_parameters() -> None:
    x = DATA["linear"](np.random.default_rng(0))
    seg = changepoints(x, cost="linear").segments
    np.testing.assert_allclose(seg["slope"], [0.05, -0.08, 0.1], atol=0.02)
    np.testing.assert_allclose(seg["intercept"], [0.0, 7.0, -3.0], atol=0.5)
    assert seg["start"].tolist()[0] == 0 and seg["end"].tolist()[-1] == 300
    np.testing.assert_array_equal(seg["end"].to_numpy()[:-1], seg["start"].to_numpy()[1:])
    means = changepoints(DATA["mean"](np.random.default_rng(0)), cost="mean").segments["mean"]
    np.testing.assert_allclose(means, [0.0, 4.0, 1.0], atol=0.3)
