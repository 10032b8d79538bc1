"""Sending one message through Telegram: where it goes, and how it gets there.

A customer message goes to the customer's private chat. A staff message goes back where the
staff member is working (the private chat or topic they wrote in); anything else about a
handoff goes to that handoff's forum topic in the staff supergroup, or, without a group, to
each account manager's private chat. The outbox worker (``courier``) decides when.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import logging
import re
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import asdict, dataclass
from typing import TypeVar

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import MessageLimit, ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut

from obm_bot.dialogue.engine import Loket
from obm_bot.dialogue.messages import Button, Outbound
from obm_bot.operations.meter import Meter

log = logging.getLogger(__name__)
T = TypeVar("T")
THREAD_GONE = "message thread not found"
SENDING = frozenset({"sendMessage", "sendPhoto", "sendDocument", "copyMessage"})
"""The calls that deliver a message (counted as messages out)."""
OPEN_ENTITY = re.compile(r"&[#A-Za-z0-9]{0,10}$")
OPEN_TAG = re.compile(r"<[^<>]*$")
TAG = re.compile(r"<(/?)[a-z][^<>]*>")


@dataclass(frozen=True)
class Place:
    chat_id: int
    thread_id: int | None = None


@dataclass(frozen=True)
class Origin:
    """Where the message being answered came from (kept with its replies in the outbox)."""

    chat_id: int
    thread_id: int | None
    message_id: int | None
    staff: str | None

    @property
    def place(self) -> Place:
        return Place(self.chat_id, self.thread_id)

    def dump(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def load(cls, text: str | None) -> Origin | None:
        return cls(**json.loads(text)) if text else None


@dataclass(frozen=True)
class Route:
    """Where a letter goes, known without asking Telegram; a topic is looked up when sent."""

    chat_id: int
    thread_id: int | None = None
    topic_of: str | None = None
    """The handoff whose forum topic in ``chat_id`` this goes to."""


class Undeliverable(Exception):  # noqa: N818 (a state, not an error of ours)
    """Telegram refused (``lasting``: a bad request, blocked) or kept failing for now."""

    def __init__(self, message: str, lasting: bool) -> None:
        super().__init__(message)
        self.lasting = lasting


def split(text: str, limit: int = MessageLimit.MAX_TEXT_LENGTH) -> list[str]:
    """Texts over Telegram's limit, cut at paragraph, line or word boundaries, never inside
    an HTML entity (``&amp;``) or tag."""
    chunks: list[str] = []
    rest = text
    while len(rest) > limit:
        window = rest[:limit]
        cut = max(window.rfind("\n\n"), window.rfind("\n"))
        if cut < limit // 2:
            cut = window.rfind(" ")
        if cut < limit // 2:
            cut = limit
        for unfinished in (OPEN_ENTITY, OPEN_TAG):
            found = unfinished.search(rest[:cut])
            if found and found.start() > 0:
                cut = found.start()
        element = _unclosed(rest[:cut])
        if element:  # Telegram refuses a chunk that opens <b> and never closes it
            cut = element
        chunks.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    return [*chunks, rest] if rest else chunks


def _unclosed(html: str) -> int | None:
    """Where the outermost element still open at the end of ``html`` starts."""
    opened: list[int] = []
    for tag in TAG.finditer(html):
        if tag.group(1):
            if opened:
                opened.pop()
        else:
            opened.append(tag.start())
    return opened[0] if opened else None


def keyboard(buttons: Sequence[Button]) -> InlineKeyboardMarkup | None:
    if not buttons:
        return None
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(b.label, callback_data=b.data)] for b in buttons]
    )


class Postman:
    """One letter onto Telegram: topics created when missing, long texts split, files sent."""

    def __init__(self, bot: Bot, loket: Loket, staff_chat_id: int | None) -> None:
        self.bot = bot
        self.loket = loket
        self.store = loket.store
        self.staff_chat_id = staff_chat_id
        self.attempts = 3
        self.backoff_seconds = 0.5
        self.meter = Meter()

    def route(self, outbound: Outbound, origin: Origin | None) -> Route | None:
        channel, _, target = outbound.to.partition(":")
        if channel == "telegram":
            return Route(int(target)) if target.lstrip("-").isdigit() else None
        if channel == "triad":  # a learner's triad: its topic in the coaches' group
            group = self.loket.org.coach_chat_id
            return Route(group, topic_of=f"L{target}") if group and target.isdigit() else None
        if channel != "staff":
            return None
        if (
            origin is not None
            and origin.staff == target
            and (origin.chat_id != self.staff_chat_id or outbound.reference is None)
        ):
            return Route(origin.chat_id, origin.thread_id)  # where they just did something
        coach = self.loket.org.manager(target) is None  # coaches are not in the staff group
        if self.staff_chat_id is not None and outbound.reference is not None and not coach:
            return Route(self.staff_chat_id, topic_of=outbound.reference)
        member = self.loket.org.staff_member(target)
        if member is None or member.telegram_user_id is None:
            return None
        return Route(member.telegram_user_id)

    async def place(self, route: Route) -> Place:
        if route.topic_of is None:
            return Place(route.chat_id, route.thread_id)
        return Place(route.chat_id, await self.topic(route.chat_id, route.topic_of))

    async def topic(self, group: int, reference: str, recreate: bool = False) -> int | None:
        if not recreate:
            thread = await self.store.thread_for(group, reference)
            if thread is not None:
                return thread
        brief = await self.loket.thread_brief(reference, self.loket.clock())
        title = brief[0] if brief else reference
        try:
            topic = await self.call(
                lambda: self.bot.create_forum_topic(group, title), "createForumTopic"
            )
        except Undeliverable as exc:
            if not exc.lasting:
                raise
            log.warning("no topic for %s in group %s: %s", reference, group, exc)
            return None  # not a forum (yet): post in the group itself
        async with self.store.transaction():
            await self.store.save_thread(
                group, reference, topic.message_thread_id, self.loket.clock()
            )
        if recreate and brief:  # the old topic and its history are gone: start with the case
            await self.send(Place(group, topic.message_thread_id), brief[1], None)
        return topic.message_thread_id

    async def post(self, outbound: Outbound, place: Place, origin: Origin | None) -> Place:
        """Send; a deleted topic is made again. Returns where it went."""
        if outbound.repeats_inbound and origin is not None and origin.place == place:
            return place  # written right here: the words are in the topic already
        try:
            await self._send_all(outbound, place)
        except Undeliverable as exc:
            if THREAD_GONE not in str(exc).lower() or outbound.reference is None:
                raise
            log.info("topic of %s was deleted; creating a new one", outbound.reference)
            thread = await self.topic(place.chat_id, outbound.reference, recreate=True)
            place = Place(place.chat_id, thread)
            await self._send_all(outbound, place)
        if outbound.attach and origin is not None and origin.message_id is not None:
            source, message_id = origin.place, origin.message_id
            await self.call(
                lambda: self.bot.copy_message(
                    place.chat_id, source.chat_id, message_id, message_thread_id=place.thread_id
                ),
                "copyMessage",
            )
        return place

    async def _send_all(self, outbound: Outbound, place: Place) -> None:
        if outbound.image is not None and len(outbound.text) <= MessageLimit.CAPTION_LENGTH:
            image, markup = outbound.image, keyboard(outbound.buttons)
            await self.call(
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
            await self.send(place, chunk, markup)
        if outbound.document is not None:
            document, name = outbound.document, outbound.document_name or "bestand"
            await self.call(
                lambda: self.bot.send_document(
                    place.chat_id, document, filename=name, message_thread_id=place.thread_id
                ),
                "sendDocument",
            )

    async def send(self, place: Place, text: str, markup: InlineKeyboardMarkup | None) -> None:
        await self.call(
            lambda: self.bot.send_message(
                place.chat_id, text, parse_mode=ParseMode.HTML, reply_markup=markup,
                message_thread_id=place.thread_id,
            ),
            "sendMessage",
        )  # fmt: skip

    async def call(self, request: Callable[[], Awaitable[T]], what: str) -> T:
        """One Bot API call with a few quick retries of a hiccup (timeouts, 5xx, a 429 the
        rate limiter gave up on); refusals are not retried. The outbox retries longer."""
        for attempt in range(1, self.attempts + 1):
            try:
                result = await request()
            except (BadRequest, Forbidden) as exc:
                self.meter.telegram_error(type(exc).__name__)
                raise Undeliverable(f"{what}: {exc}", lasting=True) from exc
            except (RetryAfter, TimedOut, NetworkError) as exc:
                self.meter.telegram_error(type(exc).__name__)
                if attempt == self.attempts:
                    message = f"{what} failed {attempt} times: {exc}"
                    raise Undeliverable(message, lasting=False) from exc
                log.info("%s attempt %d failed (%s); retrying", what, attempt, exc)
                wait = self.backoff_seconds * 2 ** (attempt - 1)
                if isinstance(exc, RetryAfter) and isinstance(exc.retry_after, dt.timedelta):
                    wait = max(wait, exc.retry_after.total_seconds())
                await asyncio.sleep(wait)
                continue
            if what in SENDING:
                self.meter.sent("telegram", 1)
            return result
        raise RuntimeError("unreachable: the loop returns or raises")
