"""The analyzer: one function turns paragraph text and query text into index terms.

Steps, in order: Unicode normalisation, apostrophe unification, French elision removal,
tokenisation, case folding, stopword removal, Snowball stemming in the text's language,
and accent folding of the stem (so "invités" and "invites" meet).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import NamedTuple

import Stemmer

from retrieval.stopwords import BY_LANGUAGE

_STEMMERS = {"en": Stemmer.Stemmer("english"), "fr": Stemmer.Stemmer("french")}
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'"})
# French elided articles and pronouns, as Lucene's ElisionFilter lists them.
_ELISION = re.compile(r"\b(?:jusqu|quoiqu|lorsqu|puisqu|qu|[lmtnsjdc])'(?=\w)", re.IGNORECASE)
# A word is a run of letters or digits; hyphens, apostrophes and dots split words.
_WORD = re.compile(r"[^\W_]+")
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss"})


class Token(NamedTuple):
    """One word of a text: where it stands and the index term it analyses to."""

    start: int
    end: int
    term: str


def normalise(text: str) -> str:
    """NFC-normalise and unify apostrophes, keeping every character's position."""
    return unicodedata.normalize("NFC", text).translate(_APOSTROPHES)


def fold_accents(word: str) -> str:
    """Strip diacritics: "événement" -> "evenement"."""
    decomposed = unicodedata.normalize("NFKD", word.translate(_LIGATURES))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=200_000)
def _term(word: str, language: str, stopwords: frozenset[str]) -> str | None:
    lowered = word.casefold()
    if lowered in stopwords or fold_accents(lowered) in stopwords:
        return None
    if len(lowered) == 1 and not lowered.isdigit():
        return None
    return fold_accents(_STEMMERS[language].stemWord(lowered))


def tokens(text: str, language: str, stopwords: frozenset[str] | None = None) -> Iterator[Token]:
    """Yield each indexable word of `text` with its position and its term.

    `stopwords` defaults to the language's own list; queries pass a wider one.
    """
    stop = BY_LANGUAGE[language] if stopwords is None else stopwords
    clean = _ELISION.sub(lambda m: " " * len(m.group()), normalise(text))
    for match in _WORD.finditer(clean):
        term = _term(match.group(), language, stop)
        if term:
            yield Token(match.start(), match.end(), term)


def analyse(text: str, language: str, stopwords: frozenset[str] | None = None) -> list[str]:
    """The terms of `text` in `language`, in order."""
    return [t.term for t in tokens(text, language, stopwords)]


QUERY_STOPWORDS = frozenset().union(*BY_LANGUAGE.values())


def tag(language: str, terms: Iterable[str]) -> list[str]:
    """Prefix terms with their language: one index holds both, and never mixes them."""
    return [f"{language}:{t}" for t in terms]


def analyse_query(text: str) -> list[str]:
    """Tagged terms of a question, analysed as French and as English.

    A question is matched against French paragraphs with its French analysis and against
    English ones with its English analysis, so the user need not say which language it is
    in. Both languages' stopwords are dropped: "de" is noise in a French question even
    when it is read as English.
    """
    return [
        term
        for language in sorted(BY_LANGUAGE)
        for term in tag(language, analyse(text, language, QUERY_STOPWORDS))
    ]
