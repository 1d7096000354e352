"""Writing documents into the archive and keeping the BM25 index in step.

A paragraph is indexed under the terms of its article's title, its sub-heading and its
own text, so a question about the title finds the body even where the body does not
repeat the title's words. Replacing a document removes its old paragraphs from the
postings and adds the new ones; only the terms they hold are rewritten.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from sqlite_utils import Database

from retrieval.analysis import analyse, tag
from retrieval.fingerprints import paragraph_fingerprint
from retrieval.records import Article, Document, Paragraph

POSTING_DTYPE = np.dtype("<i4")


def paragraph_terms(article: Article, paragraph: Paragraph) -> list[str]:
    """The tagged terms a paragraph is indexed under: title, heading, then text."""
    parts = [article.title, paragraph.heading or "", paragraph.text]
    return tag(article.language, (t for part in parts for t in analyse(part, article.language)))


@dataclass
class _Changes:
    removed: dict[str, list[int]]
    added: dict[str, list[tuple[int, int]]]
    lengths: dict[int, int]  # paragraph id -> length; 0 for a removed paragraph


def _remove_documents(db: Database, sources: list[str], changes: _Changes) -> None:
    for chunk_start in range(0, len(sources), 500):
        chunk = sources[chunk_start : chunk_start + 500]
        marks = ",".join("?" * len(chunk))
        rows = db.execute(
            f"select p.id, p.terms from paragraphs p join articles a on a.id = p.article_id "
            f"where a.source in ({marks})",
            chunk,
        ).fetchall()
        for paragraph_id, terms in rows:
            for term in set(terms.split()):
                changes.removed[term].append(paragraph_id)
            changes.lengths[paragraph_id] = 0
        db.execute(
            f"delete from paragraphs where article_id in "
            f"(select id from articles where source in ({marks}))",
            chunk,
        )
        db.execute(f"delete from articles where source in ({marks})", chunk)
        db.execute(f"delete from documents where source in ({marks})", chunk)


def _next_id(db: Database, table: str) -> int:
    return int(db.execute(f"select coalesce(max(id), 0) + 1 from [{table}]").fetchone()[0])


def _insert_documents(db: Database, documents: list[Document], changes: _Changes) -> None:
    article_id = _next_id(db, "articles")
    paragraph_id = max(_next_id(db, "paragraphs"), _stored_length_count(db))
    document_rows, article_rows, paragraph_rows = [], [], []
    for document in documents:
        document_rows.append(
            {
                "source": document.source,
                "origin": document.origin,
                "content_hash": document.content_hash,
            }
        )
        for position, article in enumerate(document.articles):
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
            for paragraph_position, paragraph in enumerate(article.paragraphs):
                terms = paragraph_terms(article, paragraph)
                paragraph_rows.append(
                    {
                        "id": paragraph_id,
                        "article_id": article_id,
                        "position": paragraph_position,
                        "heading": paragraph.heading,
                        "text": paragraph.text,
                        "fingerprint": paragraph_fingerprint(paragraph.text),
                        "terms": " ".join(terms),
                        "length": len(terms),
                    }
                )
                for term, frequency in Counter(terms).items():
                    changes.added[term].append((paragraph_id, frequency))
                changes.lengths[paragraph_id] = len(terms)
                paragraph_id += 1
            article_id += 1
    db["documents"].insert_all(document_rows, batch_size=1000)
    db["articles"].insert_all(article_rows, batch_size=1000)
    db["paragraphs"].insert_all(paragraph_rows, batch_size=1000)


def _stored_length_count(db: Database) -> int:
    row = db.execute("select data from statistics where name = 'lengths'").fetchone()
    return len(row[0]) // POSTING_DTYPE.itemsize if row and row[0] else 0


def _merge_postings(db: Database, changes: _Changes) -> None:
    """Rewrite the postings of every term the change touches."""
    terms = sorted(set(changes.removed) | set(changes.added))
    rows = []
    for start in range(0, len(terms), 500):
        chunk = terms[start : start + 500]
        stored = {
            term: (ids, frequencies)
            for term, ids, frequencies in db.execute(
                f"select term, paragraph_ids, frequencies from postings "
                f"where term in ({','.join('?' * len(chunk))})",
                chunk,
            )
        }
        for term in chunk:
            ids = (
                np.frombuffer(stored[term][0], POSTING_DTYPE)
                if term in stored
                else np.empty(0, POSTING_DTYPE)
            )
            frequencies = (
                np.frombuffer(stored[term][1], POSTING_DTYPE)
                if term in stored
                else np.empty(0, POSTING_DTYPE)
            )
            if term in changes.removed:
                keep = ~np.isin(ids, np.asarray(changes.removed[term], POSTING_DTYPE))
                ids, frequencies = ids[keep], frequencies[keep]
            if term in changes.added:
                added = np.asarray(changes.added[term], POSTING_DTYPE)
                ids = np.concatenate([ids, added[:, 0]])
                frequencies = np.concatenate([frequencies, added[:, 1]])
            rows.append(
                {
                    "term": term,
                    "paragraph_ids": ids.astype(POSTING_DTYPE).tobytes(),
                    "frequencies": frequencies.astype(POSTING_DTYPE).tobytes(),
                }
            )
    empty = [row["term"] for row in rows if not row["paragraph_ids"]]
    db["postings"].upsert_all(
        [row for row in rows if row["paragraph_ids"]], pk="term", batch_size=500
    )
    for start in range(0, len(empty), 500):
        chunk = empty[start : start + 500]
        db.execute(f"delete from postings where term in ({','.join('?' * len(chunk))})", chunk)


def _update_statistics(db: Database, changes: _Changes) -> None:
    row = db.execute("select data from statistics where name = 'lengths'").fetchone()
    lengths = (
        np.frombuffer(row[0], POSTING_DTYPE).copy()
        if row and row[0]
        else np.empty(0, POSTING_DTYPE)
    )
    if changes.lengths:
        size = max(len(lengths), max(changes.lengths) + 1)
        lengths = np.concatenate([lengths, np.zeros(size - len(lengths), POSTING_DTYPE)])
        ids = np.fromiter(changes.lengths.keys(), np.int64)
        lengths[ids] = np.fromiter(changes.lengths.values(), np.int64)
    count = int(db.execute("select count(*) from paragraphs").fetchone()[0])
    db["statistics"].upsert_all(
        [
            {"name": "lengths", "value": len(lengths), "data": lengths.tobytes()},
            {"name": "paragraphs", "value": count, "data": None},
            {"name": "total_length", "value": int(lengths.sum(dtype=np.int64)), "data": None},
        ],
        pk="name",
    )


def write_documents(
    db: Database, documents: Iterable[Document], replace: Iterable[str] = ()
) -> None:
    """Store `documents`, first removing every stored document whose source is in
    `replace` or among the new ones, in one transaction with the index update."""
    documents = list(documents)
    changes = _Changes(defaultdict(list), defaultdict(list), {})
    with db.atomic():
        sources = sorted({d.source for d in documents} | set(replace))
        _remove_documents(db, sources, changes)
        _insert_documents(db, documents, changes)
        _merge_postings(db, changes)
        _update_statistics(db, changes)
