from __future__ import annotations

import pytest

from warindicators.errors import ValidationError
from warindicators.regions import (
    UA_OBLASTS,
    oblast_code,
    region_name,
    region_scheme,
    validate_region,
)


def test_all_27_iso_3166_2_ua_codes() -> None:
    assert len(UA_OBLASTS) == 27
    assert all(region_scheme(c) == "ISO3166-2:UA" for c in UA_OBLASTS)


@pytest.mark.parametrize(
    "name, code",
    [
        ("Kyivska oblast", "UA-32"),
        ("Kyiv City", "UA-30"),
        ("Kyiv Oblast", "UA-32"),
        ("м. Київ", "UA-30"),
        ("Vinnytska oblast", "UA-05"),
        ("Ivano-Frankivska oblast", "UA-26"),
        ("Zaporizhzhia Oblast", "UA-23"),
        ("Odeska oblast", "UA-51"),
        ("Luhanska oblast", "UA-09"),
        ("Autonomous Republic of Crimea", "UA-43"),
        ("  kharkivska   OBLAST ", "UA-63"),
        ("Київська область", "UA-32"),
        ("UA-77", "UA-77"),
    ],
)
def test_oblast_names(name: str, code: str) -> None:
    assert oblast_code(name) == code


def test_every_source_style_name_round_trips() -> None:
    for code, (en, adj, uk) in UA_OBLASTS.items():
        assert oblast_code(en) == code
        assert oblast_code(uk) == code
        if code not in ("UA-30", "UA-40", "UA-43"):
            assert oblast_code(f"{adj} oblast") == code


def test_schemes_and_errors() -> None:
    assert region_scheme("RU") == "ISO3166-1"
    assert region_scheme("EU") == "group"
    assert region_scheme("UA-99") is None
    with pytest.raises(ValidationError, match="UA-32"):
        validate_region("Kyivska oblast")
    assert region_name("UA-30") == "Kyiv City"


def test_raion_counts_cover_every_oblast_and_sum_to_the_2020_division() -> None:
    from warindicators.regions import RAION_COUNTS, UA_OBLASTS

    assert set(RAION_COUNTS) == set(UA_OBLASTS)
    cities = {"UA-30", "UA-40"}  # counted as one unit each
    assert sum(n for c, n in RAION_COUNTS.items() if c not in cities) == 136
    assert all(RAION_COUNTS[c] == 1 for c in cities)
