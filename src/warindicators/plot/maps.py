"""Choropleth maps of oblast-level indicators on the oblast boundaries shipped with the package.

The boundaries (``data/geo/ua_oblasts.geojson``, derived from geoBoundaries UKR ADM1; see
``data/geo/SOURCES.md``) are keyed by ISO 3166-2:UA code. Every map carries
:data:`BOUNDARIES_ATTRIBUTION`. Drawing uses :meth:`geopandas.GeoDataFrame.plot` and
matplotlib's public API.
"""

from __future__ import annotations

import math
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any, Final

import numpy as np
import pandas as pd

from .._freq import canonical
from .._semantics import latest_vintage, resample_frame
from ..errors import ValidationError
from ..indicators import Indicator, get_indicator
from ..regions import UA_OBLASTS

if TYPE_CHECKING:
    import geopandas as gpd
    from matplotlib.axes import Axes
    from matplotlib.colors import Colormap, Normalize
    from matplotlib.figure import Figure

__all__ = [
    "BOUNDARIES_ATTRIBUTION",
    "DEFAULT_CMAP",
    "DIVERGING_CMAP",
    "MISSING_STYLE",
    "by_oblast",
    "choropleth",
    "choropleth_grid",
    "oblast_boundaries",
]

#: Attribution line of the boundary data: printed on every map.
BOUNDARIES_ATTRIBUTION: Final[str] = (
    "Boundaries: geoBoundaries (Runfola et al. 2020), UKR ADM1; source SSPE Kartographia / OCHA"
)
#: Sequential colormap used when none is given.
DEFAULT_CMAP: Final[str] = "YlOrRd"
#: Colormap used when none is given and the values have both signs (centred on zero).
DIVERGING_CMAP: Final[str] = "RdBu_r"
#: How regions without a value are drawn (and shown in the legend).
MISSING_STYLE: Final[dict[str, Any]] = {
    "facecolor": "#d9d9d9",
    "edgecolor": "#8c8c8c",
    "hatch": "///",
    "linewidth": 0.4,
}
_EDGE: Final[dict[str, Any]] = {"edgecolor": "white", "linewidth": 0.5}
_FILE: Final[str] = "ua_oblasts.geojson"


@lru_cache(maxsize=1)
def _boundaries() -> gpd.GeoDataFrame:
    import geopandas as gpd

    path = resources.files("warindicators") / "data" / "geo" / _FILE
    with resources.as_file(path) as p:
        gdf = gpd.read_file(p)
    return gdf[["region", "name", "geometry"]].sort_values("region").reset_index(drop=True)


def oblast_boundaries() -> gpd.GeoDataFrame:
    """The 27 first-level units of Ukraine as a GeoDataFrame (WGS84 longitude/latitude).

    Columns: ``region`` (ISO 3166-2:UA code: 24 oblasts, Kyiv city ``UA-30``, Sevastopol
    ``UA-40``, Crimea ``UA-43``), ``name`` (English) and ``geometry``. Simplified for
    drawing; do not compute areas from it. Print :data:`BOUNDARIES_ATTRIBUTION` with it.

    Examples
    --------
    >>> from warindicators.plot.maps import oblast_boundaries
    >>> b = oblast_boundaries()
    >>> len(b), list(b.columns), b.crs.to_epsg()
    (27, ['region', 'name', 'geometry'], 4326)
    >>> b.set_index("region").loc["UA-30", "name"]
    'Kyiv City'
    """
    return _boundaries().copy()


def _as_values(values: pd.Series, what: str = "values") -> pd.Series:
    if not isinstance(values, pd.Series):
        raise ValidationError(
            f"{what}: expected a pandas Series indexed by ISO 3166-2:UA code, "
            f"got {type(values).__name__}"
        )
    idx = values.index.astype(str)
    unknown = sorted(set(idx) - set(UA_OBLASTS))
    if unknown:
        raise ValidationError(
            f"{what}: {unknown} are not ISO 3166-2:UA oblast codes (expected e.g. 'UA-32'; "
            "convert names with warindicators.oblast_code; national totals have no map)"
        )
    if idx.duplicated().any():
        raise ValidationError(f"{what}: duplicate regions {sorted(set(idx[idx.duplicated()]))}")
    try:
        out = pd.Series(pd.to_numeric(values.to_numpy()), index=idx, dtype="float64")
    except (TypeError, ValueError):
        raise ValidationError(f"{what}: expected numeric values") from None
    return out


