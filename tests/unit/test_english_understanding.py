"""English messages from foreign workers and managers: intent, course and language."""

from __future__ import annotations

import pytest

from obm_bot.understanding.engine import Understander


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("good morning, this is Pawel from Hengelo", "greeting"),
        ("do you also have forklift courses near Enschede?", "course_search"),
        ("what is the price of the first aid training", "course_info"),
        ("please sign up my colleague Marek for the VCA course", "enrolment"),
        ("can you make an offer for welding training for 6 guys at our company", "quote_request"),
        (
            "my forklift certificate is expiring, do I have to do the exam again?",
            "exam_certification",
        ),
        ("the trainer was rude and the course was a waste of time", "complaint"),
        ("can somebody call me back please", "human_handoff"),
        ("I lost the invoice, can you send it again?", "admin_support"),
        ("is the training paid by the sector fund?", "funding"),
        ("we want to take on an apprentice in our workshop", "apprenticeship_employer"),
        ("thank you very much, bye", "thanks_goodbye"),
        ("do you sell welding helmets?", "out_of_scope"),
    ],
)
def test_english_intents(understander: Understander, text: str, intent: str) -> None:
    result = understander.understand(text)
    assert result.intent == intent, (text, result.intent, result.alternatives)
    assert result.language == "en"


@pytest.mark.parametrize(
    ("text", "course"),
    [
        ("I need forklift training for 2 guys", "heftruck"),
        ("do you have a safety course in English?", "vca-basis"),
        ("we need first aid for the whole crew", "ehbo"),
        ("my guys need the emergency response course", "bhv-basis"),
        ("looking for a TIG welding course", "tig-lassen-staal-rvs"),
    ],
)
def test_english_course_words_match_the_catalogue(
    understander: Understander, text: str, course: str
) -> None:
    result = understander.understand(text)
    assert course in [hit.id for hit in result.courses[:3]], (text, result.courses)


def test_english_function_words_name_no_course(understander: Understander) -> None:
    # "the", "for", "my", "course" are not course words: nothing but the greeting is heard.
    result = understander.understand("hi, I have a question for you about the course")
    assert result.courses == []


def test_dutch_messages_stay_dutch(understander: Understander) -> None:
    assert understander.understand("ik wil graag een offerte voor vca").language == "nl"
