"""Stickers, photos, voice, locations, edits, long texts and staff without a forum group."""

from __future__ import annotations

from pathlib import Path

from obm_bot.adapters.telegram.delivery import split
from obm_bot.bootstrap import Core
from obm_bot.config import Settings
from tests.fakes.clock import FakeClock
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.telegram_users import STAFF_GROUP
from tests.integration.telegram.conftest import (
    ANOUK,
    BART,
    CUSTOMER,
    TelegramHarness,
    write_config,
)
from tests.integration.telegram.test_telegram_flow import request_course


async def test_non_text_without_a_handoff_gets_a_clear_answer(bot: TelegramHarness) -> None:
    await bot.process(bot.users.sticker(CUSTOMER))
    assert "sticker" in bot.last_text(CUSTOMER).lower()
    await bot.process(bot.users.voice(CUSTOMER))
    assert "geen spraakbericht bekijken" in bot.last_text(CUSTOMER)
    assert "Een medewerker spreken" in str(bot.last(CUSTOMER)["reply_markup"])
    await bot.process(bot.users.location(CUSTOMER))
    assert "geen locatie bekijken" in bot.last_text(CUSTOMER)
    original = bot.users.text(CUSTOMER, "ik zoek een cursus lasen")
    await bot.process(original)
    await bot.process(bot.users.edit(CUSTOMER, original, "ik zoek een cursus lassen"))
    assert "aangepast" in bot.last_text(CUSTOMER)


async def test_photo_with_a_question_as_caption_is_answered(bot: TelegramHarness) -> None:
    await bot.say(CUSTOMER, "hallo")
    await bot.process(bot.users.photo(CUSTOMER, caption="Ik zoek een cursus hoogwerker"))
    texts = bot.fake.texts(CUSTOMER)
    assert "geen foto bekijken" in texts[-2] and "Hoogwerker" in texts[-1]


async def test_attachments_pass_both_ways_during_a_handoff(bot: TelegramHarness) -> None:
    await request_course(bot)
    thread = next(iter(bot.topics()))
    await bot.process(bot.users.photo(CUSTOMER, caption="zo ziet de machine eruit"))
    staff_side = bot.fake.bot_messages(STAFF_GROUP, thread)
    assert "[foto] zo ziet de machine eruit" in staff_side[-2]["text"]
    assert "photo" in staff_side[-1]  # the photo itself, copied into the topic
    await bot.process(bot.users.voice(ANOUK, chat_id=STAFF_GROUP, thread=thread))
    customer_side = bot.fake.bot_messages(CUSTOMER)
    assert customer_side[-2]["text"] == "Anouk de Vries: [spraakbericht]"
    assert "voice" in customer_side[-1]


async def test_long_texts_are_split_under_telegrams_limit(bot: TelegramHarness) -> None:
    await request_course(bot)
    thread = next(iter(bot.topics()))
    answer = ("Hier volgt de uitleg over de cursus en de data. " * 120).strip()
    await bot.say(ANOUK, answer, chat_id=STAFF_GROUP, thread=thread)
    parts = bot.fake.texts(CUSTOMER)[-2:]
    assert all(len(p) <= 4096 for p in parts)
    assert " ".join(parts) == f"Anouk de Vries: {answer}"


def test_split_prefers_line_breaks() -> None:
    text = "a" * 3000 + "\n" + "b" * 3000
    assert split(text) == ["a" * 3000, "b" * 3000]
    assert split("kort") == ["kort"]
    assert all(len(p) <= 4096 for p in split("x" * 10000))


async def test_without_a_staff_group_managers_work_in_private_chats(
    tmp_path: Path, core: Core, clock: FakeClock
) -> None:
    fake = FakeTelegram()
    settings = Settings(
        telegram_token=fake.token,
        db_path=tmp_path / "obm.sqlite3",
        config=write_config(tmp_path, None),
    )
    bot = TelegramHarness(fake, settings, core, clock)
    for person in (ANOUK, BART):
        bot.users.chat(person)
    await bot.start()
    try:
        reference = await request_course(bot)
        assert reference in bot.last_text(ANOUK)  # Bouwmeester's own account manager
        assert bot.fake.bot_messages(BART) == []
        await bot.press(ANOUK, "Oppakken")
        assert "Anouk de Vries" in bot.last_text(CUSTOMER)
        await bot.say(CUSTOMER, "Prima, tot straks")
        assert "Prima, tot straks" in bot.last_text(ANOUK)
    finally:
        await bot.stop()
