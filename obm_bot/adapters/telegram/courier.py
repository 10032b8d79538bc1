"""The outbox worker: every letter of the Telegram lane onto Telegram, retried until it is.

The engine commits its replies to the outbox; the courier sends them, and marks a letter sent
only once Telegram accepted it. Each destination (a private chat, a forum topic) has its own
worker, so a staff group held back by Telegram's 20-posts-a-minute limit never holds back a
customer. Letters that pile up for one staff topic go out as one post, and one notice to
several account managers in the same topic is posted once. A temporary failure rests the
destination with growing pauses (up to a minute) while the process runs; a refusal ends it.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import sqlite3
import time
from collections import deque
from dataclasses import dataclass, field

from telegram.error import Forbidden

from obm_bot.adapters.telegram.delivery import Origin, Place, Postman, Route, Undeliverable
from obm_bot.adapters.telegram.parcels import Parcel, bundle, decide_topic_closing
from obm_bot.dialogue.engine import Loket
from obm_bot.dialogue.messages import Outbound
from obm_bot.dialogue.posting import TELEGRAM_LANE

log = logging.getLogger(__name__)
KEPT_FOR = dt.timedelta(hours=24)
"""Letters older than this (a long outage, a stopped bot) are no longer news: not sent."""


@dataclass
class Courier:
    postman: Postman
    poll_seconds: float = 1.0
    backoff_seconds: float = 0.5
    max_backoff_seconds: float = 60.0
    _queues: dict[Route, deque[Parcel]] = field(default_factory=dict)
    _workers: dict[Route, asyncio.Task[None]] = field(default_factory=dict)
    _taken: set[int] = field(default_factory=set)
    _resting: dict[int, float] = field(default_factory=dict)
    _wake: asyncio.Event = field(default_factory=asyncio.Event)
    _collecting: asyncio.Lock = field(default_factory=asyncio.Lock)
    _task: asyncio.Task[None] | None = None

    @property
    def loket(self) -> Loket:
        return self.postman.loket

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="outbox")

    def wake(self) -> None:
        self._wake.set()

    async def stop(self, grace_seconds: float = 5.0) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None
        try:
            await self.settled(grace_seconds)
        except sqlite3.Error as exc:  # stopping because storage fails: the rest waits
            log.warning("outbox not flushed at stop: %s", exc)
        for worker in list(self._workers.values()):
            worker.cancel()
        await asyncio.gather(*self._workers.values(), return_exceptions=True)

    async def settled(self, timeout: float = 5.0) -> None:
        """Wait until every letter due now is sent or resting (tests and shutdown)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            await self.collect()
            if not self._workers:
                return
            await asyncio.wait(
                list(self._workers.values()), timeout=max(deadline - time.monotonic(), 0.01)
            )

    async def _run(self) -> None:
        while True:
            try:
                await self.collect()
            except Exception:  # a locked or failing database: the next round tries again
                log.exception("outbox round failed")
            self._wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self._pause())

    def _pause(self) -> float:
        now = time.monotonic()
        due = [moment - now for moment in self._resting.values() if moment > now]
        return max(min([self.poll_seconds, *due]), 0.01)

    async def collect(self) -> None:
        """Queue every due, unsent letter of the Telegram lane at its destination."""
        async with self._collecting:
            loket = self.loket
            async with loket.store.transaction():
                rows = await loket.store.pending_letters(TELEGRAM_LANE, loket.clock() - KEPT_FOR)
            now, fresh, unroutable = time.monotonic(), [], []
            for row in rows:
                if row["id"] in self._taken or self._resting.get(row["id"], 0) > now:
                    continue
                outbound = Outbound.model_validate_json(row["payload"])
                origin = Origin.load(row["origin"])
                route = self.postman.route(outbound, origin)
                if route is None:  # a terminal-only staff member, a coach without Telegram
                    unroutable.append(row["id"])
                    continue
                outbound = outbound.model_copy(update={"outbox_id": row["id"]})
                batch, attempts = row["batch"], row["attempts"]
                fresh.append(Parcel([row["id"]], outbound, origin, route, batch, attempts))
            if unroutable:
                async with loket.store.transaction():
                    await loket.store.mark_failed(unroutable, "no Telegram address", loket.clock())
            decide_topic_closing(fresh)
            for parcel in fresh:
                self._resting.pop(parcel.ids[0], None)
                self._taken.add(parcel.ids[0])
                self._queues.setdefault(parcel.route, deque()).append(parcel)
                if parcel.route not in self._workers:
                    task = asyncio.create_task(self._drain(parcel.route), name="outbox-lane")
                    self._workers[parcel.route] = task

    async def _drain(self, route: Route) -> None:
        queue = self._queues[route]
        try:
            while queue:
                parcel = bundle(queue)
                try:
                    await self._deliver(parcel)
                except Undeliverable as exc:
                    if exc.lasting:
                        await self._refused(parcel, exc)
                        continue
                    await self._rest(parcel, queue, str(exc))
                    return
                except Exception as exc:  # logged with its context; tried again later
                    log.exception("letter %s to %s failed", parcel.ids, parcel.outbound.to)
                    await self._rest(parcel, queue, repr(exc))
                    return
                finally:
                    self._taken.difference_update(parcel.ids)
        finally:
            del self._workers[route]
            if not queue:
                del self._queues[route]

    async def _deliver(self, parcel: Parcel) -> None:
        outbound, postman = parcel.outbound, self.postman
        if outbound.erase_topic and await self._erase_topic(parcel):
            return
        place = await postman.post(outbound, await postman.place(parcel.route), parcel.origin)
        await self.loket.sent(parcel.ids)
        if parcel.close is not None and outbound.reference is not None:
            await self._close_topic(outbound.reference, outbound.text, parcel.close, place)

    async def _refused(self, parcel: Parcel, exc: Undeliverable) -> None:
        log.warning("not delivered to %s: %s", parcel.outbound.to, exc)
        for letter_id in parcel.ids:
            self._resting.pop(letter_id, None)
        loket = self.loket
        async with loket.store.transaction():
            await loket.store.mark_failed(parcel.ids, str(exc), loket.clock())
        if isinstance(exc.__cause__, Forbidden) and parcel.outbound.to.startswith("telegram:"):
            await loket.unreachable(parcel.outbound.to)  # blocked: the staff hear of it
            self.wake()

    async def _rest(self, parcel: Parcel, queue: deque[Parcel], error: str) -> None:
        """Pause this destination; its letters keep their order when it is tried again."""
        pause = min(self.backoff_seconds * 2**parcel.attempts, self.max_backoff_seconds)
        log.info("letter %s: %s; next try in %.1f s", parcel.ids, error, pause)
        loket = self.loket
        try:
            async with loket.store.transaction():
                for letter_id in parcel.ids:
                    await loket.store.note_attempt(letter_id, error)
        except sqlite3.Error as exc:  # the count is for people reading the table: go on
            log.warning("attempt of letter %s not noted: %s", parcel.ids, exc)
        until = time.monotonic() + pause
        for waiting in [parcel, *queue]:
            self._taken.difference_update(waiting.ids)
            for letter_id in waiting.ids:
                self._resting[letter_id] = until
        queue.clear()

    async def _close_topic(self, reference: str, text: str, how: str, place: Place) -> None:
        """The handoff ended (wherever that was done): say so in its topic and close it."""
        group = self.postman.staff_chat_id
        if group is None:
            return
        thread = await self.loket.store.thread_for(group, reference)
        if thread is None:
            return
        topic = Place(group, thread)
        try:
            if how == "post" and place != topic:
                await self.postman.send(topic, text, None)
            bot = self.postman.bot
            await self.postman.call(lambda: bot.close_forum_topic(group, thread), "closeForumTopic")
        except Undeliverable as exc:  # a deleted topic needs no closing
            log.info("topic of %s not closed: %s", reference, exc)

    async def _erase_topic(self, parcel: Parcel) -> bool:
        """Delete the forgotten customer's topic (or, failing that, strip its title) and say
        which; False when there is no topic and the letter goes out as usual."""
        group, reference = self.postman.staff_chat_id, parcel.outbound.reference
        if group is None or reference is None:
            return False
        store, bot, call = self.loket.store, self.postman.bot, self.postman.call
        thread = await store.thread_for(group, reference)
        if thread is None:
            return False
        try:
            await call(lambda: bot.delete_forum_topic(group, thread), "deleteForumTopic")
            deleted = True
        except Undeliverable as exc:
            if not exc.lasting:
                raise
            log.warning("topic of %s not deleted: %s", reference, exc)
            deleted = False
            try:
                await call(
                    lambda: bot.edit_forum_topic(group, thread, name=reference), "editForumTopic"
                )
            except Undeliverable as edit_exc:
                log.warning("topic of %s not renamed: %s", reference, edit_exc)
        if deleted:
            async with store.transaction():
                await store.drop_thread(group, reference)
        line = self.loket.desk.renderer.render("topic_erased", deleted=deleted)
        where = Place(group) if deleted else Place(group, thread)
        await self.postman.send(where, f"{parcel.outbound.text}\n\n{line}", None)
        await self.loket.sent(parcel.ids)
        return True
