import pytest

from bot.paging import CALLBACK_DATA_BYTES, MAX_OFFSET, Page, QuestionBook, callback_data, page_of


@pytest.mark.parametrize(
    "query",
    ["OTAN", "élargissement de l’OTAN vers l’est", "x" * 200, "Россия и НАТО " * 5, "a|b|c"],
)
def test_button_data_fits_64_bytes_and_leads_back_to_the_page(query):
    book = QuestionBook()
    data = callback_data(Page(query, 297), book)
    assert len(data.encode()) <= CALLBACK_DATA_BYTES
    assert page_of(data, book) == Page(query, 297)


def test_a_short_question_travels_in_the_button_and_survives_a_restart():
    data = callback_data(Page("OTAN Russie", 3), QuestionBook())
    assert data == "q|3|OTAN Russie"
    assert page_of(data, QuestionBook()) == Page("OTAN Russie", 3)


def test_a_forgotten_long_question_has_expired():
    book = QuestionBook(size=2)
    data = callback_data(Page("x" * 100, 3), book)
    callback_data(Page("y" * 100, 3), book)
    callback_data(Page("z" * 100, 3), book)
    assert page_of(data, book) is None


@pytest.mark.parametrize(
    "data", ["", "q", "q|x|OTAN", "q|3|", "z|3|OTAN", f"q|{MAX_OFFSET + 3}|OTAN"]
)
def test_unknown_button_data_leads_nowhere(data):
    assert page_of(data, QuestionBook()) is None
