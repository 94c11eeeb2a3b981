"""The synthetic panel of ``panel_scale.py``, block by block, as an importable module.

A function defined in a script (``__main__``) travels by value: ``cloudpickle`` pickles
its code, and its globals, into every task that calls it, and a worker keeps each task's
deserialized copy for as long as the computation runs (about 14 KB pickled per block
here). Defined in a module the workers can import (``Client.upload_file``), it travels
as a reference of a few dozen bytes, as a user's own library function would.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy.signal import lfilter

__all__ = ["block", "synthetic_rows"]


def synthetic_rows(n_series: int, n_days: int, seed: int) -> np.ndarray:
    """``n_series`` rows: 0-3 level shifts (sd 30) and AR(1) noise (phi 0.5, sd 10)."""
    rng = np.random.default_rng(seed)
    out = np.empty((n_series, n_days))
    for i in range(n_series):
        k = int(rng.integers(0, 4))
        cps = np.sort(rng.choice(np.arange(50, n_days - 50), size=k, replace=False))
        level = np.repeat(rng.normal(0, 3, k + 1), np.diff(np.r_[0, cps, n_days]))
        noise = lfilter([1.0], [1.0, -0.5], rng.normal(size=n_days))
        out[i] = 100 + 10 * level + 10 * noise
    return out


def block(n_days: int, block_info: Any = None) -> np.ndarray:
    """The rows of one block of ``dask.array.map_blocks`` (seeded by its first row)."""
    info = block_info[None]
    (start, stop), _ = info["array-location"]
    return synthetic_rows(stop - start, n_days, seed=1_000_003 + start)
