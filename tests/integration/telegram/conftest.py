"""End-to-end through the real python-telegram-bot Application and the fake Bot API."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from telegram import Update
from telegram.ext import Application

from obm_bot.adapters.telegram.app import TelegramLoket
from obm_bot.bootstrap import Core, build_telegram
from obm_bot.catalogue.models import Catalogue
from obm_bot.config import REPO_ROOT, Settings
from obm_bot.rendering.renderer import Renderer
from obm_bot.understanding.engine import Understander
from obm_bot.understanding.intents import IntentModel
from tests.fakes.clock import FakeClock
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.telegram_transport import mock_transport
from tests.fakes.telegram_users import STAFF_GROUP, Users

CUSTOMER = 4242
ANOUK = 100001  # account managers' Telegram ids in obm.example.toml
BART = 100002


@pytest.fixture(scope="session")
def core(shipped: tuple[Catalogue, IntentModel, Understander]) -> Core:
    catalogue, intents, understander = shipped
    return Core(catalogue, intents, understander, Renderer())


def write_config(folder: Path, staff_group: int | None) -> Path:
    text = (REPO_ROOT / "obm.example.toml").read_text(encoding="utf-8")
    if staff_group is not None:
        text = text.replace("# staff_chat_id = -1001234567890", f"staff_chat_id = {staff_group}")
    path = folder / "obm.toml"
    path.write_text(text, encoding="utf-8")
    return path


class TelegramHarness:
    """One running bot: tests act as users on the fake and read what the bot did there."""

    def __init__(
        self,
        fake: FakeTelegram,
        settings: Settings,
        core: Core,
        clock: FakeClock,
    ) -> None:
        self.fake = fake
        self.users = Users(fake)
        self.settings = settings
        self.core = core
        self.clock = clock
        self.rate_limit = False  # Telegram's flood limits would only slow the tests down
        self.adapter: TelegramLoket
        self.app: Application[Any, Any, Any, Any, Any, Any]

    async def start(self) -> None:
        self.adapter, self.app = build_telegram(
            self.settings, self.core, self.clock, mock_transport(self.fake), self.rate_limit
        )
        self.adapter.retry_backoff_seconds = 0.01
        await self.app.initialize()
        assert self.app.post_init is not None
        await self.app.post_init(self.app)
        await self.app.start()

    async def stop(self) -> None:
        await self.app.stop()
        assert self.app.post_stop is not None
        await self.app.post_stop(self.app)
        assert self.app.post_shutdown is not None
        await self.app.post_shutdown(self.app)
        await self.app.shutdown()

    async def restart(self) -> None:
        await self.stop()
        await self.start()

    async def process(self, update: dict[str, Any]) -> None:
        """The way polling hands an update over (the durable update queue), then wait until
        it is answered and the replies are sent."""
        await self.app.update_queue.put(Update.de_json(update, self.app.bot))
        await self.adapter.settled()

    async def say(self, user: int, text: str, **where: Any) -> None:
        await self.process(self.users.text(user, text, **where))

    def last(self, chat: int, thread: int | None = None) -> dict[str, Any]:
        return self.fake.bot_messages(chat, thread)[-1]

    def last_text(self, chat: int, thread: int | None = None) -> str:
        return str(self.last(chat, thread).get("text", ""))

    async def press(self, user: int, label: str, chat: int | None = None) -> None:
        """Press the button with this label on the latest bot message that has it."""
        for message in reversed(self.fake.bot_messages(chat or user)):
            rows = (message.get("reply_markup") or {}).get("inline_keyboard", [])
            if any(b["text"] == label for row in rows for b in row):
                await self.process(self.users.press_label(user, message, label))
                return
        raise AssertionError(f"no message with a {label!r} button in chat {chat or user}")

    def topics(self) -> dict[int, dict[str, Any]]:
        return self.fake.chats[STAFF_GROUP].topics


@pytest.fixture()
async def bot(tmp_path: Path, core: Core, clock: FakeClock) -> AsyncIterator[TelegramHarness]:
    fake = FakeTelegram()
    settings = Settings(
        telegram_token=fake.token,
        db_path=tmp_path / "obm.sqlite3",
        config=write_config(tmp_path, STAFF_GROUP),
    )
    harness = TelegramHarness(fake, settings, core, clock)
    harness.users.forum()
    for person in (ANOUK, BART):
        harness.users.chat(person)  # the managers opened the bot once
    await harness.start()
    yield harness
    await harness.stop()
