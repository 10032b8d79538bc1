"""The customer's verdict through Telegram: the rating buttons under the closing message,
the low-score alert in the case's topic with its "Opgevolgd" button, and an outcome button
that only asks (the digit bug of issue 17, as pressed in a topic)."""

from __future__ import annotations

from obm_bot.domain.models import HandoffStatus
from tests.fakes.telegram_users import STAFF_GROUP
from tests.integration.telegram.conftest import ANOUK, CUSTOMER, TelegramHarness
from tests.integration.telegram.test_telegram_flow import request_course


async def handled_in_topic(bot: TelegramHarness) -> tuple[str, int]:
    reference = await request_course(bot)
    [thread] = bot.topics()
    await bot.say(ANOUK, "/pak", chat_id=STAFF_GROUP, thread=thread)
    await bot.say(ANOUK, "Ik heb u aangemeld.", chat_id=STAFF_GROUP, thread=thread)
    return reference, thread


async def test_rating_buttons_and_the_low_score_alert(bot: TelegramHarness) -> None:
    reference, thread = await handled_in_topic(bot)
    await bot.say(ANOUK, "/sluit aangemeld", chat_id=STAFF_GROUP, thread=thread)
    prompt = bot.last(CUSTOMER)
    assert prompt["text"].startswith(f"Hoe bent u geholpen met uw vraag {reference}?")
    rows = prompt["reply_markup"]["inline_keyboard"]
    assert [b["text"] for row in rows for b in row] == ["1", "2", "3", "4", "5"]
    assert all(len(b["callback_data"].encode()) <= 64 for row in rows for b in row)

    await bot.press(CUSTOMER, "2")
    assert bot.last(CUSTOMER)["text"].startswith("Dank u voor uw beoordeling (2 van 5).")
    assert bot.fake.bot_messages(CUSTOMER)[-2].get("reply_markup") is None  # pressed: gone
    alert = bot.last_text(STAFF_GROUP, thread)  # in the case's own topic
    assert alert.startswith(f"Lage klantscore voor {reference}: 2 van 5 (Piet de Boer")
    await bot.say(CUSTOMER, "De docent kwam niet opdagen")
    assert "Opmerking: “De docent kwam niet opdagen”." in bot.last_text(STAFF_GROUP, thread)
    store = bot.adapter.loket.store
    row = await store.csat_by_reference(reference)
    assert row is not None and (row["score"], row["comment"]) == (2, "De docent kwam niet opdagen")

    await bot.press(ANOUK, "Opgevolgd", chat=STAFF_GROUP)
    assert "is opgevolgd" in bot.last_text(STAFF_GROUP, thread)
    row = await store.csat_by_reference(reference)
    assert row is not None and row["followed_up_by"] == "Anouk de Vries"


async def test_an_outcome_button_in_the_topic_only_asks(bot: TelegramHarness) -> None:
    reference, thread = await handled_in_topic(bot)
    await bot.press(ANOUK, "opgelost", chat=STAFF_GROUP)
    handoff = await bot.adapter.loket.store.handoff_by_reference(reference)
    assert handoff is not None and handoff.status is HandoffStatus.CLAIMED
    assert bot.topics()[thread]["closed"] is False
    await bot.press(ANOUK, "Nee, open laten", chat=STAFF_GROUP)
    assert bot.last_text(STAFF_GROUP, thread) == f"{reference} blijft open; er is niets gesloten."
    await bot.say(ANOUK, "/sluit 4", chat_id=STAFF_GROUP, thread=thread)  # as the help said
    await bot.press(ANOUK, "Ja, sluiten: opgelost", chat=STAFF_GROUP)
    handoff = await bot.adapter.loket.store.handoff_by_reference(reference)
    assert handoff is not None and handoff.status is HandoffStatus.CLOSED
    assert bot.topics()[thread]["closed"] is True
