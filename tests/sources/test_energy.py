"""CREA energy readers against hand-made fixtures (known truth) and the real samples."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import warindicators as wi
from warindicators.errors import DataFormatError, ValidationError
from warindicators.repeats import RepeatedRecordsWarning
from warindicators.sources.energy import read_crea_fossil_revenue, read_crea_gas_imports

FIX = Path(__file__).resolve().parent / "fixtures" / "energy"
# real samples kept in the repository (licence and attribution beside each)
REAL = Path(__file__).parent / "fixtures" / "real" / "energy_exports"


def _real(rel: str) -> Path:
    p = REAL / rel
    assert p.is_file(), f"real sample {rel} missing from the repository"
    return p


def _as_dict(obs: pd.DataFrame, keys: list[str]) -> dict[tuple[str, ...], float]:
    return {tuple(str(r[k])[:10] for k in keys): float(r["value"]) for r in obs.to_dict("records")}


# --- fossil export value -------------------------------------------------------------------


def test_fossil_values_are_without_price_cap_and_absent_pairs_stay_absent() -> None:
    obs = wi.read_source("crea_fossil_revenue", FIX / "price_cap_ts_small.csv")
    got = _as_dict(obs, ["date", "partner", "commodity"])
    assert got == {
        ("2022-07-01", "EU", "oil"): 100.25,
        ("2022-07-01", "CN", "gas"): 200.0,
        ("2022-07-01", "GB", "coal"): 3.5,
        ("2022-07-02", "EU", "oil"): 110.0,
        ("2022-07-02", "OTHERS", "oil"): 0.0,
        ("2022-07-02", "KR", "coal"): 42.0,
        ("2022-07-02", "TR", "gas"): 1.5e6,
    }
    # China gas has no row on 07-02 and India oil has an empty value: both absent, not zero
    assert ("2022-07-02", "CN", "gas") not in got
    assert ("2022-07-02", "IN", "oil") not in got
    assert set(obs["indicator"]) == {"energy.ru_fossil_export_value_eur"}
    assert set(obs["region"]) == {"RU"}
    assert set(obs["status"]) == {"E"}
    assert obs["date"].dtype == "datetime64[ns]"


def test_fossil_bom_crlf_and_no_scenario_columns() -> None:
    obs = read_crea_fossil_revenue(FIX / "price_cap_ts_bom_crlf.csv", published="2022-11-11")
    got = _as_dict(obs, ["date", "partner", "commodity"])
    assert got == {("2022-01-03", "US", "oil"): 12.5, ("2022-01-03", "EU", "coal"): 7.0}
    assert (obs["published"] == pd.Timestamp("2022-11-11")).all()


def test_fossil_unit_other_than_eur_names_line_and_field() -> None:
    with pytest.raises(DataFormatError) as err:
        wi.read_source("crea_fossil_revenue", FIX / "price_cap_ts_bad_unit.csv")
    msg = str(err.value)
    assert "row 3" in msg and "'unit'" in msg and "USD" in msg
    assert "price_cap_ts_bad_unit.csv" in msg


def test_fossil_unknown_destination_is_an_error_unless_mapped() -> None:
    path = FIX / "price_cap_ts_unknown_destination.csv"
    with pytest.raises(DataFormatError, match=r"row 3.*Atlantis"):
        read_crea_fossil_revenue(path)
    obs = read_crea_fossil_revenue(path, partners={"Atlantis": "OTHERS"})
    assert sorted(obs["partner"]) == ["EU", "OTHERS"]
    with pytest.raises(ValidationError):
        read_crea_fossil_revenue(path, partners={"Atlantis": "ATL"})


def test_fossil_duplicate_row_names_both_lines() -> None:
    with pytest.raises(DataFormatError, match=r"row 4.*at row 2 and row 4.*12.5 .row 2. vs 8.0"):
        read_crea_fossil_revenue(FIX / "price_cap_ts_duplicate.csv")


def test_fossil_missing_value_column(tmp_path: Path) -> None:
    p = tmp_path / "x.csv"
    p.write_text(
        "date,destination_region,commodity_group,Pricecap: a,unit\n2022-01-01,EU,oil,1,EUR\n"
    )
    with pytest.raises(DataFormatError, match="Without price cap"):
        read_crea_fossil_revenue(p)


@pytest.mark.parametrize(
    ("row", "field"),
    [
        ("2022-13-01,EU,oil,1,EUR", "date"),
        ("01/02/2022,EU,oil,1,EUR", "date"),
        ("2022-01-01,EU,oil,abc,EUR", "Without price cap"),
        ("2022-01-01,EU,oil,-5,EUR", "Without price cap"),
        ("2022-01-01,EU,oil,inf,EUR", "Without price cap"),
        ("2022-01-01,EU,,1,EUR", "commodity_group"),
    ],
)
def test_fossil_bad_cells(tmp_path: Path, row: str, field: str) -> None:
    p = tmp_path / "x.csv"
    p.write_text("date,destination_region,commodity_group,Without price cap,unit\n" + row + "\n")
    with pytest.raises(DataFormatError) as err:
        read_crea_fossil_revenue(p)
    assert err.value.field == field and err.value.row == 2


def test_unknown_option_and_no_path() -> None:
    with pytest.raises(ValidationError, match="unknown option"):
        read_crea_fossil_revenue(FIX / "price_cap_ts_small.csv", colour="red")
    with pytest.raises(ValidationError):
        read_crea_gas_imports()


def test_fossil_real_sample() -> None:
    path = _real("crea_russia_fossil_revenue/price_cap_ts_2021-12_2022-01.csv")
    obs = wi.read_source("crea_fossil_revenue", path)
    assert len(obs) == path.read_bytes().count(b"\n") - 1  # data rows of the sample, none empty
    assert set(obs["partner"]) == {"EU", "CN", "TR", "IN", "KR", "GB", "US", "OTHERS"}
    assert set(obs["commodity"]) == {"oil", "gas", "coal"}
    assert obs["date"].min() == pd.Timestamp("2021-12-01")
    assert obs["date"].max() == pd.Timestamp("2022-01-31")
    per_day = obs.groupby("date").size()
    assert per_day.min() >= 6 and per_day.max() <= 16
    first = obs[
        (obs["date"] == "2021-12-01") & (obs["partner"] == "CN") & (obs["commodity"] == "oil")
    ]
    assert first["value"].tolist() == [pytest.approx(66567798.46476009)]


# --- gas imports ---------------------------------------------------------------------------


def test_gas_imports_partners_and_negative_net_flow() -> None:
    obs = wi.read_source("crea_gas_imports", FIX / "europe_imports_small.csv")
    got = _as_dict(obs, ["date", "partner"])
    assert got == {
        ("2021-01-01", "DZ"): 82000000.5,
        ("2021-01-01", "LNG"): 139000000.0,
        ("2021-01-01", "MA"): 1000.0,
        ("2021-01-01", "GB"): -2500000.25,
        ("2021-01-02", "DZ"): 81000000.0,
        ("2021-01-02", "LNG"): 140000000.0,
        ("2021-01-02", "GB"): 3000000.0,
        ("2021-01-02", "RU"): 250000000.0,
        ("2021-01-02", "NO"): 300000000.0,
    }
    assert set(obs["region"]) == {"EU"}
    assert set(obs["indicator"]) == {"energy.eu_gas_imports_m3"}


def test_gas_bad_number_and_short_row() -> None:
    with pytest.raises(DataFormatError) as err:
        read_crea_gas_imports(FIX / "europe_imports_bad_number.csv")
    assert (err.value.row, err.value.field) == (3, "value_m3")
    with pytest.raises(DataFormatError, match="2 fields, expected 3") as err2:
        read_crea_gas_imports(FIX / "europe_imports_short_row.csv")
    assert err2.value.row == 3


def test_gas_missing_column_and_empty_file(tmp_path: Path) -> None:
    p = tmp_path / "g.csv"
    p.write_text("date,supplier,value_m3\n2021-01-01,Norway,1\n")
    with pytest.raises(DataFormatError, match=r"missing column\(s\) \['from'\]"):
        read_crea_gas_imports(p)
    p.write_text("")
    with pytest.raises(DataFormatError, match="empty file"):
        read_crea_gas_imports(p)
    p.write_bytes(b"date,from,value_m3\n2021-01-01,Norw\xe9y,1\n")
    with pytest.raises(DataFormatError, match="not UTF-8") as err:
        read_crea_gas_imports(p)
    assert err.value.row == 2


def test_gas_duplicates_across_files(tmp_path: Path) -> None:
    src = FIX / "europe_imports_small.csv"
    with pytest.warns(RepeatedRecordsWarning, match="exact repeat"):
        twice = read_crea_gas_imports(src, src)
    pd.testing.assert_frame_equal(twice, read_crea_gas_imports(src))
    other = tmp_path / "other.csv"
    lines = src.read_text().splitlines()
    head, first = lines[0], lines[1].split(",")
    first[2] = str(float(first[2]) + 1.0)
    other.write_text(head + "\n" + ",".join(first) + "\n")
    with pytest.raises(DataFormatError, match=r"appears twice.*other.csv row 2"):
        read_crea_gas_imports(src, other)


def test_gas_real_sample() -> None:
    path = _real("crea_europe_gas_imports/europe_imports_2021.csv")
    obs = wi.read_source("crea_gas_imports", path)
    assert len(obs) == 2848
    counts = obs["partner"].value_counts()
    assert counts["MA"] == 304 and counts["LNG"] == 365
    assert set(counts.index) == {"DZ", "AZ", "LY", "LNG", "MA", "NO", "RU", "GB"}
    assert (obs.loc[obs["partner"] == "GB", "value"] < 0).any()
    assert obs["date"].dt.year.eq(2021).all()


def test_fossil_counter_api_export_is_summed_per_region_and_group() -> None:
    obs = wi.read_source("crea_fossil_revenue", FIX / "counter_api_small.csv")
    got = _as_dict(obs, ["date", "partner", "commodity"])
    assert got == {
        ("2022-07-01", "EU", "oil"): 600.5,
        ("2022-07-01", "EU", "gas"): 70.0,
        ("2022-07-02", "CN", "oil"): 300.0,
        ("2022-07-02", "IN", "coal"): 20.0,
    }


def test_fossil_price_cap_file_needs_unit(tmp_path: Path) -> None:
    p = tmp_path / "x.csv"
    p.write_text("date,destination_region,commodity_group,Without price cap\n2022-01-01,EU,oil,1\n")
    with pytest.raises(DataFormatError, match="'unit'"):
        read_crea_fossil_revenue(p)
