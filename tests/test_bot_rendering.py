from fake_bot_api import telegram_html_problems, visible_text

from bot.reloading import ReloadOutcome
from bot.rendering import (
    MESSAGE_LIMIT,
    format_date,
    latest_html,
    passage_html,
    plain_text,
    reload_html,
    results_html,
    shorten,
    source_html,
)
from retrieval.ingest import IngestReport
from retrieval.records import Rejection
from retrieval.search import Hit, Results


def hit(
    rank=1,
    text="The NATO summit met in Istanbul.",
    title="Summit",
    source="https://www.nato.int/s.htm",
    **fields,
):
    values = dict(
        rank=rank,
        score=1.0,
        text=text,
        title=title,
        date="2004-06-28",
        language="en",
        publication="NATO Update",
        source=source,
        heading=None,
        paragraph_id=rank,
    )
    return Hit(**{**values, **fields})


def test_dates_are_written_in_the_readers_language():
    assert format_date("2004-06-28", "en") == "28 June 2004"
    assert format_date("2004-06-28", "fr") == "28 juin 2004"
    assert format_date("2004-08-01", "fr") == "1er août 2004"
    assert format_date(None, "fr") == "sans date"
    assert format_date(None, "en") == "undated"
    assert format_date("sometime", "en") == "sometime"


def test_shorten_cuts_at_a_word_with_an_ellipsis():
    assert shorten("NATO and Russia sign agreements", 20) == "NATO and Russia…"
    assert shorten("short", 20) == "short"
    assert shorten("x" * 30, 10) == "x" * 9 + "…"


def test_a_web_source_is_a_link_named_by_its_host_and_a_file_is_text():
    assert source_html("https://www.nato.int/docu/a.htm?x=1&y=<2>") == (
        '<a href="https://www.nato.int/docu/a.htm?x=1&amp;y=&lt;2&gt;">nato.int</a>'
    )
    assert source_html("pages/a&b.txt") == "pages/a&amp;b.txt"


def test_a_passage_shows_title_date_publication_source_and_marked_snippet():
    assert passage_html(hit(), ("en:summit", "en:istanbul"), "en", number=4) == (
        "<b>4. Summit</b>\n"
        '28 June 2004 · NATO Update · <a href="https://www.nato.int/s.htm">nato.int</a>\n'
        "The NATO <b>summit</b> met in <b>Istanbul</b>."
    )


def test_a_passage_shrinks_to_its_budget_and_stays_valid():
    text = "R&D <x> & co. " * 400 + "summit"
    title = "<&>" * 200
    html = passage_html(hit(text=text, title=title), ("en:summit",), "en", budget=700)
    assert len(html) <= 700
    assert telegram_html_problems(html) == []


def test_a_results_page_of_worst_case_passages_fits_one_message():
    hits = tuple(
        hit(
            rank=i,
            text="&<>\"' summit " * 500,
            title="&" * 400,
            source="https://e.org/?" + "&" * 900,
            publication="<&>" * 50,
        )
        for i in range(1, 4)
    )
    page = results_html(Results("&" * 200, ("en:summit",), hits, 3), "en", 0)
    assert len(page) <= MESSAGE_LIMIT
    assert telegram_html_problems(page) == []
    assert page.count("<b>summit</b>") >= 3


def test_no_results_say_what_to_try_and_an_empty_later_page_says_no_more():
    assert results_html(Results("x & y", (), (), 0), "en", 0).startswith(
        "Nothing in the archive matches <i>x &amp; y</i>."
    )
    assert results_html(Results("x", (), (), 5), "fr", 6) == "Plus d’autres passages pour <i>x</i>."


def test_latest_lists_date_title_publication_and_source():
    articles = [
        {
            "source": "a.txt",
            "title": "A & B",
            "date": "2004-01-02",
            "language": "en",
            "publication": "P",
        },
        {
            "source": "https://x.org/b",
            "title": "C",
            "date": None,
            "language": "fr",
            "publication": "Q",
        },
    ]
    assert latest_html(articles, "en") == (
        "<b>The 2 newest articles</b>\n\n"
        "2 January 2004 · <b>A &amp; B</b>\nP · a.txt\n\n"
        'undated · <b>C</b>\nQ · <a href="https://x.org/b">x.org</a>'
    )
    assert latest_html([], "fr") == "L’archive est vide."


def test_a_reload_report_gives_counts_skipped_files_and_duration():
    report = IngestReport(
        files=3,
        documents=2,
        articles=4,
        paragraphs=9,
        rejections=[Rejection("a<b>.pdf", "unsupported file type '.pdf'")],
    )
    assert reload_html(ReloadOutcome(folder="seeds", seconds=1.25, report=report), "en") == (
        "<b>Reloaded</b> in 1.2 s: 3 files, 2 documents (2 new or changed: 4 articles, "
        "9 paragraphs; 0 unchanged; 0 removed). Now serving the new archive."
        "\n\nSkipped 1:\n• a&lt;b&gt;.pdf: unsupported file type '.pdf'"
    )
    assert reload_html(ReloadOutcome(folder="seeds", seconds=0.1, error="disk <full>"), "fr") == (
        "<b>Échec du rechargement</b> : disk &lt;full&gt;\nL’archive précédente reste en service."
    )


def test_plain_text_reads_the_same_html_for_the_terminal():
    html = '<b>1. A &amp; B</b>\n<i>x &lt; y</i> · <a href="https://x.org/a?b=1&amp;c=2">x.org</a>'
    assert plain_text(html) == "1. A & B\nx < y · x.org <https://x.org/a?b=1&c=2>"
    assert plain_text("<b>word</b>", bold=str.upper) == "WORD"
    assert visible_text(html) == "1. A & B\nx < y · x.org"
