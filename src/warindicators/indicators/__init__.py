"""Typed indicators: the :class:`Indicator` model, its registry and the built-in catalog."""

from .catalog import (
    EQUIPMENT_CATEGORIES,
    builtin_indicators,
    category_slug,
    correction_indicator,
    equipment_indicator,
    pow_indicator,
)
from .model import (
    BOUNDS,
    FAMILIES,
    FREQUENCIES,
    MEASURES,
    Bound,
    Family,
    Frequency,
    Indicator,
    Measure,
    Origin,
)
from .registry import (
    ENTRY_POINT_GROUP,
    get_indicator,
    list_indicators,
    register_indicator,
    unregister_indicator,
)

__all__ = [
    "BOUNDS",
    "ENTRY_POINT_GROUP",
    "EQUIPMENT_CATEGORIES",
    "FAMILIES",
    "FREQUENCIES",
    "MEASURES",
    "Bound",
    "Family",
    "Frequency",
    "Indicator",
    "Measure",
    "Origin",
    "builtin_indicators",
    "category_slug",
    "correction_indicator",
    "equipment_indicator",
    "get_indicator",
    "list_indicators",
    "pow_indicator",
    "register_indicator",
    "unregister_indicator",
]
