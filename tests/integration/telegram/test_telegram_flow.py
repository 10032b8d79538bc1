"""The employer's whole loop through Telegram, from first message to a closed topic."""

from __future__ import annotations

import re

from obm_bot.domain.models import HandoffStatus
from tests.fakes.telegram_users import STAFF_GROUP
from tests.integration.telegram.conftest import ANOUK, BART, CUSTOMER, TelegramHarness

REFERENCE = re.compile(r"OBM-\d{4}-\d{6}")


async def request_course(bot: TelegramHarness, user: int = CUSTOMER) -> str:
    """Customer side up to the recorded request; returns its reference."""
    await bot.say(user, "hallo")
    await bot.say(user, "Ik zoek een cursus hoogwerker voor 2 man")
    assert "Hoogwerker" in bot.last_text(user) and "Wat past het best voor" in bot.last_text(user)
    await bot.press(user, "Maakt niet uit")
    assert bot.last_text(user).startswith("Voor wie noteer ik dit?")
    await bot.say(user, "Bouwmeester Metaal")
    await bot.say(user, "Piet de Boer")
    await bot.say(user, "06 12345678")
    assert "Piet de Boer" in bot.last_text(user)
    await bot.press(user, "Klopt, aanvragen")
    match = REFERENCE.search("\n".join(bot.fake.texts(user)[-2:]))
    assert match
    return match.group(0)


async def test_employer_request_is_handled_in_its_topic(bot: TelegramHarness) -> None:
    reference = await request_course(bot)
    [(thread, topic)] = bot.topics().items()
    assert topic["name"].startswith(f"{reference} · werkgever · Bouwmeester Metaal")
    opening = bot.last(STAFF_GROUP, thread)
    assert "Piet de Boer" in opening["text"] and "hoogwerker" in opening["text"].lower()
    assert "Oppakken" in str(opening["reply_markup"])
    assert bot.fake.bot_messages(ANOUK) == []  # the group is the place, not private chats

    await bot.say(CUSTOMER, "Graag in januari als het kan")
    assert "Graag in januari" in bot.last_text(STAFF_GROUP, thread)

    await bot.process(
        bot.users.press_label(ANOUK, bot.fake.bot_messages(STAFF_GROUP, thread)[0], "Oppakken")
    )
    assert "Anouk de Vries" in bot.last_text(CUSTOMER)
    assert "opgepakt" in bot.fake.texts(STAFF_GROUP, thread)[-1]
    assert bot.fake.bot_messages(STAFF_GROUP, thread)[0].get("reply_markup") is None

    await bot.say(ANOUK, "Ik bel u vanmiddag over de data.", chat_id=STAFF_GROUP, thread=thread)
    assert bot.last_text(CUSTOMER) == "Anouk de Vries: Ik bel u vanmiddag over de data."
    await bot.say(ANOUK, "/notitie belt om 15:00", chat_id=STAFF_GROUP, thread=thread)
    assert "Notitie bewaard" in bot.last_text(STAFF_GROUP, thread)

    await bot.press(ANOUK, "aangemeld", chat=STAFF_GROUP)  # an outcome button only asks
    assert bot.topics()[thread]["closed"] is False
    assert 'sluiten met uitkomst "aangemeld"?' in bot.last_text(STAFF_GROUP, thread)
    await bot.press(ANOUK, "Ja, sluiten: aangemeld", chat=STAFF_GROUP)
    said = bot.fake.texts(CUSTOMER)
    assert f"Uw vraag {reference} is afgehandeld: de aanmelding is gedaan." in said[-2]
    assert "cijfer van 1 (slecht) tot 5" in said[-1]
    assert bot.topics()[thread]["closed"] is True
    store = bot.adapter.loket.store
    handoff = await store.handoff_by_reference(reference)
    assert handoff is not None and handoff.status is HandoffStatus.CLOSED
    assert handoff.first_response_at is not None
    contact = await store.contact("telegram", str(CUSTOMER))
    assert contact is not None
    conversation = await store.conversation_for(contact.id, bot.clock())
    assert await store.undelivered(f"telegram:{CUSTOMER}") == []
    assert len(await store.transcript(conversation.id, 200)) > 20


async def test_staff_can_work_from_a_private_chat(bot: TelegramHarness) -> None:
    reference = await request_course(bot)
    await bot.say(BART, "/wachtrij")
    assert reference in bot.last_text(BART)
    await bot.say(BART, f"/pak {reference}")
    assert "is al opgepakt" not in bot.last_text(BART)
    assert "Bart Jansen" in bot.last_text(CUSTOMER)
    await bot.say(BART, f"/antwoord {reference} Ik stuur u vandaag de offerte.")
    assert bot.last_text(CUSTOMER) == "Bart Jansen: Ik stuur u vandaag de offerte."
    assert "Verstuurd" in bot.last_text(BART)
    await bot.say(CUSTOMER, "Dank u!")
    thread = next(iter(bot.topics()))
    assert "Dank u!" in bot.last_text(STAFF_GROUP, thread)
    await bot.say(BART, f"/sluit {reference} offerte verstuurd")
    assert "gesloten" in bot.last_text(BART)
    assert bot.topics()[thread]["closed"] is True


async def test_commands_are_set_per_scope(bot: TelegramHarness) -> None:
    customer = [c["command"] for c in bot.fake.commands["default"]]
    assert customer == ["start", "help", "menu", "stop", "status", "mijngegevens", "vergeet"]
    for chat in (ANOUK, BART, STAFF_GROUP):
        staff = [c["command"] for c in bot.fake.commands[f"chat:{chat}"]]
        assert {"wachtrij", "pak", "sluit", "notitie", "overdragen"} <= set(staff)


async def test_deep_link_payload_reaches_the_engine(bot: TelegramHarness) -> None:
    await bot.say(CUSTOMER, "/start abc123")
    assert "koppelcode ken ik niet" in bot.last_text(CUSTOMER)  # a learner's link code
    contact = await bot.adapter.loket.store.contact("telegram", str(CUSTOMER))
    assert contact is not None
    conversation = await bot.adapter.loket.store.conversation_for(contact.id, bot.clock())
    stored = await bot.adapter.loket.store.transcript(conversation.id)
    assert stored[0].text == "/start abc123"


async def test_rapport_arrives_as_a_file(bot: TelegramHarness) -> None:
    await request_course(bot)
    await bot.say(ANOUK, "/rapport")
    [document] = bot.fake.sent("sendDocument")
    assert document.params["chat_id"] == ANOUK
    assert "1 aanvraag van 1 bedrijf" in bot.fake.texts(ANOUK)[-2]
