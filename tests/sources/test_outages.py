"""DTEK schedule and air-raid alert readers: hand-checked cases, DST days, real samples."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

import warindicators as wi
from warindicators.errors import DataFormatError, ValidationError
from warindicators.repeats import RepeatedRecordsWarning
from warindicators.sources.outages import read_air_raid_alerts, read_dtek_schedule

FIX = Path(__file__).resolve().parent / "fixtures" / "outages"
# real samples kept in the repository (licence and attribution beside each)
REAL = Path(__file__).parent / "fixtures" / "real" / "outages"
SCHED = "outages.scheduled_power_off_hours"
POSS = "outages.possible_power_off_hours"
HOURS = "outages.air_raid_alert_hours"
COUNT = "outages.air_raid_alerts"


def _real(rel: str) -> Path:
    p = REAL / rel
    assert p.is_file(), f"real sample {rel} missing from the repository"
    return p


def _table(obs: pd.DataFrame, indicator: str, key: str) -> dict[tuple[str, str], float]:
    sub = obs[obs["indicator"] == indicator]
    return {(str(r[key]), str(r["date"])[:10]): float(r["value"]) for r in sub.to_dict("records")}


# --- DTEK ----------------------------------------------------------------------------------
# kyiv.json: queue 1.1 is off ('no') in slots 4, 19, 20 and 'maybe' in slot 21 every day;
# queue 1.2 on Monday has 'first' in slot 10, 'second' in 11 and 'maybe' in 12-14, on Sunday
# 'maybe' in slot 4; queue 2.1 always has power. Slot 4 is local 03:00-04:00, the hour that
# is skipped (last Sunday of March) or repeated (last Sunday of October) in Kyiv.


def test_dtek_autumn_dst_week_by_hand() -> None:
    obs = wi.read_source("dtek_schedule", FIX / "kyiv.json", start="2024-10-26", end="2024-10-28")
    assert set(obs["region"]) == {"UA-30"}
    assert _table(obs, SCHED, "queue") == {
        ("1.1", "2024-10-26"): 3.0,
        ("1.1", "2024-10-27"): 4.0,
        ("1.1", "2024-10-28"): 3.0,
        ("1.2", "2024-10-26"): 0.0,
        ("1.2", "2024-10-27"): 0.0,
        ("1.2", "2024-10-28"): 1.0,
        ("2.1", "2024-10-26"): 0.0,
        ("2.1", "2024-10-27"): 0.0,
        ("2.1", "2024-10-28"): 0.0,
    }
    assert _table(obs, POSS, "queue") == {
        ("1.1", "2024-10-26"): 1.0,
        ("1.1", "2024-10-27"): 1.0,
        ("1.1", "2024-10-28"): 1.0,
        ("1.2", "2024-10-26"): 0.0,
        ("1.2", "2024-10-27"): 2.0,
        ("1.2", "2024-10-28"): 3.0,
        ("2.1", "2024-10-26"): 0.0,
        ("2.1", "2024-10-27"): 0.0,
        ("2.1", "2024-10-28"): 0.0,
    }


def test_dtek_spring_dst_day_skips_the_missing_hour() -> None:
    obs = read_dtek_schedule(
        FIX / "kyiv.json", start="2024-03-31", end="2024-03-31", published="2024-12-16"
    )
    assert _table(obs, SCHED, "queue")[("1.1", "2024-03-31")] == 2.0
    assert _table(obs, POSS, "queue")[("1.2", "2024-03-31")] == 0.0
    assert (obs["published"] == pd.Timestamp("2024-12-16")).all()
    # an ordinary Sunday: slot 4 counts once
    obs = read_dtek_schedule(FIX / "kyiv.json", start="2024-04-07", end="2024-04-07")
    assert _table(obs, POSS, "queue")[("1.2", "2024-04-07")] == 1.0


def test_dtek_region_inference_and_option() -> None:
    obs = read_dtek_schedule(FIX / "dnipro_wrapped.json", start="2024-01-01", end="2024-01-02")
    assert set(obs["region"]) == {"UA-12"} and set(obs["queue"]) == {"3.1"}
    assert _table(obs, SCHED, "queue") == {("3.1", "2024-01-01"): 1.0, ("3.1", "2024-01-02"): 1.0}
    with pytest.raises(DataFormatError, match="cannot infer the region"):
        read_dtek_schedule(FIX / "mystery_operator.json", start="2024-01-01", end="2024-01-01")
    obs = read_dtek_schedule(
        FIX / "mystery_operator.json", start="2024-01-01", end="2024-01-01", region="Odeska oblast"
    )
    assert set(obs["region"]) == {"UA-51"}
    obs = read_dtek_schedule(
        FIX / "mystery_operator.json", start="2024-01-01", end="2024-01-01", region="UA-32"
    )
    assert set(obs["region"]) == {"UA-32"}
    with pytest.raises(ValidationError):
        read_dtek_schedule(
            FIX / "mystery_operator.json", start="2024-01-01", end="2024-01-01", region="Narnia"
        )


def test_dtek_dates_required_and_ordered() -> None:
    with pytest.raises(ValidationError, match="start= is required"):
        wi.read_source("dtek_schedule", FIX / "kyiv.json", end="2024-01-01")
    with pytest.raises(ValidationError, match="end= is required"):
        read_dtek_schedule(FIX / "kyiv.json", start="2024-01-01")
    with pytest.raises(ValidationError, match="before"):
        read_dtek_schedule(FIX / "kyiv.json", start="2024-01-02", end="2024-01-01")


def test_dtek_unknown_code_names_queue_day_slot() -> None:
    with pytest.raises(DataFormatError) as err:
        read_dtek_schedule(FIX / "odesa_unknown_code.json", start="2024-01-01", end="2024-01-01")
    msg = str(err.value)
    assert "queue '3.1'" in msg and "day 5" in msg and "slot '17'" in msg and "'off'" in msg


def test_dtek_truncated_json_names_line() -> None:
    with pytest.raises(DataFormatError, match="invalid JSON") as err:
        read_dtek_schedule(FIX / "kyiv_region_truncated.json", start="2024-01-01", end="2024-01-01")
    assert isinstance(err.value.row, int)


def test_dtek_missing_weekday_and_bad_time_zone(tmp_path: Path) -> None:
    day = {str(s): "yes" for s in range(1, 25)}
    p = tmp_path / "kyiv.json"
    p.write_text(json.dumps({"data": {"1.1": {str(d): day for d in range(1, 7)}}}))
    with pytest.raises(DataFormatError, match="no weekday 7"):
        read_dtek_schedule(p, start="2024-01-01", end="2024-01-01")
    zones = {str(s): f"{s - 1:02d}-{s:02d}" for s in range(1, 25)}
    zones["3"] = "02-04"
    p.write_text(
        json.dumps({"time_zone": zones, "data": {"1.1": {str(d): day for d in range(1, 8)}}})
    )
    with pytest.raises(DataFormatError, match="time_zone"):
        read_dtek_schedule(p, start="2024-01-01", end="2024-01-01")


def test_dtek_real_samples() -> None:
    kyiv = _real("dtek_blackout_schedules/kyiv.json")
    dnipro = _real("dtek_blackout_schedules/dnipro.json")
    obs = wi.read_source(
        "dtek_schedule", kyiv, dnipro, start="2024-12-16", end="2024-12-22", published="2024-12-16"
    )
    assert set(obs["region"]) == {"UA-30", "UA-12"}
    assert obs["queue"].nunique() == 12
    assert len(obs) == 2 * 2 * 12 * 7
    # independent count for queue 1.1 in Kyiv on Monday 2024-12-16 (weekday "1")
    slots = json.loads(kyiv.read_text())["data"]["1.1"]["1"]
    codes = list(slots.values())
    half = 0.5 * (codes.count("first") + codes.count("second")) + codes.count("no")
    sel = (obs["region"] == "UA-30") & (obs["queue"] == "1.1") & (obs["date"] == "2024-12-16")
    got = dict(zip(obs.loc[sel, "indicator"], obs.loc[sel, "value"], strict=True))
    assert got == {SCHED: half, POSS: float(codes.count("maybe"))}
    total = obs.groupby(["region", "queue", "date"])["value"].sum()
    assert (total <= 24).all()


# --- air-raid alerts -------------------------------------------------------------------------


def test_alerts_midnight_overlaps_and_zero_days() -> None:
    obs = wi.read_source("air_raid_alerts", FIX / "air_raid_alerts_jan.csv")
    assert _table(obs, HOURS, "region") == {
        ("UA-30", "2023-01-10"): 0.5,
        ("UA-30", "2023-01-11"): 1.0,
        ("UA-30", "2023-01-12"): 0.5,
        ("UA-63", "2023-01-10"): 3.0,
        ("UA-63", "2023-01-11"): 0.0,
        ("UA-63", "2023-01-12"): 0.0,
        ("UA-21", "2023-01-10"): 0.0,
        ("UA-21", "2023-01-11"): 0.0,
        ("UA-21", "2023-01-12"): 0.0,
    }
    assert _table(obs, COUNT, "region") == {
        ("UA-30", "2023-01-10"): 1.0,
        ("UA-30", "2023-01-11"): 0.0,
        ("UA-30", "2023-01-12"): 1.0,
        ("UA-63", "2023-01-10"): 3.0,
        ("UA-63", "2023-01-11"): 0.0,
        ("UA-63", "2023-01-12"): 0.0,
        ("UA-21", "2023-01-10"): 0.0,
        ("UA-21", "2023-01-11"): 0.0,
        ("UA-21", "2023-01-12"): 0.0,
    }
    # the last covered day is provisional (a live file ends during it), the others final
    last = obs["date"] == obs["date"].max()
    assert set(obs.loc[last, "status"]) == {"P"} and set(obs.loc[~last, "status"]) == {"A"}


def test_alerts_level_all_merges_local_alerts_into_oblast() -> None:
    obs = read_air_raid_alerts(FIX / "air_raid_alerts_jan.csv", level="all")
    hours = _table(obs, HOURS, "region")
    counts = _table(obs, COUNT, "region")
    assert hours[("UA-63", "2023-01-10")] == 4.5
    assert counts[("UA-63", "2023-01-10")] == 5.0
    assert hours[("UA-21", "2023-01-11")] == 0.5
    assert counts[("UA-21", "2023-01-11")] == 1.0
    with pytest.raises(ValidationError, match="level="):
        read_air_raid_alerts(FIX / "air_raid_alerts_jan.csv", level="raion")


def test_alerts_spring_dst_day_has_23_hours() -> None:
    obs = read_air_raid_alerts(FIX / "air_raid_alerts_dst_spring.csv")
    assert _table(obs, HOURS, "region") == {
        ("UA-30", "2023-03-25"): 1.0,
        ("UA-30", "2023-03-26"): 23.0,
        ("UA-30", "2023-03-27"): 2.5,
        ("UA-51", "2023-03-25"): 0.0,
        ("UA-51", "2023-03-26"): 1.0,
        ("UA-51", "2023-03-27"): 0.0,
    }
    counts = _table(obs, COUNT, "region")
    assert [counts[("UA-30", d)] for d in ("2023-03-25", "2023-03-26", "2023-03-27")] == [
        1.0,
        0.0,
        1.0,
    ]


def test_alerts_autumn_dst_day_has_25_hours_crlf() -> None:
    obs = read_air_raid_alerts(FIX / "air_raid_alerts_dst_autumn.csv")
    assert _table(obs, HOURS, "region") == {
        ("UA-46", "2023-10-28"): 1.0,
        ("UA-46", "2023-10-29"): 25.0,
        ("UA-46", "2023-10-30"): 1.5,
        # 03:30 (first) .. 03:45 (second occurrence) local time: 1 h 15 min
        ("UA-07", "2023-10-28"): 0.0,
        ("UA-07", "2023-10-29"): 1.25,
        ("UA-07", "2023-10-30"): 0.0,
    }


def test_alerts_ongoing_is_clipped_and_provisional() -> None:
    obs = read_air_raid_alerts(FIX / "air_raid_alerts_ongoing.csv", published="2023-02-02")
    h = obs[obs["indicator"] == HOURS].set_index("region")
    assert h.loc["UA-59", "value"] == 3.0 and h.loc["UA-59", "status"] == "P"
    # the file's only day is its last, provisional for every oblast and indicator
    assert h.loc["UA-53", "value"] == 2.0 and h.loc["UA-53", "status"] == "P"
    c = obs[obs["indicator"] == COUNT].set_index("region")
    assert c.loc["UA-59", "value"] == 1.0 and c.loc["UA-59", "status"] == "P"
    assert (obs["published"] == pd.Timestamp("2023-02-02")).all()


def test_alerts_last_day_is_final_once_a_later_day_is_covered(tmp_path: Path) -> None:
    later = tmp_path / "later.csv"
    later.write_text(
        (FIX / "air_raid_alerts_ongoing.csv").read_text()
        + "Poltavska oblast,,,oblast,2023-02-02 11:00:00+00:00,2023-02-02 12:00:00+00:00,"
        "official\n"
    )
    obs = read_air_raid_alerts(later)
    h = obs[(obs["indicator"] == HOURS) & (obs["date"] == "2023-02-01")].set_index("region")
    assert h.loc["UA-53", "status"] == "A"  # no longer the last day, nothing ongoing
    assert h.loc["UA-59", "status"] == "P"  # the ongoing alert is still provisional


def test_alerts_several_files_cover_only_their_days_and_dedupe() -> None:
    jan = FIX / "air_raid_alerts_jan.csv"
    obs = read_air_raid_alerts(jan, FIX / "air_raid_alerts_dst_spring.csv")
    days = sorted(str(d)[:10] for d in obs["date"].unique())
    assert days == [
        "2023-01-10",
        "2023-01-11",
        "2023-01-12",
        "2023-03-25",
        "2023-03-26",
        "2023-03-27",
    ]
    # UA-51 appears only in the March file: zeros on the January days too
    assert _table(obs, HOURS, "region")[("UA-51", "2023-01-10")] == 0.0
    once = read_air_raid_alerts(jan)
    with pytest.warns(RepeatedRecordsWarning, match="8 exact repeat") as caught:
        twice = read_air_raid_alerts(jan, jan)
    assert sum(w.message.count for w in caught if w.category is RepeatedRecordsWarning) == 8
    pd.testing.assert_frame_equal(once, twice)


@pytest.mark.parametrize(
    ("name", "row", "field"),
    [
        ("air_raid_alerts_backwards.csv", 3, "finished_at"),
        ("air_raid_alerts_bad_oblast.csv", 3, "oblast"),
    ],
)
def test_alerts_bad_rows(name: str, row: int, field: str) -> None:
    with pytest.raises(DataFormatError) as err:
        wi.read_source("air_raid_alerts", FIX / name)
    assert (err.value.row, err.value.field) == (row, field)


@pytest.mark.parametrize(
    ("cells", "field"),
    [
        ("Kyiv City,,,oblast,yesterday,2023-01-01 01:00:00+00:00,official", "started_at"),
        ("Kyiv City,,,oblast,,2023-01-01 01:00:00+00:00,official", "started_at"),
        ("Kyiv City,,,oblast,2023-01-01 00:00:00+00:00,soon,official", "finished_at"),
        ("Kyiv City,,,city,2023-01-01 00:00:00+00:00,2023-01-01 01:00:00+00:00,official", "level"),
    ],
)
def test_alerts_bad_cells(tmp_path: Path, cells: str, field: str) -> None:
    p = tmp_path / "a.csv"
    p.write_text(
        "oblast,raion,hromada,level,started_at,finished_at,source\n"
        "Kyiv City,,,oblast,2023-01-01 00:00:00+00:00,2023-01-01 00:10:00+00:00,x\n" + cells + "\n"
    )
    with pytest.raises(DataFormatError) as err:
        read_air_raid_alerts(p)
    assert (err.value.row, err.value.field) == (3, field)


def test_alerts_header_only_gives_no_rows(tmp_path: Path) -> None:
    p = tmp_path / "a.csv"
    p.write_text("oblast,raion,hromada,level,started_at,finished_at,source\n")
    obs = wi.read_source("air_raid_alerts", p)
    assert obs.empty


def test_alerts_real_sample() -> None:
    path = _real("air_raid_sirens/official_data_en_2023-01-31_2023-02.csv")
    obs = wi.read_source("air_raid_alerts", path)
    assert obs["region"].nunique() == 24
    assert obs["date"].min() == pd.Timestamp("2023-01-31")
    assert obs["date"].max() == pd.Timestamp("2023-02-28")
    rows = pd.read_csv(path, dtype=str, keep_default_na=False)
    counts = obs[obs["indicator"] == COUNT]
    assert counts["value"].sum() == (rows["level"] == "oblast").sum()
    hours = obs[obs["indicator"] == HOURS].set_index("date")
    assert hours["value"].max() <= 24
    last = obs["date"] == pd.Timestamp("2023-02-28")
    assert set(obs.loc[last, "status"]) == {"P"} and set(obs.loc[~last, "status"]) == {"A"}


def test_alerts_real_february_matches_the_shipped_monthly_figures() -> None:
    # known truth: the shipped reference hours and counts of February 2023 were computed
    # independently from the full official file (SOURCES.md section 5, CHECKS section 1.2)
    path = _real("air_raid_sirens/official_data_en_2023-01-31_2023-02.csv")
    obs = wi.read_source("air_raid_alerts", path)
    feb = obs[(obs["date"] >= "2023-02-01") & (obs["date"] <= "2023-02-28")]
    got = feb.groupby(["indicator", "region"])["value"].sum()
    ref = wi.load_frame(["outages.air_raid_alert_hours", "outages.air_raid_alerts"])
    ref = ref[ref["date"] == pd.Timestamp("2023-02-28")].set_index(["indicator", "region"])
    assert len(ref) == 48
    for (ind, region), row in ref.iterrows():
        tol = 0.051 if ind == HOURS else 0
        assert got[(ind, region)] == pytest.approx(row["value"], abs=tol), (ind, region)
    # alerts at any level, averaged over raions: equal where only oblast-wide alerts exist,
    # above them where hromada alerts are common (Nikopol, Dnipropetrovsk oblast)
    raion = got["outages.air_raid_alert_raion_hours"]
    whole = got[HOURS]
    assert (raion >= whole - 1e-9).all()
    assert raion["UA-30"] == pytest.approx(whole["UA-30"])
    assert raion["UA-12"] > 1.3 * whole["UA-12"]
    union = wi.read_source("air_raid_alerts", path, level="all")
    union = union[(union["indicator"] == HOURS) & (union["date"] >= "2023-02-01")]
    union_h = union.groupby("region")["value"].sum()
    assert raion["UA-12"] < union_h["UA-12"]  # the union counts Nikopol for the whole oblast


RAION = "outages.air_raid_alert_raion_hours"


def _alert_csv(tmp_path: Path, rows: list[tuple[str, str, str, str, str, str]]) -> Path:
    p = tmp_path / "alerts.csv"
    body = "oblast,raion,hromada,level,started_at,finished_at,source\n" + "".join(
        f"{o},{r},{h},{lv},{s}+00:00,{e}+00:00,official\n" for o, r, h, lv, s, e in rows
    )
    p.write_text(body)
    return p


def test_raion_hours_known_truth(tmp_path: Path) -> None:
    # Sumy oblast has 5 raions. On 2023-06-01 (Kyiv = UTC+3):
    # * oblast-wide alert 06:00-08:00 UTC (2 h for every raion)
    # * Shostkynskyi raion: 07:00-09:00 and 08:30-10:00 (merged with the oblast alert:
    #   06:00-10:00 = 4 h)
    # * a hromada of Sumskyi raion: 12:00-13:30 (2 + 1.5 = 3.5 h for that raion)
    # mean over 5 raions = (4 + 3.5 + 3 * 2) / 5 = 2.7 h
    p = _alert_csv(
        tmp_path,
        [
            ("Sumska oblast", "", "", "oblast", "2023-06-01 06:00:00", "2023-06-01 08:00:00"),
            (
                "Sumska oblast",
                "Shostkynskyi raion",
                "",
                "raion",
                "2023-06-01 07:00:00",
                "2023-06-01 09:00:00",
            ),
            (
                "Sumska oblast",
                "Shostkynskyi  Raion",
                "",
                "raion",
                "2023-06-01 08:30:00",
                "2023-06-01 10:00:00",
            ),
            (
                "Sumska oblast",
                "Sumskyi raion",
                "Khotinska hromada",
                "hromada",
                "2023-06-01 12:00:00",
                "2023-06-01 13:30:00",
            ),
            ("Sumska oblast", "", "", "oblast", "2023-06-02 06:00:00", "2023-06-02 06:30:00"),
        ],
    )
    obs = read_air_raid_alerts(p)
    got = _table(obs, RAION, "region")
    assert got[("UA-59", "2023-06-01")] == pytest.approx(2.7)
    assert _table(obs, HOURS, "region")[("UA-59", "2023-06-01")] == pytest.approx(2.0)
    union = _table(read_air_raid_alerts(p, level="all"), HOURS, "region")
    assert union[("UA-59", "2023-06-01")] == pytest.approx(5.5)  # 06-10 and 12-13:30
    # only oblast-wide alerts on the next day: the raion mean equals the oblast hours
    assert got[("UA-59", "2023-06-02")] == pytest.approx(0.5)


def test_raion_hours_do_not_saturate_like_the_union(tmp_path: Path) -> None:
    # a front-line hromada under alert all day, chained alerts: the union of the oblast is
    # 24 h, the raion mean 24 / 7 h (Dnipropetrovsk oblast has 7 raions)
    rows = [
        (
            "Dnipropetrovska oblast",
            "Nikopolskyi raion",
            "Nikopolska hromada",
            "hromada",
            f"2023-06-0{d} {h:02d}:00:00",
            f"2023-06-0{d + (h + 5) // 24} {(h + 5) % 24:02d}:00:00",
        )
        for d in (1, 2)
        for h in range(0, 24, 4)
    ]
    obs = read_air_raid_alerts(_alert_csv(tmp_path, rows))
    day = ("UA-12", "2023-06-02")  # a whole Kyiv-local day inside the chain
    assert _table(read_air_raid_alerts(_alert_csv(tmp_path, rows), level="all"), HOURS, "region")[
        day
    ] == pytest.approx(24.0)
    assert _table(obs, RAION, "region")[day] == pytest.approx(24.0 / 7)
    assert _table(obs, HOURS, "region")[day] == 0.0


def test_raion_hours_refuse_more_raions_than_the_oblast_has(tmp_path: Path) -> None:
    rows = [
        (
            "Chernivetska oblast",
            f"Raion {k}",
            "",
            "raion",
            "2023-06-01 06:00:00",
            "2023-06-01 07:00:00",
        )
        for k in range(4)  # Chernivtsi oblast has 3 raions
    ]
    with pytest.raises(DataFormatError, match="4 different raions.*UA-77, which has 3"):
        read_air_raid_alerts(_alert_csv(tmp_path, rows))


def test_alert_log_without_place_columns_is_oblast_wide(tmp_path: Path) -> None:
    p = tmp_path / "a.csv"
    p.write_text(
        "oblast,started_at,finished_at\n"
        "Sumska oblast,2023-06-01 06:00:00+00:00,2023-06-01 08:00:00+00:00\n"
    )
    obs = read_air_raid_alerts(p)
    assert _table(obs, HOURS, "region")[("UA-59", "2023-06-01")] == 2.0
    # raion/hromada columns without a level: refused, naming the missing column
    p.write_text(
        "oblast,raion,started_at,finished_at\n"
        "Sumska oblast,,2023-06-01 06:00:00+00:00,2023-06-01 08:00:00+00:00\n"
    )
    with pytest.raises(DataFormatError, match="missing column 'level'"):
        read_air_raid_alerts(p)
