"""The repeated-records rule on its own: exact repeats collapse, conflicts name both rows."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from warindicators.errors import DataFormatError
from warindicators.repeats import RepeatedRecordsWarning, collapse_repeated


def test_conflicting_rows_with_a_missing_key_name_both_rows() -> None:
    t = pd.DataFrame({"date": [np.nan, "2024-01-02", np.nan], "area": ["1", "3", "2"]})
    with pytest.raises(DataFormatError, match=r"row 2 and row 4") as err:
        collapse_repeated(t, ["date"], path="a.csv", what="day")
    assert err.value.row == 4 and "'1' (row 2) vs '2' (row 4)" in str(err.value)


def test_exact_repeats_with_a_missing_key_collapse() -> None:
    t = pd.DataFrame({"date": [np.nan, np.nan], "area": ["1", "1"]})
    with pytest.warns(RepeatedRecordsWarning, match="1 exact repeat"):
        out = collapse_repeated(t, ["date"], path="a.csv")
    assert len(out) == 1 and out["date"].isna().all() and out["area"].tolist() == ["1"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 5), st.integers(0, 2)), min_size=1, max_size=25))
def test_rule_against_a_count_by_hand(rows: list[tuple[int, int]]) -> None:
    t = pd.DataFrame(rows, columns=["day", "value"])
    values: dict[int, set[int]] = {}
    for day, value in rows:
        values.setdefault(day, set()).add(value)
    if any(len(v) > 1 for v in values.values()):
        with pytest.raises(DataFormatError, match="appears twice"):
            collapse_repeated(t, ["day"], path="a.csv")
        return
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = collapse_repeated(t, ["day"], path="a.csv")
    first_seen = list(dict.fromkeys(day for day, _ in rows))
    assert out["day"].tolist() == first_seen
    dropped = len(rows) - len(first_seen)
    counts = [w.message.count for w in caught if isinstance(w.message, RepeatedRecordsWarning)]
    assert counts == ([dropped] if dropped else [])
