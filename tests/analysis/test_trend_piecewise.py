"""Piecewise trends on piecewise-linear series."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from warindicators.analysis.trend.piecewise import piecewise_trend
from warindicators.errors import ValidationError

KINKS = (120, 250)
SLOPES = (0.5, -0.3, 0.8)


def _series(noise: float = 1.0, seed: int = 0) -> pd.Series:
    t = np.arange(360.0)
    level = np.where(
        t < KINKS[0],
        SLOPES[0] * t,
        np.where(
            t < KINKS[1],
            SLOPES[0] * KINKS[0] + SLOPES[1] * (t - KINKS[0]),
            SLOPES[0] * KINKS[0] + SLOPES[1] * (KINKS[1] - KINKS[0]) + SLOPES[2] * (t - KINKS[1]),
        ),
    )
    x = level + np.random.default_rng(seed).normal(0, noise, t.size)
    s = pd.Series(x, index=pd.date_range("2022-02-24", periods=t.size, name="date"))
    s.attrs["units"] = "km2"
    return s


@pytest.mark.parametrize("method", ["mann_kendall", "ols_hac"])
def test_given_changepoints(method: str) -> None:
    seg = piecewise_trend(_series(), list(KINKS), method=method)  # type: ignore[arg-type]
    assert seg["start_pos"].tolist() == [0, *KINKS]
    assert seg["end_pos"].tolist() == [*KINKS, 360]
    assert seg["n"].tolist() == [120, 130, 110]
    np.testing.assert_allclose(seg["slope"], SLOPES, atol=0.03)
    truth = np.asarray(SLOPES)
    assert ((seg["slope_low"].to_numpy() <= truth) & (truth <= seg["slope_high"].to_numpy())).all()
    assert seg["direction"].tolist() == ["increasing", "decreasing", "increasing"]
    assert seg["start"].iloc[1] == pd.Timestamp("2022-02-24") + pd.Timedelta(days=120)
    assert seg.attrs["units"] == "km2 per day"
    # each segment's line, evaluated at its own midpoint, is near the true level
    mid = (seg["start_pos"] + seg["end_pos"] - 1) / 2
    s = _series(noise=0.0)
    np.testing.assert_allclose(
        seg["intercept"] + seg["slope"] * mid, s.iloc[mid.astype(int)], atol=1.0
    )


def test_changepoints_as_dates_and_exact_line() -> None:
    s = _series(noise=0.0)
    seg = piecewise_trend(s, [s.index[KINKS[0]], s.index[KINKS[1]]])
    np.testing.assert_allclose(seg["slope"], SLOPES, rtol=1e-9)
    np.testing.assert_allclose(seg["slope_low"], SLOPES, rtol=1e-9)


def test_detected_changepoints() -> None:
    seg = piecewise_trend(_series(noise=0.5, seed=3))
    assert len(seg) == 3
    np.testing.assert_allclose(seg["start_pos"].iloc[1:], KINKS, atol=6)
    np.testing.assert_allclose(seg["slope"], SLOPES, atol=0.05)


def test_short_segment_gives_nan() -> None:
    seg = piecewise_trend(np.arange(20.0), [2, 10])
    assert np.isnan(seg["slope"].iloc[0])
    assert seg["direction"].iloc[0] == "no trend"
    assert seg["slope"].iloc[1:].tolist() == [1.0, 1.0]


@pytest.mark.parametrize("bad", [[0], [20], [10, 5], [3, 3], ["2022-01-01"]])
def test_bad_changepoints(bad: list[object]) -> None:
    with pytest.raises(ValidationError, match="changepoints"):
        piecewise_trend(np.arange(20.0), bad)
