from __future__ import annotations

import pandas as pd
import pytest

import warindicators as wi
from warindicators.errors import UnknownIndicatorError, ValidationError


def obs(**cols: object) -> pd.DataFrame:
    base: dict[str, object] = {
        "indicator": ["territory.area_occupied_km2"] * 2,
        "region": ["UA", "UA"],
        "date": ["2024-01-31", "2024-02-29"],
        "value": [1000.0, 1010.0],
    }
    base.update(cols)
    return pd.DataFrame(base)


def test_valid_frame_is_typed() -> None:
    out = wi.validate_observations(obs(low=[990.0, 1000.0], high=[1010.0, 1020.0]))
    assert out["date"].dtype == "datetime64[ns]"
    assert out["value"].dtype == "float64"
    assert list(out.columns[:4]) == ["indicator", "region", "date", "value"]


def test_unknown_indicator_suggests() -> None:
    with pytest.raises(UnknownIndicatorError, match="territory.area_occupied_km2"):
        wi.validate_observations(obs(indicator=["territory.area_occupid_km2"] * 2))


@pytest.mark.parametrize(
    "frame, match",
    [
        (
            obs(indicator=["territory.share_occupied_pct"] * 2, value=[18.0, 101.0]),
            "above the valid maximum 100",
        ),
        (obs(indicator=["territory.share_occupied_pct"] * 2, value=[-1.0, 10.0]), "below"),
        (
            obs(indicator=["outages.air_raid_alerts"] * 2, region=["UA-32"] * 2, value=[-1.0, 2.0]),
            "negative count",
        ),
        (obs(date=["2024-01-31", "2024-01-31"]), "duplicate"),
        (obs(date=["2024-01-31", "31/02/2024"]), "cannot parse date"),
        (
            obs(date=[pd.Timestamp("2024-01-31", tz="UTC"), pd.Timestamp("2024-02-01")]),
            "mixed time",
        ),
        (obs(date=["2024-01-31T00:00:00+02:00", "2024-02-01T00:00:00+03:00"]), "time zone"),
        (obs(low=[2000.0, 1000.0]), "low"),
        (obs(high=[900.0, 2000.0]), "high"),
        (obs(region=["UA", "XX"]), "unknown region code 'XX'"),
        (obs(region=["UA", "UA-99"]), "unknown region"),
        (obs(value=["1000", "many"]), "expected a number"),
        (obs(value=[True, False]), "booleans"),
        (obs(status=["A", "Z"]), "status"),
        (obs(bound=["lower", "sometimes"]), "bound"),
        (obs().drop(columns="value"), "missing column"),
        (obs(indicator=["energy.eu_gas_imports_m3"] * 2, region=["EU"] * 2), "partner"),
    ],
)
def test_bad_observations(frame: pd.DataFrame, match: str) -> None:
    with pytest.raises(ValidationError, match=match):
        wi.validate_observations(frame)


def test_error_names_file_and_row() -> None:
    with pytest.raises(ValidationError) as err:
        wi.validate_observations(obs(value=[1.0, "x"]), path="data/raw/a.csv")
    assert "data/raw/a.csv" in str(err.value) and "row 1" in str(err.value)


def test_vintages_allowed_only_when_asked() -> None:
    f = obs(date=["2024-01-31"] * 2, published=["2024-02-01", "2024-03-01"])
    with pytest.raises(ValidationError, match="duplicate"):
        wi.validate_observations(f)
    assert len(wi.validate_observations(f, allow_vintages=True)) == 2


def test_same_date_different_partner_is_not_duplicate() -> None:
    f = pd.DataFrame(
        {
            "indicator": "energy.eu_gas_imports_m3",
            "region": "EU",
            "partner": ["RU", "NO"],
            "date": "2021-01-01",
            "value": [1.0, -2.0],
        }
    )
    assert len(wi.validate_observations(f)) == 2


def test_tz_aware_dates_become_naive_local_days() -> None:
    f = obs(date=["2024-01-31T00:00:00+02:00", "2024-02-29T00:00:00+02:00"])
    out = wi.validate_observations(f)
    assert out["date"].tolist() == [pd.Timestamp("2024-01-31"), pd.Timestamp("2024-02-29")]
