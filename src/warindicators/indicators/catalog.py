"""The built-in catalog: indicators of the five families, with units, semantics and provenance."""

from __future__ import annotations

import re
from typing import Any

from . import origins as o
from .model import Indicator

__all__ = [
    "EQUIPMENT_CATEGORIES",
    "builtin_indicators",
    "category_slug",
    "correction_indicator",
    "equipment_indicator",
    "pow_indicator",
]

#: Equipment categories tracked by the General Staff over the war (slugs).
EQUIPMENT_CATEGORIES: tuple[str, ...] = (
    "tank",
    "apc",
    "field_artillery",
    "mrl",
    "aircraft",
    "helicopter",
    "drone",
    "cruise_missiles",
    "naval_ship",
    "submarines",
    "anti_aircraft_warfare",
    "special_equipment",
    "vehicles_and_fuel_tanks",
    "military_auto",
    "fuel_tank",
    "mobile_srbm_system",
    "ground_robotic_systems",
)

_NONNEG = (0.0, None)
_GS = "Ukraine's General Staff"


def category_slug(name: str) -> str:
    """Slug of a source category: lower case, runs of non-alphanumerics become ``_``.

    Examples
    --------
    >>> category_slug("field artillery"), category_slug("APC"), category_slug("mobile SRBM system")
    ('field_artillery', 'apc', 'mobile_srbm_system')
    """
    return re.sub(r"[^a-z0-9]+", "_", name.strip().lower()).strip("_")


def equipment_indicator(category: str, *, monthly: bool = False) -> Indicator:
    """The indicator of one equipment category (cumulative claims, or monthly flows).

    Examples
    --------
    >>> ind = equipment_indicator("field artillery")
    >>> ind.id, ind.measure, ind.claimed_by
    ('casualties.ru_equipment_claimed.field_artillery', 'cumulative', "Ukraine's General Staff")
    >>> equipment_indicator("tank", monthly=True).measure
    'flow'
    """
    slug = category_slug(category)
    label = slug.replace("_", " ")
    if monthly:
        return Indicator(
            id=f"casualties.ru_equipment_claimed_monthly.{slug}",
            family="casualties",
            title=f"Russian {label} losses claimed in the month",
            unit="units",
            measure="flow",
            frequency="M",
            bound="exact",
            claimed_by=_GS,
            regions=("RU",),
            default_region="RU",
            origins=(o.GENERAL_STAFF,),
            description=(
                f"Monthly increase of the cumulative {label} losses claimed by "
                "Ukraine's General Staff; official corrections can make it negative."
            ),
        )
    return Indicator(
        id=f"casualties.ru_equipment_claimed.{slug}",
        family="casualties",
        title=f"Russian {label} losses claimed (cumulative)",
        unit="units",
        measure="cumulative",
        frequency="D",
        bound="exact",
        claimed_by=_GS,
        valid_range=_NONNEG,
        regions=("RU",),
        default_region="RU",
        origins=(o.GENERAL_STAFF,),
        description=(
            f"Cumulative {label} losses of Russian forces since 24 Feb 2022 as claimed "
            "daily by Ukraine's General Staff: claims by one side, not verified counts."
        ),
    )


def correction_indicator(category: str) -> Indicator:
    """Signed correction applied to one claimed cumulative series (``personnel`` or equipment).

    Examples
    --------
    >>> correction_indicator("field artillery").id
    'casualties.ru_equipment_correction.field_artillery'
    """
    slug = category_slug(category)
    if slug == "personnel":
        ident, label, unit = "casualties.ru_personnel_correction", "personnel", "persons"
    else:
        ident, label, unit = (
            f"casualties.ru_equipment_correction.{slug}",
            slug.replace("_", " "),
            "units",
        )
    return Indicator(
        id=ident,
        family="casualties",
        title=f"Correction of the claimed Russian {label} losses",
        unit=unit,
        measure="flow",
        frequency="irregular",
        bound="exact",
        claimed_by=_GS,
        regions=("RU",),
        default_region="RU",
        origins=(o.GENERAL_STAFF,),
        description=(
            f"Signed official correction applied to the cumulative {label} claim on "
            "this date (from the dataset's correction file)."
        ),
    )


