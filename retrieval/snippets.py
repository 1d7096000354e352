"""Snippets: the readable part of a paragraph around what a question matched.

Three steps, as whoosh's highlighter cuts them: where a snippet may start and end
(sentence and word boundaries), which window is best (the one holding the most distinct
query terms), and what is marked (the matched words, as segments). Markup is the
caller's business: a segment only says whether it is a matched word.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from retrieval.analysis import analyse_query, tokens

# About four lines on a phone: enough to judge a passage, and three of them with titles
# stay far below Telegram's 4096-character message limit even once escaped.
SNIPPET_CHARS = 320
# A window that starts on a match shows this share of its width before the match, so the
# reader sees what leads up to it.
LEAD_SHARE = 1 / 4
# An end is moved back to a sentence or word boundary only within the last part of the
# window; further back, the snippet would lose too much of what it was meant to show.
MIN_KEPT_SHARE = 1 / 2
ELLIPSIS = "…"

# A sentence ends with . ! ? or … (then any closing quotes or brackets), before space and
# a capital, an opening quote or a digit.
_SENTENCE_END = re.compile(r"[.!?…][\"'»”’)\]]*(?=\s+[«\"“(\[\d\w])")
# Abbreviations whose full stop does not end a sentence: "M. de Hoop Scheffer".
_ABBREVIATIONS = frozenset({"m", "mm", "mme", "mlle", "mr", "mrs", "ms", "dr", "st", "gen", "col"})
_WORD_BEFORE = re.compile(r"(\w+)$")


class Segment(NamedTuple):
    """A run of snippet text, and whether it is a word the question matched."""

    text: str
    is_match: bool


@dataclass(frozen=True)
class Snippet:
    """A passage cut to size: its segments in order, with an ellipsis segment wherever
    text was left out."""

    segments: tuple[Segment, ...]

    @property
    def text(self) -> str:
        return "".join(segment.text for segment in self.segments)

    @property
    def matches(self) -> tuple[str, ...]:
        return tuple(segment.text for segment in self.segments if segment.is_match)


def matched_spans(text: str, language: str, terms: Iterable[str]) -> list[tuple[int, int]]:
    """(start, end) of each word of `text` whose term is among the question's tagged
    `terms` ("fr:otan"). `text` must be NFC-normalised: positions index into it."""
    wanted = frozenset(terms)
    return [
        (token.start, token.end)
        for token in tokens(text, language)
        if f"{language}:{token.term}" in wanted
    ]


def sentence_starts(text: str) -> list[int]:
    """Where each sentence of `text` begins, the first included."""
    starts = [0]
    for match in _SENTENCE_END.finditer(text):
        word = _WORD_BEFORE.search(text[max(0, match.start() - 20) : match.start()])
        if match.group().startswith(".") and word:
            before = word.group(1)
            if before.casefold() in _ABBREVIATIONS or (len(before) == 1 and before.isupper()):
                continue
        following = match.end()
        while following < len(text) and text[following].isspace():
            following += 1
        starts.append(following)
    return starts


def _window_score(
    start: int, width: int, spans: Sequence[tuple[int, int]], words: Sequence[str], lead: int
) -> tuple[int, int, int]:
    # Spans are in order and do not overlap: those inside a window are a run of them.
    first = bisect.bisect_left(spans, (start, start))
    last = bisect.bisect_right(spans, (start + width, start + width), lo=first)
    while last > first and spans[last - 1][1] > start + width:
        last -= 1
    if last == first:
        return 0, 0, 0
    # How far the first match stands from where it would have just `lead` before it.
    off_lead = abs(spans[first][0] - start - lead)
    return len(set(words[first:last])), last - first, -off_lead


def best_start(
    text: str,
    width: int,
    spans: Sequence[tuple[int, int]],
    words: Sequence[str],
    starts: Sequence[int],
) -> int:
    """Where the window holding the most distinct matched words (then the most matches)
    begins: a sentence start when one serves as well, else shortly before a match."""
    if not spans:
        return 0
    lead = int(width * LEAD_SHARE)
    candidates = [(s, True) for s in starts if s <= spans[-1][0]]
    candidates += [(_word_start(text, max(0, s - lead)), False) for s, _ in spans]

    def rank(candidate: tuple[int, bool]) -> tuple[int, int, bool, int]:
        distinct, count, off_lead = _window_score(candidate[0], width, spans, words, lead)
        # Most distinct words, then most matches, then a sentence start, then the
        # first match nearest to a `lead` of context.
        return distinct, count, candidate[1], off_lead

    return max(candidates, key=rank)[0]


def _word_start(text: str, position: int) -> int:
    """`position`, moved forward to the start of a word if it falls inside one."""
    if position == 0 or text[position - 1].isspace():
        return position
    space = re.compile(r"\s+").search(text, position)
    return space.end() if space else position


def best_end(
    text: str, start: int, width: int, starts: Sequence[int], spans: Sequence[tuple[int, int]]
) -> int:
    """Where a window of `width` from `start` should end: the text's end if it is near,
    else a sentence end, else a word end, within the window's last half and after the
    matches it holds."""
    end = start + width
    if end >= len(text):
        return len(text)
    floor = start + int(width * MIN_KEPT_SHARE)
    floor = max([floor, *(e for s, e in spans if s >= start and e <= end)])
    sentence_ends = [s for s in starts if floor < s <= end]
    if sentence_ends:
        return len(text[: sentence_ends[-1]].rstrip())
    space = max(text.rfind(" ", floor, end + 1), text.rfind("\n", floor, end + 1))
    if space >= floor:
        return len(text[:space].rstrip(" ,;:-–—(«\"'"))
    return end  # one word longer than the window: cut it


# Paragraphs whose reading is kept: a caller fitting a passage into a message tries a few
# widths of the same paragraph, and tokenising it again each time would be waste.
READINGS_KEPT = 32


@lru_cache(maxsize=READINGS_KEPT)
def _read(
    text: str, language: str, terms: frozenset[str]
) -> tuple[tuple[tuple[int, int], ...], tuple[str, ...], tuple[int, ...]]:
    """A paragraph's matched spans, their words, and its sentence starts."""
    spans = matched_spans(text, language, terms)
    words = tuple(text[s:e].casefold() for s, e in spans)
    return tuple(spans), words, tuple(sentence_starts(text))


