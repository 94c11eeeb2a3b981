"""``warindicators update``: fetch every built-in source that has a download URL and ingest it.

For each source: download the producer's current file into ``<data-dir>/raw/<source>/``
(see :func:`warindicators.fetch.fetch`: a new file beside the old ones, never a
replacement), then ingest it into ``<data-dir>/processed/`` (only new and revised
observations are appended; see :meth:`warindicators.Store.ingest`). One summary line per
source: new, revised and unchanged observations, repeats collapsed, latest date. A failing
source (unreachable, refused file) is reported on its line and the others carry on; the
exit code is 1 when any failed.

Sources whose file name carries no date get one from the run: the OFAC ``sdn.csv``
snapshot is dated by its retrieval day (UTC), a DTEK schedule template is applied to the
seven Kyiv-local days from the retrieval day, and the DeepState snapshot of the retrieval
day is tried first, then the three days before (the daily file appears in the morning).
A source published as several files gets them all (:data:`COMPANION_FILES`): the General
Staff's personnel claims and its list of corrections come beside the equipment file.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from tqdm import tqdm

from .errors import FetchError, WarIndicatorsError
from .fetch import MIRROR_ENV, fetch
from .sources.registry import get_source, list_sources
from .store import IngestResult, Store

__all__ = [
    "COMPANION_FILES",
    "UpdateOutcome",
    "add_update_parser",
    "run_update",
    "updatable_sources",
    "update",
]

_DATED_LOOKBACK: Final = 3
_GENERAL_STAFF: Final = (
    "https://raw.githubusercontent.com/PetroIvaniuk/2022-Ukraine-Russia-War-Dataset/main/data/"
)
#: Further files of a source fetched beside the file at its URL: (URL, reader option
#: that takes the file, or ``None`` when it is one more input path).
COMPANION_FILES: Final[dict[str, tuple[tuple[str, str | None], ...]]] = {
    "general_staff_losses": (
        (f"{_GENERAL_STAFF}russia_losses_personnel.json", None),
        (f"{_GENERAL_STAFF}russia_losses_equipment_correction.json", "corrections"),
    ),
}


@dataclass(frozen=True)
class UpdateOutcome:
    """What ``update`` did for one source: the ingest result, or the error.

    Examples
    --------
    >>> UpdateOutcome("crea_gas_imports", None, "HTTP 404").line()
    'crea_gas_imports: FAILED: HTTP 404'
    """

    source_id: str
    result: IngestResult | None
    error: str | None = None

    @property
    def ok(self) -> bool:
        """True when the source was fetched and ingested."""
        return self.error is None

    def line(self) -> str:
        """The summary line printed for the source."""
        if self.result is not None:
            return self.result.summary()
        return f"{self.source_id}: FAILED: {self.error}"


def updatable_sources() -> list[str]:
    """Ids of the registered sources that have a download URL, in registry order.

    Examples
    --------
    >>> "economist_isw_area" in updatable_sources(), "reference" in updatable_sources()
    (True, False)
    """
    return [sid for sid in list_sources() if get_source(sid).url]


def _reader_options(source_id: str, day: dt.date) -> dict[str, Any]:
    if source_id == "ofac_sdn":
        return {"published": day.isoformat()}
    if source_id == "dtek_schedule":
        return {"start": day.isoformat(), "end": (day + dt.timedelta(days=6)).isoformat()}
    return {}


def _fetch_one(source_id: str, raw: Path, day: dt.date, **kw: Any) -> Path:
    src = get_source(source_id)
    if "{date" not in (src.url or ""):
        return fetch(source_id, raw, date=day.isoformat(), **kw)
    last: FetchError | None = None
    for back in range(_DATED_LOOKBACK + 1):  # the newest dated file published so far
        when = day - dt.timedelta(days=back)
        try:
            return fetch(source_id, raw, date=when.isoformat(), **kw)
        except FetchError as exc:
            last = exc
            if "HTTP 404" not in str(exc):
                raise
    assert last is not None
    raise FetchError(f"no file for {day} or the {_DATED_LOOKBACK} days before: {last}")


def update(
    data_dir: str | Path,
    sources: Sequence[str] | None = None,
    *,
    mirror: str | None = None,
    timeout: float = 30,
    retries: int = 2,
    progress: bool = True,
    today: dt.date | None = None,
    report: Callable[[str], None] | None = None,
) -> list[UpdateOutcome]:
    """Fetch and ingest ``sources`` (default: every source with a download URL).

    Parameters
    ----------
    data_dir
        Data folder with ``raw/`` and ``processed/``.
    sources
        Source ids; each must exist (unknown ids raise before anything is fetched).
    mirror
        Mirror serving ``<mirror>/<host>/<path>`` (default: ``WARINDICATORS_MIRROR``).
    timeout, retries
        Per download, as in :func:`~warindicators.fetch.fetch`.
    progress
        Progress bars on stderr (sources, and bytes of each download).
    today
        The retrieval day (UTC) used to date files without a date; default today.
    report
        Called with each summary line as soon as the source is done.

    Returns
    -------
    list of UpdateOutcome
        One per source, in order; failures carry the error message.

    Examples
    --------
    >>> import tempfile
    >>> update(tempfile.mkdtemp(), ["reference"], progress=False)[0].line()
    'reference: FAILED: no download URL'
    """
    ids = list(sources) if sources is not None else updatable_sources()
    for sid in ids:
        get_source(sid)  # unknown ids raise with the known ones listed
    root = Path(data_dir)
    store = Store(root)
    day = today or dt.datetime.now(dt.UTC).date()
    outcomes: list[UpdateOutcome] = []
    bar = tqdm(ids, desc="update", unit="source", file=sys.stderr, disable=not progress)
    for sid in bar:
        bar.set_postfix_str(sid)
        if not get_source(sid).url:
            outcome = UpdateOutcome(sid, None, "no download URL")
        else:
            try:
                kw: dict[str, Any] = {
                    "mirror": mirror,
                    "timeout": timeout,
                    "retries": retries,
                    "progress": progress,
                }
                raw = root / "raw" / sid
                paths = [_fetch_one(sid, raw, day, **kw)]
                options = _reader_options(sid, day)
                for url, option in COMPANION_FILES.get(sid, ()):
                    extra = fetch(sid, raw, url=url, **kw)
                    if option is None:
                        paths.append(extra)
                    else:
                        options[option] = str(extra)
                result = store.ingest(sid, *paths, reader_options=options)
                outcome = UpdateOutcome(sid, result)
            except WarIndicatorsError as exc:
                outcome = UpdateOutcome(sid, None, str(exc))
            except Exception as exc:  # a reader bug on a new file: report it, carry on
                outcome = UpdateOutcome(sid, None, f"{type(exc).__name__}: {exc}")
        outcomes.append(outcome)
        if report is not None:
            with tqdm.external_write_mode(file=sys.stderr):  # the line above the bars
                report(outcome.line())
    bar.close()
    return outcomes


def add_update_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Add the ``update`` sub-command.

    Examples
    --------
    >>> parser = argparse.ArgumentParser(prog="warindicators")
    >>> _ = add_update_parser(parser.add_subparsers(dest="command"))
    >>> args = parser.parse_args(["update", "--sources", "ofac_sdn,crea_gas_imports"])
    >>> args.sources, args.data_dir
    ('ofac_sdn,crea_gas_imports', 'data')
    """
    p: argparse.ArgumentParser = subparsers.add_parser(
        "update",
        help="fetch every source with a download URL and ingest what changed",
        description="Fetch the producers' current files into <data-dir>/raw and ingest them "
        "into <data-dir>/processed; one summary line per source; exit 1 if any failed. "
        f"Proxies: http_proxy/https_proxy/no_proxy; mirror: --mirror or ${MIRROR_ENV}.",
    )
    p.add_argument("--sources", default=None, help="comma-separated source ids (default: all)")
    p.add_argument("--data-dir", default="data", help="data folder (default: ./data)")
    p.add_argument(
        "--mirror", default=None, help=f"mirror serving <mirror>/<host>/<path> (or ${MIRROR_ENV})"
    )
    p.add_argument("--timeout", type=float, default=30.0, help="seconds per download")
    p.add_argument("--retries", type=int, default=2, help="retries on transient errors")
    p.add_argument("--no-progress", dest="progress", action="store_false", help="no progress bars")
    p.set_defaults(func=run_update)
    return p


def run_update(args: argparse.Namespace) -> int:
    """Run ``warindicators update``: print one line per source; 1 if any failed.

    Examples
    --------
    >>> import tempfile
    >>> parser = argparse.ArgumentParser(prog="warindicators")
    >>> _ = add_update_parser(parser.add_subparsers(dest="command"))
    >>> args = parser.parse_args(["update", "--sources", "reference", "--no-progress",
    ...                           "--data-dir", tempfile.mkdtemp()])
    >>> run_update(args)
    reference: FAILED: no download URL
    0 of 1 sources updated; failed: reference
    1
    """
    ids = [s.strip() for s in args.sources.split(",") if s.strip()] if args.sources else None
    outcomes = update(
        args.data_dir,
        ids,
        mirror=args.mirror,
        timeout=args.timeout,
        retries=args.retries,
        progress=args.progress,
        report=print,
    )
    failed = [o.source_id for o in outcomes if not o.ok]
    print(
        f"{len(outcomes) - len(failed)} of {len(outcomes)} sources updated"
        + (f"; failed: {', '.join(failed)}" if failed else "")
    )
    return 1 if failed else 0
