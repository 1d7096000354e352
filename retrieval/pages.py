"""Bulletin pages as text: from lines to a document of dated articles.

The layouts this handles are those of NATO Update / OTAN Hebdo across its eras: single
bulletins with a sidebar of links, the table rendering, weekly pages of dated items,
monthly index pages, mailing-list e-mails, press releases and later `cps` copies.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from retrieval.dates import address_date, address_day, find_date
from retrieval.language import detect_language
from retrieval.layout import (
    Header,
    Kind,
    Line,
    classify,
    continues,
    is_hard_wrapped,
    looks_like_body,
    looks_like_title,
    read_header,
    words,
)
from retrieval.publications import is_address, publication_for, publication_named
from retrieval.records import Article, Paragraph

# Lines read to tell a page's language when one of its articles does not tell its own.
PAGE_SAMPLE_LINES = 40
# A derived title (for an item that has none) is cut near this many characters: about
# one line of a phone screen.
DERIVED_TITLE_CHARS = 90
# An item with fewer words than this is a fragment (a cut-off page), not an article.
MIN_ARTICLE_WORDS = 5
# A heading-like line with no text under it and at most this many words is a link title
# or caption; a longer one is more likely a sentence cut short, and is kept.
ORPHAN_HEADING_WORDS = 12
# Lines this short that stand alone at the end of an item are leftovers ("Suite", captions).
LEFTOVER_WORDS = 3
# Addresses of pages that list several items: monthly indexes, weekly pages, e-mails.
_INDEX_ADDRESS = re.compile(
    r"/index(?:-[ef])?\.html?$|mail\.cgi|/\d{4}/\d{4}/(?:eng|fra)\.htm|/(?:19|20)\d\d/\d{4}[ef]\.htm"
)


@dataclass
class PageText:
    """A page's lines once noise is gone, with what its header said."""

    lines: list[Line]
    header: Header
    named_publication: str | None
    more_links: int


def _year_hint(address: str | None, raw_lines: list[str]) -> int | None:
    if address:
        date = address_date(address)
        if date:
            return date.year
        match = re.search(r"/((?:19|20)\d\d)/", address)
        if match:
            return int(match.group(1))
    for raw in raw_lines[:6]:
        header = read_header(raw)
        if header.updated:
            return (header.period or header.updated).year
    return None


def _joined(lines: list[Line], year: int | None) -> list[Line]:
    """Join hard-wrapped lines back into one line each, and say again what the whole is:
    "Communiqué" + "de presse" is a label, not text."""
    wrapped = is_hard_wrapped([line.text for line in lines if line.kind is Kind.TEXT])
    out: list[Line] = []
    last_physical = ""  # the last source line of out[-1]: wrapping is judged on it
    running = False  # out[-1] is already several lines joined: running text, no heading
    for line in lines:
        previous = out[-1] if out else None
        # The first line of a block may be a heading; only running text wraps by width.
        block_start = not running and (len(out) < 2 or out[-2].kind is not Kind.TEXT)
        if (
            line.kind is Kind.TEXT
            and previous is not None
            and previous.kind in (Kind.TEXT, Kind.NOISE)
            and continues(previous.text, line.text, wrapped and not block_start, last_physical)
        ):
            out[-1] = classify(f"{previous.text} {line.text}", year)
            running = True
        else:
            out.append(line)
            running = False
        last_physical = line.text
    return out


def _without_sidebars(lines: list[Line]) -> list[Line]:
    """Drop sidebar blocks: a section label and the link lines under it, up to the first
    line of running text (link lists hold blank lines, so those do not end one)."""
    out: list[Line] = []
    in_sidebar = False
    for line in lines:
        if line.kind is Kind.LABEL:
            in_sidebar = True
            continue
        if in_sidebar:
            if line.kind is Kind.TEXT and looks_like_body(line.text):
                in_sidebar = False
            else:
                continue
        out.append(line)
    return out


