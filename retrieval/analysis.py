"""The analyzer: one function turns paragraph text and query text into index terms.

Steps, in order: apostrophe unification, tokenisation, then for each word Unicode
normalisation, case folding, French elision removal, accent folding, stopword removal
and Snowball stemming in the text's language. Accents are folded before stemming, so
that "sécurité" and "securite" give one term: users type either.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from typing import Any, NamedTuple

import Stemmer

from retrieval.language import query_languages
from retrieval.stopwords import BY_LANGUAGE

_STEMMERS = {"en": Stemmer.Stemmer("english"), "fr": Stemmer.Stemmer("french")}
_APOSTROPHES = re.compile("[’‘ʼ`´]")
# French elided articles and pronouns, as Lucene's ElisionFilter lists them. A word is
# read with the apostrophe that follows it, so "l'" is recognised in the same pass.
ELISIONS = frozenset("l m t n s j d c qu jusqu quoiqu lorsqu puisqu".split())
# A word is a run of letters or digits (hyphens and dots split words), with any
# combining accents (text may come decomposed) and the apostrophe that may follow it.
# (One character class, underscore included, is twice as fast as excluding it, and
# tokenising is most of the analysis.)
_WORD = re.compile(r"[\w\u0300-\u036f]+'?")


class Token(NamedTuple):
    """One word of a text: where it stands and the index term it analyses to."""

    start: int
    end: int
    term: str


def normalise(text: str) -> str:
    """Unify apostrophes, one character for one, so positions in the text still hold."""
    if not text.isascii() or "`" in text:
        text = _APOSTROPHES.sub("'", text)
    return text


_LIGATURES = {"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss"}
_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def fold_accents(text: str) -> str:
    """Strip diacritics: "événement" -> "evenement". (Decompose, then drop the marks:
    both steps run in C, which matters when every paragraph is fingerprinted.)"""
    if text.isascii():
        return text
    for ligature, letters in _LIGATURES.items():
        if ligature in text:
            text = text.replace(ligature, letters)
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text))


_FOLDED_STOPWORDS: dict[frozenset[str], frozenset[str]] = {}


def folded_stopwords(stopwords: frozenset[str]) -> frozenset[str]:
    """A stopword list with its accents folded, as words are compared to it."""
    folded = _FOLDED_STOPWORDS.get(stopwords)
    if folded is None:
        folded = _FOLDED_STOPWORDS[stopwords] = frozenset(fold_accents(w) for w in stopwords)
    return folded


def _analyse_word(word: str, language: str, stopwords: frozenset[str]) -> str:
    folded = fold_accents(unicodedata.normalize("NFC", word).casefold())
    if folded.endswith("'"):
        folded = folded[:-1]
        if folded in ELISIONS:
            return ""
    if folded in folded_stopwords(stopwords):
        return ""
    if len(folded) == 1 and not folded.isdigit():
        return ""
    return _STEMMERS[language].stemWord(folded)


# Word -> term, per language and stopword list. Words repeat (Zipf): after the first few
# thousand paragraphs nearly every word is a dictionary hit. Bounded so that a stream of
# rare words cannot grow it without end.
_CACHE_LIMIT = 500_000
_CACHES: dict[tuple[str, str, frozenset[str]], dict[Any, str]] = {}


def _cache(kind: str, language: str, stopwords: frozenset[str]) -> dict[Any, str]:
    """The cache of one kind ("word" or "chunk") for a language (or tag) and stopwords."""
    cache = _CACHES.setdefault((kind, language, stopwords), {})
    if len(cache) > _CACHE_LIMIT:
        cache.clear()
    return cache


def _terms_of(words: list[str], language: str, stopwords: frozenset[str]) -> list[str]:
    cache = _cache("word", language, stopwords)
    terms = list(map(cache.get, words))
    if None in terms:
        for i, term in enumerate(terms):
            if term is None:
                word = words[i]
                terms[i] = cache[word] = _analyse_word(word, language, stopwords)
    return terms  # type: ignore[return-value]


def tokens(text: str, language: str, stopwords: frozenset[str] | None = None) -> Iterator[Token]:
    """Yield each indexable word of `text` with its position and its term.

    `stopwords` defaults to the language's own list; queries pass a wider one.
    """
    stop = BY_LANGUAGE[language] if stopwords is None else stopwords
    matches = list(_WORD.finditer(normalise(text)))
    terms = _terms_of([m.group() for m in matches], language, stop)
    for match, term in zip(matches, terms, strict=True):
        if term:
            end = match.end() - match.group().endswith("'")
            yield Token(match.start(), end, term)


# The fast path for whole texts. Every ASCII character that is not part of a word (the
# apostrophe aside) becomes a space, in one pass over the UTF-8 bytes; the chunks left
# between spaces are tokenised with the word pattern once per distinct chunk, and their
# terms cached. A paragraph then costs a few C calls instead of a regex scan.
_ASCII_SEPARATORS = bytes(c for c in range(128) if not (chr(c).isalnum() or chr(c) in "_'"))
_SEPARATORS_TO_SPACE = bytes.maketrans(_ASCII_SEPARATORS, b" " * len(_ASCII_SEPARATORS))


def _chunk_terms(chunk: bytes, language: str, stopwords: frozenset[str], prefix: str) -> str:
    words = _WORD.findall(normalise(chunk.decode("utf-8", errors="replace")))
    return " ".join(prefix + term for term in _terms_of(words, language, stopwords) if term)


def _analyse_fast(text: str, language: str, stopwords: frozenset[str], prefix: str) -> list[str]:
    cache = _cache("chunk", prefix or language, stopwords)
    chunks = text.encode("utf-8").translate(_SEPARATORS_TO_SPACE).split()
    values = list(map(cache.get, chunks))
    if None in values:
        for i, value in enumerate(values):
            if value is None:
                values[i] = cache[chunks[i]] = _chunk_terms(chunks[i], language, stopwords, prefix)
    # Terms hold no spaces: joining and splitting flattens the chunks' terms in C.
    return " ".join(values).split()  # type: ignore[arg-type]


def analyse_tagged(text: str, language: str) -> list[str]:
    """`tag(language, analyse(text, language))`, made in one pass: this is what indexing
    calls for every paragraph."""
    return _analyse_fast(text, language, BY_LANGUAGE[language], f"{language}:")


def analyse(text: str, language: str, stopwords: frozenset[str] | None = None) -> list[str]:
    """The terms of `text` in `language`, in order."""
    stop = BY_LANGUAGE[language] if stopwords is None else stopwords
    return _analyse_fast(text, language, stop, "")


QUERY_STOPWORDS = frozenset().union(*BY_LANGUAGE.values())


def tag(language: str, terms: Iterable[str]) -> list[str]:
    """Prefix terms with their language: one index holds both, and never mixes them."""
    return [f"{language}:{t}" for t in terms]


# Capitalised words after the first: names, which are the same in both languages.
_NAME = re.compile(r"(?<=\s)[^\W\d_][^\s]*")


def names_in(text: str) -> str:
    """The capitalised words of a question but its first: "Where did Lord Robertson go"
    gives "Lord Robertson"."""
    return " ".join(word for word in _NAME.findall(text) if word[:1].isupper())


def analyse_query(text: str) -> list[str]:
    """Tagged terms of a question, to match paragraphs in each language.

    A question clearly in one language is analysed in that language; its names (the
    capitalised words) are analysed in the other too, since names cross languages. A
    question that does not say its language (a few keywords) is analysed in both, so the
    user need not say which it is. Both languages' stopwords are dropped: "de" is noise
    in a French question even when it is read as English.
    """
    languages = query_languages(text)
    terms: list[str] = []
    for language in sorted(BY_LANGUAGE):
        words = text if language in languages else names_in(text)
        terms += tag(language, analyse(words, language, QUERY_STOPWORDS))
    return terms
