"""/afwezig and /terug through Telegram: the staff member's private chat, the case's topic
and the customer's chat."""

from __future__ import annotations

from obm_bot.domain.models import HandoffStatus
from tests.fakes.telegram_users import STAFF_GROUP
from tests.integration.telegram.conftest import ANOUK, BART, CUSTOMER, TelegramHarness
from tests.integration.telegram.test_telegram_flow import request_course


async def test_afwezig_sends_new_and_open_cases_to_the_deputy(bot: TelegramHarness) -> None:
    store = bot.adapter.loket.store
    waiting = await request_course(bot)  # before she leaves: Anouk's, still open
    [(thread, _)] = bot.topics().items()

    await bot.say(ANOUK, "/afwezig tot maandag")
    assert bot.last_text(ANOUK) == (
        "Genoteerd: je bent afwezig t/m vrijdag 27 november; maandag 30 november ben je weer "
        "terug. Nieuwe vragen "
        f"van jouw bedrijven gaan naar Bart Jansen.\nDoorgezet naar Bart Jansen: {waiting}."
    )
    moved = bot.last(STAFF_GROUP, thread)  # the case's own topic hears of it
    assert moved["text"].startswith(f"Waarneming voor Anouk de Vries (afwezig): {waiting}")
    assert "Oppakken" in str(moved["reply_markup"])
    assert bot.last_text(CUSTOMER) == (
        f"Anouk de Vries is afwezig. Bart Jansen neemt uw vraag ({waiting}) over en neemt "
        "uiterlijk om 11:00 contact met u op."
    )
    handoff = await store.handoff_by_reference(waiting)
    assert handoff is not None
    assert (handoff.assignee, handoff.status) == ("Bart Jansen", HandoffStatus.OPEN)

    await bot.press(BART, "Oppakken", chat=STAFF_GROUP)
    assert bot.last_text(CUSTOMER) == f"Bart Jansen heeft uw vraag ({waiting}) opgepakt."
    await bot.say(BART, f"/antwoord {waiting} Ik neem het van Anouk over.")
    await bot.say(BART, f"/sluit {waiting} opgelost")

    await bot.say(ANOUK, "/terug")
    assert bot.last_text(ANOUK).startswith("Welkom terug.")
    assert await store.absences_at(bot.clock()) == []
    again = await request_course(bot, user=CUSTOMER + 1)  # a colleague at Bouwmeester
    handoff = await store.handoff_by_reference(again)
    assert handoff is not None and handoff.assignee == "Anouk de Vries"


async def test_an_unreadable_date_is_answered_in_dutch(bot: TelegramHarness) -> None:
    await bot.say(BART, "/afwezig tot sint-juttemis")
    assert bot.last_text(BART).startswith('Die datum begrijp ik niet: "tot sint-juttemis".')
    assert await bot.adapter.loket.store.absences_at(bot.clock()) == []
