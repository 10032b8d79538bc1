"""Sending the engine's replies through Telegram: who gets what where, and what if it fails.

A customer message goes to the customer's private chat. A staff message goes back where the
staff member is working (the private chat or topic they wrote in); anything else about a
handoff goes to that handoff's forum topic in the staff supergroup, or, without a group, to
each account manager's private chat. Messages are marked delivered only once Telegram took
them; what could not be sent stays undelivered in SQLite and is logged.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import MessageLimit, ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut

from obm_bot.dialogue.engine import Loket
from obm_bot.dialogue.messages import Button, Outbound

log = logging.getLogger(__name__)
T = TypeVar("T")
THREAD_GONE = "message thread not found"


@dataclass(frozen=True)
class Place:
    chat_id: int
    thread_id: int | None = None


@dataclass(frozen=True)
class Origin:
    """Where the message being answered came from."""

    place: Place
    message_id: int | None
    staff: str | None


class Undeliverable(Exception):  # noqa: N818 (a state, not an error of ours)
    """Telegram refused for good (bad request, blocked) or kept failing after retries."""


def split(text: str, limit: int = MessageLimit.MAX_TEXT_LENGTH) -> list[str]:
    """Texts over Telegram's limit, cut at paragraph, line or word boundaries."""
    chunks: list[str] = []
    rest = text
    while len(rest) > limit:
        window = rest[:limit]
        cut = max(window.rfind("\n\n"), window.rfind("\n"))
        if cut < limit // 2:
            cut = window.rfind(" ")
        if cut < limit // 2:
            cut = limit
        chunks.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    return [*chunks, rest] if rest else chunks


def keyboard(buttons: Sequence[Button]) -> InlineKeyboardMarkup | None:
    if not buttons:
        return None
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(b.label, callback_data=b.data)] for b in buttons]
    )


