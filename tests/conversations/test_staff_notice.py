"""The account manager's notice: everything needed to act, in Dutch, without a transcript."""

from __future__ import annotations

import re

from obm_bot.domain.models import RequestKind
from tests.conversations.conftest import Chat
from tests.conversations.desk_helpers import (
    ANOUK,
    BART,
    JEROEN,
    JEROEN_DETAILS,
    jeroen_records_tig,
)
from tests.integration.conftest import Harness

TRANSCRIPT_LINE = re.compile(r"^\s*(?:klant|bot)\s*:", re.IGNORECASE | re.MULTILINE)
ESCAPED = re.compile(r"&#\d+;|&(?:amp|lt|gt|quot|apos);")


def notice(chat: Chat, name: str) -> str:
    found = [t for t in chat.staff_texts(name) if t.lstrip("⚠️ —KLACHT").startswith("Nieuwe")]
    assert len(found) == 1, chat.staff_texts(name)
    return found[0]


async def test_course_notice_has_everything_the_manager_needs(chat: Chat) -> None:
    request = await jeroen_records_tig(chat)
    text = notice(chat, ANOUK)
    assert request.reference in text
    assert "Inschrijving" in text and "TIG lassen staal en RVS" in text
    assert "dienstverlening" not in text.lower()
    # The chosen offering: provider, place, start date.
    assert "SMEOT" in text and "12 jan 2027" in text
    assert "Deelnemers: 2 (Bram, Ties)" in text
    assert re.search(r"Rooster: .*avond", text, re.IGNORECASE)
    assert "Plaats: Hengelo" in text
    assert "factuur naar de zaak" in text
    assert "Bouwmeester Metaal (lid; accountmanager Anouk de Vries)" in text
    assert "Jeroen de Wit" in text and "06-12345678" in text
    assert JEROEN in text  # the first message in full
    assert not TRANSCRIPT_LINE.search(text), text
    assert chat.staff_texts(BART) == []
    assert chat.turns == 2
    chat.assert_nothing_asked_twice()


async def test_notice_and_summary_are_plain_text_without_html_escapes(chat: Chat) -> None:
    await chat.say(JEROEN, *JEROEN_DETAILS)
    [summary] = [t for t in chat.replies if t.startswith("Klopt dit?")]
    await chat.press("Klopt, aanvragen")
    [request] = await chat.requests()
    assert request.entities["schedule"] == "avond" and request.entities["participants"] == 2
    text = notice(chat, ANOUK)
    assert not ESCAPED.search(summary), summary  # the customer's summary
    assert not ESCAPED.search(text), text  # the manager's notice
    assert "’s avonds" in text.lower() or "'s avonds" in text.lower()
    assert chat.turns == 2
    chat.assert_nothing_asked_twice()


async def test_notice_shows_the_period(chat: Chat) -> None:
    await chat.say(
        "hallo met Jeroen de Wit van Bouwmeester Metaal, graag Bram en Ties voor TIG lassen"
        " in de avond bij SMEOT Hengelo, liefst in januari. 06-12345678",
        "role", "company", "name", "phone", "participants", "schedule", "course",
    )  # fmt: skip
    await chat.press("Klopt, aanvragen")
    [request] = await chat.requests()
    assert request.courses == ["tig-lassen-staal-rvs"]
    assert request.entities["period"] is not None
    assert "januari" in str(request.entities["period"]).lower() or "01" in str(
        request.entities["period"]
    )
    assert re.search(r"Periode: .*jan", notice(chat, ANOUK), re.IGNORECASE)
    assert chat.turns == 2
    chat.assert_nothing_asked_twice()


async def test_funding_question_becomes_a_subsidie_request(chat: Chat, harness: Harness) -> None:
    offer = await chat.say(
        "hallo, wij zijn van Van Dam Constructie, krijgen we subsidie voor een vca cursus?",
        "company",
    )
    assert any("OOM" in t and "?" in t for t in offer), offer
    assert chat.labels == ["Ja, graag", "Nee, bedankt"]
    await chat.say("ja graag")
    await chat.say("Henk Bos", "name")
    recorded = await chat.say("06 11223344", "phone")
    assert any("OBM-" in t for t in recorded)

    [request] = await chat.requests()
    assert request.intent == "funding"
    assert request.kind is RequestKind.SERVICE
    assert (await chat.handoff()).assignee == BART
    text = notice(chat, BART)
    assert "subsidie" in text.lower()
    assert "dienstverlening" not in text.lower()
    assert "Van Dam Constructie (lid; accountmanager Bart Jansen)" in text
    assert "Henk Bos" in text
    assert "06 11223344" in text  # the contact: how to reach him
    assert "krijgen we subsidie voor een vca cursus?" in text
    assert not TRANSCRIPT_LINE.search(text), text

    [line] = [
        t for o in await harness.staff(BART, "/wachtrij") for t in o.text.splitlines()
        if request.reference in t
    ]  # fmt: skip
    assert "subsidie" in line.lower() and "Van Dam Constructie" in line
    assert chat.turns == 4
    chat.assert_nothing_asked_twice()


async def test_queue_line_shows_kind_subject_and_company(chat: Chat, harness: Harness) -> None:
    request = await jeroen_records_tig(chat)
    [line] = [
        t for o in await harness.staff(ANOUK, "/wachtrij") for t in o.text.splitlines()
        if request.reference in t
    ]  # fmt: skip
    assert "Inschrijving" in line and "TIG lassen" in line and "Bouwmeester Metaal" in line
    assert "dienstverlening" not in line.lower()
    assert chat.turns == 2
    chat.assert_nothing_asked_twice()


async def test_case_of_two_requests_shows_both(chat: Chat, harness: Harness) -> None:
    first = (
        "Hoi, Henk Bos hier van Van Dam Constructie. we willen 2 man voor vca vol en 3 man"
        " voor heftruck, allebei overdag. bel me op 0611223344"
    )
    await chat.say(first, "role", "company", "name", "phone", "participants", "schedule", "course")
    await chat.press("Klopt, aanvragen")
    vca, forklift = await chat.requests()
    assert vca.courses == ["vca-vol"] and vca.entities["participants"] == 2
    assert forklift.courses == ["heftruck"] and forklift.entities["participants"] == 3
    assert vca.entities["schedule"] == forklift.entities["schedule"] == "dag"
    assert (await chat.handoff()).assignee == BART
    text = notice(chat, BART)
    assert vca.reference in text and forklift.reference in text
    assert "VCA VOL" in text.upper() and "Heftruck" in text
    assert "Deelnemers: 2" in text and "Deelnemers: 3" in text
    assert "Van Dam Constructie (lid; accountmanager Bart Jansen)" in text
    assert "0611223344" in text and first in text
    queue = "\n".join(o.text for o in await harness.staff(BART, "/wachtrij"))
    assert vca.reference in queue
    assert chat.turns == 2
    chat.assert_nothing_asked_twice()
