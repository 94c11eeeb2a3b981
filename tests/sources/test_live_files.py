"""Producers' files as they are published: one decision per quirk, one test per decision.

| quirk | decision |
|---|---|
| UTF-8 byte-order mark, CRLF line ends | read as if absent |
| a column added (at the end or anywhere) | ignored; columns are found by name |
| columns in another order | read by name, same observations |
| a record published twice, identically | collapsed to one, RepeatedRecordsWarning (counted) |
| a record twice with different values | DataFormatError naming both rows and the values |
| a trailing partial day (empty cells) | empty cells are missing: no observation, not 0 |
| a file a few rows shorter than before | read as it is; the store keeps the rows it lacks |

The legacy OFAC sdn.csv has no header, so its columns are positional: a 13th column is
refused (a different format), see test_sanctions.
"""

from __future__ import annotations

import csv
import io
import json
import warnings
from pathlib import Path

import pandas as pd
import pytest

import warindicators as wi
from warindicators.errors import DataFormatError
from warindicators.repeats import RepeatedRecordsWarning

FIX = Path(__file__).parent / "fixtures"

#: reader, fixture, (column, new value) making the first data row disagree with itself
CSV_CASES = {
    "economist_isw_area": (
        FIX / "territory" / "isw_area_small.csv",
        ("area_assessed_as_russia_controlled", "43600000000.0"),
    ),
    "economist_soldier_estimates": (
        FIX / "casualties" / "soldier_estimates_small.csv",
        ("estimate", "383001"),
    ),
    "crea_fossil_revenue": (
        FIX / "energy" / "price_cap_ts_small.csv",
        ("Without price cap", "1.25"),
    ),
    "crea_gas_imports": (FIX / "energy" / "europe_imports_small.csv", ("value_m3", "1.0")),
    "air_raid_alerts": (
        FIX / "outages" / "air_raid_alerts_jan.csv",
        ("finished_at", "2023-01-10 23:59:00+00:00"),
    ),
}


def _rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def _write(path: Path, rows: list[list[str]], *, newline: str = "\n", bom: bool = False) -> Path:
    buf = io.StringIO()
    csv.writer(buf, lineterminator=newline).writerows(rows)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + buf.getvalue().encode("utf-8"))
    return path


def _read(source: str, path: Path) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("error", RepeatedRecordsWarning)  # none expected here
        obs = wi.read_source(source, path)
    return _canon(obs)


def _canon(obs: pd.DataFrame) -> pd.DataFrame:
    keys = [c for c in obs.columns if c not in ("value", "low", "high", "qualifier", "status")]
    return obs.sort_values(keys, kind="stable").reset_index(drop=True)


@pytest.mark.parametrize("source", sorted(CSV_CASES))
def test_bom_and_crlf_read_as_if_absent(source: str, tmp_path: Path) -> None:
    base, _ = CSV_CASES[source]
    p = _write(tmp_path / base.name, _rows(base), newline="\r\n", bom=True)
    pd.testing.assert_frame_equal(_read(source, p), _read(source, base))


@pytest.mark.parametrize("source", sorted(CSV_CASES))
def test_column_added_at_the_end_is_ignored(source: str, tmp_path: Path) -> None:
    base, _ = CSV_CASES[source]
    rows = [[*r, "new" if i == 0 else f"x{i}"] for i, r in enumerate(_rows(base)) if r]
    p = _write(tmp_path / base.name, [[*rows[0][:-1], "added_by_producer"], *rows[1:]])
    pd.testing.assert_frame_equal(_read(source, p), _read(source, base))


@pytest.mark.parametrize("source", sorted(CSV_CASES))
def test_reordered_columns_give_the_same_observations(source: str, tmp_path: Path) -> None:
    base, _ = CSV_CASES[source]
    rows = [r[::-1] for r in _rows(base) if r]
    p = _write(tmp_path / base.name, rows)
    pd.testing.assert_frame_equal(_read(source, p), _read(source, base))


@pytest.mark.parametrize("source", sorted(CSV_CASES))
def test_exact_repeat_collapses_with_a_warning(source: str, tmp_path: Path) -> None:
    base, _ = CSV_CASES[source]
    rows = [r for r in _rows(base) if r]
    p = _write(tmp_path / base.name, [*rows, rows[1]])
    with pytest.warns(RepeatedRecordsWarning, match="1 exact repeat") as caught:
        obs = wi.read_source(source, p)
    assert [w.message.count for w in caught if w.category is RepeatedRecordsWarning] == [1]
    pd.testing.assert_frame_equal(_canon(obs), _read(source, base))


@pytest.mark.parametrize("source", sorted(CSV_CASES))
def test_disagreeing_repeat_names_both_rows_and_values(source: str, tmp_path: Path) -> None:
    base, (column, value) = CSV_CASES[source]
    rows = [r for r in _rows(base) if r]
    j = rows[0].index(column)
    other = list(rows[1])
    old = other[j]
    other[j] = value
    p = _write(tmp_path / base.name, [*rows, other])
    with pytest.raises(DataFormatError, match="appears twice") as err:
        wi.read_source(source, p)
    msg = str(err.value)
    assert "row 2" in msg and f"row {len(rows) + 1}" in msg
    assert err.value.path == str(p)
    shown = old.strip() if source != "air_raid_alerts" else old[:16]
    assert shown[:6] in msg  # the first row's value is quoted beside the second one's


