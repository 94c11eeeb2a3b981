"""TCPD metrics on hand-worked examples and against a set-based reading of the definition."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from warindicators.analysis.metrics import (
    clean_predictions,
    covering,
    f1_score,
    precision_recall,
)
from warindicators.errors import ValidationError


def test_f1_hand_worked() -> None:
    # predictions {0, 12, 51, 80}; union of annotations {0, 10, 50, 52}:
    # 0-0, 10-12, 50-51 matched, 52 finds 51 already used -> P = 3/4.
    # annotator a {0, 10, 50}: 3/3; annotator b {0, 52}: 0-0, 52-51 -> 2/2; R = 1.
    ann = {"a": [10, 50], "b": [52]}
    p, r = precision_recall(ann, [12, 51, 80], n_obs=100)
    assert p == pytest.approx(0.75)
    assert r == pytest.approx(1.0)
    assert f1_score(ann, [12, 51, 80], n_obs=100) == pytest.approx(2 * 0.75 / 1.75)


def test_one_prediction_matches_one_annotation_only() -> None:
    # {0, 11} vs {0, 10, 12}: 11 can only serve 10 -> P = 2/2, R = 2/3, F1 = 0.8
    assert f1_score({"a": [10, 12]}, [11], n_obs=50) == pytest.approx(0.8)


def test_margin_is_inclusive() -> None:
    assert precision_recall({"a": [20]}, [25], n_obs=50) == (1.0, 1.0)
    assert precision_recall({"a": [20]}, [26], n_obs=50) == (0.5, 0.5)


def test_empty_prediction_and_empty_annotation() -> None:
    assert f1_score({"a": []}, [], n_obs=30) == 1.0
    # {0} vs {0, 10}: P = 1, R = 1/2
    assert f1_score({"a": [10]}, [], n_obs=30) == pytest.approx(2 / 3)


def test_clean_predictions() -> None:
    assert clean_predictions([0, 49, 25, 25, 48], n_obs=50) == [25, 48]
    assert f1_score({"a": [25]}, [0, 25, 25, 49], n_obs=50) == 1.0


def test_covering_hand_worked() -> None:
    # A: [0,30) [30,100); P: [0,40) [40,100)
    # 30 * 30/40 + 70 * 60/70 = 22.5 + 60 -> 0.825
    assert covering({"a": [30]}, [40], n_obs=100) == pytest.approx(0.825)
    assert covering({"a": []}, [], n_obs=10) == 1.0
    assert covering({"a": [50]}, [], n_obs=100) == pytest.approx(0.5)
    # average over annotators
    assert covering({"a": [30], "b": [40]}, [40], n_obs=100) == pytest.approx((0.825 + 1) / 2)


def _covering_sets(ann: dict[str, list[int]], pred: list[int], n: int) -> float:
    """Literal set-based reading of the benchmark's definition."""

    def partition(cps: list[int]) -> list[set[int]]:
        edges = [0, *sorted({c for c in cps if 0 < c < n}), n]
        return [set(range(a, b)) for a, b in itertools.pairwise(edges)]

    P = partition(clean_predictions(pred, n))
    scores = []
    for cps in ann.values():
        total = 0.0
        for a in partition(cps):
            total += len(a) * max(len(a & p) / len(a | p) for p in P)
        scores.append(total / n)
    return float(np.mean(scores))


@settings(max_examples=60, deadline=None)
@given(
    n=st.integers(5, 60),
    data=st.data(),
)
def test_covering_matches_set_definition(n: int, data: st.DataObject) -> None:
    cps = st.lists(st.integers(0, n - 1), max_size=6)
    ann = {str(k): data.draw(cps) for k in range(data.draw(st.integers(1, 4)))}
    pred = data.draw(cps)
    assert covering(ann, pred, n) == pytest.approx(_covering_sets(ann, pred, n))
    assert 0.0 <= covering(ann, pred, n) <= 1.0


@settings(max_examples=60, deadline=None)
@given(n=st.integers(10, 80), data=st.data())
def test_f1_bounds_and_perfect_prediction(n: int, data: st.DataObject) -> None:
    truth = sorted(set(data.draw(st.lists(st.integers(1, n - 2), max_size=5))))
    assert f1_score({"a": truth}, truth, n) == 1.0
    pred = data.draw(st.lists(st.integers(0, n - 1), max_size=8))
    assert 0.0 < f1_score({"a": truth, "b": []}, pred, n) <= 1.0


def test_bad_arguments() -> None:
    with pytest.raises(ValidationError, match="annotations"):
        f1_score({}, [1], n_obs=10)
    with pytest.raises(ValidationError, match="n_obs"):
        covering({"a": [1]}, [1], n_obs=0)
