"""Writing documents into the archive and keeping the BM25 index in step.

A paragraph is indexed under the terms of its article's title, its sub-heading and its
own text, so a question about the title finds the body even where the body does not
repeat the title's words. Replacing a document removes its old paragraphs from the
postings and adds the new ones; only the terms they hold are rewritten.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import chain
from typing import Any

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
    """A paragraph's analysis, as stored."""

    length: int  # how many terms it is indexed under
    fingerprint: str


@dataclass(frozen=True)
class IndexedDocument:
    """A document with each paragraph's terms and fingerprint, and its postings, ready to
    store. Analysis is the costly part of ingest, so it is done apart from writing (and
    in parallel); what it hands over is built to pass cheaply between processes."""

    document: Document
    paragraphs: list[list[IndexedParagraph]]  # per article, per paragraph
    vocabulary: str  # the document's distinct terms, space-separated
    term_indexes: bytes  # per posting, which vocabulary term (int32)
    counts: bytes  # per posting, how often the term occurs in the paragraph (int32)
    sizes: bytes  # per paragraph in document order, how many postings it has (int32)


def index_document(document: Document) -> IndexedDocument:
    """Analyse every paragraph of a document. Pure."""
    frequencies: list[Counter[str]] = []
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
            indexed.append(IndexedParagraph(len(terms), paragraph_fingerprint(text_terms)))
            frequencies.append(Counter(terms))
        articles.append(indexed)
    # Number the document's distinct terms, then each posting's term: dict.fromkeys and
    # map run in C, where a Python loop a posting would cost more than the analysis.
    vocabulary = dict.fromkeys(chain.from_iterable(frequencies), 0)
    for number, term in enumerate(vocabulary):
        vocabulary[term] = number
    postings = sum(map(len, frequencies))
    return IndexedDocument(
        document,
        articles,
        " ".join(vocabulary),
        np.fromiter(
            map(vocabulary.__getitem__, chain.from_iterable(frequencies)), POSTING_DTYPE, postings
        ).tobytes(),
        np.fromiter(
            chain.from_iterable(f.values() for f in frequencies), POSTING_DTYPE, postings
        ).tobytes(),
        np.fromiter(map(len, frequencies), POSTING_DTYPE, len(frequencies)).tobytes(),
    )


@dataclass
class _Changes:
    """Postings to remove and to add."""

    # Removed documents: each one's distinct terms, and its paragraphs' ids.
    removed: list[tuple[list[str], NDArray[np.int32]]] = field(default_factory=list)
    added_first_id: int = 0  # the added paragraphs' ids run on from this one
    added_vocabulary: list[str] = field(default_factory=list)  # the documents' in turn
    added_offsets: list[tuple[int, int]] = field(default_factory=list)  # (vocabulary, postings)
    added_term_indexes: list[bytes] = field(default_factory=list)
    added_counts: list[bytes] = field(default_factory=list)
    added_sizes: list[bytes] = field(default_factory=list)
    lengths: dict[int, int] = field(default_factory=dict)  # paragraph id -> length; 0 removed


def _chunks(items: list[str]) -> Iterable[list[str]]:
    for start in range(0, len(items), SQL_CHUNK):
        yield items[start : start + SQL_CHUNK]


def _marks(items: list[str]) -> str:
    return ",".join("?" * len(items))


def _remove_documents(db: Database, sources: list[str], changes: _Changes) -> None:
    for candidates in _chunks(sources):
        chunk = [
            source
            for (source,) in db.execute(
                f"select source from documents where source in ({_marks(candidates)})", candidates
            )
        ]
        if not chunk:
            continue  # new documents: nothing to remove
        paragraphs: dict[str, list[int]] = {}
        for source, paragraph_id in db.execute(
            "select a.source, p.id from paragraphs p join articles a on a.id = p.article_id "
            f"where a.source in ({_marks(chunk)})",
            chunk,
        ):
            paragraphs.setdefault(source, []).append(paragraph_id)
            changes.lengths[paragraph_id] = 0
        for source, vocabulary in db.execute(
            f"select source, vocabulary from documents where source in ({_marks(chunk)})", chunk
        ):
            ids = np.asarray(paragraphs.get(source, []), POSTING_DTYPE)
            changes.removed.append(((vocabulary or "").split(), ids))
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
    changes.added_first_id = paragraph_id
    document_rows, article_rows, paragraph_rows = [], [], []
    for indexed in documents:
        document = indexed.document
        vocabulary = indexed.vocabulary.split()
        changes.added_offsets.append(
            (len(changes.added_vocabulary), len(indexed.term_indexes) // POSTING_DTYPE.itemsize)
        )
        changes.added_vocabulary += vocabulary
        changes.added_term_indexes.append(indexed.term_indexes)
        changes.added_counts.append(indexed.counts)
        changes.added_sizes.append(indexed.sizes)
        document_rows.append(
            {
                "source": document.source,
                "origin": document.origin,
                "content_hash": document.content_hash,
                "vocabulary": indexed.vocabulary,
            }
        )
        for position, (article, paragraphs) in enumerate(
            zip(document.articles, indexed.paragraphs, strict=True)
        ):
            article_rows.append(
                (
                    article_id,
                    document.source,
                    position,
                    article.title,
                    article.date.isoformat() if article.date else None,
                    article.language,
                    article.publication,
                )
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
                        entry.length,
                    )
                )
                changes.lengths[paragraph_id] = entry.length
                paragraph_id += 1
            article_id += 1
    db.table("documents").insert_all(document_rows, batch_size=1000)
    # The bulk inserts that dominate ingest: plain executemany spares sqlite-utils'
    # per-value type checks, which cost as much as the inserts themselves here.
    db.conn.executemany(
        "insert into articles (id, source, position, title, date, language, publication) "
        "values (?, ?, ?, ?, ?, ?, ?)",
        article_rows,
    )
    db.conn.executemany(
        "insert into paragraphs (id, article_id, position, heading, text, fingerprint, length) "
        "values (?, ?, ?, ?, ?, ?, ?)",
        paragraph_rows,
    )


