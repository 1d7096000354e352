"""The analyzer: one function turns paragraphs and questions into index terms."""

from __future__ import annotations

import unicodedata

import pytest

from retrieval.analysis import analyse, analyse_query, fold_accents, tokens


@pytest.mark.parametrize(
    ("elided", "bare"),
    [
        ("l'OTAN", "OTAN"),
        ("l’OTAN", "OTAN"),
        ("d'Afghanistan", "Afghanistan"),
        ("d’Afghanistan", "Afghanistan"),
        ("jusqu'à Kaboul", "Kaboul"),
        ("jusqu’à Kaboul", "Kaboul"),
        ("lorsqu'elle signe", "signe"),
        ("puisqu’on négocie", "négocie"),
        ("quoiqu'ils refusent", "refusent"),
        ("qu'il incombe", "incombe"),
        ("s'est rendu", "rendu"),
        ("m’incombe", "incombe"),
        ("c'est l'Alliance", "Alliance"),
    ],
)
def test_french_elisions_are_removed_with_either_apostrophe(elided: str, bare: str) -> None:
    assert analyse(elided, "fr") == analyse(bare, "fr")
    assert len(analyse(bare, "fr")) == 1


def test_case_and_accents_do_not_change_terms() -> None:
    assert analyse("OTAN Kosovo", "fr") == analyse("otan kosovo", "fr") == ["otan", "kosovo"]
    assert analyse("Bosnie-Herzégovine", "fr") == analyse("BOSNIE-HERZEGOVINE", "fr")
    assert analyse("Fédération de Russie", "fr") == analyse("FEDERATION DE RUSSIE", "fr")
    assert len(analyse("Fédération de Russie", "fr")) == 2
    assert fold_accents("événement Œuvre cœur naïve") == "evenement OEuvre coeur naive"


def test_decomposed_and_composed_accents_give_the_same_terms() -> None:
    composed = "Sécurité énergétique, élève"
    decomposed = unicodedata.normalize("NFD", composed)
    assert decomposed != composed
    assert analyse(decomposed, "fr") == analyse(composed, "fr")


def test_ligatures_fold_to_their_letters() -> None:
    assert analyse("œuvre", "fr") == analyse("oeuvre", "fr") == analyse("ŒUVRE", "fr")


@pytest.mark.parametrize(
    "word",
    [
        "défense",
        "coopération",
        "élargissement",
        "Secrétaire",
        "présidentielle",
        # Words of the corpus whose accented and plain spellings the stemmer cuts apart.
        "sécurité",
        "capacités",
        "Assemblée",
        "dirigée",
        "négociées",
        "journée",
        "Congrès",
    ],
    ids=fold_accents,
)
def test_a_french_word_typed_without_accents_gives_the_same_term(word: str) -> None:
    """Users type "securite" for "sécurité": both must meet in the index."""
    assert analyse(fold_accents(word), "fr") == analyse(word, "fr")


def test_stopwords_are_dropped_per_language() -> None:
    assert analyse("le la les de des du et au aux une est", "fr") == []
    assert analyse("the and of to is was with", "en") == []
    # "a" and "à" are French stopwords; English keeps words French drops.
    assert analyse("The Alliance", "en") == analyse("Alliance", "en")
    assert analyse("les ministres", "fr") == analyse("ministres", "fr")
    assert len(analyse("The Alliance", "en")) == len(analyse("les ministres", "fr")) == 1


def test_stopwords_are_recognised_without_their_accents() -> None:
    assert analyse("été même où", "fr") == []
    assert analyse("ete meme ou", "fr") == []


def test_content_words_are_kept() -> None:
    """Words the archive is searched for are not stopwords ("nouveau", "force", "10")."""
    assert len(analyse("nouveau force état 10", "fr")) == 4
    assert len(analyse("adopted 10 new forces", "en")) == 4
    assert "10" in analyse("adopted 10 new forces", "en")


def test_stemming_follows_the_paragraphs_language() -> None:
    assert analyse("ministres", "fr") == analyse("ministre", "fr")
    assert analyse("opérations", "fr") == analyse("opération", "fr")
    assert analyse("meetings", "en") == analyse("meeting", "en")
    assert analyse("forces", "en") == analyse("force", "en")
    assert analyse("visited", "en") == analyse("visits", "en")


def test_tokens_point_at_the_words_of_the_original_text() -> None:
    """Snippets highlight words by these positions, so they must index the text given."""
    text = "Le Secrétaire général de l’OTAN, M. Jaap de Hoop Scheffer"
    found = list(tokens(text, "fr"))
    assert [text[t.start : t.end] for t in found] == [
        "Secrétaire",
        "général",
        "OTAN",
        "Jaap",
        "Hoop",
        "Scheffer",
    ]
    assert [t.term for t in found] == [analyse(text[t.start : t.end], "fr")[0] for t in found]


def test_token_positions_hold_for_decomposed_accents() -> None:
    text = unicodedata.normalize("NFD", "Sécurité de l’OTAN")
    assert [text[t.start : t.end] for t in tokens(text, "fr")] == [
        unicodedata.normalize("NFD", "Sécurité"),
        "OTAN",
    ]


def test_analyse_and_tokens_agree() -> None:
    text = "L’OTAN et la Russie renforcent leur coopération militaire à Moscou."
    assert analyse(text, "fr") == [t.term for t in tokens(text, "fr")]


def test_a_question_that_does_not_say_its_language_is_analysed_as_both() -> None:
    terms = analyse_query("sommet Bucarest")
    assert sorted(terms) == ["en:bucarest", "en:sommet", "fr:bucarest", "fr:sommet"]


def test_a_french_question_is_read_as_french_and_its_names_as_both() -> None:
    """Function words say the language; names ("Bucarest") are the same in both."""
    terms = analyse_query("Où est le sommet de Bucarest ?")
    assert sorted(terms) == ["en:bucarest", "fr:bucarest", "fr:sommet"]


def test_an_english_question_is_read_as_english_and_its_names_as_both() -> None:
    terms = analyse_query("Who met the President in Sofia?")
    assert sorted(terms) == ["en:met", "en:presid", "en:sofia", "fr:president", "fr:sofi"]


def test_a_question_drops_both_languages_stopwords() -> None:
    """ "de", "la", "the" are noise in a question whichever language it is read as."""
    assert analyse_query("the of and de la le") == []
    assert analyse_query("") == []
    assert analyse_query("  ?! ") == []


def test_a_question_finds_the_same_terms_whatever_accents_were_typed() -> None:
    assert analyse_query("négociées à Helsinki") == analyse_query("negociees a Helsinki")
    assert analyse_query("la sécurité de l'Assemblée") == analyse_query(
        "la securite de l'Assemblee"
    )


def test_paragraph_and_question_meet_on_the_same_terms() -> None:
    """The one analyzer serves both sides: a paragraph's terms are among its question's."""
    paragraph = "Les ministres de la défense se sont réunis à Bruxelles."
    question_terms = set(analyse_query("réunion des ministres de la défense à Bruxelles"))
    paragraph_terms = {f"fr:{t}" for t in analyse(paragraph, "fr")}
    assert {"fr:ministr", "fr:defens", "fr:bruxel"} <= paragraph_terms & question_terms
