"""/mijngegevens and /vergeet: a person sees what the loket stores and can have it removed."""

from __future__ import annotations

import datetime as dt

from obm_bot.dialogue.buttons import Forget
from obm_bot.dialogue.desk import SYSTEM
from obm_bot.dialogue.messages import Outbound, staff_address
from obm_bot.dialogue.turn import Turn, Voice

FORGET_BUTTONS = [
    Forget(yes=True).button("Ja, verwijder alles"),
    Forget(yes=False).button("Nee, bewaren"),
]


class Privacy:
    def __init__(self, voice: Voice) -> None:
        self.voice = voice
        self.desk = voice.desk
        self.store = voice.desk.store

    async def show(self, turn: Turn) -> None:
        data = await self.store.personal_data(turn.contact.id)
        zone = self.desk.org.zone
        requests = [  # the local day; ISO dates are readable as they are
            {**r, "date": dt.datetime.fromisoformat(r["created_at"]).astimezone(zone).date()}
            for r in data["requests"]
        ]
        text = self.voice.render(
            turn, "my_data", contact=turn.contact, messages=data["messages"],
            since=turn.contact.created_at.astimezone(zone).strftime("%d-%m-%Y"),
            requests=requests,
        )  # fmt: skip
        await self.voice.say(turn, text)

    async def ask(self, turn: Turn) -> None:
        active = await self.store.active_handoff(turn.conversation_id)
        text = self.voice.render(
            turn, "forget_confirm", reference=active.reference if active else None
        )
        await self.voice.say(turn, text, FORGET_BUTTONS)

    async def answer(self, turn: Turn, choice: str) -> None:
        turn.tracker.extra_buttons = []
        if choice != "ja":
            await self.voice.say(turn, self.voice.render(turn, "forget_kept"))
            return
        active = await self.store.active_handoff(turn.conversation_id)
        informal = turn.informal
        await self.store.forget_contact(turn.contact.id, turn.now)
        turn.forgotten = True
        await self.store.audit(
            SYSTEM, "gegevens verwijderd", active.id if active else None,
            {"contact": turn.contact.id}, turn.now,
        )  # fmt: skip
        if active is not None:
            # Stored after the forgetting (so a staff terminal sees it too); it names only the
            # reference. The topic holds the customer's words: the channel erases it.
            notice = self.desk.notice("forgotten", reference=active.reference)
            for name in self.desk.staff_for(active):
                turn.out.append(
                    await self.desk.emit(
                        turn.conversation_id, staff_address(name), notice, turn.now,
                        reference=active.reference, handoff_over=True, erase_topic=True,
                    )
                )  # fmt: skip
        turn.tracker = type(turn.tracker)()
        text = self.desk.renderer.render("forgotten", informal=informal)
        turn.out.append(Outbound(to=turn.address, text=text))
