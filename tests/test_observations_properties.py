"""Property tests: validation either accepts a frame or raises a WarIndicatorsError."""

from __future__ import annotations

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import warindicators as wi
from warindicators.errors import WarIndicatorsError

IDS = [
    "territory.area_occupied_km2",
    "territory.share_occupied_pct",
    "outages.air_raid_alerts",
    "energy.eu_gas_imports_m3",
    "nope.nothing",
    "",
    "casualties.civilian_killed",
]
REGIONS = ["UA", "RU", "UA-32", "EU", "XX", "", "ua", "UA-99"]
values = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(-(10**12), 10**12),
    st.text(max_size=5),
    st.none(),
    st.booleans(),
)
dates = st.one_of(
    st.dates().map(str),
    st.text(max_size=12),
    st.none(),
    st.datetimes(timezones=st.sampled_from([None])).map(pd.Timestamp),
)
row = st.fixed_dictionaries(
    {
        "indicator": st.sampled_from(IDS),
        "region": st.sampled_from(REGIONS),
        "date": dates,
        "value": values,
    },
    optional={
        "low": values,
        "high": values,
        "partner": st.sampled_from(["RU", None]),
        "status": st.sampled_from(["A", "P", "X", None]),
    },
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(row, min_size=0, max_size=6))
def test_validation_never_crashes(rows: list[dict[str, object]]) -> None:
    frame = pd.DataFrame(rows)
    try:
        out = wi.validate_observations(frame)
    except WarIndicatorsError:
        return
    assert out["value"].dtype == "float64"
    assert str(out["date"].dtype) == "datetime64[ns]"
    keys = ["indicator", "region", *[c for c in ("partner",) if c in out.columns], "date"]
    assert not out.duplicated(keys).any()
