"""Provenance records (:class:`~warindicators.indicators.model.Origin`) of the built-in sources."""

from __future__ import annotations

from .model import Origin

__all__ = [
    "AIR_RAID",
    "CREA_FOSSIL",
    "CREA_GAS",
    "DEEPSTATE",
    "DTEK",
    "ECONOMIST_ESTIMATES",
    "ECONOMIST_ISW",
    "EU_COUNCIL",
    "GENERAL_STAFF",
    "OFAC",
    "OFAC_KINDRAT86",
    "OFAC_PANEL",
    "OHCHR",
    "OHCHR_MONTHLY",
]

ECONOMIST_ISW = Origin(
    producer="The Economist, based on ISW/CTP maps",
    title="Area assessed as controlled by Russia",
    url="https://github.com/TheEconomist/the-economist-ukraine-war-dead-and-wounded-estimates",
    licence="CC BY 4.0",
    attribution="Source: The Economist, based on ISW/CTP maps",
)
DEEPSTATE = Origin(
    producer="DeepStateMap.Live",
    title="Occupied-territory polygons",
    url="https://github.com/cyterat/deepstate-map-data",
    licence="GPL-3.0",
    attribution="Occupied-territory polygons: DeepStateMap.Live, via cyterat/deepstate-map-data",
)
GENERAL_STAFF = Origin(
    producer="General Staff of the Armed Forces of Ukraine",
    title="Russian losses (claims), dataset by Petro Ivaniuk",
    url="https://github.com/PetroIvaniuk/2022-Ukraine-Russia-War-Dataset",
    licence="MIT",
    attribution=(
        "Russian losses as claimed by the General Staff of the Armed Forces of Ukraine; "
        "dataset by Petro Ivaniuk (MIT)"
    ),
)
ECONOMIST_ESTIMATES = Origin(
    producer="The Economist",
    title="Soldier deaths and casualties in Ukraine: estimates",
    url="https://github.com/TheEconomist/the-economist-ukraine-war-dead-and-wounded-estimates",
    licence="CC BY 4.0",
    attribution="Source: The Economist, compiled from the estimates' original publishers",
)
OHCHR = Origin(
    producer="UN OHCHR / Human Rights Monitoring Mission in Ukraine",
    title="Civilian casualties in Ukraine (verified)",
    url="https://ukraine.un.org/en/resources/publications",
    licence="UN terms of use; figures quoted as reported",
    attribution="UN OHCHR / Human Rights Monitoring Mission in Ukraine",
)
AIR_RAID = Origin(
    producer="Ukraine's official air-raid alert channel",
    title="Air-raid alert records (official)",
    url="https://github.com/Vadimkin/ukrainian-air-raid-sirens-dataset",
    licence="MIT",
    attribution=(
        "Air-raid alert records: Vadimkin/ukrainian-air-raid-sirens-dataset (official alerts), MIT"
    ),
)
DTEK = Origin(
    producer="DTEK",
    title="Outage schedule templates, via andrewjswan/dtek-blackout-schedule-calendars",
    url="https://github.com/andrewjswan/dtek-blackout-schedule-calendars",
    licence="MIT",
    attribution="Outage schedules published by DTEK; collected by Andrew J.Swan (MIT)",
)
OFAC = Origin(
    producer="US Department of the Treasury, OFAC",
    title="Specially Designated Nationals list (sdn.csv)",
    url="https://www.treasury.gov/ofac/downloads/sdn.csv",
    licence="public domain (US federal government work)",
    attribution="US Department of the Treasury, Office of Foreign Assets Control (OFAC), SDN list",
)
EU_COUNCIL = Origin(
    producer="Council of the European Union",
    title="EU sanctions packages against Russia (adoption dates)",
    url="https://www.consilium.europa.eu/en/policies/sanctions-against-russia/",
    licence="reuse with attribution (Council of the EU)",
    attribution="Council of the EU; dates verified against public reporting",
)
CREA_FOSSIL = Origin(
    producer="Centre for Research on Energy and Clean Air (CREA)",
    title="Russia Fossil Tracker",
    url="https://github.com/energyandcleanair/fossil_shipment_tracker_r",
    licence="MIT",
    attribution="CREA, Russia Fossil Tracker",
)
CREA_GAS = Origin(
    producer="Centre for Research on Energy and Clean Air (CREA)",
    title="Daily natural-gas imports into Europe by supplier",
    url="https://github.com/energyandcleanair/fossil_shipment_tracker_r",
    licence="MIT",
    attribution="CREA based on ENTSOG",
)
OFAC_KINDRAT86 = Origin(
    producer="US Department of the Treasury, OFAC",
    title="SDN list, daily machine-readable rebuilds (kindrat86/ofac-sdn-json)",
    url="https://github.com/kindrat86/ofac-sdn-json",
    licence="CC0 1.0 (copy); public domain (list)",
    attribution=(
        "US Department of the Treasury, Office of Foreign Assets Control (OFAC), SDN list; "
        "machine-readable copy by kindrat86/ofac-sdn-json (CC0)"
    ),
)
OFAC_PANEL = Origin(
    producer="Jeffrey Allen, from US Treasury OFAC SDN and Consolidated lists",
    title="OFAC monthly panel by address country",
    url="https://github.com/jeffallen13/ofac",
    licence="MIT (code); public domain (OFAC data)",
    attribution=(
        "OFAC monthly panel by Jeffrey Allen (github.com/jeffallen13/ofac, MIT), derived from "
        "US Treasury OFAC SDN and Consolidated lists"
    ),
)
OHCHR_MONTHLY = Origin(
    producer="UN OHCHR / Human Rights Monitoring Mission in Ukraine",
    title="Civilians killed by month of occurrence (revised), compiled by 'The Birdsong of "
    "Sorrow above Ukraine'",
    url="https://github.com/birdsong-of-sorrow-above-ukraine/"
    "birdsong-of-sorrow-above-ukraine.github.io",
    licence="no licence for the compilation; figures are OHCHR statistics, quoted as reported",
    attribution=(
        "UN OHCHR / Human Rights Monitoring Mission in Ukraine; monthly figures as compiled by "
        "'The Birdsong of Sorrow above Ukraine'"
    ),
)
