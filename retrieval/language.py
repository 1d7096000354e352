"""Which language a text is written in: French or English, the two of this archive."""

from __future__ import annotations

LANGUAGES = ("en", "fr")

# Function words that are frequent in one language and rare in the other. Counting them is
# enough to tell French from English on a sentence or more; no model is needed.
_MARKERS = {
    "en": frozenset("the and of to in is was for with that on by from has have are it its".split()),
    "fr": frozenset(
        "le la les des du et est une dans pour sur par au aux qui que avec a été".split()
    ),
}
# The opening of a text tells its language as well as the whole of it.
SAMPLE_CHARS = 1000


def detect_language(text: str, default: str = "en") -> str:
    """Return "fr" or "en" for `text`, or `default` when the text gives no evidence."""
    # Splitting on spaces is ten times faster than a Unicode word pattern, and function
    # words rarely carry punctuation.
    words = text[:SAMPLE_CHARS].lower().split()
    counts = {lang: sum(map(markers.__contains__, words)) for lang, markers in _MARKERS.items()}
    if counts["fr"] == counts["en"]:
        return default
    return "fr" if counts["fr"] > counts["en"] else "en"


# A question is taken to be in one language when it holds at least this many of that
# language's function words and twice as many as of the other's. Keyword questions
# ("Eurocorps member nations") hold none, and count as either.
QUERY_MARKERS = 2


def query_languages(text: str) -> tuple[str, ...]:
    """The languages a question may be in: one when its function words say so, else both."""
    words = text.lower().split()
    counts = {lang: sum(map(markers.__contains__, words)) for lang, markers in _MARKERS.items()}
    for language, other in (("fr", "en"), ("en", "fr")):
        if counts[language] >= QUERY_MARKERS and counts[language] >= 2 * counts[other]:
            return (language,)
    return LANGUAGES
