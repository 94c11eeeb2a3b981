"""Shared test configuration: a headless plotting backend and the shared data folder."""

from __future__ import annotations

import os
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")
os.environ.setdefault("MPLBACKEND", "Agg")

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The shared third-party data beside the project; skip when it is absent."""
    if not SHARED_DATA.is_dir():
        pytest.skip("shared data folder beside the project is absent")
    return SHARED_DATA
