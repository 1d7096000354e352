"""The archive in SQLite: documents (with their distinct terms), articles, paragraphs,
and the BM25 index (postings and statistics), so that a restart re-analyses nothing."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlite_utils import Database, Migrations

from retrieval.errors import ArchiveEmpty, ArchiveMissing

migrations = Migrations("bulletin-archive")


@migrations()
def create_archive(db: Database) -> None:
    db.table("documents").create({"source": str, "origin": str, "content_hash": str}, pk="source")
    db.table("articles").create(
        {
            "id": int,
            "source": str,
            "position": int,
            "title": str,
            "date": str,
            "language": str,
            "publication": str,
        },
        pk="id",
        foreign_keys=[("source", "documents", "source")],
    )
    db.table("articles").create_index(["source"])
    db.table("articles").create_index(["date"])
    db.table("paragraphs").create(
        {
            "id": int,
            "article_id": int,
            "position": int,
            "heading": str,
            "text": str,
            "fingerprint": str,
            "terms": str,
            "length": int,
        },
        pk="id",
        foreign_keys=[("article_id", "articles", "id")],
    )
    db.table("paragraphs").create_index(["article_id"])
    # One row a term: the ids of the paragraphs holding it and how often, as int32 arrays.
    db.table("postings").create(
        {"term": str, "paragraph_ids": bytes, "frequencies": bytes}, pk="term"
    )
    # Index-wide values: paragraph count, total length, and the paragraph-length array.
    db.table("statistics").create({"name": str, "value": int, "data": bytes}, pk="name")


@migrations()
def keep_vocabularies_not_paragraph_terms(db: Database) -> None:
    """Each document keeps its distinct terms, which is what removing it from the
    postings needs; paragraphs no longer keep every term of theirs (a third of the file).
    Archives built before get their vocabularies from the terms they stored."""
    db.table("documents").add_column("vocabulary", str)
    vocabularies: dict[str, dict[str, None]] = {}
    for source, terms in db.execute(
        "select a.source, p.terms from paragraphs p join articles a on a.id = p.article_id"
    ):
        vocabularies.setdefault(source, {}).update(dict.fromkeys(terms.split()))
    db.execute("update documents set vocabulary = ''")
    db.conn.executemany(
        "update documents set vocabulary = ? where source = ?",
        [(" ".join(terms), source) for source, terms in vocabularies.items()],
    )
    db.table("paragraphs").transform(drop={"terms"})


def open_for_writing(path: str | Path) -> Database:
    """Open (creating if needed) an archive and bring its schema up to date."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    db = Database(path)
    db.execute("PRAGMA journal_mode=WAL")
    migrations.apply(db)
    return db


def open_for_reading(path: str | Path) -> Database:
    """Open an archive read-only. Raises ArchiveMissing or ArchiveEmpty."""
    path = Path(path)
    if not path.is_file():
        raise ArchiveMissing(str(path))
    connection = sqlite3.connect(
        f"file:{path.resolve()}?mode=ro", uri=True, check_same_thread=False
    )
    db = Database(connection)
    if (
        "paragraphs" not in db.table_names()
        or not db.execute("select exists(select 1 from paragraphs)").fetchone()[0]
    ):
        db.close()
        raise ArchiveEmpty(str(path))
    return db