def _scale(
    v: np.ndarray, cmap: str | Colormap | None, vmin: float | None, vmax: float | None
) -> tuple[Colormap, Normalize]:
    """Colormap and normalisation: the given ones, else :data:`DEFAULT_CMAP` from the
    smallest to the largest value, or :data:`DIVERGING_CMAP` centred on zero when the values
    have both signs."""
    import matplotlib
    from matplotlib.colors import Colormap, Normalize

    finite = v[np.isfinite(v)]
    lo = float(vmin) if vmin is not None else (float(finite.min()) if finite.size else 0.0)
    hi = float(vmax) if vmax is not None else (float(finite.max()) if finite.size else 1.0)
    if hi < lo:
        raise ValidationError(f"vmin/vmax: vmin {lo} is above vmax {hi}")
    name: str | Colormap = DEFAULT_CMAP if cmap is None else cmap
    if cmap is None and lo < 0 < hi and vmin is None and vmax is None:
        name = DIVERGING_CMAP
        lo, hi = -max(-lo, hi), max(-lo, hi)
    if hi == lo:  # one value: centre it in the scale
        lo, hi = lo - 0.5 * (abs(lo) or 1.0), hi + 0.5 * (abs(hi) or 1.0)
    if isinstance(name, Colormap):
        cm = name
    else:
        try:
            cm = matplotlib.colormaps[name]
        except KeyError:
            raise ValidationError(f"cmap: unknown colormap {name!r}") from None
    return cm, Normalize(vmin=lo, vmax=hi)


def _draw(ax: Axes, values: pd.Series, cmap: Colormap, norm: Normalize) -> int:
    """Draw the regions with a value in colour and the others hatched; return how many
    regions have no value."""
    gdf = _boundaries().merge(
        values.rename("value").rename_axis("region").reset_index(), on="region", how="left"
    )
    have = gdf["value"].notna()
    if have.any():
        gdf[have].plot(column="value", ax=ax, cmap=cmap, norm=norm, **_EDGE)
    if (~have).any():
        gdf[~have].plot(ax=ax, **MISSING_STYLE)
    ax.set_axis_off()
    return int((~have).sum())


def _missing_handle(label: str) -> Any:
    from matplotlib.patches import Patch

    return Patch(label=label, **MISSING_STYLE)


def choropleth(
    values: pd.Series,
    *,
    ax: Axes | None = None,
    title: str | None = None,
    unit: str | None = None,
    cmap: str | Colormap | None = None,
    vmin: float | None = None,
    vmax: float | None = None,
    missing_label: str = "no data",
    colorbar: bool = True,
    attribution: bool = True,
) -> Axes:
    """Map of one value per oblast.

    Parameters
    ----------
    values
        Values indexed by ISO 3166-2:UA code (``"UA-32"``...). Oblasts absent from the
        index or with NaN are drawn grey and hatched, with a legend entry
        ``missing_label``. Codes that are not oblasts (``"UA"``, ``"RU"``, names) raise.
    ax
        Axes to draw on; a new figure when None.
    title, unit
        Axes title, and the colour bar's label (the values' unit).
    cmap, vmin, vmax
        Colormap (name or object) and the ends of the colour scale. By default
        :data:`DEFAULT_CMAP` from the smallest to the largest value, or, when the values
        have both signs, :data:`DIVERGING_CMAP` symmetric around zero.
    missing_label
        Legend text for oblasts without a value.
    colorbar, attribution
        Draw the colour bar (not drawn when no oblast has a value), and
        :data:`BOUNDARIES_ATTRIBUTION` under the map (leave both on unless the figure shows
        them once for several maps).

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import pandas as pd
    >>> from warindicators.plot.maps import choropleth
    >>> ax = choropleth(pd.Series({"UA-30": 120.0, "UA-46": 40.0, "UA-63": 310.0}),
    ...                 title="Air-raid alert hours, 2024-01", unit="hours")
    >>> ax.get_title(), ax.get_legend().get_texts()[0].get_text()
    ('Air-raid alert hours, 2024-01', 'no data')
    """
    import matplotlib.pyplot as plt
    from matplotlib.cm import ScalarMappable

    vals = _as_values(values)
    if ax is None:
        _, ax = plt.subplots(figsize=(8.0, 5.6), layout="constrained")
    cm, norm = _scale(vals.to_numpy(), cmap, vmin, vmax)
    n_missing = _draw(ax, vals, cm, norm)
    if n_missing:
        ax.legend(handles=[_missing_handle(missing_label)], loc="lower left", frameon=False)
    if colorbar and np.isfinite(vals.to_numpy()).any():
        fig = ax.get_figure()
        assert fig is not None
        fig.colorbar(
            ScalarMappable(norm=norm, cmap=cm), ax=ax, label=unit or "", shrink=0.7, pad=0.01
        )
    if title is not None:
        ax.set_title(title)
    if attribution:
        ax.text(
            0.0,
            -0.01,
            BOUNDARIES_ATTRIBUTION,
            transform=ax.transAxes,
            fontsize="x-small",
            color="#555555",
            va="top",
            ha="left",
        )
    return ax


