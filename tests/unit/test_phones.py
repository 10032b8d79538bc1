"""Dutch phone numbers: enough digits, however they are spaced; punctuation alone is none.

Found by an attack on the running bot: "((((((((((" was reported as accepted as a number.
"""

from __future__ import annotations

import pytest

from obm_bot.understanding.phones import PHONE_ATTEMPT, phone_number


@pytest.mark.parametrize(
    "typed",
    [
        "06 12345678",
        "0612345678",
        "06-12345678",
        "010-4567890",
        "(010) 456 78 90",
        "074 123 45 01",
        "+31 6 1234 5678",
        "+31 (0)6 12345678",
        "+31 (0) 6 12345678",
        "0031 6 12345678",
    ],
)
def test_numbers_as_people_type_them(typed: str) -> None:
    assert phone_number(f"bel me op {typed} aub") == typed


@pytest.mark.parametrize(
    "typed",
    [
        "((((((((((",
        "0((((((((((",
        "0-(-(-(-(-(-(-(-(-(",
        "0 - - - - - - - - -",
        "+31((((((((((",
        "06-1234",  # too few digits
        "06 123456789",  # too many
        "00 12345678",  # no area code starts with 0
        "12-03-2027",  # a date
    ],
)
def test_punctuation_and_wrong_lengths_are_no_number(typed: str) -> None:
    assert phone_number(typed) is None


@pytest.mark.parametrize("typed", ["((((((((((", "06-1234", "+31 6 12", "061234"])
def test_what_looks_like_a_try_is_recognised(typed: str) -> None:
    assert PHONE_ATTEMPT.search(typed)


@pytest.mark.parametrize("typed", ["Piet de Boer", "ja", "(zie hierboven)", "2 man"])
def test_words_are_no_try(typed: str) -> None:
    assert PHONE_ATTEMPT.search(typed) is None


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("Andrzej Nowak +48 512 345 678", "+48 512 345 678"),
        ("bel 0049 171 2345678", "0049 171 2345678"),
    ],
)
def test_a_foreign_number_with_its_country_code(text: str, number: str) -> None:
    assert phone_number(text) == number
