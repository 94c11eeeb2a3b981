"""Changepoint detection metrics of the TCPD benchmark (van den Burg & Williams, 2020).

Both metrics compare predicted changepoints with the annotations of several annotators,
given as a dict ``annotator -> list of positions``. Positions follow the convention of
:attr:`~warindicators.analysis.changepoints.ChangepointResult.indices`: a changepoint at
``t`` starts a new segment at observation ``t``. As in the benchmark, predictions are
first deduplicated and restricted to ``1 <= t <= n_obs - 2`` (:func:`clean_predictions`).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np

from ..errors import ValidationError

__all__ = ["clean_predictions", "covering", "f1_score", "precision_recall"]


def _check(annotations: Mapping[Any, Iterable[int]], n_obs: int) -> None:
    if not isinstance(annotations, Mapping) or not annotations:
        raise ValidationError(
            "annotations: expected a non-empty dict mapping annotator -> list of positions"
        )
    if isinstance(n_obs, bool) or not isinstance(n_obs, int | np.integer) or n_obs < 1:
        raise ValidationError(f"n_obs: expected a positive integer; got {n_obs!r}")


def clean_predictions(predictions: Iterable[int], n_obs: int) -> list[int]:
    """Sorted unique predictions with ``1 <= t <= n_obs - 2`` (the benchmark's cleanup).

    Examples
    --------
    >>> clean_predictions([0, 5, 5, 9, 3], n_obs=10)
    [3, 5]
    """
    return sorted({int(t) for t in predictions if 1 <= int(t) <= n_obs - 2})


def _true_positives(truth: set[int], pred: set[int], margin: int) -> set[int]:
    """Annotated points matched, each to the closest unused prediction within margin."""
    available = set(pred)
    matched: set[int] = set()
    for tau in sorted(truth):
        close = sorted((abs(tau - x), x) for x in available if abs(tau - x) <= margin)
        if not close:
            continue
        matched.add(tau)
        available.remove(close[0][1])
    return matched


def precision_recall(
    annotations: Mapping[Any, Iterable[int]],
    predictions: Iterable[int],
    n_obs: int,
    margin: int = 5,
) -> tuple[float, float]:
    """Precision and recall of the benchmark's F1 (0 added to every set).

    Precision counts the points of the union of all annotations matched by a prediction
    over the number of predictions; recall averages, over annotators, the share of each
    annotator's points that are matched.

    Examples
    --------
    >>> precision_recall({"a": [10], "b": []}, [11, 30], n_obs=50)
    (0.6666666666666666, 1.0)
    """
    _check(annotations, n_obs)
    pred = set(clean_predictions(predictions, n_obs)) | {0}
    sets = [set(int(t) for t in v) | {0} for v in annotations.values()]
    union = set().union(*sets)
    precision = len(_true_positives(union, pred, margin)) / len(pred)
    recall = float(np.mean([len(_true_positives(s, pred, margin)) / len(s) for s in sets]))
    return precision, recall


def f1_score(
    annotations: Mapping[Any, Iterable[int]],
    predictions: Iterable[int],
    n_obs: int,
    margin: int = 5,
) -> float:
    """F1 with margin of the TCPD benchmark: harmonic mean of :func:`precision_recall`.

    Parameters
    ----------
    annotations
        ``annotator -> positions`` of annotated changepoints.
    predictions
        Predicted changepoint positions.
    n_obs
        Length of the series.
    margin
        Largest distance at which a prediction matches an annotation.

    Examples
    --------
    >>> f1_score({"a": [10], "b": []}, [11, 30], n_obs=50)
    0.8
    >>> f1_score({"a": [10]}, [], n_obs=50)
    0.6666666666666666
    """
    p, r = precision_recall(annotations, predictions, n_obs, margin)
    return 0.0 if p + r == 0 else 2 * p * r / (p + r)


def _partition(cps: Iterable[int], n_obs: int) -> np.ndarray:
    """Segment edges ``[0, c1, ..., n_obs]`` of the changepoints within ``1..n_obs-1``."""
    inner = sorted({int(c) for c in cps if 0 < int(c) < n_obs})
    return np.array([0, *inner, n_obs], dtype=np.int64)


def _cover(truth: np.ndarray, pred: np.ndarray, n_obs: int) -> float:
    total = 0.0
    for a0, a1 in itertools.pairwise(truth):
        best = 0.0
        for b0, b1 in itertools.pairwise(pred):
            inter = min(a1, b1) - max(a0, b0)
            if inter > 0:
                best = max(best, inter / (max(a1, b1) - min(a0, b0)))
        total += (a1 - a0) * best
    return total / n_obs


def covering(
    annotations: Mapping[Any, Iterable[int]], predictions: Iterable[int], n_obs: int
) -> float:
    """Segmentation covering of the TCPD benchmark, averaged over annotators.

    For each annotator's segmentation ``A``: ``sum(|a| * max_p J(a, p)) / n_obs`` over
    its segments ``a``, with ``J`` the Jaccard index against the predicted segments
    ``p`` (Arbeláez et al., 2010).

    Examples
    --------
    >>> covering({"a": [50]}, [], n_obs=100)
    0.5
    >>> round(covering({"a": [50], "b": [40]}, [50], n_obs=100), 6)
    0.91
    """
    _check(annotations, n_obs)
    pred = _partition(clean_predictions(predictions, n_obs), n_obs)
    scores = [_cover(_partition(v, n_obs), pred, n_obs) for v in annotations.values()]
    return float(np.mean(scores))
