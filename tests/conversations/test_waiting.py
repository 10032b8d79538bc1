"""While a handoff waits: messages reach the account manager, and stopping is a choice."""

from __future__ import annotations

from obm_bot.domain.models import HandoffStatus
from tests.conversations.conftest import Chat
from tests.conversations.desk_helpers import ANOUK, jeroen_records_tig
from tests.integration.conftest import Harness


def acknowledged(texts: list[str]) -> bool:
    """The short acknowledgement: who answers and by when."""
    return any(ANOUK in t and "11:00" in t for t in texts)


async def test_messages_while_waiting_reach_the_manager_acknowledged_once(chat: Chat) -> None:
    request = await jeroen_records_tig(chat)
    before = len(chat.staff_texts(ANOUK))

    first = await chat.say("o ja, kan het eventueel ook in januari??")
    assert acknowledged(first), first
    second = await chat.say("en bram heeft al een vca diploma trouwens")
    assert second == [], second  # no acknowledgement for every message
    third = await chat.say("ties ook")
    assert third == [], third

    relayed = chat.staff_texts(ANOUK)[before:]
    assert len(relayed) == 3
    assert "kan het eventueel ook in januari??" in relayed[0]
    assert "bram heeft al een vca diploma" in relayed[1]
    assert "ties ook" in relayed[2]
    assert all(request.reference in t for t in relayed)

    [still] = await chat.requests()
    assert still.status == "bij accountmanager" and still.entities["participants"] == 2
    assert (await chat.handoff()).status is HandoffStatus.OPEN
    assert chat.turns == 5
    chat.assert_nothing_asked_twice()


async def test_asking_how_long_or_who_calls_gets_the_acknowledgement_again(chat: Chat) -> None:
    await jeroen_records_tig(chat)
    assert acknowledged(await chat.say("nog een vraagje: graag factuur per mail"))
    assert await chat.say("naar admin@bouwmeester.nl") == []
    again = await chat.say("hoe lang duurt het nog?")
    assert acknowledged(again), again
    who = await chat.say("wie belt mij eigenlijk")
    assert acknowledged(who), who
    assert "hoe lang duurt het nog?" in chat.staff_texts(ANOUK)[-2]
    assert "wie belt mij eigenlijk" in chat.staff_texts(ANOUK)[-1]
    [request] = await chat.requests()
    assert request.status == "bij accountmanager"
    assert chat.turns == 6
    chat.assert_nothing_asked_twice()


async def test_stop_waiting_only_keeps_the_request_with_the_manager(
    chat: Chat, harness: Harness
) -> None:
    request = await jeroen_records_tig(chat)
    choice = await chat.say("/stop")
    assert chat.labels == ["Alleen niet meer wachten", "Aanvraag intrekken", "Toch blijven wachten"]
    assert any("intrekken" in t for t in choice)
    stopped = await chat.press("Alleen niet meer wachten")
    assert any(request.reference in t and "blijft staan" in t for t in stopped), stopped

    # The request stays in Anouk's queue.
    [still] = await chat.requests()
    assert still.status == "bij accountmanager"
    assert (await chat.handoff()).status is HandoffStatus.OPEN
    queue = await harness.staff(ANOUK, "/wachtrij")
    assert request.reference in queue[0].text

    # The bot answers the customer itself again, and does not relay.
    before = len(chat.staff_texts(ANOUK))
    answer = await chat.say("wat kost vca basis eigenlijk?")
    assert any("VCA basis" in t and "excl. btw" in t for t in answer), answer
    assert chat.staff_texts(ANOUK)[before:] == []

    # Anouk can still answer, and it reaches the customer.
    out = await harness.staff(ANOUK, f"/antwoord {request.reference} Ik bel u om 15:00.")
    assert [o.text for o in out if o.to == chat.address] == ["Anouk de Vries: Ik bel u om 15:00."]
    assert chat.turns == 5
    chat.assert_nothing_asked_twice()


async def test_typed_stop_then_typed_withdraw_cancels_request_and_handoff(
    chat: Chat, harness: Harness
) -> None:
    request = await jeroen_records_tig(chat)
    await chat.say("stop")
    assert "Aanvraag intrekken" in chat.labels
    withdrawn = await chat.say("aanvraag intrekken")
    assert any("ingetrokken" in t and request.reference in t for t in withdrawn), withdrawn

    [cancelled] = await chat.requests()
    assert cancelled.status == "ingetrokken"
    handoff = await chat.handoff()
    assert handoff.status is HandoffStatus.CANCELLED
    assert any(request.reference in t for t in chat.staff_texts(ANOUK)[-1:])
    queue = await harness.staff(ANOUK, "/wachtrij")
    assert request.reference not in queue[0].text

    # Nothing is relayed any more; the bot answers itself.
    before = len(chat.staff_texts(ANOUK))
    assert await chat.say("wat kost heftruck?")
    assert chat.staff_texts(ANOUK)[before:] == []
    assert chat.turns == 5
    chat.assert_nothing_asked_twice()


async def test_stop_button_then_stay_keeps_everything(chat: Chat, harness: Harness) -> None:
    request = await jeroen_records_tig(chat)
    await chat.press("Niet meer wachten")
    assert chat.labels == ["Alleen niet meer wachten", "Aanvraag intrekken", "Toch blijven wachten"]
    stay = await chat.press("Toch blijven wachten")
    assert stay and all("ingetrokken" not in t for t in stay)

    [kept] = await chat.requests()
    assert kept.status == "bij accountmanager" and kept.entities["names"] == ["Bram", "Ties"]
    assert (await chat.handoff()).status is HandoffStatus.OPEN
    queue = await harness.staff(ANOUK, "/wachtrij")
    assert request.reference in queue[0].text

    await chat.say("nog iets: ties is linkshandig, maakt dat uit?")
    assert "ties is linkshandig" in chat.staff_texts(ANOUK)[-1]
    assert chat.turns == 5
    chat.assert_nothing_asked_twice()


async def test_typed_stay_and_typed_stop_waiting_only(chat: Chat, harness: Harness) -> None:
    request = await jeroen_records_tig(chat)
    await chat.say("/stop")
    await chat.say("toch blijven wachten")
    assert (await chat.handoff()).status is HandoffStatus.OPEN
    await chat.say("Stoppen.")
    assert "Alleen niet meer wachten" in chat.labels
    done = await chat.say("alleen niet meer wachten!")
    assert any("blijft staan" in t for t in done), done

    [kept] = await chat.requests()
    assert kept.status == "bij accountmanager"
    assert (await chat.handoff()).status is HandoffStatus.OPEN
    queue = await harness.staff(ANOUK, "/wachtrij")
    assert request.reference in queue[0].text
    assert any("wacht niet meer" in t for t in chat.staff_texts(ANOUK))
    assert chat.turns == 6
    chat.assert_nothing_asked_twice()
