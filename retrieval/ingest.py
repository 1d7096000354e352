"""Ingest: files and folders to stored, indexed documents, with a report of what was
taken and what was rejected.

Reading, parsing and analysing are the costly part, and pure: for a large run they go
to a pool of processes, one per core, while this process writes what comes back in
batches. Files whose content is stored already are recognised by hash and not parsed.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from sqlite_utils import Database

from retrieval.fingerprints import content_hash
from retrieval.indexing import (
    IndexedDocument,
    index_document,
    remove_documents,
    write_documents,
)
from retrieval.loading import JSONL_SUFFIXES, load_file
from retrieval.records import Rejection
from retrieval.storage import open_for_writing

# Paragraphs written per transaction, at the least. Each write rewrites the postings of
# the terms it touches, so fewer, larger batches are cheaper; but writing overlaps the
# workers' reading only between batches. A batch also grows with what this run has
# written before it (a quarter of it): over a million paragraphs the postings are then
# rewritten a dozen times, not forty.
WRITE_BATCH_PARAGRAPHS = 25_000
BATCH_GROWTH = 4
# Below this many files a process pool costs more to start (about half a second a
# worker) than it saves.
PARALLEL_MIN_FILES = 200
# Files handed to a worker at a time: enough to amortise the hand-over.
FILES_PER_TASK = 32


@dataclass
class IngestReport:
    """What an ingest run did."""

    files: int = 0
    documents: int = 0  # found in this run, duplicates aside
    unchanged: int = 0  # already stored with the same content: not parsed again
    articles: int = 0  # in the documents written
    paragraphs: int = 0  # in the documents written
    rejections: list[Rejection] = field(default_factory=list)
    removed: int = 0  # stored documents whose file is gone (with `prune`)
    seconds: float = 0.0

    @property
    def written(self) -> int:
        return self.documents - self.unchanged


@dataclass
class FileResult:
    """One file read: its new or changed documents, analysed, and what was refused."""

    origin: str
    documents: list[IndexedDocument]
    rejections: list[Rejection]
    unchanged: list[str]


def input_files(paths: Iterable[Path]) -> Iterator[tuple[Path, str]]:
    """Every file under `paths`, with its name relative to the folder it was found in.
    Hidden files and folders are passed over."""
    for path in paths:
        if path.is_dir():
            for file in sorted(p for p in path.rglob("*") if p.is_file()):
                relative = file.relative_to(path)
                if not any(part.startswith(".") for part in relative.parts):
                    yield file, relative.as_posix()
        else:
            yield path, path.name


_stored_hashes: dict[str, str] = {}


def _set_stored_hashes(hashes: dict[str, str]) -> None:
    global _stored_hashes
    _stored_hashes = hashes


def read_file(task: tuple[Path, str]) -> FileResult:
    """Read, parse and analyse one file (in a worker process, for large runs)."""
    path, origin = task
    if not path.exists():
        return FileResult(origin, [], [Rejection(origin, "no such file or folder")], [])
    parsed = load_file(path, origin, lambda o, digest: _stored_hashes.get(o) == digest)
    return FileResult(
        origin, [index_document(d) for d in parsed.documents], parsed.rejections, parsed.unchanged
    )


def _read_files_in_parallel(
    files: list[tuple[Path, str]], hashes: dict[str, str]
) -> Iterator[FileResult]:
    # Forking is the cheap start, but forking a process that runs threads (the bot does)
    # can deadlock its children: those start afresh ("spawn").
    method = "fork" if threading.active_count() == 1 and os.name == "posix" else "spawn"
    context = multiprocessing.get_context(method)
    workers = max(1, min(os.cpu_count() or 1, 8))
    with ProcessPoolExecutor(
        workers, mp_context=context, initializer=_set_stored_hashes, initargs=(hashes,)
    ) as pool:
        yield from pool.map(read_file, files, chunksize=FILES_PER_TASK)


def _read_files(files: list[tuple[Path, str]], hashes: dict[str, str]) -> Iterator[FileResult]:
    if len(files) >= PARALLEL_MIN_FILES and (os.cpu_count() or 1) > 1:
        yield from _read_files_in_parallel(files, hashes)
        return
    _set_stored_hashes(hashes)
    try:
        yield from map(read_file, files)
    finally:
        _set_stored_hashes({})


def _is_stored_as_is(path: Path, origin: str, hashes: dict[str, str]) -> bool:
    """Whether a page file is stored with this very content (checked here, before any
    worker starts, so that a re-ingest of an unchanged folder costs only the hashing).
    JSONL files are checked record by record when read."""
    if origin not in hashes or path.suffix.lower() in JSONL_SUFFIXES:
        return False
    try:
        return content_hash(path.read_bytes()) == hashes[origin]
    except OSError:
        return False


class _Writer:
    """Collects analysed documents and writes them in batches; keeps, of two documents
    with one source, the richer."""

    def __init__(
        self, db: Database, report: IngestReport, unchanged_sources: dict[str, str]
    ) -> None:
        self.db, self.report = db, report
        self.unchanged_sources = unchanged_sources  # source -> origin, stored as it is
        self.kept: dict[str, tuple[str, tuple[int, int, int], int, int]] = {}
        self.batch: dict[str, IndexedDocument] = {}
        self.batch_paragraphs = 0
        self.written_paragraphs = 0

    def add(self, indexed: IndexedDocument) -> None:
        document = indexed.document
        if document.source in self.unchanged_sources:
            self._duplicate(
                document.origin, document.source, self.unchanged_sources[document.source], "stored"
            )
            return
        previous = self.kept.get(document.source)
        if previous is not None:
            if document.richness <= previous[1]:
                self._duplicate(document.origin, document.source, previous[0], "richer")
                return
            self._duplicate(previous[0], document.source, document.origin, "richer")
            self.report.articles -= previous[2]
            self.report.paragraphs -= previous[3]
        articles = len(document.articles)
        paragraphs = sum(len(a.paragraphs) for a in document.articles)
        self.kept[document.source] = (document.origin, document.richness, articles, paragraphs)
        self.report.articles += articles
        self.report.paragraphs += paragraphs
        self.batch[document.source] = indexed
        self.batch_paragraphs += paragraphs
        if self.batch_paragraphs >= max(
            WRITE_BATCH_PARAGRAPHS, self.written_paragraphs // BATCH_GROWTH
        ):
            self.flush()

    def _duplicate(self, dropped: str, source: str, kept: str, how: str) -> None:
        self.report.rejections.append(
            Rejection(dropped, f"duplicate of {source}: kept the {how} {kept}")
        )

    def flush(self) -> None:
        if self.batch:
            write_documents(self.db, self.batch.values())
        self.written_paragraphs += self.batch_paragraphs
        self.batch, self.batch_paragraphs = {}, 0


def ingest(
    paths: Iterable[str | Path],
    db_path: str | Path,
    progress: Callable[[int], None] = lambda done: None,
    on_files: Callable[[int], None] = lambda total: None,
    prune: bool = False,
) -> IngestReport:
    """Ingest files and folders into the archive at `db_path`.

    Re-ingesting a source replaces it; a file or record whose content is unchanged is
    skipped without being parsed. With `prune`, stored documents whose file is no longer
    among `paths` are removed: the archive then mirrors the folder. `on_files` is told
    how many files there are, `progress` each time one has been read.
    """
    started = time.perf_counter()
    report = IngestReport()
    files = list(input_files(Path(p) for p in paths))
    report.files = len(files)
    on_files(len(files))
    db = open_for_writing(db_path)
    try:
        stored = {
            origin: (source, digest)
            for source, origin, digest in db.execute(
                "select source, origin, content_hash from documents"
            )
        }
        unchanged_sources: dict[str, str] = {}
        writer = _Writer(db, report, unchanged_sources)
        hashes = {origin: digest for origin, (_, digest) in stored.items()}
        seen: set[str] = set()  # origins met in this run, to prune the others
        to_read = []
        for path, origin in files:
            if _is_stored_as_is(path, origin, hashes):
                seen.add(origin)
                report.unchanged += 1
                unchanged_sources[stored[origin][0]] = origin
                progress(1)
            else:
                to_read.append((path, origin))
        results = _read_files(to_read, hashes)
        for result in results:
            report.rejections.extend(result.rejections)
            report.unchanged += len(result.unchanged)
            seen.update(result.unchanged)
            # A file that fails to parse now keeps its stored version: nothing is lost.
            seen.update(r.origin for r in result.rejections)
            seen.update(d.document.origin for d in result.documents)
            for origin in result.unchanged:
                unchanged_sources[stored[origin][0]] = origin
            for indexed in result.documents:
                writer.add(indexed)
            progress(1)
        writer.flush()
        report.documents = len(writer.kept) + report.unchanged
        if prune:
            # Also the documents replaced under another origin count as seen: their
            # source was written again in this run.
            gone = sorted(
                source
                for origin, (source, _) in stored.items()
                if origin not in seen and source not in writer.kept
            )
            remove_documents(db, gone)
            report.removed = len(gone)
    finally:
        db.close()
    report.seconds = time.perf_counter() - started
    return report
