"""The request flow: from a chosen course or service to a recorded request and a handoff.

It asks only what is still missing, one short question at a time, keeping its progress in the
conversation state so that a restart in the middle loses nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from obm_bot.catalogue.models import Catalogue
from obm_bot.dialogue.desk import Desk
from obm_bot.dialogue.messages import Button, Outbound
from obm_bot.domain.models import Contact, Priority, RequestKind, Role
from obm_bot.understanding.engine import Understander

ROLE_BUTTONS = [Button(label=r.value.capitalize(), data=f"role:{r.value}") for r in Role]
YES_NO = [Button(label="Ja, graag", data="ja"), Button(label="Nee, bedankt", data="nee")]
SCHEDULE_LABELS = {
    "dag": "Overdag",
    "avond": "'s Avonds",
    "weekend": "Weekend",
    "in_company": "Bij ons op locatie",
    "online": "Online",
}
KIND_LABELS = {
    RequestKind.COURSE: "Cursusaanvraag", RequestKind.ENROLMENT: "Inschrijving",
    RequestKind.QUOTE: "Offerteaanvraag", RequestKind.SERVICE: "Verzoek",
    RequestKind.CALLBACK: "Terugbelverzoek", RequestKind.COMPLAINT: "Klacht",
}  # fmt: skip
PHONE = re.compile(r"^\+?[\d\s().-]{10,20}$")
GROUP_ROLES = (Role.EMPLOYER, Role.SCHOOL)


@dataclass
class Turn:
    """One customer message being answered: who, where, and what to send back."""

    contact: Contact
    conversation_id: int
    state: dict[str, Any]
    address: str
    now: dt.datetime
    out: list[Outbound]

    @property
    def informal(self) -> bool:
        return self.contact.role is Role.LEARNER

    @property
    def flow(self) -> dict[str, Any]:
        flow: dict[str, Any] = self.state.setdefault("flow", {})
        return flow


class RequestFlow:
    def __init__(self, desk: Desk, catalogue: Catalogue, understander: Understander) -> None:
        self.desk = desk
        self.catalogue = catalogue
        self.understander = understander

    async def say(
        self,
        turn: Turn,
        text: str,
        buttons: list[Button] | None = None,
        keep_options: bool = False,
    ) -> None:
        """Send a message; its buttons become the only valid choices, unless ``keep_options``
        (an error message leaves the pending question's buttons valid)."""
        turn.out.append(
            await self.desk.emit(turn.conversation_id, turn.address, text, turn.now, buttons)
        )
        if not keep_options:
            turn.state["options"] = [[b.label, b.data] for b in buttons or []]

    def render(self, turn: Turn, template: str, **context: Any) -> str:
        return self.desk.renderer.render(template, informal=turn.informal, **context)

    def start(
        self,
        turn: Turn,
        kind: RequestKind,
        intent: str,
        course: str | None,
        subject: str,
        entities: dict[str, Any],
    ) -> None:
        turn.state["flow"] = {
            "kind": kind.value, "intent": intent, "course": course, "subject": subject,
            "participants": entities.get("participants"), "schedule": entities.get("schedule"),
            "period": entities.get("period"),
        }  # fmt: skip

    async def advance(self, turn: Turn) -> None:
        """Ask the next missing detail, or show the summary, or record the request."""
        flow, contact = turn.flow, turn.contact
        kind = RequestKind(flow["kind"])
        course = self.catalogue.course(flow["course"]) if flow.get("course") else None
        if kind in (RequestKind.CALLBACK, RequestKind.COMPLAINT):
            await self.record(turn)  # a person is wanted now; they ask what they need
            return
        if contact.role is None:
            turn.state["step"] = "role"
            await self.say(turn, self.render(turn, "ask_role"), ROLE_BUTTONS)
            return
        if course and flow.get("participants") is None:
            if contact.role in GROUP_ROLES:
                turn.state["step"] = "participants"
                await self.say(
                    turn,
                    self.render(turn, "ask_participants", course=course.title),
                    [Button(label=str(n), data=f"aantal:{n}") for n in (1, 2, 3, 5)],
                )
                return
            flow["participants"] = 1
        if course and flow.get("schedule") is None:
            schedules = sorted({o.schedule.value for o in self.catalogue.offerings_for(course.id)})
            options = [*schedules, "in_company"] if contact.role in GROUP_ROLES else schedules
            if len(options) > 1:
                turn.state["step"] = "schedule"
                buttons = [Button(label=SCHEDULE_LABELS[s], data=f"rooster:{s}") for s in options]
                buttons.append(Button(label="Maakt niet uit", data="rooster:geen"))
                await self.say(turn, self.render(turn, "ask_schedule"), buttons)
                return
            flow["schedule"] = options[0] if options else "geen"
        needs_company = contact.role in (Role.EMPLOYER, Role.EMPLOYEE)
        for step, missing in (
            ("company", needs_company and not contact.company),
            ("name", not contact.name),
            ("phone", not contact.phone),
        ):
            if missing:
                turn.state["step"] = step
                await self.say(turn, self.render(turn, f"ask_{step}"))
                return
        if kind is RequestKind.SERVICE or flow.get("confirmed"):
            await self.record(turn)
            return
        turn.state["step"] = "confirm"
        await self.say(turn, self.summary(turn, course.title if course else None), [
            Button(label="Klopt, aanvragen", data="bevestig"),
            Button(label="Annuleren", data="annuleer"),
        ])  # fmt: skip

    def summary(self, turn: Turn, course: str | None) -> str:
        flow, contact = turn.flow, turn.contact
        schedule = flow.get("schedule")
        return self.render(
            turn, "summary", kind_label=KIND_LABELS[RequestKind(flow["kind"])], course=course,
            subject=flow.get("subject"), participants=flow.get("participants"),
            schedule=SCHEDULE_LABELS.get(schedule or ""), period=flow.get("period"),
            company=contact.company, name=contact.name, phone=contact.phone,
        )  # fmt: skip

    async def answer(self, turn: Turn, step: str, text: str) -> bool:
        """Take a typed answer to the current question; False when it is not an answer."""
        store, contact = self.desk.store, turn.contact
        if step == "participants":
            number = self.understander.understand(text).entities.participants
            digits = re.fullmatch(r"\s*(\d{1,3})\s*(?:man|personen|mensen)?\s*", text)
            number = int(digits.group(1)) if digits else number
            if not number or number < 1:
                await self.say(turn, self.render(turn, "bad_participants"), keep_options=True)
                return True
            turn.flow["participants"] = number
        elif step == "company":
            member = self.desk.org.company_for(text)
            if member:
                await store.update_contact(
                    contact.id, company=member.name, company_id=await store.company_id(member.name)
                )
            else:
                await store.update_contact(contact.id, company=text[:120])
        elif step == "name":
            await store.update_contact(contact.id, name=text[:120])
        elif step == "phone":
            if not PHONE.match(text.strip()):
                await self.say(turn, self.render(turn, "bad_phone"), keep_options=True)
                return True
            await store.update_contact(contact.id, phone=text.strip())
        else:
            return False
        turn.contact = await store.contact_by_id(contact.id)
        await self.advance(turn)
        return True

    async def record(self, turn: Turn) -> None:
        flow = turn.flow
        kind = RequestKind(flow["kind"])
        course = self.catalogue.course(flow["course"]) if flow.get("course") else None
        details = [course.title if course else flow.get("subject") or ""]
        if flow.get("participants"):
            details.append(f"{flow['participants']} pers.")
        if flow.get("schedule") and flow["schedule"] != "geen":
            details.append(SCHEDULE_LABELS.get(flow["schedule"], flow["schedule"]))
        if flow.get("period"):
            details.append(str(flow["period"]))
        entities = {k: flow.get(k) for k in ("participants", "schedule", "period")}
        request = await self.desk.store.create_request(
            contact_id=turn.contact.id, conversation_id=turn.conversation_id, kind=kind,
            intent=flow["intent"], courses=[course.id] if course else [], entities=entities,
            summary="; ".join(d for d in details if d), now=turn.now,
        )  # fmt: skip
        turn.state.update(step=None, flow={}, options=[], misses=0)
        await self.say(turn, self.render(turn, "recorded", reference=request.reference))
        priority = Priority.HIGH if kind is RequestKind.COMPLAINT else Priority.NORMAL
        turn.out += await self.desk.open(
            turn.contact,
            turn.conversation_id,
            request,
            priority,
            turn.address,
            turn.informal,
            turn.now,
        )
        turn.state["options"] = [["Niet meer wachten", "stop"]]
