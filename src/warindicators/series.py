"""``IndicatorSeries``: one indicator for one region (and one value of each extra dimension).

Metadata lives in the :class:`~warindicators.Indicator` and in ``attrs`` of what
:meth:`IndicatorSeries.to_pandas` returns (composition, not a ``pandas.Series`` subclass).
All vintages are kept, so :meth:`IndicatorSeries.as_of` can answer "what did we know on D".
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np
import pandas as pd

from ._freq import canonical, infer_frequency
from ._semantics import latest_vintage, resample_frame
from .errors import ValidationError
from .indicators import Indicator, get_indicator
from .observations import OPTIONAL_COLUMNS, validate_observations

__all__ = ["IndicatorSeries"]

_DATA_COLS = ("date", "value", *OPTIONAL_COLUMNS, "n_obs")


def _derived(ind: Indicator, suffix: str, **changes: Any) -> Indicator:
    parts = ind.id.split(".")
    parts[-1] = f"{parts[-1]}_{suffix}"
    return replace(ind, id=".".join(parts), **changes)


class IndicatorSeries:
    """One indicator × one region as a typed, vintage-aware time series.

    Build it with :meth:`from_frame` (or :func:`warindicators.load`); read it with
    :meth:`to_pandas`. Resampling and per-period conversion follow the indicator's
    ``measure``: users never pass an aggregation function.

    Examples
    --------
    >>> import pandas as pd, warindicators as wi
    >>> obs = pd.DataFrame({"indicator": "casualties.ru_personnel_claimed", "region": "RU",
    ...     "date": pd.date_range("2024-01-30", periods=4), "value": [10., 12., 15., 14.]})
    >>> s = wi.IndicatorSeries.from_frame(obs, "casualties.ru_personnel_claimed")
    >>> s.per_period().to_pandas().tolist()
    [nan, 2.0, 3.0, -1.0]
    >>> s.resample("M").to_pandas().tolist()
    [12.0, 14.0]
    """

    __slots__ = ("_baseline", "_data", "_indicator", "_region", "_selection")

    def __init__(
        self,
        indicator: Indicator | str,
        region: str,
        data: pd.DataFrame,
        *,
        selection: dict[str, str] | None = None,
        baseline: float | None = None,
    ) -> None:
        self._indicator = get_indicator(indicator) if isinstance(indicator, str) else indicator
        self._region = region
        self._selection = dict(selection or {})
        self._baseline = baseline
        cols = [c for c in _DATA_COLS if c in data.columns]
        d = data.loc[:, cols].copy()
        d["date"] = pd.to_datetime(d["date"]).astype("datetime64[ns]")
        self._data = d.sort_values("date", kind="stable").reset_index(drop=True)

    # -- construction --------------------------------------------------------------------
    @classmethod
    def from_frame(
        cls,
        frame: pd.DataFrame,
        indicator: Indicator | str,
        region: str | None = None,
        **selection: str,
    ) -> IndicatorSeries:
        """Select one series from a frame of observations (all vintages kept).

        Parameters
        ----------
        frame
            Observations in the long format (validated here).
        indicator
            Indicator id or object.
        region
            Region code; by default ``"UA"`` when present (the contract's default), else
            the indicator's ``default_region`` (``"RU"`` for Russian losses), else the only
            region in the frame.
        **selection
            One value per extra dimension (e.g. ``partner="CN"``); an extra dimension left
            out is summed over (totals come from aggregating breakdown rows).
        """
        ind = get_indicator(indicator)
        if "indicator" not in frame.columns:
            raise ValidationError("frame: missing column 'indicator'")
        sub = frame[frame["indicator"].astype("str") == ind.id]
        if sub.empty:
            raise ValidationError(f"frame has no observations of {ind.id}")
        sub = validate_observations(sub, allow_vintages=True, indicators=[ind])
        regions = list(pd.unique(sub["region"]))
        if region is None:
            if "UA" in regions:
                region = "UA"
            elif ind.default_region in regions:
                region = ind.default_region
            elif len(regions) == 1:
                region = str(regions[0])
            else:
                raise ValidationError(
                    f"region: {ind.id} has several regions {sorted(regions)}; pass region="
                )
        assert region is not None
        sub = sub[sub["region"] == region]
        if sub.empty:
            raise ValidationError(
                f"region: no observations of {ind.id} for region {region!r}; "
                f"available: {sorted(regions)}"
            )
        unknown = set(selection) - set(ind.dims)
        if unknown:
            raise ValidationError(
                f"{sorted(unknown)}: not extra dimensions of {ind.id} (it has {list(ind.dims)})"
            )
        for dim, val in selection.items():
            sub = sub[sub[dim] == val]
            if sub.empty:
                raise ValidationError(f"{dim}: no observations of {ind.id} with {dim}={val!r}")
        rest = [d for d in ind.dims if d not in selection]
        if rest and any(sub[d].nunique() > 1 for d in rest):
            keys = ["date"] + (["published"] if "published" in sub.columns else [])
            agg: dict[str, Any] = {"value": "sum"}
            for c in ("low", "high"):
                if c in sub.columns:
                    agg[c] = lambda s: s.sum(min_count=len(s))
            if "status" in sub.columns:
                agg["status"] = "first"
            sub = sub.groupby(keys, dropna=False, as_index=False).agg(agg)
            selection = {**selection, **{d: "*" for d in rest}}
        elif rest:
            selection = {**selection, **{d: str(sub[d].iloc[0]) for d in rest}}
        return cls(ind, region, sub, selection=selection)

    # -- accessors -----------------------------------------------------------------------
    @property
    def indicator(self) -> Indicator:
        """The :class:`~warindicators.Indicator` of this series."""
        return self._indicator

    @property
    def region(self) -> str:
        """Region code."""
        return self._region

    @property
    def selection(self) -> dict[str, str]:
        """Value of each extra dimension (``"*"`` when summed over)."""
        return dict(self._selection)

    @property
    def frame(self) -> pd.DataFrame:
        """Latest vintage as a DataFrame indexed by date (value, low, high, status...)."""
        return latest_vintage(self._data, ["date"]).set_index("date")

    @property
    def vintages(self) -> pd.DataFrame:
        """Every vintage kept (one row per date and ``published``)."""
        return self._data.copy()

    @property
    def frequency(self) -> str:
        """Frequency of the observations (inferred from the dates)."""
        return infer_frequency(pd.DatetimeIndex(self.frame.index))

    def _col(self, name: str) -> pd.Series:
        f = self.frame
        s = f[name] if name in f.columns else pd.Series(np.nan, index=f.index)
        out = s.astype("float64").rename(self._indicator.id)
        out.attrs = self._attrs()
        return out

    @property
    def low(self) -> pd.Series:
        """Lower bounds where known (``NaN`` elsewhere)."""
        return self._col("low")

    @property
    def high(self) -> pd.Series:
        """Upper bounds where known (``NaN`` elsewhere)."""
        return self._col("high")

    @property
    def status(self) -> pd.Series:
        """Observation status codes (A, E, P, B, M)."""
        f = self.frame
        return f["status"] if "status" in f.columns else pd.Series("A", index=f.index)

    @property
    def qualifier(self) -> pd.Series:
        """Free-text qualifiers from the source ("about", "more"...)."""
        f = self.frame
        return (
            f["qualifier"]
            if "qualifier" in f.columns
            else pd.Series(None, index=f.index, dtype="str")
        )

    def _attrs(self) -> dict[str, Any]:
        attrs = self._indicator.to_attrs()
        attrs.update(region=self._region, **{f"dim_{k}": v for k, v in self._selection.items()})
        attrs["observed_frequency"] = self.frequency if len(self._data) else "irregular"
        if len(self._data):
            attrs["latest_date"] = str(self._data["date"].max().date())
        if self._baseline is not None:
            attrs["baseline"] = self._baseline
        return attrs

    def to_pandas(self) -> pd.Series:
        """A float ``pandas.Series`` indexed by ``date`` with metadata in ``attrs``.

        Examples
        --------
        >>> import warindicators as wi
        >>> s = wi.load("territory.area_occupied_km2").to_pandas()
        >>> s.attrs["units"], s.index.name
        ('km2', 'date')
        """
        out = self._col("value")
        out.index.name = "date"
        return out

    def to_frame(self) -> pd.DataFrame:
        """Latest vintage as a DataFrame (value, low, high, status, qualifier...)."""
        f = self.frame.copy()
        f.attrs = self._attrs()
        return f

    def __len__(self) -> int:
        return len(self.frame)

    def __repr__(self) -> str:
        f = self.frame
        span = f"{f.index.min().date()}..{f.index.max().date()}" if len(f) else "empty"
        sel = "".join(f", {k}={v}" for k, v in self._selection.items())
        return (
            f"<IndicatorSeries {self._indicator.id} region={self._region}{sel} "
            f"[{self._indicator.unit}, {self._indicator.measure}] n={len(f)} {span}>"
        )

    def _new(
        self, data: pd.DataFrame, indicator: Indicator | None = None, baseline: float | None = None
    ) -> IndicatorSeries:
        return IndicatorSeries(
            indicator or self._indicator,
            self._region,
            data,
            selection=self._selection,
            baseline=baseline,
        )

    # -- semantics -----------------------------------------------------------------------
    def resample(self, freq: str) -> IndicatorSeries:
        """Aggregate to ``freq`` (D, W, M, Q, Y) as the measure says.

        Flows and counts are summed, stocks and cumulative totals take the period's last
        value, shares and rates are averaged. A period with no observation is missing, not
        zero. Dates are period ends. Resampling to a finer frequency raises.
        """
        code = canonical(freq)
        data = resample_frame(latest_vintage(self._data, ["date"]), self._indicator, freq)
        return self._new(data, replace(self._indicator, frequency=code))

    def per_period(self) -> IndicatorSeries:
        """Per-period values: differences of a cumulative total (or of a stock's level).

        Downward corrections of a cumulative series stay visible as negative values. The
        first period is missing unless the series starts from a known baseline (as a series
        made by :meth:`cumulative` does). Flows and counts are returned unchanged.
        """
        ind = self._indicator
        if ind.measure in ("flow", "count"):
            return self
        if ind.measure in ("share", "rate"):
            raise ValidationError(
                f"{ind.id}: per-period values are not defined for a "
                f"{ind.measure}; use differences of the level explicitly"
            )
        f = latest_vintage(self._data, ["date"]).sort_values("date")
        v = f["value"].astype("float64")
        diff = v.diff()
        if len(v) and self._baseline is not None:
            diff.iloc[0] = v.iloc[0] - self._baseline
        data = pd.DataFrame({"date": f["date"].to_numpy(), "value": diff.to_numpy()})
        if "status" in f.columns:
            data["status"] = f["status"].to_numpy()
            data.loc[diff.lt(0).to_numpy() & (ind.measure == "cumulative"), "status"] = "B"
        unit = ind.unit
        new = _derived(
            ind,
            "per_period",
            measure="flow",
            valid_range=None,
            bound=ind.bound,
            title=f"{ind.title} - per period",
            unit=unit,
        )
        return self._new(data, new)

    def cumulative(self, baseline: float = 0.0) -> IndicatorSeries:
        """Running total of a flow or count, starting from ``baseline``.

        The inverse of :meth:`per_period`: ``s.cumulative().per_period()`` gives ``s`` back.
        """
        ind = self._indicator
        if ind.measure not in ("flow", "count"):
            raise ValidationError(
                f"{ind.id}: cumulative() needs a flow or count, not a {ind.measure}"
            )
        f = latest_vintage(self._data, ["date"]).sort_values("date")
        vals = f["value"].astype("float64")
        data = pd.DataFrame(
            {
                "date": f["date"].to_numpy(),
                "value": (vals.cumsum() + baseline).where(vals.notna()).to_numpy(),
            }
        )
        new = _derived(
            ind,
            "cumulative",
            measure="cumulative",
            valid_range=None,
            title=f"{ind.title} - cumulative",
        )
        return self._new(data, new, baseline=baseline)

    def as_of(self, date: str | pd.Timestamp) -> IndicatorSeries:
        """The series as it was published by ``date`` (older vintages where revised).

        Rows without a ``published`` date count as known from their own date.
        """
        try:
            when = pd.Timestamp(date)
        except (ValueError, TypeError):
            raise ValidationError(f"as_of: cannot parse date {date!r}") from None
        if when.tzinfo is not None:
            when = when.tz_convert("UTC").tz_localize(None)
        d = self._data
        known = d["published"].fillna(d["date"]) if "published" in d.columns else d["date"]
        if when == when.normalize():  # a calendar day: include everything published that day
            when = when + pd.Timedelta(days=1) - pd.Timedelta(1, "ns")
        return self._new(d[known <= when])
