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

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Final, Literal

import pandas as pd

from ._semantics import resample_frame
from .errors import ValidationError
from .indicators import Indicator, get_indicator
from .regions import UA_OBLASTS

__all__ = [
    "PUBLISHER_DIMS",
    "SUMMABLE_MEASURES",
    "Total",
    "TotalKind",
    "can_sum",
    "drop_covered",
    "total",
]

#: Measures whose values may be added over parts of a whole.
SUMMABLE_MEASURES: Final[frozenset[str]] = frozenset({"flow", "count", "stock", "cumulative"})
#: Extra dimensions whose values are publishers: never added.
PUBLISHER_DIMS: Final[tuple[str, ...]] = ("publisher", "source")

TotalKind = Literal["single", "sum", "weighted_mean", "range", "none"]

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
_REGION_DIMS: Final[tuple[str, ...]] = ("region", "partner")
_LABEL_PARTS: Final[int] = 8


@dataclass(frozen=True)
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

    def __repr__(self) -> str:
        what = f"n={len(self.values)}" if self.values is not None else f"reason={self.reason!r}"
        return f"<Total {self.indicator} {self.kind} {self.label!r} {what}>"


def can_sum(indicator: Indicator | str) -> bool:
    """Whether values of ``indicator`` may be added over parts of a whole (by its measure).

    Examples
    --------
    >>> can_sum("outages.air_raid_alert_hours"), can_sum("territory.share_occupied_pct")
    (True, False)
    """
    ind = get_indicator(indicator) if isinstance(indicator, str) else indicator
    return ind.measure in SUMMABLE_MEASURES


def _plural(dim: str, n: int) -> str:
    word = {"region": "region", "publisher": "publisher", "source": "source"}.get(dim, dim)
    return word if n == 1 else word + "s"


def _list(parts: Sequence[str]) -> str:
    if len(parts) <= _LABEL_PARTS:
        return ", ".join(parts)
    return ", ".join(parts[:3]) + f", … and {len(parts) - 3} more"


def _what(dims: Sequence[str], parts: Sequence[str]) -> str:
    if len(dims) == 1:
        return f"{len(parts)} {_plural(dims[0], len(parts))} ({_list(parts)})"
    return f"{len(parts)} combinations of {' × '.join(dims)} ({_list(parts)})"


def _part_names(frame: pd.DataFrame, dims: Sequence[str]) -> pd.Series:
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


def _overlap(regions: Sequence[str]) -> tuple[str, str] | None:
    groups = [r for r in regions if r in _MEMBERS and r != "UA"]
    for i, a in enumerate(groups):
        for b in groups[i + 1 :]:
            if _MEMBERS[a] & _MEMBERS[b]:
                return a, b
    return None


def drop_covered(frame: pd.DataFrame, dims: Sequence[str]) -> tuple[pd.DataFrame, list[str]]:
    """Drop the rows of regions that another region present covers (oblasts when ``UA`` is
    there, members when their group is), and say which were dropped.

    Examples
    --------
    >>> f = pd.DataFrame({"region": ["UA", "UA-30", "UA-32", "RU"], "value": [5.0, 1, 2, 3]})
    >>> kept, notes = drop_covered(f, ["region"])
    >>> kept["region"].tolist(), notes
    (['UA', 'RU'], ['UA-30, UA-32 not added: UA covers them'])
    """
    notes: list[str] = []
    for d in [d for d in dims if d in _REGION_DIMS and d in frame.columns]:
        inside = _contained([str(v) for v in pd.unique(frame[d].dropna())])
        if inside:
            by_whole: dict[str, list[str]] = {}
            for r, w in inside.items():
                by_whole.setdefault(w, []).append(r)
            for w, rs in sorted(by_whole.items()):
                notes.append(f"{_list(sorted(rs))} not added: {w} covers them")
            frame = frame[~frame[d].astype(str).isin(list(inside))]
    return frame, notes


def _latest(frame: pd.DataFrame, keys: Sequence[str]) -> pd.DataFrame:
    if "published" not in frame.columns or frame.empty:
        return frame
    order = frame.assign(_pub=pd.to_datetime(frame["published"]).fillna(pd.Timestamp.min))
    order = order.sort_values([*keys, "_pub"], kind="stable")
    return order.drop_duplicates(subset=list(keys), keep="last").drop(columns="_pub")


