"""The typed metadata of an indicator: :class:`Indicator` and its provenance :class:`Origin`."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any, Literal, get_args

from ..errors import ValidationError

__all__ = [
    "BOUNDS",
    "FAMILIES",
    "FREQUENCIES",
    "MEASURES",
    "Bound",
    "Family",
    "Frequency",
    "Indicator",
    "Measure",
    "Origin",
]

Family = Literal["territory", "casualties", "outages", "sanctions", "energy_exports"]
Measure = Literal["stock", "flow", "cumulative", "rate", "share", "count"]
Frequency = Literal["D", "W", "M", "Q", "Y", "irregular"]
Bound = Literal["exact", "lower", "upper", "approx", "estimate"]

FAMILIES: tuple[str, ...] = get_args(Family)
MEASURES: tuple[str, ...] = get_args(Measure)
FREQUENCIES: tuple[str, ...] = get_args(Frequency)
BOUNDS: tuple[str, ...] = get_args(Bound)

_ID_RE = re.compile(r"^[a-z][a-z0-9_]*\.[a-z0-9][a-z0-9_]*(\.[a-z0-9][a-z0-9_]*)?$")
_DIM_RE = re.compile(r"^[a-z][a-z0-9_]*$")
_RESERVED_DIMS = frozenset(
    {
        "indicator",
        "region",
        "date",
        "value",
        "low",
        "high",
        "status",
        "qualifier",
        "source",
        "published",
        "retrieved",
        "time",
    }
)


@dataclass(frozen=True, slots=True)
class Origin:
    """Provenance of an indicator: who produced the numbers and on what terms.

    Examples
    --------
    >>> Origin(producer="OFAC", title="SDN list", licence="public domain").producer
    'OFAC'
    """

    producer: str
    title: str = ""
    url: str = ""
    licence: str = ""
    attribution: str = ""
    citation: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.producer, str) or not self.producer.strip():
            raise ValidationError("Origin.producer: expected a non-empty string")


@dataclass(frozen=True, slots=True)
class Indicator:
    """Typed metadata of one indicator series.

    Only ``id``, ``family``, ``title``, ``unit``, ``measure`` and ``frequency`` are required.

    Parameters
    ----------
    id
        Dotted id ``family.name`` or ``family.name.sub`` (lower case, digits, ``_``).
    family
        One of the five built-in families, or a family a plugin adds (a lower-case word).
    title, description
        Human-readable title and longer description.
    unit
        Unit of ``value`` (``"km2"``, ``"persons"``, ``"EUR"``, ``"hours"``...).
    measure
        ``stock`` (a level), ``flow`` (per-period amount), ``cumulative`` (running total),
        ``rate``, ``share`` (percent, 0-100) or ``count`` (per-period count of events).
        It decides how the series resamples and turns into per-period values.
    frequency
        Native frequency: ``D``, ``W``, ``M``, ``Q``, ``Y`` or ``irregular``.
    bound
        What the value is: ``exact``, ``lower`` ("at least"), ``upper``, ``approx`` or
        ``estimate`` (a model or map-based estimate).
    valid_range
        ``(min, max)`` with ``None`` for an open side; shares default to ``(0, 100)``.
    dims
        Extra dimensions beyond time and region, e.g. ``("partner",)``.
    regions
        Region codes the indicator is normally given for (documentation and defaults).
    claimed_by
        For claims by one side (e.g. ``"UA General Staff"``): who makes the claim.
    origins
        Provenance (:class:`Origin`), at least one for built-in indicators.

    Examples
    --------
    >>> ind = Indicator(id="territory.area_occupied_km2", family="territory",
    ...                 title="Occupied area", unit="km2", measure="stock", frequency="D")
    >>> ind.name, ind.is_additive
    ('area_occupied_km2', False)
    >>> Indicator(id="bad id", family="territory", title="x", unit="km2",
    ...           measure="stock", frequency="D")
    Traceback (most recent call last):
    ...
    warindicators.errors.ValidationError: Indicator.id: expected 'family.name[.sub]' ...
    """

    id: str
    family: str
    title: str
    unit: str
    measure: Measure
    frequency: Frequency
    description: str = ""
    bound: Bound = "exact"
    valid_range: tuple[float | None, float | None] | None = None
    dims: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    default_region: str | None = None
    claimed_by: str | None = None
    origins: tuple[Origin, ...] = ()
    tags: tuple[str, ...] = ()
    provider: str = "warindicators"
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def __post_init__(self) -> None:
        if not isinstance(self.id, str) or not _ID_RE.match(self.id):
            raise ValidationError(
                f"Indicator.id: expected 'family.name[.sub]' in lower case "
                f"(letters, digits, '_'), got {self.id!r}"
            )
        if not isinstance(self.family, str) or not re.match(r"^[a-z][a-z0-9_]*$", self.family):
            raise ValidationError(
                f"Indicator.family: expected a lower-case word, got {self.family!r}"
            )
        prefix = self.id.split(".", 1)[0]
        # energy_exports indicators use the short prefix 'energy.'
        if prefix != self.family and not (self.family == "energy_exports" and prefix == "energy"):
            raise ValidationError(
                f"Indicator.id: {self.id!r} must start with its family {self.family!r}"
            )
        for name in ("title", "unit"):
            value = getattr(self, name)
            if not isinstance(value, str) or not value.strip():
                raise ValidationError(f"Indicator.{name} of {self.id}: expected a non-empty string")
        if self.measure not in MEASURES:
            raise ValidationError(
                f"Indicator.measure of {self.id}: expected one of {MEASURES}, got {self.measure!r}"
            )
        if self.frequency not in FREQUENCIES:
            raise ValidationError(
                f"Indicator.frequency of {self.id}: expected one of {FREQUENCIES}, "
                f"got {self.frequency!r}"
            )
        if self.bound not in BOUNDS:
            raise ValidationError(
                f"Indicator.bound of {self.id}: expected one of {BOUNDS}, got {self.bound!r}"
            )
        vr = self.valid_range
        if vr is None and self.measure == "share":
            object.__setattr__(self, "valid_range", (0.0, 100.0))
            vr = self.valid_range
        if vr is not None:
            if not isinstance(vr, tuple) or len(vr) != 2:
                raise ValidationError(
                    f"Indicator.valid_range of {self.id}: expected (min, max), got {vr!r}"
                )
            lo, hi = vr
            for v in (lo, hi):
                if v is not None and not isinstance(v, int | float):
                    raise ValidationError(
                        f"Indicator.valid_range of {self.id}: bounds must be numbers or None"
                    )
            if lo is not None and hi is not None and lo > hi:
                raise ValidationError(
                    f"Indicator.valid_range of {self.id}: min {lo} is above max {hi}"
                )
        if not isinstance(self.dims, tuple):
            object.__setattr__(self, "dims", tuple(self.dims))
        for d in self.dims:
            if not isinstance(d, str) or not _DIM_RE.match(d) or d in _RESERVED_DIMS:
                raise ValidationError(
                    f"Indicator.dims of {self.id}: {d!r} is not a valid extra dimension name"
                )
        if len(set(self.dims)) != len(self.dims):
            raise ValidationError(f"Indicator.dims of {self.id}: duplicate dimension")
        for attr in ("regions", "origins", "tags"):
            if not isinstance(getattr(self, attr), tuple):
                object.__setattr__(self, attr, tuple(getattr(self, attr)))
        for o in self.origins:
            if not isinstance(o, Origin):
                raise ValidationError(f"Indicator.origins of {self.id}: expected Origin objects")

    # -- convenience -------------------------------------------------------------------
    @property
    def name(self) -> str:
        """The id without its family prefix."""
        return self.id.split(".", 1)[1]

    @property
    def is_additive(self) -> bool:
        """Whether values over periods add up (flows and counts)."""
        return self.measure in ("flow", "count")

    @property
    def cell_method(self) -> str:
        """CF ``cell_methods`` for the time axis (``time: sum``, ``time: point``...)."""
        return {
            "flow": "time: sum",
            "count": "time: sum",
            "stock": "time: point",
            "cumulative": "time: point",
            "share": "time: mean",
            "rate": "time: mean",
        }[self.measure]

    @property
    def bound_label(self) -> str:
        """Wording used in reports: 'at least', 'claimed by ...', 'estimate'..."""
        if self.claimed_by:
            return f"claimed by {self.claimed_by}"
        return {
            "exact": "",
            "lower": "at least",
            "upper": "at most",
            "approx": "about",
            "estimate": "estimate",
        }[self.bound]

    @property
    def attribution(self) -> str:
        """All attribution lines of the indicator's origins, joined."""
        return "; ".join(o.attribution for o in self.origins if o.attribution)

    def with_(self, **changes: Any) -> Indicator:
        """Return a copy with some fields changed (validated again)."""
        return replace(self, **changes)

    def to_attrs(self) -> dict[str, Any]:
        """Flat metadata for ``pandas``/``xarray`` ``attrs`` (CF-style keys included)."""
        return {
            "indicator": self.id,
            "family": self.family,
            "long_name": self.title,
            "title": self.title,
            "description": self.description,
            "units": self.unit,
            "measure": self.measure,
            "frequency": self.frequency,
            "bound": self.bound,
            "cell_methods": self.cell_method,
            "claimed_by": self.claimed_by or "",
            "source": "; ".join(o.producer for o in self.origins),
            "attribution": self.attribution,
            "licence": "; ".join(sorted({o.licence for o in self.origins if o.licence})),
        }
