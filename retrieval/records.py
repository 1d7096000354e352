"""The archive model: documents hold articles, articles hold paragraphs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Paragraph:
    """Body text of an article; the unit search returns. `heading` is the sub-heading
    it stands under, if any: it helps the paragraph rank but is not part of its text."""

    text: str
    heading: str | None = None


@dataclass(frozen=True)
class Article:
    """One dated item of a document: a whole bulletin, or one entry of a weekly page."""

    title: str
    date: dt.date | None
    language: str
    publication: str
    paragraphs: tuple[Paragraph, ...]


@dataclass(frozen=True)
class Document:
    """One file, or one JSONL record, identified by its source."""

    source: str
    origin: str
    articles: tuple[Article, ...]
    content_hash: str = ""

    @property
    def richness(self) -> tuple[int, int, int]:
        """How much a document gives: distinct article dates (a page's own datelines
        distinguish its items; a rendering that lost them dates all alike), paragraphs,
        then characters. When one run meets two renderings of a source, it keeps the
        richer."""
        paragraphs = [p for a in self.articles for p in a.paragraphs]
        return (
            len({a.date for a in self.articles if a.date}),
            len(paragraphs),
            sum(len(p.text) for p in paragraphs),
        )


@dataclass(frozen=True)
class Rejection:
    """A file, or a JSONL line, that ingest could not use, and why."""

    origin: str
    reason: str


@dataclass
class ParsedFile:
    """What one input file gave: documents, and the parts of it that were rejected."""

    documents: list[Document] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)  # origins stored already, as they are
