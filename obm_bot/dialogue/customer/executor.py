"""Applies the policies' actions: renders, stores, records requests and opens handoffs."""

from __future__ import annotations

from typing import Any

from obm_bot.catalogue.fit import schedule_fits
from obm_bot.catalogue.models import Catalogue
from obm_bot.dialogue.buttons import Claim
from obm_bot.dialogue.cover import cover_for
from obm_bot.dialogue.customer.actions import (
    Action,
    Ask,
    Delegate,
    DropItem,
    EndWaiting,
    NoteDemand,
    RecordRequests,
    Relay,
    Reset,
    Say,
    StartRequest,
)
from obm_bot.dialogue.customer.answers import YES_NO
from obm_bot.dialogue.customer.form import COURSE_KINDS, GROUP_ROLES
from obm_bot.dialogue.customer.offerings import NO_PREFERENCE
from obm_bot.dialogue.customer.privacy import Privacy
from obm_bot.dialogue.customer.showing import Showing
from obm_bot.dialogue.customer.slots import Message
from obm_bot.dialogue.customer.summary import item_entities, item_title, item_view, short_summary
from obm_bot.dialogue.customer.tracker import Item, Pending, Question
from obm_bot.dialogue.desk import SYSTEM
from obm_bot.dialogue.labels_en import localised
from obm_bot.dialogue.learners.desk import LearnerDesk
from obm_bot.dialogue.messages import staff_address
from obm_bot.dialogue.turn import Turn, Voice
from obm_bot.domain.models import Priority, Request, RequestKind
from obm_bot.understanding.intents import IntentModel

HEADING_NL, HEADING_EN = "Dit vond ik in ons aanbod:", "This is what I found:"


def _fill_profile(turn: Turn, message: Message) -> bool:
    """ "bel me op 06 44455566, gerrit van van dam" while waiting: the contact learns it too.
    True when a member company became known."""
    details, profile = message.details, turn.tracker.profile
    for slot in ("name", "phone", "email"):
        if getattr(profile, slot) is None and getattr(details, slot):
            setattr(profile, slot, getattr(details, slot))
    if profile.company is None and details.company:
        profile.company, profile.member = details.company, details.member
        return details.member
    return False


