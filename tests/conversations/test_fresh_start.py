"""/start and /menu in the middle of a request: a fresh start, the next message read afresh.

Found by an attack on the running bot: after /start the abandoned question (the company
name) swallowed the next message, and the request was recorded for the old subject.
"""

from __future__ import annotations

import pytest

from obm_bot.domain.models import RequestKind
from tests.conversations.conftest import Chat

CONTACT = (
    "Voor wie noteer ik dit? Graag de naam van uw bedrijf, uw naam en uw telefoonnummer,"
    " bijvoorbeeld: Metaalwerk Jansen, Piet de Boer, 06 12345678."
)
GREETING = {"/start": "Welkom bij het loket van", "/menu": "Bij dit loket kunt u terecht voor:"}


async def abandon_a_request_at_the_contact_question(chat: Chat) -> None:
    await chat.say("hallo, ik zoek een cursus hoogwerker voor 2 man")
    await chat.press("Maakt niet uit")
    assert chat.replies[-1] == CONTACT


@pytest.mark.parametrize("command", ["/start", "/menu"])
async def test_a_fresh_start_forgets_the_abandoned_question(chat: Chat, command: str) -> None:
    await abandon_a_request_at_the_contact_question(chat)
    [greeting] = await chat.say(command)
    assert greeting.startswith(GREETING[command])
    assert chat.labels == ["Cursus zoeken", "Subsidie", "Medewerker spreken"]
    chat.known.clear()  # the new subject's details are asked for anew, and rightly so

    [answer] = await chat.say("wat kost een vca cursus")
    assert "VCA basis (B-VCA)" in answer and "Hoogwerker" not in answer
    assert answer != CONTACT  # the new question is no company name
    await chat.press("Offerte")
    await chat.say("3", "participants")
    await chat.press("Maakt niet uit", "schedule")
    summary = await chat.say("Bouwmeester Metaal, Piet de Boer, 06 12345678", "company", "name")
    assert "Offerteaanvraag: VCA basis (B-VCA)" in summary[0] and "Hoogwerker" not in summary[0]
    await chat.press("Klopt, aanvragen")

    [request] = await chat.requests()
    assert request.kind is RequestKind.QUOTE and request.courses == ["vca-basis"]
    assert request.entities["participants"] == 3
    assert request.entities["words"] == "wat kost een vca cursus"
    assert request.entities["asides"] == []  # nothing of the abandoned request came along
    contact = await chat.contact()
    assert (contact.company, contact.name, contact.phone) == (
        "Bouwmeester Metaal",
        "Piet de Boer",
        "06 12345678",
    )
    assert chat.turns == 9
    chat.assert_nothing_asked_twice()
    chat.record_turns(f"fresh start with {command}")


@pytest.mark.parametrize("command", ["/start", "/menu"])
async def test_after_a_fresh_start_die_cursus_is_no_longer_the_old_one(
    chat: Chat, command: str
) -> None:
    await abandon_a_request_at_the_contact_question(chat)
    await chat.say(command)
    [answer] = await chat.say("wat kost die cursus?")
    assert "Hoogwerker" not in answer and "Over welke cursus gaat uw vraag?" in answer
    assert await chat.requests() == []
    assert chat.turns == 4
