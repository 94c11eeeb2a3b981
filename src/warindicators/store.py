"""The processed store: ``data/raw`` (never modified) → ``data/processed`` (Parquet vintages).

Each source has one Parquet file ``processed/<source_id>.parquet`` holding every vintage:
ingesting a revised file appends the rows whose values changed with their ``published`` and
``retrieved`` dates, so :meth:`IndicatorSeries.as_of` can answer "what did we know on D".
Re-ingesting an identical file is a no-op. Writes are atomic (temporary file + rename) and
serialised by a lock file.

An observation that a newer input lacks (a producer's file a few rows shorter than the
last one, or a slice of the history) is **kept**: a vintage only adds or revises, never
deletes; the ingest summary counts such observations (``n_absent``). Exact repeats that a
reader collapsed are counted too (``n_repeated``).
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd
from filelock import FileLock, Timeout

from ._atomic import atomic_path
from ._semantics import latest_vintage
from ._vintages import count_absent, manifest_retrieved, new_vintages, read_processed
from .errors import ValidationError, WarIndicatorsError
from .indicators import get_indicator
from .observations import key_columns, validate_observations
from .repeats import RepeatedRecordsWarning
from .series import IndicatorSeries

__all__ = ["IngestResult", "Store", "default_data_dir", "load", "load_frame"]

DATA_DIR_ENV = "WARINDICATORS_DATA_DIR"


@dataclass(frozen=True)
class IngestResult:
    """What an ingest did: rows added (new keys and revisions), repeats collapsed, and where.

    ``n_unchanged`` observations were already stored with the same values;
    ``n_repeated`` exact repeats of a record were collapsed by the reader (see
    :func:`~warindicators.repeats.collapse_repeated`); ``n_absent`` stored
    observations of the same series are not in this input. They are **kept**: a vintage
    only adds or revises, it never deletes (a producer's file a few rows shorter than the
    last one, or a slice of the history, says nothing about the missing rows), so
    ``as_of`` still returns what was known. ``latest`` is the last date in the input.

    Examples
    --------
    >>> from pathlib import Path
    >>> r = IngestResult("ofac_sdn", Path("data/processed/ofac_sdn.parquet"), 2, 0, 0)
    >>> r.noop, r.n_unchanged
    (True, 2)
    """

    source_id: str
    path: Path
    n_read: int
    n_new: int
    n_revised: int
    n_repeated: int = 0
    n_absent: int = 0
    latest: pd.Timestamp | None = None

    @property
    def noop(self) -> bool:
        """True when the input held nothing new (identical re-ingest)."""
        return self.n_new == 0 and self.n_revised == 0

    @property
    def n_unchanged(self) -> int:
        """Observations of the input already stored with the same values."""
        return self.n_read - self.n_new - self.n_revised

    def summary(self) -> str:
        """One line: new, revised, unchanged, repeats collapsed, absent (kept), latest date.

        Examples
        --------
        >>> from pathlib import Path
        >>> IngestResult("x", Path("x.parquet"), 10, 3, 1, 2, 0, pd.Timestamp("2024-05-31")
        ...              ).summary()
        'x: 3 new, 1 revised, 6 unchanged; 2 repeated records collapsed; latest 2024-05-31'
        """
        parts = [f"{self.n_new} new, {self.n_revised} revised, {self.n_unchanged} unchanged"]
        if self.n_repeated:
            parts.append(f"{self.n_repeated} repeated records collapsed")
        if self.n_absent:
            parts.append(f"{self.n_absent} stored observations not in this input (kept)")
        latest = f"latest {self.latest:%Y-%m-%d}" if self.latest is not None else "no dates"
        return f"{self.source_id}: {'; '.join([*parts, latest])}"

    def __str__(self) -> str:
        return f"{self.summary()} -> {self.path}"


def default_data_dir() -> Path | None:
    """The data folder named by ``WARINDICATORS_DATA_DIR``, if set.

    Examples
    --------
    >>> import os
    >>> os.environ.pop("WARINDICATORS_DATA_DIR", None) and None
    >>> default_data_dir() is None
    True
    """
    env = os.environ.get(DATA_DIR_ENV)
    return Path(env) if env else None


class Store:
    """A data folder with ``raw/`` and ``processed/`` sub-folders.

    Examples
    --------
    >>> import tempfile, warindicators as wi
    >>> store = wi.Store(tempfile.mkdtemp())
    >>> store.read().empty
    True
    """

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)
        self.processed = self.root / "processed"
        self.raw = self.root / "raw"

    def path(self, source_id: str) -> Path:
        """Parquet file of one source."""
        if not source_id.replace("_", "").isalnum():
            raise ValidationError(f"source id {source_id!r}: expected letters, digits and '_'")
        return self.processed / f"{source_id}.parquet"

    def _lock(self) -> FileLock:
        self.processed.mkdir(parents=True, exist_ok=True)
        return FileLock(str(self.processed / ".ingest.lock"), timeout=120)

    def ingest(
        self,
        source_id: str,
        *paths: str | Path,
        published: str | None = None,
        retrieved: str | None = None,
        reader_options: Mapping[str, object] | None = None,
        **options: object,
    ) -> IngestResult:
        """Read ``paths`` with a reader, validate, and append new vintages atomically.

        Parameters
        ----------
        source_id
            Reader id (see :func:`warindicators.list_sources`).
        paths
            Raw files; only read.
        published
            Publication date of the input when the rows carry none (default: the
            ``retrieved`` time recorded in a fetch manifest beside the file, else now).
        retrieved
            When the input was downloaded (default: from the manifest, else now).
        reader_options
            Options for the reader, also those whose names the store uses itself (e.g. the
            snapshot date ``published`` of ``ofac_sdn``); ``**options`` go to the reader too.
        """
        from .sources.registry import read_source

        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            obs = read_source(source_id, *paths, **{**options, **(reader_options or {})})
        n_repeated = 0
        for w in caught:  # re-issued: nothing is swallowed, the repeats are also counted
            if isinstance(w.message, RepeatedRecordsWarning):
                n_repeated += w.message.count
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
        now = pd.Timestamp.now(tz="UTC").tz_localize(None).floor("s")
        manifest_time = manifest_retrieved(paths)
        ret = pd.Timestamp(retrieved) if retrieved else (manifest_time or now)
        pub = pd.Timestamp(published) if published else ret
        if published or "published" not in obs.columns:
            obs["published"] = pub  # an explicit publication date wins
        else:
            obs["published"] = obs["published"].fillna(pub)
        obs["retrieved"] = ret
        obs["source"] = obs["source"].fillna(source_id) if "source" in obs else source_id
        keys = key_columns(obs)  # with ``source``: another publisher's value is no revision
        try:
            with self._lock():
                old = self._read_one(source_id)
                new_rows, n_new, n_rev = new_vintages(old, obs, keys)
                n_absent = count_absent(old, obs, keys)
                target = self.path(source_id)
                if not new_rows.empty:
                    combined = (
                        pd.concat([old, new_rows], ignore_index=True) if not old.empty else new_rows
                    )
                    combined = validate_observations(combined, allow_vintages=True)
                    with atomic_path(target, suffix=".parquet") as tmp:
                        combined.to_parquet(tmp, index=False)
        except Timeout:
            raise WarIndicatorsError(f"{self.processed}: another ingest holds the lock") from None
        latest = pd.Timestamp(obs["date"].max()) if len(obs) else None
        return IngestResult(source_id, target, len(obs), n_new, n_rev, n_repeated, n_absent, latest)

    def _read_one(self, source_id: str) -> pd.DataFrame:
        p = self.path(source_id)
        if not p.exists():
            return pd.DataFrame()
        return read_processed(p)

    def read(self) -> pd.DataFrame:
        """Every vintage of every processed source."""
        if not self.processed.exists():
            return pd.DataFrame()
        parts = [read_processed(p) for p in sorted(self.processed.glob("*.parquet"))]
        parts = [p for p in parts if not p.empty]
        return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()


@lru_cache(maxsize=1)
def _reference() -> pd.DataFrame:
    from .sources.registry import read_source

    return read_source("reference")


def load_frame(
    indicators: str | list[str] | None = None,
    regions: str | list[str] | None = None,
    *,
    families: str | list[str] | None = None,
    as_of: str | None = None,
    data_dir: str | Path | None = None,
    vintages: bool = False,
    include_reference: bool = True,
    source: str | list[str] | None = None,
) -> pd.DataFrame:
    """Observations from the processed store, defaulting to the shipped reference data.

    Parameters
    ----------
    indicators, regions, families
        Filters (an id or a list).
    as_of
        Only what had been published by that date.
    data_dir
        A data folder with ``processed/`` (default: ``WARINDICATORS_DATA_DIR`` if set). Its
        observations of an indicator and region replace all the shipped ones of that
        indicator and region (whatever their dimensions: a stored daily breakdown is never
        mixed with shipped monthly totals).
    vintages
        Keep every vintage instead of the latest per observation. Without it, one row per
        (indicator, region, dimensions, source, date): each publisher's latest vintage, so
        two publishers' values for one date stay side by side (see
        :func:`warindicators.total`).
    include_reference
        Include the shipped reference data.
    source
        Only observations from this source (e.g. ``"deepstate_geojson"`` when two readers
        give the same indicator); by default every source is kept.

    Examples
    --------
    >>> import warindicators as wi
    >>> df = wi.load_frame("sanctions.ofac_russia_eo14024_entries")
    >>> df["region"].unique().tolist()
    ['RU']
    """
    parts: list[pd.DataFrame] = []
    ddir = Path(data_dir) if data_dir is not None else default_data_dir()
    stored = Store(ddir).read() if ddir is not None else pd.DataFrame()
    if include_reference:
        ref = _reference().copy()
        if not stored.empty:
            # a stored series replaces the shipped one of the same indicator and region whole:
            # mixing a daily breakdown with monthly totals would double count
            skeys = ["indicator", "region"]
            for k in skeys:
                if k not in ref.columns:
                    ref[k] = None
            have = stored[skeys].astype("str").drop_duplicates()
            mark = ref[skeys].astype("str").merge(have, how="left", indicator=True)["_merge"]
            ref = ref[(mark == "left_only").to_numpy()]
        parts.append(ref)
    if not stored.empty:
        parts.append(stored)
    if not parts:
        return pd.DataFrame(columns=["indicator", "region", "date", "value"])
    df = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
    if indicators is not None:
        ids = [indicators] if isinstance(indicators, str) else list(indicators)
        for i in ids:
            get_indicator(i)
        df = df[df["indicator"].isin(ids)]
    if families is not None:
        fams = [families] if isinstance(families, str) else list(families)
        fam_of = {i: get_indicator(i).family for i in df["indicator"].unique()}
        df = df[df["indicator"].map(fam_of).isin(fams)]
    if regions is not None:
        regs = [regions] if isinstance(regions, str) else list(regions)
        df = df[df["region"].isin(regs)]
    if source is not None:
        srcs = [source] if isinstance(source, str) else list(source)
        df = df[df["source"].isin(srcs)] if "source" in df.columns else df.iloc[0:0]
    if as_of is not None:
        when = pd.Timestamp(as_of)
        if when == when.normalize():
            when = when + pd.Timedelta(days=1) - pd.Timedelta(1, "ns")
        known = df["published"].fillna(df["date"]) if "published" in df.columns else df["date"]
        df = df[known <= when]
    if not vintages:  # the latest vintage of each publisher: publishers are never merged
        df = latest_vintage(df, key_columns(df))
    return df.reset_index(drop=True)


def load(
    indicator: str,
    region: str | None = None,
    as_of: str | None = None,
    *,
    data_dir: str | Path | None = None,
    source: str | None = None,
    **selection: str,
) -> IndicatorSeries:
    """One :class:`~warindicators.IndicatorSeries` from the store (default: shipped data).

    Examples
    --------
    >>> import warindicators as wi
    >>> s = wi.load("casualties.ru_personnel_claimed")
    >>> s.region, s.indicator.measure
    ('RU', 'cumulative')
    """
    frame = load_frame(indicator, data_dir=data_dir, vintages=True, source=source)
    if frame.empty:
        from .sources.registry import get_source, list_sources

        readers = [sid for sid in list_sources() if indicator in get_source(sid).indicators]
        hint = (
            f"; it is read from {' or '.join(readers)} files: 'warindicators ingest "
            f"{readers[0]} FILE --data-dir DIR' (or 'warindicators update'), then pass data_dir="
            if readers and source is None
            else ""
        )
        raise ValidationError(f"no observations of {indicator} in the store{hint}")
    s = IndicatorSeries.from_frame(frame, indicator, region, **selection)
    return s.as_of(as_of) if as_of is not None else s