def pow_indicator() -> Indicator:
    """Russian prisoners of war claimed (cumulative; published until 27 Apr 2022).

    Examples
    --------
    >>> pow_indicator().measure
    'cumulative'
    """
    return Indicator(
        id="casualties.ru_pow_claimed",
        family="casualties",
        title="Russian prisoners of war claimed (cumulative)",
        unit="persons",
        measure="cumulative",
        frequency="D",
        bound="exact",
        claimed_by=_GS,
        valid_range=_NONNEG,
        regions=("RU",),
        default_region="RU",
        origins=(o.GENERAL_STAFF,),
        description="Russian servicemen taken prisoner since 24 Feb 2022 as claimed by "
        "Ukraine's General Staff (key 'POW', early 2022 only).",
    )


def _territory() -> list[Indicator]:
    common: dict[str, Any] = dict(
        family="territory",
        frequency="D",
        bound="estimate",
        regions=("UA",),
        default_region="UA",
        origins=(o.ECONOMIST_ISW, o.DEEPSTATE),
    )
    return [
        Indicator(
            id="territory.area_occupied_km2",
            title="Area of Ukraine occupied by Russia",
            unit="km2",
            measure="stock",
            valid_range=(0.0, 603_700.0),
            description="Area assessed as Russian-controlled, including Crimea and the "
            "parts of Donetsk/Luhansk held before 24 Feb 2022.",
            **common,
        ),
        Indicator(
            id="territory.share_occupied_pct",
            title="Share of Ukraine's territory occupied by Russia",
            unit="%",
            measure="share",
            description="Percent of Ukraine's internationally "
            "recognised territory (about 603,600 km2).",
            **common,
        ),
        Indicator(
            id="territory.area_change_km2",
            title="Change in occupied area",
            unit="km2",
            measure="flow",
            description="Net change of the occupied area in the period; "
            "negative values are net Ukrainian gains.",
            **common,
        ),
    ]


def _casualties() -> list[Indicator]:
    out = [
        Indicator(
            id="casualties.ru_personnel_claimed",
            family="casualties",
            title="Russian personnel losses claimed (cumulative)",
            unit="persons",
            measure="cumulative",
            frequency="D",
            bound="approx",
            claimed_by=_GS,
            valid_range=_NONNEG,
            regions=("RU",),
            default_region="RU",
            origins=(o.GENERAL_STAFF,),
            description="Killed and wounded Russian personnel since 24 Feb 2022 as claimed "
            "by Ukraine's General Staff ('about'): claims by one side.",
        ),
        Indicator(
            id="casualties.ru_personnel_claimed_monthly",
            family="casualties",
            title="Russian personnel losses claimed in the month",
            unit="persons",
            measure="flow",
            frequency="M",
            bound="approx",
            claimed_by=_GS,
            regions=("RU",),
            default_region="RU",
            origins=(o.GENERAL_STAFF,),
            description="Monthly increase of the cumulative personnel claim.",
        ),
    ]
    out += [equipment_indicator(c) for c in EQUIPMENT_CATEGORIES]
    out += [pow_indicator(), correction_indicator("personnel")]
    out += [correction_indicator(c) for c in EQUIPMENT_CATEGORIES]
    out += [
        equipment_indicator(c, monthly=True)
        for c in ("tank", "field_artillery", "drone", "cruise_missiles")
    ]
    for what, label in (
        ("killed", "killed"),
        ("injured", "injured"),
        ("total", "killed or injured"),
    ):
        out.append(
            Indicator(
                id=f"casualties.civilian_{what}",
                family="casualties",
                title=f"Civilians {label} in Ukraine (verified, cumulative)",
                unit="persons",
                measure="cumulative",
                frequency="irregular",
                bound="lower",
                valid_range=_NONNEG,
                regions=("UA",),
                default_region="UA",
                origins=(o.OHCHR,),
                description=f"Civilians {label} since 24 Feb 2022 as verified by the UN HRMMU; "
                "at least: actual figures are considerably higher. Totals as quoted at the "
                "time: verification goes on, so OHCHR's later figures for the same dates are "
                "higher (see casualties.civilian_killed_monthly, revised by month).",
            )
        )
        out.append(
            Indicator(
                id=f"casualties.civilian_{what}_in_year",
                family="casualties",
                title=f"Civilians {label} in Ukraine in the calendar year (verified)",
                unit="persons",
                measure="flow",
                frequency="Y",
                bound="lower",
                valid_range=_NONNEG,
                regions=("UA",),
                default_region="UA",
                origins=(o.OHCHR,),
                description=f"Civilians {label} in one calendar year (UN HRMMU); at least.",
            )
        )
    out.append(
        Indicator(
            id="casualties.civilian_killed_monthly",
            family="casualties",
            title="Civilians killed in Ukraine in the month (verified, revised)",
            unit="persons",
            measure="flow",
            frequency="M",
            bound="lower",
            valid_range=_NONNEG,
            regions=("UA",),
            default_region="UA",
            origins=(o.OHCHR_MONTHLY,),
            description="Civilians killed in the month of occurrence as verified by the UN "
            "HRMMU, at OHCHR's late-2025 revision (at least; actual figures are considerably "
            "higher; 2022-02 covers 24-28 Feb only). Its running sum exceeds the 'at least' "
            "totals quoted at the time (casualties.civilian_killed), by 21.8 % at 2022-12-26 "
            "and under 3 % from 2023-09: verification continues after each report, so later "
            "revisions add deaths to earlier months (a vintage effect, not an error). Compared "
            "like for like the two agree: 2023 and 2024 sums equal the in-year totals.",
        )
    )
    for what, label in (("deaths", "deaths"), ("casualties", "casualties (killed and wounded)")):
        out.append(
            Indicator(
                id=f"casualties.military_{what}_estimate",
                family="casualties",
                title=f"Military {label}: published estimates",
                unit="persons",
                measure="cumulative",
                frequency="irregular",
                bound="estimate",
                valid_range=_NONNEG,
                regions=("RU", "UA"),
                dims=("publisher",),
                origins=(o.ECONOMIST_ESTIMATES,),
                description=f"Estimates of military {label} since the invasion, by whose soldiers "
                "(region); points, ranges and one-sided bounds from many publishers.",
            )
        )
    return out