class Executor:
    def __init__(
        self,
        voice: Voice,
        catalogue: Catalogue,
        learners: LearnerDesk,
        privacy: Privacy,
        intents: IntentModel,
        showing: Showing,
    ) -> None:
        self.voice = voice
        self.showing = showing
        self.desk = voice.desk
        self.store = voice.desk.store
        self.catalogue = catalogue
        self.learners = learners
        self.privacy = privacy
        self.intents = intents

    async def run(self, turn: Turn, actions: list[Action], message: Message) -> None:
        for action in actions:
            await self.apply(turn, action, message)
        if not any(isinstance(a, Ask) and a.question is Question.CLARIFY for a in actions):
            turn.tracker.misses = 0
        if not any(isinstance(a, Say) and a.template == "not_understood" for a in actions):
            turn.tracker.unanswered = 0

    async def apply(self, turn: Turn, action: Action, message: Message) -> None:
        tracker = turn.tracker
        if isinstance(action, Say):
            text = self.text(turn, action.template, action.context)
            if text == tracker.last_reply and not action.buttons:
                text = self.voice.render(turn, "repeated")  # never the same paragraph twice
            await self.voice.say(turn, text, action.buttons)
        elif isinstance(action, Ask):
            await self.ask(turn, action)
        elif isinstance(action, RecordRequests):
            await self.record(turn, action.priority_high)
        elif isinstance(action, Relay):
            if _fill_profile(turn, message):  # routed first, so the message goes there too
                await self.route_to_member(turn)
            await self.relay(turn, action, message)
        elif isinstance(action, EndWaiting):
            await self.end_waiting(turn, action.keep)
        elif isinstance(action, NoteDemand):
            await self.note_demand(turn, action.intent, message)
        elif isinstance(action, Reset) and action.fresh:
            tracker.restart()
        elif isinstance(action, Reset):
            tracker.reset()
        elif isinstance(action, StartRequest):
            tracker.items.append(Item(kind=action.kind, intent=action.intent, words=action.words))
        elif isinstance(action, DropItem):
            del tracker.items[action.index]
            tracker.pending = None
        else:
            await self.delegate(turn, action, message)

    def text(self, turn: Turn, template: str, context: dict[str, Any]) -> str:
        context = dict(context)
        today = turn.now.astimezone(self.desk.org.zone).date()
        if "course_ids" in context:
            ids = list(context.pop("course_ids"))
            every = template == "course_brief"  # a price range spans all offerings
            wishes = self.showing.wishes(turn.tracker)
            shown = 4 if len(ids) == 1 else 2  # three courses to choose from: their best two
            rows = self.showing.course_rows(
                ids, wishes, today, None if every else shown, None if every else turn.tracker
            )
            wanted = str(context.pop("schedule", "") or "")
            if wanted and wanted != NO_PREFERENCE:  # the brief keeps to the schedule chosen
                for row in rows:
                    kept = [r for r in row["offerings"] if schedule_fits(r["offering"], wanted)]
                    row["offerings"] = kept or row["offerings"]
            context["courses"] = rows
            english = turn.tracker.language == "en"
            context.setdefault("heading", HEADING_EN if english else HEADING_NL)
            if len(ids) == 1:
                turn.tracker.last_course = ids[0]
        if "question" in context:  # a question about courses, answered from the catalogue
            context.update(self.showing.answer(context.pop("question"), turn.tracker))
        if template == "summary":
            speaks = turn.tracker.language
            context["items"] = [
                item_view(i, self.catalogue, today, speaks) for i in turn.tracker.items
            ]
            context["profile"] = turn.tracker.profile
        return self.voice.render(turn, template, org=self.desk.org.name, **context)

    async def ask(self, turn: Turn, action: Ask) -> None:
        text = self.text(turn, action.template, action.context)
        if action.lead:
            text = self.text(turn, action.lead, action.lead_context) + "\n" + text
        await self.voice.say(turn, text, action.buttons, question=True)
        turn.tracker.pending = Pending(
            question=action.question, item=action.item,
            buttons=localised(action.buttons, turn.tracker.language),
            template=action.template, context=action.context, intent=action.intent,
            words=action.words,
        )  # fmt: skip
        if action.question is Question.CLARIFY:
            turn.tracker.misses += 1

    async def remember(self, turn: Turn) -> None:
        """What the customer told about themselves is kept with the contact, for next time."""
        profile, contact = turn.tracker.profile, await self.store.contact_by_id(turn.contact.id)
        if contact.channel_user_id.startswith("vergeten:"):
            return  # just forgotten: nothing of this turn is kept
        changes: dict[str, object] = {
            slot: getattr(profile, slot)
            for slot in ("role", "name", "phone", "email", "company")
            if getattr(profile, slot) is not None
            and getattr(profile, slot) != getattr(contact, slot)
        }
        if "company" in changes:
            member = self.desk.org.company_for(profile.company or "") if profile.member else None
            changes["company_id"] = await self.store.company_id(member.name) if member else None
        if changes:
            await self.store.update_contact(contact.id, **changes)

    async def record(self, turn: Turn, priority_high: bool) -> None:
        tracker, contact = turn.tracker, turn.contact
        said = {i.words for i in tracker.items}
        tracker.items[0].asides = [a for a in dict.fromkeys(tracker.asides) if a not in said]
        complaint = any(i.kind is RequestKind.COMPLAINT for i in tracker.items)
        requests: list[Request] = []
        for item in tracker.items:
            participants = item.participants
            if participants is None and item.kind in COURSE_KINDS and item.course:
                group = tracker.profile.role in GROUP_ROLES
                participants = None if group else 1  # an employee or learner signs up alone
            request = await self.store.create_request(
                contact_id=contact.id, conversation_id=turn.conversation_id, kind=item.kind,
                intent=item.intent, courses=[item.course] if item.course else [],
                entities=item_entities(
                    item, participants, tracker.language, [] if requests else tracker.facts_told
                ),
                summary=short_summary(item, self.catalogue), now=turn.now,
                case_reference=requests[0].reference if requests else None,
            )  # fmt: skip
            requests.append(request)
        titles = [
            ("call-back" if tracker.language == "en" else "terugbellen")
            if i.kind is RequestKind.CALLBACK
            else item_title(i, self.catalogue, turn.tracker.language)
            for i in tracker.items
        ]
        tracker.reset()
        references = [r.reference for r in requests]
        await self.voice.say(
            turn,
            self.voice.render(
                turn, "recorded", references=references, titles=titles, complaint=complaint
            ),
        )
        priority = Priority.HIGH if priority_high else Priority.NORMAL
        await self.remember(turn)  # the notice and the routing need the company and phone
        turn.contact = await self.store.contact_by_id(contact.id)
        turn.out += await self.desk.open(
            turn.contact, turn.conversation_id, requests, priority, turn.address, turn.informal,
            turn.now, language=tracker.language,
        )  # fmt: skip
        tracker.waiting, tracker.acknowledged = True, False
        tracker.extra_buttons = list(turn.out[-1].buttons)
        missing = [s for s in ("name", "phone") if not getattr(turn.tracker.profile, s)]
        if complaint and missing:  # recorded at once; who to call comes with the next message
            text = self.voice.render(turn, "complaint_contact", missing=missing)
            await self.voice.say(turn, text)

    async def relay(self, turn: Turn, action: Relay, message: Message) -> None:
        active = await self.store.active_handoff(turn.conversation_id)
        if active is None:
            return
        turn.out += await self.desk.relay(active, turn.contact, action.text, turn.now)
        if action.acknowledge:
            text = self.voice.render(
                turn, "relayed", who=active.assignee,
                deadline=self.desk.when_said(active.sla_deadline, turn.now, turn.tracker.language),
                answered=active.first_response_at is not None,
            )  # fmt: skip
            # The same acknowledgement again says nothing new, unless they asked how long.
            if text != turn.tracker.last_reply or message.details.asks_wait:
                await self.voice.say(turn, text)
            turn.tracker.acknowledged = True

    async def route_to_member(self, turn: Turn) -> None:
        """A case in the shared queue whose member company became known goes to that
        company's own account manager."""
        active = await self.store.active_handoff(turn.conversation_id)
        company = self.desk.org.company_for(turn.tracker.profile.company or "")
        if active is None or company is None or active.assignee is not None:
            return
        await self.remember(turn)
        cover = await cover_for(self.store, self.desk.org, company.account_manager, turn.now)
        if cover.assignee is None:
            return  # the account manager is away and nobody stands in: it stays shared
        await self.store.update_handoff(active.id, assignee=cover.assignee)
        await self.store.audit(
            SYSTEM, "naar eigen accountmanager", active.id, {"absent": cover.absent}, turn.now
        )
        contact = await self.store.contact_by_id(turn.contact.id)
        requests = await self.store.case_requests(active.request_id) if active.request_id else []
        routed = active.model_copy(update={"assignee": cover.assignee})
        text = self.desk.case_text(routed, contact, requests, turn.now, absent=cover.absent)
        turn.out.append(
            await self.desk.emit(
                turn.conversation_id, staff_address(cover.assignee), text, turn.now,
                [Claim(reference=active.reference).button("Oppakken")], SYSTEM, active.reference,
            )
        )  # fmt: skip

    async def end_waiting(self, turn: Turn, keep: bool) -> None:
        active = await self.store.active_handoff(turn.conversation_id)
        turn.tracker.pending = None
        if active is None:
            return
        if not keep:
            turn.out += await self.desk.cancel(active, turn.address, turn.informal, turn.now)
            turn.tracker.reset()
            return
        turn.tracker.waiting = False
        turn.tracker.extra_buttons = []
        await self.store.audit("klant", "wacht niet meer", active.id, {}, turn.now)
        notice = self.desk.notice(
            "stopped_waiting", reference=active.reference,
            contact=self.desk.contact_line(turn.contact),
        )  # fmt: skip
        turn.out += await self.desk.tell_staff(active, notice, turn.now)
        text = self.voice.render(
            turn, "stopped_waiting", reference=active.reference, who=active.assignee
        )
        await self.voice.say(turn, text)

    async def note_demand(self, turn: Turn, intent: str, message: Message) -> None:
        """Evidence for the management report: what was asked and how well it matched."""
        reading = message.reading
        if reading is None:
            return
        best = reading.courses[0] if reading.courses else None
        profile = turn.tracker.profile
        await self.store.add_demand_signal(
            turn.now, turn.contact.id, profile.role.value if profile.role else None,
            profile.company, intent, reading.text[:500], best.id if best else None,
            best.score if best else None,
            reading.details.participants or reading.entities.participants,
        )  # fmt: skip

    async def delegate(self, turn: Turn, action: Delegate, message: Message) -> None:
        if action.room == "privacy_show":
            await self.privacy.show(turn)
        elif action.room == "privacy_ask":
            await self.privacy.ask(turn)
        elif action.room == "privacy_answer":
            await self.privacy.answer(turn, action.value)
        elif action.room == "link":
            await self.learners.link(turn, action.value)
        elif action.room == "learner_button":
            await self.learners.button(turn, action.value)
        elif not await self.learners.answer(turn, action.value):
            # Not a linked learner: offer a person, with the intent's own explanation.
            template = self.intents.specs[action.value].template
            words = message.reading.text if message.reading else ""
            ask = Ask(Question.OFFER, template, {}, YES_NO, intent=action.value, words=words)
            await self.ask(turn, ask)
