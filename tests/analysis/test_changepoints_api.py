"""The user-facing changepoints(): inputs, result object, edge cases, BOCPD, CROPS, panels."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import dask.array as dsa
import numpy as np
import pandas as pd
import pytest
import xarray as xr

from warindicators.analysis.changepoints import (
    ChangepointResult,
    OnlineBocpd,
    Pelt,
    changepoints,
    changepoints_panel,
    penalty_path,
)
from warindicators.errors import ValidationError


def step(seed: int = 0, n: int = 200, at: int = 100, jump: float = 4.0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return np.r_[np.zeros(at), np.full(n - at, jump)] + rng.normal(size=n)


def test_index_convention_first_point_of_new_segment() -> None:
    x = np.r_[np.zeros(100), np.ones(100)]
    res = changepoints(x, cost="mean", penalty=1.0)
    assert res.indices == [100]
    assert x[res.indices[0] - 1] == 0 and x[res.indices[0]] == 1


def test_dates_and_segments_with_datetime_index() -> None:
    idx = pd.date_range("2023-01-01", periods=200, freq="D", name="date")
    s = pd.Series(step(), index=idx)
    s.attrs = {"units": "km2", "long_name": "Occupied area"}
    res = changepoints(s)
    assert list(res.dates) == [pd.Timestamp("2023-04-11")]
    seg = res.segments
    assert seg["start_date"].tolist() == [idx[0], idx[100]]
    assert seg["end_date"].tolist() == [idx[99], idx[199]]
    assert seg["n"].tolist() == [100, 100]
    assert res.attrs["units"] == "km2"
    frame = res.to_frame()
    assert frame.columns.tolist() == ["index", "date", "strength"]


def test_indicator_series_duck_typing() -> None:
    class Fake:
        indicator = "territory.area"

        def to_pandas(self) -> pd.Series:
            return pd.Series(step(), index=pd.date_range("2024-01-01", periods=200, name="date"))

    assert changepoints(Fake()).dates is not None


def test_nan_are_dropped_and_positions_mapped_back() -> None:
    x = step()
    x_nan = x.copy()
    holes = [5, 50, 98, 99, 150]
    x_nan[holes] = np.nan
    res = changepoints(x_nan)
    assert res.indices == [100]
    assert res.n_obs == 200
    seg = res.segments
    assert seg["n"].tolist() == [96, 99]
    assert np.isnan(res.fitted()[holes]).all()
    # a change right after a gap is reported at the first observed point
    y = np.r_[np.zeros(50), np.full(50, 5.0)] + step(1, 100, 100, 0.0) * 0.1
    y[[50, 51]] = np.nan
    assert changepoints(y, cost="mean", penalty=5.0).indices == [52]


def test_strength_is_cost_reduction() -> None:
    x = np.r_[np.zeros(20), np.full(20, 2.0)]
    res = changepoints(x, cost="mean", penalty=1.0)
    # merged segment: 40 * 1^2 = 40; two flat segments cost 0
    assert res.strength.tolist() == pytest.approx([40.0])
    assert res.penalty == 1.0


@pytest.mark.parametrize("method", ["pelt", "binseg", "bocpd"])
def test_edge_cases_give_empty_results(method: str) -> None:
    assert changepoints(np.full(50, 3.0), method=method).n_changepoints == 0
    assert changepoints([1.0, 2.0, 1.5], method=method).n_changepoints == 0
    assert changepoints([7.0], method=method).n_changepoints == 0


@pytest.mark.parametrize(
    ("x", "kwargs", "fragment"),
    [
        ([], {}, "at least one"),
        ([np.nan, np.nan], {}, "NaN"),
        (["a", "b", "c"], {}, "numeric"),
        ([1.0, np.inf, 2.0], {}, "finite"),
        (np.zeros((3, 3)), {}, "1-D"),
        (np.arange(10.0), {"method": "dp"}, "method"),
        (np.arange(10.0), {"cost": "l1"}, "cost"),
        (np.arange(10.0), {"penalty": "hqc"}, "penalty"),
        (np.arange(10.0), {"penalty": -1.0}, "penalty"),
        (np.arange(10.0), {"min_size": 0}, "min_size"),
        (-np.arange(10.0), {"cost": "poisson"}, "non-negative"),
        (np.arange(10.0), {"unknown": 1}, "unexpected"),
    ],
)
def test_bad_input_raises_validation_error(x: object, kwargs: dict, fragment: str) -> None:
    with pytest.raises(ValidationError, match=fragment):
        changepoints(x, **kwargs)


def test_numeric_penalty_objective_is_raw_cost_plus_penalty() -> None:
    x = step(3) * 1000.0  # raw units: no rescaling with a numeric penalty
    res = changepoints(x, cost="mean", penalty=5e6, min_size=2)
    est = Pelt(cost="mean", min_size=2).fit(x)
    assert res.indices == est.predict(5e6).tolist()
    assert est.penalised_cost_ == pytest.approx(
        est.segmentation_cost(res.indices) + 5e6 * res.n_changepoints
    )


def test_bocpd_probabilities_and_online_updates() -> None:
    x = step(4, n=150, at=80, jump=5.0)
    res = changepoints(x, method="bocpd", hazard=1 / 100)
    assert res.probabilities is not None and res.probabilities.shape == (150,)
    assert res.indices == [80]
    assert res.strength[0] == pytest.approx(res.probabilities[80])
    assert np.all((res.probabilities >= 0) & (res.probabilities <= 1))
    assert np.isnan(res.penalty)
    # "what changed since the last report": feed new data to the fitted detector
    det = OnlineBocpd(hazard=1 / 100, lag=3, loc=0.0, scale=1.0)
    rng = np.random.default_rng(5)
    det.extend(rng.normal(size=100))
    last_report = det.n_obs
    assert det.changepoints(since=last_report).size == 0
    for v in rng.normal(6.0, 1.0, size=20):
        det.update(v)
    assert det.changepoints(since=last_report).tolist() == [100]
    rl, p = det.run_length_posterior
    assert p.sum() == pytest.approx(1.0)
    assert rl[np.argmax(p)] == 20


def test_bocpd_poisson_model() -> None:
    rng = np.random.default_rng(6)
    x = rng.poisson(np.r_[np.full(120, 2.0), np.full(120, 7.0)]).astype(float)
    assert (
        np.abs(np.asarray(changepoints(x, method="bocpd", cost="poisson").indices) - 120).max() <= 5
    )


def test_penalty_path_is_monotone_and_consistent_with_pelt() -> None:
    x = np.repeat([0.0, 3.0, 1.0, 4.0], 40) + np.random.default_rng(2).normal(size=160)
    path = penalty_path(x, 1.0, 5000.0, cost="mean")
    assert path["n_changepoints"].is_monotonic_decreasing
    assert path["cost"].is_monotonic_increasing
    assert path["n_changepoints"].iloc[-1] == 0
    est = Pelt(cost="mean", min_size=2).fit(x)
    for row in path.itertuples():
        mid = 0.5 * (row.pen_low + row.pen_high)
        assert tuple(est.predict(mid).tolist()) == row.indices
    assert (40, 80, 120) in set(path["indices"])


def test_plot_returns_axes() -> None:
    from matplotlib.axes import Axes

    s = pd.Series(step(), index=pd.date_range("2024-01-01", periods=200))
    ax = changepoints(s).plot()
    assert isinstance(ax, Axes)
    assert len(ax.lines) == 3  # series, fit, one changepoint
    ax2 = changepoints(step(), method="bocpd", hazard=0.01).plot()
    assert isinstance(ax2, Axes)
    ax3 = changepoints(step(), cost="linear").plot()
    assert isinstance(ax3, Axes)


def test_result_repr_and_type() -> None:
    res = changepoints(step())
    assert isinstance(res, ChangepointResult)
    assert "pelt" in repr(res) and "100" in repr(res)


def _panel(dask: bool) -> xr.DataArray:
    rows = np.stack([step(0), step(1, at=60), np.full(200, 2.0)])
    data = dsa.from_array(rows, chunks=(1, 100)) if dask else rows
    return xr.DataArray(
        data,
        dims=("region", "time"),
        coords={"region": ["UA", "RU", "EU"], "time": pd.date_range("2024-01-01", periods=200)},
    )


@pytest.mark.parametrize("dask", [False, True])
def test_dataarray_panel_returns_tidy_frame(dask: bool) -> None:
    frame = changepoints(_panel(dask))
    assert isinstance(frame, pd.DataFrame)
    assert frame.columns.tolist() == ["region", "index", "date", "strength"]
    assert frame[["region", "index"]].values.tolist() == [["UA", 100], ["RU", 60]]
    assert frame["date"].iloc[0] == pd.Timestamp("2024-04-10")


def test_panel_agrees_with_one_series_and_handles_all_nan() -> None:
    da = _panel(False).transpose("time", "region")
    da[:, 2] = np.nan
    frame = changepoints_panel(da, dim="time", cost="mean", penalty="bic")
    single = changepoints(da.sel(region="RU").values, cost="mean", penalty="bic")
    assert frame.loc[frame.region == "RU", "index"].tolist() == single.indices
    with pytest.raises(ValidationError, match="dim"):
        changepoints_panel(da, dim="date")


def test_dated_panel_default_equals_each_dated_series() -> None:
    # monthly data with a 7-step cycle: a bare array is tested for periods 12 and 7 and
    # takes 7; the dates say monthly, so the panel must test 12 only, as a dated Series
    rng = np.random.default_rng(21)
    time = pd.date_range("2000-01-01", periods=240, freq="MS")
    cycle = np.tile(3 * np.sin(2 * np.pi * np.arange(7) / 7), 35)[:240]
    rows = np.stack(
        [cycle + rng.normal(size=240) + np.r_[np.zeros(140), np.full(100, k)] for k in (0, 5)]
    )
    da = xr.DataArray(rows, dims=("region", "time"), coords={"region": ["A", "B"], "time": time})
    frame = changepoints_panel(da)
    for k, region in enumerate(["A", "B"]):
        single = changepoints(pd.Series(rows[k], index=time))
        assert frame.loc[frame.region == region, "index"].tolist() == single.indices
        assert single.params["period"] != 7
        assert changepoints(rows[k]).params["period"] == 7  # the case is discriminating


def test_one_dimensional_dataarray_gives_a_result() -> None:
    da = xr.DataArray(
        step(), dims="time", coords={"time": pd.date_range("2024-01-01", periods=200)}
    )
    res = changepoints(da)
    assert isinstance(res, ChangepointResult)
    assert res.dates is not None


def test_fitted_bocpd_continues_online_on_raw_data() -> None:
    # AR(1) data so pre-whitening is active; the detector must whiten new raw values too
    rng = np.random.default_rng(12)
    e = rng.normal(size=400)
    x = np.empty(400)
    x[0] = e[0]
    for t in range(1, 400):
        x[t] = 0.5 * x[t - 1] + e[t]
    x += 50.0
    res = changepoints(x[:300], method="bocpd")
    assert res.params["phi"] > 0.2
    online = res.online
    assert online.n_obs == 300
    online.extend(x[300:])  # no change in the continuation
    batch = changepoints(x, method="bocpd")
    # positions read before the end of the first batch are final
    settled = 300 - online.lag
    np.testing.assert_allclose(
        online.probabilities[:settled], res.probabilities[:settled], atol=1e-12
    )
    assert res.probabilities[1] < 0.5  # the first point is whitened like the others
    assert online.changepoints(since=300).size == 0
    assert [i for i in batch.indices if i >= 300] == []
    for v in x[-1] + 8.0 + rng.normal(size=15):  # a clear jump
        online.update(float(v))
    assert online.changepoints(since=400).tolist() == [400]


@pytest.mark.parametrize("scheduler", ["sync", "threads"])
def test_chunked_numpy_panel_equals_each_series(
    monkeypatch: pytest.MonkeyPatch, scheduler: str
) -> None:
    import dask

    from warindicators.analysis.changepoints import panel as panel_module

    rng = np.random.default_rng(8)
    time = pd.date_range("2024-01-01", periods=120)
    data = rng.normal(size=(120, 3, 4))  # time first: the result keeps this order
    data[60:, 1, 2] += 6.0
    data[30:, 2, 0] -= 5.0
    da = xr.DataArray(data, dims=("time", "kind", "region"), coords={"time": time})
    monkeypatch.setattr(panel_module, "SERIES_PER_CHUNK", 5)  # several blocks of series
    with dask.config.set(scheduler=scheduler):
        mask = panel_module.changepoint_mask(da)
    assert mask.chunks is None  # numpy in, numpy out
    assert mask.dims == da.dims and mask.shape == da.shape
    for k in range(3):
        for r in range(4):
            single = changepoints(pd.Series(data[:, k, r], index=time))
            got = np.flatnonzero(~np.isnan(mask.values[:, k, r])).tolist()
            assert got == single.indices
    assert np.flatnonzero(~np.isnan(mask.values[:, 1, 2])).size == 1  # the shifts are found
    bad = da.copy()
    bad[5, 2, 3] = np.inf  # one series' own error is raised, as for that series alone
    with (
        dask.config.set(scheduler=scheduler),
        pytest.raises(ValidationError, match="infinite|finite"),
    ):
        panel_module.changepoint_mask(bad)
