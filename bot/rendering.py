"""Hits, listings and reports to Telegram HTML: pure functions of their data.

Everything that comes from the archive or from a user is escaped here, and each message
is fitted under Telegram's 4096-character limit by shortening what is long (snippets,
titles) rather than by cutting the markup. `plain_text` turns the same HTML into the
terminal chat's text, so both faces say the same thing.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable, Sequence
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlparse

from bot.phrases import MONTHS, phrase
from bot.reloading import ReloadOutcome
from retrieval.publications import is_address
from retrieval.search import Hit, Results
from retrieval.snippets import SNIPPET_CHARS, Snippet, snippet_for_terms

# Telegram's limit on a message's text, in UTF-16 code units.
MESSAGE_LIMIT = 4096
# A title longer than about two phone lines says no more; shown this long at most.
TITLE_CHARS = 160
# The question quoted back in a header: enough to recognise it.
QUERY_SHOWN_CHARS = 80
# A passage that does not fit its share of a message is shown with ever shorter snippets,
# down to the last of these widths, and then with a shorter title and no link.
SNIPPET_WIDTHS = (SNIPPET_CHARS, 200, 120, 60)
# An inline result's description is the grey line under its title: two lines' worth.
DESCRIPTION_CHARS = 120
# Skipped files listed in a reload report, at most; the rest are counted.
SKIPPED_SHOWN = 30
SEPARATOR = "\n\n"


def escape(text: str) -> str:
    """Text made safe for Telegram HTML: <, > and & become entities."""
    return html.escape(text, quote=False)


def length(text: str) -> int:
    """A text's length as Telegram counts it (UTF-16 code units)."""
    return len(text.encode("utf-16-le")) // 2


def shorten(text: str, limit: int) -> str:
    """`text` cut at a word boundary to at most `limit` characters, with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:-–—") + "…"


def format_date(iso: str | None, language: str) -> str:
    """ "2004-04-07" -> "7 April 2004" or "7 avril 2004" ("1er" for the French first)."""
    if not iso:
        return phrase("undated", language)
    try:
        date = dt.date.fromisoformat(iso[:10])
    except ValueError:
        return iso
    day = "1er" if language == "fr" and date.day == 1 else str(date.day)
    return f"{day} {MONTHS[language][date.month - 1]} {date.year}"


def source_html(source: str, with_link: bool = True) -> str:
    """A web source as a link named by its host; any other source as plain text."""
    if is_address(source):
        host = urlparse(source.strip()).netloc.removeprefix("www.")
        if with_link:
            return f'<a href="{html.escape(source.strip(), quote=True)}">{escape(host)}</a>'
        return escape(host)
    return escape(source)


def snippet_html(snippet: Snippet) -> str:
    """A snippet with its matched words in bold."""
    return "".join(
        f"<b>{escape(segment.text)}</b>" if segment.is_match else escape(segment.text)
        for segment in snippet.segments
    )


def passage_html(
    hit: Hit,
    terms: Sequence[str],
    language: str,
    budget: int = MESSAGE_LIMIT,
    number: int | None = None,
) -> str:
    """One passage: bold title, then date · publication · source, then the snippet.
    Shortened until it fits in `budget` characters."""
    candidates = [(width, TITLE_CHARS, True) for width in SNIPPET_WIDTHS]
    candidates.append((SNIPPET_WIDTHS[-1], TITLE_CHARS // 2, False))
    text = ""
    for width, title_chars, with_link in candidates:
        title = escape(shorten(hit.title, title_chars))
        heading = f"<b>{number}. {title}</b>" if number is not None else f"<b>{title}</b>"
        details = " · ".join(
            [
                escape(format_date(hit.date, language)),
                escape(shorten(hit.publication, TITLE_CHARS // 2)),
                source_html(hit.source, with_link),
            ]
        )
        snippet = snippet_html(snippet_for_terms(hit.text, hit.language, terms, width))
        text = f"{heading}\n{details}\n{snippet}"
        if length(text) <= budget:
            return text
    return text


def quoted_query(query: str) -> str:
    return escape(shorten(query, QUERY_SHOWN_CHARS))


def results_html(results: Results, language: str, offset: int) -> str:
    """A page of passages under a header saying which ones they are."""
    if not results.hits:
        key = "no_more" if offset else "no_match"
        return phrase(key, language, query=quoted_query(results.query))
    header = phrase(
        "results_header" if len(results.hits) > 1 else "results_header_one",
        language,
        first=offset + 1,
        last=offset + len(results.hits),
        query=quoted_query(results.query),
        total=results.total,
    )
    room = MESSAGE_LIMIT - length(header) - len(SEPARATOR) * len(results.hits)
    budget = room // len(results.hits)
    passages = [
        passage_html(hit, results.terms, language, budget, number=offset + i + 1)
        for i, hit in enumerate(results.hits)
    ]
    return fit_blocks(header, passages)


def fit_blocks(
    header: str, blocks: Sequence[str], limit: int = MESSAGE_LIMIT, separator: str = SEPARATOR
) -> str:
    """`header` and as many whole `blocks` as fit in `limit`, `separator` apart (a blank
    line unless told)."""
    text = header
    for block in blocks:
        candidate = f"{text}{separator}{block}" if text else block
        if length(candidate) > limit:
            break
        text = candidate
    return text


def help_html(language: str, username: str, is_admin: bool) -> str:
    text = phrase("help", language, username=escape(username))
    return text + (phrase("help_admin", language) if is_admin else "")


def latest_html(articles: Sequence[dict[str, Any]], language: str) -> str:
    """The newest articles: date, bold title, then publication and source."""
    if not articles:
        return phrase("latest_empty", language)
    blocks = [
        f"{escape(format_date(a['date'], language))} · <b>{escape(shorten(a['title'], TITLE_CHARS))}</b>\n"
        f"{escape(shorten(a['publication'], TITLE_CHARS // 2))} · {source_html(a['source'])}"
        for a in articles
    ]
    key = "latest_header" if len(articles) > 1 else "latest_header_one"
    return fit_blocks(phrase(key, language, count=len(articles)), blocks)


def stats_html(numbers: dict[str, Any], language: str) -> str:
    """The archive's counts, languages, publications and date range."""
    lines = [
        phrase(
            "stats",
            language,
            documents=numbers["documents"],
            articles=numbers["articles"],
            paragraphs=numbers["paragraphs"],
            first=escape(format_date(numbers["first_date"], language)),
            last=escape(format_date(numbers["last_date"], language)),
        )
    ]
    for key in ("languages", "publications"):
        counts = ", ".join(
            f"{escape(shorten(str(name), TITLE_CHARS // 2))}: {count}"
            for name, count in numbers[key].items()
        )
        lines.append(f"{phrase(key, language)}: {counts}")
    return fit_lines(lines)


