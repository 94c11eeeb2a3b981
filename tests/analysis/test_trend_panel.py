"""Panel trends over an xarray DataArray equal the one-series results."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import xarray as xr

from warindicators.analysis.trend import trend
from warindicators.analysis.trend.panel import trend_panel
from warindicators.errors import ValidationError

REGIONS = ["UA", "RU", "UA-32", "EU", "PL"]
PARTNERS = ["CN", "IN", "TR"]


def _panel(n: int = 80) -> xr.DataArray:
    rng = np.random.default_rng(11)
    time = pd.date_range("2023-01-01", periods=n, name="time")
    slopes = rng.normal(0, 0.2, (len(REGIONS), len(PARTNERS)))
    data = slopes[..., None] * np.arange(n) + rng.normal(size=(len(REGIONS), len(PARTNERS), n))
    data[0, 0, [3, 4, 40]] = np.nan
    data[1, 1, :] = np.nan
    data[1, 1, :3] = [1.0, 2.0, 3.0]  # too short
    data[2, 2, :] = 7.0  # constant
    return xr.DataArray(
        data,
        dims=("region", "partner", "time"),
        coords={"region": REGIONS, "partner": PARTNERS, "time": time},
        attrs={"units": "t"},
    )


@pytest.mark.parametrize(
    ("method", "kwargs"),
    [
        ("mann_kendall", {}),
        ("mann_kendall", {"autocorrelation": "hamed_rao"}),
        ("ols_hac", {}),
        ("stl", {}),
    ],
)
def test_panel_equals_single_series(method: str, kwargs: dict[str, object]) -> None:
    da = _panel()
    ds = trend(da, method=method, **kwargs)  # type: ignore[call-overload]
    assert isinstance(ds, xr.Dataset)
    assert dict(ds.sizes) == {"region": 5, "partner": 3}
    assert ds.attrs["units"] == "t per day"
    for region in REGIONS:
        for partner in PARTNERS:
            cell = ds.sel(region=region, partner=partner)
            series = da.sel(region=region, partner=partner)
            if (region, partner) == ("RU", "IN"):
                assert (
                    np.isnan(float(cell["slope"])) and str(cell["direction"].item()) == "no trend"
                )
                assert int(cell["n"]) == 3
                continue
            single = trend(series, method=method, **kwargs)  # type: ignore[call-overload]
            assert float(cell["slope"]) == pytest.approx(single.slope, rel=1e-12, abs=1e-15)
            assert float(cell["slope_low"]) == pytest.approx(single.slope_low, rel=1e-12, abs=1e-15)
            assert float(cell["slope_high"]) == pytest.approx(
                single.slope_high, rel=1e-12, abs=1e-15
            )
            assert float(cell["p_value"]) == pytest.approx(single.p_value, rel=1e-9, abs=1e-300)
            assert cell["direction"].item() == single.direction
            assert int(cell["n"]) == single.n


def test_dask_backed_panel_is_lazy_and_equal() -> None:
    da = _panel()
    eager = trend_panel(da)
    lazy = trend_panel(da.chunk({"region": 2, "time": 20}))
    assert lazy["slope"].chunks is not None
    xr.testing.assert_allclose(lazy.compute(), eager)


def test_panel_to_dataframe_and_constant_series() -> None:
    ds = trend(_panel())
    assert isinstance(ds, xr.Dataset)
    frame = ds.to_dataframe()
    assert {"slope", "slope_low", "slope_high", "p_value", "direction"} <= set(frame.columns)
    constant = frame.loc[("UA-32", "TR")]
    assert (constant["slope"], constant["p_value"], constant["direction"]) == (0.0, 1.0, "no trend")


def test_panel_errors() -> None:
    da = _panel()
    with pytest.raises(ValidationError, match="dim"):
        trend(da, dim="date")
    with pytest.raises(ValidationError, match="finite"):
        trend(da.where(da.region != "EU", np.inf))
    with pytest.raises(ValidationError, match="numeric"):
        trend_panel(xr.DataArray(np.array([["a"] * 5] * 2), dims=("r", "time")))
