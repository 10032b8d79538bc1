"""What an account manager can do: list, claim, take over, reply, note, transfer, close; SLA
timers. Who may act on which case is ``holders.py``'s.

Commands arrive as text ("/pak OBM-2026-000012") from any channel. Only the account managers
and coaches in the configuration get here; the engine refuses everybody else before parsing
anything.
"""

from __future__ import annotations

import datetime as dt

from obm_bot.dialogue.buttons import Claim
from obm_bot.dialogue.desk import SYSTEM, Desk, StaffActionError
from obm_bot.dialogue.messages import Outbound, staff_address
from obm_bot.dialogue.staff.closing import Closing
from obm_bot.dialogue.staff.commands import BY_NAME, DeskKind, help_text, names
from obm_bot.dialogue.staff.holders import Holders, customer_address, informal
from obm_bot.dialogue.staff.names import manager_named
from obm_bot.domain.models import Contact, Handoff, HandoffStatus, Priority

QUEUE_COMMANDS = names(DeskKind.QUEUE)
COMMANDS = names(DeskKind.QUEUE, DeskKind.HELP)  # the customer side refuses these


def _age(since: dt.datetime, now: dt.datetime) -> str:
    minutes = int((now - since).total_seconds() // 60)
    return f"{minutes} min" if minutes < 120 else f"{minutes // 60} uur"


class StaffDesk:
    def __init__(self, desk: Desk) -> None:
        self.desk = desk
        self.store = desk.store
        self.holders = Holders(desk)
        self.closing = Closing(desk)

    async def handle(self, staff: str, text: str, now: dt.datetime) -> list[Outbound]:
        """Run one staff command; errors come back as a Dutch line to the staff member."""
        try:
            return await self._dispatch(staff, text.strip(), now)
        except StaffActionError as exc:
            return [
                Outbound(to=staff_address(staff), text=self.desk.notice(exc.kind, **exc.context))
            ]

    async def _dispatch(self, staff: str, text: str, now: dt.datetime) -> list[Outbound]:
        command, _, rest = text.lstrip("/").partition(" ")
        command = command.lower()
        manager = self.desk.org.manager(staff) is not None
        if command not in QUEUE_COMMANDS:
            return [Outbound(to=staff_address(staff), text=help_text(self.desk.renderer, manager))]
        if not BY_NAME[command].allowed(manager):  # as the engine does: safe without it
            raise StaffActionError("managers_only", command=command)
        if command == "wachtrij":
            return [await self.queue(staff, now)]
        reference, _, argument = rest.strip().partition(" ")
        if command == "opgevolgd":  # about a closed case: not in the queue any more
            return await self.closing.csat.followed_up(staff, reference, now)
        handoff = await self._active(reference)
        if not manager and handoff.assignee != staff:
            # A coach works only on the questions of their own learners.
            raise StaffActionError("unknown_reference", reference=reference)
        self.holders.check(staff, command, handoff)
        if command == "pak":
            return await self.holders.claim(staff, handoff, now)
        if command == "overnemen":
            return await self.holders.take_over(staff, handoff, now)
        if command == "antwoord":
            return await self.reply(staff, handoff, argument, now)
        if command == "notitie":
            return await self.note(staff, handoff, argument, now)
        if command == "overdragen":
            return await self.transfer(staff, handoff, argument, now)
        if command == "sluit":
            return await self.closing.command(staff, handoff, argument, now)
        raise LookupError(f"/{command} is in the command table but has no handler here")

    async def _active(self, reference: str) -> Handoff:
        if not reference:
            raise StaffActionError("need_reference")
        handoff = await self.store.handoff_by_reference(reference.upper())
        if handoff is None:
            raise StaffActionError("unknown_reference", reference=reference)
        if handoff.status not in (HandoffStatus.OPEN, HandoffStatus.CLAIMED):
            raise StaffActionError(
                "not_active", reference=handoff.reference, status=handoff.status.dutch
            )
        return handoff

    async def queue(self, staff: str, now: dt.datetime) -> Outbound:
        rows = []
        coach = self.desk.org.manager(staff) is None
        queued = await self.store.queue()
        heads = await self.store.case_heads([h.request_id for h, _ in queued if h.request_id])
        for handoff, contact in queued:
            if coach and handoff.assignee != staff:
                continue
            if handoff.first_response_at:
                sla = "beantwoord"
            elif now >= handoff.sla_deadline:
                sla = "SLA verlopen"
            else:
                sla = f"SLA {self.desk.when(handoff.sla_deadline, now)}"
            if handoff.callback_at and handoff.callback_reminded_at is None:
                sla += f" · terugbellen {self.desk.when(handoff.callback_at, now, 'na')}"
            rows.append({
                "reference": handoff.reference, "status": handoff.status.dutch,
                "age": _age(handoff.opened_at, now), "sla": sla,
                "priority_high": handoff.priority is Priority.HIGH,
                "assignee": handoff.assignee, "contact": Desk.contact_line(contact),
                "subject": self.desk.case_subject(*heads.get(handoff.request_id or 0, (None, 0))),
            })  # fmt: skip
        # High priority first within the oldest-first order: complaints must not wait.
        rows.sort(key=lambda r: not r["priority_high"])
        follow_ups = [] if coach else await self.closing.csat.follow_ups()
        text = self.desk.renderer.render("staff_queue", rows=rows, follow_ups=follow_ups)
        return Outbound(to=staff_address(staff), text=text)

    async def _customer(self, handoff: Handoff) -> Contact:
        return await self.store.contact_by_id(handoff.contact_id)

    async def reply(
        self, staff: str, handoff: Handoff, text: str, now: dt.datetime
    ) -> list[Outbound]:
        if not text.strip():
            raise StaffActionError("need_text")
        # Answering makes the case the answerer's (``holders.check`` allowed it): from the
        # shared queue too, since the customer now talks to them.
        fields: dict[str, object] = {"status": HandoffStatus.CLAIMED, "assignee": staff}
        if handoff.first_response_at is None:
            fields["first_response_at"] = now
        if handoff.claimed_at is None:
            fields["claimed_at"] = now
        await self.store.update_handoff(handoff.id, **fields)
        await self.store.audit(staff, "antwoord", handoff.id, {"length": len(text)}, now)
        contact = await self._customer(handoff)
        message = self.desk.renderer.render("staff_reply", name=staff, text=text.strip())
        customer = await self.desk.emit(
            handoff.conversation_id,
            customer_address(contact),
            message,
            now,
            author=f"medewerker:{staff}",
        )
        return [
            Outbound(
                to=staff_address(staff),
                text=self.desk.notice("sent", reference=handoff.reference),
                reference=handoff.reference,
            ),
            customer,
        ]

    async def note(
        self, staff: str, handoff: Handoff, text: str, now: dt.datetime
    ) -> list[Outbound]:
        if not text.strip():
            raise StaffActionError("need_note")
        await self.store.add_note(handoff.id, staff, text.strip(), now)
        await self.store.audit(staff, "notitie", handoff.id, {}, now)
        return [
            Outbound(
                to=staff_address(staff),
                text=self.desk.notice("noted", reference=handoff.reference),
                reference=handoff.reference,
            )
        ]

    async def transfer(
        self, staff: str, handoff: Handoff, target: str, now: dt.datetime
    ) -> list[Outbound]:
        manager = manager_named(self.desk.org, target)
        await self.store.update_handoff(
            handoff.id, assignee=manager.name, status=HandoffStatus.OPEN
        )
        await self.store.audit(staff, "overgedragen", handoff.id, {"aan": manager.name}, now)
        contact = await self._customer(handoff)
        note = await self.desk.emit(
            handoff.conversation_id,
            staff_address(manager.name),
            self.desk.notice(
                "transferred_to_you",
                staff=staff,
                reference=handoff.reference,
                contact=Desk.contact_line(contact),
            ),
            now,
            [Claim(reference=handoff.reference).button("Oppakken")],
            SYSTEM,
            handoff.reference,
        )
        # The customer hears it in their own words: who answers now, and by when if nobody
        # has yet (the deadline stays: a transfer does not buy the desk more time).
        language = await self.store.conversation_language(handoff.conversation_id)
        answered = handoff.first_response_at is not None
        call = handoff.callback_at if handoff.callback_reminded_at is None else None
        told = self.desk.renderer.render(
            "transferred", reference=handoff.reference, to=manager.name,
            informal=informal(contact), language=language,
            deadline="" if answered else self.desk.when_said(handoff.sla_deadline, now, language),
            callback=self.desk.when_said(call, now, language, handoff.callback_said or "")
            if call else "",
        )  # fmt: skip
        customer = await self.desk.emit(
            handoff.conversation_id, customer_address(contact), told, now
        )
        return [
            Outbound(
                to=staff_address(staff),
                text=self.desk.notice(
                    "transferred", reference=handoff.reference, target=manager.name
                ),
                reference=handoff.reference,
            ),
            note,
            customer,
        ]

    async def reassign_orphans(self, now: dt.datetime) -> list[Outbound]:
        """Cases of staff no longer configured back to the shared queue (at start)."""
        return await self.holders.reassign_orphans(now)

    async def tick(self, now: dt.datetime) -> list[Outbound]:
        """Send due SLA reminders and escalations; safe to call as often as wanted."""
        out = await self._callbacks(now)
        for handoff in await self.store.due_timers(now):
            contact = await self._customer(handoff)
            line = Desk.contact_line(contact)
            if handoff.escalated_at is None and now >= handoff.sla_deadline:
                text = self.desk.renderer.render(
                    "staff_escalation",
                    reference=handoff.reference,
                    contact=line,
                    minutes=self.desk.org.sla_minutes,
                    assignee=handoff.assignee,
                )
                recipients = [m.name for m in self.desk.org.account_manager]
                await self.store.update_handoff(
                    handoff.id, escalated_at=now, reminded_at=handoff.reminded_at or now
                )
                await self.store.audit(SYSTEM, "SLA verlopen", handoff.id, {}, now)
            else:
                text = self.desk.renderer.render(
                    "staff_reminder",
                    reference=handoff.reference,
                    contact=line,
                    deadline=self.desk.when(handoff.sla_deadline, now),
                )
                recipients = self.desk.staff_for(handoff)
                await self.store.update_handoff(handoff.id, reminded_at=now)
                await self.store.audit(SYSTEM, "herinnering", handoff.id, {}, now)
            claim = [Claim(reference=handoff.reference).button("Oppakken")]
            out += [
                await self.desk.emit(
                    handoff.conversation_id,
                    staff_address(name),
                    text,
                    now,
                    claim,
                    SYSTEM,
                    handoff.reference,
                )
                for name in recipients
            ]
        return out

    async def _callbacks(self, now: dt.datetime) -> list[Outbound]:
        """The customer asked to be called at a moment that has come: remind whoever has the
        case (everybody while it is in the shared queue)."""
        out: list[Outbound] = []
        for handoff in await self.store.due_callbacks(now):
            contact = await self._customer(handoff)
            text = self.desk.notice(
                "callback_due", reference=handoff.reference, contact=Desk.contact_line(contact),
                said=handoff.callback_said or "",
            )  # fmt: skip
            await self.store.update_handoff(handoff.id, callback_reminded_at=now)
            await self.store.audit(SYSTEM, "terugbellen herinnerd", handoff.id, {}, now)
            out += [
                await self.desk.emit(
                    handoff.conversation_id, staff_address(name), text, now, author=SYSTEM,
                    reference=handoff.reference,
                )
                for name in self.desk.staff_for(handoff)
            ]  # fmt: skip
        return out
