"""State tracking: every customer message is mined for all it says before a question is chosen.

``listen`` updates the ``Tracker`` from one message: the answer to the pending question (a
pressed or typed button, or a typed value with extra words), and everything else the message
carries about the customer and the requests being prepared: corrections, details, new
requests. It decides nothing about what to say; the policies do that from the result.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from obm_bot.catalogue.models import Catalogue
from obm_bot.dialogue.buttons import (
    Answer,
    Apply,
    CallbackData,
    CountChoice,
    CourseChoice,
    RoleChoice,
    ScheduleChoice,
)
from obm_bot.dialogue.customer.offerings import choose_offering
from obm_bot.dialogue.customer.tracker import Item, Question, Tracker
from obm_bot.domain.models import RequestKind, Role
from obm_bot.understanding.details import Details, split_needs
from obm_bot.understanding.lexicon import COMMON_WORDS
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
CLEAR_MATCH = 90.0  # a course this well matched, 10 points ahead of the next, needs no choice
CLEAR_MARGIN = 10.0
NEW_COURSE = 80.0  # during a flow, a course named this clearly is a request of its own
MAX_CHOICES = 3
MAX_PEOPLE = 500
SURE = 0.5  # a part of a message read this surely as a service is a need of its own
# A person to talk to, for a learner who is not linked yet.
OFFER_KINDS = {"milestone_status": RequestKind.CALLBACK, "coach_contact": RequestKind.CALLBACK}
# Words people add to an answer that are not the answer ("van dam, had ik al gezegd").
FILLER = re.compile(
    r"\b(?:had|heb|zei|zeg)\s+ik\s+(?:toch\s+)?(?:al|net)(?:\s+gezegd)?\b|\bstaat\s+er\s+toch\b"
    r"|\bstaat\s+(?:toch\s+)?in\s+mijn\s+(?:eerste\s+|vorige\s+)?bericht\b|\bzoals\s+gezegd\b"
    r"|\btoch\s+al\b|\b(?:het\s+is|dat\s+is|wij\s+zijn|ik\s+ben|we\s+zijn)\b|\bgraag\b",
    re.IGNORECASE,
)
REFUSALS = frozenset({"maakt", "uit", "geen", "idee", "weet", "niet", "nvt", "n.v.t.", "liever"})
ROLE_WORDS = {r.value: r for r in Role} | {"werknemer": Role.EMPLOYEE, "baas": Role.EMPLOYER}
Understand = Callable[[str], Understanding]


@dataclass(frozen=True)
class Message:
    text: str
    reading: Understanding | None
    button: CallbackData | None = None

    @property
    def details(self) -> Details:
        return self.reading.details if self.reading else Details()


@dataclass
class Heard:
    """What one message changed, for the policies."""

    answered: bool = False
    """The pending question got its answer (pressed, typed or with extra words)."""
    declined: bool = False
    """A no to the pending question."""
    learned: list[str] = field(default_factory=list)
    added: list[int] = field(default_factory=list)

    @property
    def anything(self) -> bool:
        return self.answered or self.declined or bool(self.learned or self.added)


class Listener:
    def __init__(self, catalogue: Catalogue, understand: Understand) -> None:
        self.catalogue = catalogue
        self.understand = understand

    def listen(self, tracker: Tracker, message: Message) -> Heard:
        heard = Heard()
        if isinstance(message.button, Apply):  # "Aanmelden" or "Offerte" under a course
            kind = RequestKind(message.button.kind)
            intent = "enrolment" if kind is RequestKind.ENROLMENT else "quote_request"
            tracker.items.append(Item(kind=kind, intent=intent, course=message.button.course))
            heard.added.append(len(tracker.items) - 1)
        elif tracker.pending is not None:
            self._answer(tracker, message, heard)
        if message.reading is not None:
            self._profile(tracker, message.details, heard)
            self._requests(tracker, message, heard)
        for item in tracker.items:
            if item.course:
                item.offering = choose_offering(self.catalogue, item)
        if tracker.profile.role is None and any(
            len(i.names) > 1 or (i.participants or 0) > 1 for i in tracker.items
        ):
            tracker.profile.role = Role.EMPLOYER  # signing up others: their employer writes
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
            elif isinstance(message.button, Answer) and not message.button.yes:
                heard.declined = True
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

    @staticmethod
    def _yes_no(tracker: Tracker, message: Message, heard: Heard) -> None:
        pending = tracker.pending
        assert pending is not None
        button = message.button
        yes = button.yes if isinstance(button, Answer) else _reply(message.details)
        if yes is False:
            heard.declined = True
        elif yes is True:
            heard.answered = True
            if pending.question is Question.CONFIRM:
                tracker.confirmed = True
                return
            intent = pending.intent or "human_handoff"
            kind = REQUEST_INTENTS.get(intent) or OFFER_KINDS.get(intent, RequestKind.SERVICE)
            tracker.items.append(Item(kind=kind, intent=intent, words=pending.words))

    def _course_answer(
        self, item: Item, button: CallbackData | None, message: Message
    ) -> str | None:
        if isinstance(button, CourseChoice):
            return item.choices[button.index] if 0 <= button.index < len(item.choices) else None
        number = message.details.number
        if button is None and number and 1 <= number <= len(item.choices):
            return item.choices[number - 1]
        hits = message.reading.courses if message.reading else []
        for hit in hits[:2]:  # the course typed by (part of) its name
            if hit.id in item.choices and hit.score >= NEW_COURSE:
                return hit.id
        return None

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
            if reading.intent in REQUEST_INTENTS and reading.courses:
                for item in self._needs(reading):
                    tracker.items.append(item)
                    heard.added.append(len(tracker.items) - 1)
            return
        index = tracker.current()
        assert index is not None
        item = tracker.items[index]
        known = {i.course for i in tracker.items} | set(item.choices)
        best = reading.courses[0] if reading.courses else None
        names_new = best is not None and best.score >= NEW_COURSE and best.id not in known
        if names_new and best is not None and not answering_course:
            if details.correction and item.kind is not RequestKind.SERVICE:
                item.course, item.choices, item.offering = best.id, [], None
                heard.learned.append("course")
            elif reading.intent in REQUEST_INTENTS or reading.intent == "course_info":
                for new in self._needs(reading, default_intent=item.intent):
                    tracker.items.append(new)
                    heard.added.append(len(tracker.items) - 1)
                return
        if _apply_details(item, reading, details):
            heard.learned.append("details")

    def _needs(self, reading: Understanding, default_intent: str | None = None) -> list[Item]:
        """One item per need in the message: "NEN 3140 voor 2 man en een heftruck voor 1".
        Parts that name no course of their own (a greeting, "mijn nummer is ...") add their
        details to the need next to them."""
        parts = split_needs(reading.text)
        readings = [self.understand(p) for p in parts] if len(parts) > 1 else [reading]
        items: list[Item] = []
        loose: list[Understanding] = []  # parts read before the first need
        for part in readings:
            top = part.courses[0] if part.courses else None
            seen = {i.course for i in items} | {c for i in items for c in i.choices[:1]}
            if top is not None and top.score >= NEW_COURSE and top.id not in seen:
                intent = part.intent if part.intent in REQUEST_INTENTS else None
                intent = intent or default_intent or reading.intent
                intent = intent if intent in REQUEST_INTENTS else "course_search"
                items.append(self._item(REQUEST_INTENTS[intent], intent, part))
            elif part.intent in SERVICE_INTENTS and part.confidence >= SURE:
                items.append(Item(kind=RequestKind.SERVICE, intent=part.intent))
            elif items:
                _apply_details(items[-1], part, part.details)
            else:
                loose.append(part)
        if not items:
            intent = reading.intent if reading.intent in REQUEST_INTENTS else "course_search"
            return [self._item(REQUEST_INTENTS[intent], intent, reading)]
        for part in loose:
            _apply_details(items[0], part, part.details)
        for item in items:
            item.words = reading.text  # the account manager reads the whole message
        return items

    def _item(self, kind: RequestKind, intent: str, reading: Understanding) -> Item:
        item = Item(kind=kind, intent=intent, words=reading.text)
        courses = reading.courses
        if courses:
            clear = len(courses) == 1 or courses[0].score - courses[1].score >= CLEAR_MARGIN
            if courses[0].score >= CLEAR_MATCH and clear:
                item.course = courses[0].id
            else:
                item.choices = [c.id for c in courses[:MAX_CHOICES]]
        _apply_details(item, reading, reading.details)
        if item.course is None and item.provider and item.choices:
            offered = [c for c in item.choices if self._offers(item.provider, c)]
            if len(offered) == 1:  # only one of the choices is given by the named provider
                item.course, item.choices = offered[0], []
        return item

    def _offers(self, provider: str, course: str) -> bool:
        return any(o.provider == provider for o in self.catalogue.offerings_for(course))


def _apply_details(item: Item, reading: Understanding, details: Details) -> bool:
    """The particulars of a request; a later value replaces an earlier one (a correction)."""
    entities = reading.entities
    values: dict[str, object] = {
        "participants": details.participants or entities.participants,
        "provider": details.provider,
        "place": details.place or entities.location,
        "period": entities.period,
        "language": details.language,
    }
    schedule = details.schedule or entities.schedule
    if schedule and schedule not in details.schedule_not:
        values["schedule"] = schedule
    if details.participant_names:
        values["names"] = details.participant_names
        values["participants"] = values["participants"] or len(details.participant_names)
    changed = False
    for slot, value in values.items():
        if value and getattr(item, slot) != value:
            setattr(item, slot, value)
            changed = True
    if details.schedule_not:
        excluded = sorted(set(item.schedule_not) | set(details.schedule_not))
        if excluded != item.schedule_not:
            item.schedule_not, changed = excluded, True
        if item.schedule in excluded:
            item.schedule = None
    if details.place_not and item.place == details.place_not:
        item.place, changed = None, True
    new_remarks = [r for r in details.remarks if r not in item.remarks]
    if new_remarks:
        item.remarks, changed = [*item.remarks, *new_remarks], True
    return changed


def _role(message: Message) -> Role | None:
    if isinstance(message.button, RoleChoice):
        return Role(message.button.role)
    if message.details.role:
        return Role(message.details.role)
    return ROLE_WORDS.get(_bare(message.text, 2).lower())


def _company(message: Message) -> str | None:
    details = message.details
    if details.company or details.reply:
        return details.company
    return _proper(_bare(message.text, 8))


def _name(message: Message) -> str | None:
    details = message.details
    if details.name or details.company or details.phone or details.reply:
        return details.name  # "Bouwmeester Metaal" at the name question is no name
    return _proper(_bare(message.text, 5, letters_only=True))


def _proper(answer: str) -> str | None:
    """A name answer has a word of its own: "maakt niet uit" or "weet ik niet" is none."""
    words = answer.lower().split()
    if not words or all(w in COMMON_WORDS or w in REFUSALS for w in words):
        return None
    return answer


# Answers that fill the customer's profile: the question's value names the profile slot.
PROFILE_ANSWERS: dict[Question, Callable[[Message], object]] = {
    Question.ROLE: _role,
    Question.COMPANY: _company,
    Question.NAME: _name,
    Question.PHONE: lambda message: message.details.phone,
}


def _reply(details: Details) -> bool | None:
    return {"yes": True, "no": False}.get(details.reply or "")


def _bare(text: str, max_words: int, letters_only: bool = False) -> str:
    """A typed answer without the words around it; "" when it is not a short answer."""
    if "?" in text:
        return ""
    cleaned = FILLER.sub(" ", text)
    cleaned = re.sub(r"\s+", " ", cleaned).strip(" .,!;:-")
    words = cleaned.split()
    if not words or len(words) > max_words:
        return ""
    if letters_only and not all(re.fullmatch(r"[^\W\d_][\w'.-]*", w) for w in words):
        return ""
    return cleaned[:120]
