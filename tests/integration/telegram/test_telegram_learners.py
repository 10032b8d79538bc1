"""A learner and their coach through Telegram: deep link, status, picture, milestone."""

from __future__ import annotations

import re

from tests.integration.telegram.conftest import TelegramHarness

SANNE, JOOST, ANOUK = 5555, 100003, 100001  # Joost Smit is a coach in obm.example.toml


async def test_learner_links_by_deep_link_and_follows_the_path(bot: TelegramHarness) -> None:
    bot.users.chat(JOOST)
    await bot.say(
        ANOUK,
        "/nieuweleerling Sanne Jansen; 25290; BBL; Bouwmeester Metaal; 2026-09-07; 2027-09-06",
    )
    created = bot.last_text(ANOUK)
    link = re.search(r"https://t\.me/obm_test_bot\?start=([\w-]+)", created)
    assert link, created
    await bot.say(SANNE, f"/start {link.group(1)}")  # what Telegram sends for the deep link
    assert "Gelukt, Sanne" in bot.last_text(SANNE)

    await bot.say(SANNE, "wat is mijn volgende mijlpaal?")
    assert "tussenstap 1 op 6 jan 2027" in bot.last_text(SANNE)
    await bot.press(SANNE, "Toon mijn traject")
    [photo] = bot.fake.sent("sendPhoto")
    assert photo.params["chat_id"] == SANNE and "Je traject" in photo.params["caption"]
    assert "photo" in bot.last(SANNE)

    await bot.say(ANOUK, "/leerling L1")
    milestone = re.search(r"M(\d+) tussenstap 1", bot.last_text(ANOUK))
    assert milestone
    await bot.say(ANOUK, f"/mijlpaal M{milestone.group(1)} behaald")
    assert "nog 2 portfolio-onderdelen open" in bot.last_text(ANOUK)  # asked, not stored
    await bot.say(ANOUK, f"/mijlpaal M{milestone.group(1)} behaald toch")
    assert "krijg je vanaf nu 50% CAO-loon" in bot.last_text(SANNE)
    await bot.say(SANNE, "krijg ik al 75%?")
    assert "krijg je nu 50% CAO-loon; 75% CAO-loon komt na tussenstap 2" in bot.last_text(SANNE)
    await bot.say(SANNE, "stuur eens een plaatje van mijn traject")  # free Dutch, one photo
    _, again = bot.fake.sent("sendPhoto")
    assert again.params["chat_id"] == SANNE and "✅ tussenstap 1" in again.params["caption"]

    await bot.say(JOOST, "/leerlingen")  # Joost is not Sanne's coach here
    assert "Geen actieve leerlingen bij jou" in bot.last_text(JOOST)
    await bot.say(SANNE, f"/mijlpaal M{milestone.group(1)} behaald")
    assert "alleen voor medewerkers" in bot.last_text(SANNE)
