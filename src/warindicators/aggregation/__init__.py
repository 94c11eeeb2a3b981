"""One rule for combining observations of one indicator over regions, extra dimensions and
publishers, driven by the indicator's ``measure``.

* Flows, counts, stocks and cumulative totals may be **summed** over parts that make up a
  whole: disjoint regions (an oblast is not added to the country that contains it; a group
  such as ``EU`` is not added to one of its members), or the values of an extra dimension
  such as ``partner``. The result is labelled with what was summed. A date where any part
  lacks a value has no total: a sum over part of the whole would read as a fall.
* Shares and rates are **never summed**. They are shown per region, or combined as a mean
  weighted by a denominator the caller declares (``weights``).
* Estimates by different publishers are **never added**: values of a ``publisher`` (or
  ``source``) dimension, or several ``source`` values for the same date, region and
  dimension values, are shown side by side (:attr:`Total.by_part`) or as a range
  (:attr:`Total.low` = smallest, :attr:`Total.high` = largest). Summing ``estimate`` or
  ``approx`` values that come from different sources is refused as well.
* Where no total can be formed, :func:`total` says why (:attr:`Total.reason`) and returns no
  number.

:meth:`IndicatorSeries.from_frame <warindicators.IndicatorSeries.from_frame>`,
:func:`warindicators.panel` and the reports all combine through :func:`total`.
"""

from __future__ import annotations

from .parts import PUBLISHER_DIMS, SUMMABLE_MEASURES, can_sum, drop_covered
from .result import Total, TotalKind
from .total import total

__all__ = [
    "PUBLISHER_DIMS",
    "SUMMABLE_MEASURES",
    "Total",
    "TotalKind",
    "can_sum",
    "drop_covered",
    "total",
]
