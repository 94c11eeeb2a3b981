"""Frequency helpers: the library's codes (D, W, M, Q, Y) as pandas period-end offsets."""

from __future__ import annotations

from typing import Final

import pandas as pd

from .errors import ValidationError
from .indicators.model import Frequency

__all__ = ["FREQ_ALIASES", "freq_rank", "infer_frequency", "to_offset"]

FREQ_ALIASES: Final[dict[str, str]] = {
    "D": "D",
    "W": "W-SUN",
    "M": "ME",
    "ME": "ME",
    "Q": "QE",
    "QE": "QE",
    "Y": "YE",
    "YE": "YE",
    "A": "YE",
    "W-SUN": "W-SUN",
}
_RANK: Final[dict[str, int]] = {"D": 0, "W": 1, "M": 2, "Q": 3, "Y": 4, "irregular": -1}


def to_offset(freq: str) -> str:
    """Pandas alias (period end) for a library frequency code.

    Examples
    --------
    >>> to_offset("M"), to_offset("W"), to_offset("Y")
    ('ME', 'W-SUN', 'YE')
    """
    try:
        return FREQ_ALIASES[str(freq).upper()]
    except KeyError:
        raise ValidationError(
            f"freq: unknown frequency {freq!r}; expected one of D, W, M, Q, Y"
        ) from None


def canonical(freq: str) -> Frequency:
    """Library code (D, W, M, Q, Y) of a frequency alias.

    Examples
    --------
    >>> canonical("ME"), canonical("W")
    ('M', 'W')
    """
    alias = to_offset(freq)
    codes: dict[str, Frequency] = {"D": "D", "W-SUN": "W", "ME": "M", "QE": "Q", "YE": "Y"}
    return codes[alias]


def freq_rank(freq: str) -> int:
    """Order of frequencies from fine (D=0) to coarse (Y=4); irregular is -1."""
    return _RANK.get(freq, -1)


def infer_frequency(index: pd.DatetimeIndex) -> str:
    """The library code of a date index's spacing (``irregular`` when unclear).

    Examples
    --------
    >>> infer_frequency(pd.date_range("2024-01-31", periods=4, freq="ME"))
    'M'
    >>> infer_frequency(pd.DatetimeIndex(["2024-01-01", "2024-01-02", "2024-01-09"]))
    'irregular'
    """
    if len(index) < 2:
        return "irregular"
    d = pd.Series(index).diff().dropna().dt.days
    med = float(d.median())
    if med == 1 and d.max() <= 1:
        return "D"
    if med == 7 and d.max() <= 7 and d.min() >= 7:
        return "W"
    if 28 <= d.min() and d.max() <= 31 and (index.is_month_end.all()):
        return "M"
    if 89 <= d.min() and d.max() <= 92:
        return "Q"
    if 365 <= d.min() and d.max() <= 366:
        return "Y"
    return "irregular"


__all__ += ["canonical"]