def _weights_for(
    weights: pd.Series | Mapping[str, float], parts: Sequence[str], ind: Indicator
) -> pd.Series:
    w = pd.Series(weights, dtype="float64") if isinstance(weights, Mapping) else weights
    if isinstance(w.index, pd.MultiIndex):
        raise ValidationError(
            "weights: expected one weight per part (a Series indexed by region code)"
        )
    w = w.astype("float64")
    missing = [p for p in parts if p not in w.index or pd.isna(w.get(p))]
    if missing:
        raise ValidationError(f"weights: no weight for {missing} of {ind.id}")
    w = w.loc[list(parts)]
    if (w < 0).any() or float(w.sum()) <= 0:
        raise ValidationError("weights: expected non-negative weights with a positive sum")
    return w


def _combine(
    rows: pd.DataFrame,
    part: pd.Series,
    parts: Sequence[str],
    how: Literal["single", "sum", "weighted_mean"],
    w: pd.Series | None,
) -> tuple[pd.DataFrame, pd.Index]:
    """Per-date value/low/high of one publisher's rows; dates lacking a part are NaN."""
    wide = rows.assign(_part=part).pivot_table(
        index="date", columns="_part", values="value", aggfunc="first", dropna=False
    )
    wide = wide.reindex(columns=list(parts))
    complete = wide.notna().all(axis=1)
    out = pd.DataFrame(index=wide.index)
    if how == "single":
        out["value"] = wide.iloc[:, 0]
    elif how == "sum":
        out["value"] = wide.sum(axis=1).where(complete)
    else:
        assert w is not None
        out["value"] = (wide * w).sum(axis=1).where(complete) / float(w.sum())
    for c in ("low", "high"):
        if c in rows.columns and rows[c].notna().any():
            b = rows.assign(_part=part).pivot_table(
                index="date", columns="_part", values=c, aggfunc="first", dropna=False
            )
            b = b.reindex(index=wide.index, columns=list(parts))
            if how == "single":
                out[c] = b.iloc[:, 0]
            elif how == "sum":
                out[c] = b.sum(axis=1).where(b.notna().all(axis=1) & complete)
            else:
                assert w is not None
                out[c] = (b * w).sum(axis=1).where(b.notna().all(axis=1) & complete) / float(
                    w.sum()
                )
    return out, wide.index[~complete.to_numpy()]


