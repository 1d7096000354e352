"""The bulletin page parser, on the embedded seed, small fixtures and every real page of
../shared/corpus: titles, dates, languages, article counts, and no noise paragraphs."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from retrieval.analysis import fold_accents
from retrieval.layout import Kind, classify, read_header
from retrieval.pages import parse_page
from retrieval.records import Article, ParsedFile

D = dt.date
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEEDS = Path(__file__).resolve().parents[1] / "seeds"
# Stands for a title the parser makes from an item's first sentence.
MADE_UP = "<made from the first sentence>"


def only_seed() -> Path:
    seeds = sorted(SEEDS.glob("000_*.txt"))
    assert len(seeds) == 1, f"expected one 000_* seed in {SEEDS}, found {seeds}"
    return seeds[0]


def articles_in(parsed: dict[str, ParsedFile], key: str) -> list[Article]:
    file = parsed[key]
    assert not file.rejections, f"{key} was rejected: {file.rejections}"
    return [article for document in file.documents for article in document.articles]


def every_paragraph(parsed: dict[str, ParsedFile]) -> Iterator[tuple[str, str]]:
    """(file, paragraph text) for every paragraph the corpus parses to."""
    for key, file in parsed.items():
        for document in file.documents:
            for article in document.articles:
                for paragraph in article.paragraphs:
                    yield key, paragraph.text


def collapse(text: str) -> str:
    return " ".join(text.split())


# -- Lines: what each one is, before it becomes part of an article --------------------


@pytest.mark.parametrize(
    "line",
    [
        "Header",
        "News",
        "Nouvelles",
        "Historique",
        "Multimédia",
        "Liens",
        "Opinions",
        "PDF Library",
        "05/04/04 - OTAN",
        "02/12/2004 - NATO",
        "3 June 2004 - NATO",
        "(.MP3/985Kb)",
        "NATO in Bosnia and Herzegovina: 9 years of supporting peace .wmv/2785kb",
        "![]() |",
        "|",
        "| NATO Update |",
        "Au cœur de l'événement",
        "From the event",
        "Go to Homepage Go to Index",
    ],
)
def test_navigation_lines_are_never_text(line: str) -> None:
    assert classify(line, 2004).kind is not Kind.TEXT


def test_lines_of_a_page_are_told_apart() -> None:
    assert classify("Mise à jour: 16-Apr-2004 11:04 OTAN Hebdo").kind is Kind.HEADER
    dateline = classify("7-8 avr. 2004")
    assert (dateline.kind, dateline.date) == (Kind.DATE, D(2004, 4, 7))
    sentence = "Les ministres se sont réunis à Bruxelles le 7 avril 2004."
    assert classify(sentence).kind is Kind.TEXT


@pytest.mark.parametrize(
    ("line", "updated", "period", "publication"),
    [
        ("Updated: 11-Jan-2002 Week of 20-26 January 1999", D(2002, 1, 11), D(1999, 1, 20), None),
        (
            "Mis à jour: 09-Feb-2002 | Semaine du 28 janvier - 3 février 2002 |",
            D(2002, 2, 9),
            D(2002, 1, 28),
            None,
        ),
        ("Mise à jour: 16-Apr-2004 11:04 OTAN Hebdo", D(2004, 4, 16), None, "OTAN Hebdo"),
        ("Updated: 12-Apr-2002 Week of 8-14 April", D(2002, 4, 12), D(2002, 4, 8), None),
        ("Updated: 18-Dec-2002 December 2002", D(2002, 12, 18), D(2002, 12, 1), None),
    ],
)
def test_a_header_line_splits_the_re_edit_date_from_the_period_it_covers(
    line: str, updated: dt.date, period: dt.date | None, publication: str | None
) -> None:
    header = read_header(line)
    assert (header.updated, header.period, header.publication) == (updated, period, publication)


# -- The embedded seed: the "Header / Mise à jour / date / title / sidebar" layout --------


def test_seed_bulletin_gives_its_title_date_language_and_publication() -> None:
    path = only_seed()
    source, articles = parse_page(path.read_text(encoding="utf-8"), f"seeds/{path.name}")
    assert source == f"seeds/{path.name}"  # no address on its first line
    assert [(a.title, a.date, a.language, a.publication) for a in articles] == [
        (
            "L’OTAN et la Russie renforcent leur coopération militaire",
            D(2004, 4, 7),
            "fr",
            "OTAN Hebdo",
        )
    ]


def test_seed_sidebar_is_not_body_text() -> None:
    path = only_seed()
    _, [article] = parse_page(path.read_text(encoding="utf-8"), path.name)
    texts = [p.text for p in article.paragraphs]
    assert texts[0].startswith("Au cours d’une visite effectuée à Moscou les 7 et 8 avril")
    assert texts[-1].endswith("qu’en travaillant ensemble. »")
    sidebar = [
        "Header",
        "Historique",
        "NATO-Russia relations",
        "Nouvelles",
        "05/04/04 - OTAN",
        "Visite en Russie du Secrétaire Général de l’OTAN",
        "Multimédia",
        "08/04/04 - NATO",
        "High resolution photos",
        "Mise à jour",
    ]
    assert [s for s in sidebar for t in texts if s in t] == []


def test_seed_sub_heading_stays_a_heading() -> None:
    path = only_seed()
    _, [article] = parse_page(path.read_text(encoding="utf-8"), path.name)
    heading = "L’élargissement ne constitue pas une menace pour la Russie"
    assert heading not in [p.text for p in article.paragraphs]
    assert [p.heading for p in article.paragraphs if p.heading] == [heading]


# -- Small fixtures, copies of real pages, so the parser is tested on a fresh clone -------


def test_weekly_page_fixture_gives_one_article_per_dated_item() -> None:
    text = (FIXTURES / "archive" / "weekly-1999-0127f.txt").read_text(encoding="utf-8")
    source, articles = parse_page(text, "weekly.txt")
    assert source == "https://www.nato.int/docu/update/1999/0127f.htm"
    # "Updated: 28-Apr-2008" is a re-edit, not the date of any item.
    assert [(a.date, a.title) for a in articles] == [
        (D(1999, 1, 28), "M. Kofi Annan l'OTAN"),  # the page dropped the "à": kept as is
        (D(1999, 1, 28), "Tournée de M. Solana dans les pays du Nord"),
        (D(1999, 1, 29), "Le bogue de l'an 2000"),
    ]
    assert {(a.language, a.publication) for a in articles} == {("fr", "OTAN Hebdo")}


def test_table_rendering_fixture_joins_wrapped_lines_and_drops_pipes() -> None:
    text = (FIXTURES / "archive" / "table-rendering-2004-05-f0528a.txt").read_text(encoding="utf-8")
    source, [article] = parse_page(text, "rendering.txt")
    assert source == "https://www.nato.int/docu/update/2004/05-may/f0528a.htm"
    assert (article.title, article.date, article.language, article.publication) == (
        "Les décideurs de l’OTAN en visite en Bosnie-Herzégovine",
        D(2004, 5, 28),
        "fr",
        "OTAN Hebdo",
    )
    assert article.paragraphs[0].text == (
        "Lors d’une visite à Sarajevo le 28 mai, le Conseil de l’Atlantique Nord, la plus "
        "haute instance décisionnelle de l’Alliance, a réaffirmé l’engagement de l’OTAN "
        "à l'égard de la Bosnie-Herzégovine."
    )
    assert [p.text for p in article.paragraphs if "|" in p.text or "![]()" in p.text] == []


def test_a_page_without_an_address_is_named_by_its_fallback_source() -> None:
    text = (
        "12 mars 2004\n"
        "Exercice de l'Alliance en Norvège\n"
        "Plus de 16 000 soldats de quatorze pays participent à un exercice d'hiver "
        "dans le nord de la Norvège, a annoncé l'OTAN.\n"
    )
    source, [article] = parse_page(text, "notes/exercice.txt")
    assert source == "notes/exercice.txt"
    assert (article.title, article.date, article.language) == (
        "Exercice de l'Alliance en Norvège",
        D(2004, 3, 12),
        "fr",
    )


# -- Real pages of ../shared/corpus ----------------------------------------------------

WEEKLY_PAGES = {
    "pages/docu_update_1999_0120e.txt": [
        (D(1999, 1, 20), None),  # no title: one is made from the first sentence
        (D(1999, 1, 20), "Toward stability in Bosnia"),
        (D(1999, 1, 20), 'Solana on "Northern tour"'),
        (D(1999, 1, 25), "50th anniversary conference in Rome"),
    ],
    "pages/docu_update_1999_0127e.txt": [
        (D(1999, 1, 28), 'Solana\'s "Northern tour" continues'),
        (D(1999, 1, 28), "Kofi Annan at NATO"),
        (D(1999, 1, 29), "Fighting off the millennium bug"),
    ],
    "pages/docu_update_2000_0308_eng.txt": [
        (D(2000, 3, 8), "Finalisation of the Brcko District arbitration"),
        (D(2000, 3, 8), "Eurocorps prepares for KFOR command take-over"),
        (D(2000, 3, 8), None),
        (D(2000, 3, 9), "Lord Robertson in Turkey"),
        # The cut-off "Albright's visit to NATO HQ / After her visit" is no article.
    ],
    "pages/docu_update_2002_12-december_index-e.txt": [
        (D(2002, 12, 3), "Chiefs of Defence take forward Prague decisions"),
        (D(2002, 12, 9), "Transforming the military to fight terrorism"),
        (D(2002, 12, 10), "President of Algeria visits NATO"),
        (D(2002, 12, 16), "EU and NATO adopt framework for co-operation"),
        (D(2002, 12, 17), "Non-military cooperation between NATO and Ukraine"),
        (D(2002, 12, 18), "End of year message from NATO Secretary General, Lord Robertson"),
    ],
    "pages/docu_update_2001_0910_index-e.txt": [
        (D(2001, 9, 10), "Exercise Cooperative Best Effort 2001"),
        (D(2001, 9, 11), "Exercise Cooperative Key 2001"),
        (D(2001, 9, 11), "A moment of great tragedy and mourning"),
        (D(2001, 9, 11), "Military Committee puts an end to tour"),
        (
            D(2001, 9, 12),
            "NATO reaffirms Treaty commitments in dealing with terrorist attacks against the US",
        ),
    ],
    "pages/docu_update_2000_0315_fra.txt": [
        (D(2000, 3, 15), None),
        (D(2000, 3, 16), "Lord Robertson en Croatie et en Hongrie"),
        (D(2000, 3, 16), "Echange d'info sur les armes légères et de petit calibre"),
    ],
}


@pytest.mark.parametrize("key", sorted(WEEKLY_PAGES))
def test_weekly_and_index_pages_give_each_item_its_date_and_title(
    parsed_corpus: dict[str, ParsedFile], key: str
) -> None:
    articles = articles_in(parsed_corpus, key)
    expected = [(date, title or MADE_UP) for date, title in WEEKLY_PAGES[key]]
    made_up = [i for i, (_, title) in enumerate(expected) if title == MADE_UP]
    actual = [(a.date, MADE_UP if i in made_up else a.title) for i, a in enumerate(articles)]
    assert actual == expected
    for i in made_up:  # a made-up title is the start of the item's first sentence
        stem = articles[i].title.rstrip("…")
        assert stem and articles[i].paragraphs[0].text.startswith(stem)
    language = "fr" if key.endswith(("f.txt", "fra.txt", "-f.txt")) else "en"
    publication = {"en": "NATO Update", "fr": "OTAN Hebdo"}[language]
    assert {(a.language, a.publication) for a in articles} == {(language, publication)}


def test_every_page_is_named_by_its_address_and_read_in_its_language(
    parsed_corpus: dict[str, ParsedFile], corpus_manifest: dict[str, dict[str, str]]
) -> None:
    wrong = []
    for file, row in corpus_manifest.items():
        for document in parsed_corpus[f"pages/{file}"].documents:
            if document.source != row["address"]:
                wrong.append((file, "source", document.source))
            wrong += [
                (file, "language", a.language)
                for a in document.articles
                if a.language != row["lang"]
            ]
    assert wrong == [], "\n".join(map(str, wrong))


def test_every_page_of_the_corpus_yields_articles(
    parsed_corpus: dict[str, ParsedFile], corpus_manifest: dict[str, dict[str, str]]
) -> None:
    """Each page in the manifest is a bulletin with body text: none may be rejected."""
    rejected = {
        file: [r.reason for r in parsed_corpus[f"pages/{file}"].rejections]
        for file in corpus_manifest
        if not parsed_corpus[f"pages/{file}"].documents
    }
    assert rejected == {}


@pytest.mark.parametrize(
    ("key", "updated", "year"),
    [
        ("pages/docu_update_1999_0127f.txt", D(2008, 4, 28), 1999),
        ("pages/docu_update_2000_0315_fra.txt", D(2008, 6, 5), 2000),
        ("pages/docu_update_2000_1101_fra.txt", D(2008, 6, 18), 2000),
        ("pages/docu_update_2005_06-june_index-e.txt", D(2007, 10, 3), 2005),
        ("pages/docu_update_2005_10-october_f1017a.txt", D(2006, 11, 28), 2005),
        ("pages/cps_en_natohq_news_20811.htm_selectedLocale_fr.txt", D(2008, 11, 3), 2004),
        ("pages/cps_fr_natohq_news_19288.htm_selectedLocale_en.txt", D(2008, 11, 3), 2002),
        ("pages/cps_en_natohq_news_8081.htm_selectedLocale_fr.txt", D(2009, 2, 12), 2008),
    ],
)
def test_a_later_re_edit_date_is_not_the_date_of_the_news(
    parsed_corpus: dict[str, ParsedFile], key: str, updated: dt.date, year: int
) -> None:
    dates = [a.date for a in articles_in(parsed_corpus, key)]
    assert updated not in dates
    assert {d.year if d else None for d in dates} == {year}


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        # The header says only "Novembre 2003" / "June 2003"; the address gives the day.
        ("pages/docu_update_2003_11-november_f1103a.txt", D(2003, 11, 3)),
        ("pages/docu_update_2003_11-november_f1112b.txt", D(2003, 11, 12)),
        ("renderings/docu_update_2003_06-june_e0626a.alt1.txt", D(2003, 6, 26)),
    ],
)
def test_a_page_with_only_a_month_header_takes_the_day_from_its_address(
    parsed_corpus: dict[str, ParsedFile], key: str, expected: dt.date
) -> None:
    assert [a.date for a in articles_in(parsed_corpus, key)] == [expected]


@pytest.mark.parametrize(
    "key",
    [
        "pages/docu_update_2002_01-january_f0131b.txt",
        "pages/docu_update_2002_02-february_f0203a.txt",
    ],
)
def test_a_page_with_a_week_header_is_dated_within_that_week(
    parsed_corpus: dict[str, ParsedFile], key: str
) -> None:
    """ "Semaine du 28 janvier - 3 février 2002", and no dateline."""
    dates = [a.date for a in articles_in(parsed_corpus, key)]
    assert dates and all(d and D(2002, 1, 28) <= d <= D(2002, 2, 3) for d in dates)


@pytest.mark.parametrize(
    ("key", "title"),
    [
        (
            "pages/docu_update_2007_03-march_f0302a.txt",
            "L'Union africaine souhaite établir une coopération à long terme avec l'OTAN",
        ),
        (
            "pages/docu_update_2004_10-october_e1014a.txt",
            "NATO-Russia defence meeting focuses on terrorism",
        ),
        (
            "pages/docu_update_2003_11-november_e1117a.txt",
            "Kosovo must be multi-ethnic says NATO Secretary General",
        ),
        ("renderings/docu_update_1999_0127e.alt1.txt", "Kofi Annan at NATO"),
        ("renderings/docu_update_1999_0127e.alt1.txt", "Fighting off the millennium bug"),
    ],
)
def test_a_title_split_over_two_lines_is_one_title(
    parsed_corpus: dict[str, ParsedFile], key: str, title: str
) -> None:
    assert title in [a.title for a in articles_in(parsed_corpus, key)]


@pytest.mark.parametrize(
    ("key", "sentence"),
    [
        (
            "pages/docu_update_2002_02-february_f0203a.txt",
            "Lord Robertson a invité les Alliés européens et le Canada à investir dans des "
            "capacités de gestion des crises, faute de quoi le retard entre leurs forces et "
            'celles des Etats-Unis risque de devenir "irrattrapable".',
        ),
        (
            "pages/docu_update_2007_03-march_f0302a.txt",
            "Il a rencontré le Secrétaire général de l'OTAN, M. Jaap de Hoop Scheffer, et a "
            "pris la parole devant le Conseil de l'Atlantique Nord, la plus haute instance de "
            "prise de décisions au sein de l'OTAN.",
        ),
        (
            "pages/docu_update_1999_0616f.txt",
            "La KFOR poursuit son déploiement et travaille désormais avec la Mission "
            "d'administration provisoire des Nations Unies au Kosovo (MINUK).",
        ),
        (
            "pages/docu_update_2003_11-november_f1117a.txt",
            "Lord Robertson a salué l'ouverture de pourparlers directs entre Belgrade et "
            "Pristina le 14 octobre à Vienne,",
        ),
        (
            "renderings/docu_update_1999_0127e.alt1.txt",
            "The growing cooperation between the United Nations (UN) and NATO was further "
            "reinforced on 28 January, with the visit of the UN Secretary General, Kofi "
            "Annan, to NATO.",
        ),
    ],
)
def test_hard_wrapped_lines_are_joined_into_one_paragraph(
    parsed_corpus: dict[str, ParsedFile], key: str, sentence: str
) -> None:
    paragraphs = [collapse(p.text) for a in articles_in(parsed_corpus, key) for p in a.paragraphs]
    assert [p for p in paragraphs if sentence in p], f"no paragraph of {key} holds {sentence!r}"


def test_broken_accents_are_kept_as_the_page_has_them(
    parsed_corpus: dict[str, ParsedFile],
) -> None:
    """ "Sergueï" lost its "ï" and "tirés" its "é": the text stays as published."""
    french_may = articles_in(parsed_corpus, "pages/docu_update_2005_06-june_f0623b.txt")
    assert any("M. Sergue Lavrov" in p.text for a in french_may for p in a.paragraphs)
    weekly = articles_in(parsed_corpus, "pages/docu_update_1999_0127f.txt")
    assert any("enseignements tirs jusqu'ici" in p.text for a in weekly for p in a.paragraphs)


# -- No navigation noise becomes a paragraph, anywhere in the corpus ---------------------

SECTION_LABELS = {
    fold_accents(label).casefold()
    for label in [
        "Header",
        "News",
        "Nouvelles",
        "Background",
        "Historique",
        "Multimedia",
        "Multimédia",
        "Events",
        "Evénements",
        "Links",
        "Liens",
        "Opinions",
        "Official texts",
        "Textes officiels",
        "PDF Library",
        "Bibliothèque PDF",
        "Additional information",
        "Information supplémentaire",
        "Further information",
        "NATO Update",
        "OTAN Hebdo",
    ]
}
DATED_LINK = re.compile(
    r"^\s*(?:\d\d?/\d\d?/\d\d(?:\d\d)?|\d\d? \w+\.? \d{4})\s*[-–]\s*(?:NATO|OTAN)\s*$"
)
MEDIA_LINK = re.compile(r"(?i)\b(?:mp3|wmv|pdf|jpg)\s*/\s*\.?[\d.,]+\s*[km]b\b")


def test_no_section_label_is_a_paragraph(parsed_corpus: dict[str, ParsedFile]) -> None:
    seed = only_seed()
    _, seed_articles = parse_page(seed.read_text(encoding="utf-8"), seed.name)
    paragraphs = [*every_paragraph(parsed_corpus)]
    paragraphs += [(seed.name, p.text) for a in seed_articles for p in a.paragraphs]
    labels = [
        (key, text)
        for key, text in paragraphs
        if fold_accents(text).casefold().strip(" :•|") in SECTION_LABELS
    ]
    assert labels == [], "\n".join(map(str, labels))


def test_no_dated_link_line_is_a_paragraph(parsed_corpus: dict[str, ParsedFile]) -> None:
    """ "05/04/04 - OTAN", "3 June 2004 - NATO": the sidebar's link lines."""
    found = [(k, t) for k, t in every_paragraph(parsed_corpus) if DATED_LINK.match(t)]
    assert found == [], "\n".join(map(str, found))


