"""Every built-in reader refuses options it does not know (a misspelt ``published``)."""

from __future__ import annotations

from pathlib import Path

import pytest

import warindicators as wi
from warindicators.errors import ValidationError

FIX = Path(__file__).parent / "fixtures"


@pytest.mark.parametrize("source_id", sorted(s for s in wi.list_sources() if s != "reference"))
def test_unknown_option_is_refused(source_id: str, tmp_path: Path) -> None:
    f = tmp_path / "any.csv"
    f.write_text("x\n1\n")
    with pytest.raises(ValidationError, match="publised"):
        wi.read_source(source_id, f, publised="2024-01-01")


def test_reference_refuses_options() -> None:
    with pytest.raises(ValidationError, match="publised"):
        wi.read_source("reference", publised="2024-01-01")