class Courier:
    def __init__(
        self,
        bot: Bot,
        loket: Loket,
        staff_chat_id: int | None,
        attempts: int = 4,
        backoff_seconds: float = 0.5,
    ) -> None:
        self.bot = bot
        self.loket = loket
        self.store = loket.store
        self.staff_chat_id = staff_chat_id
        self.attempts = attempts
        self.backoff_seconds = backoff_seconds

    async def deliver(self, out: Sequence[Outbound], origin: Origin | None = None) -> None:
        delivered: list[int] = []
        posted: set[tuple[Place, str]] = set()  # one topic post for a notice to every manager
        ended: dict[str, str] = {}
        for outbound in out:
            place = await self._place(outbound, origin)
            if place is None:
                continue  # not for Telegram (terminal staff) or nobody to reach: stays stored
            if (place, outbound.text) not in posted:
                try:
                    await self._post(outbound, place, origin)
                except Undeliverable as exc:
                    log.warning("not delivered to %s: %s", outbound.to, exc)
                    if isinstance(exc.__cause__, Forbidden) and place.chat_id > 0:
                        await self.deliver(await self.loket.unreachable(outbound.to))
                    continue
                posted.add((place, outbound.text))
            if outbound.message_id is not None:
                delivered.append(outbound.message_id)
            if outbound.handoff_over and outbound.reference:
                ended[outbound.reference] = outbound.text
        if delivered:
            await self.loket.delivered(delivered)
        for reference, text in ended.items():
            await self._close_topic(reference, text, posted)

    async def _close_topic(self, reference: str, text: str, posted: set[tuple[Place, str]]) -> None:
        """The handoff ended (wherever that was done): say so in its topic and close it."""
        if self.staff_chat_id is None:
            return
        thread = await self.store.thread_for(self.staff_chat_id, reference)
        if thread is None:
            return
        topic = Place(self.staff_chat_id, thread)
        try:
            if (topic, text) not in posted:
                await self._send(topic, text, None)
            await self._call(
                lambda: self.bot.close_forum_topic(topic.chat_id, thread), "closeForumTopic"
            )
        except Undeliverable as exc:  # a deleted topic needs no closing
            log.info("topic of %s not closed: %s", reference, exc)

    async def _place(self, outbound: Outbound, origin: Origin | None) -> Place | None:
        channel, _, target = outbound.to.partition(":")
        if channel == "telegram":
            return Place(int(target)) if target.lstrip("-").isdigit() else None
        if channel != "staff":
            return None
        if (
            origin is not None
            and origin.staff == target
            and (origin.place.chat_id != self.staff_chat_id or outbound.reference is None)
        ):
            return origin.place  # the answer to what they just did, where they did it
        coach = self.loket.org.manager(target) is None  # coaches are not in the staff group
        if self.staff_chat_id is not None and outbound.reference is not None and not coach:
            thread = await self._topic(self.staff_chat_id, outbound.reference)
            return Place(self.staff_chat_id, thread)
        member = self.loket.org.staff_member(target)
        if member is None or member.telegram_user_id is None:
            return None
        return Place(member.telegram_user_id)

    async def _topic(self, group: int, reference: str, recreate: bool = False) -> int | None:
        if not recreate:
            thread = await self.store.thread_for(group, reference)
            if thread is not None:
                return thread
        brief = await self.loket.desk.brief(reference, self.loket.clock())
        title = brief[0] if brief else reference
        try:
            topic = await self._call(
                lambda: self.bot.create_forum_topic(group, title), "createForumTopic"
            )
        except Undeliverable as exc:  # not a forum (yet): post in the group itself
            log.warning("no topic for %s in the staff group: %s", reference, exc)
            return None
        now = self.loket.clock()
        async with self.store.transaction():
            await self.store.save_thread(group, reference, topic.message_thread_id, now)
        if recreate and brief:  # the old topic and its history are gone: start with the case
            await self._send(Place(group, topic.message_thread_id), brief[1], None)
        return topic.message_thread_id

    async def _post(self, outbound: Outbound, place: Place, origin: Origin | None) -> None:
        try:
            await self._send_all(outbound, place)
        except Undeliverable as exc:
            if THREAD_GONE not in str(exc).lower() or outbound.reference is None:
                raise
            log.info("topic of %s was deleted; creating a new one", outbound.reference)
            thread = await self._topic(place.chat_id, outbound.reference, recreate=True)
            place = Place(place.chat_id, thread)
            await self._send_all(outbound, place)
        if outbound.attach and origin is not None and origin.message_id is not None:
            source = origin.place
            await self._call(
                lambda: self.bot.copy_message(
                    place.chat_id, source.chat_id, origin.message_id,  # type: ignore[arg-type]
                    message_thread_id=place.thread_id,
                ),
                "copyMessage",
            )  # fmt: skip

    async def _send_all(self, outbound: Outbound, place: Place) -> None:
        if outbound.image is not None and len(outbound.text) <= MessageLimit.CAPTION_LENGTH:
            image, markup = outbound.image, keyboard(outbound.buttons)
            await self._call(
                lambda: self.bot.send_photo(
                    place.chat_id, image, caption=outbound.text, parse_mode=ParseMode.HTML,
                    reply_markup=markup, message_thread_id=place.thread_id,
                ),
                "sendPhoto",
            )  # fmt: skip
            return
        chunks = split(outbound.text)
        for number, chunk in enumerate(chunks, start=1):
            markup = keyboard(outbound.buttons) if number == len(chunks) else None
            await self._send(place, chunk, markup)
        if outbound.document is not None:
            document, name = outbound.document, outbound.document_name or "bestand"
            await self._call(
                lambda: self.bot.send_document(
                    place.chat_id, document, filename=name, message_thread_id=place.thread_id
                ),
                "sendDocument",
            )

    async def _send(self, place: Place, text: str, markup: InlineKeyboardMarkup | None) -> None:
        await self._call(
            lambda: self.bot.send_message(
                place.chat_id, text, parse_mode=ParseMode.HTML, reply_markup=markup,
                message_thread_id=place.thread_id,
            ),
            "sendMessage",
        )  # fmt: skip

    async def _call(self, request: Callable[[], Awaitable[T]], what: str) -> T:
        """One Bot API call with bounded retries of temporary failures (timeouts, 5xx, 429
        once the rate limiter has given up); refusals are not retried."""
        for attempt in range(1, self.attempts + 1):
            try:
                return await request()
            except (BadRequest, Forbidden) as exc:
                raise Undeliverable(f"{what}: {exc}") from exc
            except (RetryAfter, TimedOut, NetworkError) as exc:
                if attempt == self.attempts:
                    raise Undeliverable(f"{what} failed {attempt} times: {exc}") from exc
                log.info("%s attempt %d failed (%s); retrying", what, attempt, exc)
                wait = self.backoff_seconds * 2 ** (attempt - 1)
                if isinstance(exc, RetryAfter) and isinstance(exc.retry_after, dt.timedelta):
                    wait = max(wait, exc.retry_after.total_seconds())
                await asyncio.sleep(wait)
        raise AssertionError("unreachable")

    async def redeliver(self, since: dt.timedelta = dt.timedelta(hours=24)) -> int:
        """Customer messages that were stored but never sent (a crash, an outage)."""
        rows = await self.store.undelivered_since("telegram:", self.loket.clock() - since)
        out = [
            Outbound(
                to=r["recipient"],
                text=r["text"],
                message_id=r["id"],
                buttons=[Button.model_validate(b) for row in r["buttons"] for b in row],
            )
            for r in rows
        ]
        await self.deliver(out)
        return len(out)
