"""The archive the bot serves, and its reload without downtime.

A reload brings a copy of the served SQLite file in line with the archive folder (only
new or changed bulletins are parsed; those gone are removed), in a worker thread, while
questions keep being answered from the current `Searcher`. When the
new file holds documents, it replaces the served file (`os.replace`, atomic on one
filesystem) and the new `Searcher` takes over in one assignment. When it fails or reads
nothing, the current archive keeps serving and the outcome says why.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import sqlite3
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from retrieval.archive import article_summaries, statistics
from retrieval.errors import ArchiveEmpty, ArchiveMissing, RetrievalError
from retrieval.ingest import IngestReport, ingest
from retrieval.search import Results, Searcher

logger = logging.getLogger(__name__)

# SQLite names a database's side files after its path.
SIDE_FILE_SUFFIXES = ("-wal", "-shm", "-journal")


class ReloadInProgress(Exception):
    """A reload was asked for while another one runs."""


class NothingToServe(RetrievalError):
    """There is no archive yet, and the archive folder gave no document to build one."""

    def __init__(self, folder: Path, report: IngestReport) -> None:
        reasons = "; ".join(f"{r.origin}: {r.reason}" for r in report.rejections[:3])
        super().__init__(
            f"No archive to serve: {folder} gave no document"
            + (f" ({reasons})" if reasons else "")
            + ". Set ARCHIVE_DIR to a folder of bulletins (.txt, .html, .jsonl)."
        )


@dataclass(frozen=True)
class ReloadOutcome:
    """What a reload did: the ingest report when ingest ran, and why the new archive was
    not taken into service when it was not."""

    folder: Path
    seconds: float
    report: IngestReport | None = None
    error: str | None = None

    @property
    def switched(self) -> bool:
        return self.error is None and self.report is not None and self.report.documents > 0


def remove_database(path: Path) -> None:
    """Delete an SQLite file and its side files, whichever exist."""
    for name in (path, *(path.with_name(path.name + s) for s in SIDE_FILE_SUFFIXES)):
        with contextlib.suppress(FileNotFoundError):
            name.unlink()


def fresh_path(db_path: Path) -> Path:
    """A new file name beside `db_path`, so that `os.replace` stays on one filesystem and
    no side file of an earlier attempt can be mistaken for this one's."""
    return db_path.with_name(f".{db_path.name}.{uuid.uuid4().hex[:12]}.building")


