"""Download a source's current published file into ``data/raw/<source>/`` with a manifest.

Raw files are never modified: a download is written to a temporary file in the target
folder and moved into place with :func:`os.replace`; when a *different* file with the same
name already exists, the new one gets a UTC timestamp suffix instead; an identical one is
kept as it is, with its manifest. Beside each raw file, ``<file>.manifest.json`` records
the source id, URL, retrieval time (UTC, ISO 8601), SHA-256, size, licence and attribution.

``warindicators fetch SOURCE_ID [--dest DIR]`` is wired with :func:`add_fetch_parser` and
:func:`run_fetch`.

Behind a mirror or a proxy: a mirror (``mirror=`` / ``--mirror URL``, or the environment
variable ``WARINDICATORS_MIRROR``) serves each file under ``<mirror>/<host>/<path>`` of its
original URL (see :func:`mirror_url`); a proxy is taken from the standard ``http_proxy``,
``https_proxy`` and ``no_proxy`` environment variables, which :mod:`urllib.request` honours.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import hashlib
import http.client
import json
import os
import posixpath
import socket
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, Final

from filelock import FileLock
from tqdm import tqdm

from .errors import FetchError, WarIndicatorsError
from .sources.registry import Source, get_source

__all__ = ["MIRROR_ENV", "add_fetch_parser", "fetch", "mirror_url", "run_fetch"]

#: Environment variable naming a mirror that serves ``<mirror>/<host>/<path>``.
MIRROR_ENV: Final = "WARINDICATORS_MIRROR"

_CHUNK: Final = 1 << 16
_USER_AGENT: Final = "warindicators-fetch/0.1"
_RETRY_STATUS: Final[frozenset[int]] = frozenset({408, 425, 429})


class _Transient(Exception):
    """A failure worth retrying (network error, timeout, 5xx, truncated body)."""


def _fmt_args(fmt: dict[str, Any]) -> dict[str, Any]:
    out = dict(fmt)
    if "date" in out and isinstance(out["date"], str):
        try:
            out["date"] = dt.date.fromisoformat(out["date"])
        except ValueError:
            raise FetchError(f"date={out['date']!r}: expected YYYY-MM-DD") from None
    return out


def _format(template: str, fmt: dict[str, Any], what: str) -> str:
    try:
        return template.format(**fmt)
    except KeyError as exc:
        raise FetchError(
            f"the {what} {template!r} needs {exc.args[0]}= (e.g. date=2024-11-20)"
        ) from None
    except (ValueError, IndexError, AttributeError) as exc:
        raise FetchError(f"cannot fill the {what} {template!r}: {exc}") from None


def mirror_url(url: str, mirror: str | None) -> str:
    """``url`` as served by ``mirror`` (``<mirror>/<host>/<path>?<query>``), or ``url``.

    Examples
    --------
    >>> mirror_url("https://raw.githubusercontent.com/a/b/main/x.csv", "http://m.example/cache/")
    'http://m.example/cache/raw.githubusercontent.com/a/b/main/x.csv'
    >>> mirror_url("https://api.example.org/v0/counter?format=csv", None)
    'https://api.example.org/v0/counter?format=csv'
    """
    if not mirror:
        return url
    parts = urllib.parse.urlsplit(url)
    query = f"?{parts.query}" if parts.query else ""
    return f"{mirror.rstrip('/')}/{parts.netloc}{parts.path}{query}"


def _target_name(src: Source, url: str, explicit_url: bool, fmt: dict[str, Any]) -> str:
    base = posixpath.basename(urllib.parse.urlsplit(url).path)
    name = urllib.parse.unquote(base)
    if not explicit_url and src.filename:
        name = _format(src.filename, fmt, "file name")
    if not name or name in (".", "..") or "/" in name or "\\" in name:
        name = f"{src.id}.dat"
    return name


def _is_transient(exc: BaseException) -> bool:
    if isinstance(exc, urllib.error.HTTPError):
        return exc.code >= 500 or exc.code in _RETRY_STATUS
    if isinstance(exc, urllib.error.URLError):  # e.g. refused, DNS, timeout; not a bad scheme
        return isinstance(exc.reason, OSError)
    return isinstance(
        exc,
        TimeoutError | socket.timeout | ConnectionError | http.client.HTTPException | _Transient,
    )


def _reason(exc: BaseException) -> str:
    if isinstance(exc, urllib.error.HTTPError):
        return f"HTTP {exc.code} {exc.reason}"
    if isinstance(exc, urllib.error.URLError):
        r = exc.reason
        return f"{type(r).__name__}: {r}" if isinstance(r, BaseException) else str(r)
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


def _download(
    url: str, out: IO[bytes], *, timeout: float, progress: bool, label: str
) -> tuple[str, int, dict[str, str]]:
    """Stream ``url`` into ``out``; return (sha256, size, selected headers)."""
    req = urllib.request.Request(url, headers={"User-Agent": _USER_AGENT})
    digest = hashlib.sha256()
    size = 0
    # a fresh opener per download reads the proxy variables as they are now (urlopen's
    # opener is built once per process)
    opener = urllib.request.build_opener()
    with opener.open(req, timeout=timeout) as resp:
        length = resp.headers.get("Content-Length")
        total = int(length) if length and length.isdigit() else None
        headers = {
            k.lower(): v
            for k, v in resp.headers.items()
            if k.lower() in ("content-type", "etag", "last-modified")
        }
        with tqdm(
            total=total,
            unit="B",
            unit_scale=True,
            unit_divisor=1024,
            desc=label,
            file=sys.stderr,
            disable=not progress or total is None,
            leave=False,
        ) as bar:
            while True:
                chunk = resp.read(_CHUNK)
                if not chunk:
                    break
                out.write(chunk)
                digest.update(chunk)
                size += len(chunk)
                bar.update(len(chunk))
    if total is not None and size != total:
        raise _Transient(f"truncated download: {size} of {total} bytes")
    return digest.hexdigest(), size, headers


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(_CHUNK), b""):
            h.update(chunk)
    return h.hexdigest()


def _lock_path(folder: Path) -> str:
    """A lock file outside the raw folder (raw folders hold only data and manifests)."""
    key = hashlib.sha256(str(folder.resolve()).encode()).hexdigest()[:16]
    return str(Path(tempfile.gettempdir()) / f"warindicators-fetch-{key}.lock")


@contextlib.contextmanager
def _temp_in(folder: Path, name: str) -> Iterator[tuple[IO[bytes], Path]]:
    """A temporary file in ``folder``, removed on exit unless it was moved away."""
    fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".part", dir=folder)
    path = Path(tmp)
    try:
        with os.fdopen(fd, "wb") as f:
            yield f, path
    finally:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


def _write_json_atomic(path: Path, payload: dict[str, Any]) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(payload, f, indent=2, sort_keys=False)
            f.write("\n")
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


def _place(tmp: Path, folder: Path, name: str, sha: str, now: dt.datetime) -> tuple[Path, bool]:
    """Move ``tmp`` to ``folder/name`` without replacing a different file; (path, is_new)."""
    target = folder / name
    if target.exists():
        if _sha256(target) == sha:
            return target, False
        stem, dot, ext = name.partition(".")
        stamp = now.strftime("%Y%m%dT%H%M%SZ")
        for i in range(1000):
            extra = f"_{stamp}" + (f"_{i}" if i else "")
            target = folder / (f"{stem}{extra}{dot}{ext}")
            if not target.exists():
                break
        else:  # pragma: no cover - a thousand downloads in one second
            raise FetchError(f"too many versions of {name} in {folder}")
    os.replace(tmp, target)
    return target, True


def fetch(
    source_id: str,
    dest: str | Path | None = None,
    *,
    url: str | None = None,
    timeout: float = 30,
    retries: int = 3,
    progress: bool = True,
    backoff: float = 0.5,
    mirror: str | None = None,
    **fmt: Any,
) -> Path:
    """Download the current published file of ``source_id`` and return its path.

    Parameters
    ----------
    source_id
        A registered source with a URL (see ``wi.list_sources()``).
    dest
        Folder to write into; default ``data/raw/<source_id>/`` (created if needed).
    url
        Download from this URL instead of the registry's (then the file is named after the
        URL's last path segment).
    timeout
        Seconds per connection attempt and per read.
    retries
        Further attempts after a transient failure (network error, timeout, HTTP 5xx, 408,
        429, truncated body), waiting ``backoff * 2**k`` seconds; HTTP 404 and other client
        errors fail at once.
    progress
        Show a progress bar on stderr when the size is known.
    backoff
        First wait between attempts, in seconds.
    mirror
        Download through this mirror (see :func:`mirror_url`); default: the environment
        variable ``WARINDICATORS_MIRROR`` if set. The manifest keeps the original URL and
        names the mirror.
    **fmt
        Values for placeholders in the URL and file name, e.g. ``date="2024-11-20"`` for
        ``{date:%Y%m%d}``.

    Returns
    -------
    pathlib.Path
        The raw file: a new one, or the existing identical file. A different existing file
        with the same name is never replaced: the new file gets a ``_YYYYmmddTHHMMSSZ``
        suffix. ``<file>.manifest.json`` is written beside a new file.

    Raises
    ------
    FetchError
        No URL, missing placeholder value, unreachable host, HTTP error, repeated
        transient failures; no partial file is left behind.

    Examples
    --------
    >>> import tempfile
    >>> try:
    ...     fetch("reference", tempfile.mkdtemp())
    ... except FetchError as err:
    ...     print(err)
    source 'reference' has no download URL; pass url=...
    """
    src = get_source(source_id)
    if retries < 0 or timeout <= 0:
        raise FetchError(
            f"retries={retries}, timeout={timeout}: expected retries >= 0 and timeout > 0"
        )
    template = url or src.url
    if not template:
        raise FetchError(f"source {source_id!r} has no download URL; pass url=...")
    args = _fmt_args(fmt)
    full_url = _format(template, args, "URL") if "{" in template else template
    name = _target_name(src, full_url, url is not None, args)
    via = mirror if mirror is not None else os.environ.get(MIRROR_ENV) or None
    get_url = mirror_url(full_url, via)
    folder = Path(dest) if dest is not None else Path("data") / "raw" / source_id
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise FetchError(f"cannot create {folder}: {exc.strerror or exc}") from None

    last: BaseException | None = None
    for attempt in range(retries + 1):
        if attempt:
            time.sleep(backoff * 2 ** (attempt - 1))
        try:
            with _temp_in(folder, name) as (out, tmp):
                sha, size, headers = _download(
                    get_url, out, timeout=timeout, progress=progress, label=name
                )
                out.close()
                now = dt.datetime.now(dt.UTC)
                with FileLock(_lock_path(folder)):
                    path, is_new = _place(tmp, folder, name, sha, now)
                    manifest = path.with_name(path.name + ".manifest.json")
                    if is_new or not manifest.exists():
                        _write_json_atomic(
                            manifest,
                            {
                                "source_id": source_id,
                                "url": full_url,
                                **({"mirror": via} if via else {}),
                                "retrieved": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
                                "sha256": sha,
                                "size": size,
                                "licence": src.licence,
                                "attribution": src.attribution,
                                "file": path.name,
                                **({"http": headers} if headers else {}),
                            },
                        )
                return path
        except WarIndicatorsError:
            raise
        except OSError as exc:
            if not _is_transient(exc):
                if isinstance(exc, urllib.error.URLError):
                    raise FetchError(
                        f"cannot fetch {source_id} from {get_url}: {_reason(exc)}"
                    ) from None
                raise FetchError(f"cannot write into {folder}: {_reason(exc)}") from None
            last = exc
        except (http.client.HTTPException, _Transient) as exc:
            last = exc
        except ValueError as exc:  # malformed URL
            raise FetchError(f"cannot fetch {source_id}: bad URL {get_url!r}: {exc}") from None
    assert last is not None
    raise FetchError(
        f"cannot fetch {source_id} from {get_url}: {_reason(last)} "
        f"(after {retries + 1} attempt{'s' if retries else ''})"
    ) from None


def add_fetch_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Add the ``fetch`` sub-command to an ``argparse`` sub-parsers object.

    Examples
    --------
    >>> import argparse
    >>> parser = argparse.ArgumentParser(prog="warindicators")
    >>> _ = add_fetch_parser(parser.add_subparsers(dest="command"))
    >>> args = parser.parse_args(["fetch", "crea_gas_imports", "--dest", "raw/"])
    >>> args.source_id, args.dest, args.func is run_fetch
    ('crea_gas_imports', 'raw/', True)
    """
    p: argparse.ArgumentParser = subparsers.add_parser(
        "fetch",
        help="download a source's current published file into data/raw/<source>/",
        description="Download a source's current published file with a manifest "
        "(url, retrieved, sha256, licence).",
    )
    p.add_argument("source_id", help="source id (see `warindicators list`)")
    p.add_argument("--dest", default=None, help="folder (default data/raw/<source_id>/)")
    p.add_argument("--url", default=None, help="download from this URL instead")
    p.add_argument("--date", default=None, help="date for URLs with a {date} placeholder")
    p.add_argument("--timeout", type=float, default=30.0, help="seconds (default 30)")
    p.add_argument("--retries", type=int, default=3, help="retries on transient errors")
    p.add_argument("--no-progress", dest="progress", action="store_false", help="no progress bar")
    p.add_argument(
        "--mirror", default=None, help=f"mirror serving <mirror>/<host>/<path> (or ${MIRROR_ENV})"
    )
    p.set_defaults(func=run_fetch)
    return p


