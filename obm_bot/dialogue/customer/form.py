"""The request form: which detail is still needed, in which order, and how it is asked.

A table, not an if-ladder: each ``Slot`` says when it is needed and how to ask it. The first
needed slot is asked; when none is needed the customer confirms the summary of every item,
and then the requests are recorded.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from obm_bot.catalogue.models import Catalogue
from obm_bot.dialogue.buttons import Answer, CountChoice, CourseChoice, RoleChoice, ScheduleChoice
from obm_bot.dialogue.customer.actions import Ask, RecordRequests
from obm_bot.dialogue.customer.offerings import open_schedules
from obm_bot.dialogue.customer.tracker import Item, Question, Tracker
from obm_bot.domain.models import RequestKind, Role

GROUP_ROLES = (Role.EMPLOYER, Role.SCHOOL)
COURSE_KINDS = (RequestKind.COURSE, RequestKind.ENROLMENT, RequestKind.QUOTE)
AT_ONCE = (RequestKind.COMPLAINT,)  # a person is wanted now; they ask what they need
SCHEDULE_LABELS = {
    "dag": "Overdag", "avond": "’s Avonds", "weekend": "Weekend",
    "in_company": "Bij ons op locatie", "online": "Online", "geen": "Maakt niet uit",
}  # fmt: skip
ROLE_LABELS = {
    Role.EMPLOYER: "Werkgever", Role.EMPLOYEE: "Werknemer", Role.LEARNER: "Leerling",
    Role.SCHOOL: "School", Role.OTHER: "Anders",
}  # fmt: skip
ROLE_BUTTONS = tuple(RoleChoice(role=r.value).button(label) for r, label in ROLE_LABELS.items())
CONFIRM_BUTTONS = (
    Answer(yes=True).button("Klopt, aanvragen"),
    Answer(yes=False).button("Annuleren"),
)
COUNTS = (1, 2, 3, 4, 5)


@dataclass(frozen=True)
class Slot:
    question: Question
    per_item: bool
    needed: Callable[[Tracker, Item, Catalogue], bool]
    ask: Callable[[Tracker, int, Catalogue], Ask]


def _title(catalogue: Catalogue, item: Item) -> str:
    course = catalogue.course(item.course) if item.course else None
    return course.title if course else item.words


def _ask_course(tracker: Tracker, index: int, catalogue: Catalogue) -> Ask:
    item = tracker.items[index]
    buttons = [
        CourseChoice(index=i).button(course.title[:60])
        for i, course_id in enumerate(item.choices)
        if (course := catalogue.course(course_id)) is not None
    ]
    buttons.append(Answer(yes=False).button("Iets anders"))
    return Ask(Question.COURSE, "course_choices", {"course_ids": item.choices}, tuple(buttons),
               item=index)  # fmt: skip


def _ask_participants(tracker: Tracker, index: int, catalogue: Catalogue) -> Ask:
    title = _title(catalogue, tracker.items[index])
    buttons = tuple(CountChoice(count=n).button(str(n)) for n in COUNTS)
    return Ask(Question.PARTICIPANTS, "ask_participants", {"course": title}, buttons, item=index)


def _schedules(tracker: Tracker, item: Item, catalogue: Catalogue) -> list[str]:
    options = open_schedules(catalogue, item)
    if tracker.profile.role in GROUP_ROLES and "in_company" not in item.schedule_not:
        options = sorted({*options, "in_company"})
    return options


def _ask_schedule(tracker: Tracker, index: int, catalogue: Catalogue) -> Ask:
    item = tracker.items[index]
    options = [*_schedules(tracker, item, catalogue), "geen"]
    buttons = tuple(ScheduleChoice(schedule=s).button(SCHEDULE_LABELS[s]) for s in options)
    return Ask(Question.SCHEDULE, "ask_schedule", {"course": _title(catalogue, item)}, buttons,
               item=index)  # fmt: skip


def _ask(question: Question, template: str) -> Callable[[Tracker, int, Catalogue], Ask]:
    def ask(tracker: Tracker, index: int, catalogue: Catalogue) -> Ask:
        buttons = ROLE_BUTTONS if question is Question.ROLE else ()
        role = tracker.profile.role
        return Ask(question, template, {"role": role.value if role else ""}, buttons)

    return ask


def missing_contact(tracker: Tracker) -> list[str]:
    """The contact details still missing, in the order a person gives them."""
    profile = tracker.profile
    company = profile.role in (Role.EMPLOYER, Role.EMPLOYEE, Role.SCHOOL) and not profile.company
    return [
        slot
        for slot, missing in (("company", company), ("name", not profile.name),
                              ("phone", not profile.phone))
        if missing
    ]  # fmt: skip


def _ask_contact(tracker: Tracker, index: int, catalogue: Catalogue) -> Ask:
    role = tracker.profile.role
    context = {"missing": missing_contact(tracker), "role": role.value if role else ""}
    return Ask(Question.CONTACT, "ask_contact", context)


def _ask_confirm(tracker: Tracker, index: int, catalogue: Catalogue) -> Ask:
    return Ask(Question.CONFIRM, "summary", {}, CONFIRM_BUTTONS)


def _is_course(item: Item) -> bool:
    return item.kind in COURSE_KINDS and item.course is not None


def _role_known(tracker: Tracker) -> bool:
    return tracker.profile.role is not None


TABLE: tuple[Slot, ...] = (
    Slot(Question.COURSE, True, lambda t, i, c: i.course is None and bool(i.choices),
         _ask_course),
    Slot(Question.ROLE, False,
         lambda t, i, c: not _role_known(t) and any(x.kind in COURSE_KINDS for x in t.items),
         _ask(Question.ROLE, "ask_role")),
    Slot(Question.PARTICIPANTS, True,
         lambda t, i, c: _is_course(i) and i.participants is None
         and t.profile.role in GROUP_ROLES, _ask_participants),
    Slot(Question.SCHEDULE, True,
         lambda t, i, c: _is_course(i) and i.schedule is None and i.offering is None
         and len(_schedules(t, i, c)) > 1, _ask_schedule),
    Slot(Question.CONTACT, False, lambda t, i, c: len(missing_contact(t)) > 1, _ask_contact),
    Slot(Question.COMPANY, False,
         lambda t, i, c: t.profile.role in (Role.EMPLOYER, Role.EMPLOYEE, Role.SCHOOL)
         and not t.profile.company, _ask(Question.COMPANY, "ask_company")),
    Slot(Question.NAME, False, lambda t, i, c: not t.profile.name, _ask(Question.NAME, "ask_name")),
    Slot(Question.PHONE, False, lambda t, i, c: not t.profile.phone,
         _ask(Question.PHONE, "ask_phone")),
    Slot(Question.CONFIRM, False,
         lambda t, i, c: not t.confirmed and any(x.kind in COURSE_KINDS for x in t.items),
         _ask_confirm),
)  # fmt: skip


# A person calls back: only who to call is asked; they settle the rest on the phone.
CALL_BACK_SLOTS = tuple(
    slot for slot in TABLE if slot.question in (Question.CONTACT, Question.NAME, Question.PHONE)
)


def next_step(tracker: Tracker, catalogue: Catalogue) -> Ask | RecordRequests:
    """The first detail still needed, or the recording once nothing is missing."""
    if any(item.kind in AT_ONCE for item in tracker.items):
        high = any(item.kind is RequestKind.COMPLAINT for item in tracker.items)
        return RecordRequests(priority_high=high)
    call_back = any(item.kind is RequestKind.CALLBACK for item in tracker.items)
    for slot in CALL_BACK_SLOTS if call_back else TABLE:
        if slot.question in tracker.skipped:
            continue
        indexes = range(len(tracker.items)) if slot.per_item else range(1)
        for index in indexes:
            item = tracker.items[index]
            if slot.needed(tracker, item, catalogue):
                return slot.ask(tracker, index, catalogue)
    return RecordRequests()
