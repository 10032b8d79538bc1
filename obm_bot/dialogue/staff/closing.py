"""Closing a case: an explicit outcome, and honest about whether anybody answered.

- An outcome typed in words (or an unambiguous start of them: "opg", "doorverwezen naar ROC
  van Twente") closes at once. A number (a pressed outcome button, "4" typed in the staff
  console, ``/sluit 4`` in a topic) only asks for a confirmation: digits are easy to type by
  accident and used to close a case after ``/pak``.
- Before a first human answer has been recorded, an outcome that says the question was
  answered is refused; the case can be closed with a reason instead ("geen reactie van
  klant", or "telefonisch afgehandeld" with a note saying what was agreed). The report counts
  such cases apart, never as SLA met.
- The customer hears the outcome in customer words ("Uw vraag is doorgestuurd naar ROC van
  Twente"), never the internal label, and is asked once for a rating (``csat.py``).
"""

from __future__ import annotations

import datetime as dt
import re

from obm_bot.dialogue.buttons import ConfirmClose
from obm_bot.dialogue.desk import NO_ANSWER, OUTCOMES, Desk, StaffActionError
from obm_bot.dialogue.messages import Outbound, staff_address
from obm_bot.dialogue.staff.csat import CsatPrompt
from obm_bot.dialogue.staff.holders import customer_address, informal
from obm_bot.domain.models import Handoff, HandoffStatus, RequestKind

CLOSINGS = (*OUTCOMES, *NO_ANSWER)
NEEDS_NOTE = frozenset({"telefonisch afgehandeld"})
KEEP_OPEN = -1
_PUNCTUATION = re.compile(r"^[\s:;,.–-]+|[\s:;,.–-]+$")


def parse_outcome(text: str) -> tuple[str, str]:
    """The outcome ``text`` names and what follows it ("doorverwezen naar ROC" -> the
    outcome and "naar ROC"); the words typed may be the start of exactly one outcome."""
    head, colon, tail = text.partition(":")
    words = head.split()
    lowered = [w.lower() for w in words]
    for size in range(len(words), 0, -1):
        typed = " ".join(lowered[:size])
        exact = [o for o in CLOSINGS if o == typed]
        found = exact or [o for o in CLOSINGS if o.startswith(typed)]
        if len(found) == 1:
            rest = " ".join(words[size:]) + (colon + tail if colon else "")
            return found[0], _PUNCTUATION.sub("", rest)
        if len(found) > 1 and size == len(words):
            raise StaffActionError("ambiguous_outcome", typed=head.strip(), outcomes=found)
    raise StaffActionError("need_outcome", outcomes=", ".join(CLOSINGS))


class Closing:
    def __init__(self, desk: Desk) -> None:
        self.desk = desk
        self.store = desk.store
        self.csat = CsatPrompt(desk)

    async def command(
        self, staff: str, handoff: Handoff, argument: str, now: dt.datetime
    ) -> list[Outbound]:
        """/sluit REF UITKOMST: words close, a number asks first."""
        typed = argument.strip()
        if not typed:
            raise StaffActionError("need_outcome", outcomes=", ".join(CLOSINGS))
        if typed.isdigit():
            number = int(typed)
            if not 1 <= number <= len(OUTCOMES):
                raise StaffActionError("need_outcome", outcomes=", ".join(CLOSINGS))
            return [self._confirmation(staff, handoff, number - 1)]
        outcome, detail = parse_outcome(typed)
        return await self.close(staff, handoff, outcome, detail, now)

    def _confirmation(self, staff: str, handoff: Handoff, index: int) -> Outbound:
        outcome = CLOSINGS[index]
        self._check_answered(handoff, outcome)
        reference = handoff.reference
        return Outbound(
            to=staff_address(staff),
            reference=reference,
            text=self.desk.notice("confirm_close", reference=reference, outcome=outcome),
            buttons=[
                ConfirmClose(reference=reference, outcome=index).button(f"Ja, sluiten: {outcome}"),
                ConfirmClose(reference=reference, outcome=KEEP_OPEN).button("Nee, open laten"),
            ],
        )

    def _check_answered(self, handoff: Handoff, outcome: str) -> None:
        if outcome in OUTCOMES and handoff.first_response_at is None:
            raise StaffActionError("no_answer_yet", reference=handoff.reference, outcome=outcome)

    async def close(
        self, staff: str, handoff: Handoff, outcome: str, detail: str, now: dt.datetime
    ) -> list[Outbound]:
        self._check_answered(handoff, outcome)
        if outcome in NEEDS_NOTE and not detail:
            raise StaffActionError("need_close_note", reference=handoff.reference, outcome=outcome)
        await self.store.update_handoff(
            handoff.id,
            status=HandoffStatus.CLOSED,
            closed_at=now,
            outcome=outcome,
            assignee=handoff.assignee or staff,
        )
        requests = await self.store.case_requests(handoff.request_id) if handoff.request_id else []
        if handoff.request_id is not None:
            await self.store.set_request_status(handoff.request_id, outcome)
        if detail:
            await self.store.add_note(handoff.id, staff, f"{outcome}: {detail}", now)
        await self.store.audit(
            staff, "gesloten", handoff.id, {"uitkomst": outcome, "toelichting": detail}, now
        )
        contact = await self.store.contact_by_id(handoff.contact_id)
        language = await self.store.conversation_language(handoff.conversation_id)
        complaint = bool(requests) and requests[0].kind is RequestKind.COMPLAINT
        text = self.desk.renderer.render(
            "closed", reference=handoff.reference, outcome=outcome, informal=informal(contact),
            to=_destination(outcome, detail), complaint=complaint, language=language,
        )  # fmt: skip
        customer = await self.desk.emit(
            handoff.conversation_id, customer_address(contact), text, now
        )
        closed = await self.store.handoff(handoff.id)
        kind = requests[0].kind.value if requests else None
        rating = await self.csat.ask(closed, contact, kind, language, now)
        return [
            Outbound(
                to=staff_address(staff),
                text=self.desk.notice(
                    "closed", reference=handoff.reference, outcome=outcome, asked=bool(rating)
                ),
                reference=handoff.reference,
                handoff_over=True,
            ),
            customer,
            *rating,
        ]


def _destination(outcome: str, detail: str) -> str:
    """Where a referred question went, as the customer reads it ("ROC van Twente")."""
    if outcome != "doorverwezen" or not detail:
        return ""
    return re.sub(r"^(?:naar|aan)\s+", "", detail, flags=re.IGNORECASE)
