"""Search: a question in, the best-matching paragraphs out, with their article's date,
title, publication and source.

Scores are exactly those of `scoring.ArchiveBM25` over the stored terms; they are
computed from the postings of the question's terms only, so the cost grows with the
paragraphs that match, not with the archive.
"""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from retrieval.analysis import analyse_query
from retrieval.errors import EmptyQuery
from retrieval.indexing import POSTING_DTYPE
from retrieval.scoring import K1, B, idf, term_weight
from retrieval.storage import open_for_reading

# Candidates fetched beyond the page asked for, so that dropping reposted duplicates
# still leaves a full page.
DUPLICATE_HEADROOM = 2
EXTRA_CANDIDATES = 5


@dataclass(frozen=True)
class Hit:
    """One paragraph that answers a question."""

    rank: int
    score: float
    text: str
    title: str
    date: str | None
    language: str
    publication: str
    source: str
    heading: str | None
    paragraph_id: int

    def as_json(self) -> dict[str, object]:
        """The command line's JSON shape for a hit."""
        return {
            "rank": self.rank,
            "score": round(self.score, 6),
            "text": self.text,
            "title": self.title,
            "date": self.date,
            "language": self.language,
            "publication": self.publication,
            "source": self.source,
        }


@dataclass(frozen=True)
class Results:
    """A page of hits, and how many matching paragraphs there are in all."""

    query: str
    terms: tuple[str, ...]
    hits: tuple[Hit, ...]
    total: int


class Searcher:
    """Answers questions from one archive file. Safe to share between threads.

    It opens the file once, read-only, and keeps that one connection: a reload may
    replace the file at `path`, and this searcher must go on reading the file whose
    statistics it loaded. Threads take turns on the connection (a lock) for the few SQL
    reads a question needs; scoring, the costly part, runs in parallel on numpy.
    """

    def __init__(self, path: str | Path, k1: float = K1, b: float = B) -> None:
        self.path = Path(path)
        self.k1, self.b = k1, b
        self._local = threading.local()  # each thread's score accumulator
        self._connection = open_for_reading(self.path)  # raises ArchiveMissing / ArchiveEmpty
        self._lock = threading.Lock()
        db = self._connection
        statistics = {
            name: (value, data)
            for name, value, data in db.execute("select name, value, data from statistics")
        }
        self.lengths: NDArray[np.float64] = np.frombuffer(
            statistics["lengths"][1], POSTING_DTYPE
        ).astype(np.float64)
        self.paragraph_count = int(statistics["paragraphs"][0])
        self.average_length = statistics["total_length"][0] / max(self.paragraph_count, 1)

    def _query(self, sql: str, parameters: list[Any]) -> tuple[list[str], list[tuple[Any, ...]]]:
        """Run one read on the shared connection: column names and rows."""
        with self._lock:
            cursor = self._connection.execute(sql, parameters)
            return [c[0] for c in cursor.description], cursor.fetchall()

    def _accumulator(self) -> NDArray[np.float64]:
        """A zeroed score array as long as the archive, one per thread, reused."""
        scores = getattr(self._local, "scores", None)
        if scores is None or scores.size != self.lengths.size:
            scores = np.zeros(self.lengths.size, np.float64)
            self._local.scores = scores
        return scores

    def postings(self, terms: list[str]) -> list[tuple[str, NDArray[np.int32], NDArray[np.int32]]]:
        """Each term's paragraph ids and frequencies (terms not in the archive left out)."""
        _, rows = self._query(
            f"select term, paragraph_ids, frequencies from postings where term in ({','.join('?' * len(terms))})",
            terms,
        )
        return [
            (term, np.frombuffer(ids, POSTING_DTYPE), np.frombuffer(frequencies, POSTING_DTYPE))
            for term, ids, frequencies in rows
        ]

    def score(self, terms: list[str]) -> tuple[NDArray[np.int64], NDArray[np.float64]]:
        """BM25 scores of every paragraph matching any of `terms`: ids and scores.

        Each term adds its weight into one array as long as the archive, at its own
        paragraphs only; a paragraph's id appears once per term, so plain fancy-indexed
        addition is exact.
        """
        counts = Counter(terms)
        postings = self.postings(sorted(counts))
        if not postings:
            return np.empty(0, np.int64), np.empty(0, np.float64)
        scores = self._accumulator()
        for term, ids, frequencies in postings:
            weight = idf(len(ids), self.paragraph_count) * counts[term]
            scores[ids] += weight * term_weight(
                frequencies.astype(np.float64),
                self.lengths[ids],
                self.average_length,
                self.k1,
                self.b,
            )
        # Every weight is positive, so the matching paragraphs are the non-zero entries: a
        # linear scan, cheaper than sorting the union of the postings.
        candidates = np.flatnonzero(scores)
        found = scores[candidates]
        scores[candidates] = 0.0  # leave the accumulator clean for the next question
        return candidates.astype(np.int64), found

    def search(self, query: str, limit: int = 10, offset: int = 0) -> Results:
        """The best paragraphs for `query`, best first. Raises EmptyQuery."""
        terms = analyse_query(query)
        if not terms:
            raise EmptyQuery(query)
        ids, scores = self.score(terms)
        wanted = offset + limit
        shortlist = wanted * DUPLICATE_HEADROOM + EXTRA_CANDIDATES
        if len(ids) > shortlist:
            top = np.argpartition(-scores, shortlist)[:shortlist]
        else:
            top = np.arange(len(ids))
        # Best first; ties go to the paragraph stored first, so results are stable.
        order = top[np.lexsort((ids[top], -scores[top]))]
        hits = self._hits(ids[order].tolist(), scores[order].tolist(), wanted)
        if len(hits) < wanted and len(ids) > shortlist:
            # So many reposts that the shortlist ran dry: rank every match (rare).
            order = np.lexsort((ids, -scores))
            hits = self._hits(ids[order].tolist(), scores[order].tolist(), wanted)
        return Results(query, tuple(terms), tuple(hits[offset:wanted]), len(ids))

    def _hits(self, ids: list[int], scores: list[float], wanted: int) -> list[Hit]:
        """Hits for the ranked ids, reposts dropped. Rows are fetched a window at a time:
        reposts are rare, so the first window nearly always suffices."""
        hits: list[Hit] = []
        seen: set[str] = set()
        window = wanted + EXTRA_CANDIDATES
        for start in range(0, len(ids), window):
            rows = self._rows(ids[start : start + window])
            for paragraph_id, score in zip(
                ids[start : start + window], scores[start : start + window], strict=True
            ):
                row = rows[paragraph_id]
                if row["fingerprint"] in seen:
                    continue  # the same paragraph reposted under another source
                seen.add(row["fingerprint"])
                hits.append(
                    Hit(
                        rank=len(hits) + 1,
                        score=score,
                        text=row["text"],
                        title=row["title"],
                        date=row["date"],
                        language=row["language"],
                        publication=row["publication"],
                        source=row["source"],
                        heading=row["heading"],
                        paragraph_id=paragraph_id,
                    )
                )
                if len(hits) == wanted:
                    return hits
        return hits

    def _rows(self, ids: list[int]) -> dict[int, dict[str, object]]:
        if not ids:
            return {}
        columns, rows = self._query(
            "select p.id, p.text, p.heading, p.fingerprint, a.title, a.date, a.language, "
            "a.publication, a.source from paragraphs p join articles a on a.id = p.article_id "
            f"where p.id in ({','.join('?' * len(ids))})",
            ids,
        )
        return {row[0]: dict(zip(columns, row, strict=True)) for row in rows}

    def close(self) -> None:
        with self._lock:
            self._connection.close()