def _outages() -> list[Indicator]:
    return [
        Indicator(
            id="outages.air_raid_alert_hours",
            family="outages",
            title="Air-raid alert hours",
            unit="hours",
            measure="flow",
            frequency="D",
            valid_range=_NONNEG,
            origins=(o.AIR_RAID,),
            description="Hours under an oblast-wide air-raid alert (overlaps merged, split "
            "at Kyiv-local day boundaries); comparable since 2022, but it shrinks as the "
            "channel announces raion and hromada alerts instead (see "
            "outages.air_raid_alert_raion_hours). Luhansk and Crimea are under a "
            "permanent alert the channel does not record.",
        ),
        Indicator(
            id="outages.air_raid_alert_raion_hours",
            family="outages",
            title="Air-raid alert hours, any level (mean over raions)",
            unit="hours",
            measure="flow",
            frequency="D",
            valid_range=_NONNEG,
            origins=(o.AIR_RAID,),
            description="Hours each raion of the oblast spent under alert (oblast-wide, raion "
            "or hromada alerts; a hromada alert counts its raion), averaged over the oblast's "
            "raions; divided by the period's hours it is the share of raions under alert. "
            "Equals the oblast-wide hours while only oblast-wide alerts exist; unlike them it "
            "keeps counting after the 2025 switch to local alerts, and unlike the plain union "
            "of all alerts it does not saturate in front-line oblasts.",
        ),
        Indicator(
            id="outages.air_raid_alerts",
            family="outages",
            title="Air-raid alerts",
            unit="alerts",
            measure="count",
            frequency="D",
            valid_range=_NONNEG,
            origins=(o.AIR_RAID,),
            description="Number of oblast-wide air-raid alerts that started in the period.",
        ),
        Indicator(
            id="outages.scheduled_power_off_hours",
            family="outages",
            title="Scheduled power-off hours",
            unit="hours",
            measure="flow",
            frequency="D",
            valid_range=(0.0, None),
            dims=("queue",),
            origins=(o.DTEK,),
            description="Hours a queue is scheduled without power ('no' = 1 h, half-hour "
            "codes = 0.5 h) under DTEK's weekly template.",
        ),
        Indicator(
            id="outages.possible_power_off_hours",
            family="outages",
            title="Possible power-off hours",
            unit="hours",
            measure="flow",
            frequency="D",
            valid_range=(0.0, None),
            dims=("queue",),
            origins=(o.DTEK,),
            description="Hours a queue may be cut ('maybe' = 1 h) under DTEK's template.",
        ),
    ]


