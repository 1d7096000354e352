"""Writing documents into the archive and keeping the BM25 index in step.

A paragraph is indexed under the terms of its article's title, its sub-heading and its
own text, so a question about the title finds the body even where the body does not
repeat the title's words. Replacing a document removes its old paragraphs from the
postings and adds the new ones; only the terms they hold are rewritten.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray
from sqlite_utils import Database

from retrieval.analysis import analyse_tagged
from retrieval.fingerprints import paragraph_fingerprint
from retrieval.records import Article, Document, Paragraph

POSTING_DTYPE = np.dtype("<i4")
# SQLite allows 999 bound parameters in older builds; stay well under it.
SQL_CHUNK = 500


def paragraph_terms(
    article: Article, paragraph: Paragraph, title_terms: list[str] | None = None
) -> list[str]:
    """The tagged terms a paragraph is indexed under: its article's title and date, its
    heading, then its text. `title_terms` (from `article_terms`) spares re-analysing the
    article for each paragraph."""
    language = article.language
    if title_terms is None:
        title_terms = article_terms(article)
    heading_terms = analyse_tagged(paragraph.heading, language) if paragraph.heading else []
    return [*title_terms, *heading_terms, *analyse_tagged(paragraph.text, language)]


_MONTHS = {
    "en": "January February March April May June July August September October November December",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
}


def date_terms(article: Article) -> list[str]:
    """The article's year and month, as words of its language: questions name the
    time they ask about ("en juin 2004", "Nov 2012") and the date is part of the answer."""
    if article.date is None:
        return []
    month = _MONTHS[article.language].split()[article.date.month - 1]
    return analyse_tagged(f"{month} {article.date.year}", article.language)


def article_terms(article: Article) -> list[str]:
    """What every paragraph of an article is also indexed under: its title and date."""
    return analyse_tagged(article.title, article.language) + date_terms(article)


@dataclass(frozen=True)
class IndexedParagraph:
    """A paragraph's analysis, in forms that pass cheaply between processes."""

    terms: str  # every term in order, space-separated, as stored
    length: int
    fingerprint: str
    unique_terms: str  # each distinct term once, space-separated
    counts: bytes  # how often each of those occurs (int32 array)


@dataclass(frozen=True)
class IndexedDocument:
    """A document with each paragraph's terms and fingerprint, ready to store. Analysis
    is the costly part of ingest, so it is done apart from writing (and in parallel)."""

    document: Document
    paragraphs: list[list[IndexedParagraph]]  # per article, per paragraph


def index_paragraph(terms: list[str], text_terms: list[str]) -> IndexedParagraph:
    counts = Counter(terms)
    return IndexedParagraph(
        " ".join(terms),
        len(terms),
        paragraph_fingerprint(text_terms),
        " ".join(counts),
        np.fromiter(counts.values(), POSTING_DTYPE, len(counts)).tobytes(),
    )


def index_document(document: Document) -> IndexedDocument:
    """Analyse every paragraph of a document. Pure."""
    articles = []
    for article in document.articles:
        title_terms = article_terms(article)
        indexed = []
        for paragraph in article.paragraphs:
            terms = paragraph_terms(article, paragraph, title_terms)
            # The fingerprint is of the paragraph's own text alone.
            text_terms = (
                analyse_tagged(paragraph.text, article.language)
                if paragraph.heading
                else terms[len(title_terms) :]
            )
            indexed.append(index_paragraph(terms, text_terms))
        articles.append(indexed)
    return IndexedDocument(document, articles)


@dataclass
class _Changes:
    """Postings to remove and to add, gathered as flat runs: one run a paragraph."""

    removed_terms: list[str] = field(default_factory=list)
    removed_runs: list[tuple[int, int]] = field(default_factory=list)  # (paragraph id, terms)
    added_terms: list[str] = field(default_factory=list)
    added_runs: list[tuple[int, int]] = field(default_factory=list)
    added_counts: list[bytes] = field(default_factory=list)
    lengths: dict[int, int] = field(default_factory=dict)  # paragraph id -> length; 0 removed


