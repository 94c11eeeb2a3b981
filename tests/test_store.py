from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

import warindicators as wi
from warindicators.errors import DataFormatError, ValidationError


def write_ref(path: Path, value: float, month: str = "2024-01") -> Path:
    path.write_text(
        "indicator_id,family,region,period,value,unit,bound,aggregation,source_id,note\n"
        f"territory.area_occupied_km2,territory,UA,{month},{value},km2,estimate,"
        "month_end_level,economist_isw_area,\n"
        "territory.area_occupied_km2,territory,UA,2023-12,100.0,km2,estimate,"
        "month_end_level,economist_isw_area,\n",
        encoding="utf-8",
    )
    return path


def test_ingest_vintages_noop_and_as_of(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    f1 = write_ref(raw / "monthly_reference.csv", 200.0)
    before = f1.read_bytes()
    store = wi.Store(tmp_path / "data")
    r1 = store.ingest("reference", f1, published="2024-02-05")
    assert r1.n_new == 2 and not r1.noop
    assert f1.read_bytes() == before  # raw input untouched
    r2 = store.ingest("reference", f1, published="2024-02-06")
    assert r2.noop
    f2 = write_ref(raw / "monthly_reference_v2.csv", 210.0)
    r3 = store.ingest("reference", f2, published="2024-03-01")
    assert r3.n_revised == 1 and r3.n_new == 0
    s = wi.load("territory.area_occupied_km2", data_dir=tmp_path / "data")
    assert s.to_pandas().tolist() == [100.0, 210.0]
    assert s.as_of("2024-02-20").to_pandas().tolist() == [100.0, 200.0]
    frame = wi.load_frame(
        "territory.area_occupied_km2", data_dir=tmp_path / "data", as_of="2024-02-20"
    )
    assert frame["value"].tolist() == [100.0, 200.0]
    # processed store replaces the shipped series of the same key
    assert len(wi.load_frame("territory.area_occupied_km2", data_dir=tmp_path / "data")) == 2


def test_failed_ingest_writes_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "monthly_reference.csv"
    bad.write_text(
        "indicator_id,family,region,period,value,unit,bound,aggregation,source_id,"
        "note\nterritory.share_occupied_pct,territory,UA,2024-01,140,%,estimate,"
        "month_end_level,economist_isw_area,\n"
    )
    store = wi.Store(tmp_path / "data")
    with pytest.raises(ValidationError):
        store.ingest("reference", bad)
    assert not list((tmp_path / "data").rglob("*.parquet"))


def test_previous_store_survives_a_failed_ingest(tmp_path: Path) -> None:
    good = write_ref(tmp_path / "monthly_reference.csv", 200.0)
    store = wi.Store(tmp_path / "data")
    store.ingest("reference", good, published="2024-02-05")
    target = store.path("reference")
    snapshot = target.read_bytes()
    bad = tmp_path / "monthly_reference_bad.csv"
    bad.write_text(good.read_text().replace("200.0", "lots"))
    with pytest.raises(wi.errors.DataFormatError):
        store.ingest("reference", bad)
    assert target.read_bytes() == snapshot
    assert [p.name for p in target.parent.iterdir() if p.name.startswith(".reference")] == []


def test_default_is_shipped_reference_from_any_cwd(tmp_path: Path) -> None:
    cwd = os.getcwd()
    try:
        os.chdir(tmp_path)
        df = wi.load_frame()
    finally:
        os.chdir(cwd)
    assert {"territory", "casualties", "outages", "sanctions", "energy"} <= {
        i.split(".")[0] for i in df["indicator"].unique()
    }
    assert df.duplicated(["indicator", "region", "partner", "commodity", "date"]).sum() == 0


def test_reference_mapping_to_contract() -> None:
    df = wi.read_source("reference")
    by = df.groupby("indicator")["region"].unique().map(set)
    assert by["casualties.ru_personnel_claimed"] == {"RU"}
    assert by["sanctions.ofac_russia_eo14024_entries"] == {"RU"}
    assert by["energy.ru_fossil_export_value_eur"] == {"RU"}
    assert by["energy.eu_gas_imports_m3"] == {"EU"}
    assert set(df.loc[df.indicator == "energy.eu_gas_imports_m3", "partner"]) == {"RU"}
    assert "UA" not in by["outages.air_raid_alert_hours"]
    pk = wi.load("sanctions.eu_packages")
    assert pk.resample("Y").to_pandas().loc["2022-12-31"] == 9.0
    eo = wi.load("sanctions.ofac_russia_eo14024_entries").to_pandas()
    # the reference's check figure: 1,740 EO 14024 rows on the 2022-12-08 snapshot
    assert eo.loc["2022-12-31"] >= 1740
    killed = wi.load("casualties.civilian_killed")
    assert killed.indicator.bound == "lower" and (killed.low.dropna() > 0).all()
    assert pd.Timestamp(killed.to_pandas().index.max()) >= pd.Timestamp("2024-12-31")


def test_source_filter_separates_two_readers_of_one_indicator(tmp_path: Path) -> None:
    store = wi.Store(tmp_path)
    a = tmp_path / "monthly_reference.csv"
    write_ref(a, 200.0)
    store.ingest("reference", a, published="2024-02-05")
    # the reference rows name the producer's source id in ``source``
    frame = wi.load_frame(
        "territory.area_occupied_km2", data_dir=tmp_path, source="economist_isw_area"
    )
    assert frame["value"].tolist() == [100.0, 200.0]
    assert wi.load_frame(
        "territory.area_occupied_km2", data_dir=tmp_path, source="deepstate_geojson"
    ).empty
    s = wi.load("territory.area_occupied_km2", data_dir=tmp_path, source="economist_isw_area")
    assert len(s) == 2


def test_stored_breakdown_replaces_shipped_totals_whole(tmp_path: Path) -> None:
    csv = tmp_path / "fossil.csv"
    csv.write_text(
        "date,destination_region,commodity_group,Without price cap,unit\n"
        "2022-03-01,China,oil,100,EUR\n2022-03-01,China,gas,50,EUR\n"
    )
    wi.Store(tmp_path / "d").ingest("crea_fossil_revenue", csv, published="2022-11-11")
    frame = wi.load_frame("energy.ru_fossil_export_value_eur", data_dir=tmp_path / "d")
    # the shipped monthly rows (commodity "all") are not mixed with the daily breakdown
    assert set(frame["commodity"]) == {"oil", "gas"}
    s = wi.load("energy.ru_fossil_export_value_eur", data_dir=tmp_path / "d")
    assert s.to_pandas().tolist() == [150.0]


def test_unreadable_processed_file_names_the_file(tmp_path: Path) -> None:
    processed = tmp_path / "processed"
    processed.mkdir()
    bad = processed / "broken.parquet"
    bad.write_bytes(b"not parquet at all")
    with pytest.raises(DataFormatError, match=r"broken\.parquet.*not a readable Parquet"):
        wi.load_frame(data_dir=tmp_path)
    bad.unlink()
    odd = processed / "odd.parquet"
    pd.DataFrame({"indicator": ["territory.area_occupied_km2"], "when": [1]}).to_parquet(odd)
    with pytest.raises(
        DataFormatError, match=r"odd\.parquet.*lack column\(s\) region, date, value"
    ):
        wi.load_frame(data_dir=tmp_path)
    assert odd.read_bytes()[:4] == b"PAR1"  # the input is left as it was


def test_two_publishers_for_one_date_stay_apart(tmp_path: Path) -> None:
    """Each publisher keeps its own latest vintage; neither revises nor hides the other."""
    store = wi.Store(tmp_path / "data")
    for sub, src, value, pub in (
        ("a", "economist_isw_area", 200.0, "2024-02-05"),
        ("b", "deepstate_geojson", 210.0, "2024-02-06"),
        ("c", "economist_isw_area", 205.0, "2024-02-07"),  # a revision by the first one
    ):
        (tmp_path / sub).mkdir()
        path = write_ref(tmp_path / sub / "monthly_reference.csv", value)
        text = path.read_text().replace("economist_isw_area", src)
        path.write_text(text)
        res = store.ingest("reference", path, published=pub)
        if sub == "b":  # another publisher's value is new, not a revision of the first's
            assert (res.n_new, res.n_revised) == (2, 0)
        if sub == "c":
            assert (res.n_new, res.n_revised) == (0, 1)
    frame = wi.load_frame("territory.area_occupied_km2", data_dir=tmp_path / "data")
    jan = frame[frame["date"] == pd.Timestamp("2024-01-31")].set_index("source")["value"]
    assert jan.to_dict() == {"deepstate_geojson": 210.0, "economist_isw_area": 205.0}
    # the aggregation rule shows them as a range, never one value
    res = wi.total(frame)
    assert res.kind == "range" and res.values is None
    assert res.low is not None and res.high is not None
    assert res.low.loc[pd.Timestamp("2024-01-31")] == 205.0
    assert res.high.loc[pd.Timestamp("2024-01-31")] == 210.0
    # one series needs a publisher named
    with pytest.raises(ValidationError, match="source= one of"):
        wi.load("territory.area_occupied_km2", data_dir=tmp_path / "data")
    with pytest.raises(ValidationError, match="publishers are not added"):
        wi.IndicatorSeries.from_frame(frame, "territory.area_occupied_km2")
    s = wi.load(
        "territory.area_occupied_km2", data_dir=tmp_path / "data", source="deepstate_geojson"
    )
    assert s.to_pandas().tolist() == [100.0, 210.0]
    first = wi.IndicatorSeries.from_frame(
        frame, "territory.area_occupied_km2", source="economist_isw_area"
    )
    assert first.to_pandas().tolist() == [100.0, 205.0]


def test_two_readers_on_different_dates_are_not_joined_into_one_series(tmp_path: Path) -> None:
    store = wi.Store(tmp_path / "data")
    path = write_ref(tmp_path / "monthly_reference.csv", 200.0)  # economist_isw_area rows
    store.ingest("reference", path, published="2024-02-05")
    frame = pd.DataFrame(
        {
            "indicator": "territory.area_occupied_km2",
            "region": "UA",
            "date": pd.to_datetime(["2024-01-31", "2024-11-20", "2024-11-21"]),
            "value": [200.0, 190.0, 191.0],
            "source": ["economist_isw_area", "deepstate_geojson", "deepstate_geojson"],
        }
    )
    # a change of reader is not a change on the ground: one series needs source=
    with pytest.raises(ValidationError, match=r"2 readers \(deepstate_geojson, economist"):
        wi.IndicatorSeries.from_frame(frame, "territory.area_occupied_km2")
    s = wi.IndicatorSeries.from_frame(
        frame, "territory.area_occupied_km2", source="deepstate_geojson"
    )
    assert s.to_pandas().tolist() == [190.0, 191.0]
    # oblasts read by different readers may still be summed (one reader per series)
    by_region = frame.iloc[:2].assign(
        indicator="outages.air_raid_alerts", region=["UA-14", "UA-23"], date="2024-01-31"
    )
    assert wi.IndicatorSeries.from_frame(
        by_region, "outages.air_raid_alerts"
    ).to_pandas().tolist() == [390.0]
    # the shipped reference cites a statement per row: not readers, still one series
    assert len(wi.load("casualties.civilian_killed").to_pandas()) == 11


def test_an_indicator_only_a_reader_gives_says_which_reader(tmp_path: Path) -> None:
    # raion-level alert hours are not shipped: they come from the official alert log
    with pytest.raises(ValidationError, match="ingest air_raid_alerts FILE"):
        wi.load("outages.air_raid_alert_raion_hours", data_dir=tmp_path)