def _sanctions() -> list[Indicator]:
    common: dict[str, Any] = dict(
        family="sanctions",
        unit="entries",
        measure="stock",
        frequency="irregular",
        valid_range=_NONNEG,
        regions=("RU",),
        default_region="RU",
        origins=(o.OFAC, o.OFAC_KINDRAT86),
    )
    return [
        Indicator(
            id="sanctions.ofac_russia_eo14024_entries",
            title="OFAC SDN entries under EO 14024 (Russia)",
            description="Rows of the SDN list whose programs include exactly "
            "RUSSIA-EO14024 (entries, not designation actions). No source covers "
            "2024-06..2026-06: that gap stays missing (never interpolated).",
            **common,
        ),
        Indicator(
            id="sanctions.ofac_russia_related_entries",
            title="OFAC SDN entries under Russia-related programs",
            description="Rows with any program containing RUSSIA or starting UKRAINE-EO. No "
            "source covers 2024-06..2026-06: that gap stays missing (never interpolated).",
            **common,
        ),
        Indicator(
            id="sanctions.ofac_entries_address_ru",
            title="OFAC entries with an address in Russia (SDN and non-SDN lists)",
            description="Entries on OFAC's SDN and Consolidated non-SDN lists, under any "
            "program, with at least one address in Russia, at the month-end download "
            "(each entry once). Not a program count: entries without an address (most "
            "vessels and aircraft) and Russia-program designees located abroad are not "
            "counted, entries under other programs with a Russian address are; do not compare "
            "one to one with sanctions.ofac_russia_*_entries (the ratio drifts from 1.08 to "
            "0.86 over 2022-04..2024-05). The first month (2022-04) is the stock at the start "
            "of collection.",
            **{**common, "origins": (o.OFAC_PANEL,)},
        ),
        Indicator(
            id="sanctions.eu_packages",
            family="sanctions",
            title="EU sanctions packages adopted",
            unit="packages",
            measure="count",
            frequency="irregular",
            valid_range=_NONNEG,
            regions=("EU",),
            default_region="EU",
            origins=(o.EU_COUNCIL,),
            description="Number of EU sanctions packages against Russia adopted in the "
            "period (one per adoption date).",
        ),
    ]


def _energy() -> list[Indicator]:
    out = [
        Indicator(
            id="energy.ru_fossil_export_value_eur",
            family="energy_exports",
            title="Value of Russian fossil-fuel exports",
            unit="EUR",
            measure="flow",
            frequency="D",
            bound="estimate",
            dims=("partner", "commodity"),
            valid_range=_NONNEG,
            regions=("RU",),
            default_region="RU",
            origins=(o.CREA_FOSSIL,),
            description="CREA's estimate of the value of Russian fossil-fuel exports by "
            "destination (partner) and commodity; 'all' = every commodity.",
        ),
        Indicator(
            id="energy.eu_gas_imports_m3",
            family="energy_exports",
            title="Natural-gas imports into Europe by supplier",
            unit="m3",
            measure="flow",
            frequency="D",
            bound="estimate",
            dims=("partner",),
            regions=("EU",),
            default_region="EU",
            origins=(o.CREA_GAS,),
            description="Daily net pipeline and LNG gas imports into Europe by supplier "
            "(partner: ISO code or LNG); net flows can be negative.",
        ),
    ]
    for com in ("oil", "gas", "coal"):
        out.append(
            Indicator(
                id=f"energy.ru_{com}_export_value_eur",
                family="energy_exports",
                title=f"Value of Russian {com} exports",
                unit="EUR",
                measure="flow",
                frequency="D",
                bound="estimate",
                valid_range=_NONNEG,
                regions=("RU",),
                default_region="RU",
                origins=(o.CREA_FOSSIL,),
                description=f"CREA's estimate of the value of Russian {com} exports, all "
                "destinations.",
            )
        )
    return out


def builtin_indicators() -> list[Indicator]:
    """Every built-in indicator, in catalog order.

    Examples
    --------
    >>> len(builtin_indicators()) > 30
    True
    """
    return _territory() + _casualties() + _outages() + _sanctions() + _energy()
