"""Who holds a case: claiming it, taking it over, the holder-only rule, and cases whose holder
is no longer in the configuration.

A claimed case belongs to its holder: only they answer, note, transfer or close it. A colleague
takes it over explicitly with /overnemen, and the previous holder is told. Everything here runs
inside the caller's store transaction, like the rest of the desk.
"""

from __future__ import annotations

import datetime as dt

from obm_bot.dialogue.buttons import Claim, CloseCase
from obm_bot.dialogue.desk import OUTCOMES, SYSTEM, Desk, StaffActionError
from obm_bot.dialogue.messages import Outbound, staff_address
from obm_bot.domain.models import Contact, Handoff, HandoffStatus, Role

HOLDER_ONLY = frozenset({"antwoord", "notitie", "overdragen", "sluit"})
"""What only the holder may do with a claimed case."""
ASSIGNEE_ONLY = frozenset({"antwoord", "sluit"})
"""What only the assignee may do with an open case on their name (transferred to them, or
routed to the company's own account manager): both speak to the customer in their name. A
colleague's note or transfer helps them and stays allowed."""


def customer_address(contact: Contact) -> str:
    return f"{contact.channel}:{contact.channel_user_id}"


def informal(contact: Contact) -> bool:
    return contact.role is Role.LEARNER


class Holders:
    def __init__(self, desk: Desk) -> None:
        self.desk = desk
        self.store = desk.store

    def check(self, staff: str, command: str, handoff: Handoff) -> None:
        """Refuse ``command`` when ``handoff`` is a colleague's; the refusal names the holder
        and points to /overnemen."""
        holder = handoff.assignee
        if holder is None or holder == staff:
            return
        claimed = handoff.status is HandoffStatus.CLAIMED
        if claimed and command == "pak":
            kind = "claimed_by_other"
        elif claimed and command in HOLDER_ONLY:
            kind = "held_by_other"
        elif command in ASSIGNEE_ONLY:
            kind = "not_yours"
        else:
            return
        raise StaffActionError(kind, reference=handoff.reference, assignee=holder)

    async def claim(self, staff: str, handoff: Handoff, now: dt.datetime) -> list[Outbound]:
        if handoff.assignee not in (None, staff):
            # An open case on a colleague's name: picking it up takes it from them, so they
            # hear of it (a claimed one never gets here: ``check`` refused it).
            return await self.take_over(staff, handoff, now)
        await self.store.update_handoff(
            handoff.id,
            status=HandoffStatus.CLAIMED,
            assignee=staff,
            claimed_at=handoff.claimed_at or now,
        )
        await self.store.audit(staff, "opgepakt", handoff.id, {}, now)
        contact = await self.store.contact_by_id(handoff.contact_id)
        done = await self._picked_up(staff, handoff, contact)
        if handoff.status is HandoffStatus.CLAIMED:
            return [done]  # claimed again by the same person: the customer knows already
        return [done, await self._tell_customer(staff, handoff, contact, now)]

    async def take_over(self, staff: str, handoff: Handoff, now: dt.datetime) -> list[Outbound]:
        """/overnemen: the case becomes ``staff``'s; the previous holder is told."""
        previous = handoff.assignee
        if previous is None or previous == staff:
            return await self.claim(staff, handoff, now)  # nobody else's: the same as /pak
        await self.store.update_handoff(
            handoff.id,
            status=HandoffStatus.CLAIMED,
            assignee=staff,
            claimed_at=handoff.claimed_at or now,
        )
        await self.store.audit(staff, "overgenomen", handoff.id, {"van": previous}, now)
        contact = await self.store.contact_by_id(handoff.contact_id)
        out = [await self._picked_up(staff, handoff, contact)]
        if self.desk.org.staff_member(previous) is not None:  # a holder who left hears nothing
            notice = self.desk.notice(
                "taken_over",
                staff=staff,
                reference=handoff.reference,
                contact=Desk.contact_line(contact),
            )
            out.append(
                await self.desk.emit(
                    handoff.conversation_id, staff_address(previous), notice, now,
                    author=SYSTEM, reference=handoff.reference,
                )
            )  # fmt: skip
        out.append(await self._tell_customer(staff, handoff, contact, now))
        return out

    async def reassign_orphans(self, now: dt.datetime) -> list[Outbound]:
        """Active cases on the name of somebody no longer configured (an account manager or
        coach removed from obm.toml) go back to the shared queue, and every account manager
        is told; otherwise their customers would wait for nobody. Run at start."""
        out: list[Outbound] = []
        for handoff in await self.store.assigned_handoffs():
            holder = handoff.assignee
            if holder is None or self.desk.org.staff_member(holder) is not None:
                continue
            shared = await self.store.update_handoff(
                handoff.id, assignee=None, status=HandoffStatus.OPEN
            )
            await self.store.audit(SYSTEM, "terug in wachtrij", handoff.id, {"was": holder}, now)
            text = self.desk.notice("orphaned", reference=handoff.reference, assignee=holder)
            claim = [Claim(reference=handoff.reference).button("Oppakken")]
            out += [
                await self.desk.emit(
                    handoff.conversation_id, staff_address(name), text, now, claim, SYSTEM,
                    handoff.reference,
                )
                for name in self.desk.staff_for(shared)
            ]  # fmt: skip
        return out

    async def _picked_up(self, staff: str, handoff: Handoff, contact: Contact) -> Outbound:
        """For the new holder: the conversation so far, the notes and the outcome buttons."""
        transcript = await self.desk.transcript_lines(handoff.conversation_id, 20)
        notes = [f"{n['author']}: {n['text']}" for n in await self.store.notes(handoff.id)]
        return Outbound(
            to=staff_address(staff),
            reference=handoff.reference,
            text=self.desk.notice(
                "claimed",
                reference=handoff.reference,
                contact=Desk.contact_line(contact),
                transcript=transcript,
                notes=notes,
            ),
            buttons=[
                CloseCase(reference=handoff.reference, outcome=i).button(o)
                for i, o in enumerate(OUTCOMES)
            ],
        )

    async def _tell_customer(
        self, staff: str, handoff: Handoff, contact: Contact, now: dt.datetime
    ) -> Outbound:
        language = await self.store.conversation_language(handoff.conversation_id)
        text = self.desk.renderer.render(
            "claimed", name=staff, reference=handoff.reference, informal=informal(contact),
            language=language,
        )  # fmt: skip
        return await self.desk.emit(handoff.conversation_id, customer_address(contact), text, now)
