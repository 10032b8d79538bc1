"""Reading updates for the loket: who wrote where, what the loket answers, what it leaves.

A customer's private message becomes an ``Inbound`` as it is. In the staff group only account
managers count, and only in a handoff's topic or with a command; a group that is not the
staff group is left. A pressed button always gets its spinner stopped.
"""

from __future__ import annotations

import logging
import re

from telegram import Bot, Update
from telegram.constants import ChatType
from telegram.error import TelegramError

from obm_bot.adapters.telegram.delivery import Origin
from obm_bot.adapters.telegram.updates import Incoming, in_topic, in_triad_topic, read
from obm_bot.dialogue.engine import Loket
from obm_bot.dialogue.messages import Inbound, Who

log = logging.getLogger(__name__)
LEARNER_TOPIC = re.compile(r"^L\d+$")


class Reception:
    def __init__(self, bot: Bot, loket: Loket, staff_chat_id: int | None) -> None:
        self.bot = bot
        self.loket = loket
        self.staff_chat_id = staff_chat_id
        self._left: set[int] = set()

    def batchable(self, update: Update) -> bool:
        """A customer's plain text in a private chat can be read together with the next."""
        incoming = read(update)
        return (
            incoming is not None
            and incoming.private
            and update.message is not None
            and bool(incoming.text)
            and incoming.attachment is None
            and not (incoming.text or "").startswith("/")
            and self.loket.staff_name("telegram", str(incoming.user_id)) is None
        )

    def stranger(self, update: Update) -> bool:
        chat = update.effective_chat
        return (
            chat is not None
            and chat.type != ChatType.PRIVATE
            and chat.id not in (self.staff_chat_id, self.loket.org.coach_chat_id)
        )

    async def stray(self, update: Update) -> None:
        """What the loket does not answer still gets its spinner stopped; a group that is not
        the staff group is left (somebody added the bot to it)."""
        bot = self.bot
        try:
            if update.callback_query is not None:
                await bot.answer_callback_query(update.callback_query.id)
            chat = update.effective_chat
            if self.stranger(update) and chat is not None and chat.id not in self._left:
                self._left.add(chat.id)
                log.info("leaving chat %s: not the staff group", chat.id)
                await bot.leave_chat(chat.id)
        except TelegramError as exc:
            log.info("update %s: %s", update.update_id, exc)

    async def inbound(self, incoming: Incoming) -> Inbound | None:
        staff = self.loket.staff_name("telegram", str(incoming.user_id))
        text = incoming.text
        coach_group = self.loket.org.coach_chat_id
        if not incoming.private and incoming.chat_id == coach_group and coach_group is not None:
            text = await self._coach_group_text(incoming, staff)
            if text is None:
                return None
        elif not incoming.private:
            if staff is None:
                log.info("ignored update %s from chat %s", incoming.update_id, incoming.chat_id)
                return None
            text = await self._staff_group_text(incoming)
            if text is None:
                return None  # staff talking among themselves outside a handoff's topic
        origin = Origin(incoming.chat_id, incoming.thread_id, incoming.message_id, staff)
        return Inbound(
            who=Who(
                channel="telegram", user_id=str(incoming.user_id),
                display_name=incoming.display_name,
            ),
            text=text, button=incoming.button, inbound_id=str(incoming.update_id),
            attachment=None if staff and not text else incoming.attachment,
            origin=origin.dump(),
        )  # fmt: skip

    async def _staff_group_text(self, incoming: Incoming) -> str | None:
        text = incoming.text or ("" if incoming.button else None)
        if incoming.button is not None:
            return text
        reference = None
        if incoming.thread_id is not None:
            reference = await self.loket.store.reference_for_thread(
                incoming.chat_id, incoming.thread_id
            )
        if reference is None:
            return text if text and text.startswith("/") else None
        if incoming.attachment and not text:
            text = f"[{incoming.attachment}]"
        return in_topic(text or "", reference) if text else None

    async def _coach_group_text(self, incoming: Incoming, staff: str | None) -> str | None:
        """In the coaches' group a learner's topic is their triad: staff write there as on
        ``/triade L12``; a linked coach of that learner as in their private chat. The loket
        refuses a coach who is not the learner's; everyone else is ignored."""
        if incoming.button is not None:
            return "" if staff is not None or await self._linked_coach(incoming) else None
        learner = None
        if incoming.thread_id is not None:
            learner = await self.loket.store.reference_for_thread(
                incoming.chat_id, incoming.thread_id
            )
        if learner is not None and not LEARNER_TOPIC.match(learner):
            # One group for both (coach_chat_id = staff_chat_id): this topic is a case's.
            return await self._staff_group_text(incoming) if staff is not None else None
        text = incoming.text
        if learner is None or not text or incoming.attachment:
            return text if staff is not None and text and text.startswith("/") else None
        if staff is None and not await self._linked_coach(incoming):
            log.info("ignored update %s in the coaches' group", incoming.update_id)
            return None
        return in_triad_topic(text, learner, staff is not None)

    async def _linked_coach(self, incoming: Incoming) -> bool:
        contact = await self.loket.store.contact("telegram", str(incoming.user_id))
        return contact is not None and bool(await self.loket.store.coachings(contact.id))

    async def acknowledge(self, incoming: Incoming) -> None:
        """A pressed button: stop the spinner and take the keyboard off the pressed message."""
        if incoming.callback_id is None:
            return
        bot = self.bot
        try:
            await bot.answer_callback_query(incoming.callback_id)
            if incoming.pressed_message_id is not None:
                await bot.edit_message_reply_markup(
                    incoming.chat_id, incoming.pressed_message_id, reply_markup=None
                )
        except TelegramError as exc:  # an old query or an unchanged keyboard: harmless
            log.info("button acknowledgement for %s: %s", incoming.update_id, exc)
