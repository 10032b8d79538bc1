"""Policies 4 and 5 (see ``policies.py``): the question waiting for an answer, and the form.

``pending`` keeps the open question alive through what is not its answer (a side question, a
"huh?", a wish to stop), and leaves it open after three replies that answer nothing;
``form`` asks the next detail a prepared request still needs, or records it. ``again`` asks
the open question once more. Pure, like the other policies.
"""

from __future__ import annotations

from collections.abc import Mapping

from obm_bot.catalogue.models import Catalogue
from obm_bot.dialogue.buttons import IntentChoice
from obm_bot.dialogue.customer.actions import (
    Action,
    Ask,
    DropItem,
    Reset,
    Say,
    StartRequest,
)
from obm_bot.dialogue.customer.form import next_step
from obm_bot.dialogue.customer.labels import MENU
from obm_bot.dialogue.customer.policies import (
    CONFIDENT,
    COURSE_QUESTION,
    NAMED,
    NO_PROGRAMMES,
    PHONE_WORDS,
    QUIT_WORDS,
)
from obm_bot.dialogue.customer.slots import Heard, Message
from obm_bot.dialogue.customer.summary import changes, item_title
from obm_bot.dialogue.customer.tracker import Pending, Question, Tracker
from obm_bot.domain.models import RequestKind
from obm_bot.understanding.phones import PHONE_ATTEMPT


def pending(
    tracker: Tracker, message: Message, heard: Heard, catalogue: Catalogue
) -> list[Action] | None:
    question = tracker.pending
    if question is None:
        return None
    reading = message.reading
    wants_person = (
        reading is not None
        and reading.intent == "human_handoff"
        and reading.confidence >= CONFIDENT
        and not heard.answered
        and not isinstance(message.button, IntentChoice)
    )
    if reading is not None and wants_person and tracker.items:
        # "kan ik een medewerker spreken?" mid-form: a person takes it up with all that is
        # known so far, whatever else the message seemed to say.
        return [StartRequest(RequestKind.CALLBACK, "human_handoff", reading.text)]
    if heard.answered or heard.learned or heard.added:
        return None
    if isinstance(message.button, IntentChoice):
        return None  # a clarification or menu choice: the intents policy answers it
    if heard.doubted:  # the summary and its buttons stay; the customer says what is wrong
        return [Say("what_wrong")]
    if heard.declined:
        if question.question is Question.COURSE and question.item is not None:
            if len(tracker.items) > 1:
                return [DropItem(question.item), *_rest(tracker, question.item, catalogue)]
            return [Reset(), Say("nothing_requested")]
        if question.question is Question.CONFIRM:
            return [Reset(), Say("request_cancelled")]
        return [Reset(), Say("declined")]
    if question.question is Question.CLARIFY and reading is not None and message.text:
        return None  # a new question instead of a choice: understood afresh
    typed = message.text.strip().lower().rstrip(".!")
    if typed in QUIT_WORDS:  # "stop", "annuleren": always a way out, said out loud
        return [Reset(), Say("stopped", {"had_request": bool(tracker.items)})]
    if _bad_phone(question, message):  # before "bel me": the number itself is wrong
        return [Say("bad_phone"), again(tracker, question, catalogue)]
    answer: list[Action] = []
    if reading is not None and reading.intent == "human_handoff" and tracker.items:
        # "ik wil een mens spreken": a person takes it up with all that is known so far
        return [StartRequest(RequestKind.CALLBACK, "human_handoff", reading.text)]
    if reading is not None and reading.intent == "help":
        answer = [Say("help", {}, MENU)]
    asks = reading is not None and (
        reading.intent == "course_info" or bool(COURSE_QUESTION.search(message.text))
    )
    if reading is not None and asks:
        named = [c.id for c in reading.courses[:2] if c.score >= NAMED]
        course = _current_course(tracker) or tracker.last_course
        shown = named or ([course] if course else [])
        if shown:  # "wat kost die?", "is die in het engels?": one line, not the list again
            index = tracker.current()
            schedule = tracker.items[index].schedule if index is not None else None
            answer = [Say("course_brief", {"course_ids": shown, "schedule": schedule or ""})]
    if not answer and message.text:
        if tracker.unanswered >= UNANSWERED_LIMIT and question.question in SKIPPABLE:
            # Asked three times without an answer ("ja", "weet ik niet", "hmm"): not a
            # fourth time; it stays open.
            tracker.skipped += SKIPPABLE[question.question]
            tracker.unanswered = 0
            return [Say("question_skipped"), next_step(tracker, catalogue)]
        tracker.unanswered += 1
        answer = [Say("not_understood")]
    return [*answer, again(tracker, question, catalogue)]


