"""The account-manager queue: opening handoffs, staff actions and SLA timers.

Everything here runs inside the caller's store transaction and returns the messages to send;
every message is also written to the transcript so nothing exists only in memory.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from obm_bot.catalogue.models import Catalogue
from obm_bot.dialogue.buttons import Claim, StopWaiting
from obm_bot.dialogue.cover import cover_for
from obm_bot.dialogue.customer.callback_time import Moment, wanted_call
from obm_bot.dialogue.customer.labels import KIND_LABELS
from obm_bot.dialogue.customer.summary import item_title, item_view, request_item
from obm_bot.dialogue.labels_en import localised
from obm_bot.dialogue.messages import Button, Outbound, staff_address
from obm_bot.dialogue.office_times import answering
from obm_bot.dialogue.timing import Timing
from obm_bot.domain.models import (
    Contact,
    Handoff,
    HandoffStatus,
    Priority,
    Request,
    RequestKind,
)
from obm_bot.organisation import Organisation
from obm_bot.rendering.renderer import Renderer
from obm_bot.storage.store import Store

OUTCOMES = ("offerte verstuurd", "aangemeld", "doorverwezen", "opgelost", "geen actie")
"""How a case that had a first human answer ends."""
NO_ANSWER = ("geen reactie van klant", "telefonisch afgehandeld")
"""Reasons to close a case without a recorded answer; the report counts them apart."""
SYSTEM = "systeem"
TRANSCRIPT_WIDTH = 140


class StaffActionError(Exception):
    """A staff action that cannot be done; rendered with ``staff_notice`` for the staff."""

    def __init__(self, kind: str, **context: object) -> None:
        super().__init__(kind)
        self.kind = kind
        self.context = context


@dataclass(frozen=True)
class Desk(Timing):
    store: Store
    org: Organisation
    renderer: Renderer
    catalogue: Catalogue

    # --- helpers -----------------------------------------------------------------------

    async def emit(
        self,
        conversation_id: int,
        to: str,
        text: str,
        now: dt.datetime,
        buttons: list[Button] | None = None,
        author: str = "bot",
        reference: str | None = None,
        handoff_over: bool = False,
        image: bytes | None = None,
        erase_topic: bool = False,
    ) -> Outbound:
        """Store an outgoing message as undelivered and return it for the adapter to send."""
        stored = [[b.model_dump() for b in buttons]] if buttons else None
        message_id = await self.store.add_message(
            conversation_id,
            "out",
            author,
            text,
            now,
            recipient=to,
            buttons=stored,
            delivered=False,
        )
        return Outbound(
            to=to, text=text, buttons=buttons or [], message_id=message_id,
            reference=reference, handoff_over=handoff_over, image=image, erase_topic=erase_topic,
        )  # fmt: skip

    def notice(self, kind: str, **context: object) -> str:
        return self.renderer.render("staff_notice", kind=kind, **context)

    async def transcript_lines(self, conversation_id: int, limit: int) -> list[str]:
        """The customer's side of the conversation, one short line per message, for staff."""
        lines = []
        for message in await self.store.transcript(conversation_id, limit * 2):
            if message.author == SYSTEM:
                continue
            text = " / ".join(part.strip() for part in message.text.splitlines() if part.strip())
            lines.append(
                f"{message.author}: {text[:TRANSCRIPT_WIDTH]}"
                + ("…" if len(text) > TRANSCRIPT_WIDTH else "")
            )
        return lines[-limit:]

    def staff_for(self, handoff: Handoff) -> list[str]:
        if handoff.assignee:
            return [handoff.assignee]
        return [m.name for m in self.org.account_manager]

    @staticmethod
    def contact_line(contact: Contact) -> str:
        parts = [contact.name or contact.display_name or "onbekend"]
        if contact.role:
            parts.append(contact.role.value)
        if contact.company:
            parts.append(contact.company)
        if contact.phone:
            parts.append(contact.phone)
        if contact.email:
            parts.append(contact.email)
        return ", ".join(parts)

    # --- opening -----------------------------------------------------------------------

    async def open(
        self,
        contact: Contact,
        conversation_id: int,
        requests: list[Request],
        priority: Priority,
        customer: str,
        informal: bool,
        now: dt.datetime,
        assignee: str | None = None,
        language: str = "nl",
    ) -> list[Outbound]:
        """Put a case (one or more requests recorded together) in the queue: for ``assignee``
        when given (a learner's coach), else for the company's own account manager, else for
        everybody; while that person is absent, for whoever stands in. The first request's
        reference names the case."""
        first = requests[0]
        company = self.org.company_for(contact.company) if contact.company else None
        cover = await cover_for(
            self.store, self.org, assignee or (company.account_manager if company else None), now
        )
        assignee = cover.assignee
        call = self.wanted_call(requests, now)
        # A call wanted later than the SLA allows: the hour counts from that moment.
        start = max(now, call.at) if call else now
        deadline = self.org.add_office_minutes(start, self.org.sla_minutes)
        reminder = self.org.add_office_minutes(start, self.org.reminder_minutes)
        handoff = await self.store.create_handoff(
            reference=first.reference, request_id=first.id,
            conversation_id=conversation_id, contact_id=contact.id, priority=priority,
            assignee=assignee, now=now, sla_deadline=deadline, reminder_at=reminder,
        )  # fmt: skip
        if call is not None:
            handoff = await self.store.update_handoff(
                handoff.id, callback_at=call.at, callback_said=call.said
            )
        await self.store.set_request_status(first.id, "bij accountmanager")
        await self.store.audit(
            SYSTEM,
            "handoff geopend",
            handoff.id,
            {"assignee": assignee, "priority": priority.value, "absent": cover.absent},
            now,
        )
        staff_text = self.case_text(handoff, contact, requests, now, absent=cover.absent)
        claim = [Claim(reference=handoff.reference).button("Oppakken")]
        out = [
            await self.emit(
                conversation_id,
                staff_address(name),
                staff_text,
                now,
                claim,
                SYSTEM,
                handoff.reference,
            )
            for name in self.staff_for(handoff)
        ]
        english = language == "en"
        when = answering(self.org.calendar, deadline, now, language)
        waiting = self.renderer.render(
            "waiting", who=assignee, who_short=assignee or ("our team" if english else "ons team"),
            absent=cover.absent, informal=informal, language=language, open_now=when.open_now,
            deadline=when.deadline, opens=when.opens, closed_reason=when.closed_reason,
            priority_high=priority is Priority.HIGH,
            callback=self.when_said(call.at, now, language, call.said) if call else "",
        )  # fmt: skip
        stop = localised([StopWaiting(mode="vraag").button("Niet meer wachten")], language)
        out.append(await self.emit(conversation_id, customer, waiting, now, stop))
        return out

    def wanted_call(self, requests: list[Request], now: dt.datetime) -> Moment | None:
        """When a call-back request's customer wants to be called, if they said."""
        texts = [
            text
            for r in requests
            if r.kind is RequestKind.CALLBACK
            for text in [r.entities.get("words") or r.summary, *(r.entities.get("asides") or [])]
        ]
        return wanted_call(texts, now, self.org.zone, self.org.office_hours.open)

    def case_text(
        self,
        handoff: Handoff,
        contact: Contact,
        requests: list[Request],
        now: dt.datetime,
        absent: str | None = None,
    ) -> str:
        """The account manager's notice: what is wanted, for whom, in the customer's words."""
        today = now.astimezone(self.org.zone).date()
        items = [
            {**item_view(request_item(r), self.catalogue, today), "reference": r.reference}
            for r in requests
        ]
        company = self.org.company_for(contact.company) if contact.company else None
        words = list(dict.fromkeys(i["words"] for i in items if i["words"]))
        english = any(r.entities.get("speaks") == "en" for r in requests)
        facts = [f for r in requests for f in r.entities.get("facts") or []]
        return self.renderer.render(
            "staff_new", reference=handoff.reference, shared=handoff.assignee is None,
            items=items, contact_line=self.contact_line(contact), company=contact.company,
            member=company is not None,
            manager=company.account_manager if company else None,
            words=words, deadline=self.when(handoff.sla_deadline, now),
            priority_high=handoff.priority is Priority.HIGH, english=english, facts=facts,
            callback=self.when(handoff.callback_at, now, "na") if handoff.callback_at else "",
            callback_said=handoff.callback_said or "",
            absent=absent,
        )  # fmt: skip

    # --- while a handoff is active ------------------------------------------------------

    async def tell_staff(
        self, handoff: Handoff, text: str, now: dt.datetime, handoff_over: bool = False
    ) -> list[Outbound]:
        """A stored notice about a case for everybody who works it."""
        return [
            await self.emit(
                handoff.conversation_id, staff_address(name), text, now, author=SYSTEM,
                reference=handoff.reference, handoff_over=handoff_over,
            )
            for name in self.staff_for(handoff)
        ]  # fmt: skip

    async def relay(
        self, handoff: Handoff, contact: Contact, text: str, now: dt.datetime, attach: bool = False
    ) -> list[Outbound]:
        line = self.notice(
            "relay", reference=handoff.reference, contact=self.contact_line(contact), text=text
        )
        out = await self.tell_staff(handoff, line, now)
        return [o.model_copy(update={"attach": attach}) for o in out]

    async def cancel(
        self, handoff: Handoff, customer: str, informal: bool, now: dt.datetime
    ) -> list[Outbound]:
        await self.store.update_handoff(
            handoff.id,
            status=HandoffStatus.CANCELLED,
            closed_at=now,
            outcome="geannuleerd door klant",
        )
        if handoff.request_id is not None:
            await self.store.set_request_status(handoff.request_id, "ingetrokken")
        await self.store.audit("klant", "geannuleerd", handoff.id, {}, now)
        notice = self.notice("cancelled", reference=handoff.reference)
        out = await self.tell_staff(handoff, notice, now, handoff_over=True)
        language = await self.store.conversation_language(handoff.conversation_id)
        text = self.renderer.render(
            "cancelled", reference=handoff.reference, informal=informal, language=language
        )
        out.append(await self.emit(handoff.conversation_id, customer, text, now))
        return out

    # --- for chat adapters -----------------------------------------------------------------

    async def unreachable(self, address: str, now: dt.datetime) -> list[Outbound]:
        channel, _, user_id = address.partition(":")
        contact = await self.store.contact(channel, user_id)
        if contact is None or contact.blocked:
            return []
        await self.store.update_contact(contact.id, blocked=True)
        conversation = await self.store.conversation_for(contact.id, now)
        active = await self.store.active_handoff(conversation.id)
        if active is None:
            return []
        return await self.tell_staff(
            active, self.notice("unreachable", reference=active.reference), now
        )

    def case_subject(self, request: Request | None, others: int = 0) -> str:
        """ "Inschrijving: TIG lassen staal en RVS (+1)": what a case is about, in a line."""
        if request is None:
            return "vraag"
        item = request_item(request)
        more = f" (+{others})" if others else ""
        return f"{KIND_LABELS[item.kind]}: {item_title(item, self.catalogue)}{more}"

    async def brief(self, reference: str, now: dt.datetime) -> tuple[str, str] | None:
        """A title and an opening message for a staff thread about one handoff."""
        handoff = await self.store.handoff_by_reference(reference)
        if handoff is None:
            return None
        contact = await self.store.contact_by_id(handoff.contact_id)
        requests = await self.store.case_requests(handoff.request_id) if handoff.request_id else []
        subject = item_title(request_item(requests[0]), self.catalogue) if requests else "vraag"
        parts = [reference, contact.role.value if contact.role else "onbekend"]
        parts += [p for p in (contact.company, subject) if p]
        return " · ".join(parts)[:128], self.case_text(handoff, contact, requests, now)