def choropleth_grid(
    frame: pd.DataFrame,
    *,
    col: str = "period",
    value: str = "value",
    region: str = "region",
    col_wrap: int = 4,
    unit: str | None = None,
    title: str | None = None,
    height: float = 3.0,
    cmap: str | Colormap | None = None,
    vmin: float | None = None,
    vmax: float | None = None,
    missing_label: str = "no data",
    partial: str | None = "partial",
) -> Figure:
    """Small multiples: one map per value of ``col`` (e.g. per period), one colour scale.

    Parameters
    ----------
    frame
        Long format: ``region`` (ISO 3166-2:UA code), ``col`` and ``value`` columns, one
        row per region and map.
    col, value, region
        Column names of the map key (maps in sorted order), the values, the region codes.
    col_wrap
        Maps per row.
    unit, title
        Colour bar label and figure title.
    height
        Height of one map in inches (maps are 1.4 times as wide).
    cmap, vmin, vmax, missing_label
        As in :func:`choropleth`; the scale spans all maps unless ``vmin``/``vmax`` fix it.
    partial
        Name of a boolean column marking values of periods the data cover only in part;
        a map with any such value is titled "(partial)". Ignored when absent.

    Returns
    -------
    matplotlib.figure.Figure
        With one colour bar, one legend entry for oblasts without data (if any) and the
        boundaries' attribution line. It is not registered with pyplot: save it with
        ``savefig``, or make it a notebook cell's last expression (or ``display`` it) to
        show it.

    Examples
    --------
    >>> import pandas as pd
    >>> from warindicators.plot.maps import choropleth_grid
    >>> f = pd.DataFrame({"period": ["2024-01", "2024-01", "2024-02"],
    ...                   "region": ["UA-30", "UA-46", "UA-30"], "value": [1.0, 2.0, 3.0]})
    >>> fig = choropleth_grid(f, unit="hours")
    >>> [ax.get_title() for ax in fig.axes[:2]]
    ['2024-01', '2024-02']
    """
    from matplotlib.cm import ScalarMappable
    from matplotlib.figure import Figure

    if not isinstance(frame, pd.DataFrame):
        raise ValidationError(f"frame: expected a pandas DataFrame, got {type(frame).__name__}")
    missing_cols = [c for c in (col, value, region) if c not in frame.columns]
    if missing_cols:
        raise ValidationError(
            f"frame: missing column(s) {missing_cols}; expected {region!r}, {col!r}, {value!r}"
        )
    if col_wrap < 1:
        raise ValidationError(
            f"col_wrap: expected a positive number of maps per row, got {col_wrap}"
        )
    if frame.empty:
        raise ValidationError("frame: no rows to map")
    keys = sorted(pd.unique(frame[col]), key=lambda k: (str(type(k)), k))
    per_key = {}
    for k in keys:
        rows = frame[frame[col] == k]
        per_key[k] = _as_values(
            pd.Series(rows[value].to_numpy(), index=rows[region].astype(str)), f"{col}={k}"
        )
    allv = np.concatenate([v.to_numpy() for v in per_key.values()])
    cm, norm = _scale(allv, cmap, vmin, vmax)
    ncols = min(len(keys), col_wrap)
    nrows = math.ceil(len(keys) / ncols)
    # a figure outside pyplot (matplotlib's documented ``Figure`` constructor): its canvas
    # renders only when saved or shown, so the redraw GeoDataFrame.plot requests after
    # each layer does not lay out and render the whole grid again every time
    fig = Figure(figsize=(ncols * height * 1.4, nrows * height + 0.9), layout="constrained")
    axes = fig.subplots(nrows, ncols, squeeze=False)
    any_missing = False
    for ax, k in zip(axes.flat, keys, strict=False):
        any_missing |= _draw(ax, per_key[k], cm, norm) > 0
        label = str(k.date()) if isinstance(k, pd.Timestamp) else str(k)
        if partial and partial in frame.columns:
            flags = frame.loc[frame[col] == k, partial]
            if flags.fillna(False).astype(bool).any():
                label += " (partial)"
        ax.set_title(label)
    for ax in axes.flat[len(keys) :]:
        ax.set_visible(False)
    fig.colorbar(
        ScalarMappable(norm=norm, cmap=cm),
        ax=axes.ravel().tolist(),
        label=unit or "",
        shrink=0.8 if nrows > 1 else 0.9,
    )
    if any_missing:
        fig.legend(
            handles=[_missing_handle(missing_label)], loc="outside lower left", frameon=False
        )
    fig.text(
        0.99,
        0.005,
        BOUNDARIES_ATTRIBUTION,
        fontsize="x-small",
        color="#555555",
        ha="right",
        va="bottom",
    )
    if title is not None:
        fig.suptitle(title)
    return fig


