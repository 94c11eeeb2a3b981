"""Input coercion shared by the analysis modules."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import xarray as xr

from warindicators.analysis._inputs import as_1d, drop_nan, is_indicator_series
from warindicators.errors import ValidationError


class FakeSeries:
    """Duck-typed stand-in for IndicatorSeries."""

    indicator = object()

    def to_pandas(self) -> pd.Series:
        s = pd.Series(
            [1.0, 2.0, np.nan],
            index=pd.date_range("2024-01-01", periods=3, name="date"),
            name="value",
        )
        s.attrs = {"units": "km2", "measure": "stock"}
        return s


def test_indicator_series_duck_typed() -> None:
    values, index, attrs = as_1d(FakeSeries())
    assert is_indicator_series(FakeSeries())
    np.testing.assert_array_equal(values, [1.0, 2.0, np.nan])
    assert isinstance(index, pd.DatetimeIndex)
    assert attrs["units"] == "km2"


@pytest.mark.parametrize(
    "x",
    [
        [1, 2, 3],
        (1.0, 2.0, 3.0),
        np.array([1, 2, 3], dtype=np.int32),
        pd.Series([1, 2, 3], dtype="Int64"),
        pd.Series([1.0, 2.0, 3.0], dtype="Float64"),
        xr.DataArray([1.0, 2.0, 3.0], dims="time"),
    ],
)
def test_accepted_inputs(x: object) -> None:
    values, _, _ = as_1d(x)
    assert values.dtype == np.float64
    np.testing.assert_array_equal(values, [1.0, 2.0, 3.0])


def test_missing_values_become_nan_and_drop_maps_back() -> None:
    values, _, _ = as_1d(pd.Series([1, None, 3], dtype="Int64"))
    finite, keep = drop_nan(values)
    np.testing.assert_array_equal(finite, [1.0, 3.0])
    np.testing.assert_array_equal(keep, [0, 2])
    assert np.isnan(as_1d([1.0, None])[0][1])


def test_input_is_copied() -> None:
    arr = np.array([1.0, 2.0])
    values, _, _ = as_1d(arr)
    values[0] = 99.0
    assert arr[0] == 1.0


@pytest.mark.parametrize(
    ("x", "fragment"),
    [
        ([], "at least one observation"),
        (np.zeros((2, 3)), "1-D"),
        (["a", "b"], "numeric"),
        (pd.Series(["a", "b"]), "numeric"),
        ([1.0, np.inf], "infinity at position 1"),
        ([np.nan, np.nan], "all are NaN"),
        ([1 + 1j], "real"),
        (xr.DataArray(np.zeros((2, 2)), dims=("time", "region")), "1-D DataArray"),
        (pd.DataFrame({"a": [1.0], "b": [2.0]}), "DataFrame"),
    ],
)
def test_bad_input_raises_validation_error(x: object, fragment: str) -> None:
    with pytest.raises(ValidationError, match=fragment):
        as_1d(x, name="series")


def test_error_names_the_parameter() -> None:
    with pytest.raises(ValidationError, match="^y:"):
        as_1d([], name="y")
