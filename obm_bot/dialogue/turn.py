"""One customer message being answered, and how the loket speaks in it.

Shared by the customer and learner rooms: both say things to the same person in the same
conversation and keep the same dialogue state.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from obm_bot.dialogue.customer.tracker import Tracker
from obm_bot.dialogue.desk import Desk
from obm_bot.dialogue.labels_en import localised
from obm_bot.dialogue.messages import Button, Outbound
from obm_bot.domain.models import Contact, Role


@dataclass
class Turn:
    contact: Contact
    conversation_id: int
    tracker: Tracker
    address: str
    now: dt.datetime
    out: list[Outbound]
    forgotten: bool = False
    """The person's data was removed in this turn: once the transaction is committed the
    engine checkpoints the WAL (``Store.checkpoint``), so the old pages are gone from disk."""

    @property
    def informal(self) -> bool:
        """Learners are "je"; employers, employees and schools "u"."""
        return self.contact.role is Role.LEARNER or self.tracker.profile.role is Role.LEARNER


class Voice:
    """Renders and sends the loket's messages to the customer of a turn."""

    def __init__(self, desk: Desk) -> None:
        self.desk = desk

    def render(self, turn: Turn, template: str, **context: Any) -> str:
        return self.desk.renderer.render(
            template, language=turn.tracker.language, informal=turn.informal, **context
        )

    async def say(
        self,
        turn: Turn,
        text: str,
        buttons: Sequence[Button] = (),
        image: bytes | None = None,
        question: bool = False,
    ) -> None:
        """Send a message. The buttons of a ``question`` are the pending question's; those of
        any other message join them (a menu), and the pending question's stay valid."""
        buttons = localised(buttons, turn.tracker.language)
        turn.out.append(
            await self.desk.emit(
                turn.conversation_id, turn.address, text, turn.now, list(buttons), image=image
            )
        )
        if question:
            turn.tracker.extra_buttons = []
        elif buttons:
            turn.tracker.extra_buttons = list(buttons)
        turn.tracker.last_reply = text
