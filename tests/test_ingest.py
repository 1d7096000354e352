"""Ingest: idempotent, replacing, and never duplicating a source or a paragraph."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from retrieval.archive import document_articles, statistics
from retrieval.ingest import ingest
from retrieval.search import Searcher

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def record(title: str, text: str, **fields: object) -> dict[str, object]:
    return {"title": title, "text": text, "date": "2006-10-23", "language": "en", **fields}


def copy_inputs(tmp_path: Path) -> Path:
    folder = tmp_path / "input"
    shutil.copytree(FIXTURES / "archive", folder)
    shutil.copytree(SEEDS, folder / "seeds")
    return folder


def test_ingest_report_counts_what_the_archive_holds(tmp_path: Path) -> None:
    folder = copy_inputs(tmp_path)
    db = tmp_path / "archive.db"
    report = ingest([folder], db)
    numbers = statistics(db)
    assert report.rejections == []
    assert report.files == len([p for p in folder.rglob("*") if p.is_file()])
    assert (report.documents, report.articles, report.paragraphs) == (
        numbers["documents"],
        numbers["articles"],
        numbers["paragraphs"],
    )
    assert numbers["languages"] == {"en": 10, "fr": 5}


def test_ingesting_twice_changes_nothing(tmp_path: Path) -> None:
    folder = copy_inputs(tmp_path)
    db = tmp_path / "archive.db"
    first = ingest([folder], db)
    before = statistics(db)
    hits_before = Searcher(db).search("OTAN Bosnie Sarajevo", limit=20).hits

    second = ingest([folder], db)
    assert second.documents == first.documents
    assert second.rejections == []
    assert statistics(db) == before
    assert Searcher(db).search("OTAN Bosnie Sarajevo", limit=20).hits == hits_before


def test_re_ingesting_an_edited_file_replaces_its_paragraphs(make_archive) -> None:
    old = record(
        "Contract awarded",
        "NATO awarded a contract for its theatre missile defence test bed to a consortium.",
    )
    other = record("Frigate joins", "A Ukrainian frigate joined the naval patrol at sea.")
    archive = make_archive([old, other])
    assert Searcher(archive.db).search("missile defence consortium", limit=5).hits

    new = record(
        "Contract awarded",
        "Helicopter crews from six Allies trained together in the Alps this week.",
    )
    archive = make_archive([new, other])
    searcher = Searcher(archive.db)
    assert [h.text for h in searcher.search("missile defence consortium", limit=5).hits] == []
    [hit] = searcher.search("helicopter crews Alps", limit=5).hits
    assert (hit.text, hit.source) == (new["text"], "records.jsonl:1")
    assert statistics(archive.db)["paragraphs"] == 2
    assert [a["paragraphs"] for a in document_articles(archive.db, "records.jsonl:1")] == [
        [new["text"]]
    ]


def test_re_ingesting_a_page_with_fewer_articles_drops_the_old_ones(tmp_path: Path) -> None:
    source = FIXTURES / "archive" / "monthly-index-2002-12-e.txt"
    page = tmp_path / "input" / "index.txt"
    page.parent.mkdir()
    shutil.copy(source, page)
    db = tmp_path / "archive.db"
    ingest([page.parent], db)
    address = "https://www.nato.int/docu/update/2002/12-december/index-e.htm"
    assert len(document_articles(db, address)) == 6

    lines = source.read_text(encoding="utf-8").splitlines()
    cut = lines.index("President of Algeria visits NATO") - 1  # keep the first two items
    page.write_text("\n".join(lines[:cut]) + "\n", encoding="utf-8")
    ingest([page.parent], db)
    assert [a["title"] for a in document_articles(db, address)] == [
        "Chiefs of Defence take forward Prague decisions",
        "Transforming the military to fight terrorism",
    ]
    assert Searcher(db).search("Algeria Bouteflika", limit=5).hits == ()


def test_a_page_and_its_other_rendering_keep_one_the_richer(tmp_path: Path) -> None:
    """Two files, one source: the richer is kept and the other reported as a duplicate,
    whichever comes first."""
    page = FIXTURES / "archive" / "table-rendering-2004-05-f0528a.txt"
    text = page.read_text(encoding="utf-8")
    # A poorer rendering of the same page: its first paragraph only.
    poorer = "\n".join(text.splitlines()[:9]) + "\n"
    for first, second in [("a-full.txt", "b-poor.txt"), ("b-full.txt", "a-poor.txt")]:
        folder = tmp_path / first / "input"
        folder.mkdir(parents=True)
        (folder / first).write_text(text, encoding="utf-8")
        (folder / second).write_text(poorer, encoding="utf-8")
        db = folder.parent / "archive.db"
        report = ingest([folder], db)
        assert report.documents == 1
        [rejection] = report.rejections
        assert rejection.origin == second
        assert "duplicate" in rejection.reason and first in rejection.reason
        address = "https://www.nato.int/docu/update/2004/05-may/f0528a.htm"
        [article] = document_articles(db, address)
        assert len(article["paragraphs"]) == 3
        # Running the same ingest again must not let the poorer rendering in.
        ingest([folder], db)
        assert [len(a["paragraphs"]) for a in document_articles(db, address)] == [3]


@pytest.mark.parametrize(
    ("page", "rendering"),
    [
        ("docu_update_1999_0127e.txt", "docu_update_1999_0127e.alt1.txt"),
        ("docu_update_2003_06-june_e0626a.txt", "docu_update_2003_06-june_e0626a.alt1.txt"),
        ("docu_update_2004_05-may_f0528a.txt", "docu_update_2004_05-may_f0528a.alt1.txt"),
    ],
)
def test_a_real_page_wins_over_its_rendering(
    corpus_dir: Path, tmp_path: Path, page: str, rendering: str
) -> None:
    db = tmp_path / "archive.db"
    # The rendering is named first on the command line: order must not matter.
    report = ingest([corpus_dir / "renderings" / rendering, corpus_dir / "pages" / page], db)
    assert report.documents == 1
    assert [(r.origin, "duplicate" in r.reason) for r in report.rejections] == [(rendering, True)]
    numbers = statistics(db)
    assert numbers["documents"] == 1
    again = ingest([corpus_dir / "renderings" / rendering, corpus_dir / "pages" / page], db)
    assert statistics(db) == numbers
    assert [r.origin for r in again.rejections] == [rendering]


def test_the_same_paragraph_under_two_sources_comes_back_once(make_archive) -> None:
    paragraph = (
        "The Euro-Atlantic Disaster Response Coordination Centre celebrated its tenth "
        "anniversary at NATO Headquarters on 28 May 2008."
    )
    mirror = "The  Euro-Atlantic disaster response coordination centre celebrated its TENTH "
    mirror += "anniversary at NATO Headquarters, on 28 May 2008"
    archive = make_archive(
        [
            record("Tenth anniversary of the EADRCC", paragraph, url="https://www.nato.int/a"),
            record("EADRCC turns ten", mirror, url="https://mirror.example.org/a"),
            record("Floods", "The EADRCC coordinated help after floods in Ukraine."),
        ]
    )
    hits = Searcher(archive.db).search("disaster response coordination centre anniversary").hits
    assert len([h for h in hits if "anniversary" in h.text]) == 1
    assert len(hits) == 2
    # Both sources stay in the archive: only results are merged.
    assert document_articles(archive.db, "https://www.nato.int/a")
    assert document_articles(archive.db, "https://mirror.example.org/a")


def test_a_repeated_paragraph_does_not_shorten_a_page_of_results(make_archive) -> None:
    """Twenty reposts of the best paragraph, then distinct ones: a page of five hits
    still holds five different paragraphs."""
    repeated = "The assault force protected the women and children during the search."
    records = [record(f"Operation {i}", repeated, url=f"https://isaf/{i}") for i in range(20)]
    records += [
        record(f"Search {i}", f"The assault force searched compound number {i} in Kandahar.")
        for i in range(6)
    ]
    archive = make_archive(records)
    hits = Searcher(archive.db).search("assault force search women children", limit=5).hits
    assert hits[0].text == repeated
    assert len({h.text for h in hits}) == len(hits) == 5