def read_page_text(raw_lines: list[str], address: str | None) -> PageText:
    """Classify, join and clean a page's lines."""
    year = _year_hint(address, raw_lines)
    classified = [classify(raw, year) for raw in raw_lines]
    header = Header(None, None, None)
    named = None
    for line in classified:
        if line.kind is Kind.HEADER and header.updated is None:
            header = read_header(line.text)
            named = named or header.publication
        elif line.kind in (Kind.NOISE, Kind.TEXT) and words(line.text) <= 8:
            named = named or publication_named(line.text.split(" - ")[0])
    more_links = sum(1 for line in classified if line.kind is Kind.MORE)
    lines = _without_sidebars(_joined(classified, year))
    kept = [line for line in lines if line.kind in (Kind.TEXT, Kind.DATE)]
    return PageText(kept, header, named, more_links)


@dataclass
class _Draft:
    date: dt.date | None = None
    title: str | None = None
    lines: list[str] = field(default_factory=list)


# A sentence ends at . ! or ? before a capital, but not after an initial or a title
# ("M. de Hoop Scheffer", "Lt. Gen.").
_SENTENCE_END = re.compile(
    r"(?<![A-Z])(?<!\bMr)(?<!\bDr)(?<!\bLt)(?<!\bGen)(?<!\bSt)[.!?]\s+(?=[A-Z«\"“])"
)


# A dateline leading a release's first sentence: "KABUL, Afghanistan (Oct. 24, 2012) — ".
_LEADING_DATELINE = re.compile(r"^[^\W\d][\w .,'-]{1,40}\([^()]{4,30}\)\s*[—–-]+\s*")


def _derived_title(text: str) -> str:
    """A title for an item published without one: its first sentence, dateline aside."""
    sentence = _SENTENCE_END.split(_LEADING_DATELINE.sub("", text), maxsplit=1)[0]
    if len(sentence) <= DERIVED_TITLE_CHARS:
        return sentence.rstrip(".")
    cut = sentence[:DERIVED_TITLE_CHARS].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"


def _paragraphs(lines: list[str]) -> tuple[Paragraph, ...]:
    """Body lines to paragraphs; a heading line is kept with the paragraph below it."""
    out: list[Paragraph] = []
    heading: str | None = None
    for i, text in enumerate(lines):
        following = lines[i + 1] if i + 1 < len(lines) else None
        if looks_like_title(text) and following is not None and not looks_like_title(following):
            heading = text
            continue
        # A heading with no text under it: a link title or caption left from the page's
        # navigation, not body text. Kept only if the item has nothing else.
        if (
            looks_like_title(text)
            and words(text) <= ORPHAN_HEADING_WORDS
            and (following is None or looks_like_title(following))
            and (out or any(not looks_like_title(line) for line in lines[i + 1 :]))
        ):
            continue
        if following is None and words(text) <= LEFTOVER_WORDS and out:
            continue
        if any(p.text == text for p in out):
            continue  # the lead repeated, as cps pages do
        out.append(Paragraph(text, heading))
        heading = None
    return tuple(out)


def _titled(draft: _Draft) -> _Draft:
    """Take the item's first line as its title when it reads like one."""
    if draft.title is None and len(draft.lines) > 1 and looks_like_title(draft.lines[0]):
        draft.title = draft.lines.pop(0)
    return draft


def _split_by_dates(lines: list[Line]) -> list[_Draft]:
    drafts: list[_Draft] = []
    for line in lines:
        if line.kind is Kind.DATE:
            drafts.append(_Draft(date=line.date))
        elif drafts:
            drafts[-1].lines.append(line.text)
    return drafts


def _split_by_titles(lines: list[Line]) -> list[_Draft]:
    """Items with no datelines: a new item starts at each title followed by running text."""
    texts = [line.text for line in lines if line.kind is Kind.TEXT]
    drafts: list[_Draft] = []
    run: list[str] = []  # consecutive title-like lines: a title, then captions
    for text in texts:
        if looks_like_title(text):
            run.append(text)
            continue
        if run:
            # A word or two alone is a title cut by a narrow column: "Kofi" / "Annan at NATO".
            title = " ".join(run[:2]) if len(run) > 1 and words(run[0]) <= 2 else run[0]
            drafts.append(_Draft(title=title))
            run = []
        if not drafts:
            drafts.append(_Draft())  # text before any title: an item of its own, not lost
        drafts[-1].lines.append(text)
    if len(run) > 1 and words(run[-1]) > ORPHAN_HEADING_WORDS:
        # The page ends on a title and a line too long for a caption: a cut-off item.
        drafts.append(_Draft(title=run[0], lines=run[1:]))
    return drafts


