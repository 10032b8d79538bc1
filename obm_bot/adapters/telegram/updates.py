"""Reading Telegram updates: who wrote, where, and what (text, button, attachment).

Pure translation, no I/O: the handler decides what to do with the result.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from telegram import Message, Update
from telegram.constants import ChatType

from obm_bot.dialogue.messages import EDITED
from obm_bot.dialogue.staff.commands import TOPIC_COMMANDS

# Telegram's content types, named the way the loket talks about them in Dutch.
ATTACHMENTS = (
    ("photo", "foto"), ("document", "document"), ("voice", "spraakbericht"),
    ("audio", "geluidsbestand"), ("video", "video"), ("video_note", "videobericht"),
    ("animation", "gif"), ("sticker", "sticker"), ("location", "locatie"),
    ("venue", "locatie"), ("contact", "contactkaart"), ("poll", "peiling"),
)  # fmt: skip
REFERENCE = re.compile(r"^OBM-\d{4}-\d{6}$", re.IGNORECASE)


@dataclass(frozen=True)
class Incoming:
    update_id: int
    user_id: int
    display_name: str | None
    chat_id: int
    private: bool
    thread_id: int | None = None
    message_id: int | None = None
    """The user's own message, so an attachment can be copied on."""
    text: str | None = None
    button: str | None = None
    attachment: str | None = None
    callback_id: str | None = None
    pressed_message_id: int | None = None
    """The bot message whose button was pressed; its keyboard is removed afterwards."""


def _attachment(message: Message) -> str | None:
    return next((dutch for name, dutch in ATTACHMENTS if getattr(message, name, None)), None)


def _strip_bot_name(text: str) -> str:
    """``/pak@obm_bot OBM-...`` (how commands look in groups) becomes ``/pak OBM-...``."""
    if not text.startswith("/"):
        return text
    first, _, rest = text.partition(" ")
    return f"{first.split('@', 1)[0]} {rest}".strip()


def read(update: Update) -> Incoming | None:
    """The parts of an update the loket uses; None for what it ignores (bots, channels)."""
    query = update.callback_query
    if query is not None:
        message = query.message
        if message is None or query.from_user.is_bot:
            return None
        return Incoming(
            update_id=update.update_id, user_id=query.from_user.id,
            display_name=query.from_user.full_name, chat_id=message.chat.id,
            private=message.chat.type == ChatType.PRIVATE,
            thread_id=getattr(message, "message_thread_id", None), button=query.data or "",
            callback_id=query.id, pressed_message_id=message.message_id,
        )  # fmt: skip
    message = update.message or update.edited_message
    if message is None or message.from_user is None or message.from_user.is_bot:
        return None
    edited = update.edited_message is not None
    text = message.text or message.caption
    attachment = EDITED if edited else _attachment(message)
    return Incoming(
        update_id=update.update_id, user_id=message.from_user.id,
        display_name=message.from_user.full_name, chat_id=message.chat.id,
        private=message.chat.type == ChatType.PRIVATE,
        thread_id=message.message_thread_id if message.is_topic_message else None,
        message_id=message.message_id,
        text=_strip_bot_name(text) if text else None, attachment=attachment,
    )  # fmt: skip


TRIAD_COMMANDS = frozenset({"triade", "gesprek", "uitkomst", "coachcode", "leerling"})
LEARNER_CODE = re.compile(r"^L\d{1,9}$", re.IGNORECASE)


def in_triad_topic(text: str, learner: str, staff: bool) -> str:
    """What someone writes in a learner's triad topic (``learner`` is "L12"): plain text is a
    post in the thread, and the triad's commands need no learner there."""
    if not text.startswith("/"):
        return f"/triade {learner} {text}" if staff else f"{learner} {text}"
    command, _, rest = text.partition(" ")
    words = rest.split()
    if command[1:].lower() in TRIAD_COMMANDS and not (words and LEARNER_CODE.match(words[0])):
        return f"{command} {learner} {rest}".strip()
    return text


def in_topic(text: str, reference: str) -> str:
    """What a staff member writes in a handoff's topic: plain text is the answer to the
    customer, and commands need no reference there (``/sluit 3``, ``/pak``)."""
    if not text.startswith("/"):
        return f"/antwoord {reference} {text}"
    command, _, rest = text.partition(" ")
    words = rest.split()
    if command[1:].lower() in TOPIC_COMMANDS and not (words and REFERENCE.match(words[0])):
        return f"{command} {reference} {rest}".strip()
    return text
