"""BM25 as the archive computes it, checked against rank-bm25 itself.

The reference is `ArchiveBM25`: rank-bm25's BM25Okapi with the Lucene IDF, built over
each stored paragraph's terms, analysed afresh from its stored text (ordered by id). The archive's own
scores must equal its `get_scores` on tiny corpora, on the corner cases of the IDF, after
a re-ingest, and on the dev questions over the real corpus.
"""

from __future__ import annotations

import math
import sqlite3
from pathlib import Path

import numpy as np
import pytest
from rank_bm25 import BM25Okapi
from sqlite_utils import Database

from retrieval.analysis import analyse_query
from retrieval.evaluation import load_questions
from retrieval.indexing import stored_paragraph_terms
from retrieval.scoring import K1, ArchiveBM25, B, idf, term_weight
from retrieval.search import Searcher

RELATIVE = 1e-9


class StoredParagraphs:
    """The archive's paragraphs as stored: ids, terms and fingerprints, by id."""

    def __init__(self, db: Path) -> None:
        archive = Database(sqlite3.connect(f"file:{db}?mode=ro", uri=True))
        try:
            self.ids, self.terms = stored_paragraph_terms(archive)
            self.fingerprints = dict(
                archive.execute("select id, fingerprint from paragraphs").fetchall()
            )
        finally:
            archive.close()
        self.reference = ArchiveBM25(self.terms)

    def reference_scores(self, query_terms: list[str]) -> dict[int, float]:
        """rank-bm25's score of every paragraph that holds a query term."""
        scores = self.reference.get_scores(query_terms)
        holds = [bool(set(query_terms) & set(terms)) for terms in self.terms]
        return {i: float(s) for i, s, h in zip(self.ids, scores, holds, strict=True) if h}


def archive_scores(db: Path, query_terms: list[str]) -> dict[int, float]:
    ids, scores = Searcher(db).score(query_terms)
    return dict(zip(ids.tolist(), scores.tolist(), strict=True))


def assert_same_scores(actual: dict[int, float], expected: dict[int, float]) -> None:
    assert sorted(actual) == sorted(expected)
    for paragraph_id, score in expected.items():
        assert actual[paragraph_id] == pytest.approx(score, rel=RELATIVE, abs=1e-12), paragraph_id


def assert_same_ranking(
    hits: list[tuple[int, float]], stored: StoredParagraphs, expected: dict[int, float], limit: int
) -> None:
    """The hits are rank-bm25's best paragraphs, best first, one per repeated text.
    Paragraphs whose scores tie may come in either order."""
    order = sorted(expected.items(), key=lambda item: (-item[1], item[0]))
    seen: set[str] = set()
    ranking = []
    for paragraph_id, score in order:
        if stored.fingerprints[paragraph_id] not in seen:
            seen.add(stored.fingerprints[paragraph_id])
            ranking.append((paragraph_id, score))
    assert len(hits) == min(limit, len(ranking))
    assert len({i for i, _ in hits}) == len(hits)
    for (hit_id, hit_score), (want_id, want_score) in zip(hits, ranking, strict=False):
        assert hit_score == pytest.approx(want_score, rel=RELATIVE)
        assert hit_score == pytest.approx(expected[hit_id], rel=RELATIVE)
        if hit_id != want_id:  # only a tie may swap two paragraphs
            assert expected[hit_id] == pytest.approx(want_score, rel=RELATIVE)


def record(title: str, text: str) -> dict[str, object]:
    return {"title": title, "text": text, "language": "en", "date": "2004-06-29"}


TINY = [
    record("Alpha", "NATO troops patrol Kosovo villages near the border."),
    record("Bravo", "Kosovo elections were held under KFOR protection; KFOR patrols continued."),
    record("Charlie", "Ministers met in Brussels to discuss the Alliance budget for next year."),
    record(
        "Delta",
        "A long account of the peacekeeping mission: troops from many nations, engineers, "
        "medical teams and police trainers worked across Kosovo for months, rebuilding "
        "schools, clearing mines and escorting families back to their homes in Kosovo.",
    ),
    record("Echo", "The Secretary General visited Moscow and met the Russian Defence Minister."),
]


# -- The formulas ----------------------------------------------------------------------


def test_idf_is_the_lucene_idf_positive_and_falling_with_frequency() -> None:
    paragraphs = 10
    values = [float(idf(n, paragraphs)) for n in range(1, paragraphs + 1)]
    assert values == pytest.approx(
        [math.log(1 + (paragraphs - n + 0.5) / (n + 0.5)) for n in range(1, paragraphs + 1)]
    )
    assert all(v > 0 for v in values)
    assert values == sorted(values, reverse=True)


