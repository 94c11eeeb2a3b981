"""Casualty readers: General Staff loss claims (JSON) and the Economist's estimates (CSV)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import warindicators as wi
from warindicators.errors import DataFormatError
from warindicators.observations import validate_observations
from warindicators.repeats import RepeatedRecordsWarning
from warindicators.sources.casualties import (
    read_economist_soldier_estimates,
    read_general_staff_losses,
)

FIX = Path(__file__).parent / "fixtures" / "casualties"
# real samples kept in the repository (licence and attribution beside each)
REAL = Path(__file__).parent / "fixtures" / "real" / "casualties"
EQ = "casualties.ru_equipment_claimed."


def series(obs: pd.DataFrame, ind: str, col: str = "value") -> pd.Series:
    sel = obs[obs.indicator == ind]
    return pd.Series(sel[col].to_numpy(), index=sel["date"].dt.strftime("%Y-%m-%d"))


# -- General Staff: personnel --------------------------------------------------------------
def test_personnel_qualifier_bound_and_pow() -> None:
    obs = wi.read_source("general_staff_losses", FIX / "russia_losses_personnel_small.json")
    pers = series(obs, "casualties.ru_personnel_claimed")
    assert pers.to_dict() == {
        "2022-02-25": 2800.0,
        "2022-02-26": 3500.0,  # "day" written as a string in this record
        "2022-03-01": 5710.0,
        "2022-03-02": 5840.0,
    }
    qual = series(obs, "casualties.ru_personnel_claimed", "qualifier")
    bound = series(obs, "casualties.ru_personnel_claimed", "bound")
    assert qual["2022-03-01"] == "more" and bound["2022-03-01"] == "lower"
    assert qual["2022-03-02"] == "about" and bound["2022-03-02"] == "approx"
    pow_ = series(obs, "casualties.ru_pow_claimed")
    assert pow_.to_dict() == {"2022-02-25": 0.0, "2022-02-26": 200.0, "2022-03-01": 200.0}
    assert set(obs.region) == {"RU"}
    assert wi.get_indicator("casualties.ru_pow_claimed").measure == "cumulative"


# -- General Staff: equipment --------------------------------------------------------------
def test_equipment_categories_missing_nan_and_decrease() -> None:
    obs = wi.read_source("general_staff_losses", FIX / "russia_losses_equipment_small.json")
    inds = set(obs.indicator)
    assert {EQ + "field_artillery", EQ + "apc", EQ + "ground_robotic_systems"} <= inds
    # null/NaN values and free text are not rows, and not categories
    assert EQ + "submarines" not in inds
    assert not any("direction" in i or i.endswith(".day") for i in inds)
    tank = series(obs, EQ + "tank")
    assert tank.tolist() == [3796.0, 3799.0, 3797.0, 3801.0]  # the decrease is kept
    drone = series(obs, EQ + "drone")
    assert list(drone.index) == ["2023-05-26", "2023-05-27", "2023-05-28"]  # absent: no row
    grs = series(obs, EQ + "ground_robotic_systems")
    assert grs.to_dict() == {"2023-05-29": 5.0}
    assert wi.get_indicator(EQ + "ground_robotic_systems").measure == "cumulative"
    assert len(obs) == 4 + 4 + 4 + 4 + 3 + 1


def test_new_category_registered_on_the_fly(tmp_path: Path) -> None:
    p = tmp_path / "eq.json"
    p.write_text(json.dumps([{"date": "2026-05-03", "day": 1530, "Laser Cannons": 2}]))
    obs = wi.read_source("general_staff_losses", p)
    assert list(obs.indicator) == [EQ + "laser_cannons"]
    assert wi.get_indicator(EQ + "laser_cannons").unit == "units"
    wi.read_source("general_staff_losses", p)  # registering again is harmless


def test_personnel_and_equipment_together_and_published() -> None:
    obs = read_general_staff_losses(
        FIX / "russia_losses_personnel_small.json",
        FIX / "russia_losses_equipment_small.json",
        published="2024-01-05",
    )
    assert (obs.published == pd.Timestamp("2024-01-05")).all()
    assert {"casualties.ru_personnel_claimed", EQ + "tank"} <= set(obs.indicator)


def test_corrections_as_own_indicator_and_break_status() -> None:
    obs = wi.read_source(
        "general_staff_losses",
        FIX / "russia_losses_equipment_small.json",
        corrections=FIX / "russia_losses_equipment_correction_small.json",
    )
    fix_tank = series(obs, "casualties.ru_equipment_correction.tank")
    assert fix_tank.to_dict() == {"2023-05-27": -5.0, "2023-10-03": 5.0}
    assert series(obs, "casualties.ru_personnel_correction").to_dict() == {"2023-10-03": 10.0}
    # zero deltas give no row
    assert "casualties.ru_equipment_correction.apc" not in set(obs.indicator)
    status = series(obs, EQ + "tank", "status")
    assert status.to_dict() == {
        "2023-05-26": "A",
        "2023-05-27": "B",
        "2023-05-28": "A",
        "2023-05-29": "A",
    }
    assert series(obs, EQ + "drone", "status")["2023-05-27"] == "B"
    assert series(obs, EQ + "apc", "status")["2023-05-27"] == "A"  # delta 0
    assert wi.get_indicator("casualties.ru_equipment_correction.tank").measure == "flow"


def test_wrong_typed_value_names_record_and_field() -> None:
    with pytest.raises(DataFormatError) as err:
        read_general_staff_losses(FIX / "russia_losses_equipment_bad_type.json")
    assert err.value.row == "record 2" and err.value.field == "tank"
    assert "russia_losses_equipment_bad_type.json" in str(err.value)


@pytest.mark.parametrize(
    ("text", "match", "field"),
    [
        ("", "empty file", None),
        ('[{"date": "2023-01-01", "tank": 1},', "invalid JSON", None),
        ('{"date": "2023-01-01"}', "JSON array", None),
        ("[1]", "JSON object", None),
        ('[{"date": "01/01/2023", "tank": 1}]', "YYYY-MM-DD", "date"),
        ('[{"day": 1, "tank": 1}]', "date string", "date"),
        ('[{"date": "2023-01-01", "tank": -1}]', "non-negative", "tank"),
        ('[{"date": "2023-01-01", "tank": true}]', "expected a number", "tank"),
        ('[{"date": "2023-01-01", "tank": [1]}]', "expected a number", "tank"),
        ('[{"date": "2023-01-01", "tank": Infinity}]', "finite", "tank"),
        ('[{"date": "2023-01-01", "tank": 1e999999}]', "finite", "tank"),
        ('[{"date": "2023-01-01", "tank": 1}, {"date": "2023-01-01", "tank": 2}]', "twice", "date"),
    ],
)
def test_malformed_losses(tmp_path: Path, text: str, match: str, field: str | None) -> None:
    p = tmp_path / "losses.json"
    p.write_text(text)
    with pytest.raises(DataFormatError, match=match) as err:
        read_general_staff_losses(p)
    assert err.value.field == field
    assert str(p) in str(err.value)


def test_losses_utf16_and_overlapping_files(tmp_path: Path) -> None:
    p = tmp_path / "losses.json"
    p.write_bytes((FIX / "russia_losses_personnel_small.json").read_text().encode("utf-16"))
    with pytest.raises(DataFormatError, match="UTF-16"):
        read_general_staff_losses(p)
    eq = FIX / "russia_losses_equipment_small.json"
    # the same file twice: every figure is an exact repeat, collapsed with a warning
    with pytest.warns(RepeatedRecordsWarning, match="exact repeat"):
        twice = read_general_staff_losses(eq, eq)
    pd.testing.assert_frame_equal(twice, read_general_staff_losses(eq))


# -- Economist estimates -------------------------------------------------------------------
def with_publisher_dim() -> list[wi.Indicator]:
    return [
        wi.get_indicator(f"casualties.military_{t}_estimate").with_(dims=("publisher",))
        for t in ("deaths", "casualties")
    ]


def test_estimates_values_bounds_and_flags() -> None:
    obs = read_economist_soldier_estimates(FIX / "soldier_estimates_small.csv")
    obs = validate_observations(obs, indicators=with_publisher_dim())
    assert len(obs) == 7
    rows = {
        (r.indicator.split("_")[1], r.region, f"{r.date:%Y-%m-%d}", r.publisher): r
        for r in obs.itertuples()
    }
    ua = rows[("casualties", "UA", "2023-12-19", "Russian Ministry of Defense")]
    assert ua.value == 383000 and ua.bound == "estimate" and ua.warring_party
    assert "warring" in ua.qualifier
    up = rows[("deaths", "RU", "2022-06-29", "UK Ministry of Defence")]
    assert (up.value, up.bound, up.high) == (25000, "upper", 25000) and np.isnan(up.low)
    lo = rows[("deaths", "RU", "2022-07-20", "CIA")]
    assert (lo.value, lo.bound, lo.low, lo.qualifier) == (15000, "lower", 15000, "at least")
    assert lo.source_url == "https://reuters.test/c?a=1,b=2"  # quoted field with a comma
    rng = rows[("deaths", "RU", "2022-07-24", "US officials (via The Economist)")]
    assert (rng.value, rng.low, rng.high, rng.bound) == (17500, 15000, 20000, "estimate")
    three = rows[("casualties", "RU", "2023-11-30", "UK Ministry of Defence")]
    assert (three.value, three.low, three.high) == (320000, 290000, 350000)
    other = rows[("casualties", "RU", "2023-11-30", "Another publisher")]
    assert other.value == 315000 and other.source == "Another publisher"
    assert not other.warring_party and pd.isna(other.qualifier)


@pytest.mark.parametrize(
    ("old", "new", "match", "field"),
    [
        ("01/04/2022", "2022-04-01", "DD/MM/YYYY", "date"),
        ("01/04/2022", "31/02/2022", "DD/MM/YYYY", "date"),
        (",,,11966,", ",,,lots,", "number", "estimate"),
        (",deaths,", ",dead,", "expected one of", "type"),
        (",russia,\n", ",belarus,\n", "expected one of", "country"),
        (
            ",ukraine,yes",
            ",ukraine,maybe",
            "expected one of",
            "ignore for chart, data from warring parties",
        ),
        ("15000,20000,,", "25000,20000,,", "above", "estimate_high"),
        ("290000,350000,320000", "290000,350000,390000", "outside", "estimate"),
        (",,,11966,", ",,,,", "no estimate", "estimate"),
    ],
)
def test_malformed_estimates(tmp_path: Path, old: str, new: str, match: str, field: str) -> None:
    text = (FIX / "soldier_estimates_small.csv").read_text()
    assert old in text
    p = tmp_path / "est.csv"
    p.write_text(text.replace(old, new, 1))
    with pytest.raises(DataFormatError, match=match) as err:
        read_economist_soldier_estimates(p)
    assert err.value.field == field
    assert isinstance(err.value.row, int) and err.value.row >= 2


def test_estimates_renamed_missing_truncated_duplicate(tmp_path: Path) -> None:
    text = (FIX / "soldier_estimates_small.csv").read_text()
    p = tmp_path / "est.csv"
    p.write_text(text.replace('"ignore for chart, data from warring parties"', "ignore"))
    with pytest.raises(DataFormatError) as err:
        read_economist_soldier_estimates(p)
    assert "ignore for chart, data from warring parties" in str(err.value)
    assert "'ignore'" in str(err.value)  # found columns listed
    p.write_text(text[:-40])
    with pytest.raises(DataFormatError, match="field"):
        read_economist_soldier_estimates(p)
    lines = text.splitlines()
    p.write_text("\n".join([*lines, lines[2]]) + "\n")  # the same row twice: collapses
    with pytest.warns(RepeatedRecordsWarning, match="1 exact repeat"):
        again = read_economist_soldier_estimates(p)
    pd.testing.assert_frame_equal(
        again, read_economist_soldier_estimates(FIX / "soldier_estimates_small.csv")
    )
    other = lines[2].replace("11966", "12000")  # the same publisher, another figure
    p.write_text("\n".join([*lines, other]) + "\n")
    with pytest.raises(DataFormatError, match="appears twice") as err:
        read_economist_soldier_estimates(p)
    assert err.value.row == len(lines) + 1
    assert "11966.0 (row 3) vs 12000.0 (row 9)" in str(err.value)
    p.write_text(lines[0] + "\n")
    with pytest.raises(DataFormatError, match="no data rows"):
        read_economist_soldier_estimates(p)


# -- real samples (in the repository) -----------------------------------------------------
def test_real_losses_samples() -> None:
    d = REAL / "petroivaniuk_russia_losses"
    names = ["russia_losses_personnel_2023.json", "russia_losses_equipment_2023.json"]
    corr = d / "russia_losses_equipment_correction.json"
    obs = wi.read_source("general_staff_losses", *(d / n for n in names), corrections=corr)
    assert len(series(obs, "casualties.ru_personnel_claimed")) == 365
    tank = series(obs, EQ + "tank")
    assert len(tank) == 365
    assert tank["2023-05-27"] == 3799 and tank["2023-05-28"] == 3797  # kept as published
    subs = series(obs, EQ + "submarines")
    assert subs.index[0] == "2023-09-14"
    assert "greatest" not in " ".join(obs.indicator.unique())
    assert series(obs, "casualties.ru_equipment_correction.tank")["2023-05-27"] == -5


def test_real_estimates_sample() -> None:
    files = sorted((REAL / "economist_soldier_death_estimates").glob("*.csv"))
    assert len(files) == 1
    obs = read_economist_soldier_estimates(*files)
    obs = validate_observations(obs, indicators=with_publisher_dim())
    assert len(obs) == 47
    assert obs.warring_party.sum() == 3
    assert set(obs.region) == {"RU", "UA"}
    cia = obs[(obs.publisher == "CIA") & (obs.indicator.str.contains("deaths"))]
    assert cia.bound.tolist() == ["lower"] and cia.value.tolist() == [15000]


def test_read_source_returns_plain_strings() -> None:
    obs = wi.read_source(
        "general_staff_losses",
        FIX / "russia_losses_personnel_small.json",
        corrections=FIX / "russia_losses_equipment_correction_small.json",
    )
    for col in ("indicator", "region", "qualifier", "bound", "status"):
        assert not isinstance(obs[col].dtype, pd.CategoricalDtype), col
    assert obs.loc[obs.value == 5710.0, "bound"].tolist() == ["lower"]


def test_real_estimates_through_read_source() -> None:
    files = sorted((REAL / "economist_soldier_death_estimates").glob("*.csv"))
    assert len(files) == 1
    # this slice has no two publishers on one date/country/type, so it validates today
    obs = wi.read_source("economist_soldier_estimates", *files)
    assert len(obs) == 47
    assert obs.date.min() == pd.Timestamp("2022-04-01")