UNANSWERED_LIMIT = 2
_CONTACT = [Question.CONTACT, Question.COMPANY, Question.NAME, Question.PHONE]
SKIPPABLE: dict[Question, list[Question]] = {
    Question.ROLE: [Question.ROLE], Question.PARTICIPANTS: [Question.PARTICIPANTS],
    Question.SCHEDULE: [Question.SCHEDULE], Question.CONTACT: _CONTACT,
    Question.COMPANY: _CONTACT, Question.NAME: _CONTACT, Question.PHONE: _CONTACT,
}  # fmt: skip
"""The details a request can go without; what else is skipped with each."""


def _bad_phone(question: Pending, message: Message) -> bool:
    """Something typed as a phone number that is none ("((((((((((", "06-1234"), where a
    number is asked for or a correction of the summary names the phone."""
    text = message.text
    if message.details.phone or "?" in text or not PHONE_ATTEMPT.search(text):
        return False  # a question is answered by the rules below, whatever digits it has
    if question.question in (Question.PHONE, Question.CONTACT):
        return True
    return question.question is Question.CONFIRM and bool(PHONE_WORDS.search(text))


def _rest(tracker: Tracker, dropped: int, catalogue: Catalogue) -> list[Action]:
    remaining = tracker.model_copy(deep=True)
    del remaining.items[dropped]
    remaining.pending = None
    step = next_step(remaining, catalogue)
    return [step]


def _current_course(tracker: Tracker) -> str | None:
    index = tracker.current()
    return tracker.items[index].course if index is not None else None


def again(tracker: Tracker, question: Pending, catalogue: Catalogue) -> Ask:
    """The pending question once more, with the same buttons (the course list shortened)."""
    if tracker.items and question.question not in (Question.CLARIFY, Question.OFFER):
        step = next_step(tracker, catalogue)
        if isinstance(step, Ask):
            if step.question is Question.COURSE:
                return Ask(step.question, "course_again", {}, step.buttons, item=step.item)
            return step
    if question.question is Question.OFFER:
        # The offer once more in one line, never the whole paragraph it followed.
        return Ask(Question.OFFER, "offer_again", {}, tuple(question.buttons),
                   intent=question.intent, words=question.words)  # fmt: skip
    return Ask(question.question, question.template, dict(question.context),
               tuple(question.buttons), question.item, question.intent, question.words)  # fmt: skip


def form(
    tracker: Tracker, heard: Heard, catalogue: Catalogue, templates: Mapping[str, str]
) -> list[Action] | None:
    """The next detail needed. A message that added something hears about it first, in the
    same reply: what was found, or the answer to a service question it asked."""
    if not tracker.items:
        return None
    step = next_step(tracker, catalogue)
    if not isinstance(step, Ask):
        return [step]
    corrected = heard.learned and not heard.answered and tracker.pending is not None
    if corrected and not heard.added and step.question is not Question.CONFIRM:
        said = changes(tracker, heard.learned, catalogue, tracker.language)  # confirmed
        return [_lead(step, "updated", {"changes": said})] if said else [step]
    if not heard.added:
        return [step]
    if tracker.pending is not None and step.item not in heard.added:  # added mid-question
        speaks = tracker.language
        titles = [item_title(tracker.items[i], catalogue, speaks) for i in heard.added]
        about = ""
        if step.item is not None:
            about = item_title(tracker.items[step.item], catalogue, speaks)
        noted = _lead(step, "also_noted", {"titles": titles, "about": about})
        asked = [tracker.items[i] for i in heard.added if tracker.items[i].intent in templates]
        services = [i for i in asked if i.kind is RequestKind.SERVICE]
        if services:  # "is daar subsidie voor?" mid-way: answered, noted, then the question
            answer = Say(templates[services[0].intent], {"offer": False, "u": NO_PROGRAMMES})
            return [answer, noted]
        return [noted]
    found = [tracker.items[i] for i in heard.added]
    others = [tracker.items[i] for i in heard.added if i != step.item and tracker.items[i].course]
    if others and step.question is Question.COURSE:  # "2 man heftruck, 1 hoogwerker en bhv"
        titles = [item_title(i, catalogue, tracker.language) for i in others]
        return [_lead(step, "noted_first", {"titles": titles})]
    services = [i for i in found if i.kind is RequestKind.SERVICE and i.intent in templates]
    if services:  # "kan ik daar subsidie voor krijgen?" is answered, the offer left out
        context = {"offer": False, "u": NO_PROGRAMMES}
        return [_lead(step, templates[services[0].intent], context)]
    shown = [i.course for i in found if i.course]  # what was found, the chosen one first
    if shown and step.question not in (Question.CONFIRM, Question.COURSE):
        return [_lead(step, "course_info", {"course_ids": shown, "ask": False})]
    return [step]


def _lead(step: Ask, template: str, context: dict[str, object]) -> Ask:
    return Ask(step.question, step.template, step.context, step.buttons, step.item,
               step.intent, step.words, lead=template, lead_context=context)  # fmt: skip
