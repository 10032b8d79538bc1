"""What goes into and comes out of the dialogue engine, whatever the channel."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from pydantic import BaseModel, ConfigDict, Field, field_validator

MAX_CALLBACK_BYTES = 64  # Telegram's limit on callback data


class Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Who(Frozen):
    channel: str
    user_id: str
    display_name: str | None = None

    @property
    def address(self) -> str:
        return f"{self.channel}:{self.user_id}"


class Button(Frozen):
    label: str
    data: str

    @field_validator("data")
    @classmethod
    def _fits_telegram(cls, value: str) -> str:
        if len(value.encode()) > MAX_CALLBACK_BYTES:
            raise ValueError(f"button data over {MAX_CALLBACK_BYTES} bytes: {value!r}")
        return value


class Inbound(Frozen):
    who: Who
    text: str | None = None
    button: str | None = None
    """The data of a pressed button; adapters pass it through unchanged."""
    inbound_id: str | None = None
    """Channel-unique id (Telegram update_id); the same id twice is processed once."""
    origin: str | None = None
    """Where the message came from, in the adapter's own terms (chat, topic, message id); kept
    with the replies in the outbox so the adapter can answer in the same place later."""
    attachment: str | None = None
    """Non-text content in Dutch ("foto", "spraakbericht", "bewerkt"...); ``text`` is then
    its caption. The adapter keeps the content itself and copies it where ``attach`` says."""


class Outbound(Frozen):
    # Pictures and files travel through the outbox as JSON: bytes as base64.
    model_config = ConfigDict(
        extra="forbid", frozen=True, ser_json_bytes="base64", val_json_bytes="base64"
    )

    to: str
    """``<channel>:<user id>`` for a customer, ``staff:<name>`` for an account manager."""
    text: str
    buttons: list[Button] = Field(default_factory=list)
    message_id: int | None = None
    """The stored transcript row, so an adapter can mark it delivered."""
    outbox_id: int | None = None
    """The outbox row this message waits in until an adapter sent it."""
    reference: str | None = None
    """The handoff a staff message is about; Telegram posts it in that handoff's topic."""
    handoff_over: bool = False
    """The handoff ended with this message (closed, cancelled): its topic can be closed."""
    attach: bool = False
    """Also deliver the inbound message's attachment (photo, document, voice) here."""
    image: bytes | None = None
    """A PNG to show with the text (the text is then its caption)."""
    document: bytes | None = None
    """A file to send after the text (the HTML report), named ``document_name``."""
    document_name: str | None = None
    repeats_inbound: bool = False
    """The words of the message being answered, for a place that may show that message
    already (a post in a learner's triad, written in its topic): the adapter does not post
    them a second time there."""
    erase_topic: bool = False
    """The customer had their data forgotten: the handoff's staff topic must go too (Telegram
    deletes it, or strips it of everything personal, and says which after this text)."""


EDITED = "bewerkt"
"""The attachment word of an edited message."""


def staff_address(name: str) -> str:
    return f"staff:{name}"


Clock = Callable[[], dt.datetime]


def system_clock() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
