"""The ``warindicators`` command line (also ``python -m warindicators``).

Errors print one line on stderr and exit non-zero.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import warnings
from collections.abc import Sequence
from typing import Any, NoReturn

from .errors import WarIndicatorsError

__all__ = ["build_parser", "main"]


def _cmd_list(args: argparse.Namespace) -> int:
    from .indicators import list_indicators
    from .sources.registry import get_source, list_sources

    if args.sources:
        for sid, desc in list_sources().items():
            print(f"{sid:30s} {desc}  [{get_source(sid).provider}]")
        return 0
    inds = list_indicators(args.family)
    if not inds:
        known = sorted({i.family for i in list_indicators()})
        raise WarIndicatorsError(f"unknown family {args.family!r}; known: {', '.join(known)}")
    for ind in inds:
        dims = f" dims={','.join(ind.dims)}" if ind.dims else ""
        print(
            f"{ind.id:58s} {ind.unit:8s} {ind.measure:10s} {ind.frequency:9s} "
            f"{ind.bound:8s}{dims}  [{ind.provider}]"
        )
    return 0


def _cmd_ingest(args: argparse.Namespace) -> int:
    from .store import Store

    options: dict[str, str] = {}
    for item in args.option or []:
        key, sep, value = item.partition("=")
        if not sep or not key.isidentifier():
            raise WarIndicatorsError(f"-o {item!r}: expected KEY=VALUE (e.g. -o start=2024-12-16)")
        options[key] = value
    result = Store(args.data_dir).ingest(
        args.source_id,
        *args.paths,
        published=args.published,
        retrieved=args.retrieved,
        reader_options=options,
    )
    print(result)
    return 0


def _optional(module: str, hook: str, sub: Any) -> None:
    try:
        mod = importlib.import_module(f"warindicators.{module}")
    except ImportError:  # pragma: no cover - a partial install
        return
    getattr(mod, hook)(sub)


class _Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors are one line, like every other error."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the command line."""
    p = _Parser(
        prog="warindicators", description="Typed indicator series of the Russia-Ukraine war."
    )
    from . import __version__

    p.add_argument("--version", action="version", version=f"warindicators {__version__}")
    sub = p.add_subparsers(dest="command", required=True)

    pl = sub.add_parser("list", help="list indicators (or sources)")
    pl.add_argument("--family", default=None, help="only this family")
    pl.add_argument("--sources", action="store_true", help="list the readers instead")
    pl.set_defaults(func=_cmd_list)

    pi = sub.add_parser("ingest", help="read files with a reader into data/processed")
    pi.add_argument("source_id")
    pi.add_argument("paths", nargs="+")
    pi.add_argument("--data-dir", default="data", help="data folder (default: ./data)")
    pi.add_argument("--published", default=None, help="publication date of the input")
    pi.add_argument("--retrieved", default=None, help="download time of the input")
    pi.add_argument(
        "-o",
        "--option",
        action="append",
        metavar="KEY=VALUE",
        help="reader option, e.g. -o start=2024-12-16 -o end=2024-12-22 for dtek_schedule",
    )
    pi.set_defaults(func=_cmd_ingest)

    _optional("fetch", "add_fetch_parser", sub)
    _optional("update", "add_update_parser", sub)
    _optional("reports.cli", "add_report_parser", sub)
    return p


def _one_line_warning(
    message: Warning | str,
    category: type[Warning],
    filename: str,
    lineno: int,
    file: Any = None,
    line: str | None = None,
) -> None:
    """Warnings on the command line: one line on stderr, as errors are."""
    print(f"warindicators: warning: {message}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        with warnings.catch_warnings():
            warnings.showwarning = _one_line_warning  # restored on exit
            code = int(args.func(args) or 0)
    except WarIndicatorsError as exc:
        print(f"warindicators: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:  # pragma: no cover
        print("warindicators: interrupted", file=sys.stderr)
        return 130
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
