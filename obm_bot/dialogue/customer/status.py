"""/status and "hoe staat het met mijn aanvraag": the customer's requests, each with its
reference, subject, state, who handles it and what happens next.

Answered before anything else, like the privacy commands: a customer waiting for a person
may ask too (the question then also reaches the person, who sees the customer is waiting).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from obm_bot.dialogue.customer.summary import item_title, request_item
from obm_bot.dialogue.turn import Turn, Voice
from obm_bot.domain.models import HandoffStatus

SHOWN = 8
STATUS_QUESTION = re.compile(
    r"\b(?:hoe staat het|hoe ver is|wat is de (?:stand|status)|status van|stand van zaken"
    r"|wat is er (?:met|gebeurd met)|wat gebeurt er met|al iets bekend over|nog iets gehoord"
    r"|what(?:'s| is) the status|status of|what happened (?:to|with)|any news (?:on|about))"
    r"\b.{0,40}\b(?:mijn|onze|m'n|my|our|de|die|the)\s+"
    r"(?:aanvra\w*|vra\w*|verzoek\w*|aanmeld\w*|inschrijving\w*|offerte\w*|klacht\w*"
    r"|request\w*|question\w*|quote\w*|sign-?up\w*|complaint\w*|case\w*)",
    re.IGNORECASE,
)


def asks_status(text: str) -> bool:
    return bool(STATUS_QUESTION.search(text))


class Status:
    def __init__(self, voice: Voice) -> None:
        self.voice = voice
        self.desk = voice.desk
        self.store = voice.desk.store

    async def show(self, turn: Turn) -> None:
        rows = await self.store.contact_cases(turn.contact.id, SHOWN)
        heads = await self.store.case_heads([int(r["request_id"]) for r in rows])
        cases = [self._case(turn, row, heads) for row in rows]
        await self.voice.say(turn, self.voice.render(turn, "status", cases=cases))

    def _case(self, turn: Turn, row: dict[str, Any], heads: dict[int, Any]) -> dict[str, Any]:
        request, others = heads[int(row["request_id"])]
        language = turn.tracker.language
        active = row["status"] in (HandoffStatus.OPEN.value, HandoffStatus.CLAIMED.value)
        next_step, at = "", ""
        if active and row["callback_at"]:
            next_step = "call"
            at = self.desk.when_said(
                _time(row["callback_at"]), turn.now, language, row["callback_said"] or ""
            )
        elif active and not row["first_response_at"]:
            deadline = _time(row["sla_deadline"])
            next_step = "contact" if deadline > turn.now else "soon"
            at = self.desk.when_said(deadline, turn.now, language)
        elif active:
            next_step = "working"
        return {
            "reference": row["reference"],
            "kind": request.kind.value,
            "title": item_title(request_item(request), self.desk.catalogue),
            "others": others,
            "active": active,
            "status": row["outcome"] or row["request_status"],
            "who": row["assignee"] or "",
            "next": next_step,
            "at": at,
            "withdrawn": row["status"] == HandoffStatus.CANCELLED.value,
        }


def _time(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(value)
