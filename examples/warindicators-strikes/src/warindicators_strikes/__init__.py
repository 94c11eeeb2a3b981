"""warindicators-strikes: an example plugin for warindicators.

It adds the indicator ``outages.energy_infrastructure_strikes`` and the reader
``energy_strikes_csv`` through the ``warindicators.indicators`` and
``warindicators.sources`` entry points declared in its ``pyproject.toml``. Once the
package is installed, ``warindicators`` finds both at first use; nothing has to be
imported.

Examples
--------
>>> from warindicators_strikes import ENERGY_STRIKES, read_energy_strikes_csv, sample_path
>>> ENERGY_STRIKES.id
'outages.energy_infrastructure_strikes'
>>> len(read_energy_strikes_csv(sample_path(), national_total=False))
25
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from .indicators import ENERGY_STRIKES, ENERGY_STRIKES_ID, strike_indicators
from .reader import ENERGY_TARGET_TYPES, SOURCE_ID, read_energy_strikes_csv

__all__ = [
    "ENERGY_STRIKES",
    "ENERGY_STRIKES_ID",
    "ENERGY_TARGET_TYPES",
    "SOURCE_ID",
    "read_energy_strikes_csv",
    "sample_path",
    "strike_indicators",
]


def sample_path() -> Path:
    """Path of the small hand-made sample CSV shipped with the package.

    Returns
    -------
    pathlib.Path
        ``data/sample_strikes.csv`` inside the installed package.

    Examples
    --------
    >>> sample_path().name
    'sample_strikes.csv'
    """
    return Path(str(files(__package__) / "data" / "sample_strikes.csv"))
