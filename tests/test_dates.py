"""Dates as the bulletins write them, in French and English."""

from __future__ import annotations

import datetime as dt

import pytest

from retrieval.dates import address_date, date_line, find_date, find_month

D = dt.date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The examples: a range gives its first day, the date of the news.
        ("7-8 avr. 2004", D(2004, 4, 7)),
        ("4 Sept 2003", D(2003, 9, 4)),
        ("29-30 oct 2003", D(2003, 10, 29)),
        ("18 fév. 2008", D(2008, 2, 18)),
        ("16-Apr-2004 11:04", D(2004, 4, 16)),
        ("Semaine du 27 janvier - 2 février 1999", D(1999, 1, 27)),
        # Datelines of the weekly pages.
        ("28 jan. 1999", D(1999, 1, 28)),
        ("13 Sep. 2000", D(2000, 9, 13)),
        ("Week of 28 May - 3 June 2001", D(2001, 5, 28)),
        # A week across the new year starts in the year before.
        ("29 December - 4 January 2000", D(1999, 12, 29)),
        ("1er juin 2007", D(2007, 6, 1)),
        ("12 août 2005", D(2005, 8, 12)),
        ("1st July 2008", D(2008, 7, 1)),
        ("18 FÉV 2008", D(2008, 2, 18)),
        ("18 fev. 2008", D(2008, 2, 18)),
        # ISAF press releases.
        ("KABUL, Afghanistan (Jan. 25, 2013)", D(2013, 1, 25)),
        ("April 7-8, 2004", D(2004, 4, 7)),
        ("2013-01-24", D(2013, 1, 24)),
    ],
)
def test_find_date_reads_french_and_english_dates(text: str, expected: dt.date) -> None:
    assert find_date(text) == expected


@pytest.mark.parametrize("text", ["31 février 2004", "no date here", "2004", "le 3 novembre"])
def test_find_date_refuses_what_is_not_a_full_date(text: str) -> None:
    assert find_date(text) is None


def test_a_day_and_month_alone_take_the_year_given() -> None:
    assert find_date("le 3 novembre", default_year=2003) == D(2003, 11, 3)
    assert find_date("20 June", default_year=2002) == D(2002, 6, 20)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("7-8 avr. 2004", D(2004, 4, 7)),
        ("  • 30 Jun. 2008 - 30 Jun. 2008", D(2008, 6, 30)),
        ("Monday, 3 June 2004", D(2004, 6, 3)),
        ("11-13 Nov. 2003", D(2003, 11, 11)),
        ("16-Apr-2004 11:04", D(2004, 4, 16)),
    ],
)
def test_a_line_that_is_only_a_date_is_a_dateline(line: str, expected: dt.date) -> None:
    assert date_line(line) == expected


@pytest.mark.parametrize(
    "line",
    [
        "On 25 January, a major international conference took place in Rome in 1999.",
        "Lord Robertson in Turkey 2000",
        "The Secretary General met President Bush on 12 November 2003 at the White House.",
        "",
    ],
)
def test_a_sentence_that_mentions_a_date_is_not_a_dateline(line: str) -> None:
    assert date_line(line) is None


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ("https://www.nato.int/docu/update/2005/06-june/f0609a.htm", D(2005, 6, 9)),
        ("https://www.nato.int/docu/update/2007/03-march/f0302a.html", D(2007, 3, 2)),
        ("https://www.nato.int/docu/update/1999/0120e.htm", D(1999, 1, 20)),
        ("http://nato.int/docu/update/2000/0308/eng.htm", D(2000, 3, 8)),
        ("https://www.nato.int/docu/update/2001/0528/e0529a.htm", D(2001, 5, 29)),
        (
            "https://aus-city.com/cgi-bin/dada/mail.cgi?flavor=archive_bare"
            "&id=20060922160509&list=MILITARY_REPORTS",
            D(2006, 9, 22),
        ),
    ],
)
def test_a_date_is_read_from_a_page_address(address: str, expected: dt.date) -> None:
    assert address_date(address) == expected


def test_an_address_without_a_date_gives_none() -> None:
    assert (
        address_date("https://www.nato.int/cps/en/natohq/news_20025.htm?selectedLocale=fr") is None
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [("décembre 2002", D(2002, 12, 1)), ("June 2003", D(2003, 6, 1)), ("Juin 2003", D(2003, 6, 1))],
)
def test_a_month_header_gives_the_first_of_the_month(text: str, expected: dt.date) -> None:
    assert find_month(text) == expected


def test_find_month_without_a_month_gives_none() -> None:
    assert find_month("OTAN Hebdo") is None
