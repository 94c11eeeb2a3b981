"""The indicator this plugin adds: daily strikes on energy infrastructure by oblast."""

from __future__ import annotations

from warindicators import Indicator, Origin
from warindicators.regions import UA_OBLASTS

__all__ = ["ENERGY_STRIKES", "ENERGY_STRIKES_ID", "strike_indicators"]

#: Id of the indicator (``family.name``; the family ``outages`` is built in).
ENERGY_STRIKES_ID = "outages.energy_infrastructure_strikes"

ENERGY_STRIKES = Indicator(
    id=ENERGY_STRIKES_ID,
    family="outages",
    title="Strikes on energy infrastructure",
    description=(
        "Number of reported strikes on energy infrastructure (power plants, substations, "
        "transmission lines, gas and heating facilities, fuel depots) per day and oblast; "
        "'UA' is the sum over oblasts. Only reported strikes are counted, so the value is "
        "a lower bound."
    ),
    unit="strikes",
    measure="count",
    frequency="D",
    bound="lower",
    valid_range=(0.0, None),
    regions=("UA", *UA_OBLASTS),
    default_region="UA",
    origins=(
        Origin(
            producer="warindicators-strikes",
            title="Dated strike events by oblast (CSV)",
            licence="MIT",
            attribution="Strike counts: warindicators-strikes example plugin",
        ),
    ),
    tags=("example", "energy", "strikes"),
)


def strike_indicators() -> list[Indicator]:
    """The indicators of this plugin (the ``warindicators.indicators`` entry point).

    warindicators calls this once, at the first use of its indicator registry, and records
    the distribution name ``warindicators-strikes`` as the provider.

    Returns
    -------
    list of Indicator
        ``[ENERGY_STRIKES]``.

    Examples
    --------
    >>> [ind.id for ind in strike_indicators()]
    ['outages.energy_infrastructure_strikes']
    >>> strike_indicators()[0].measure, strike_indicators()[0].frequency
    ('count', 'D')
    """
    return [ENERGY_STRIKES]
