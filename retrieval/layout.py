"""How the lines of a bulletin page are laid out: what each line is, before it becomes
part of an article. Pure functions over strings."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import Enum

from retrieval.analysis import fold_accents
from retrieval.dates import date_line, find_date, find_month
from retrieval.publications import publication_named
from retrieval.stopwords import ENGLISH, FRENCH

# No navigation line, header or dateline is longer than this; longer lines are text.
LONGEST_NOISE = 200
# Markup that leaked into text renderings: HTML tags ("<p>"), Markdown images ("![]()").
_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>|!\[[^\]]*\]\([^)]*\)")


class Kind(Enum):
    BLANK = "blank"
    NOISE = "noise"  # navigation, footers, markup: never a paragraph
    LABEL = "label"  # a sidebar section label: the link lines under it are noise too
    MORE = "more"  # a "Suite..." / "More..." link: noise, but it shows a list of items
    DATE = "date"  # a dateline
    HEADER = "header"  # "Updated: ... | NATO Update |"
    TEXT = "text"


@dataclass(frozen=True)
class Line:
    kind: Kind
    text: str
    date: dt.date | None = None


def _key(text: str) -> str:
    return " ".join(fold_accents(text).casefold().replace("’", "'").split())


# Sidebar section labels, in both languages. The lines under one are links, not body.
SECTION_LABELS = frozenset(
    _key(label)
    for label in (
        "News",
        "Nouvelles",
        "Background",
        "Historique",
        "Multimedia",
        "Multimédia",
        "Events",
        "Evénements",
        "Événements",
        "Links",
        "Liens",
        "Opinions",
        "Official texts",
        "Textes officiels",
        "PDF Library",
        "Bibliothèque PDF",
        "Related",
        "Voir aussi",
        "See also",
        "Speeches",
        "Discours",
        "Press releases",
        "Communiqués de presse",
        "Audio",
        "Video",
        "Vidéo",
        "Photos",
        "In depth",
        "En détail",
        "Dossiers",
        "External link",
        "External links",
        "Lien externe",
        "Liens externes",
    )
)
# Labels of the page itself: noise, but no links follow them.
PAGE_LABELS = frozenset(
    _key(label)
    for label in (
        "Header",
        "From the event",
        "Au cœur de l'événement",
        "Au coeur de l'evenement",
        "- French",
        "- English",
        "French",
        "English",
        "Français",
        "Press Release",
        "Communiqué de presse",
        "Communiqué",
        "NATO Update",
        "OTAN Hebdo",
        "Go to Homepage Go to Index",
        "Go to Homepage",
        "Go to Index",
        "Top of page",
        "Back to index",
        "Print",
        "Email",
        "Imprimer",
        "(begin text)",
        "(end text)",
        "Find a Security Clearance Job!",
        "Information supplémentaire :",
        "Further information:",
        "Information supplémentaire",
        "Further information",
        "Additional information:",
        "Additional information",
        "Key links",
        "Liens clés",
        "News release",
    )
)
_MORE = re.compile(r"^(?:suite|more|read more|lire la suite|full story)\b\W*(?:\(.*\))?\W*$")
_MARKUP_ONLY = re.compile(r"^[\s|!\[\]()•*·\-–—_=#>]*$")
_HEADER = re.compile(
    r"^(?:updated|last update|last updated|mise[- ]a[- ]jour|mis a jour)(?: le)?\s*:\s*"
    r"(?P<updated>\d{1,2}[- ](?:[a-z]+)\.?[- ]\d{4}(?:\s+\d\d?:\d\d)?)?\s*(?P<rest>.*)$"
)
_SIDEBAR_LINK = re.compile(r"^\d\d?/\d\d?/\d\d(?:\d\d)?\s*[-–]\s*\S+$")  # 05/04/04 - OTAN
_DATED_LINK = re.compile(r"^.{0,25}\b\d\d(?:\d\d)?\s*[-–]\s*(?:nato|otan)$")  # 3 June 2004 - NATO
# (.MP3/.985Kb), .wmv/2785kb, (MP3/2933kb)
_MEDIA = re.compile(
    r"\b(?:mp3|wmv|jpg|jpeg|gif|png|pdf|mov|avi|mp4|ram|rm|doc|zip)\s*/\s*\.?[\d.,]+\s*[km]b\b"
)
# (Photo), (Belga Photo), and captions led by a photo's id ("b040626a 26th June 2004 …")
_CAPTION = re.compile(r"^\(?(?:[\w-]+ )?photo\)?\)?$|^[a-z]\d{6}[a-z]?\s")
_MAIL_FOOTER = re.compile(r"^end of mail\b|^if you do not want to receive\b|^to unsubscribe\b")
_PRESS_BOILERPLATE = re.compile(
    r"^news and information are posted regularly\b|^for immediate release$|^download pdf$"
)
# Release numbers and mastheads of press releases: "2010-11-CA-167", "(2006)096".
_ISAF_MASTHEAD = re.compile(r"^isaf joint command\b.{0,60}$|^regional command \w+$")
_RELEASE_ID = re.compile(
    r"^(?:[a-z ]+ - [a-z]+ )?\d{4}-\d\d-[a-z]{1,3}-\d+\b.{0,40}$|^isaf joint command - afghanistan$"
)
# A place-and-date dateline: "KABUL, Afghanistan (Nov. 13, 2010)".
_PLACE_DATELINE = re.compile(r"^[^\W\d][\w .,'-]{1,40}\((?P<date>[^()]{6,30})\)$")
_LANGUAGE_LINK = re.compile(r"^-\s*[a-z]+$")  # "- Russian", a link to another language
_CONTACT = re.compile(
    r"^(?:tel|tél|tél\.|fax|telecopieur|télécopieur|e-?mail)\s*:|^[+\d()\s./-]{7,}$|"
    r"^\S+@\S+\.\S+|^b-1110 brussels|^https?://\S+$"
)
_RELEASE_NUMBER = re.compile(r"^\(\d{4}\)\s*\d+$")
# The mailing list's standing blurb about itself.
_BLURB = re.compile(r'^"?nato update"? provides\b')
# "NATO Update - 18-24 September 2006": the publication's own masthead.
_MASTHEAD = re.compile(r"^(?:nato update|otan hebdo)(?:\s*[-–|:].{0,40})?$")


def classify(raw: str, default_year: int | None = None) -> Line:
    """Say what one line of a page is."""
    text = _TAG.sub(" ", raw) if "<" in raw or "![" in raw else raw
    # Tabs, no-break and other odd spaces are not "printable": normalise only then.
    if "  " in text or not text.isprintable():
        text = " ".join(text.split())
    text = text.strip(" |").strip()
    if not text:
        return Line(Kind.BLANK, "")
    if len(text) > LONGEST_NOISE:
        return Line(Kind.TEXT, text)
    key = _key(text.strip("•· |"))
    if _MARKUP_ONLY.match(text):
        return Line(Kind.NOISE, text)
    if _HEADER.match(key):
        return Line(Kind.HEADER, text)
    date = date_line(text, default_year)
    if date:
        return Line(Kind.DATE, text, date)
    if key in SECTION_LABELS:
        return Line(Kind.LABEL, text)
    if _MORE.match(key):
        return Line(Kind.MORE, text)
    if (
        key in PAGE_LABELS
        or _SIDEBAR_LINK.match(key)
        or _DATED_LINK.match(key)
        or _CONTACT.match(key)
        or _RELEASE_NUMBER.match(key)
        or _BLURB.match(key)
        or _MASTHEAD.match(key)
        or _CAPTION.match(key)
        or _MAIL_FOOTER.match(key)
        or _PRESS_BOILERPLATE.match(key)
        or _LANGUAGE_LINK.match(key)
        or _RELEASE_ID.match(key)
        or _ISAF_MASTHEAD.match(key)
        or _is_place_dateline(key)
        or (key.startswith("back to ") and len(key) < 40)
        or _MEDIA.search(key)
    ):
        return Line(Kind.NOISE, text)
    return Line(Kind.TEXT, text)


def _is_place_dateline(key: str) -> bool:
    match = _PLACE_DATELINE.match(key)
    return bool(match and find_date(match["date"]))


@dataclass(frozen=True)
class Header:
    """What a page's "Updated:" line says."""

    updated: dt.date | None
    period: dt.date | None  # the week or month the page covers
    publication: str | None
    period_is_month: bool = False  # the period names a month only ("June 2003")


