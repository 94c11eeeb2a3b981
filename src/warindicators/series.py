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
from .aggregation import Total
from .aggregation.series import select_series
from .errors import ValidationError
from .indicators import Indicator, get_indicator
from .observations import OPTIONAL_COLUMNS

__all__ = ["IndicatorSeries"]

_DATA_COLS = ("date", "value", *OPTIONAL_COLUMNS, "n_obs", "as_of", "coverage", "partial")


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

    __slots__ = ("_baseline", "_combined", "_data", "_indicator", "_region", "_selection")

    def __init__(
        self,
        indicator: Indicator | str,
        region: str,
        data: pd.DataFrame,
        *,
        selection: dict[str, str] | None = None,
        baseline: float | None = None,
        combined: Total | None = None,
    ) -> None:
        self._combined = combined
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
            One value per extra dimension (e.g. ``partner="CN"``), and optionally
            ``source=`` to pick one publisher.

        Notes
        -----
        Without ``region`` and with several regions (none of them ``"UA"`` or the
        indicator's default), and for an extra dimension left out that has several values,
        the parts are combined by :func:`warindicators.total`: flows, counts, stocks and
        cumulative totals are summed (``region`` becomes ``"*"``, the dimension ``"*"``, and
        ``to_pandas().attrs["aggregation"]`` says what was summed); shares and rates, and
        estimates by different publishers, are never summed: then a
        :class:`~warindicators.errors.ValidationError` gives the reason and what to pass.
        Values of two readers (``source`` ids of registered readers) are never joined into
        one series either, even on different dates: pass ``source=``.

        Examples
        --------
        >>> import pandas as pd, warindicators as wi
        >>> f = pd.DataFrame({"indicator": "outages.air_raid_alerts",
        ...                   "region": ["UA-32", "UA-46"], "date": "2024-01-31",
        ...                   "value": [10.0, 2.0]})
        >>> s = wi.IndicatorSeries.from_frame(f, "outages.air_raid_alerts")
        >>> s.region, s.to_pandas().tolist(), s.to_pandas().attrs["aggregation"]
        ('*', [12.0], 'sum of 2 regions (UA-32, UA-46)')
        >>> wi.IndicatorSeries.from_frame(f.assign(indicator="territory.share_occupied_pct"),
        ...                               "territory.share_occupied_pct")
        Traceback (most recent call last):
        ...
        warindicators.errors.ValidationError: territory.share_occupied_pct: shares are not summed over regions: ...
        """
        ind = get_indicator(indicator)
        region, data, chosen, combined = select_series(frame, ind, region, selection)
        return cls(ind, region, data, selection=chosen, combined=combined)

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
    def coverage(self) -> pd.Series:
        """Share (0-1) of each period that the observations cover, indexed like
        :meth:`to_pandas`.

        After :meth:`resample`, a period the data cover only in part (a daily flow ending
        mid-month, a level last observed before the period's end) has coverage below 1;
        :meth:`resample` gives the definition per measure. Observations at their own
        frequency cover their period (coverage 1).

        Examples
        --------
        >>> import pandas as pd, warindicators as wi
        >>> obs = pd.DataFrame({"indicator": "outages.air_raid_alert_hours",
        ...                     "region": "UA-32", "value": 2.0,
        ...                     "date": pd.date_range("2026-05-01", "2026-06-15")})
        >>> m = wi.IndicatorSeries.from_frame(obs, "outages.air_raid_alert_hours").resample("M")
        >>> m.coverage.tolist(), m.partial.tolist(), m.to_pandas().tolist()
        ([1.0, 0.5], [False, True], [62.0, 30.0])
        """
        f = self.frame
        if "coverage" in f.columns:
            out = f["coverage"].astype("float64")
        else:
            out = pd.Series(1.0, index=f.index).where(f["value"].notna(), 0.0)
        out = out.rename("coverage")
        out.index.name = "date"
        return out

    @property
    def partial(self) -> pd.Series:
        """``True`` for periods the observations cover only in part (``0 < coverage < 1``)."""
        c = self.coverage
        return ((c > 0) & (c < 1 - 1e-12)).rename("partial")

    @property
    def as_of_dates(self) -> pd.Series:
        """The date each value is as of: its period's last observation (the date itself
        before resampling)."""
        f = self.frame
        if "as_of" in f.columns:
            out = pd.to_datetime(f["as_of"])
        else:
            out = pd.Series(f.index, index=f.index).where(f["value"].notna())
        out = out.astype("datetime64[ns]").rename("as_of")
        out.index.name = "date"
        return out

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
        f = latest_vintage(self._data, ["date"]) if "coverage" in self._data.columns else None
        if f is not None:
            part = f[(f["coverage"] > 0) & (f["coverage"] < 1 - 1e-12)]
            dates = part["date"].dt.strftime("%Y-%m-%d").tolist()
            # only the partial periods: every other period is complete or missing (NaN)
            attrs["coverage"] = dict(zip(dates, part["coverage"].astype(float), strict=True))
            attrs["partial_periods"] = dates
        if self._combined is not None:
            attrs["aggregation"] = self._combined.label
            attrs["parts"] = list(self._combined.parts)
            if self._combined.notes:
                attrs["aggregation_notes"] = list(self._combined.notes)
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
            combined=self._combined,
        )

    # -- semantics -----------------------------------------------------------------------
    def resample(self, freq: str) -> IndicatorSeries:
        """Aggregate to ``freq`` (D, W, M, Q, Y) as the measure says.

        Flows and counts are summed, stocks and cumulative totals take the period's last
        value, shares and rates are averaged. A period with no observation is missing, not
        zero. Dates are period ends. Resampling to a finer frequency raises.

        Periods the data cover only in part are marked: :attr:`coverage` (0-1),
        :attr:`partial` (``0 < coverage < 1``), :attr:`as_of_dates` (each period's last
        observation), the ``coverage``/``partial``/``as_of`` columns of :meth:`to_frame`,
        status ``"P"``, and ``to_pandas().attrs`` (``partial_periods``: their dates;
        ``coverage``: date -> fraction for each of them).

        Coverage is measured at the native frequency of the data (inferred from the dates,
        from their median spacing when there are gaps, else the indicator's declared
        frequency):

        * flows, counts, shares and rates: native periods observed / native periods in the
          period: days with a value / days in the month for daily data, weeks of a 7-day
          grid anchored on the observations for weekly data, months / 3 for monthly data in
          a quarter. Irregular observations: the share of the period inside the span from
          the first to the last observation.
        * stocks and cumulative totals (the value is the period's last level): 1 when the
          next observation due at the native frequency falls after the period's end (the
          level is known up to the end), else the fraction of the period elapsed by the
          last observation ("as of" that day).

        A period without any observation has value NaN and coverage 0 (missing, not
        partial); coverage is NaN where the observations are coarser than the period.

        Examples
        --------
        >>> import pandas as pd, warindicators as wi
        >>> obs = pd.DataFrame({"indicator": "territory.area_occupied_km2", "region": "UA",
        ...                     "date": pd.to_datetime(["2026-04-30", "2026-05-31",
        ...                                             "2026-06-15"]),
        ...                     "value": [100.0, 110.0, 120.0]})
        >>> m = wi.IndicatorSeries.from_frame(obs, "territory.area_occupied_km2").resample("M")
        >>> m.to_pandas().attrs["partial_periods"], m.as_of_dates.iloc[-1].date()
        (['2026-06-30'], datetime.date(2026, 6, 15))
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
