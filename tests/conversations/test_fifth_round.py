"""Fifth round of play (a tester who never read the code): forgetting while waiting, the
account manager told, and no acknowledgement twice in a row."""

from __future__ import annotations

import pytest

from obm_bot.domain.models import HandoffStatus
from tests.conversations.conftest import Chat
from tests.conversations.desk_helpers import ANOUK, jeroen_records_tig


@pytest.mark.parametrize("confirm", ["1", "Ja, verwijder alles"])
async def test_forget_can_be_confirmed_while_waiting(chat: Chat, confirm: str) -> None:
    request = await jeroen_records_tig(chat)
    before = len(chat.staff_texts(ANOUK))
    asked = await chat.say("/vergeet")
    assert any("Weet u het zeker?" in t for t in asked), asked
    done = await chat.say(confirm)
    assert any("verwijderd" in t for t in done), done
    notices = chat.staff_texts(ANOUK)[before:]
    assert confirm not in notices  # the answer was not relayed as a customer message
    assert any(request.reference in n and "verwijderen" in n for n in notices), notices
    # The notice is stored, so a staff terminal polling the database sees it too.
    pending = await chat.harness.loket.store.undelivered(f"staff:{ANOUK}")
    assert any(request.reference in row["text"] for row in pending)
    assert (await chat.harness.loket.store.handoff_by_reference(request.reference)) is not None
    handoff = await chat.harness.loket.store.handoff_by_reference(request.reference)
    assert handoff is not None and handoff.status is HandoffStatus.CANCELLED


async def test_the_same_acknowledgement_is_not_sent_twice_in_a_row(chat: Chat) -> None:
    await jeroen_records_tig(chat)
    first = await chat.say("nog niks??")
    assert len(first) == 1, first
    again = await chat.say("hallo??")
    assert again == [], again  # nothing new to say; the message did reach Anouk
    asked = await chat.say("hoe lang duurt het nog?")
    assert len(asked) == 1  # asked outright: the deadline once more
    assert len([t for t in chat.staff_texts(ANOUK) if "hallo??" in t]) == 1