def read_header(text: str) -> Header:
    """Split "Updated: 11-Jan-2002 Week of 20-26 January 1999" into its parts."""
    match = _HEADER.match(_key(text.strip("•· |")))
    if not match:
        return Header(None, None, None)
    updated = find_date(match["updated"]) if match["updated"] else None
    rest = match["rest"].replace("|", " ")
    period = find_date(rest)
    if period is None and updated:
        # "Week of 8-14 April": the year is the update's.
        period = find_date(rest, updated.year)
    month = find_month(rest) if period is None else None
    named = publication_named(rest)
    return Header(updated, period or month, named, period_is_month=month is not None)


_TERMINAL = ".!?;:…»\"”)'"
# Hard-wrapped renderings cut lines at 60-90 characters; longer lines are whole paragraphs.
WRAP_MIN = 40
WRAP_MAX = 100
# Words no sentence or heading ends on: articles, prepositions, conjunctions.
_JOIN_WORDS = (
    ENGLISH
    | FRENCH
    | frozenset(
        """entre vers chez contre après avant depuis pendant selon comme dont sous sans envers
    malgré parmi lors afin ainsi and or of the to from with without into onto upon
    between among against toward towards via per""".split()
    )
) - {"i", "a"}


def ends_sentence(text: str) -> bool:
    return text.rstrip()[-1:] in _TERMINAL


