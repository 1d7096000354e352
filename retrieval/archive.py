"""Reading the archive for listings: newest articles, one document, statistics."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from retrieval.errors import RetrievalError
from retrieval.storage import open_for_reading

_ARTICLE_COLUMNS = "a.source, a.title, a.date, a.language, a.publication"


class UnknownSource(RetrievalError):
    def __init__(self, source: str) -> None:
        super().__init__(
            f"No document with source {source!r}. `bulletin-bot search` shows sources."
        )


def article_summaries(db_path: str | Path, limit: int = 10) -> list[dict[str, Any]]:
    """The newest articles first (undated ones last)."""
    db = open_for_reading(db_path)
    try:
        rows = db.execute(
            f"select {_ARTICLE_COLUMNS} from articles a "
            "order by a.date is null, a.date desc, a.id desc limit ?",
            [limit],
        )
        columns = [c[0] for c in rows.description]
        return [dict(zip(columns, row, strict=True)) for row in rows]
    finally:
        db.close()


def document_articles(db_path: str | Path, source: str) -> list[dict[str, Any]]:
    """A document's articles in page order, each with its paragraphs' text."""
    db = open_for_reading(db_path)
    try:
        rows = db.execute(
            f"select a.id, {_ARTICLE_COLUMNS} from articles a where a.source = ? order by a.position",
            [source],
        ).fetchall()
        if not rows:
            raise UnknownSource(source)
        articles = []
        for article_id, *values in rows:
            article = dict(
                zip(["source", "title", "date", "language", "publication"], values, strict=True)
            )
            article["paragraphs"] = [
                text
                for (text,) in db.execute(
                    "select text from paragraphs where article_id = ? order by position",
                    [article_id],
                )
            ]
            articles.append(article)
        return articles
    finally:
        db.close()


def statistics(db_path: str | Path) -> dict[str, Any]:
    """Counts by language and publication, and the date range."""
    db = open_for_reading(db_path)
    try:

        def count(sql: str) -> int:
            return int(db.execute(sql).fetchone()[0])

        first, last = db.execute("select min(date), max(date) from articles").fetchone()
        return {
            "documents": count("select count(*) from documents"),
            "articles": count("select count(*) from articles"),
            "paragraphs": count("select count(*) from paragraphs"),
            "languages": dict(
                db.execute(
                    "select language, count(*) from articles group by language order by 2 desc"
                ).fetchall()
            ),
            "publications": dict(
                db.execute(
                    "select publication, count(*) from articles group by publication order by 2 desc"
                ).fetchall()
            ),
            "first_date": first,
            "last_date": last,
        }
    finally:
        db.close()
