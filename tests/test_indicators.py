from __future__ import annotations

import dataclasses

import pytest

import warindicators as wi
from warindicators.errors import (
    RegistryError,
    UnknownIndicatorError,
    ValidationError,
    WarIndicatorsError,
)
from warindicators.indicators import registry

BASE = dict(family="territory", title="T", unit="km2", measure="stock", frequency="D")


def test_required_catalog_entries_have_semantics_and_provenance() -> None:
    expected = {
        "territory.area_occupied_km2": ("stock", None),
        "territory.share_occupied_pct": ("share", None),
        "territory.area_change_km2": ("flow", None),
        "casualties.ru_personnel_claimed": ("cumulative", "RU"),
        "casualties.civilian_killed": ("cumulative", "UA"),
        "casualties.civilian_injured": ("cumulative", "UA"),
        "outages.air_raid_alert_hours": ("flow", None),
        "outages.air_raid_alerts": ("count", None),
        "outages.scheduled_power_off_hours": ("flow", None),
        "outages.possible_power_off_hours": ("flow", None),
        "sanctions.ofac_russia_eo14024_entries": ("stock", "RU"),
        "sanctions.ofac_russia_related_entries": ("stock", "RU"),
        "sanctions.eu_packages": ("count", "EU"),
        "energy.ru_fossil_export_value_eur": ("flow", "RU"),
        "energy.eu_gas_imports_m3": ("flow", "EU"),
    }
    for cat in (
        "tank",
        "apc",
        "field_artillery",
        "mrl",
        "aircraft",
        "helicopter",
        "drone",
        "cruise_missiles",
        "naval_ship",
    ):
        expected[f"casualties.ru_equipment_claimed.{cat}"] = ("cumulative", "RU")
    for iid, (measure, region) in expected.items():
        ind = wi.get_indicator(iid)
        assert ind.measure == measure, iid
        assert ind.unit and ind.origins, iid
        assert ind.origins[0].attribution, iid
        if region:
            assert ind.default_region == region, iid
    assert wi.get_indicator("territory.share_occupied_pct").valid_range == (0.0, 100.0)
    assert wi.get_indicator("casualties.civilian_killed").bound == "lower"
    assert wi.get_indicator("casualties.ru_personnel_claimed").claimed_by
    assert wi.get_indicator("energy.ru_fossil_export_value_eur").bound == "estimate"
    assert "partner" in wi.get_indicator("energy.ru_fossil_export_value_eur").dims
    assert wi.get_indicator("energy.eu_gas_imports_m3").dims == ("partner",)
    assert wi.get_indicator("outages.scheduled_power_off_hours").dims == ("queue",)


def test_indicator_is_frozen_and_cf_attrs() -> None:
    ind = wi.get_indicator("outages.air_raid_alerts")
    with pytest.raises(dataclasses.FrozenInstanceError):
        ind.unit = "x"  # type: ignore[misc]
    assert ind.to_attrs()["cell_methods"] == "time: sum"
    assert wi.get_indicator("territory.area_occupied_km2").cell_method == "time: point"


@pytest.mark.parametrize(
    "changes, match",
    [
        ({"id": "territory"}, "family.name"),
        ({"id": "Territory.Area"}, "family.name"),
        ({"id": "territory.a.b.c"}, "family.name"),
        ({"id": "casualties.x"}, "must start with its family"),
        ({"measure": "level"}, "measure"),
        ({"frequency": "H"}, "frequency"),
        ({"bound": "maybe"}, "bound"),
        ({"valid_range": (5.0, 1.0)}, "above max"),
        ({"valid_range": (1.0,)}, "valid_range"),
        ({"unit": ""}, "unit"),
        ({"dims": ("region",)}, "dims"),
        ({"dims": ("queue", "queue")}, "duplicate"),
    ],
)
def test_indicator_validation(changes: dict, match: str) -> None:
    kwargs = {"id": "territory.x", **BASE, **changes}
    with pytest.raises(ValidationError, match=match):
        wi.Indicator(**kwargs)


def test_only_six_fields_required() -> None:
    ind = wi.Indicator(id="territory.tiny", **BASE)
    assert ind.bound == "exact" and ind.dims == () and ind.valid_range is None


def test_unknown_indicator_suggests_closest() -> None:
    with pytest.raises(UnknownIndicatorError) as err:
        wi.get_indicator("territory.area_ocupied_km2")
    assert "territory.area_occupied_km2" in str(err.value)
    assert isinstance(err.value, WarIndicatorsError)


def test_register_decorator_factory_iterable_and_clash() -> None:
    @wi.register_indicator
    def factory() -> list[wi.Indicator]:
        return [
            wi.Indicator(id="territory.test_reg_a", **BASE),
            wi.Indicator(id="territory.test_reg_b", **BASE),
        ]

    assert callable(factory)
    assert wi.get_indicator("territory.test_reg_b").provider == "user"
    # identical re-registration (a re-run notebook cell) is harmless
    wi.register_indicator(wi.Indicator(id="territory.test_reg_a", **BASE))
    clash = wi.Indicator(id="territory.test_reg_a", **{**BASE, "unit": "m2"})
    with pytest.raises(RegistryError, match="clashes"):
        wi.register_indicator(clash, provider="other-package")
    with pytest.raises(RegistryError):
        wi.register_indicator(
            wi.Indicator(**{**BASE, "id": "territory.area_occupied_km2", "unit": "m2"})
        )
    with pytest.raises(RegistryError):
        wi.register_indicator(42)  # type: ignore[call-overload]
    registry.unregister_indicator("territory.test_reg_a")
    registry.unregister_indicator("territory.test_reg_b")
    with pytest.raises(UnknownIndicatorError):
        wi.get_indicator("territory.test_reg_a")


def test_list_indicators_by_family() -> None:
    fams = {i.family for i in wi.list_indicators()}
    assert {"territory", "casualties", "outages", "sanctions", "energy_exports"} <= fams
    assert all(i.family == "outages" for i in wi.list_indicators("outages"))
