from retrieval.snippets import (
    ELLIPSIS,
    SNIPPET_CHARS,
    Segment,
    make_snippet,
    matched_spans,
    sentence_starts,
    snippet_for_terms,
)

SHORT = "Les relations OTAN-Russie ont été au centre des discussions."
LONG = (
    "Au cours de sa visite de deux jours, le Secrétaire général s’est entretenu avec le "
    "Président, M. Vladimir Poutine, et le Ministre des affaires étrangères. "
    "Les discussions ont porté sur la coopération militaire et la lutte contre le terrorisme. "
    "Une mission de liaison militaire sera renforcée à Moscou grâce à du personnel "
    "supplémentaire, a précisé le porte-parole. "
    "Les ministres ont aussi évoqué la prolifération des armes de destruction massive, "
    "sujet qui reste au centre des préoccupations de l’Alliance et de ses partenaires."
)


def test_a_short_paragraph_is_whole_with_its_matched_words_marked():
    snippet = make_snippet(SHORT, "fr", "OTAN Russie")
    assert snippet.segments == (
        Segment("Les relations ", False),
        Segment("OTAN", True),
        Segment("-", False),
        Segment("Russie", True),
        Segment(" ont été au centre des discussions.", False),
    )
    assert snippet.text == SHORT


def test_words_match_by_their_stem_and_in_the_paragraphs_language_only():
    # "russes" and "Russie" share the French stem; English analysis is not used on French text.
    assert make_snippet("Des officiers russes à Mons.", "fr", "Russie").matches == ("russes",)
    assert make_snippet("The Russian officers.", "en", "Russie").matches == ()


def test_stopwords_and_elided_articles_are_not_marked():
    snippet = make_snippet("L’OTAN et la défense de l’Europe.", "fr", "la défense de l'OTAN")
    assert snippet.matches == ("OTAN", "défense")


def test_a_long_paragraph_is_cut_around_the_match_with_ellipses():
    snippet = make_snippet(LONG, "fr", "mission Moscou")
    assert snippet.text.startswith(ELLIPSIS)
    assert snippet.text.endswith(ELLIPSIS)
    assert len(snippet.text) <= SNIPPET_CHARS + 4
    assert snippet.matches == ("mission", "Moscou")


def test_the_cut_falls_on_sentence_or_word_boundaries():
    for query in ("mission Moscou", "terrorisme", "prolifération", "Poutine"):
        text = make_snippet(LONG, "fr", query, width=120).text
        body = text.strip(ELLIPSIS + " ")
        assert body in LONG, (query, text)
        start, end = LONG.index(body), LONG.index(body) + len(body)
        assert start == 0 or LONG[start - 1] == " ", (query, text)
        assert end == len(LONG) or LONG[end] in " ", (query, text)


def test_a_window_prefers_the_sentence_holding_most_distinct_words():
    text = make_snippet(LONG, "fr", "coopération terrorisme personnel", width=100).text
    assert "coopération militaire et la lutte contre le terrorisme" in text


def test_without_a_match_the_snippet_is_the_opening():
    snippet = make_snippet(LONG, "fr", "zanzibar", width=100)
    assert snippet.text.startswith("Au cours de sa visite")
    assert snippet.text.endswith(ELLIPSIS)
    assert snippet.matches == ()


def test_abbreviations_do_not_end_sentences():
    starts = sentence_starts("Il a vu M. Poutine. Puis il est parti. « Bien », dit-il.")
    assert starts == [0, 20, 39]


def test_one_long_word_is_cut_hard():
    text = "x" * 500
    snippet = make_snippet(text, "en", "nothing", width=100)
    assert snippet.text == "x" * 100 + ELLIPSIS


def test_html_special_characters_are_kept_as_text():
    text = 'Costs < 5% & "benefits" > 10% for R&D.'
    snippet = make_snippet(text, "en", "benefits")
    assert snippet.text == text
    assert snippet.matches == ("benefits",)


def test_spans_index_into_the_text_as_given():
    text = "Les relations OTAN-Russie."
    assert [text[s:e] for s, e in matched_spans(text, "fr", ["fr:otan", "fr:russ"])] == [
        "OTAN",
        "Russie",
    ]


def test_decomposed_accents_are_normalised_before_cutting():
    decomposed = "Le Secre\u0301taire ge\u0301ne\u0301ral de l’OTAN."
    snippet = snippet_for_terms(decomposed, "fr", ["fr:otan"])
    assert snippet.matches == ("OTAN",)
    assert snippet.text == "Le Secrétaire général de l’OTAN."