def _chunks(items: list[str]) -> Iterable[list[str]]:
    for start in range(0, len(items), SQL_CHUNK):
        yield items[start : start + SQL_CHUNK]


def _marks(items: list[str]) -> str:
    return ",".join("?" * len(items))


def _remove_documents(db: Database, sources: list[str], changes: _Changes) -> None:
    for chunk in _chunks(sources):
        rows = db.execute(
            "select p.id, p.terms from paragraphs p join articles a on a.id = p.article_id "
            f"where a.source in ({_marks(chunk)})",
            chunk,
        ).fetchall()
        for paragraph_id, terms in rows:
            unique = dict.fromkeys(terms.split())
            changes.removed_terms.extend(unique)
            changes.removed_runs.append((paragraph_id, len(unique)))
            changes.lengths[paragraph_id] = 0
        db.execute(
            f"delete from paragraphs where article_id in (select id from articles where source in ({_marks(chunk)}))",
            chunk,
        )
        db.execute(f"delete from articles where source in ({_marks(chunk)})", chunk)
        db.execute(f"delete from documents where source in ({_marks(chunk)})", chunk)


def _next_id(db: Database, table: str) -> int:
    return int(db.execute(f"select coalesce(max(id), 0) + 1 from [{table}]").fetchone()[0])


def _insert_documents(db: Database, documents: list[IndexedDocument], changes: _Changes) -> None:
    article_id = _next_id(db, "articles")
    # Ids are never reused, so a removed paragraph's length entry is never confused.
    paragraph_id = max(_next_id(db, "paragraphs"), _stored_lengths(db).size)
    document_rows, article_rows, paragraph_rows = [], [], []
    for indexed in documents:
        document = indexed.document
        document_rows.append(
            {
                "source": document.source,
                "origin": document.origin,
                "content_hash": document.content_hash,
            }
        )
        for position, (article, paragraphs) in enumerate(
            zip(document.articles, indexed.paragraphs, strict=True)
        ):
            article_rows.append(
                {
                    "id": article_id,
                    "source": document.source,
                    "position": position,
                    "title": article.title,
                    "date": article.date.isoformat() if article.date else None,
                    "language": article.language,
                    "publication": article.publication,
                }
            )
            for paragraph_position, (paragraph, entry) in enumerate(
                zip(article.paragraphs, paragraphs, strict=True)
            ):
                paragraph_rows.append(
                    (
                        paragraph_id,
                        article_id,
                        paragraph_position,
                        paragraph.heading,
                        paragraph.text,
                        entry.fingerprint,
                        entry.terms,
                        entry.length,
                    )
                )
                unique = entry.unique_terms.split()
                changes.added_terms.extend(unique)
                changes.added_runs.append((paragraph_id, len(unique)))
                changes.added_counts.append(entry.counts)
                changes.lengths[paragraph_id] = entry.length
                paragraph_id += 1
            article_id += 1
    db["documents"].insert_all(document_rows, batch_size=1000)
    db["articles"].insert_all(article_rows, batch_size=1000)
    # The one bulk insert that dominates ingest: plain executemany spares sqlite-utils'
    # per-value type checks, which cost as much as the insert itself here.
    db.conn.executemany(
        "insert into paragraphs (id, article_id, position, heading, text, fingerprint, terms, length) "
        "values (?, ?, ?, ?, ?, ?, ?, ?)",
        paragraph_rows,
    )


def _stored_lengths(db: Database) -> NDArray[np.int32]:
    row = db.execute("select data from statistics where name = 'lengths'").fetchone()
    return (
        np.frombuffer(row[0], POSTING_DTYPE).copy()
        if row and row[0]
        else np.empty(0, POSTING_DTYPE)
    )


def _run_ids(runs: list[tuple[int, int]]) -> NDArray[np.int32]:
    """Paragraph ids, each repeated for as many postings as its run holds."""
    if not runs:
        return np.empty(0, POSTING_DTYPE)
    pairs = np.asarray(runs, dtype=np.int64)
    return np.repeat(pairs[:, 0], pairs[:, 1]).astype(POSTING_DTYPE)


