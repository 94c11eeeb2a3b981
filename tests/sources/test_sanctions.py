"""OFAC SDN reader: Russia-related entry counts per legacy ``sdn.csv`` snapshot."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import warindicators as wi
from warindicators.errors import DataFormatError
from warindicators.repeats import RepeatedRecordsWarning
from warindicators.sources.sanctions import count_russia_entries, read_ofac_sdn

FIX = Path(__file__).parent / "fixtures" / "sanctions"
# real samples kept in the repository (licence and attribution beside each)
REAL = Path(__file__).parent / "fixtures" / "real" / "sanctions"
EO = "sanctions.ofac_russia_eo14024_entries"
REL = "sanctions.ofac_russia_related_entries"

# Fixture truth (hand-counted): sdn_2022-03-07.csv has 8 rows, of which exactly
# RUSSIA-EO14024: 3 (alone, after UKRAINE-EO13660, before UKRAINE-EO13662); related: 7
# (all but the SDGT row; BPI-RUSSIA-EO14024, CAATSA - RUSSIA and RUSSIA-EO14065 count).
# sdn_20221208.csv holds its first 4 rows: EO14024 2, related 4.


def values(obs: pd.DataFrame) -> dict[tuple[str, str], float]:
    return {(r.indicator, f"{r.date:%Y-%m-%d}"): r.value for r in obs.itertuples()}


def test_counts_per_snapshot_and_dates_from_names() -> None:
    obs = wi.read_source("ofac_sdn", FIX / "sdn_2022-03-07.csv", FIX / "sdn_20221208.csv")
    assert values(obs) == {
        (EO, "2022-03-07"): 3.0,
        (EO, "2022-12-08"): 2.0,
        (REL, "2022-03-07"): 7.0,
        (REL, "2022-12-08"): 4.0,
    }
    assert set(obs.region) == {"RU"}
    assert (obs.published == obs.date).all()


def test_published_option_overrides_name(tmp_path: Path) -> None:
    p = tmp_path / "sdn.csv"
    p.write_bytes((FIX / "sdn_2022-03-07.csv").read_bytes())
    with pytest.raises(DataFormatError, match="published="):
        read_ofac_sdn(p)
    obs = read_ofac_sdn(p, published="2023-01-31")
    assert set(obs.date) == {pd.Timestamp("2023-01-31")}
    assert set(obs.published) == {pd.Timestamp("2023-01-31")}


def test_program_matching_is_exact() -> None:
    assert count_russia_entries([["BPI-RUSSIA-EO14024"]]) == (0, 1)
    assert count_russia_entries([["RUSSIA-EO14024X"]]) == (0, 1)
    assert count_russia_entries([["UKRAINE-EO13662", "SDGT"], ["IRAN"], []]) == (0, 1)
    assert count_russia_entries([["CYBER2", "RUSSIA-EO14024"]]) == (1, 1)


def test_latin1_and_missing_eof_marker(tmp_path: Path) -> None:
    raw = (FIX / "sdn_2022-03-07.csv").read_bytes()
    assert b"\xdc" in raw  # Latin-1 U-umlaut in a name
    p = tmp_path / "sdn_2022-03-07.csv"
    p.write_bytes(raw[:-1])  # without the Ctrl-Z line
    with pytest.raises(DataFormatError, match="Ctrl-Z") as err:
        read_ofac_sdn(p)
    assert err.value.row == "line 9"
    obs = read_ofac_sdn(p, require_eof_marker=False)
    assert values(obs)[(EO, "2022-03-07")] == 3.0
    p.write_bytes(raw.replace(b"\r\n", b"\n"))  # LF endings are accepted
    assert values(read_ofac_sdn(p))[(REL, "2022-03-07")] == 7.0


def _corrupt(raw: bytes, kind: str) -> bytes:
    lines = raw.split(b"\r\n")
    if kind == "empty":
        return b""
    if kind == "only_eof":
        return b"\x1a"
    if kind == "header_only":
        return b"ent_num,SDN_Name,SDN_Type,Program,Title,Call_Sign,Vess_type,Tonnage,GRT,\r\n"
    if kind == "header":
        head = b"ent_num,SDN_Name,SDN_Type,Program,Title,Call_Sign,Vess_type,Tonnage,GRT,"
        return head + b"Vess_flag,Vess_owner,Remarks\r\n" + raw
    if kind == "short_row":
        lines[2] = lines[2][: lines[2].index(b",-0- ")]
        return b"\r\n".join(lines)
    if kind == "unterminated":
        return raw[: raw.index(b"Nationality")] + b"\r\n\x1a"
    if kind == "truncated":
        return raw[: len(raw) // 2]
    if kind == "utf16":
        return raw.decode("latin-1").encode("utf-16")
    if kind == "eof_inside":
        return b"\r\n".join([*lines[:3], b"\x1a", *lines[3:]])
    raise AssertionError(kind)


@pytest.mark.parametrize(
    ("kind", "match", "row"),
    [
        ("empty", "0 bytes", None),
        ("only_eof", "no entries", None),
        ("header_only", "column", "line 1"),
        ("header", "header row", "line 1"),
        ("short_row", "expected 12", "line 3"),
        ("unterminated", "unterminated quote", "line 3"),
        ("truncated", None, None),
        ("utf16", "UTF-16", "line 1"),
        ("eof_inside", "Ctrl-Z", "line 4"),
    ],
)
def test_malformed_snapshots(tmp_path: Path, kind: str, match: str | None, row: str | None) -> None:
    p = tmp_path / "sdn_2022-03-07.csv"
    p.write_bytes(_corrupt((FIX / "sdn_2022-03-07.csv").read_bytes(), kind))
    with pytest.raises(DataFormatError, match=match) as err:
        read_ofac_sdn(p)
    assert str(p) in str(err.value)
    if row is not None:
        assert err.value.row == row


def test_same_date_twice(tmp_path: Path) -> None:
    p = tmp_path / "copy_2022-03-07.csv"
    raw = (FIX / "sdn_2022-03-07.csv").read_bytes()
    p.write_bytes(raw)
    # the same snapshot twice (e.g. two downloads of one publication): collapsed, warned
    with pytest.warns(RepeatedRecordsWarning, match="exact repeat"):
        twice = read_ofac_sdn(FIX / "sdn_2022-03-07.csv", p)
    pd.testing.assert_frame_equal(twice, read_ofac_sdn(FIX / "sdn_2022-03-07.csv"))
    # two different snapshots claiming one date: refused, naming both files
    first_line = raw.split(b"\r\n")[0]
    p.write_bytes(raw.replace(first_line + b"\r\n", b"", 1))
    with pytest.raises(DataFormatError, match=r"appears twice.*copy_2022-03-07.csv"):
        read_ofac_sdn(FIX / "sdn_2022-03-07.csv", p)


def test_repeated_entry_in_one_snapshot(tmp_path: Path) -> None:
    raw = (FIX / "sdn_2022-03-07.csv").read_bytes()
    lines = raw.split(b"\r\n")
    p = tmp_path / "sdn_2022-03-07.csv"
    p.write_bytes(b"\r\n".join([lines[0], *lines]))  # the first entry twice
    with pytest.warns(RepeatedRecordsWarning, match="1 exact repeat.*entry"):
        again = read_ofac_sdn(p)
    pd.testing.assert_frame_equal(again, read_ofac_sdn(FIX / "sdn_2022-03-07.csv"))
    other = lines[0].replace(b'"', b'"X', 1)  # same ent_num, another name
    p.write_bytes(b"\r\n".join([lines[0], other, *lines[1:]]))
    with pytest.raises(DataFormatError, match=r"ent_num='\d+' appears twice, at row 1 and row 2"):
        read_ofac_sdn(p)


def test_real_snapshots() -> None:
    files = sorted((REAL / "ofac_sdn_russia").glob("sdn_*.csv"))
    assert len(files) == 1
    obs = wi.read_source("ofac_sdn", *files)
    got = values(obs)
    assert got[(EO, "2022-03-07")] == 215  # the documented count of that snapshot
    # the samples keep only Russia-related rows: every row counts as related
    for f in files:
        date = f.stem.rsplit("_", 1)[1]
        n_rows = f.read_bytes().count(b"\r\n")
        assert got[(REL, date)] == n_rows


def test_live_file_quirks_of_the_legacy_list(tmp_path: Path) -> None:
    """The legacy sdn.csv has no header: its columns are positional, so a column added by
    the publisher is a different format and is refused; a UTF-8 byte-order mark and LF line
    ends read as if absent."""
    raw = (FIX / "sdn_2022-03-07.csv").read_bytes()
    ref = read_ofac_sdn(FIX / "sdn_2022-03-07.csv")
    p = tmp_path / "sdn_2022-03-07.csv"
    p.write_bytes(b"\xef\xbb\xbf" + raw.replace(b"\r\n", b"\n"))
    pd.testing.assert_frame_equal(read_ofac_sdn(p), ref)
    lines = raw.split(b"\r\n")
    wider = [ln + b',"added"' if ln and ln != b"\x1a" else ln for ln in lines]
    p.write_bytes(b"\r\n".join(wider))
    with pytest.raises(DataFormatError, match=r"13 column\(s\); expected 12") as err:
        read_ofac_sdn(p)
    assert err.value.row == "line 1"
