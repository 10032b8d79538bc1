"""The customer's verdict on a closed case: a rating of 1 to 5 (a button, or the number
typed under the prompt), then one optional comment.

The prompt was sent by the staff side when the case closed, outside this conversation's
dialogue state, so a rating button is checked against the stored prompt (this customer's,
not yet rated) instead of the tracker's buttons. A low score reaches the account manager at
once; a comment that follows it too. The next message after the rating is the comment,
unless it is plainly something new (a course named, a question, a person asked for): then
the comment is given up and the message is answered as any other.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from obm_bot.dialogue.buttons import Rate
from obm_bot.dialogue.staff.csat import SCORES, CsatPrompt
from obm_bot.dialogue.turn import Turn, Voice
from obm_bot.understanding.result import Understanding

NAMED_COURSE = 90.0
MAX_COMMENT = 1000


class Verdict:
    def __init__(self, voice: Voice) -> None:
        self.voice = voice
        self.desk = voice.desk
        self.store = voice.desk.store
        self.prompt = CsatPrompt(voice.desk)

    async def pressed(self, turn: Turn, button: Rate) -> None:
        row = await self.store.csat_by_reference(button.reference)
        forged = button.score != 0 and button.score not in SCORES
        if row is None or int(row["contact_id"]) != turn.contact.id or forged:
            await self.voice.say(turn, self.voice.render(turn, "unknown_button"))
            return
        if button.score == 0:  # "no comment" under the invitation
            if row["awaiting_comment"]:
                await self.store.end_csat_comment(int(row["id"]), None)
            await self.voice.say(turn, self.voice.render(turn, "csat_done", comment=False))
            return
        await self._rate(turn, row, button.score)

    async def typed(self, turn: Turn, text: str, read: Callable[[str], Understanding]) -> bool:
        """A typed rating or comment; False when the message is for the rest of the loket."""
        typed = text.strip()
        if not typed or typed.startswith("/"):
            return False
        settings = self.desk.org.csat
        since = turn.now - dt.timedelta(days=settings.answer_days)
        if typed.isdigit() and int(typed) in SCORES and turn.tracker.pending is None:
            row = await self.store.unrated_csat(turn.contact.id, since)
            if row is not None and await self._next_message(turn, row):
                await self._rate(turn, row, int(typed))
                return True
        row = await self.store.csat_awaiting_comment(turn.contact.id)
        if row is None:
            return False
        reading = read(typed)
        if reading.details.reply == "no" and len(typed.split()) <= 3:
            await self.store.end_csat_comment(int(row["id"]), None)  # "nee hoor"
            await self.voice.say(turn, self.voice.render(turn, "csat_done", comment=False))
            return True
        if _something_new(typed, reading):
            await self.store.end_csat_comment(int(row["id"]), None)
            return False
        comment = typed[:MAX_COMMENT]
        await self.store.end_csat_comment(int(row["id"]), comment)
        await self.store.audit("klant", "opmerking bij score", int(row["handoff_id"]), {}, turn.now)
        if row["score"] <= settings.low_score:
            turn.out += await self.prompt.alert(
                {**row, "comment": comment}, turn.contact, turn.conversation_id, turn.now
            )
        await self.voice.say(turn, self.voice.render(turn, "csat_done", comment=True))
        return True

    async def _next_message(self, turn: Turn, row: dict[str, Any]) -> bool:
        """The customer's first message after the prompt: a "2" typed later (under the menu
        they got meanwhile) is no rating."""
        prompt = row["prompt_message_id"]
        if prompt is None:
            return False
        return await self.store.said_since(turn.conversation_id, int(prompt)) <= 1

    async def _rate(self, turn: Turn, row: dict[str, Any], score: int) -> None:
        if row["score"] is not None:
            await self.voice.say(turn, self.voice.render(turn, "csat_done", again=True))
            return
        await self.store.rate_csat(int(row["id"]), score, turn.now)
        await self.store.audit("klant", "score", int(row["handoff_id"]), {"score": score}, turn.now)
        settings = self.desk.org.csat
        low = score <= settings.low_score
        if low:
            rated = {**row, "score": score}
            turn.out += await self.prompt.alert(rated, turn.contact, turn.conversation_id, turn.now)
        if not settings.ask_comment:
            await self.store.end_csat_comment(int(row["id"]), None)
        text = self.voice.render(
            turn, "csat_thanks", score=score, low=low, ask_comment=settings.ask_comment,
            assignee=row["assignee"] or "",
        )  # fmt: skip
        buttons = (
            [Rate(reference=row["reference"], score=0).button("Nee, bedankt")]
            if settings.ask_comment
            else []
        )
        # As a question's buttons: pressable, but a typed "nee" is not taken for this one.
        await self.voice.say(turn, text, buttons, question=True)


def _something_new(text: str, reading: Understanding) -> bool:
    """A new question rather than a comment on the last one."""
    if text.rstrip().endswith("?"):
        return True
    if reading.intent == "human_handoff":
        return True
    return any(c.score >= NAMED_COURSE for c in reading.courses)