def make_snippet(text: str, language: str, query: str, width: int = SNIPPET_CHARS) -> Snippet:
    """The part of `text` (a paragraph in `language`) that best shows why it answers
    `query`, at most about `width` characters, with the matched words marked."""
    return snippet_for_terms(text, language, analyse_query(query), width)


def snippet_for_terms(
    text: str, language: str, terms: Iterable[str], width: int = SNIPPET_CHARS
) -> Snippet:
    """`make_snippet` for a question already analysed into tagged terms."""
    text = unicodedata.normalize("NFC", text).strip()
    spans, words, starts = _read(text, language, frozenset(terms))
    if len(text) <= width:
        start, end = 0, len(text)
    else:
        start = best_start(text, width, spans, words, starts)
        if start + width > len(text):
            # The window reaches the end: spend the room left on what comes before.
            start = min([s for s in starts if len(text) - width <= s <= start] or [start])
        end = best_end(text, start, width, starts, spans)
    segments: list[Segment] = []
    if start > 0:
        segments.append(Segment(ELLIPSIS + (" " if start in starts else ""), False))
    position = start
    for s, e in spans:
        if s < start or e > end:
            continue
        if s > position:
            segments.append(Segment(text[position:s], False))
        segments.append(Segment(text[s:e], True))
        position = e
    if end > position:
        segments.append(Segment(text[position:end], False))
    if end < len(text):
        at_sentence_end = text[end - 1] in ".!?…»”\"')]"
        segments.append(Segment((" " if at_sentence_end else "") + ELLIPSIS, False))
    return Snippet(tuple(segments))
