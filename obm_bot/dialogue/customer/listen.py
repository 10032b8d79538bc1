"""State tracking: every customer message is mined for all it says before a question is chosen.

``listen`` updates the ``Tracker`` from one message: the answer to the pending question (a
pressed or typed button, or a typed value with extra words), and everything else the message
carries about the customer and the requests being prepared: corrections, details, new
requests. It decides nothing about what to say; the policies do that from the result.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from obm_bot.catalogue.models import Catalogue
from obm_bot.dialogue.buttons import (
    Answer,
    Apply,
    CallbackData,
    CountChoice,
    CourseChoice,
    ScheduleChoice,
)
from obm_bot.dialogue.customer.form import missing_contact
from obm_bot.dialogue.customer.offerings import choose_offering
from obm_bot.dialogue.customer.slots import (
    NONE_OF_THESE,
    PROFILE_ANSWERS,
    Heard,
    Message,
    apply_details,
    apply_shared,
    contact_card,
    ordinal,
    reply,
)
from obm_bot.dialogue.customer.tracker import Item, Question, Tracker
from obm_bot.domain.models import RequestKind, Role
from obm_bot.understanding.details import Details, split_needs
from obm_bot.understanding.result import Understanding

REQUEST_INTENTS = {
    "course_search": RequestKind.COURSE, "enrolment": RequestKind.ENROLMENT,
    "quote_request": RequestKind.QUOTE,
}  # fmt: skip
COURSE_INTENTS = frozenset({*REQUEST_INTENTS, "course_info"})
SERVICE_INTENTS = frozenset({
    "funding", "training_plan", "career_advice", "evc", "exam_certification", "membership",
    "apprenticeship_employer", "school_services", "admin_support",
})  # fmt: skip
CLEAR_MATCH = 80.0  # a course this well matched, 10 points ahead of the next, needs no choice
CLEAR_MARGIN = 10.0
NEW_COURSE = 80.0  # a course named this clearly is a need of its own
MID_FLOW = 90.0  # while a question is open, a new course must be named this plainly
MAX_CHOICES = 3
MAX_PEOPLE = 500
EARLIER = re.compile(
    r"\b(?:eerste|vorige) bericht\b|\bstaat (?:er|erin|hierboven)\b|\bhierboven\b"
    r"|\bzei ik (?:toch )?al\b|\bhad ik (?:al|toch) gezegd\b",
    re.IGNORECASE,
)
REPLACES = re.compile(
    r"\b(?:ipv|i\.p\.v\.|in plaats van|toch niet|niet \w+ maar|andere cursus|liever)\b",
    re.IGNORECASE,
)
# Questions whose answer is a value; a new course named there brings its own details.
SLOT_QUESTIONS = frozenset({
    Question.PARTICIPANTS, Question.SCHEDULE, Question.COMPANY, Question.NAME, Question.PHONE,
    Question.CONTACT, Question.ROLE,
})  # fmt: skip
EVERY = re.compile(r"\b(?:allebei|beide|allemaal|alle twee|voor alles)\b", re.IGNORECASE)
JOINERS = re.compile(r"\s+(?:en|plus|&|\+)\s+|\s*,\s*")
WE = re.compile(r"\b(?:wij|we|onze|ons bedrijf|ons personeel)\b", re.IGNORECASE)
SURE = 0.5  # a part of a message read this surely as a service is a need of its own
# A person to talk to, for a learner who is not linked yet.
OFFER_KINDS = {"milestone_status": RequestKind.CALLBACK, "coach_contact": RequestKind.CALLBACK}
Understand = Callable[[str], Understanding]


def _merge_same_courses(tracker: Tracker) -> None:
    """Two items that turned out to be the same course ("tig" chosen from the list next to
    "tig" said apart) are one request: the details of both are kept."""
    kept: list[Item] = []
    for item in tracker.items:
        twin = next((k for k in kept if item.course and k.course == item.course), None)
        if twin is None:
            kept.append(item)
            continue
        for slot in ("participants", "schedule", "place", "period", "provider", "language"):
            if getattr(twin, slot) is None and getattr(item, slot) is not None:
                setattr(twin, slot, getattr(item, slot))
        twin.names = list(dict.fromkeys([*twin.names, *item.names]))
        twin.remarks = list(dict.fromkeys([*twin.remarks, *item.remarks]))
    if len(kept) != len(tracker.items):
        tracker.items = kept
        if tracker.pending is not None and (tracker.pending.item or 0) >= len(kept):
            tracker.pending = tracker.pending.model_copy(update={"item": len(kept) - 1})


# Intents a named course outweighs: "..., 2 man voor vca vol. bel me op 06..." is a request.
SOFT_INTENTS = frozenset({"human_handoff", "greeting", "help", "thanks_goodbye", "out_of_scope"})


def _requested(reading: Understanding) -> str | None:
    """The request intent of a message: its own, or the runner-up's when a course is named
    clearly and the winner is only a greeting or a "bel me"."""
    if reading.intent in REQUEST_INTENTS:
        return reading.intent
    named = bool(reading.courses) and reading.courses[0].score >= NEW_COURSE
    if named and reading.intent in SOFT_INTENTS:
        return next((a.intent for a in reading.alternatives[:2] if a.intent in REQUEST_INTENTS),
                    None)  # fmt: skip
    return None


def _asks_course(reading: Understanding) -> bool:
    """A course named with the particulars of a request: people, names, when."""
    details, entities = reading.details, reading.entities
    named = bool(reading.courses) and reading.courses[0].score >= NEW_COURSE
    particulars = details.participants or details.participant_names or details.schedule
    return named and bool(particulars or entities.participants or entities.schedule)


class Listener:
    def __init__(
        self,
        catalogue: Catalogue,
        understand: Understand,
        region_of: Callable[[str | None], str] = lambda company: "",
    ) -> None:
        """``region_of``: a company's region, so offerings nearby come first."""
        self.catalogue = catalogue
        self.understand = understand
        self.region_of = region_of

    def listen(self, tracker: Tracker, message: Message) -> Heard:
        heard = Heard()
        if isinstance(message.button, Apply):  # "Aanmelden" or "Offerte" under a course
            kind = RequestKind(message.button.kind)
            intent = "enrolment" if kind is RequestKind.ENROLMENT else "quote_request"
            tracker.items.append(Item(kind=kind, intent=intent, course=message.button.course))
            heard.added.append(len(tracker.items) - 1)
        elif tracker.pending is not None and not (
            tracker.pending.question in SLOT_QUESTIONS and self._names_new_course(tracker, message)
        ):
            self._answer(tracker, message, heard)  # a new course's details are its own
        if message.reading is not None:
            self._profile(tracker, message.details, heard)
            self._requests(tracker, message, heard)
        _merge_same_courses(tracker)
        region = self.region_of(tracker.profile.company)
        for item in tracker.items:
            if item.course:
                item.offering = choose_offering(self.catalogue, item, region)
        if tracker.profile.role is None and any(
            len(i.names) > 1 or (i.participants or 0) > 1 for i in tracker.items
        ):
            tracker.profile.role = Role.EMPLOYER  # signing up others: their employer writes
        elif tracker.profile.role is None and tracker.items and WE.search(message.text):
            tracker.profile.role = Role.EMPLOYER  # "wij willen een heftruckcursus"
        if heard.learned or heard.added:
            tracker.confirmed = False  # a changed request is confirmed again
        return heard

    # --- the pending question -----------------------------------------------------------------

    def _answer(self, tracker: Tracker, message: Message, heard: Heard) -> None:
        pending = tracker.pending
        assert pending is not None
        index = pending.item if pending.item is not None else tracker.current()
        item = tracker.items[index] if index is not None and index < len(tracker.items) else None
        question = pending.question
        if question in (Question.CONFIRM, Question.OFFER):
            self._yes_no(tracker, message, heard)
        elif question is Question.CONTACT:
            found = contact_card(message, missing_contact(tracker))
            for slot, text in found.items():
                setattr(tracker.profile, slot, text)
            if "company" in found:
                details = message.details
                tracker.profile.member = details.member and details.company == found["company"]
            heard.answered = bool(found)
        elif question in PROFILE_ANSWERS:
            value = PROFILE_ANSWERS[question](message)
            if value is not None:
                setattr(tracker.profile, question.value, value)
                if question is Question.COMPANY:
                    details = message.details
                    tracker.profile.member = details.member and details.company == value
                heard.answered = True
        elif item is not None and question is Question.COURSE:
            chosen = self._course_answer(item, message.button, message)
            if chosen is not None:
                item.course, item.choices = chosen, []
                heard.answered = True
            elif (isinstance(message.button, Answer) and not message.button.yes) or (
                message.button is None
                and (message.details.reply == "no" or NONE_OF_THESE.search(message.text))
            ):
                heard.declined = True
        elif (
            item is not None
            and question in (Question.PARTICIPANTS, Question.SCHEDULE)
            and (message.button is None and EARLIER.search(message.text) and item.words)
        ):
            # "staat in mijn eerste bericht": read the first message again for it
            earlier = self.understand(item.words)
            if apply_details(item, earlier, earlier.details):
                heard.answered = getattr(item, question.value) is not None
        elif item is not None and question is Question.PARTICIPANTS:
            button, details = message.button, message.details
            count = button.count if isinstance(button, CountChoice) else None
            count = count or details.participants or details.number
            if count and 0 < count <= MAX_PEOPLE:
                item.participants = count
                heard.answered = True
        elif item is not None and question is Question.SCHEDULE:
            if isinstance(message.button, ScheduleChoice):
                item.schedule = message.button.schedule
                heard.answered = True
            elif message.details.schedule or message.details.schedule_not:
                heard.answered = True  # applied with the other details of the message

    def _yes_no(self, tracker: Tracker, message: Message, heard: Heard) -> None:
        pending = tracker.pending
        assert pending is not None
        button = message.button
        yes = button.yes if isinstance(button, Answer) else reply(message.details)
        if yes is False and button is None and pending.question is Question.CONFIRM:
            heard.doubted = True  # a typed "nee" to "Klopt dit?": something is wrong
        elif yes is False:
            heard.declined = True
        elif yes is True:
            heard.answered = True
            if pending.question is Question.CONFIRM:
                tracker.confirmed = True
                return
            intent = pending.intent or "human_handoff"
            kind = REQUEST_INTENTS.get(intent) or OFFER_KINDS.get(intent, RequestKind.SERVICE)
            item = Item(kind=kind, intent=intent, words=pending.words)
            if pending.words:  # "een klas van 20": what the offer was about is kept
                said = self.understand(pending.words)
                apply_details(item, said, said.details)
            tracker.items.append(item)

    def _course_answer(
        self, item: Item, button: CallbackData | None, message: Message
    ) -> str | None:
        if isinstance(button, CourseChoice):
            return item.choices[button.index] if 0 <= button.index < len(item.choices) else None
        number = message.details.number or ordinal(message.text)
        if button is None and number and 1 <= number <= len(item.choices):
            return item.choices[number - 1]
        hits = message.reading.courses if message.reading else []
        for hit in hits[:2]:  # the course typed by (part of) its name
            if hit.id in item.choices and hit.score >= NEW_COURSE:
                return hit.id
        return None

    @staticmethod
    def _names_new_course(tracker: Tracker, message: Message) -> bool:
        reading = message.reading
        if reading is None or not reading.courses or message.details.correction:
            return False
        best = reading.courses[0]
        pending = tracker.pending
        choices = {c for i in tracker.items for c in i.choices}
        if pending is not None and pending.question is Question.COURSE and best.id in choices:
            return False  # the answer to "which course?"
        known = {i.course for i in tracker.items} | choices
        return best.score >= MID_FLOW and best.id not in known

    # --- everything else the message says ----------------------------------------------------

    @staticmethod
    def _profile(tracker: Tracker, details: Details, heard: Heard) -> None:
        profile = tracker.profile
        role = Role(details.role) if details.role else None
        for slot, value in (
            ("role", role), ("name", details.name), ("phone", details.phone),
            ("email", details.email), ("company", details.company),
        ):  # fmt: skip
            if value is not None and getattr(profile, slot) != value:
                setattr(profile, slot, value)
                heard.learned.append(slot)
        if details.company is not None:
            profile.member = details.member

    def _requests(self, tracker: Tracker, message: Message, heard: Heard) -> None:
        reading = message.reading
        assert reading is not None
        details = message.details
        pending = tracker.pending
        answering_course = pending is not None and pending.question is Question.COURSE
        if not tracker.items:
            requested = _requested(reading)
            service = None
            if not requested and reading.intent in SERVICE_INTENTS and _asks_course(reading):
                requested = "course_search"  # "2 man voor vca vol, kan ik daar subsidie voor…"
                service = Item(kind=RequestKind.SERVICE, intent=reading.intent, words=reading.text)
            if requested and reading.courses:
                needs = self._needs(reading, requested)
                if service and all(i.intent != service.intent for i in needs):
                    needs.append(service)
                for item in needs:
                    tracker.items.append(item)
                    heard.added.append(len(tracker.items) - 1)
            return
        index = tracker.current()
        assert index is not None
        item = tracker.items[index]
        known = {i.course for i in tracker.items} | set(item.choices)
        fresh = [c for c in reading.courses if c.score >= NEW_COURSE and c.id not in known]
        if fresh and item.course and (details.correction or REPLACES.search(reading.text)):
            # "toch niet vca maar bhv", "eigenlijk bhv ipv vca": the course is swapped
            item.course, item.choices, item.offering = fresh[0].id, [], None
            heard.learned.append("course")
            heard.learned += apply_details(item, reading, details)
            return
        best = reading.courses[0] if reading.courses else None
        names_new = best is not None and best.score >= MID_FLOW and best.id not in known
        particulars = details.schedule or details.place or reading.entities.schedule
        asks_service = (
            reading.intent in SERVICE_INTENTS
            and reading.confidence >= SURE
            and not (details.correction or details.participants or details.number)
            and not (particulars or heard.answered)
        )  # "toch 5, de stagiair ook" or "bij ons in de zaak" asks for no apprentice
        if asks_service and all(i.intent != reading.intent for i in tracker.items):
            # "is daar subsidie voor?" mid-flow: kept as a request of its own, not dropped
            tracker.items.append(
                Item(kind=RequestKind.SERVICE, intent=reading.intent, words=reading.text)
            )
            heard.added.append(len(tracker.items) - 1)
            return
        wants = reading.intent in REQUEST_INTENTS or reading.intent == "course_info"
        if names_new and best is not None and not answering_course and wants:
            for new in self._needs(reading, default_intent=item.intent):
                tracker.items.append(new)
                heard.added.append(len(tracker.items) - 1)
            return
        heard.learned += apply_details(item, reading, details)

    def _needs(self, reading: Understanding, default_intent: str | None = None) -> list[Item]:
        """One item per need in the message: "NEN 3140 voor 2 man en een heftruck voor 1".
        Parts that name no course of their own (a greeting, "mijn nummer is ...") add their
        details to the need next to them."""
        parts = split_needs(reading.text)
        readings = [self.understand(p) for p in parts] if len(parts) > 1 else [reading]
        readings = [half for part in readings for half in self._halves(part)]
        items: list[Item] = []
        loose: list[Understanding] = []  # parts read before the first need
        for part in readings:
            top = part.courses[0] if part.courses else None
            seen = {i.course for i in items} | {c for i in items for c in i.choices[:1]}
            if top is not None and top.score >= NEW_COURSE and top.id not in seen:
                intent = default_intent if default_intent in REQUEST_INTENTS else None
                intent = intent or (part.intent if part.intent in REQUEST_INTENTS else None)
                intent = intent if intent in REQUEST_INTENTS else "course_search"
                items.append(self._item(REQUEST_INTENTS[intent], intent, part))
            elif part.intent in SERVICE_INTENTS and part.confidence >= SURE:
                items.append(Item(kind=RequestKind.SERVICE, intent=part.intent))
            elif items:
                apply_details(items[-1], part, part.details)
            else:
                loose.append(part)
        if not items:
            intent = reading.intent if reading.intent in REQUEST_INTENTS else "course_search"
            return [self._item(REQUEST_INTENTS[intent], intent, reading)]
        for part in loose:
            apply_details(items[0], part, part.details)
        for part in readings:
            if len(items) > 1 and EVERY.search(part.text):  # "allebei overdag": for each need
                for item in items:
                    apply_shared(item, part)
        for item in items:
            item.words = reading.text  # the account manager reads the whole message
        return items

    def _halves(self, part: Understanding) -> list[Understanding]:
        """ "2 man voor vca vol en 3 man voor heftruck": one part naming two courses, each
        with its own details, is split where each side names a course of its own."""
        strong = {c.id for c in part.courses if c.score >= NEW_COURSE}
        if len(strong) < 2:
            return [part]
        for joiner in JOINERS.finditer(part.text):
            left = self.understand(part.text[: joiner.start()])
            right = self.understand(part.text[joiner.end() :])
            tops = [r.courses[0] for r in (left, right) if r.courses]
            left_names = {c.id for c in left.courses if c.score >= NEW_COURSE}
            if len(tops) == 2 and tops[1].id in left_names:
                continue  # "lassen leren, tig": the same need said twice
            if (
                len(tops) == 2
                and tops[0].id != tops[1].id
                and min(t.score for t in tops) >= NEW_COURSE
            ):
                return [left, *self._halves(right)]
        return [part]

    def _item(self, kind: RequestKind, intent: str, reading: Understanding) -> Item:
        item = Item(kind=kind, intent=intent, words=reading.text)
        courses = reading.courses
        if courses:
            clear = len(courses) == 1 or courses[0].score - courses[1].score >= CLEAR_MARGIN
            if courses[0].score >= CLEAR_MATCH and clear:
                item.course = courses[0].id
            else:
                item.choices = [c.id for c in courses[:MAX_CHOICES]]
        apply_details(item, reading, reading.details)
        if item.course is None and item.provider and item.choices:
            offered = [c for c in item.choices if self._offers(item.provider, c)]
            if len(offered) == 1:  # only one of the choices is given by the named provider
                item.course, item.choices = offered[0], []
        return item

    def _offers(self, provider: str, course: str) -> bool:
        return any(o.provider == provider for o in self.catalogue.offerings_for(course))
