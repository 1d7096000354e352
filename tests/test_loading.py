"""Reading files: .txt pages, .html pages and .jsonl records, and every kind of bad input.
Bad input becomes a rejection with a reason; it never stops the run."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from retrieval.ingest import ingest
from retrieval.loading import load_file
from retrieval.records import Document, ParsedFile
from retrieval.search import Searcher

FIXTURES = Path(__file__).resolve().parent / "fixtures"

# A small French bulletin with characters that exist in cp1252 but not in Latin-1
# (’ “ ” œ), so a cp1252 file can only be read right by decoding it as cp1252.
FRENCH_PAGE = (
    "https://www.nato.int/docu/update/2004/03-march/f0312a.htm\n"
    "12 mars 2004\n"
    "La sécurité de l’Europe du Sud-Est au cœur des débats\n"
    "Les ministres de la défense ont examiné à Sofia la sécurité régionale et la "
    "coopération militaire avec leurs homologues des pays partenaires.\n"
    "« Nous avançons ensemble », a déclaré le Secrétaire général, qui a salué "
    "“l’œuvre commune” des pays de la région.\n"
)


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def load(tmp_path: Path, name: str, data: bytes | str) -> ParsedFile:
    return load_file(write(tmp_path, name, data), name)


def only_document(parsed: ParsedFile) -> Document:
    assert parsed.rejections == []
    assert len(parsed.documents) == 1
    return parsed.documents[0]


def jsonl(*lines: object) -> str:
    """JSONL text: dicts and lists are dumped (U+2028 left raw), strings kept as given."""
    return "".join(
        (line if isinstance(line, str) else json.dumps(line, ensure_ascii=False)) + "\n"
        for line in lines
    )


# -- Text pages --------------------------------------------------------------------------


def test_utf8_text_page_gives_its_address_title_date_and_body(tmp_path: Path) -> None:
    document = only_document(load(tmp_path, "f0312a.txt", FRENCH_PAGE))
    assert document.source == "https://www.nato.int/docu/update/2004/03-march/f0312a.htm"
    assert document.origin == "f0312a.txt"
    [article] = document.articles
    assert (article.title, article.date, article.language, article.publication) == (
        "La sécurité de l’Europe du Sud-Est au cœur des débats",
        dt.date(2004, 3, 12),
        "fr",
        "OTAN Hebdo",
    )
    assert [p.text for p in article.paragraphs] == FRENCH_PAGE.splitlines()[3:]


def test_cp1252_text_page_is_decoded_not_rejected(tmp_path: Path) -> None:
    utf8 = only_document(load(tmp_path, "utf8.txt", FRENCH_PAGE))
    cp1252 = only_document(load(tmp_path, "cp1252.txt", FRENCH_PAGE.encode("cp1252")))
    assert cp1252.articles == utf8.articles
    assert "“l’œuvre commune”" in cp1252.articles[0].paragraphs[1].text


def test_utf8_byte_order_mark_does_not_hide_the_address(tmp_path: Path) -> None:
    document = only_document(load(tmp_path, "bom.txt", "\ufeff" + FRENCH_PAGE))
    assert document.source == "https://www.nato.int/docu/update/2004/03-march/f0312a.htm"


def test_a_text_page_without_an_address_is_named_by_its_path(tmp_path: Path) -> None:
    folder = tmp_path / "archive" / "2004"
    folder.mkdir(parents=True)
    write(folder, "sofia.txt", FRENCH_PAGE.split("\n", 1)[1])
    db = tmp_path / "archive.db"
    report = ingest([tmp_path / "archive"], db)
    assert (report.documents, report.rejections) == (1, [])
    [hit] = Searcher(db).search("Sofia sécurité régionale", limit=1).hits
    assert hit.source == "2004/sofia.txt"  # relative to the folder given to ingest


# -- Bad input: each is a rejection with a reason ---------------------------------------


@pytest.mark.parametrize("name", ["bulletin.pdf", "bulletin.docx", "README", "photo.jpg"])
def test_unsupported_file_types_are_rejected_with_a_reason(tmp_path: Path, name: str) -> None:
    parsed = load(tmp_path, name, FRENCH_PAGE)
    assert parsed.documents == []
    [rejection] = parsed.rejections
    assert rejection.origin == name
    assert "unsupported" in rejection.reason


@pytest.mark.parametrize("name", ["empty.txt", "empty.html", "empty.jsonl"])
@pytest.mark.parametrize("data", [b"", b"  \n\n\t\n"], ids=["no-bytes", "white-space"])
def test_empty_files_are_rejected_as_empty(tmp_path: Path, name: str, data: bytes) -> None:
    parsed = load(tmp_path, name, data)
    assert parsed.documents == []
    assert [(r.origin, "empty" in r.reason) for r in parsed.rejections] == [(name, True)]


@pytest.mark.parametrize("name", ["scan.txt", "scan.html", "scan.jsonl"])
def test_binary_files_are_rejected_as_binary(tmp_path: Path, name: str) -> None:
    data = b"%PDF-1.4\n\x00\x01\x02\x03 stream \x00\xff\xfe binary"
    parsed = load(tmp_path, name, data)
    assert parsed.documents == []
    # One rejection for the file, not one per line of it.
    assert [(r.origin, "binary" in r.reason) for r in parsed.rejections] == [(name, True)]


def test_undecodable_text_is_rejected_with_a_reason(tmp_path: Path) -> None:
    # 0x81 and 0x8d are neither UTF-8 nor defined in cp1252.
    parsed = load(tmp_path, "broken.txt", b"La s\x81curit\x8d de l'Europe " * 20)
    assert parsed.documents == []
    [rejection] = parsed.rejections
    assert rejection.origin == "broken.txt"
    assert "UTF-8" in rejection.reason and "cp1252" in rejection.reason


def test_a_page_with_only_navigation_is_rejected_with_a_reason(tmp_path: Path) -> None:
    parsed = load(tmp_path, "menu.txt", "Header\nNews\n05/04/04 - OTAN\nLinks\nSFOR website\n")
    assert parsed.documents == []
    [rejection] = parsed.rejections
    assert rejection.reason


# -- JSONL ------------------------------------------------------------------------------

RECORD = {
    "date": "2011-01-10",
    "title": "Two insurgents killed in Helmand",
    "publication": "ISAF press release",
    "text": "KABUL, Afghanistan (Jan. 10, 2011)\nCoalition forces from an ISAF combat outpost "
    "observed several insurgents emplacing an IED in Sangin district and requested air support.",
}


def test_jsonl_records_are_documents_named_by_line_or_url(tmp_path: Path) -> None:
    second = {**RECORD, "url": "https://www.isaf.nato.int/article/isaf-releases/two.html"}
    parsed = load(tmp_path, "isaf.jsonl", jsonl(RECORD, "", second))
    assert parsed.rejections == []
    assert [d.source for d in parsed.documents] == [
        "isaf.jsonl:1",
        "https://www.isaf.nato.int/article/isaf-releases/two.html",
    ]
    assert [d.origin for d in parsed.documents] == ["isaf.jsonl:1", "isaf.jsonl:3"]


def test_jsonl_optional_fields_are_used(tmp_path: Path) -> None:
    document = only_document(load(tmp_path, "isaf.jsonl", jsonl(RECORD)))
    [article] = document.articles
    assert (article.title, article.date, article.language, article.publication) == (
        "Two insurgents killed in Helmand",
        dt.date(2011, 1, 10),
        "en",
        "ISAF press release",
    )
    assert any("emplacing an IED in Sangin district" in p.text for p in article.paragraphs)


def test_jsonl_record_with_only_text_gets_a_title_and_its_language(tmp_path: Path) -> None:
    record = {
        "text": "Les ministres de la défense des pays de l'OTAN se sont réunis à Bruxelles "
        "pour examiner la transformation de l'Alliance et ses opérations en Afghanistan."
    }
    [article] = only_document(load(tmp_path, "bare.jsonl", jsonl(record))).articles
    assert article.language == "fr"
    assert article.date is None
    assert article.title and record["text"].startswith(article.title.rstrip("…"))


def test_jsonl_record_with_u2028_inside_stays_one_record(tmp_path: Path) -> None:
    first = {**RECORD, "text": "First half of a sentence\u2028and its second half, in one record."}
    data = jsonl(first, RECORD)
    assert "\u2028" in data  # written raw, as in the real ISAF file
    parsed = load(tmp_path, "sep.jsonl", data)
    assert parsed.rejections == []
    assert [d.source for d in parsed.documents] == ["sep.jsonl:1", "sep.jsonl:2"]
    first_text = " ".join(p.text for a in parsed.documents[0].articles for p in a.paragraphs)
    assert "First half of a sentence" in first_text
    assert "and its second half, in one record." in first_text


def test_jsonl_bad_lines_are_rejected_and_good_ones_kept(tmp_path: Path) -> None:
    data = jsonl(
        RECORD,
        '{"title": "cut off", "text": "never closed',
        {"title": "No text here", "date": "2011-01-11"},
        {**RECORD, "text": "   "},
        ["a", "list", "not", "a", "record"],
        {**RECORD, "title": "Still read after the bad lines"},
    )
    parsed = load(tmp_path, "mixed.jsonl", data)
    assert [d.source for d in parsed.documents] == ["mixed.jsonl:1", "mixed.jsonl:6"]
    assert parsed.documents[1].articles[0].title == "Still read after the bad lines"
    reasons = {r.origin: r.reason for r in parsed.rejections}
    assert sorted(reasons) == ["mixed.jsonl:2", "mixed.jsonl:3", "mixed.jsonl:4", "mixed.jsonl:5"]
    assert "JSON" in reasons["mixed.jsonl:2"]
    assert "text" in reasons["mixed.jsonl:3"]
    assert "text" in reasons["mixed.jsonl:4"]
    assert reasons["mixed.jsonl:5"]


def test_jsonl_with_crlf_line_ends_is_read(tmp_path: Path) -> None:
    data = jsonl(RECORD, {**RECORD, "title": "Second"}).replace("\n", "\r\n")
    parsed = load(tmp_path, "windows.jsonl", data)
    assert parsed.rejections == []
    assert [d.articles[0].title for d in parsed.documents] == [RECORD["title"], "Second"]


def test_the_real_isaf_file_keeps_every_record(corpus_dir: Path) -> None:
    path = corpus_dir / "isaf-press-releases.jsonl"
    data = path.read_bytes()
    assert "\u2028".encode() in data
    parsed = load_file(path, path.name)
    assert parsed.rejections == []
    assert len(parsed.documents) == data.count(b"\n")


# -- HTML -------------------------------------------------------------------------------

PRESS_RELEASE = FIXTURES / "archive" / "press-release-2003-094e.html"


def test_html_page_gives_its_canonical_address_title_and_date() -> None:
    document = only_document(load_file(PRESS_RELEASE, PRESS_RELEASE.name))
    assert document.source == "https://www.nato.int/docu/pr/2003/p03-094e.htm"
    [article] = document.articles
    assert (article.title, article.date, article.language, article.publication) == (
        "Secretary General to visit Hungary and Bulgaria",
        dt.date(2003, 9, 4),
        "en",
        "NATO Press Release",
    )


def test_html_script_style_and_contact_lines_are_not_text() -> None:
    document = only_document(load_file(PRESS_RELEASE, PRESS_RELEASE.name))
    text = " ".join(p.text for a in document.articles for p in a.paragraphs)
    for hidden in [
        "pageTracker",
        "script text",
        "font-family",
        "JavaScript",
        "707 50 41",
        "B-1110",
    ]:
        assert hidden not in text
    # Entities are decoded.
    assert "“Shaping a Common Security Agenda for South East Europe”" in text


def test_html_paragraph_is_one_paragraph_whatever_its_source_line_breaks() -> None:
    """Line breaks inside <p> are white space in HTML: the two <p> are two paragraphs."""
    document = only_document(load_file(PRESS_RELEASE, PRESS_RELEASE.name))
    texts = [p.text for a in document.articles for p in a.paragraphs]
    assert len(texts) == 2, texts
    assert texts[0].startswith("The Secretary General of NATO, Lord Robertson, will travel")
    assert texts[0].endswith("He will also meet the members of the Hungarian parliament.")


HTML_BODY = """
<p>The North Atlantic Council agreed on 9 June to extend the air policing mission over
Estonia, Latvia and Lithuania for another two years, officials said in Brussels.</p>
<p>The mission, flown in turn by fighter aircraft of several Allies, began in 2004 when the
three Baltic states joined the Alliance &amp; its integrated air defence system.</p>
"""


def test_html_page_without_canonical_link_is_named_by_its_path(tmp_path: Path) -> None:
    html = f"<html><body><h1>Allies extend Baltic air policing</h1>{HTML_BODY}</body></html>"
    document = only_document(load(tmp_path, "baltic.html", html))
    assert document.source == "baltic.html"
    assert document.articles[0].title == "Allies extend Baltic air policing"
    assert "Alliance & its integrated" in document.articles[0].paragraphs[-1].text


def test_html_page_uses_og_url_when_it_has_no_canonical_link(tmp_path: Path) -> None:
    html = (
        '<html><head><meta property="og:url" content="https://www.nato.int/cps/en/natohq/'
        'news_1234.htm"></head><body><h1>Allies extend Baltic air policing</h1>'
        f"{HTML_BODY}</body></html>"
    )
    document = only_document(load(tmp_path, "baltic.htm", html))
    assert document.source == "https://www.nato.int/cps/en/natohq/news_1234.htm"


def test_html_title_element_is_the_title_when_the_page_has_no_heading(tmp_path: Path) -> None:
    html = (
        "<html><head><title>Allies extend Baltic air policing</title></head>"
        f"<body>{HTML_BODY}</body></html>"
    )
    document = only_document(load(tmp_path, "baltic.html", html))
    assert document.articles[0].title == "Allies extend Baltic air policing"


def test_html_navigation_menu_does_not_swallow_the_article(tmp_path: Path) -> None:
    html = (
        "<html><body><nav><ul><li>News</li><li>Links</li><li>Multimedia</li></ul></nav>"
        "<h1>Allies extend Baltic air policing</h1><p>9 June 2005</p>"
        f"{HTML_BODY}</body></html>"
    )
    document = only_document(load(tmp_path, "baltic.html", html))
    [article] = document.articles
    assert (article.title, article.date) == (
        "Allies extend Baltic air policing",
        dt.date(2005, 6, 9),
    )
    assert [p.text for p in article.paragraphs if p.text in ("News", "Links", "Multimedia")] == []


# -- The run goes on ---------------------------------------------------------------------


def test_every_bad_file_is_reported_and_the_good_ones_are_ingested(tmp_path: Path) -> None:
    folder = tmp_path / "incoming"
    folder.mkdir()
    write(folder, "good.txt", FRENCH_PAGE)
    kept_too = {**RECORD, "title": "Kept too", "text": "Insurgents fired on a patrol in Sangin."}
    write(folder, "good.jsonl", jsonl(RECORD, "{broken", kept_too))
    bad = {
        "notes.pdf": b"%PDF-1.4",
        "empty.txt": b"",
        "binary.txt": b"\x00\x01\x02\x00",
        "undecodable.txt": b"s\x81curit\x8d " * 20,
        "menu.txt": b"Header\nNews\nLinks\n",
    }
    for name, data in bad.items():
        write(folder, name, data)
    db = tmp_path / "archive.db"
    report = ingest([folder, tmp_path / "missing-folder"], db)
    reasons = {r.origin: r.reason for r in report.rejections}
    assert sorted(reasons) == sorted([*bad, "good.jsonl:2", "missing-folder"])
    assert all(reason.strip() for reason in reasons.values())
    assert report.documents == 3
    searcher = Searcher(db)
    assert searcher.search("Sofia sécurité régionale", limit=1).hits[0].source == (
        "https://www.nato.int/docu/update/2004/03-march/f0312a.htm"
    )
    assert {h.title for h in searcher.search("insurgents Sangin IED", limit=5).hits} == {
        RECORD["title"],
        "Kept too",
    }
