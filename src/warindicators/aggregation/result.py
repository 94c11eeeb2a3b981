"""The result object of :func:`warindicators.total`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import pandas as pd

from ..errors import ValidationError

__all__ = ["Total", "TotalKind"]

TotalKind = Literal["single", "sum", "weighted_mean", "range", "none"]


@dataclass(frozen=True, eq=False)
class Total:
    """Values of one indicator combined over regions, dimensions or publishers.

    Attributes
    ----------
    values
        The combined values indexed by ``date``, or ``None`` when no total can be formed
        (then :attr:`reason` says why).
    low, high
        Lower and upper bounds indexed by ``date`` (summed bounds of the parts, or the
        range over publishers), or ``None``.
    label
        What the values are: ``"UA"``, ``"sum of 3 regions (UA-32, UA-46, UA-63)"``,
        ``"range of 2 publishers (A, B)"``... Labels list at most eight parts; all of them
        are in :attr:`parts`.
    reason
        ``None``, or why no total was formed.
    parts
        The region/dimension values (or publishers) combined, sorted.
    indicator
        Indicator id.
    kind
        ``"single"`` (one part, nothing combined), ``"sum"``, ``"weighted_mean"``,
        ``"range"`` (publishers side by side: :attr:`low`/:attr:`high` hold the range,
        :attr:`values` is ``None``) or ``"none"``.
    by_part
        The parts side by side: a DataFrame indexed by ``date``, one column per part (per
        publisher for a range). This is what to show when no total can be formed.
    notes
        Further facts a reader needs (parts left out because a whole covers them, dates
        without a total because a part is missing).
    coverage
        With ``freq``: the share (0-1) of each period covered by the observations of the
        least covered part (see :meth:`IndicatorSeries.resample
        <warindicators.IndicatorSeries.resample>`); ``None`` without ``freq``.

    Examples
    --------
    >>> import pandas as pd, warindicators as wi
    >>> f = pd.DataFrame({"indicator": "casualties.military_deaths_estimate", "region": "RU",
    ...                   "publisher": ["A", "B"], "date": pd.Timestamp("2024-12-31"),
    ...                   "value": [80_000.0, 150_000.0]})
    >>> res = wi.total(f)
    >>> res.ok, res.kind, res.label
    (False, 'range', 'range of 2 publishers (A, B)')
    >>> res.low.tolist(), res.high.tolist()
    ([80000.0], [150000.0])
    """

    values: pd.Series | None
    low: pd.Series | None = None
    high: pd.Series | None = None
    label: str = ""
    reason: str | None = None
    parts: tuple[str, ...] = ()
    indicator: str = ""
    kind: TotalKind = "none"
    by_part: pd.DataFrame | None = None
    notes: tuple[str, ...] = field(default=())
    coverage: pd.Series | None = None

    def __post_init__(self) -> None:
        if (self.values is None) == (self.reason is None):
            raise ValidationError("Total: exactly one of values and reason must be given")

    @property
    def ok(self) -> bool:
        """Whether a total was formed (:attr:`values` is not ``None``)."""
        return self.values is not None

    @property
    def partial(self) -> pd.Series | None:
        """With ``freq``: ``True`` for periods some part covers only in part."""
        if self.coverage is None:
            return None
        return ((self.coverage > 0) & (self.coverage < 1 - 1e-12)).rename("partial")

    def to_frame(self) -> pd.DataFrame:
        """The combined values as a table indexed by ``date``: ``value`` (NaN throughout
        when no total was formed), ``low``/``high`` where known, ``coverage``/``partial``
        with ``freq``; ``attrs`` carry ``label``, ``reason``, ``kind``, ``parts`` and
        ``notes``.

        Examples
        --------
        >>> import pandas as pd, warindicators as wi
        >>> days = pd.date_range("2026-05-01", "2026-06-15")
        >>> f = pd.DataFrame({"indicator": "outages.air_raid_alert_hours", "region": "UA-32",
        ...                   "date": days, "value": 1.0})
        >>> wi.total(f, freq="M").to_frame()
                    value  coverage  partial
        date
        2026-05-31   31.0       1.0    False
        2026-06-30   15.0       0.5     True
        """
        cols: dict[str, pd.Series] = {}
        for name, s in (("value", self.values), ("low", self.low), ("high", self.high)):
            if s is not None:
                cols[name] = s
        if self.coverage is not None:
            cols["coverage"] = self.coverage
            partial = self.partial
            assert partial is not None
            cols["partial"] = partial
        if cols:
            out = pd.DataFrame(cols)
        else:
            index = self.by_part.index if self.by_part is not None else pd.DatetimeIndex([])
            out = pd.DataFrame(index=index)
        if "value" not in out.columns:
            out.insert(0, "value", float("nan"))
        out.index.name = "date"
        out.attrs = {
            "label": self.label,
            "reason": self.reason,
            "kind": self.kind,
            "parts": list(self.parts),
            "notes": list(self.notes),
            "indicator": self.indicator,
        }
        return out

    def __repr__(self) -> str:
        what = f"n={len(self.values)}" if self.values is not None else f"reason={self.reason!r}"
        return f"<Total {self.indicator} {self.kind} {self.label!r} {what}>"
