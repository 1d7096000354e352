"""BM25, the ranking model, as small pure functions.

The model is rank-bm25's `BM25Okapi` with one deliberate change: the IDF. rank-bm25's
Okapi IDF, log((N - n + 0.5) / (n + 0.5)), is zero for a term found in half the
paragraphs and negative above that; it then floors such terms at a quarter of the mean
IDF, so in a small archive a common word can outweigh a rare one. We use the Lucene IDF,
log(1 + (N - n + 0.5) / (n + 0.5)), which is positive for every term and falls as the
term gets commoner. `ArchiveBM25` is that model in rank-bm25 itself, the reference the
fast path is tested against.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray
from rank_bm25 import BM25Okapi

# How fast a term's weight saturates with repeats in one paragraph. 1.2 is Lucene's
# default; paragraphs are short, so the second mention of a word adds little news.
K1 = 1.2
# How much a long paragraph is penalised for its length: 0.75, the usual value. Titles are
# folded into every paragraph's terms, so short paragraphs are not unduly favoured.
B = 0.75


def idf(document_frequency: int, paragraphs: int) -> float:
    """Inverse document frequency: rare terms weigh more. Never negative."""
    return math.log1p((paragraphs - document_frequency + 0.5) / (document_frequency + 0.5))


def length_norm(
    length: NDArray[np.float64], average_length: float, k1: float = K1, b: float = B
) -> NDArray[np.float64]:
    """The part of BM25's denominator that depends on the paragraph alone: a searcher
    computes it once for every paragraph, not once a question."""
    return k1 * (1 - b + b * length / average_length)


def saturation(
    frequency: NDArray[np.float64] | NDArray[np.int32], norm: NDArray[np.float64], k1: float = K1
) -> NDArray[np.float64]:
    """How much a term's frequency in a paragraph counts, given the paragraph's norm."""
    return frequency * (k1 + 1) / (frequency + norm)


def term_weight(
    frequency: NDArray[np.float64],
    length: NDArray[np.float64],
    average_length: float,
    k1: float = K1,
    b: float = B,
) -> NDArray[np.float64]:
    """The saturating term-frequency part of BM25, normalised by paragraph length."""
    return saturation(frequency, length_norm(length, average_length, k1, b), k1)


class ArchiveBM25(BM25Okapi):
    """rank-bm25's Okapi BM25 with the Lucene IDF: the reference model."""

    def __init__(self, corpus: list[list[str]], k1: float = K1, b: float = B) -> None:
        super().__init__(corpus, k1=k1, b=b)

    def _calc_idf(self, nd: dict[str, int]) -> None:
        for word, frequency in nd.items():
            self.idf[word] = math.log1p((self.corpus_size - frequency + 0.5) / (frequency + 0.5))
