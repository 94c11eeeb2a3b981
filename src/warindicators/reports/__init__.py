"""Periodic indicator reports: parameterised notebooks run by papermill, exported to HTML.

``run`` executes one template for one period into ``OUTPUT/<template>/<period>/``
(executed notebook, ``report.html`` without code, ``manifest.json``), published atomically;
``schedule`` catches up every due period of a cadence.

Templates: the canonical copies ship inside the package (``warindicators/templates``), so
``warindicators report run monthly`` works from any folder; ``notebooks/`` in the source tree
holds identical user-facing copies. A path to any notebook with a tagged ``parameters`` cell
also works.

Examples
--------
>>> import warindicators.reports as rp
>>> str(rp.Period.parse("2026-01").previous())
'2025-12'
>>> sorted(rp.read_parameters(rp.resolve_template("monthly")))[:3]
['as_of', 'data_dir', 'families']
"""

from __future__ import annotations

from .content import Report, SeriesRow, build_report
from .export import export_html
from .index import write_index
from .kernel import ensure_kernel
from .params import ParamSpec, check_parameters, read_parameters
from .periods import Period, latest_period, parse_period, period_range
from .runner import RunResult, resolve_template, run
from .schedule import ScheduleResult, due_periods, schedule

__all__ = [
    "ParamSpec",
    "Period",
    "Report",
    "RunResult",
    "ScheduleResult",
    "SeriesRow",
    "build_report",
    "check_parameters",
    "due_periods",
    "ensure_kernel",
    "export_html",
    "latest_period",
    "parse_period",
    "period_range",
    "read_parameters",
    "resolve_template",
    "run",
    "schedule",
    "write_index",
]
