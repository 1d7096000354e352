"""Files to documents: text pages, HTML pages and JSONL records. Bad input becomes a
rejection with a reason; it never stops the run."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from pathlib import Path

from retrieval.dates import find_date
from retrieval.fingerprints import content_hash
from retrieval.language import LANGUAGES, detect_language
from retrieval.pages import derived_title, paragraphs_of_text, parse_page
from retrieval.publications import DEFAULT, is_address
from retrieval.records import Article, Document, ParsedFile, Rejection

TEXT_SUFFIXES = frozenset({".txt"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
JSONL_SUFFIXES = frozenset({".jsonl"})
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES
# Elements whose text stands on lines of its own.
_BLOCKS = (
    "p",
    "div",
    "br",
    "li",
    "tr",
    "td",
    "th",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "section",
    "article",
    "header",
    "footer",
    "blockquote",
    "pre",
    "table",
    "ul",
    "ol",
    "dd",
    "dt",
    "hr",
    "title",
)
_INVISIBLE = ("script", "style", "noscript", "template", "head", "nav", "aside", "footer", "form")
_SPACES = re.compile(r"\s+")


Unchanged = Callable[[str, str], bool]


class Undecodable(ValueError):
    pass


def decode(data: bytes) -> str:
    """UTF-8, else cp1252 (the archive's older pages); binary data is refused."""
    if b"\x00" in data[:8192]:
        raise Undecodable("binary file (NUL bytes), not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError as error:
            raise Undecodable(f"neither UTF-8 nor cp1252 text ({error.reason})") from error


def _document(source: str, origin: str, articles: list[Article], data: bytes) -> Document:
    return Document(source, origin, tuple(articles), content_hash(data))


def load_text_page(data: bytes, origin: str, text: str | None = None) -> ParsedFile:
    """A page as text: `data` decoded, unless `text` gives it already (HTML made text).
    The document's content hash is always that of `data`, the file's own bytes."""
    source, articles = parse_page(decode(data) if text is None else text, origin)
    if not articles:
        return ParsedFile(rejections=[Rejection(origin, "no article text found")])
    return ParsedFile(documents=[_document(source, origin, articles, data)])


def html_to_text(markup: str) -> tuple[str | None, str]:
    """An HTML page's own address (canonical link or og:url), and its visible text with
    one line per block element. Navigation (`nav`, `aside`, `footer`) is left out; the
    `<title>` leads when the page has no heading of its own."""
    # Imported here: BeautifulSoup costs a sixth of a second to import, and most runs
    # read no HTML.
    from bs4 import BeautifulSoup
    from bs4.element import PreformattedString

    soup = BeautifulSoup(markup, "html.parser")
    address = None
    canonical = soup.find("link", rel="canonical")
    og_url = soup.find("meta", property="og:url")
    for tag, attribute in ((canonical, "href"), (og_url, "content")):
        value = tag.get(attribute) if tag is not None else None
        if isinstance(value, str) and is_address(value):
            address = value.strip()
            break
    title = soup.title.get_text(" ", strip=True) if soup.title else ""
    has_heading = soup.find(["h1", "h2"]) is not None
    for tag in soup(_INVISIBLE):
        tag.decompose()
    # Source line breaks inside a paragraph are only spacing: collapse them first, then
    # let block elements alone make lines.
    for text in soup.find_all(string=True):
        if isinstance(text, PreformattedString):  # doctype, comments, CDATA
            text.extract()
        elif text.find_parent("pre") is None:
            text.replace_with(_SPACES.sub(" ", str(text)))
    for tag in soup.find_all(_BLOCKS):
        tag.insert_before("\n")
        tag.insert_after("\n")
    lines = [" ".join(line.split()) for line in soup.get_text().splitlines()]
    if title and not has_heading:
        lines.insert(0, title)
    return address, "\n".join(lines)


def load_html_page(data: bytes, origin: str) -> ParsedFile:
    address, text = html_to_text(decode(data))
    if address:
        text = f"{address}\n{text}"
    return load_text_page(data, origin, text)


def _record_date(value: object) -> dt.date | None:
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        return dt.date.fromisoformat(value.strip()[:10])
    except ValueError:
        return find_date(value)


def _optional_text(record: dict[str, object], key: str) -> str | None:
    value = record.get(key)
    return value.strip() if isinstance(value, str) and value.strip() else None


def record_article(record: dict[str, object]) -> Article:
    """One JSONL record as an article. Raises ValueError on a record with no text."""
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ValueError("no 'text' field, or it is empty")
    paragraphs = paragraphs_of_text(text)
    title = _optional_text(record, "title")
    if title and paragraphs and paragraphs[0].text == title:
        paragraphs = paragraphs[1:]  # the headline repeated as the first line
    if not paragraphs:
        raise ValueError("its 'text' holds no paragraph once navigation noise is removed")
    language = _optional_text(record, "language")
    if language not in LANGUAGES:
        language = detect_language(" ".join(p.text for p in paragraphs))
    return Article(
        title=title or derived_title(paragraphs),
        date=_record_date(record.get("date")),
        language=language,
        publication=_optional_text(record, "publication") or DEFAULT[language],
        paragraphs=paragraphs,
    )


def _never(origin: str, digest: str) -> bool:
    return False


def load_jsonl(data: bytes, origin: str, unchanged: Unchanged = _never) -> ParsedFile:
    """One document per line. Lines end at "\\n" only: records may hold U+2028."""
    if b"\x00" in data[:8192]:
        raise Undecodable("binary file (NUL bytes), not text")
    parsed = ParsedFile()
    for number, raw in enumerate(data.split(b"\n"), start=1):
        if not raw.strip():
            continue
        where = f"{origin}:{number}"
        if unchanged(where, content_hash(raw)):
            parsed.unchanged.append(where)
            continue
        try:
            record = json.loads(decode(raw))
            if not isinstance(record, dict):
                raise ValueError("the line is JSON but not an object")
            article = record_article(record)
        except (ValueError, Undecodable) as error:
            reason = (
                f"invalid JSON ({error.msg})"
                if isinstance(error, json.JSONDecodeError)
                else str(error)
            )
            parsed.rejections.append(Rejection(where, reason))
            continue
        url = _optional_text(record, "url")
        parsed.documents.append(_document(url or where, where, [article], raw))
    if not parsed.documents and not parsed.rejections and not parsed.unchanged:
        parsed.rejections.append(Rejection(origin, "empty file"))
    return parsed


def load_file(path: Path, origin: str, unchanged: Unchanged = _never) -> ParsedFile:
    """Read one file of any supported kind. Never raises for bad content.

    `unchanged(origin, content_hash)` says whether that content is stored already; such
    a file (or JSONL record) is not parsed again.
    """
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        return ParsedFile(
            rejections=[Rejection(origin, f"unsupported file type '{suffix or path.name}'")]
        )
    try:
        data = path.read_bytes()
    except OSError as error:
        return ParsedFile(rejections=[Rejection(origin, f"cannot be read ({error.strerror})")])
    if not data.strip():
        return ParsedFile(rejections=[Rejection(origin, "empty file")])
    try:
        if suffix in JSONL_SUFFIXES:
            return load_jsonl(data, origin, unchanged)
        if unchanged(origin, content_hash(data)):
            return ParsedFile(unchanged=[origin])
        if suffix in HTML_SUFFIXES:
            return load_html_page(data, origin)
        return load_text_page(data, origin)
    except Undecodable as error:
        return ParsedFile(rejections=[Rejection(origin, str(error))])
