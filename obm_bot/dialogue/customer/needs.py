"""Finding the needs in one message: one request item per course or service asked for.

"NEN 3140 voor 2 man en daarnaast een heftruckcursus voor 1" is two needs, each with its own
details; "2 man voor vca vol en 3 man voor heftruck" too, though it is one clause; "lassen
leren, tig" is one need said twice. Parts that name nothing of their own (a greeting, "mijn
nummer is ...") add their details to the need next to them.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from obm_bot.catalogue.models import Catalogue
from obm_bot.dialogue.customer.slots import apply_details, apply_shared
from obm_bot.dialogue.customer.tracker import Item, Tracker
from obm_bot.domain.models import RequestKind
from obm_bot.understanding.details import split_needs
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
# Service questions whose object can be a course request of its own ("subsidie voor 2 man
# vca vol?"); a school's practical lessons or a BBL place are the service itself.
ABOUT_A_COURSE = frozenset({"funding", "exam_certification", "admin_support"})
NEW_COURSE = 80.0  # a course named this clearly is a need of its own
PLAINLY = 90.0  # a course next to a service question must be named this plainly
CLEAR_MATCH = 80.0  # a course this well matched, 10 points ahead of the next, needs no choice
CLEAR_MARGIN = 9.5  # ten points ahead, allowing for rounding (99.99 against 90)
MAX_CHOICES = 3
EVERY = re.compile(r"\b(?:allebei|beide|allemaal|alle twee|voor alles)\b", re.IGNORECASE)
JOINERS = re.compile(r"\s+(?:en|plus|&|\+)\s+|\s*,\s*")
SURE = 0.5  # a part of a message read this surely as a service is a need of its own
LEADING_COUNT = re.compile(r"^\W*(?:en\s+)?(\d{1,2})\s+(?:voor|op|naar|bij)\b")
QUOTE = re.compile(r"\bofferte\w*|\bprijsopgave\b", re.IGNORECASE)
Understand = Callable[[str], Understanding]


def merge_same_courses(tracker: Tracker) -> None:
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


def requested_intent(reading: Understanding) -> str | None:
    """The request intent of a message: its own, or the runner-up's when a course is named
    clearly and the winner is only a greeting or a "bel me"."""
    if reading.intent in REQUEST_INTENTS:
        return reading.intent
    named = bool(reading.courses) and reading.courses[0].score >= NEW_COURSE
    if named and reading.intent in SOFT_INTENTS:
        return next((a.intent for a in reading.alternatives[:2] if a.intent in REQUEST_INTENTS),
                    None)  # fmt: skip
    plainly = bool(reading.courses) and reading.courses[0].score >= PLAINLY
    if plainly and reading.intent in SELF_DEVELOPMENT and WANTS.search(reading.text):
        return "enrolment"  # "ik wil zelf de nen3140 halen" wants the course, not a POP talk
    return None


# A plainly named course that someone wants to do outweighs these intents.
SELF_DEVELOPMENT = frozenset({"career_advice", "training_plan"})
WANTS = re.compile(r"\b(?:wil|willen|zou graag|graag)\b.{0,40}\b(?:halen|doen|volgen|leren)\b")


def asks_course(reading: Understanding) -> bool:
    """A course named with the particulars of a request: people, names, when."""
    details, entities = reading.details, reading.entities
    named = bool(reading.courses) and reading.courses[0].score >= PLAINLY
    particulars = details.participants or details.participant_names or details.schedule
    return named and bool(particulars or entities.participants or entities.schedule)


class NeedFinder:
    def __init__(self, catalogue: Catalogue, understand: Understand) -> None:
        self.catalogue = catalogue
        self.understand = understand

    def needs(self, reading: Understanding, default_intent: str | None = None) -> list[Item]:
        """One item per need in the message: "NEN 3140 voor 2 man en een heftruck voor 1".
        Parts that name no course of their own (a greeting, "mijn nummer is ...") add their
        details to the need next to them."""
        parts = split_needs(reading.text)
        readings = [self.understand(p) for p in parts] if len(parts) > 1 else [reading]
        readings = [half for part in readings for half in self.halves(part)]
        items: list[Item] = []
        loose: list[Understanding] = []  # parts read before the first need
        for part in readings:
            top = part.courses[0] if part.courses else None
            seen = {i.course for i in items} | {c for i in items for c in i.choices[:1]}
            if top is not None and top.score >= NEW_COURSE and top.id not in seen:
                intent = default_intent if default_intent in REQUEST_INTENTS else None
                intent = intent or (part.intent if part.intent in REQUEST_INTENTS else None)
                intent = intent if intent in REQUEST_INTENTS else "course_search"
                item = self._item(REQUEST_INTENTS[intent], intent, part)
                if item.participants is None and (count := LEADING_COUNT.match(part.text)):
                    item.participants = int(count.group(1))  # "… en 1 voor bhv basis"
                items.append(item)
                if part.intent in ABOUT_A_COURSE and part.confidence >= SURE:
                    # "2 man voor vca vol, kan ik daar subsidie voor krijgen?": both
                    items.append(Item(kind=RequestKind.SERVICE, intent=part.intent))
            elif part.intent in SERVICE_INTENTS and part.confidence >= SURE:
                items.append(Item(kind=RequestKind.SERVICE, intent=part.intent))
            elif items:
                apply_details(items[-1], part, part.details)
            else:
                loose.append(part)
        if not items:
            intent = reading.intent if reading.intent in REQUEST_INTENTS else "course_search"
            items = [self._item(REQUEST_INTENTS[intent], intent, reading)]
        for part in loose:
            apply_details(items[0], part, part.details)
        for part in readings:
            if len(items) > 1 and EVERY.search(part.text):  # "allebei overdag": for each need
                for item in items:
                    apply_shared(item, part)
        quote = QUOTE.search(reading.text)  # "inschrijven … kunt u een offerte sturen?"
        for item in items:
            item.words = reading.text  # the account manager reads the whole message
            if quote and item.kind in (RequestKind.COURSE, RequestKind.ENROLMENT):
                item.kind, item.intent = RequestKind.QUOTE, "quote_request"
        return items

    def halves(self, part: Understanding) -> list[Understanding]:
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
                return [left, *self.halves(right)]
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
