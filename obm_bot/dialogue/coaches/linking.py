"""Coaches link their chat account with a one-time code, the way learners do.

The same mechanism as ``learners.desk``: 96 random bits, stored as a SHA-256 hash, single
use, expiring after ``link_code_days``, a new code replacing the old; wrong codes count
against the same hourly limit per chat account (``link_attempts``), whichever kind of code
was meant.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets

from obm_bot.dialogue.desk import SYSTEM, Desk
from obm_bot.dialogue.learners.desk import IssuedCode, code_hash
from obm_bot.domain.learners import LearnerStatus
from obm_bot.domain.models import Contact
from obm_bot.domain.triads import TriadMember

CODE_COMMAND = re.compile(r"^/(?:start|koppel)\s+(\S+)\s*$", re.IGNORECASE)
CODE_SHAPE = re.compile(r"(?<![\w-])([A-Za-z0-9_-]{16})(?![\w-])")
"""``secrets.token_urlsafe(12)``: 16 characters; found anywhere in a message."""


class CoachLinks:
    def __init__(self, desk: Desk) -> None:
        self.desk = desk
        self.store = desk.store
        self.settings = desk.org.learners

    async def issue(self, coach_id: int, now: dt.datetime) -> IssuedCode:
        code = secrets.token_urlsafe(12)
        expires = now + dt.timedelta(days=self.settings.link_code_days)
        await self.store.save_coach_code(code_hash(code), coach_id, now, expires)
        return IssuedCode(code, expires)

    async def too_many(self, contact: Contact, now: dt.datetime) -> bool:
        since = now - dt.timedelta(hours=1)
        failed = await self.store.failed_link_attempts(
            contact.channel, contact.channel_user_id, since
        )
        return failed >= self.settings.link_attempts_per_hour

    @staticmethod
    def candidates(text: str) -> tuple[list[str], bool]:
        """The codes a message may carry, and whether it was typed as one (``/start CODE``):
        only then does a code that is nobody's count as a wrong attempt."""
        typed = CODE_COMMAND.match(text.strip())
        if typed:
            return [typed.group(1)], True
        return CODE_SHAPE.findall(text), False

    async def find(self, code: str, now: dt.datetime) -> tuple[str, TriadMember | None]:
        """("linked" | "used" | "expired" | "stopped", the coach) for a coach's code;
        ("none", None) when it is not a coach's code (a learner's, or nobody's)."""
        found = await self.store.coach_code(code_hash(code))
        member = await self.store.triad_member(found["coach_id"]) if found else None
        if found is None or member is None:
            return "none", None
        learner = await self.store.learner(member.learner_id)
        if found["used_at"] is not None:
            return "used", member
        if found["expires_at"] <= now:
            return "expired", member
        if learner is None or learner.status is not LearnerStatus.ACTIVE:
            return "stopped", member
        return "linked", member

    async def link(
        self, code: str, member: TriadMember, contact: Contact, now: dt.datetime
    ) -> None:
        await self.store.use_coach_code(code_hash(code), contact.id, now)
        await self.store.link_coach(member.id, contact.id)
        if contact.name is None:
            await self.store.update_contact(contact.id, name=member.name)
        await self.store.audit(
            SYSTEM, "begeleider gekoppeld", None,
            {"learner": member.learner_id, "coach": member.id}, now,
        )  # fmt: skip

    async def failed(self, contact: Contact, now: dt.datetime) -> None:
        await self.store.failed_link_attempt(contact.channel, contact.channel_user_id, now)
