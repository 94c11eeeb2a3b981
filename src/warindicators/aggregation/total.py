"""The one aggregation rule: :func:`total`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Literal

import pandas as pd

from .._semantics import latest_vintage, resample_frame
from ..errors import ValidationError
from ..indicators import Indicator, get_indicator
from .parts import (
    PUBLISHER_DIMS,
    REGION_DIMS,
    SUMMABLE_MEASURES,
    describe,
    drop_covered,
    list_label,
    overlapping,
    part_names,
    plural,
    weights_for,
)
from .result import Total

__all__ = ["total"]


def _by_part(rows: pd.DataFrame, part: pd.Series, col: str, how: str = "first") -> pd.DataFrame:
    """``col`` as a table: one row per date, one column per part."""
    keyed = rows[[col]].assign(_date=rows["date"], _part=part)
    table = keyed.groupby(["_date", "_part"], sort=True)[col].agg(how).unstack("_part")
    table.index.name, table.columns.name = "date", None
    return table


def _combine(
    rows: pd.DataFrame,
    part: pd.Series,
    parts: Sequence[str],
    how: Literal["single", "sum", "weighted_mean"],
    w: pd.Series | pd.DataFrame | None,
) -> tuple[pd.DataFrame, pd.Index]:
    """Per-date value/low/high of one publisher's rows; dates lacking a part are NaN."""
    cols = ["value"] + [c for c in ("low", "high") if c in rows.columns and rows[c].notna().any()]
    if how == "single":
        out = rows.groupby("date", sort=True)[cols].first()
        return out, out.index[:0]
    wide = _by_part(rows, part, "value").reindex(columns=list(parts))
    complete = wide.notna().all(axis=1)
    if isinstance(w, pd.DataFrame):  # weights per date: a date without them has no mean
        w = w.reindex(index=wide.index)
        complete &= w.notna().all(axis=1) & (w.sum(axis=1) > 0)
    out = pd.DataFrame(index=wide.index)
    for c in cols:
        b = wide if c == "value" else _by_part(rows, part, c).reindex(columns=list(parts))
        ok = b.notna().all(axis=1) & complete
        if how == "sum":
            out[c] = b.sum(axis=1).where(ok)
        else:
            assert w is not None
            denominator = w.sum(axis=1) if isinstance(w, pd.DataFrame) else float(w.sum())
            out[c] = (b * w).sum(axis=1).where(ok) / denominator
    return out, wide.index[~complete.to_numpy()]


def total(
    frame: pd.DataFrame,
    over: str | Sequence[str] | None = None,
    *,
    indicator: Indicator | str | None = None,
    weights: pd.Series | pd.DataFrame | Mapping[str, float] | None = None,
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
        not listed gives no total (the reason names it). A publisher dimension
        (:data:`PUBLISHER_DIMS`) is always shown as a range, listed or not.
    indicator
        The indicator, when ``frame`` has no ``indicator`` column.
    weights
        Denominator of a share or rate (e.g. each oblast's area for a share of area, its
        population for a rate per person): one non-negative weight per part, as a Series
        or mapping indexed by region code (or dimension value), or, when it changes over
        time, a DataFrame indexed by date (period ends with ``freq``) with one column per
        part. The parts are combined as ``sum(w * v) / sum(w)``; a date without weights
        has no value. Only for shares and rates.
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
    pub_dims = [d for d in known if d in PUBLISHER_DIMS]  # whether listed in over or not
    sum_dims = [d for d in over_t if d not in PUBLISHER_DIMS]
    key = [*known, "date"]
    src = "source" if "source" in df.columns and "source" not in known else None
    df = latest_vintage(df, [*key, src] if src else key)
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
    fixed = [d for d in known if d not in over_t and d not in pub_dims]
    varying = [d for d in fixed if df[d].nunique(dropna=False) > 1]
    if varying:
        d = varying[0]
        vals = sorted(str(v) for v in pd.unique(df[d]))
        return Total(
            None,
            label=ind.id,
            reason=(
                f"{ind.id} differs by {d} ({list_label(vals)}); combine over it "
                f"(over=(..., {d!r})) or select one {d}"
            ),
            indicator=ind.id,
            by_part=_by_part(df, df[d], "value"),
        )

    df, covered = drop_covered(df, sum_dims)
    notes: list[str] = list(covered)

    # only the columns that vary name the parts; a constant one labels a single series
    vary = [d for d in sum_dims if df[d].nunique(dropna=False) > 1]
    part = part_names(df, vary)
    parts = tuple(sorted(pd.unique(part)))
    if not vary:
        single = [str(df[d].iloc[0]) for d in sum_dims if "region" == d] or [ind.id]
        parts = (single[0],)
        part = pd.Series(single[0], index=df.index, dtype="object")
    publishers = part_names(df, pub_dims) if pub_dims else None
    pubs = tuple(sorted(pd.unique(publishers))) if publishers is not None else ("",)
    dim_word = vary if vary else ["region"]
    what = describe(dim_word, parts)

    def side_by_side(names: pd.Series) -> pd.DataFrame:
        return _by_part(df, names, "value")

    how: Literal["single", "sum", "weighted_mean"] = "single"
    w: pd.Series | pd.DataFrame | None = None
    if len(parts) > 1:
        if ind.measure not in SUMMABLE_MEASURES:
            if weights is None:
                over_word = " × ".join(plural(d, 2) for d in dim_word)
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
            w = weights_for(weights, parts, ind)
            how = "weighted_mean"
        else:
            if weights is not None:
                raise ValidationError(
                    f"weights: {ind.id} is a {ind.measure}, summed over parts; weights "
                    "apply to shares and rates only"
                )
            for d in [d for d in sum_dims if d in REGION_DIMS]:
                ov = overlapping([str(v) for v in pd.unique(df[d].dropna())])
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
                        f"({list_label(source_names)}): shown per {' × '.join(dim_word)}"
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
            wide = _by_part(df, part, "coverage", "min")
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
        if isinstance(weights, pd.DataFrame):
            wname = str(weights.attrs.get("name") or "weights")
        else:
            wname = str(getattr(weights, "name", None) or "weights")
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
        pub_what = describe(pub_dims[:1] if len(pub_dims) == 1 else ["publisher"], pubs)
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