def publish(built: Path, db_path: Path) -> None:
    """Put the archive at `built` in service at `db_path`, atomically.

    The archive is first turned from WAL to rollback-journal mode: its readers then need
    no -wal/-shm files, which SQLite names after the path and which the previous file's
    readers may still hold at `db_path`.
    """
    connection = sqlite3.connect(built)
    try:
        connection.execute("PRAGMA journal_mode=DELETE")
    finally:
        connection.close()
    # A rollback journal left at `db_path` would be replayed into the new file.
    with contextlib.suppress(FileNotFoundError):
        db_path.with_name(db_path.name + "-journal").unlink()
    os.replace(built, db_path)
    # The old file's -wal/-shm would otherwise sit beside a file they do not belong to;
    # its readers keep theirs open.
    for suffix in ("-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            db_path.with_name(db_path.name + suffix).unlink()


def copy_database(source: Path, target: Path) -> None:
    """Copy a live SQLite archive with SQLite's backup API: a consistent snapshot even
    while it is being read."""
    with (
        contextlib.closing(sqlite3.connect(f"file:{source.resolve()}?mode=ro", uri=True)) as origin,
        contextlib.closing(sqlite3.connect(target)) as copy,
    ):
        origin.backup(copy)


def build_archive(folder: Path, db_path: Path) -> IngestReport:
    """Bring the archive in line with `folder` in a new file and, if it holds documents,
    serve it at `db_path`. The new file starts as a copy of the served one, so only new
    or changed bulletins are parsed and indexed, and those gone from the folder are
    removed. Whatever happens, no half-built file is left behind."""
    building = fresh_path(db_path)
    try:
        if db_path.is_file():
            copy_database(db_path, building)
        report = ingest([folder], building, prune=True)
        if report.documents > 0:
            publish(building, db_path)
        return report
    finally:
        remove_database(building)


class LiveArchive:
    """The archive the bot answers from: a `Searcher` that a reload swaps atomically.

    Its blocking methods (`open`, `search`, `latest`, `statistics`, `close`) are meant
    for worker threads; `start_reload` runs its ingest in one.
    """

    def __init__(self, folder: Path, db_path: Path) -> None:
        self.folder = Path(folder)
        self.db_path = Path(db_path)
        self._searcher: Searcher | None = None
        self._reload: asyncio.Future[ReloadOutcome] | None = None
        self._swap_lock = threading.Lock()

    def open(self) -> IngestReport | None:
        """Open the archive, building it from the folder first when there is none.
        Returns that first ingest's report, if one ran. Raises NothingToServe."""
        report = None
        try:
            searcher = Searcher(self.db_path)
        except (ArchiveMissing, ArchiveEmpty):
            logger.info("No archive at %s yet: ingesting %s first", self.db_path, self.folder)
            report = build_archive(self.folder, self.db_path)
            if report.documents == 0:
                raise NothingToServe(self.folder, report) from None
            searcher = Searcher(self.db_path)
        self._swap(searcher)
        return report

    @property
    def searcher(self) -> Searcher:
        if self._searcher is None:
            raise RuntimeError("the archive is not open: call open() first")
        return self._searcher

    def search(self, query: str, limit: int, offset: int = 0) -> Results:
        """Search the archive in service. Raises EmptyQuery."""
        searcher = self.searcher
        try:
            return searcher.search(query, limit, offset)
        except sqlite3.ProgrammingError:
            # A reload retired (and closed) this searcher while the question was on its
            # way: the searcher in service answers instead.
            if searcher is self._searcher:
                raise
            return self.searcher.search(query, limit, offset)

    def latest(self, count: int) -> list[dict[str, Any]]:
        return article_summaries(self.db_path, count)

    def statistics(self) -> dict[str, Any]:
        return statistics(self.db_path)

    @property
    def reloading(self) -> bool:
        return self._reload is not None and not self._reload.done()

    def start_reload(self) -> asyncio.Future[ReloadOutcome]:
        """Start rebuilding the archive from the folder in a worker thread; await the
        result for the outcome. Raises ReloadInProgress when a reload is already running.

        The reload is claimed before this returns, so two requests that arrive together
        cannot both start one; and it runs to its end even if whoever asked goes away.
        """
        if self.reloading:
            raise ReloadInProgress
        self._reload = asyncio.ensure_future(asyncio.to_thread(self._rebuild))
        return self._reload

    def _rebuild(self) -> ReloadOutcome:
        started = time.perf_counter()

        def outcome(report: IngestReport | None = None, error: str | None = None) -> ReloadOutcome:
            return ReloadOutcome(self.folder, time.perf_counter() - started, report, error)

        if not self.folder.is_dir():
            return outcome(error=f"the archive folder {self.folder} does not exist.")
        try:
            report = build_archive(self.folder, self.db_path)
            if report.documents == 0:
                return outcome(report)
            self._swap(Searcher(self.db_path))
        except Exception as error:
            # Whatever went wrong, the archive in service stays, and the admin hears why.
            logger.exception("Reload from %s failed", self.folder)
            return outcome(error=str(error) or type(error).__name__)
        return outcome(report)

    def _swap(self, searcher: Searcher) -> None:
        with self._swap_lock:
            retired, self._searcher = self._searcher, searcher
        if retired is not None:
            retired.close()

    def close(self) -> None:
        if self._searcher is not None:
            self._searcher.close()