def test_term_weight_saturates_and_penalises_long_paragraphs() -> None:
    frequencies = np.array([1.0, 2.0, 3.0, 50.0])
    weights = term_weight(frequencies, np.full(4, 20.0), 20.0)
    assert list(weights) == sorted(weights)  # more mentions, more weight
    assert weights[-1] < K1 + 1  # but never past k1 + 1
    short, long = term_weight(np.array([1.0, 1.0]), np.array([10.0, 40.0]), 20.0)
    assert short > long
    assert weights[0] == pytest.approx(1.0)  # one mention in an average paragraph
    assert 0 < B < 1 and K1 > 0


# -- Tiny archives, ingested for real ----------------------------------------------------


@pytest.mark.parametrize(
    "question",
    ["Kosovo", "KFOR patrols in Kosovo", "Kosovo Kosovo troops", "Brussels budget", "zebra"],
)
def test_archive_scores_equal_rank_bm25_on_a_tiny_archive(make_archive, question: str) -> None:
    archive = make_archive(TINY)
    stored = StoredParagraphs(archive.db)
    terms = analyse_query(question)
    expected = stored.reference_scores(terms)
    assert_same_scores(archive_scores(archive.db, terms), expected)
    hits = Searcher(archive.db).search(question, limit=3).hits
    assert_same_ranking([(h.paragraph_id, h.score) for h in hits], stored, expected, 3)


def test_a_term_in_exactly_half_the_paragraphs_scores_above_zero(make_archive) -> None:
    archive = make_archive(
        [
            record("Alpha", "Kosovo patrols resumed at dawn."),
            record("Bravo", "Kosovo elections were held."),
            record("Charlie", "Ministers approved the budget."),
            record("Delta", "Engineers cleared the mines."),
        ]
    )
    stored = StoredParagraphs(archive.db)
    terms = analyse_query("Kosovo")
    holding = [i for i, t in zip(stored.ids, stored.terms, strict=True) if "en:kosovo" in t]
    assert len(holding) * 2 == len(stored.ids)

    scores = archive_scores(archive.db, terms)
    assert sorted(scores) == holding
    assert all(score > 0 for score in scores.values())
    assert_same_scores(scores, stored.reference_scores(terms))
    # rank-bm25's plain Okapi IDF is log(1) = 0 here: it would find nothing.
    plain = BM25Okapi(stored.terms, k1=K1, b=B).get_scores(terms)
    assert [plain[stored.ids.index(i)] for i in holding] == [0.0, 0.0]


def test_a_term_in_most_paragraphs_scores_above_zero(make_archive) -> None:
    archive = make_archive(
        [
            record("Kosovo report", "Kosovo patrols resumed."),
            record("Kosovo report", "Kosovo patrols ended."),
            record("Kosovo report", "Kosovo calm."),
        ]
    )
    stored = StoredParagraphs(archive.db)
    terms = analyse_query("patrols")
    scores = archive_scores(archive.db, terms)
    assert len(scores) == 2  # in two paragraphs of three
    assert all(score > 0 for score in scores.values())
    assert_same_scores(scores, stored.reference_scores(terms))
    hits = Searcher(archive.db).search("patrols", limit=5).hits
    assert len(hits) == 2 and all(h.score > 0 for h in hits)
    # rank-bm25's plain Okapi IDF is negative above half: its scores fall below zero.
    plain = BM25Okapi(stored.terms, k1=K1, b=B).get_scores(terms)
    assert all(plain[stored.ids.index(i)] < 0 for i in scores)


def test_scores_stay_exact_after_a_source_is_replaced(make_archive) -> None:
    make_archive(TINY)
    edited = [*TINY[:2], record("Charlie", "Ministers in Brussels agreed on Kosovo."), *TINY[3:]]
    archive = make_archive(edited)
    stored = StoredParagraphs(archive.db)
    assert len(stored.ids) == len(TINY)
    for question in ["Kosovo", "Brussels budget", "ministers Kosovo"]:
        terms = analyse_query(question)
        assert_same_scores(archive_scores(archive.db, terms), stored.reference_scores(terms))


# -- The real corpus -----------------------------------------------------------------------


def test_dev_questions_rank_as_rank_bm25_ranks_the_same_terms(
    shared_corpus, dev_questions_path: Path
) -> None:
    stored = StoredParagraphs(shared_corpus.db)
    searcher = Searcher(shared_corpus.db)
    for question in load_questions(dev_questions_path):
        terms = analyse_query(question.question)
        expected = stored.reference_scores(terms)
        ids, scores = searcher.score(terms)
        assert_same_scores(dict(zip(ids.tolist(), scores.tolist(), strict=True)), expected)
        hits = searcher.search(question.question, limit=10).hits
        assert_same_ranking([(h.paragraph_id, h.score) for h in hits], stored, expected, 10)