def total(
    frame: pd.DataFrame,
    over: str | Sequence[str] | None = None,
    *,
    indicator: Indicator | str | None = None,
    weights: pd.Series | Mapping[str, float] | None = None,
    freq: str | None = None,
) -> Total:
    """Combine the observations of one indicator over ``over`` as its measure allows.

    Parameters
    ----------
    frame
        Long-format observations of ONE indicator (``date``, ``value``; ``region``, its
        extra dimensions and ``low``, ``high``, ``source``, ``published`` where known).
        Several vintages may be present: each publisher's latest is used.
    over
        Columns to combine over: ``"region"`` and/or extra dimensions of the indicator.
        ``None`` combines over every one of them that varies. A column that varies but is
        not listed gives no total (the reason names it).
    indicator
        The indicator, when ``frame`` has no ``indicator`` column.
    weights
        Denominator of a share or rate, one non-negative weight per part (a Series or
        mapping indexed by region code, or by dimension value): the parts are combined as
        ``sum(w * v) / sum(w)``. Only for shares and rates.
    freq
        Resample each part by the indicator's measure to ``freq`` (D, W, M, Q, Y) before
        combining: values are then per period (dated at period ends) and
        :attr:`Total.coverage` / :attr:`Total.partial` mark periods a part covers only in
        part.

    Returns
    -------
    Total
        ``values`` (``None`` when no total can be formed), ``low``/``high``, ``label``,
        ``reason``, ``parts``, ``by_part``, ``notes``.

    Raises
    ------
    ValidationError
        ``frame`` holds several indicators or lacks ``date``/``value``; ``over`` names a
        column the indicator does not have; ``weights`` are given for a summable measure or
        miss a part.

    Examples
    --------
    >>> import pandas as pd, warindicators as wi
    >>> f = pd.DataFrame({"indicator": "outages.air_raid_alerts",
    ...                   "region": ["UA-32", "UA-46", "UA-63"],
    ...                   "date": pd.Timestamp("2024-01-31"), "value": [10.0, 2.0, 30.0]})
    >>> res = wi.total(f)
    >>> res.label, res.values.tolist()
    ('sum of 3 regions (UA-32, UA-46, UA-63)', [42.0])
    >>> s = f.assign(indicator="territory.share_occupied_pct", value=[50.0, 60.0, 70.0])
    >>> r = wi.total(s)
    >>> r.ok, r.reason
    (False, 'shares are not summed over regions: shown per region (or pass weights=)')
    >>> wi.total(s, weights={"UA-32": 1.0, "UA-46": 1.0, "UA-63": 2.0}).values.tolist()
    [62.5]
    """
    if not isinstance(frame, pd.DataFrame):
        raise ValidationError(f"frame: expected a pandas DataFrame, got {type(frame).__name__}")
    for col in ("date", "value"):
        if col not in frame.columns:
            raise ValidationError(f"frame: missing column {col!r}")
    if indicator is None:
        if "indicator" not in frame.columns:
            raise ValidationError("frame: no 'indicator' column; pass indicator=")
        ids = pd.unique(frame["indicator"].dropna().astype(str))
        if len(ids) != 1:
            raise ValidationError(
                f"frame: expected observations of one indicator, got {sorted(ids)}"
            )
        indicator = str(ids[0])
    ind = get_indicator(indicator) if isinstance(indicator, str) else indicator
    if "indicator" in frame.columns:
        frame = frame[frame["indicator"].astype(str) == ind.id]
    known = [c for c in ("region", *ind.dims) if c in frame.columns]
    if over is None:
        over_t = tuple(known)
    else:
        over_t = (over,) if isinstance(over, str) else tuple(over)
        bad = [d for d in over_t if d not in ("region", *ind.dims)]
        if bad:
            raise ValidationError(
                f"over: {bad} not region or an extra dimension of {ind.id} "
                f"(it has {['region', *ind.dims]})"
            )
    over_t = tuple(d for d in over_t if d in frame.columns)
    df = frame.copy()
    df["date"] = pd.to_datetime(df["date"]).astype("datetime64[ns]")
    df["value"] = pd.to_numeric(df["value"]).astype("float64")

    # publishers: a publisher dimension, and several sources for one key
    pub_dims = [d for d in over_t if d in PUBLISHER_DIMS]
    sum_dims = [d for d in over_t if d not in PUBLISHER_DIMS]
    key = [*known, "date"]
    src = "source" if "source" in df.columns and "source" not in known else None
    df = _latest(df, [*key, src] if src else key)
    if src is not None:
        df[src] = df[src].astype("object").where(df[src].notna(), "")
        if df.duplicated(key).any():
            pub_dims.append(src)
    if df.empty:
        return Total(None, label=ind.id, reason=f"no observations of {ind.id}", indicator=ind.id)

    mixed_sources = (
        src is not None
        and src not in pub_dims
        and bool(df.groupby("date")[src].nunique().gt(1).any())
    )
    source_names = sorted(str(v) for v in pd.unique(df[src])) if src is not None else []
    if freq is not None:
        groups = [*known, *([src] if src is not None and src in pub_dims else [])]
        df = resample_frame(df, ind, freq, groups=groups)
    fixed = [d for d in known if d not in over_t]
    varying = [d for d in fixed if df[d].nunique(dropna=False) > 1]
    if varying:
        d = varying[0]
        vals = sorted(str(v) for v in pd.unique(df[d]))
        return Total(
            None,
            label=ind.id,
            reason=(
                f"{ind.id} differs by {d} ({_list(vals)}); combine over it "
                f"(over=(..., {d!r})) or select one {d}"
            ),
            indicator=ind.id,
            by_part=df.pivot_table(index="date", columns=d, values="value", aggfunc="first"),
        )

    df, covered = drop_covered(df, sum_dims)
    notes: list[str] = list(covered)

    # only the columns that vary name the parts; a constant one labels a single series
    vary = [d for d in sum_dims if df[d].nunique(dropna=False) > 1]
    part = _part_names(df, vary)
    parts = tuple(sorted(pd.unique(part)))
    if not vary:
        single = [str(df[d].iloc[0]) for d in sum_dims if "region" == d] or [ind.id]
        parts = (single[0],)
        part = pd.Series(single[0], index=df.index, dtype="object")
    publishers = _part_names(df, pub_dims) if pub_dims else None
    pubs = tuple(sorted(pd.unique(publishers))) if publishers is not None else ("",)
    dim_word = vary if vary else ["region"]
    what = _what(dim_word, parts)

    def side_by_side(names: pd.Series) -> pd.DataFrame:
        return df.assign(_p=names).pivot_table(
            index="date", columns="_p", values="value", aggfunc="first"
        )

    how: Literal["single", "sum", "weighted_mean"] = "single"
    w: pd.Series | None = None
    if len(parts) > 1:
        if ind.measure not in SUMMABLE_MEASURES:
            if weights is None:
                over_word = " × ".join(_plural(d, 2) for d in dim_word)
                per = " × ".join(dim_word)
                return Total(
                    None,
                    label=what,
                    reason=(
                        f"{ind.measure}s are not summed over {over_word}: shown per {per} "
                        "(or pass weights=)"
                    ),
                    parts=parts,
                    indicator=ind.id,
                    by_part=side_by_side(part),
                    notes=tuple(notes),
                )
            w = _weights_for(weights, parts, ind)
            how = "weighted_mean"
        else:
            if weights is not None:
                raise ValidationError(
                    f"weights: {ind.id} is a {ind.measure}, summed over parts; weights "
                    "apply to shares and rates only"
                )
            for d in [d for d in sum_dims if d in _REGION_DIMS]:
                ov = _overlap([str(v) for v in pd.unique(df[d].dropna())])
                if ov:
                    return Total(
                        None,
                        label=what,
                        reason=f"{ov[0]} and {ov[1]} overlap: their values are not summed",
                        parts=parts,
                        indicator=ind.id,
                        by_part=side_by_side(part),
                        notes=tuple(notes),
                    )
            how = "sum"
            if mixed_sources and ind.bound in ("estimate", "approx"):
                return Total(
                    None,
                    label=what,
                    reason=(
                        f"{ind.bound} values from {len(source_names)} sources are not added "
                        f"({_list(source_names)}): shown per {' × '.join(dim_word)}"
                    ),
                    parts=parts,
                    indicator=ind.id,
                    by_part=side_by_side(part),
                    notes=tuple(notes),
                )
    elif weights is not None and ind.measure in SUMMABLE_MEASURES:
        raise ValidationError(
            f"weights: {ind.id} is a {ind.measure}; weights apply to shares and rates only"
        )

    results: dict[str, pd.DataFrame] = {}
    gaps: set[pd.Timestamp] = set()
    for pub in pubs:
        mask = publishers == pub if publishers is not None else slice(None)
        res, lacking = _combine(df[mask], part[mask], parts, how, w)
        results[pub] = res
        gaps.update(lacking)
    if gaps and how != "single":
        notes.append(
            f"{len(gaps)} date(s) without a total: a part lacks a value "
            f"(first {min(gaps).date()}, last {max(gaps).date()})"
        )

    def named(s: pd.Series) -> pd.Series:
        s = s.astype("float64").rename(ind.id)
        s.index.name = "date"
        return s

    def coverage(index: pd.Index, every_part: bool = True) -> pd.Series | None:
        if "coverage" not in df.columns:
            return None
        if every_part:  # a part without a row for a period covers none of it
            wide = df.assign(_p=part).pivot_table(
                index="date", columns="_p", values="coverage", aggfunc="min"
            )
            c = wide.reindex(columns=list(parts)).fillna(0.0).min(axis=1)
        else:
            c = df.groupby("date")["coverage"].min()
        c = c.reindex(index).fillna(0.0)
        c.index.name = "date"
        return c.rename("coverage")

    if how == "single":
        label = parts[0]
    elif how == "sum":
        label = f"sum of {what}"
    else:
        wname = getattr(weights, "name", None) or "weights"
        label = f"mean of {what} weighted by {wname}"
    if len(pubs) > 1:
        vals = pd.DataFrame({p: r["value"] for p, r in results.items()})
        lows = pd.DataFrame(
            {p: r["low"] if "low" in r.columns else r["value"] for p, r in results.items()}
        ).fillna(vals)
        highs = pd.DataFrame(
            {p: r["high"] if "high" in r.columns else r["value"] for p, r in results.items()}
        ).fillna(vals)
        low = named(lows.min(axis=1))
        high = named(highs.max(axis=1))
        keep = vals.notna().any(axis=1).to_numpy()
        pub_what = _what(pub_dims[:1] if len(pub_dims) == 1 else ["publisher"], pubs)
        inner = "" if how == "single" else f" of their {label}"
        return Total(
            None,
            low=low[keep],
            high=high[keep],
            label=f"range of {pub_what}{inner}",
            reason=(
                f"estimates of {len(pubs)} publishers are not added: shown side by side and "
                "as a range (low = smallest, high = largest)"
            ),
            parts=pubs,
            indicator=ind.id,
            kind="range",
            by_part=vals[keep],
            notes=tuple(notes),
            coverage=coverage(low[keep].index, every_part=False),
        )
    r = results[pubs[0]]
    return Total(
        named(r["value"]),
        low=named(r["low"]) if "low" in r.columns else None,
        high=named(r["high"]) if "high" in r.columns else None,
        label=label,
        parts=parts,
        indicator=ind.id,
        kind=how,
        by_part=side_by_side(part) if how != "single" else None,
        notes=tuple(notes),
        coverage=coverage(r.index),
    )
