"""The customer's verdict, staff side: the one prompt after closing, low scores as follow-ups
in the queue, and /opgevolgd.

Asked once per case (the csat row is unique per handoff), never when the settings say no,
never to a customer who blocked the bot, and never after a conversation that insulted the
bot or the staff: asking such a person how we did invites more of the same. A forgotten
customer's case is cancelled, not closed, so it is never asked about either.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from obm_bot.dialogue.buttons import FollowedUp, Rate
from obm_bot.dialogue.customer.answers import INSULT
from obm_bot.dialogue.desk import SYSTEM, Desk, StaffActionError
from obm_bot.dialogue.messages import Outbound, staff_address
from obm_bot.dialogue.staff.holders import customer_address, informal
from obm_bot.domain.models import Contact, Handoff, RequestKind

SCORES = (1, 2, 3, 4, 5)
ABUSE = re.compile(
    r"\b(?:kanker\w*|tering\w*|tyfus\w*|klootzak\w*|idioot|idioten|debiel\w*|oplichters?"
    r"|lul|eikel\w*|hoer\w*|fuck\w*|moron|idiot)\b",
    re.IGNORECASE,
)
"""Swearing at people; "de cursus was waardeloos" is a complaint and is asked about."""
CUSTOMER = "klant"
TRANSCRIPT_LOOK_BACK = 200


class CsatPrompt:
    def __init__(self, desk: Desk) -> None:
        self.desk = desk
        self.store = desk.store

    async def ask(
        self,
        handoff: Handoff,
        contact: Contact,
        kind: str | None,
        language: str,
        now: dt.datetime,
    ) -> list[Outbound]:
        """The rating question for a case just closed, or nothing."""
        if not self.desk.org.csat.enabled or contact.blocked:
            return []
        if await self._insulting(handoff.conversation_id):
            return []
        asked = await self.store.ask_csat(
            handoff_id=handoff.id, contact_id=contact.id, reference=handoff.reference,
            assignee=handoff.assignee, kind=kind, now=now,
        )  # fmt: skip
        if not asked:
            return []
        text = self.desk.renderer.render(
            "csat_ask", reference=handoff.reference, informal=informal(contact),
            language=language, complaint=kind == RequestKind.COMPLAINT.value,
        )  # fmt: skip
        buttons = [Rate(reference=handoff.reference, score=s).button(str(s)) for s in SCORES]
        prompt = await self.desk.emit(
            handoff.conversation_id, customer_address(contact), text, now, buttons
        )
        await self.store.set_csat_prompt(handoff.reference, prompt.message_id)
        return [prompt]

    async def _insulting(self, conversation_id: int) -> bool:
        messages = await self.store.transcript(conversation_id, TRANSCRIPT_LOOK_BACK)
        said = [m.text for m in messages if m.author == CUSTOMER]
        return any(INSULT.search(t) or ABUSE.search(t) for t in said)

    async def follow_ups(self) -> list[dict[str, Any]]:
        """Low scores not yet followed up, for the queue listing."""
        rows = []
        for row in await self.store.csat_follow_ups(self.desk.org.csat.low_score):
            contact = await self.store.contact_by_id(int(row["contact_id"]))
            rows.append({
                "reference": row["reference"], "score": row["score"],
                "comment": row["comment"] or "", "assignee": row["assignee"],
                "contact": Desk.contact_line(contact),
            })  # fmt: skip
        return rows

    async def followed_up(self, staff: str, reference: str, now: dt.datetime) -> list[Outbound]:
        """/opgevolgd REF: the low score is taken up; it leaves the queue."""
        if not reference:
            raise StaffActionError("need_reference")
        row = await self.store.csat_by_reference(reference.upper())
        if row is None or row["score"] is None or row["score"] > self.desk.org.csat.low_score:
            raise StaffActionError("no_follow_up", reference=reference.upper())
        if row["followed_up_at"] is not None:
            raise StaffActionError(
                "followed_up_already", reference=row["reference"], by=row["followed_up_by"]
            )
        await self.store.follow_up_csat(int(row["id"]), staff, now)
        await self.store.audit(staff, "score opgevolgd", int(row["handoff_id"]), {}, now)
        text = self.desk.notice("followed_up", reference=row["reference"])
        return [Outbound(to=staff_address(staff), text=text, reference=row["reference"])]

    async def alert(
        self, row: dict[str, Any], contact: Contact, conversation_id: int, now: dt.datetime
    ) -> list[Outbound]:
        """A low score (or the comment that came with one) for the account manager."""
        holder = row["assignee"]
        present = holder is not None and self.desk.org.staff_member(holder) is not None
        names = [holder] if present else [m.name for m in self.desk.org.account_manager]
        text = self.desk.notice(
            "csat_low", reference=row["reference"], score=row["score"],
            comment=row["comment"] or "", contact=Desk.contact_line(contact),
        )  # fmt: skip
        button = [FollowedUp(reference=row["reference"]).button("Opgevolgd")]
        return [
            await self.desk.emit(
                conversation_id, staff_address(name), text, now, button, SYSTEM, row["reference"]
            )
            for name in names
        ]
