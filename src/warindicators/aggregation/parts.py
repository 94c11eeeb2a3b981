"""What may be combined: measures, publishers, regions that cover others, labels."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Final

import pandas as pd

from ..errors import ValidationError
from ..indicators import Indicator, get_indicator
from ..regions import UA_OBLASTS

__all__ = ["PUBLISHER_DIMS", "SUMMABLE_MEASURES", "can_sum", "drop_covered"]

#: Measures whose values may be added over parts of a whole.
SUMMABLE_MEASURES: Final[frozenset[str]] = frozenset({"flow", "count", "stock", "cumulative"})
#: Extra dimensions whose values are publishers: never added.
PUBLISHER_DIMS: Final[tuple[str, ...]] = ("publisher", "source")

_EU27: Final[frozenset[str]] = frozenset(
    "AT BE BG HR CY CZ DK EE FI FR DE GR IE IT LV LT LU MT NL PL PT RO SK SI ES SE".split()
)
#: Regions that contain other region codes (a part of a whole is never added to the whole).
_MEMBERS: Final[dict[str, frozenset[str]]] = {
    "UA": frozenset(UA_OBLASTS),
    "EU": _EU27,
    "EU27": _EU27,
    "G7": frozenset("CA FR DE IT JP GB US".split()),
}
REGION_DIMS: Final[tuple[str, ...]] = ("region", "partner")
#: Values of an extra dimension that mean "not broken down" (the total of the others).
_WHOLE_MARKS: Final[frozenset[str]] = frozenset({"", "all", "total", "*"})
_LABEL_PARTS: Final[int] = 8


def can_sum(indicator: Indicator | str) -> bool:
    """Whether values of ``indicator`` may be added over parts of a whole (by its measure).

    Examples
    --------
    >>> can_sum("outages.air_raid_alert_hours"), can_sum("territory.share_occupied_pct")
    (True, False)
    """
    ind = get_indicator(indicator) if isinstance(indicator, str) else indicator
    return ind.measure in SUMMABLE_MEASURES


def plural(dim: str, n: int) -> str:
    word = {"region": "region", "publisher": "publisher", "source": "source"}.get(dim, dim)
    return word if n == 1 else word + "s"


def list_label(parts: Sequence[str]) -> str:
    if len(parts) <= _LABEL_PARTS:
        return ", ".join(parts)
    return ", ".join(parts[:3]) + f", … and {len(parts) - 3} more"


def describe(dims: Sequence[str], parts: Sequence[str]) -> str:
    if len(dims) == 1:
        return f"{len(parts)} {plural(dims[0], len(parts))} ({list_label(parts)})"
    return f"{len(parts)} combinations of {' × '.join(dims)} ({list_label(parts)})"


def part_names(frame: pd.DataFrame, dims: Sequence[str]) -> pd.Series:
    if not dims:
        return pd.Series("all", index=frame.index, dtype="object")
    cols = [frame[d].astype("object").where(frame[d].notna(), "") for d in dims]
    out = cols[0].astype(str)
    for c in cols[1:]:
        out = out + "/" + c.astype(str)
    return out


def _contained(regions: Sequence[str]) -> dict[str, str]:
    """Region -> the present region that contains it."""
    present = set(regions)
    out: dict[str, str] = {}
    for r in regions:
        if r != "WORLD" and "WORLD" in present:
            out[r] = "WORLD"
            continue
        for whole, members in _MEMBERS.items():
            if whole in present and r in members:
                out[r] = whole
                break
    return out


def overlapping(regions: Sequence[str]) -> tuple[str, str] | None:
    groups = [r for r in regions if r in _MEMBERS and r != "UA"]
    for i, a in enumerate(groups):
        for b in groups[i + 1 :]:
            if _MEMBERS[a] & _MEMBERS[b]:
                return a, b
    return None


def drop_covered(frame: pd.DataFrame, dims: Sequence[str]) -> tuple[pd.DataFrame, list[str]]:
    """Drop the rows of regions that another region present covers (oblasts when ``UA`` is
    there, members when their group is) and the breakdown rows of a dimension whose total
    row is present (no value, ``"all"`` or ``"total"``), and say which were dropped.

    Examples
    --------
    >>> f = pd.DataFrame({"region": ["UA", "UA-30", "UA-32", "RU"], "value": [5.0, 1, 2, 3]})
    >>> kept, notes = drop_covered(f, ["region"])
    >>> kept["region"].tolist(), notes
    (['UA', 'RU'], ['UA-30, UA-32 not added: UA covers them'])
    """
    notes: list[str] = []
    for d in [d for d in dims if d in frame.columns]:
        col = frame[d]
        whole = col.isna() | col.astype("object").isin(list(_WHOLE_MARKS))
        if whole.any() and not whole.all():
            parts = sorted(str(v) for v in pd.unique(col[~whole]))
            notes.append(f"{list_label(parts)} not added: the rows without a {d} are the total")
            frame = frame[whole.to_numpy()]
    for d in [d for d in dims if d in REGION_DIMS and d in frame.columns]:
        inside = _contained([str(v) for v in pd.unique(frame[d].dropna())])
        if inside:
            by_whole: dict[str, list[str]] = {}
            for r, w in inside.items():
                by_whole.setdefault(w, []).append(r)
            for w, rs in sorted(by_whole.items()):
                notes.append(f"{list_label(sorted(rs))} not added: {w} covers them")
            frame = frame[~frame[d].astype(str).isin(list(inside))]
    return frame, notes


def weights_for(
    weights: pd.Series | pd.DataFrame | Mapping[str, float], parts: Sequence[str], ind: Indicator
) -> pd.Series | pd.DataFrame:
    """Checked weights: a Series (one per part) or a DataFrame (dates × parts)."""
    if isinstance(weights, pd.DataFrame):
        missing = [p for p in parts if p not in weights.columns]
        if missing:
            raise ValidationError(f"weights: no weight column for {missing} of {ind.id}")
        table = weights[list(parts)].astype("float64")
        table.index = pd.DatetimeIndex(table.index).astype("datetime64[ns]")
        if (table < 0).any().any():
            raise ValidationError("weights: expected non-negative weights")
        return table
    w = pd.Series(weights, dtype="float64") if isinstance(weights, Mapping) else weights
    if not isinstance(w, pd.Series) or isinstance(w.index, pd.MultiIndex):
        raise ValidationError(
            "weights: expected one weight per part (a Series or mapping indexed by region "
            "code) or a DataFrame indexed by date with one column per part"
        )
    w = w.astype("float64")
    missing = [p for p in parts if p not in w.index or pd.isna(w.get(p))]
    if missing:
        raise ValidationError(f"weights: no weight for {missing} of {ind.id}")
    w = w.loc[list(parts)]
    if (w < 0).any() or float(w.sum()) <= 0:
        raise ValidationError("weights: expected non-negative weights with a positive sum")
    return w
