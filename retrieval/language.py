"""Which language a text is written in: French or English, the two of this archive."""

from __future__ import annotations

import re

LANGUAGES = ("en", "fr")

# Function words that are frequent in one language and rare in the other. Counting them is
# enough to tell French from English on a sentence or more; no model is needed.
_MARKERS = {
    "en": frozenset("the and of to in is was for with that on by from has have are it its".split()),
    "fr": frozenset(
        "le la les des du et est une dans pour sur par au aux qui que avec a été".split()
    ),
}
_WORD = re.compile(r"[^\W\d_]+")


def detect_language(text: str, default: str = "en") -> str:
    """Return "fr" or "en" for `text`, or `default` when the text gives no evidence."""
    words = [w.lower() for w in _WORD.findall(text)]
    counts = {lang: sum(1 for w in words if w in markers) for lang, markers in _MARKERS.items()}
    if counts["fr"] == counts["en"]:
        return default
    return "fr" if counts["fr"] > counts["en"] else "en"