def _period_label(end: pd.Timestamp, code: str) -> str:
    if code == "W":
        year, week, _ = end.isocalendar()
        return f"{year}-W{week:02d}"
    if code == "D":
        return str(end.date())
    return str(pd.Period(end, freq={"M": "M", "Q": "Q", "Y": "Y"}[code]))


def by_oblast(
    frame: pd.DataFrame, *, freq: str = "M", indicator: Indicator | str | None = None
) -> pd.DataFrame:
    """Per-oblast values of one indicator per period, ready for :func:`choropleth_grid`.

    Each oblast's observations (latest vintage) are resampled by the indicator's measure
    (flows summed, levels last, shares and rates averaged: never combined across oblasts),
    with the coverage of each period (see :meth:`IndicatorSeries.resample
    <warindicators.IndicatorSeries.resample>`).

    Parameters
    ----------
    frame
        Long-format observations of one indicator (other regions, such as ``"UA"``, are
        left out and named in ``attrs["left_out_regions"]``).
    freq
        Period length: ``D``, ``W``, ``M``, ``Q`` or ``Y``.
    indicator
        The indicator, when ``frame`` has no ``indicator`` column.

    Returns
    -------
    pandas.DataFrame
        Columns ``region``, ``period`` (``2024-01``, ``2024-W05``, ``2024Q1``...), ``date``
        (the period's end), ``value``, ``coverage`` and ``partial``.

    Examples
    --------
    >>> import pandas as pd
    >>> from warindicators.plot.maps import by_oblast
    >>> f = pd.DataFrame({"indicator": "outages.air_raid_alert_hours",
    ...                   "region": ["UA-30", "UA-30", "UA"],
    ...                   "date": pd.to_datetime(["2024-01-31", "2024-02-29", "2024-01-31"]),
    ...                   "value": [5.0, 7.0, 99.0]})
    >>> out = by_oblast(f)
    >>> out[["region", "period", "value", "partial"]].to_dict("records")[0]
    {'region': 'UA-30', 'period': '2024-01', 'value': 5.0, 'partial': False}
    >>> out.attrs["left_out_regions"]
    ['UA']
    """
    if not isinstance(frame, pd.DataFrame):
        raise ValidationError(f"frame: expected a pandas DataFrame, got {type(frame).__name__}")
    for c in ("region", "date", "value"):
        if c not in frame.columns:
            raise ValidationError(f"frame: missing column {c!r}")
    if indicator is None:
        if "indicator" not in frame.columns:
            raise ValidationError("frame: no 'indicator' column; pass indicator=")
        ids = sorted(pd.unique(frame["indicator"].dropna().astype(str)))
        if len(ids) != 1:
            raise ValidationError(f"frame: expected observations of one indicator, got {ids}")
        indicator = ids[0]
    ind = get_indicator(indicator)
    code = canonical(freq)
    regions = frame["region"].astype(str)
    left_out = sorted(set(regions) - set(UA_OBLASTS))
    sub = frame[regions.isin(list(UA_OBLASTS))].copy()
    cols = ["region", "period", "date", "value", "coverage", "partial"]
    if sub.empty:
        out = pd.DataFrame(columns=cols)
    else:
        sub["date"] = pd.to_datetime(sub["date"]).astype("datetime64[ns]")
        groups = ["region", *[d for d in ind.dims if d in sub.columns]]
        if any(sub[d].nunique(dropna=False) > 1 for d in groups[1:]):
            raise ValidationError(
                f"frame: {ind.id} varies by {groups[1:]}; select one value of each first"
            )
        if "source" in sub.columns:  # publishers are never merged into one map value
            sub = latest_vintage(sub, [*groups, "source", "date"])
            if sub.duplicated([*groups, "date"]).any():
                names = sorted(str(v) for v in pd.unique(sub["source"].dropna()))
                raise ValidationError(
                    f"frame: {ind.id} has values of several sources for one oblast and date "
                    f"({', '.join(names)}); select one source first"
                )
        sub = latest_vintage(sub, [*groups, "date"])
        res = resample_frame(sub, ind, freq, groups=["region"])
        res["period"] = [_period_label(d, code) for d in res["date"]]
        out = res[cols].reset_index(drop=True)
    out.attrs["left_out_regions"] = left_out
    out.attrs["indicator"] = ind.id
    out.attrs["units"] = ind.unit
    return out
