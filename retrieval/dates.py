"""Dates as the bulletins write them, in French and English.

Hand-written rather than `dateparser`: the bulletins write ranges ("7-8 avr. 2004",
"Semaine du 27 janvier - 2 février 1999") whose first day is the date of the news, and
month names cut at any length ("Sept", "fév.", "juil."), which a general parser misreads.
"""

from __future__ import annotations

import datetime as dt
import re

from retrieval.analysis import fold_accents

_MONTHS = {
    1: "january jan janvier janv",
    2: "february feb fevrier fevr fev",
    3: "march mar mars",
    4: "april apr avril avr",
    5: "may mai",
    6: "june jun juin",
    7: "july jul juillet juil",
    8: "august aug aout",
    9: "september sept sep septembre",
    10: "october oct octobre",
    11: "november nov novembre",
    12: "december dec decembre",
}
MONTH_NUMBER = {name: number for number, names in _MONTHS.items() for name in names.split()}
_MONTH = r"(?P<{0}>" + "|".join(sorted(MONTH_NUMBER, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<{0}>[0-3]?\d)(?:er|st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_SEP = r"\s*[-–/]\s*"

_PATTERNS = [
    # 16-Apr-2004 11:04
    re.compile(rf"\b{_DAY.format('day')}-{_MONTH.format('month')}-{_YEAR}\b"),
    # 27 janvier - 2 février 1999, 28 May - 3 June 2001
    re.compile(
        rf"\b{_DAY.format('day')}\s+{_MONTH.format('month')}{_SEP}"
        rf"{_DAY.format('day2')}\s+{_MONTH.format('month2')},?\s+{_YEAR}\b"
    ),
    # 7-8 avr. 2004, 29-30 oct 2003, 4 Sept 2003, 31 juillet 2006, 1er juin 2007
    re.compile(
        rf"\b{_DAY.format('day')}(?:{_SEP}{_DAY.format('day2')})?\s+{_MONTH.format('month')},?\s+{_YEAR}\b"
    ),
    # Jan. 25, 2013; April 7-8, 2004
    re.compile(
        rf"\b{_MONTH.format('month')}\s+{_DAY.format('day')}(?:{_SEP}{_DAY.format('day2')})?,?\s+{_YEAR}\b"
    ),
    # 2013-01-24
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<monthnum>[01]\d)-(?P<day>[0-3]\d)\b"),
]
# A day and month with no year ("20 June"); the year comes from elsewhere on the page.
_YEARLESS = re.compile(
    rf"\b{_DAY.format('day')}(?:{_SEP}{_DAY.format('day2')})?\s+{_MONTH.format('month')}(?!\w)"
)
_MONTH_YEAR = re.compile(rf"\b{_MONTH.format('month')}\s+{_YEAR}\b")


def _key(text: str) -> str:
    return fold_accents(text).casefold()


def _make(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _from_match(match: re.Match[str]) -> dt.date | None:
    groups = match.groupdict()
    year = int(groups["year"])
    month = int(groups["monthnum"]) if groups.get("monthnum") else MONTH_NUMBER[groups["month"]]
    if groups.get("month2") and MONTH_NUMBER[groups["month2"]] < month:
        year -= 1  # "29 December - 4 January 2000" starts in the year before.
    return _make(year, month, int(groups["day"]))


def find_date(text: str, default_year: int | None = None) -> dt.date | None:
    """The first full date written in `text`, or None.

    With `default_year`, a day and month alone ("20 June") count too.
    """
    key = _key(text)
    found: list[tuple[int, dt.date]] = []
    for pattern in _PATTERNS:
        for match in pattern.finditer(key):
            date = _from_match(match)
            if date:
                found.append((match.start(), date))
                break
    if not found and default_year:
        yearless = _YEARLESS.search(key)
        if yearless:
            date = _make(default_year, MONTH_NUMBER[yearless["month"]], int(yearless["day"]))
            if date:
                found.append((yearless.start(), date))
    return min(found)[1] if found else None


def find_month(text: str) -> dt.date | None:
    """A month and year ("June 2003", "décembre 2002") as its first day, or None."""
    match = _MONTH_YEAR.search(_key(text))
    return _make(int(match["year"]), MONTH_NUMBER[match["month"]], 1) if match else None


_DATE_LINE_REST = re.compile(r"^[\W\d_]*$")
_WEEKDAYS = re.compile(
    r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\b,?"
)


def date_line(line: str, default_year: int | None = None) -> dt.date | None:
    """The date when `line` is nothing but a date (a dateline), else None.

    "7-8 avr. 2004" and "30 Jun. 2008 - 30 Jun. 2008" are datelines; a sentence that
    mentions a date is not.
    """
    stripped = line.strip(" •\t|")
    if not stripped or len(stripped) > 60:
        return None
    key = _WEEKDAYS.sub(" ", _key(stripped))
    if not key or len(key) > 40:
        return None
    date = find_date(key, default_year)
    if not date:
        return None
    rest = key
    for pattern in [*_PATTERNS, _YEARLESS]:
        rest = pattern.sub(" ", rest)
    rest = re.sub(r"\b\d\d?:\d\d\b", " ", rest)
    return date if _DATE_LINE_REST.match(rest) else None


# Addresses that carry a date: .../2005/06-june/f0609a.htm, .../1999/0120e.htm,
# .../2000/0308/eng.htm, ...&id=20060922160509, .../2004/04/...
_ADDRESS_PATTERNS = [
    re.compile(r"/(?P<year>(?:19|20)\d\d)/\d\d-[a-z]+/[ef](?P<month>\d\d)(?P<day>\d\d)[a-z]?\."),
    re.compile(r"/(?P<year>(?:19|20)\d\d)/\d{4}/[ef](?P<month>\d\d)(?P<day>\d\d)[a-z]?\."),
    re.compile(r"/(?P<year>(?:19|20)\d\d)/(?P<month>\d\d)(?P<day>\d\d)(?:[ef]?\.|/)"),
    re.compile(r"[?&]id=(?P<year>(?:19|20)\d\d)(?P<month>\d\d)(?P<day>\d\d)"),
    re.compile(r"/(?P<year>(?:19|20)\d\d)/(?P<month>\d\d)(?:-[a-z]+)?/"),
]


def address_day(address: str) -> dt.date | None:
    """A date to the day read from a page's address, or None (a month alone is not one)."""
    for pattern in _ADDRESS_PATTERNS:
        match = pattern.search(address)
        if match and match.groupdict().get("day"):
            return _make(int(match["year"]), int(match["month"]), int(match["day"]))
    return None


def address_date(address: str) -> dt.date | None:
    """A date read from a page's address, or None."""
    for pattern in _ADDRESS_PATTERNS:
        match = pattern.search(address)
        if match:
            groups = match.groupdict()
            date = _make(int(groups["year"]), int(groups["month"]), int(groups.get("day") or 1))
            if date:
                return date
    return None
