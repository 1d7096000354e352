"""The archive's schema changes are named migrations: an archive built before one still
opens, serves the same answers, and takes re-ingests afterwards."""

from __future__ import annotations

import shutil
from pathlib import Path

from retrieval.indexing import stored_paragraph_terms
from retrieval.ingest import ingest
from retrieval.search import Searcher
from retrieval.storage import migrations, open_for_writing

FIXTURES = Path(__file__).resolve().parent / "fixtures"
QUESTION = "OTAN Bosnie Sarajevo"


def as_built_before_vocabularies(db_path: Path) -> None:
    """Turn an archive back into the layout it had before documents kept their
    vocabulary: every paragraph keeps all its terms instead."""
    db = open_for_writing(db_path)
    ids, terms = stored_paragraph_terms(db)
    db.table("paragraphs").add_column("terms", str)
    db.conn.executemany(
        "update paragraphs set terms = ? where id = ?",
        [(" ".join(t), i) for i, t in zip(ids, terms, strict=True)],
    )
    db.table("documents").transform(drop={"vocabulary"})
    db.execute(
        "delete from _sqlite_migrations where name = 'keep_vocabularies_not_paragraph_terms'"
    )
    db.conn.commit()
    db.close()


def top_hits(db_path: Path) -> list[tuple[int, float]]:
    searcher = Searcher(db_path)
    try:
        return [(h.paragraph_id, round(h.score, 9)) for h in searcher.search(QUESTION, 5).hits]
    finally:
        searcher.close()


def test_an_archive_from_before_a_migration_is_upgraded_and_answers_alike(tmp_path: Path) -> None:
    folder = tmp_path / "input"
    shutil.copytree(FIXTURES / "archive", folder)
    db_path = tmp_path / "archive.db"
    ingest([folder], db_path)
    answers = top_hits(db_path)
    vocabularies = dict(
        open_for_writing(db_path).execute("select source, vocabulary from documents").fetchall()
    )
    as_built_before_vocabularies(db_path)

    db = open_for_writing(db_path)  # applies the pending migration
    assert [m.name for m in migrations.pending(db)] == []
    assert "terms" not in db.table("paragraphs").columns_dict
    upgraded = dict(db.execute("select source, vocabulary from documents").fetchall())
    db.close()
    assert {s: set(v.split()) for s, v in upgraded.items()} == {
        s: set(v.split()) for s, v in vocabularies.items()
    }
    assert top_hits(db_path) == answers

    # Replacing a document after the upgrade removes its old paragraphs from the index.
    page = next(folder.glob("table-rendering-*.txt"))
    text = page.read_text(encoding="utf-8")
    source = text.splitlines()[0]
    assert any(h.source == source for h in Searcher(db_path).search("Sarajevo", 10).hits)
    page.write_text(text.replace("Sarajevo", "Mostar"), "utf-8")
    report = ingest([folder], db_path)
    assert report.written == 1
    assert all(h.source != source for h in Searcher(db_path).search("Sarajevo", 10).hits)
    assert any(h.source == source for h in Searcher(db_path).search("Mostar", 10).hits)