def _grouped(terms: list[str], *columns: NDArray[np.int32]) -> dict[str, list[NDArray[np.int32]]]:
    """Group parallel columns by term: number the terms, then one integer sort. The
    numbering runs in C (dict.fromkeys, map); a Python loop a posting would dominate
    ingest."""
    if not terms:
        return {}
    vocabulary: dict[str, int] = dict.fromkeys(terms)  # type: ignore[arg-type]
    for number, term in enumerate(vocabulary):
        vocabulary[term] = number
    numbers = np.fromiter(map(vocabulary.__getitem__, terms), np.int64, len(terms))
    order = np.argsort(numbers, kind="stable")
    bounds = np.searchsorted(numbers[order], np.arange(len(vocabulary) + 1))
    arrays = [column[order] for column in columns]
    return {
        term: [array[bounds[i] : bounds[i + 1]] for array in arrays]
        for term, i in vocabulary.items()
    }


def _merge_postings(db: Database, changes: _Changes) -> None:
    """Rewrite the postings of every term the change touches."""
    removed = _grouped(changes.removed_terms, _run_ids(changes.removed_runs))
    added = _grouped(
        changes.added_terms,
        _run_ids(changes.added_runs),
        np.frombuffer(b"".join(changes.added_counts), POSTING_DTYPE),
    )
    terms = sorted(set(removed) | set(added))
    rows, emptied = [], []
    for chunk in _chunks(terms):
        stored = {
            term: (np.frombuffer(ids, POSTING_DTYPE), np.frombuffer(frequencies, POSTING_DTYPE))
            for term, ids, frequencies in db.execute(
                f"select term, paragraph_ids, frequencies from postings where term in ({_marks(chunk)})",
                chunk,
            )
        }
        for term in chunk:
            ids, frequencies = stored.get(
                term, (np.empty(0, POSTING_DTYPE), np.empty(0, POSTING_DTYPE))
            )
            if term in removed:
                keep = ~np.isin(ids, removed[term][0])
                ids, frequencies = ids[keep], frequencies[keep]
            if term in added:
                ids = np.concatenate([ids, added[term][0]])
                frequencies = np.concatenate([frequencies, added[term][1]])
            if ids.size:
                rows.append((term, ids.tobytes(), frequencies.tobytes()))
            else:
                emptied.append(term)
    db.conn.executemany(
        "insert or replace into postings (term, paragraph_ids, frequencies) values (?, ?, ?)", rows
    )
    for chunk in _chunks(emptied):
        db.execute(f"delete from postings where term in ({_marks(chunk)})", chunk)


def _update_statistics(db: Database, changes: _Changes) -> None:
    lengths = _stored_lengths(db)
    if changes.lengths:
        size = max(lengths.size, max(changes.lengths) + 1)
        lengths = np.concatenate([lengths, np.zeros(size - lengths.size, POSTING_DTYPE)])
        ids = np.fromiter(changes.lengths.keys(), np.int64)
        lengths[ids] = np.fromiter(changes.lengths.values(), np.int64)
    count = int(db.execute("select count(*) from paragraphs").fetchone()[0])
    db["statistics"].upsert_all(
        [
            {"name": "lengths", "value": int(lengths.size), "data": lengths.tobytes()},
            {"name": "paragraphs", "value": count, "data": None},
            {"name": "total_length", "value": int(lengths.sum(dtype=np.int64)), "data": None},
        ],
        pk="name",
    )


def write_documents(
    db: Database, documents: Iterable[IndexedDocument | Document], replace: Iterable[str] = ()
) -> None:
    """Store `documents`, first removing every stored document whose source is in
    `replace` or among the new ones, in one transaction with the index update."""
    indexed = [d if isinstance(d, IndexedDocument) else index_document(d) for d in documents]
    changes = _Changes()
    with db.atomic():
        sources = sorted({d.document.source for d in indexed} | set(replace))
        _remove_documents(db, sources, changes)
        _insert_documents(db, indexed, changes)
        _merge_postings(db, changes)
        _update_statistics(db, changes)


def remove_documents(db: Database, sources: list[str]) -> None:
    """Remove stored documents, and their paragraphs from the index."""
    if sources:
        write_documents(db, [], replace=sources)
