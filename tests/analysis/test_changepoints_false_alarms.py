"""The default controls false alarms on change-free series and still finds clear shifts."""

from __future__ import annotations

import numpy as np
import pytest

from warindicators.analysis.changepoints import changepoints

N_SERIES = 100
N_OBS = 500


def ar1(rng: np.random.Generator, n: int, phi: float) -> np.ndarray:
    e = rng.normal(size=n + 200)
    x = np.empty_like(e)
    x[0] = e[0]
    for t in range(1, e.size):
        x[t] = phi * x[t - 1] + e[t]
    return x[200:]


GENERATORS = {
    "white_noise": lambda rng: rng.normal(10.0, 2.0, N_OBS),
    "ar1_phi_0.5": lambda rng: ar1(rng, N_OBS, 0.5),
    "poisson_rate_4": lambda rng: rng.poisson(4.0, N_OBS).astype(float),
}


@pytest.mark.parametrize("kind", sorted(GENERATORS))
def test_default_false_alarm_rate_at_most_5_percent(kind: str) -> None:
    rng = np.random.default_rng(20240224)
    alarms = sum(changepoints(GENERATORS[kind](rng)).n_changepoints > 0 for _ in range(N_SERIES))
    assert alarms <= 0.05 * N_SERIES, f"{kind}: {alarms} of {N_SERIES} series with a change"


def test_without_autocorrelation_correction_ar1_alarms_are_frequent() -> None:
    # shows the correction is doing the work (the test above cannot pass vacuously)
    rng = np.random.default_rng(20240224)
    alarms = sum(
        changepoints(ar1(rng, N_OBS, 0.5), cost="mean", autocorrelation=False).n_changepoints > 0
        for _ in range(50)
    )
    assert alarms > 0.1 * 50


def test_default_finds_clear_shifts_in_ar1_noise() -> None:
    rng = np.random.default_rng(11)
    hits = 0
    for _ in range(40):
        # AR(1) noise has marginal sd 1/sqrt(1 - 0.25) ~ 1.15; shifts of about 3 sd
        x = ar1(rng, N_OBS, 0.5) + np.r_[np.zeros(200), np.full(150, 3.5), np.full(150, 0.0)]
        idx = np.asarray(changepoints(x).indices)
        hits += len(idx) == 2 and bool(np.all(np.abs(idx - [200, 350]) <= 10))
    assert hits >= 0.9 * 40
