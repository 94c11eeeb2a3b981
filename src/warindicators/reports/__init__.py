"""Periodic indicator reports: parameterised notebooks run by papermill, exported to HTML.

A template is a notebook an analyst works in: its cells call :func:`build_report`, whose
:class:`Report` holds every table as a :class:`pandas.DataFrame`, show the tables with
:func:`style_table` (a pandas ``Styler``) and draw the figures with seaborn
(:func:`family_figures`, :func:`regional_figures`), displayed with :func:`show`.

``run`` executes one template for one period into ``OUTPUT/<template>/<period>/``
(executed notebook, ``report.html`` without code, ``manifest.json``), published atomically;
``schedule`` catches up every due period of a cadence; ``new_template`` copies a template
into ``notebooks/`` of the current folder, where :func:`resolve_template` finds it first.

Examples
--------
>>> import warindicators.reports as rp
>>> str(rp.Period.parse("2026-01").previous())
'2025-12'
>>> sorted(rp.read_parameters(rp.resolve_template("monthly")))[:3]
['as_of', 'data_dir', 'families']
"""

from __future__ import annotations

from .content import SeriesRow
from .export import export_html
from .figures import ReportFigure, family_figures, regional_figures, show
from .index import write_index
from .kernel import ensure_kernel
from .params import ParamSpec, check_parameters, read_parameters
from .periods import Period, latest_period, parse_period, period_range
from .report import Report, build_report, family_title
from .runner import RunResult, run
from .schedule import ScheduleResult, due_periods, schedule
from .tables import style_table
from .templates import new_template, resolve_template

__all__ = [
    "ParamSpec",
    "Period",
    "Report",
    "ReportFigure",
    "RunResult",
    "ScheduleResult",
    "SeriesRow",
    "build_report",
    "check_parameters",
    "due_periods",
    "ensure_kernel",
    "export_html",
    "family_figures",
    "family_title",
    "latest_period",
    "new_template",
    "parse_period",
    "period_range",
    "read_parameters",
    "regional_figures",
    "resolve_template",
    "run",
    "schedule",
    "show",
    "style_table",
    "write_index",
]
