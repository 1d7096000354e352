"""Ingest: files and folders to stored, indexed documents, with a report of what was
taken and what was rejected."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from retrieval.indexing import write_documents
from retrieval.loading import load_file
from retrieval.records import Document, Rejection
from retrieval.storage import open_for_writing

# How many documents are written per transaction: large enough to amortise the postings
# rewrite, small enough that progress moves and memory stays flat.
WRITE_BATCH_DOCUMENTS = 2000


@dataclass
class IngestReport:
    """What an ingest run did."""

    files: int = 0
    documents: int = 0  # read in this run, duplicates aside
    unchanged: int = 0  # already stored with the same content
    articles: int = 0
    paragraphs: int = 0
    rejections: list[Rejection] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def written(self) -> int:
        return self.documents - self.unchanged


def input_files(paths: Iterable[Path]) -> Iterator[tuple[Path, str]]:
    """Every file under `paths`, with its name relative to the folder it was found in."""
    for path in paths:
        if path.is_dir():
            for file in sorted(p for p in path.rglob("*") if p.is_file()):
                relative = file.relative_to(path)
                if not any(part.startswith(".") for part in relative.parts):
                    yield file, relative.as_posix()
        else:
            yield path, path.name


def _richer(a: Document, b: Document) -> bool:
    return a.richness > b.richness


def read_documents(
    files: list[tuple[Path, str]], report: IngestReport, progress: Callable[[int], None]
) -> dict[str, Document]:
    """Parse every file; of two documents with one source, keep the richer."""
    kept: dict[str, Document] = {}
    for path, origin in files:
        if not path.exists():
            report.rejections.append(Rejection(origin, "no such file or folder"))
            progress(1)
            continue
        parsed = load_file(path, origin)
        report.rejections.extend(parsed.rejections)
        for document in parsed.documents:
            other = kept.get(document.source)
            if other is None:
                kept[document.source] = document
                continue
            keep, drop = (document, other) if _richer(document, other) else (other, document)
            kept[document.source] = keep
            report.rejections.append(
                Rejection(drop.origin, f"duplicate of {keep.source}: kept the richer {keep.origin}")
            )
        progress(1)
    return kept


def ingest(
    paths: Iterable[str | Path],
    db_path: str | Path,
    progress: Callable[[int], None] = lambda done: None,
    on_files: Callable[[int], None] = lambda total: None,
) -> IngestReport:
    """Ingest files and folders into the archive at `db_path`.

    Re-ingesting a source replaces it; a source whose content is unchanged is skipped.
    `on_files` is told how many files there are, `progress` each time one is read.
    """
    started = time.perf_counter()
    report = IngestReport()
    files = list(input_files(Path(p) for p in paths))
    report.files = len(files)
    on_files(len(files))
    documents = read_documents(files, report, progress)
    report.documents = len(documents)
    report.articles = sum(len(d.articles) for d in documents.values())
    report.paragraphs = sum(len(a.paragraphs) for d in documents.values() for a in d.articles)
    db = open_for_writing(db_path)
    try:
        stored = dict(db.execute("select source, content_hash from documents").fetchall())
        changed = [d for d in documents.values() if stored.get(d.source) != d.content_hash]
        report.unchanged = len(documents) - len(changed)
        for start in range(0, len(changed), WRITE_BATCH_DOCUMENTS):
            write_documents(db, changed[start : start + WRITE_BATCH_DOCUMENTS])
    finally:
        db.close()
    report.seconds = time.perf_counter() - started
    return report
