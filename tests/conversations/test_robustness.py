"""Restarts, old buttons, /mijngegevens and duplicate deliveries in the middle of a flow."""

from __future__ import annotations

from pathlib import Path

from obm_bot.catalogue.models import Catalogue
from obm_bot.organisation import Organisation
from obm_bot.understanding.engine import Understander
from tests.conversations.conftest import Chat
from tests.conversations.desk_helpers import ANOUK
from tests.fakes.clock import FakeClock
from tests.integration.conftest import Harness, make_loket

HOOGWERKER = "hallo, ik zoek een cursus hoogwerker voor 2 man"
CONTACT = (
    "Voor wie noteer ik dit? Graag de naam van uw bedrijf, uw naam en uw telefoonnummer,"
    " bijvoorbeeld: Metaalwerk Jansen, Piet de Boer, 06 12345678."
)
NAME_AND_PHONE = (
    "Voor wie noteer ik dit? Graag uw naam en uw telefoonnummer, bijvoorbeeld: Piet de Boer,"
    " 06 12345678."
)


async def to_company_question(chat: Chat) -> None:
    await chat.say(HOOGWERKER, "course", "participants")
    await chat.press("Maakt niet uit", "schedule")
    assert chat.replies[-1] == CONTACT


async def finish(chat: Chat) -> None:
    assert await chat.say("Piet de Boer", "name") == ["Op welk telefoonnummer bent u bereikbaar?"]
    summary = await chat.say("06 12345678", "phone")
    assert any("Piet de Boer" in t and "Bouwmeester Metaal" in t for t in summary), summary
    await chat.press("Klopt, aanvragen")


async def test_restart_continues_with_the_pending_question(
    chat: Chat,
    harness: Harness,
    db_path: Path,
    catalogue: Catalogue,
    understander: Understander,
    organisation: Organisation,
    clock: FakeClock,
) -> None:
    await to_company_question(chat)
    await harness.loket.store.close()
    reopened = Harness(await make_loket(db_path, catalogue, understander, organisation, clock))
    reopened.counter = harness.counter
    again = Chat(reopened, chat.user)
    again.turns, again.known, again.buttons = chat.turns, set(chat.known), chat.buttons
    try:
        assert await again.say("bouwmeester metaal", "company") == [NAME_AND_PHONE]
        await finish(again)
        [request] = await again.requests()
        assert request.courses == ["hoogwerker-ipaf"]
        assert request.entities["participants"] == 2
        assert request.entities["schedule"] == "geen"
        assert (await again.handoff()).assignee == ANOUK
    finally:
        await reopened.loket.store.close()
    assert again.turns == 6
    again.assert_nothing_asked_twice()
    chat.assert_nothing_asked_twice()


async def test_old_button_is_refused_and_the_question_asked_again(chat: Chat) -> None:
    await to_company_question(chat)
    stale = await chat.press("Overdag")  # from the schedule question, already answered
    assert any("hoort niet" in t for t in stale), stale
    assert stale[-1] == CONTACT
    await chat.say("Bouwmeester Metaal", "company")
    await finish(chat)
    [request] = await chat.requests()
    assert request.courses == ["hoogwerker-ipaf"]
    assert request.entities["schedule"] == "geen"  # the old press changed nothing
    assert request.entities["participants"] == 2
    assert chat.turns == 7
    chat.assert_nothing_asked_twice()


async def test_my_data_in_the_middle_of_a_flow(chat: Chat) -> None:
    await to_company_question(chat)
    shown = await chat.say("/mijngegevens")
    assert any("Dit bewaren wij" in t for t in shown), shown
    assert await chat.say("Bouwmeester Metaal", "company") == [NAME_AND_PHONE]
    await finish(chat)
    [request] = await chat.requests()
    assert request.courses == ["hoogwerker-ipaf"] and request.entities["participants"] == 2
    contact = await chat.contact()
    assert contact.company == "Bouwmeester Metaal" and contact.name == "Piet de Boer"
    assert chat.turns == 7
    chat.assert_nothing_asked_twice()


async def test_a_duplicate_delivery_does_not_duplicate_the_request(
    chat: Chat, harness: Harness
) -> None:
    await to_company_question(chat)
    await chat.say("Bouwmeester Metaal", "company")
    await chat.say("Piet de Boer", "name")
    await chat.say("06 12345678", "phone")
    [confirm] = [b.data for b in chat.buttons if b.label == "Klopt, aanvragen"]
    first = await harness.send(chat.user, button=confirm, inbound_id="tg-77")
    again = await harness.send(chat.user, button=confirm, inbound_id="tg-77")
    assert any("OBM-" in o.text for o in first) and again == []
    [request] = await chat.requests()
    assert request.status == "bij accountmanager"
    assert len(await harness.loket.store.queue()) == 1
    assert chat.turns + 2 == 7
    chat.assert_nothing_asked_twice()