def _stored_lengths(db: Database) -> NDArray[np.int32]:
    row = db.execute("select data from statistics where name = 'lengths'").fetchone()
    return (
        np.frombuffer(row[0], POSTING_DTYPE).copy()
        if row and row[0]
        else np.empty(0, POSTING_DTYPE)
    )


def _numbered(terms: list[str]) -> tuple[list[str], NDArray[np.int64]]:
    """The distinct terms, and each term's number among them. Runs in C (dict.fromkeys,
    map): a Python loop a term would dominate ingest."""
    vocabulary: dict[str, int] = dict.fromkeys(terms, 0)
    for number, term in enumerate(vocabulary):
        vocabulary[term] = number
    numbers = np.fromiter(map(vocabulary.__getitem__, terms), np.int64, len(terms))
    return list(vocabulary), numbers


def _grouped(
    names: list[str], numbers: NDArray[np.int64], *columns: NDArray[np.int32]
) -> dict[str, list[NDArray[np.int32]]]:
    """Group parallel columns by term number with one integer sort."""
    if not numbers.size:
        return {}
    # A batch's vocabulary usually fits 16 bits, and numpy sorts those by radix, five
    # times faster than 64-bit integers.
    if len(names) <= np.iinfo(np.uint16).max:
        numbers = numbers.astype(np.uint16)
    order = np.argsort(numbers, kind="stable")
    bounds = np.searchsorted(numbers[order], np.arange(len(names) + 1))
    arrays = [column[order] for column in columns]
    return {
        name: [array[bounds[i] : bounds[i + 1]] for array in arrays]
        for i, name in enumerate(names)
        if bounds[i] < bounds[i + 1]
    }


def _removed_postings(changes: _Changes) -> dict[str, list[NDArray[np.int32]]]:
    """Each term's paragraph ids to remove: the removed documents' paragraphs, under
    every term of their vocabularies (ids a term does not hold are simply not found)."""
    removed: dict[str, list[NDArray[np.int32]]] = {}
    for vocabulary, ids in changes.removed:
        for term in vocabulary:
            removed.setdefault(term, []).append(ids)
    return {term: [np.concatenate(parts)] for term, parts in removed.items()}


def _added_postings(changes: _Changes) -> dict[str, list[NDArray[np.int32]]]:
    """Each added term's paragraph ids and frequencies. Documents number their own
    terms; here those numbers become batch-wide ones, by array arithmetic."""
    if not changes.added_offsets:
        return {}
    names, vocabulary_numbers = _numbered(changes.added_vocabulary)
    offsets = np.asarray(changes.added_offsets, dtype=np.int64)
    local = np.frombuffer(b"".join(changes.added_term_indexes), POSTING_DTYPE)
    numbers = vocabulary_numbers[local + np.repeat(offsets[:, 0], offsets[:, 1])]
    sizes = np.frombuffer(b"".join(changes.added_sizes), POSTING_DTYPE)
    first = changes.added_first_id
    ids = np.repeat(np.arange(first, first + sizes.size, dtype=POSTING_DTYPE), sizes)
    counts = np.frombuffer(b"".join(changes.added_counts), POSTING_DTYPE)
    return _grouped(names, numbers, ids, counts)


def _merge_postings(db: Database, changes: _Changes) -> None:
    """Rewrite the postings of every term the change touches."""
    removed = _removed_postings(changes)
    added = _added_postings(changes)
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
    rows: list[dict[str, Any]] = [
        {"name": "lengths", "value": int(lengths.size), "data": lengths.tobytes()},
        {"name": "paragraphs", "value": count, "data": None},
        {"name": "total_length", "value": int(lengths.sum(dtype=np.int64)), "data": None},
    ]
    db.table("statistics").upsert_all(rows, pk="name")


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


def stored_paragraph_terms(db: Database) -> tuple[list[int], list[list[str]]]:
    """Every stored paragraph's id and terms, analysed afresh from its stored text, title,
    date and heading, by paragraph id: what rank-bm25, the reference model, is built on.
    (Independent of the postings, so it checks them too.)"""
    ids: list[int] = []
    terms: list[list[str]] = []
    article_terms_cache: dict[int, list[str]] = {}
    for paragraph_id, article_id, heading, text, title, date, language in db.execute(
        "select p.id, p.article_id, p.heading, p.text, a.title, a.date, a.language "
        "from paragraphs p join articles a on a.id = p.article_id order by p.id"
    ):
        article = Article(title, dt.date.fromisoformat(date) if date else None, language, "", ())
        if article_id not in article_terms_cache:
            article_terms_cache[article_id] = article_terms(article)
        ids.append(paragraph_id)
        terms.append(
            paragraph_terms(article, Paragraph(text, heading), article_terms_cache[article_id])
        )
    return ids, terms
