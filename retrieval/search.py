"""Search: a question in, the best-matching paragraphs out, with their article's date,
title, publication and source.

Scores are exactly those of `scoring.ArchiveBM25` over the stored terms; they are
computed from the postings of the question's terms only, so the cost grows with the
paragraphs that match, not with the archive.
"""

from __future__ import annotations

import threading
from collections import Counter, OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from retrieval.analysis import analyse_query
from retrieval.errors import EmptyQuery
from retrieval.indexing import POSTING_DTYPE
from retrieval.scoring import K1, B, idf, length_norm, saturation
from retrieval.storage import open_for_reading

# Candidates fetched beyond the page asked for, so that dropping reposted duplicates
# still leaves a full page.
DUPLICATE_HEADROOM = 2
# Memory for the weights of common terms, kept between questions: at 100k paragraphs
# the few hundred commonest terms fit, and they are most of a question's cost.
WEIGHT_CACHE_BYTES = 64 * 2**20
# Terms in fewer paragraphs than this cost too little to be worth keeping.
CACHED_POSTINGS_MIN = 2000
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

    def as_json(self) -> dict[str, Any]:
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
        self._weight_cache: OrderedDict[str, tuple[NDArray[np.int32], NDArray[np.float64]]] = (
            OrderedDict()
        )
        self._cache_bytes = 0
        self._cache_lock = threading.Lock()
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
        self.norms = length_norm(self.lengths, self.average_length, k1, b)

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

    def weights(self, terms: list[str]) -> dict[str, tuple[NDArray[np.int32], NDArray[np.float64]]]:
        """Each term's paragraph ids and BM25 weight in each (idf times saturation), for
        the terms the archive holds.

        The weights of common terms are kept (up to WEIGHT_CACHE_BYTES): they are the
        costly ones to compute, and the ones questions share.
        """
        found: dict[str, tuple[NDArray[np.int32], NDArray[np.float64]]] = {}
        with self._cache_lock:
            for term in terms:
                if term in self._weight_cache:
                    self._weight_cache.move_to_end(term)
                    found[term] = self._weight_cache[term]
        missing = [t for t in terms if t not in found]
        for term, ids, frequencies in self.postings(missing) if missing else []:
            weight = idf(len(ids), self.paragraph_count) * saturation(
                frequencies, self.norms[ids], self.k1
            )
            found[term] = (ids, weight)
            if len(ids) >= CACHED_POSTINGS_MIN:
                self._remember(term, ids, weight)
        return found

    def _remember(self, term: str, ids: NDArray[np.int32], weight: NDArray[np.float64]) -> None:
        with self._cache_lock:
            self._weight_cache[term] = (ids, weight)
            self._cache_bytes += ids.nbytes + weight.nbytes
            while self._cache_bytes > WEIGHT_CACHE_BYTES and self._weight_cache:
                _, (old_ids, old_weight) = self._weight_cache.popitem(last=False)
                self._cache_bytes -= old_ids.nbytes + old_weight.nbytes

    def score(self, terms: list[str]) -> tuple[NDArray[np.int64], NDArray[np.float64]]:
        """BM25 scores of every paragraph matching any of `terms`: ids and scores.

        Each term adds its weight into one array as long as the archive, at its own
        paragraphs only; a paragraph's id appears once per term, so plain fancy-indexed
        addition is exact. A term repeated in the question counts as often, as in
        rank-bm25.
        """
        counts = Counter(terms)
        unique = sorted(counts)
        weights = self.weights(unique)
        if not weights:
            return np.empty(0, np.int64), np.empty(0, np.float64)
        scores = self._accumulator()
        for term, (ids, weight) in weights.items():
            scores[ids] += weight * counts[term] if counts[term] != 1 else weight
        # Every weight is positive, so the matching paragraphs are the non-zero entries: a
        # linear scan, cheaper than sorting the union of the postings.
        candidates = np.flatnonzero(scores > 0)  # (through a mask: 3× faster on floats)
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
        while True:
            if len(ids) > shortlist:
                top = np.argpartition(-scores, shortlist)[:shortlist]
            else:
                top = np.arange(len(ids))
            # Best first; ties go to the paragraph stored first, so results are stable.
            order = top[np.lexsort((ids[top], -scores[top]))]
            hits = self._hits(ids[order].tolist(), scores[order].tolist(), wanted)
            if len(hits) >= wanted or len(ids) <= shortlist:
                break
            shortlist *= 4  # so many reposts that the shortlist ran dry: widen it
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

    def _rows(self, ids: list[int]) -> dict[int, dict[str, Any]]:
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
