"""The Telegram inbox: updates stored before they are acknowledged, and the ones never
handled (a crash, a failing handler) sent round again. Storage work is bounded by a guard."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import sqlite3
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, TypeVar

from telegram import Bot, Update

from obm_bot.adapters.telegram.intake import Lanes, StorageFailedError
from obm_bot.dialogue.engine import Loket

log = logging.getLogger(__name__)
T = TypeVar("T")
CHANNEL = "telegram"
SWEEP_SECONDS = 30
SWEEP_TRIES = 3
STORAGE_ATTEMPTS = 3


class StorageGuard:
    """Storage work retried within bounds (a lock held long, a brief I/O error); then one
    clear line and a stop with a non-zero exit (``on_failure``), so a supervisor restarts."""

    def __init__(self, on_failure: Callable[[str], None], backoff_seconds: float = 0.5) -> None:
        self.on_failure = on_failure
        self.backoff_seconds = backoff_seconds

    async def run(self, what: str, work: Callable[[], Awaitable[T]]) -> T:
        for attempt in range(1, STORAGE_ATTEMPTS + 1):
            try:
                return await work()
            except sqlite3.Error as exc:
                if attempt == STORAGE_ATTEMPTS:
                    reason = f"{what} failed {attempt} times: {exc}"
                    self.on_failure(reason)
                    raise StorageFailedError(reason) from exc
                log.warning("%s failed (%s); trying again", what, exc)
                await asyncio.sleep(self.backoff_seconds * attempt)
        raise RuntimeError("unreachable: the loop returns or raises")


class Inbox:
    def __init__(self, loket: Loket, bot: Bot, lanes: Lanes, guard: StorageGuard) -> None:
        self.loket = loket
        self.store = loket.store
        self.bot = bot
        self.lanes = lanes
        self.guard = guard
        self._sweeps: dict[int, int] = {}

    async def keep(self, update: Update) -> bool:
        """Store an update before Telegram is told it arrived; False when it was before."""
        return await self.guard.run(
            f"storing update {update.update_id}", lambda: self._keep(update)
        )

    async def _keep(self, update: Update) -> bool:
        user, chat = update.effective_user, update.effective_chat
        async with self.store.transaction(urgent=True):  # Telegram waits for it
            return await self.store.keep_update(
                CHANNEL, str(update.update_id), None if user is None else str(user.id),
                None if chat is None else str(chat.id), update.to_dict(), self.loket.clock(),
            )  # fmt: skip

    async def handled(self, updates: Sequence[Update]) -> None:
        ids = [str(u.update_id) for u in updates]

        async def mark() -> None:
            async with self.store.transaction():
                await self.store.mark_handled(CHANNEL, ids, self.loket.clock())

        await self.guard.run("marking updates handled", mark)

    async def sweep(self, older_than: dt.timedelta = dt.timedelta(seconds=SWEEP_SECONDS)) -> None:
        """Stored updates nobody answered go round once more (at most ``SWEEP_TRIES``)."""
        rows = await self.guard.run("reading the inbox", self._unhandled)
        cutoff = self.loket.clock() - older_than
        for row in rows:
            update = Update.de_json(row["payload"], self.bot)
            if update is None or self.lanes.holds(update.update_id):
                continue
            if dt.datetime.fromisoformat(row["received_at"]) > cutoff:
                continue
            tries = self._sweeps[update.update_id] = self._sweeps.get(update.update_id, 0) + 1
            if tries > SWEEP_TRIES:  # it fails every time: log it, do not loop on it
                log.error("update %s given up after %d tries", update.update_id, SWEEP_TRIES)
                await self.handled([update])
                continue
            self.lanes.submit(update)

    async def _unhandled(self) -> list[dict[str, Any]]:
        async with self.store.transaction():
            return await self.store.unhandled_updates(CHANNEL)
