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
from obm_bot.dialogue.customer.needs import (
    ABOUT_A_COURSE,
    NEW_COURSE,
    REQUEST_INTENTS,
    SERVICE_INTENTS,
    SURE,
    NeedFinder,
    Understand,
    asks_course,
    merge_same_courses,
    requested_intent,
)
from obm_bot.dialogue.customer.offerings import choose_offering
from obm_bot.dialogue.customer.slots import (
    NONE_OF_THESE,
    PROFILE_ANSWERS,
    Heard,
    Message,
    apply_details,
    contact_card,
    name_near_phone,
    ordinal,
    reply,
)
from obm_bot.dialogue.customer.tracker import Item, Pending, Question, Tracker
from obm_bot.domain.models import RequestKind, Role
from obm_bot.understanding.result import Understanding

MID_FLOW = 90.0  # while a question is open, a new course must be named this plainly
MAX_PEOPLE = 500
LONE_NUMBER = re.compile(r"(?<![\d:.,-])\b(\d{1,2})\b(?![\d:.,-]|\s*(?:uur|euro|jaar|weken|dagen))")
PROFILE = frozenset(
    {Question.CONTACT, Question.COMPANY, Question.NAME, Question.PHONE, Question.ROLE}
)
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
EMPLOYED = re.compile(r"\bwerk(?:en)? (?:allebei |samen )?(?:bij|voor)\b|\b(?:mezelf|zelf)\b")
WE = re.compile(r"\b(?:wij|we|onze|ons bedrijf|ons personeel)\b", re.IGNORECASE)
# A person to talk to, for a learner who is not linked yet.
OFFER_KINDS = {"milestone_status": RequestKind.CALLBACK, "coach_contact": RequestKind.CALLBACK}


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
        self.finder = NeedFinder(catalogue, understand)

    def listen(self, tracker: Tracker, message: Message) -> Heard:
        heard = Heard()
        if isinstance(message.button, Apply):  # "Aanmelden" or "Offerte" under a course
            kind = RequestKind(message.button.kind)
            intent = "enrolment" if kind is RequestKind.ENROLMENT else "quote_request"
            words = tracker.last_words  # "wat kost de heftruck cursus", then "Aanmelden"
            tracker.items.append(
                Item(kind=kind, intent=intent, course=message.button.course, words=words)
            )
            heard.added.append(len(tracker.items) - 1)
        elif tracker.pending is not None and not (
            tracker.pending.question in SLOT_QUESTIONS and self._names_new_course(tracker, message)
        ):
            self._answer(tracker, tracker.pending, message, heard)  # a new course's are its own
        if message.reading is not None:
            self._profile(tracker, message, heard)
            self._requests(tracker, message, message.reading, heard)
        merge_same_courses(tracker)
        region = self.region_of(tracker.profile.company)
        for item in tracker.items:
            if item.course and not item.picked:
                item.offering = choose_offering(self.catalogue, item, region)
        if tracker.profile.role is None and any(
            len(i.names) > 1 or (i.participants or 0) > 1 for i in tracker.items
        ):
            tracker.profile.role = Role.EMPLOYER  # signing up others: their employer writes
        elif (
            tracker.profile.role is None
            and tracker.items
            and WE.search(message.text)
            and not EMPLOYED.search(message.text)
        ):
            tracker.profile.role = Role.EMPLOYER  # "wij willen een heftruckcursus"
        if heard.learned or heard.added:
            tracker.confirmed = False  # a changed request is confirmed again
        return heard

    # --- the pending question -----------------------------------------------------------------

    def _answer(self, tracker: Tracker, pending: Pending, message: Message, heard: Heard) -> None:
        index = pending.item if pending.item is not None else tracker.current()
        item = tracker.items[index] if index is not None and index < len(tracker.items) else None
        question = pending.question
        if question in (Question.CONFIRM, Question.OFFER):
            self._yes_no(tracker, pending, message, heard)
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

    def _yes_no(self, tracker: Tracker, pending: Pending, message: Message, heard: Heard) -> None:
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

    def _profile(self, tracker: Tracker, message: Message, heard: Heard) -> None:
        profile, details = tracker.profile, message.details
        role = Role(details.role) if details.role else None
        company = details.company
        school = (role or profile.role) is Role.SCHOOL
        if school and company is None and details.provider and not profile.company:
            # "ik ben docent bij ROC van Twente": the provider named is the school writing.
            provider = self.catalogue.provider(details.provider)
            company = provider.name if provider else None
        name = details.name or (
            name_near_phone(message.text, details.phone) if not profile.name else None
        )
        for slot, value in (
            ("role", role), ("name", name), ("phone", details.phone),
            ("email", details.email), ("company", company),
        ):  # fmt: skip
            if value is not None and getattr(profile, slot) != value:
                setattr(profile, slot, value)
                heard.learned.append(slot)
        if company is not None:
            profile.member = details.member

    def _requests(
        self, tracker: Tracker, message: Message, reading: Understanding, heard: Heard
    ) -> None:
        details = message.details
        pending = tracker.pending
        answering_course = pending is not None and pending.question is Question.COURSE
        if not tracker.items:
            requested = requested_intent(reading)
            service = None
            if not requested and reading.intent in ABOUT_A_COURSE and asks_course(reading):
                requested = "course_search"  # "2 man voor vca vol, kan ik daar subsidie voor…"
                service = Item(kind=RequestKind.SERVICE, intent=reading.intent, words=reading.text)
            if requested and reading.courses:
                needs = self.finder.needs(reading, requested)
                if service and all(i.intent != service.intent for i in needs):
                    needs.append(service)
                for item in needs:
                    tracker.items.append(item)
                    heard.added.append(len(tracker.items) - 1)
            return
        current = tracker.current_item()
        if current is None:
            raise LookupError("a tracker with items has no current item")
        item = current
        named = next(  # "heftruck worden er 3": the item of the course named
            (i for i in tracker.items for c in reading.courses[:1]
             if i.course == c.id and c.score >= NEW_COURSE), None,
        )  # fmt: skip
        if named is not None and named is not item:
            item = named
        if named is not None and not details.participants:
            numbers = LONE_NUMBER.findall(reading.text)
            if len(numbers) == 1 and named.participants != int(numbers[0]):
                named.participants = int(numbers[0])  # "heftruck worden er 3"
                heard.learned.append("participants")
        known = {i.course for i in tracker.items} | set(item.choices)
        fresh = [c for c in reading.courses if c.score >= NEW_COURSE and c.id not in known]
        if fresh and item.course and (details.correction or REPLACES.search(reading.text)):
            # "toch niet vca maar bhv", "eigenlijk bhv ipv vca": the course is swapped
            item.course, item.choices, item.offering = fresh[0].id, [], None
            item.picked = False
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
            for new in self.finder.needs(reading, default_intent=item.intent):
                tracker.items.append(new)
                heard.added.append(len(tracker.items) - 1)
            return
        contact_answer = heard.answered and pending is not None and pending.question in PROFILE
        if not contact_answer:  # "Het Twents College, Marieke Jansen" names no participants
            heard.learned += apply_details(item, reading, details)
