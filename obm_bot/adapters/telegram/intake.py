"""Updates in: stored before Telegram hears they arrived, then handled chat by chat.

python-telegram-bot's ``Updater`` puts each fetched update in the application's update queue
and asks for the next batch (which acknowledges this one) only after every ``put`` returned;
its webhook server answers Telegram only after ``put`` returned too. ``Intake`` is that queue,
and its ``put`` stores the update in SQLite first. So a kill loses nothing: an update is either
stored, or Telegram still has it and sends it again.

From there ``Lanes`` hand updates to the loket: one chat's updates in order, different chats
side by side, and a burst from one chat that piled up meanwhile as one batch.
"""

from __future__ import annotations

import asyncio
import logging
import time
import warnings
from collections import deque
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import ExtBot
from telegram.warnings import PTBUserWarning

log = logging.getLogger(__name__)
MAX_BATCH = 50
"""At most this many piled-up messages of one chat are read as one turn."""
FLOOD_COUNT = 5
FLOOD_WINDOW_SECONDS = 10.0
"""A chat that sent this many updates within the window is flooding."""
FLOOD_GATHER_SECONDS = 1.0
"""A flooding chat's next turn waits this long to gather what else it sends."""

KeepUpdate = Callable[[Update], Awaitable[bool]]
HandleUpdates = Callable[[Sequence[Update]], Awaitable[None]]


class StorageFailedError(Exception):
    """Storage kept failing past the bounded retries; the bot is stopping."""


class Intake(asyncio.Queue[object]):
    """The application's update queue, made durable (see the module docstring)."""

    def __init__(self) -> None:
        super().__init__()
        self.keep: KeepUpdate | None = None
        self.dispatch: Callable[[Update], None] | None = None

    async def put(self, item: object) -> None:
        if not isinstance(item, Update) or self.keep is None or self.dispatch is None:
            await super().put(item)  # the application's own stop signal
            return
        try:
            kept = await self.keep(item)
        except StorageFailedError:
            # Not stored, so never acknowledged: the poller waits here until the stopping
            # application cancels it (an error would only resurface at shutdown), and the
            # webhook's request is dropped, so Telegram sends the update again.
            await asyncio.Event().wait()
            raise
        if kept:
            self.dispatch(item)
        else:
            log.info("update %s arrived again; it was stored before", item.update_id)


def chat_key(update: Update) -> int:
    chat = update.effective_chat
    if chat is not None:
        return chat.id
    user = update.effective_user
    return user.id if user is not None else 0


class Lanes:
    """Per chat one worker: order within a chat, no chat waiting for another."""

    def __init__(self, handle: HandleUpdates, batchable: Callable[[Update], bool]) -> None:
        self._handle = handle
        self._batchable = batchable
        self._queues: dict[int, deque[Update]] = {}
        self._workers: dict[int, asyncio.Task[None]] = {}
        self._queued: set[int] = set()
        self._arrivals: dict[int, deque[float]] = {}
        self.gather_seconds = FLOOD_GATHER_SECONDS

    def submit(self, update: Update) -> None:
        if update.update_id in self._queued:
            return
        self._queued.add(update.update_id)
        key = chat_key(update)
        arrivals = self._arrivals.setdefault(key, deque(maxlen=FLOOD_COUNT))
        arrivals.append(time.monotonic())
        self._queues.setdefault(key, deque()).append(update)
        if key not in self._workers:
            self._workers[key] = asyncio.create_task(self._drain(key), name=f"chat-{key}")

    def holds(self, update_id: int) -> bool:
        return update_id in self._queued

    async def _drain(self, key: int) -> None:
        queue = self._queues[key]
        try:
            while queue:
                if self._flooding(key) and self._batchable(queue[0]):
                    await asyncio.sleep(self.gather_seconds)  # read the rest with it
                batch = [queue.popleft()]
                while (
                    queue
                    and len(batch) < MAX_BATCH
                    and self._batchable(batch[0])
                    and self._batchable(queue[0])
                ):
                    batch.append(queue.popleft())
                try:
                    await self._handle(batch)
                except Exception:  # stays unhandled in the inbox; the sweep retries
                    log.exception("updates %s failed", [u.update_id for u in batch])
                finally:
                    self._queued.difference_update(u.update_id for u in batch)
        finally:
            del self._workers[key]
            if not queue:
                del self._queues[key]
                if not self._flooding(key):
                    self._arrivals.pop(key, None)

    def _flooding(self, key: int) -> bool:
        arrivals = self._arrivals.get(key)
        return (
            arrivals is not None
            and len(arrivals) == FLOOD_COUNT
            and arrivals[-1] - arrivals[0] < FLOOD_WINDOW_SECONDS
            and time.monotonic() - arrivals[-1] < FLOOD_WINDOW_SECONDS
        )

    async def idle(self) -> None:
        while self._workers:
            await asyncio.gather(*list(self._workers.values()), return_exceptions=True)

    async def stop(self, grace_seconds: float) -> None:
        """Let the chats finish what they started; what is left is handled at the next start."""
        workers = list(self._workers.values())
        if workers:
            _, late = await asyncio.wait(workers, timeout=grace_seconds)
            for worker in late:
                worker.cancel()
            await asyncio.gather(*late, return_exceptions=True)


class DurableBot(ExtBot[Any]):
    """An unreadable update (say, a message without a date) must not stop polling.

    python-telegram-bot reads a whole batch at once; one update it cannot read fails the
    batch, the offset never moves and polling fetches the same batch forever. Here such a
    batch is read update by update, and the unreadable ones become empty updates, which the
    loket stores and ignores, so the offset moves on.
    """

    async def get_updates(
        self, offset: int | None = None, limit: int | None = None, *args: Any, **kwargs: Any
    ) -> tuple[Update, ...]:
        try:
            return await super().get_updates(offset, limit, *args, **kwargs)
        except TelegramError:
            raise
        except Exception as exc:
            log.warning("a batch of updates could not be read (%s); reading one by one", exc)
        with warnings.catch_warnings():  # the raw call is the point here
            warnings.simplefilter("ignore", PTBUserWarning)
            raw = await self.do_api_request(
                "getUpdates", api_kwargs={"offset": offset, "limit": limit, "timeout": 0}
            )
        updates = []
        for data in raw if isinstance(raw, list) else []:
            try:
                update = Update.de_json(data, self)
            except Exception as exc:
                log.warning("update %s unreadable (%r); skipped", data.get("update_id"), exc)
                update = Update(update_id=int(data["update_id"]))
                update.set_bot(self)
            if update is not None:
                updates.append(update)
        return tuple(updates)
