"""OLS trend with Newey–West errors against statsmodels directly."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

from warindicators.analysis.trend.api import trend
from warindicators.analysis.trend.ols_hac import newey_west_maxlags, ols_hac


@pytest.mark.parametrize("n", [30, 250, 1000])
def test_maxlags_rule(n: int) -> None:
    assert newey_west_maxlags(n) == int(np.floor(4 * (n / 100) ** (2 / 9)))


@pytest.mark.parametrize(("seed", "maxlags"), [(0, None), (1, 0), (2, 10)])
def test_equals_statsmodels(seed: int, maxlags: int | None) -> None:
    rng = np.random.default_rng(seed)
    n = 180
    e = np.convolve(rng.normal(size=n + 5), np.ones(6) / 6, mode="valid")  # MA(5) noise
    y = 2.0 - 0.04 * np.arange(n) + e
    lags = newey_west_maxlags(n) if maxlags is None else maxlags
    ref = sm.OLS(y, sm.add_constant(np.arange(n, dtype=float))).fit(
        cov_type="HAC", cov_kwds={"maxlags": lags}
    )
    res = trend(y, method="ols_hac", maxlags=maxlags, alpha=0.1)
    assert res.slope == pytest.approx(ref.params[1], rel=1e-10)
    assert res.intercept == pytest.approx(ref.params[0], rel=1e-10)
    assert res.p_value == pytest.approx(ref.pvalues[1], rel=1e-8, abs=1e-300)
    low, high = ref.conf_int(alpha=0.1)[1]
    assert (res.slope_low, res.slope_high) == (pytest.approx(low), pytest.approx(high))
    assert res.statistics["se"] == pytest.approx(ref.bse[1])
    assert res.statistics["maxlags"] == lags


def test_hac_errors_wider_than_iid_under_autocorrelation() -> None:
    rng = np.random.default_rng(5)
    e = np.convolve(rng.normal(size=410), np.ones(11) / 11, mode="valid")
    t = np.arange(e.size, dtype=float)
    hac = ols_hac(t, e, maxlags=12)
    iid = sm.OLS(e, sm.add_constant(t)).fit()
    assert hac["se"] > 1.5 * iid.bse[1]


def test_monthly_slope_is_per_month() -> None:
    index = pd.date_range("2022-01-31", periods=36, freq="ME", name="date")
    s = pd.Series(100.0 + 2.5 * np.arange(36), index=index)
    s.attrs["units"] = "EUR"
    res = trend(s, method="ols_hac")
    assert res.slope == pytest.approx(2.5)
    assert res.per == "month"
    assert res.slope_unit == "EUR per month"


def test_constant_series() -> None:
    res = trend(np.full(10, 2.0), method="ols_hac")
    assert (res.slope, res.p_value, res.direction) == (0.0, 1.0, "no trend")