def run_fetch(args: argparse.Namespace) -> int:
    """Run ``warindicators fetch`` from parsed arguments: print the path, return the exit code.

    On failure prints one line ``error: ...`` on stderr and returns 1.

    Parameters
    ----------
    args
        Arguments parsed by the parser :func:`add_fetch_parser` adds: ``source_id``,
        ``dest``, ``url``, ``date``, ``timeout``, ``retries``, ``progress``.

    Returns
    -------
    int
        Exit code: 0 after printing the raw file's path, 1 after an error.

    Examples
    --------
    An unknown source fails before any network access:

    >>> import argparse, contextlib, io
    >>> parser = argparse.ArgumentParser(prog="warindicators")
    >>> _ = add_fetch_parser(parser.add_subparsers(dest="command"))
    >>> args = parser.parse_args(["fetch", "no_such_source", "--retries", "0"])
    >>> err = io.StringIO()
    >>> with contextlib.redirect_stderr(err):
    ...     code = run_fetch(args)
    >>> code
    1
    >>> print(err.getvalue())
    error: unknown source 'no_such_source'...
    """
    fmt = {"date": args.date} if getattr(args, "date", None) else {}
    try:
        path = fetch(
            args.source_id,
            args.dest,
            url=getattr(args, "url", None),
            timeout=args.timeout,
            retries=args.retries,
            progress=getattr(args, "progress", True),
            mirror=getattr(args, "mirror", None),
            **fmt,
        )
    except WarIndicatorsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(path)
    return 0
