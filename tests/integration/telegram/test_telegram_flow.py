from __future__ import annotations

from tests.integration.telegram.conftest import ANOUK, CUSTOMER, TelegramHarness
from tests.fakes.telegram_users import STAFF_GROUP


async def test_smoke(bot: TelegramHarness) -> None:
    await bot.say(CUSTOMER, "hallo")
    print(bot.fake.texts(CUSTOMER))
    assert "Welkom" in bot.fake.texts(CUSTOMER)[0] or bot.fake.texts(CUSTOMER)
