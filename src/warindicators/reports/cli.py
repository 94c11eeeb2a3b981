"""``warindicators report run`` and ``warindicators report schedule``."""

from __future__ import annotations

import argparse
import sys

from ..errors import ReportError
from .params import parse_assignments

__all__ = ["add_report_parser"]


def _cmd_run(args: argparse.Namespace) -> int:
    from .runner import run

    period = "latest" if args.latest else args.period
    if period is None:
        raise ReportError("report run: give --period PERIOD (YYYY-MM, YYYY-Www or latest)")
    res = run(
        args.template,
        period,
        args.output_dir,
        parse_assignments(args.param),
        cell_timeout=args.cell_timeout,
        run_timeout=args.run_timeout,
    )
    if not res.ok:
        kept = " (previous report kept)" if res.record.get("kept_report") else ""
        raise ReportError(
            f"report {res.template} {res.period} failed: {res.error}{kept}; "
            f"see {res.folder / 'failed.json'}"
        )
    print(res.html)
    return 0


def _cmd_schedule(args: argparse.Namespace) -> int:
    from .schedule import schedule

    res = schedule(
        args.cadence,
        args.since,
        args.until,
        output_dir=args.output_dir,
        template=args.template,
        parameters=parse_assignments(args.param),
        jobs=args.jobs,
        rerun=args.rerun or (),
        dry_run=args.dry_run,
        cell_timeout=args.cell_timeout,
        run_timeout=args.run_timeout,
    )
    if args.dry_run:
        print("due: " + (", ".join(res.due) or "none"))
    else:
        print(f"ran: {', '.join(res.ran) or 'none'}; up to date: {len(res.skipped)}")
    if res.failed:
        for period, err in res.failed.items():
            print(f"failed: {period}: {err}", file=sys.stderr)
        raise ReportError(f"{len(res.failed)} period(s) failed: {', '.join(res.failed)}")
    return 0


def _cmd_new(args: argparse.Namespace) -> int:
    from .templates import new_template

    path = new_template(args.name, args.source, force=args.force)
    print(path)
    print(
        f"edit it, then: warindicators report run {args.name.removesuffix('_report')} --period PERIOD"
    )
    return 0


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--output-dir", default="reports", help="output folder (default: reports)")
    p.add_argument(
        "-p",
        "--param",
        action="append",
        metavar="KEY=VALUE",
        help="template parameter (repeatable), e.g. -p families=territory,sanctions",
    )
    p.add_argument("--cell-timeout", type=float, default=600, help="seconds per cell")
    p.add_argument("--run-timeout", type=float, default=1800, help="seconds per report")


def add_report_parser(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg,unused-ignore]
    """Add the ``report`` command (``run``, ``new`` and ``schedule``) to the main parser."""
    rep = subparsers.add_parser("report", help="run parameterised notebook reports")
    sub = rep.add_subparsers(dest="report_command", required=True)

    pr = sub.add_parser("run", help="run one report for one period")
    pr.add_argument(
        "template",
        help="monthly, weekly, a name made by 'report new' (notebooks/NAME_report.ipynb of "
        "the current folder is used first), or a path to a notebook",
    )
    pr.add_argument("--period", help="YYYY-MM, YYYY-Www or 'latest'")
    pr.add_argument("--latest", action="store_true", help="same as --period latest")
    _common(pr)
    pr.set_defaults(func=_cmd_run)

    pn = sub.add_parser("new", help="copy a template to notebooks/NAME_report.ipynb to edit")
    pn.add_argument("name", help="name of the new report")
    pn.add_argument("--from", dest="source", default="monthly", help="template (default monthly)")
    pn.add_argument("--force", action="store_true", help="replace an existing notebook")
    pn.set_defaults(func=_cmd_new)

    ps = sub.add_parser("schedule", help="catch up every due period of a cadence")
    ps.add_argument("--cadence", choices=("weekly", "monthly"), required=True)
    ps.add_argument("--since", required=True, help="first period")
    ps.add_argument("--until", default=None, help="last period (default: latest with data)")
    ps.add_argument("--jobs", type=int, default=1, help="periods run in parallel")
    ps.add_argument("--rerun", action="append", metavar="PERIOD", help="run even if current")
    ps.add_argument("--dry-run", action="store_true", help="only list the due periods")
    ps.add_argument("--template", default=None, help="default: the cadence's template")
    _common(ps)
    ps.set_defaults(func=_cmd_schedule)
