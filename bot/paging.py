"""Pages of results behind the "More" button, in callback data of at most 64 bytes.

A short question travels inside the button itself, so its pages still work after a
restart. A longer one is kept in a bounded book and the button carries its key; once
the book has forgotten it, the button says the list has expired.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections import OrderedDict
from typing import NamedTuple

from bot.reloading import LiveArchive
from retrieval.search import Results

# Telegram refuses callback data longer than this many bytes.
CALLBACK_DATA_BYTES = 64
# Passages a page shows: three fit a phone screen with their titles and sources.
PAGE_SIZE = 3
# Long questions remembered for their buttons: a few hours of a busy bot's questions,
# a few megabytes at most.
BOOK_SIZE = 5000
# Pages past this offset are not offered: nobody reads that far, and it bounds the cost
# of a search (it fetches everything up to the page asked for).
MAX_OFFSET = 300
INLINE = "q"  # callback data "q|<offset>|<question>"
BOOKED = "k"  # callback data "k|<offset>|<key>"


class Page(NamedTuple):
    query: str
    offset: int


class QuestionBook:
    """Long questions by a short key, the least recently used forgotten first."""

    def __init__(self, size: int = BOOK_SIZE) -> None:
        self.size = size
        self._questions: OrderedDict[str, str] = OrderedDict()

    def key_for(self, query: str) -> str:
        key = hashlib.blake2b(query.encode(), digest_size=8).hexdigest()
        self._questions[key] = query
        self._questions.move_to_end(key)
        while len(self._questions) > self.size:
            self._questions.popitem(last=False)
        return key

    def question(self, key: str) -> str | None:
        query = self._questions.get(key)
        if query is not None:
            self._questions.move_to_end(key)
        return query


def callback_data(page: Page, book: QuestionBook) -> str:
    """The button data that leads to `page`: never more than 64 bytes."""
    data = f"{INLINE}|{page.offset}|{page.query}"
    if len(data.encode()) <= CALLBACK_DATA_BYTES:
        return data
    return f"{BOOKED}|{page.offset}|{book.key_for(page.query)}"


def page_of(data: str, book: QuestionBook) -> Page | None:
    """The page a button leads to, or None when its data is unknown or expired."""
    kind, _, rest = data.partition("|")
    offset_text, _, value = rest.partition("|")
    if not offset_text.isdigit() or not value or int(offset_text) > MAX_OFFSET:
        return None
    if kind == INLINE:
        return Page(value, int(offset_text))
    if kind == BOOKED:
        query = book.question(value)
        return Page(query, int(offset_text)) if query is not None else None
    return None


def fetch_page(archive: LiveArchive, page: Page) -> tuple[Results, bool]:
    """A page of results, and whether a next page may be offered. Blocking: run it in a
    worker thread. Raises EmptyQuery."""
    # One hit beyond the page tells whether there is a next one: the total counts
    # reposted duplicates, which search leaves out.
    results = archive.search(page.query, PAGE_SIZE + 1, page.offset)
    has_more = len(results.hits) > PAGE_SIZE and page.offset + PAGE_SIZE <= MAX_OFFSET
    return dataclasses.replace(results, hits=results.hits[:PAGE_SIZE]), has_more
