"""Whole conversations through the real python-telegram-bot Application and the fake Bot API.

The fixtures are those of tests/integration/telegram/conftest.py, imported here.
"""

from __future__ import annotations

import re

from obm_bot.domain.models import HandoffStatus, Request
from tests.conversations.desk_helpers import JEROEN, REFERENCE
from tests.fakes.telegram_users import STAFF_GROUP
from tests.integration.telegram import conftest as telegram
from tests.integration.telegram.conftest import CUSTOMER, TelegramHarness

bot = telegram.bot  # the fixtures of tests/integration/telegram/conftest.py
core = telegram.core


async def requests_of(bot: TelegramHarness, user: int = CUSTOMER) -> list[Request]:
    store = bot.adapter.loket.store
    contact = await store.contact("telegram", str(user))
    assert contact is not None
    rows = await store._all(
        "SELECT id FROM requests WHERE contact_id = ? ORDER BY id", (contact.id,)
    )
    found = [await store.request_by_id(int(r["id"])) for r in rows]
    return [r for r in found if r is not None]


class Customer:
    """The customer on Telegram: counts turns (a message typed or a button pressed)."""

    def __init__(self, bot: TelegramHarness, user: int = CUSTOMER) -> None:
        self.bot, self.user, self.turns = bot, user, 0

    async def say(self, text: str) -> str:
        self.turns += 1
        await self.bot.say(self.user, text)
        return self.bot.last_text(self.user)

    async def press(self, label: str) -> str:
        self.turns += 1
        await self.bot.press(self.user, label)
        return self.bot.last_text(self.user)


def staff_opening(bot: TelegramHarness) -> str:
    [thread] = bot.topics()
    return str(bot.fake.bot_messages(STAFF_GROUP, thread)[0].get("text", ""))


async def test_everything_in_one_message_two_turns_rich_topic(bot: TelegramHarness) -> None:
    c = Customer(bot)
    await c.say(JEROEN)
    assert "Klopt dit?" in bot.last_text(CUSTOMER)
    await c.press("Klopt, aanvragen")
    [request] = await requests_of(bot)
    assert request.courses == ["tig-lassen-staal-rvs"]
    assert request.entities["participants"] == 2 and request.entities["names"] == ["Bram", "Ties"]
    assert request.entities["schedule"] == "avond" and request.entities["place"] == "Hengelo"
    [(_, topic)] = bot.topics().items()
    assert topic["name"].startswith(f"{request.reference} · werkgever · Bouwmeester Metaal")
    text = staff_opening(bot)
    assert "TIG lassen staal en RVS" in text and "SMEOT" in text and "12 jan 2027" in text
    assert "Bram" in text and "Ties" in text and "factuur naar de zaak" in text
    assert "Jeroen de Wit" in text and "06-12345678" in text
    assert "lid; accountmanager Anouk de Vries" in text and JEROEN in text
    assert not re.search(r"^\s*(?:klant|bot)\s*:", text, re.IGNORECASE | re.MULTILINE)
    assert c.turns == 2


async def test_correction_at_the_confirmation(bot: TelegramHarness) -> None:
    c = Customer(bot)
    await c.say(JEROEN)
    assert "Aantal personen: 2" in bot.last_text(CUSTOMER)
    await c.say("oh wacht, Daan gaat ook mee, dus 3 man: Bram, Ties en Daan")
    summary = bot.last_text(CUSTOMER)
    assert "Aantal personen: 3" in summary and "Daan" in summary
    await c.press("Klopt, aanvragen")
    [request] = await requests_of(bot)
    assert request.entities["participants"] == 3
    assert request.entities["names"] == ["Bram", "Ties", "Daan"]
    assert request.courses == ["tig-lassen-staal-rvs"]
    assert "Deelnemers: 3" in staff_opening(bot)
    assert c.turns == 3


async def test_typed_ja_graag_after_a_funding_answer(bot: TelegramHarness) -> None:
    c = Customer(bot)
    await c.say("hallo, wij zijn van Van Dam Constructie, krijgen we subsidie voor vca?")
    assert "OOM" in bot.last_text(CUSTOMER)
    await c.say("ja graag")
    # the company is known already: only name and phone are asked, in one question
    assert bot.last_text(CUSTOMER).startswith("Voor wie noteer ik dit? Graag uw naam en uw tel")
    await c.say("Henk Bos, 06 11223344")
    assert REFERENCE.search("\n".join(bot.fake.texts(CUSTOMER)[-2:]))
    [request] = await requests_of(bot)
    assert request.intent == "funding" and request.status == "bij accountmanager"
    text = staff_opening(bot)
    assert "subsidie" in text.lower() and "dienstverlening" not in text.lower()
    assert "Henk Bos" in text and "06 11223344" in text
    assert c.turns == 3


async def test_two_requests_in_one_message(bot: TelegramHarness) -> None:
    c = Customer(bot)
    first = (
        "Hoi, Henk Bos hier van Van Dam Constructie. we willen 2 man voor vca vol en 3 man"
        " voor heftruck, allebei overdag. bel me op 0611223344"
    )
    await c.say(first)
    assert "Klopt dit?" in bot.last_text(CUSTOMER), bot.last_text(CUSTOMER)
    await c.press("Klopt, aanvragen")
    vca, forklift = await requests_of(bot)
    assert vca.courses == ["vca-vol"] and vca.entities["participants"] == 2
    assert forklift.courses == ["heftruck"] and forklift.entities["participants"] == 3
    text = staff_opening(bot)
    assert vca.reference in text and forklift.reference in text
    assert c.turns == 2


async def test_stop_waiting_only_through_telegram(bot: TelegramHarness) -> None:
    c = Customer(bot)
    await c.say(JEROEN)
    await c.press("Klopt, aanvragen")
    [request] = await requests_of(bot)
    await c.press("Niet meer wachten")
    assert "intrekken" in bot.last_text(CUSTOMER)
    await c.press("Alleen niet meer wachten")
    assert "blijft staan" in bot.last_text(CUSTOMER)
    [thread] = bot.topics()
    assert "wacht niet meer" in bot.last_text(STAFF_GROUP, thread)
    handoff = await bot.adapter.loket.store.handoff_by_reference(request.reference)
    assert handoff is not None and handoff.status is HandoffStatus.OPEN
    await c.say("wat kost vca basis?")
    assert "VCA basis" in bot.last_text(CUSTOMER)
    assert "wat kost vca basis" not in bot.last_text(STAFF_GROUP, thread)
    [still] = await requests_of(bot)
    assert still.status == "bij accountmanager"
    assert c.turns == 5
