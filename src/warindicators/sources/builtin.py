"""The built-in readers, registered lazily: a reader module is imported on first use."""

from __future__ import annotations

import importlib
from typing import Any

import pandas as pd

from ..indicators import origins as o
from .registry import Source

__all__ = ["builtin_sources"]

_GH = "https://raw.githubusercontent.com"


def _lazy(module: str, func: str) -> Any:
    def reader(*paths: Any, **options: Any) -> pd.DataFrame:
        mod = importlib.import_module(f"warindicators.sources.{module}")
        result: pd.DataFrame = getattr(mod, func)(*paths, **options)
        return result

    reader.__name__ = func
    reader.__qualname__ = func
    reader.__doc__ = f"Lazy entry to warindicators.sources.{module}.{func}."
    return reader


def builtin_sources() -> list[Source]:
    """The readers shipped with warindicators."""
    return [
        Source(
            id="reference",
            reader=_lazy("reference", "read_reference"),
            description="Shipped monthly reference figures, sparse facts and dated events",
            licence="per series, see SOURCES.md",
            attribution="see SOURCES.md",
        ),
        Source(
            id="economist_isw_area",
            reader=_lazy("territory", "read_economist_isw_area"),
            description="Economist/ISW daily area assessed as Russian-controlled (CSV, m2)",
            url=f"{_GH}/TheEconomist/the-economist-ukraine-war-dead-and-wounded-estimates/main/"
            "source-data/deaths-and-casualties-data/area_assessed_as_controlled_by_russia.csv",
            filename="area_assessed_as_controlled_by_russia.csv",
            licence=o.ECONOMIST_ISW.licence,
            attribution=o.ECONOMIST_ISW.attribution,
            indicators=(
                "territory.area_occupied_km2",
                "territory.share_occupied_pct",
                "territory.area_change_km2",
            ),
        ),
        Source(
            id="deepstate_geojson",
            reader=_lazy("territory", "read_deepstate_geojson"),
            description="DeepStateMap occupied-territory GeoJSON snapshots (geodesic area)",
            url=f"{_GH}/cyterat/deepstate-map-data/main/data/"
            "deepstatemap_data_{date:%Y%m%d}.geojson",
            filename="deepstatemap_data_{date:%Y%m%d}.geojson",
            licence=o.DEEPSTATE.licence,
            attribution=o.DEEPSTATE.attribution,
            indicators=("territory.area_occupied_km2",),
        ),
        Source(
            id="general_staff_losses",
            reader=_lazy("casualties", "read_general_staff_losses"),
            description="Russian losses claimed by Ukraine's General Staff (personnel/equipment "
            "JSON)",
            url=f"{_GH}/PetroIvaniuk/2022-Ukraine-Russia-War-Dataset/main/data/"
            "russia_losses_equipment.json",
            filename="russia_losses_equipment.json",
            licence=o.GENERAL_STAFF.licence,
            attribution=o.GENERAL_STAFF.attribution,
            indicators=("casualties.ru_personnel_claimed",),
        ),
        Source(
            id="economist_soldier_estimates",
            reader=_lazy("casualties", "read_economist_soldier_estimates"),
            description="Economist list of military death/casualty estimates (CSV)",
            url=f"{_GH}/TheEconomist/the-economist-ukraine-war-dead-and-wounded-estimates/main/"
            "source-data/deaths-and-casualties-data/"
            "Soldier%20deaths_casualties%20in%20Ukraine%20-%20estimates.csv",
            filename="soldier_deaths_casualties_estimates.csv",
            licence=o.ECONOMIST_ESTIMATES.licence,
            attribution=o.ECONOMIST_ESTIMATES.attribution,
            indicators=(
                "casualties.military_deaths_estimate",
                "casualties.military_casualties_estimate",
            ),
        ),
        Source(
            id="ofac_sdn",
            reader=_lazy("sanctions", "read_ofac_sdn"),
            description="OFAC SDN list snapshots (legacy sdn.csv): Russia-related entries",
            url="https://www.treasury.gov/ofac/downloads/sdn.csv",
            filename="sdn.csv",
            licence=o.OFAC.licence,
            attribution=o.OFAC.attribution,
            indicators=(
                "sanctions.ofac_russia_eo14024_entries",
                "sanctions.ofac_russia_related_entries",
            ),
        ),
        Source(
            id="crea_fossil_revenue",
            reader=_lazy("energy", "read_crea_fossil_revenue"),
            description="CREA daily value of Russian fossil exports by destination and commodity",
            url="https://api.russiafossiltracker.com/v0/counter?format=csv",
            filename="crea_fossil_revenue.csv",
            licence=o.CREA_FOSSIL.licence,
            attribution=o.CREA_FOSSIL.attribution,
            indicators=("energy.ru_fossil_export_value_eur",),
        ),
        Source(
            id="crea_gas_imports",
            reader=_lazy("energy", "read_crea_gas_imports"),
            description="CREA daily gas imports into Europe by supplier (m3/day)",
            url=f"{_GH}/energyandcleanair/fossil_shipment_tracker_r/master/requests/"
            "202210_reuters/europe_imports.csv",
            filename="europe_imports.csv",
            licence=o.CREA_GAS.licence,
            attribution=o.CREA_GAS.attribution,
            indicators=("energy.eu_gas_imports_m3",),
        ),
        Source(
            id="dtek_schedule",
            reader=_lazy("outages", "read_dtek_schedule"),
            description="DTEK weekly outage-schedule template expanded over dates (Kyiv time)",
            url=f"{_GH}/andrewjswan/dtek-blackout-schedule-calendars/main/data/kyiv.json",
            filename="kyiv.json",
            licence=o.DTEK.licence,
            attribution=o.DTEK.attribution,
            indicators=("outages.scheduled_power_off_hours", "outages.possible_power_off_hours"),
        ),
        Source(
            id="air_raid_alerts",
            reader=_lazy("outages", "read_air_raid_alerts"),
            description="Official air-raid alert intervals (CSV): hours and alerts per oblast "
            "per day",
            url=f"{_GH}/Vadimkin/ukrainian-air-raid-sirens-dataset/main/datasets/"
            "official_data_en.csv",
            filename="official_data_en.csv",
            licence=o.AIR_RAID.licence,
            attribution=o.AIR_RAID.attribution,
            indicators=(
                "outages.air_raid_alert_hours",
                "outages.air_raid_alerts",
                "outages.air_raid_alert_raion_hours",
            ),
        ),
    ]
