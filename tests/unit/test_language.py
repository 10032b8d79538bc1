"""Language detection: English when plainly English, Dutch otherwise."""

from __future__ import annotations

import pytest

from obm_bot.understanding.language import detect


@pytest.mark.parametrize(
    "text",
    [
        "I need forklift training for 2 guys",
        "hi, can I talk to someone",
        "my welding certificate expires next month",
        "How much does the safety course cost?",
        "We want to send three workers to the first aid course",
        "I don't understand the invoice",
        "is there a VCA course in English near Enschede?",
    ],
)
def test_english_messages_are_english(text: str) -> None:
    assert detect(text) == "en"


@pytest.mark.parametrize(
    "text",
    [
        "ik wil me aanmelden voor de heftruckcursus",
        "we hebben 3 man die een vca nodig hebben",
        "wat kost de training BHV?",
        "kunnen jullie mij terugbellen",
        "mijn certificaat verloopt volgende maand",
        "is de cursus in het Engels?",
        "graag een offerte voor de training Lean Basics",
    ],
)
def test_dutch_messages_are_dutch(text: str) -> None:
    assert detect(text) == "nl"


@pytest.mark.parametrize("text", ["ok", "vca?", "hoi", "hi", "thanks", "Hello", "", "3", "👍"])
def test_short_or_ambiguous_texts_default_to_dutch(text: str) -> None:
    assert detect(text) == "nl"