def test_the_link_title_under_a_dated_link_line_is_not_a_paragraph(
    parsed_corpus: dict[str, ParsedFile], corpus_dir: Path
) -> None:
    """In "02/12/2004 - NATO" / "NATO ends SFOR mission", the second line is a link."""
    leaked = []
    for key, file in parsed_corpus.items():
        if not key.endswith(".txt"):
            continue
        lines = (corpus_dir / key).read_text(encoding="utf-8").splitlines()
        link_titles = {
            lines[i + 1].strip()
            for i, line in enumerate(lines[:-1])
            if DATED_LINK.match(line) and lines[i + 1].strip()
        }
        leaked += [
            (key, t)
            for d in file.documents
            for a in d.articles
            for p in a.paragraphs
            for t in link_titles
            if p.text.startswith(t)
        ]
    assert leaked == [], "\n".join(map(str, leaked))


def test_no_media_link_is_in_a_paragraph(parsed_corpus: dict[str, ParsedFile]) -> None:
    """ "(.MP3/985Kb)", ".wmv/2785kb", "(.PDF/1057 Kb)" are links to files."""
    found = [(k, t) for k, t in every_paragraph(parsed_corpus) if MEDIA_LINK.search(t)]
    assert found == [], "\n".join(map(str, found))


def test_no_table_markup_is_in_a_paragraph(parsed_corpus: dict[str, ParsedFile]) -> None:
    """The table rendering's "![]() |" and "| NATO Update |" cells are not text."""
    marked = [(k, t[-60:]) for k, t in every_paragraph(parsed_corpus) if "|" in t or "![]()" in t]
    assert marked == [], "\n".join(map(str, marked))


def test_every_article_has_a_title_and_body(parsed_corpus: dict[str, ParsedFile]) -> None:
    empty = [
        (key, a.title)
        for key, file in parsed_corpus.items()
        for d in file.documents
        for a in d.articles
        if not a.title.strip() or not a.paragraphs or not all(p.text.strip() for p in a.paragraphs)
    ]
    assert empty == [], "\n".join(map(str, empty))
