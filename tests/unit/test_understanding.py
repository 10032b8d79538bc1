"""The understanding engine on the shipped catalogue and intents."""

from __future__ import annotations

import pytest

from obm_bot.understanding.engine import Understander
from obm_bot.understanding.labels import INTENT_LABELS


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("goedemiddag", "greeting"),
        ("hallo, ik zoek een cursus hoogwerker voor twee man", "course_search"),
        ("wat kost de heftruckcursus?", "course_info"),
        ("graag 3 collega's aanmelden voor BHV herhaling", "enrolment"),
        ("kunnen jullie een offerte sturen voor VCA bij ons op locatie", "quote_request"),
        ("wordt de VCA cursus vergoed door OOM?", "funding"),
        ("mijn vca certificaat verloopt, moet ik opnieuw examen doen?", "exam_certification"),
        ("de trainer van de lascursus was slecht voorbereid, ik ben ontevreden", "complaint"),
        ("ik wil graag een medewerker spreken", "human_handoff"),
        ("wanneer is mijn volgende tussenstap?", "milestone_status"),
        ("hoe word ik erkend leerbedrijf", "apprenticeship_employer"),
        ("bedankt, tot ziens", "thanks_goodbye"),
        ("verkopen jullie ook lasapparaten", "out_of_scope"),
        ("xkcdqw zzpt", "out_of_scope"),
    ],
)
def test_intents(understander: Understander, text: str, intent: str) -> None:
    assert understander.understand(text).intent == intent


def test_result_shape(understander: Understander) -> None:
    result = understander.understand("Ik zoek een TIG cursus voor 3 lassers in de avond")
    assert result.intent == "course_search"
    assert 0 <= result.confidence <= 1
    assert result.alternatives and all(a.intent in INTENT_LABELS for a in result.alternatives)
    assert result.alternatives[0].confidence <= result.confidence
    assert 1 <= len(result.courses) <= 5
    assert "tig" in result.courses[0].title.lower()
    assert [c.score for c in result.courses] == sorted(
        (c.score for c in result.courses), reverse=True
    )
    assert result.entities.participants == 3
    assert result.entities.schedule == "avond"


def test_no_courses_when_nothing_matches(understander: Understander) -> None:
    assert understander.understand("Ik zoek een cursus bloemschikken").courses == []


def test_gibberish_is_confidently_out_of_scope(understander: Understander) -> None:
    result = understander.understand("asdfgh qwerty")
    assert result.intent == "out_of_scope"
    assert result.confidence > 0.9


@pytest.mark.parametrize(
    "text", ["", "   ", "🙂🙂🙂", "?!", "x" * 5000, "'; DROP TABLE requests; --", "lassen " * 800]
)
def test_bad_input_never_crashes(understander: Understander, text: str) -> None:
    result = understander.understand(text)
    assert result.intent in INTENT_LABELS
    assert 0 <= result.confidence <= 1


def test_typo_of_a_cue_word_is_understood(understander: Understander) -> None:
    assert understander.understand("ik wil een ofserte voor vca").intent == "quote_request"
    assert understander.understand("hoe anuleer ik de cursus").intent == "admin_support"


def test_everyday_words_are_not_corrected(understander: Understander) -> None:
    result = understander.understand("welke cursussen moeten mijn collega's doen")
    assert all("meten" not in c.title.lower() for c in result.courses)


def test_classify_record_matches_the_contract(understander: Understander) -> None:
    record = understander.understand("hoi").classify_record()
    assert set(record) == {"text", "intent", "confidence", "alternatives", "courses", "entities"}
    entities = record["entities"]
    assert isinstance(entities, dict)
    assert set(entities) == {"participants", "schedule", "location", "period"}


def test_explain_names_the_cues(understander: Understander) -> None:
    fired = understander.explain("graag een offerte")
    assert any(c.startswith("offerte") for c in fired["quote_request"])