def _single(lines: list[Line]) -> list[_Draft]:
    draft = _Draft()
    for line in lines:
        if line.kind is Kind.DATE:
            if draft.date is None and not draft.lines:
                draft.date = line.date
            continue
        if draft.title is None and not draft.lines and looks_like_title(line.text):
            draft.title = line.text
            continue
        draft.lines.append(line.text)
    return [draft]


def _same_text(a: str, b: str) -> bool:
    return a.rstrip(" .").casefold() == b.rstrip(" .").casefold()


def _within_period(day: dt.date, start: dt.date, is_month: bool) -> bool:
    if is_month:
        return (day.year, day.month) == (start.year, start.month)
    return start <= day <= start + dt.timedelta(days=6)


def parse_page(text: str, fallback_source: str) -> tuple[str, list[Article]]:
    """Parse one bulletin page. Returns its source and its articles (maybe none)."""
    raw_lines = text.splitlines()
    address = raw_lines[0].strip() if raw_lines and is_address(raw_lines[0]) else None
    if address:
        raw_lines = raw_lines[1:]
    page = read_page_text(raw_lines, address)
    datelines = sum(1 for line in page.lines if line.kind is Kind.DATE)
    listing = bool(address and _INDEX_ADDRESS.search(address)) or page.more_links >= 2
    if datelines >= 2:
        drafts = [_titled(d) for d in _split_by_dates(page.lines)]
    elif listing:
        drafts = _split_by_titles(page.lines)
        page_date = next((line.date for line in page.lines if line.kind is Kind.DATE), None)
        for draft in drafts:
            draft.date = page_date
    else:
        drafts = _single(page.lines)

    from_address = address_date(address) if address else None
    header = page.header
    fallback_date = header.period or from_address
    # The header gives the week or month; the address often gives the day within it
    # (".../2002/01-january/f0131b.htm" in "Semaine du 28 janvier - 3 février 2002").
    day = address_day(address) if address else None
    if day and header.period and _within_period(day, header.period, header.period_is_month):
        fallback_date = day
    first_text = next((line.text for line in page.lines if line.kind is Kind.TEXT), "")
    fallback_date = fallback_date or find_date(first_text) or page.header.updated
    page_language = ""  # detected from the whole page only when an article is silent
    articles = []
    for draft in drafts:
        paragraphs = _paragraphs(draft.lines)
        if not paragraphs:
            if draft.title and looks_like_body(draft.title):
                paragraphs = (Paragraph(draft.title),)
            else:
                continue
        if sum(words(p.text) for p in paragraphs) < MIN_ARTICLE_WORDS:
            continue
        if draft.title:
            # The title repeated as the first line of the body is not a paragraph.
            paragraphs = tuple(p for p in paragraphs if not _same_text(p.text, draft.title))
            if not paragraphs:
                continue
        title = draft.title or derived_title(paragraphs)
        language = detect_language(" ".join([title, *(p.text for p in paragraphs)]), "")
        if not language:
            page_language = page_language or detect_language(
                " ".join(line.text for line in page.lines[:PAGE_SAMPLE_LINES])
            )
            language = page_language
        articles.append(
            Article(
                title=title,
                date=draft.date or fallback_date,
                language=language,
                publication=publication_for(page.named_publication, address, language),
                paragraphs=paragraphs,
            )
        )
    return address or fallback_source, articles


def paragraphs_of_text(text: str) -> tuple[Paragraph, ...]:
    """Paragraphs of a body given whole (a JSONL record's `text`), noise removed."""
    lines = read_page_text(text.splitlines(), None).lines
    return _paragraphs([line.text for line in lines if line.kind is Kind.TEXT])


def derived_title(paragraphs: tuple[Paragraph, ...]) -> str:
    """A title made from the first sentence, for items published without one."""
    return _derived_title(paragraphs[0].text) if paragraphs else ""
