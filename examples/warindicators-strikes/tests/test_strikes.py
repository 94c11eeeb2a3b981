"""Tests of the example plugin: the reader's counts and errors, and its use via warindicators."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import warindicators as wi
from warindicators.errors import DataFormatError, WarIndicatorsError

from warindicators_strikes import (
    ENERGY_STRIKES,
    ENERGY_STRIKES_ID,
    SOURCE_ID,
    read_energy_strikes_csv,
    sample_path,
    strike_indicators,
)


def _write(tmp_path: Path, text: str, name: str = "events.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_sample_counts_energy_strikes_by_oblast_and_day() -> None:
    obs = read_energy_strikes_csv(sample_path())
    assert set(obs["indicator"]) == {ENERGY_STRIKES_ID}
    kharkiv = obs[obs["region"] == "UA-63"].set_index("date")["value"]
    assert kharkiv.loc["2024-03-20"] == 2.0  # two energy targets, the railway is not counted
    assert kharkiv.loc["2024-03-22"] == 0.0  # covered oblast, no energy strike that day
    odesa = obs[obs["region"] == "UA-51"].set_index("date")["value"]
    assert odesa.loc["2024-03-20"] == 0.0  # the residential strike is not energy
    assert odesa.sum() == 2.0


def test_national_total_is_the_sum_over_oblasts() -> None:
    obs = read_energy_strikes_csv(sample_path())
    ua = obs[obs["region"] == "UA"].set_index("date")["value"]
    oblasts = obs[obs["region"] != "UA"].groupby("date")["value"].sum()
    pd.testing.assert_series_equal(ua, oblasts, check_names=False)
    assert ua.sum() == 10.0
    assert "UA" not in set(read_energy_strikes_csv(sample_path(), national_total=False)["region"])


def test_oblast_spellings_map_to_iso_codes() -> None:
    regions = set(read_energy_strikes_csv(sample_path(), national_total=False)["region"])
    # Kharkivska oblast, Kyiv City, the Ukrainian name of Dnipropetrovsk, Lviv region, Odesa
    assert regions == {"UA-63", "UA-30", "UA-12", "UA-46", "UA-51"}


def test_without_zero_fill_only_days_with_strikes_are_written(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "date,oblast,target_type\n2024-01-01,Sumy Oblast,substation\n"
        "2024-01-04,Sumy Oblast,Substation\n2024-01-04,Sumy Oblast,residential\n",
    )
    sparse = read_energy_strikes_csv(path, fill_zeros=False, national_total=False)
    assert sparse["date"].dt.day.tolist() == [1, 4]
    dense = read_energy_strikes_csv(path, national_total=False)
    assert dense["value"].tolist() == [1.0, 0.0, 0.0, 1.0]


def test_target_types_option_changes_what_counts(tmp_path: Path) -> None:
    obs = read_energy_strikes_csv(sample_path(), target_types=["railway"], national_total=False)
    assert obs["value"].sum() == 1.0


@pytest.mark.parametrize(
    ("text", "row", "field"),
    [
        ("date,oblast\n2024-01-01,Sumy Oblast\n", None, "target_type"),
        ("date,oblast,target_type\n2024-13-01,Sumy Oblast,substation\n", 2, "date"),
        (
            "date,oblast,target_type\n2024-01-01,Sumy Oblast,substation\n"
            "2024-01-02,Atlantis,substation\n",
            3,
            "oblast",
        ),
        ("date,oblast,target_type\n2024-01-01,Sumy Oblast,\n", 2, "target_type"),
    ],
)
def test_malformed_rows_name_file_row_and_field(
    tmp_path: Path, text: str, row: int | None, field: str
) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(DataFormatError) as info:
        read_energy_strikes_csv(path)
    assert info.value.field == field
    assert info.value.row == row
    assert str(path) in str(info.value)
    assert isinstance(info.value, WarIndicatorsError)


def test_works_through_warindicators_after_in_process_registration() -> None:
    # Without installation, the same objects can be registered by hand.
    wi.register_indicator(strike_indicators)
    wi.register_source(SOURCE_ID, read_energy_strikes_csv)
    assert wi.get_indicator(ENERGY_STRIKES_ID).measure == ENERGY_STRIKES.measure
    obs = wi.read_source(SOURCE_ID, sample_path())
    series = wi.IndicatorSeries.from_frame(obs, ENERGY_STRIKES_ID, region="UA-63")
    weekly = series.resample("W").to_pandas()
    assert weekly.sum() == 4.0  # counts are summed when resampled
    assert weekly.attrs  # metadata travels in attrs