def test_isw_trailing_partial_day_is_missing_not_zero(tmp_path: Path) -> None:
    base, _ = CSV_CASES["economist_isw_area"]
    rows = [r for r in _rows(base) if r]
    partial = [rows[-1][0][:8] + "28", "", "", "", "", ""]  # the day exists, no figures yet
    last = pd.Timestamp(rows[-1][0])
    partial[0] = f"{last + pd.Timedelta(days=1):%Y-%m-%d}"
    p = _write(tmp_path / base.name, [*rows, partial])
    obs = _read("economist_isw_area", p)
    assert obs["date"].max() == last
    pd.testing.assert_frame_equal(obs, _read("economist_isw_area", base))


def test_isw_shorter_file_reads_and_the_store_keeps_what_it_lacks(tmp_path: Path) -> None:
    base, _ = CSV_CASES["economist_isw_area"]
    rows = [r for r in _rows(base) if r]
    short = _write(tmp_path / "short.csv", rows[:-3])
    store = wi.Store(tmp_path / "data")
    first = store.ingest("economist_isw_area", base, published="2024-01-01")
    second = store.ingest("economist_isw_area", short, published="2024-02-01")
    assert second.n_new == 0 and second.n_revised == 0
    assert second.n_absent == 3 * 3  # 3 days x (area, share, change)
    assert "not in this input (kept)" in second.summary()
    # nothing was deleted: the latest vintage still has every day of the longer file
    kept = wi.load("territory.area_occupied_km2", data_dir=tmp_path / "data").to_pandas()
    assert kept.index.max() == pd.Timestamp(rows[-1][0])
    assert first.n_new == len(wi.read_source("economist_isw_area", base))


def test_losses_bom_new_category_and_repeated_record(tmp_path: Path) -> None:
    base = FIX / "casualties" / "russia_losses_equipment_small.json"
    records = json.loads(base.read_text())
    ref = wi.read_source("general_staff_losses", base)
    p = tmp_path / "russia_losses_equipment.json"
    p.write_bytes(b"\xef\xbb\xbf" + json.dumps(records, indent=4).replace("\n", "\r\n").encode())
    pd.testing.assert_frame_equal(wi.read_source("general_staff_losses", p), ref)
    # a category added by the producer becomes its own series
    grown = [{**r, "laser weapons": i} for i, r in enumerate(records)]
    p.write_text(json.dumps(grown))
    obs = wi.read_source("general_staff_losses", p)
    assert "casualties.ru_equipment_claimed.laser_weapons" in set(obs["indicator"])
    # a record repeated: exact -> collapsed and counted; different -> refused
    p.write_text(json.dumps([*records, records[0]]))
    with pytest.warns(RepeatedRecordsWarning, match="exact repeat"):
        again = wi.read_source("general_staff_losses", p)
    pd.testing.assert_frame_equal(again, ref)
    p.write_text(json.dumps([*records, {**records[0], "tank": records[0]["tank"] + 5}]))
    with pytest.raises(DataFormatError, match=r"'tank'.*appears twice, at record 1 and record"):
        wi.read_source("general_staff_losses", p)


def _with_repeated_queue(doc: dict, queue: str, first: object) -> str:
    """The document's text with ``data[queue]`` written twice: ``first``, then the original."""
    rest = {k: v for k, v in doc.items() if k != "data"}
    parts = []
    for q, v in doc["data"].items():
        if q == queue:
            parts.append(f"{json.dumps(q)}: {json.dumps(first)}")
        parts.append(f"{json.dumps(q)}: {json.dumps(v)}")
    data = ", ".join(parts)
    return json.dumps(rest)[:-1] + f', "data": {{{data}}}}}'


def test_dtek_repeated_keys(tmp_path: Path) -> None:
    base = FIX / "outages" / "kyiv.json"
    doc = json.loads(base.read_text())
    p = tmp_path / "kyiv.json"
    kw = {"start": "2024-12-16", "end": "2024-12-17"}
    ref = wi.read_source("dtek_schedule", base, **kw)
    queue, body = next(iter(doc["data"].items()))
    # the first queue written twice, identically: collapsed with a warning
    p.write_text(_with_repeated_queue(doc, queue, body))
    with pytest.warns(RepeatedRecordsWarning, match="JSON key"):
        pd.testing.assert_frame_equal(wi.read_source("dtek_schedule", p, **kw), ref)
    # ... and with another status in one slot: refused, naming the key
    changed = json.loads(json.dumps(body))
    day = next(iter(changed))
    slot = next(iter(changed[day]))
    changed[day][slot] = "no" if changed[day][slot] != "no" else "yes"
    p.write_text(_with_repeated_queue(doc, queue, changed))
    with pytest.raises(DataFormatError, match=f"key '{queue}' appears twice"):
        wi.read_source("dtek_schedule", p, **kw)


def test_ingest_summary_counts_collapsed_repeats(tmp_path: Path) -> None:
    base, _ = CSV_CASES["economist_isw_area"]
    rows = [r for r in _rows(base) if r]
    p = _write(tmp_path / "area.csv", [*rows, rows[1], rows[2]])
    with pytest.warns(RepeatedRecordsWarning):
        result = wi.Store(tmp_path / "data").ingest("economist_isw_area", p)
    assert result.n_repeated == 2
    assert "2 repeated records collapsed" in result.summary()
    assert result.latest == pd.Timestamp(rows[-1][0])