def fit_lines(lines: Sequence[str], limit: int = MESSAGE_LIMIT) -> str:
    """As many whole lines as fit in `limit`."""
    return fit_blocks("", lines, limit, separator="\n")


def reload_html(outcome: ReloadOutcome, language: str) -> str:
    """An admin's reload report: counts, skipped files with reasons, and duration."""
    seconds = f"{outcome.seconds:.1f}"
    report = outcome.report
    if outcome.error is not None or report is None:
        return phrase("reload_failed", language, reason=escape(outcome.error or "?"))
    if report.documents == 0:
        summary = phrase(
            "reload_empty",
            language,
            folder=escape(str(outcome.folder)),
            files=report.files,
            seconds=seconds,
        )
    else:
        summary = phrase(
            "reloaded",
            language,
            seconds=seconds,
            files=report.files,
            documents=report.documents,
            written=report.written,
            articles=report.articles,
            paragraphs=report.paragraphs,
            unchanged=report.unchanged,
            removed=report.removed,
        )
    if not report.rejections:
        return summary
    skipped = [
        f"• {escape(shorten(r.origin, TITLE_CHARS))}: {escape(shorten(r.reason, TITLE_CHARS))}"
        for r in report.rejections
    ]
    shown = skipped[:SKIPPED_SHOWN]
    while True:
        left = len(skipped) - len(shown)
        tail = [phrase("and_more", language, count=left)] if left else []
        text = "\n".join(
            [summary, "", phrase("skipped", language, count=len(skipped)), *shown, *tail]
        )
        if length(text) <= MESSAGE_LIMIT or not shown:
            return text
        shown = shown[:-1]


class _PlainText(HTMLParser):
    def __init__(self, bold: Callable[[str], str]) -> None:
        super().__init__(convert_charrefs=True)
        self.bold = bold
        self.parts: list[str] = []
        self._bold_from: int | None = None
        self._link: str | None = None
        self._link_from = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("b", "strong"):
            self._bold_from = len(self.parts)
        elif tag == "a":
            self._link = dict(attrs).get("href")
            self._link_from = len(self.parts)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("b", "strong") and self._bold_from is not None:
            inner = "".join(self.parts[self._bold_from :])
            del self.parts[self._bold_from :]
            self.parts.append(self.bold(inner))
            self._bold_from = None
        elif tag == "a" and self._link:
            label = "".join(self.parts[self._link_from :])
            if self._link != label:
                self.parts.append(f" <{self._link}>")
            self._link = None

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def plain_text(markup: str, bold: Callable[[str], str] = lambda text: text) -> str:
    """Telegram HTML as plain text: tags dropped (bold passed through `bold`), entities
    read, and each link followed by its address."""
    parser = _PlainText(bold)
    parser.feed(markup)
    parser.close()
    return "".join(parser.parts)


def description_text(hit: Hit, terms: Sequence[str]) -> str:
    """An inline result's grey line: the start of its snippet, as plain text."""
    return snippet_for_terms(hit.text, hit.language, terms, DESCRIPTION_CHARS).text
