"""Search: a question in, the best paragraphs out, with their article's date, title,
publication and source."""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from retrieval.errors import ArchiveEmpty, ArchiveMissing, EmptyQuery
from retrieval.fingerprints import comparable
from retrieval.ingest import ingest
from retrieval.search import Hit, Searcher


def record(title: str, text: str, language: str = "fr", **fields: object) -> dict[str, object]:
    return {"title": title, "text": text, "language": language, "date": "2005-05-26", **fields}


def assert_well_formed(hits: tuple[Hit, ...]) -> None:
    assert [h.rank for h in hits] == list(range(1, len(hits) + 1))
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    for hit in hits:
        assert hit.score > 0
        assert hit.text.strip() and hit.title.strip() and hit.source.strip()
        assert hit.publication.strip()
        assert hit.language in ("en", "fr")
        assert hit.date is None or dt.date.fromisoformat(hit.date).isoformat() == hit.date


# -- Small archives ---------------------------------------------------------------------


def test_missing_archive_raises_a_message_naming_ingest(tmp_path: Path) -> None:
    db = tmp_path / "nowhere" / "archive.db"
    with pytest.raises(ArchiveMissing, match="bulletin-bot ingest"):
        Searcher(db)
    assert not db.exists() and not db.parent.exists()


def test_archive_that_read_nothing_raises_a_message_naming_ingest(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    db = tmp_path / "archive.db"
    ingest([tmp_path / "empty.txt"], db)
    with pytest.raises(ArchiveEmpty, match="bulletin-bot ingest"):
        Searcher(db)


@pytest.mark.parametrize("question", ["", "   ", "?!", "de la", "the of and", "Où est le ?"])
def test_empty_or_stopword_question_raises_empty_query(fixture_archive, question: str) -> None:
    with pytest.raises(EmptyQuery, match="common words"):
        Searcher(fixture_archive.db).search(question)


def test_hits_are_ranked_best_first_with_their_article(fixture_archive) -> None:
    results = Searcher(fixture_archive.db).search("Conseil de l'Atlantique Nord à Sarajevo")
    assert_well_formed(results.hits)
    top = results.hits[0]
    assert (top.source, top.title, top.date, top.language, top.publication) == (
        "https://www.nato.int/docu/update/2004/05-may/f0528a.htm",
        "Les décideurs de l’OTAN en visite en Bosnie-Herzégovine",
        "2004-05-28",
        "fr",
        "OTAN Hebdo",
    )
    assert "Sarajevo" in top.text


def test_limit_and_offset_page_through_the_same_ranking(fixture_archive) -> None:
    searcher = Searcher(fixture_archive.db)
    everything = searcher.search("OTAN NATO Secretary General", limit=12).hits
    assert len(everything) == 12
    first, second = (searcher.search("OTAN NATO Secretary General", 5, o).hits for o in (0, 5))
    assert first + second == everything[:10]
    assert [h.rank for h in second] == [6, 7, 8, 9, 10]


def test_a_french_and_an_english_question_find_their_paragraphs(fixture_archive) -> None:
    searcher = Searcher(fixture_archive.db)
    [french] = searcher.search("bogue de l'an 2000 séminaire", limit=1).hits
    assert (french.language, french.title) == ("fr", "Le bogue de l'an 2000")
    [english] = searcher.search("President of Algeria Bouteflika", limit=1).hits
    assert (english.language, english.title) == ("en", "President of Algeria visits NATO")


def test_a_question_typed_without_accents_finds_the_same_paragraphs(make_archive) -> None:
    archive = make_archive(
        [
            record(
                "Réunion à Sofia",
                "Les ministres ont examiné la sécurité régionale et les capacités de "
                "l'Assemblée à Sofia, lors d'une journée de travail dirigée par l'OTAN.",
            ),
            record("Darfour", "L'Alliance apportera une aide logistique à l'Union africaine."),
        ]
    )
    searcher = Searcher(archive.db)
    pairs = [
        ("sécurité", "securite"),
        ("capacités", "capacites"),
        ("Assemblée", "Assemblee"),
        ("journée", "journee"),
        ("réunion à Sofia", "reunion a Sofia"),
    ]
    differ = [
        plain
        for accented, plain in pairs
        if [h.text for h in searcher.search(plain).hits]
        != [h.text for h in searcher.search(accented).hits]
    ]
    assert all(searcher.search(accented).hits for accented, _ in pairs)
    assert differ == []


def test_an_articles_title_leads_to_its_body(make_archive) -> None:
    """ "Lord Robertson en Pologne" finds that article's body, which does not repeat it."""
    archive = make_archive(
        [
            record(
                "Lord Robertson en Pologne",
                "Le Secrétaire général s'est entretenu à Varsovie avec le Président "
                "Kwasniewski de la modernisation des forces armées.",
            ),
            record(
                "Visite à Bruxelles",
                "Lord Robertson a reçu à Bruxelles le ministre polonais de la défense pour "
                "parler du budget de l'Alliance et des exercices communs.",
            ),
            record(
                "Exercice en mer Baltique",
                "Des navires de dix pays ont participé à un exercice au large de la Pologne.",
            ),
        ]
    )
    top = Searcher(archive.db).search("Lord Robertson en Pologne").hits[0]
    assert top.title == "Lord Robertson en Pologne"
    assert "Pologne" not in top.text


def test_one_searcher_answers_from_many_threads(fixture_archive) -> None:
    searcher = Searcher(fixture_archive.db)
    questions = ["Kofi Annan", "Sarajevo", "Helmand insurgents", "Hungary Bulgaria"] * 4
    serial = [searcher.search(q).hits for q in questions]
    with ThreadPoolExecutor(max_workers=4) as pool:
        parallel = list(pool.map(lambda q: searcher.search(q).hits, questions))
    assert parallel == serial


# -- The real corpus ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "Lord Robertson en visite aux Etats-Unis",
        "NATO Response Force exercise Cape Verde",
        "the security force did not fire their weapons and protected the women and children",
        "ISAF Joint Command operational update",
        "Kosovo",
    ],
)
def test_real_corpus_hits_are_well_formed_and_never_repeat_a_paragraph(
    shared_corpus, question: str
) -> None:
    hits = Searcher(shared_corpus.db).search(question, limit=10).hits
    assert len(hits) == 10
    assert_well_formed(hits)
    texts = [" ".join(comparable(h.text).split()) for h in hits]
    assert len(set(texts)) == len(texts)


@pytest.mark.parametrize(
    ("question", "file", "broken"),
    [
        # "Sergueï Lavrov" lost its "ï" on the French page of June 2005.
        ("Sergue Lavrov", "docu_update/2005/06-june/f0623b.htm", "M. Sergue Lavrov"),
        # Words run together on a cps page: "isworking", "forAfrican".
        ("coordination isworking", "news_21497.htm", "Coordination isworking well"),
        ("map exercise forAfrican Union troops", "news_21497.htm", "forAfrican Union troops"),
    ],
)
def test_broken_words_are_kept_and_searchable(
    shared_corpus, question: str, file: str, broken: str
) -> None:
    hits = Searcher(shared_corpus.db).search(question, limit=3).hits
    assert hits
    assert file.replace("docu_update", "docu/update") in hits[0].source
    assert broken in hits[0].text