def continues(
    previous: str, following: str, wrapped_page: bool = False, last_line: str | None = None
) -> bool:
    """Whether `following` continues `previous` after a hard line wrap.

    A line goes on from the one above when it starts in lower case, or when the line
    above stops on a comma or a function word ("the", "de la"), which no sentence ends on.
    `last_line` is the last source line of `previous` when that is already joined: the
    width of a wrapped page is judged on it.
    """
    first = following.lstrip()[:1]
    stripped = previous.rstrip()
    if first.islower() or (first == "(" and not ends_sentence(stripped)):
        return True
    if stripped.endswith(","):
        return True
    last = stripped.split()[-1].casefold() if stripped.split() else ""
    if last in _JOIN_WORDS and len(stripped) > 15:
        return True
    # Two lines of about a printed line's width, the first not ending a sentence: one
    # paragraph wrapped at a fixed width. A heading over a one-line paragraph is not.
    width = len((last_line if last_line is not None else stripped).rstrip())
    return (
        wrapped_page
        and not ends_sentence(stripped)
        and WRAP_MIN <= width <= WRAP_MAX
        and len(following) <= WRAP_MAX
    )


# A page is hard-wrapped when at least this share of its text lines stop mid-sentence at
# about a printed line's width.
WRAPPED_SHARE = 0.3


def is_hard_wrapped(texts: list[str]) -> bool:
    """Whether a page's text lines were cut at a fixed width."""
    cut = sum(1 for t in texts if WRAP_MIN <= len(t) <= WRAP_MAX and not ends_sentence(t))
    return len(texts) >= 4 and cut >= WRAPPED_SHARE * len(texts)


def words(text: str) -> int:
    """How many words a line holds (lines are whitespace-normalised by `classify`)."""
    return text.count(" ") + 1 if text else 0


# The longest headings and link titles of the archive run to about twenty words.
TITLE_MAX_WORDS = 22
_OPENING_QUOTES = "«\"“'"
_CLOSING_QUOTES = "»\"”'"


def looks_like_title(text: str) -> bool:
    """A heading: a short line that does not end like a sentence."""
    n = words(text)
    if n == 0 or n > TITLE_MAX_WORDS or text[:1].islower():
        return False
    end = text.rstrip()[-1:]
    if end in ".;:,…":
        return False
    if text[:1] in _OPENING_QUOTES and end not in _CLOSING_QUOTES:
        return False  # a quotation cut short, not a heading
    last = text.rsplit(None, 1)[-1]
    if last.islower() and last in _JOIN_WORDS:
        return False  # headings do not stop on "the", "de", "que"
    return not (end in "?!" and n > 14)


def looks_like_body(text: str) -> bool:
    """Running text: a sentence of some length, or a line longer than any heading."""
    return (ends_sentence(text) and words(text) >= 12) or words(text) > TITLE_MAX_WORDS
