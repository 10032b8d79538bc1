"""The customer policies, tried in this order; the first that has something to do decides.

1. ``privacy``: /mijngegevens and /vergeet never wait for anything, not even for a person
   (the AVG rights come before the case; Rasa puts such rules first too).
2. ``handoff``: while a person holds the conversation, messages go to them.
3. ``commands``: /start and /menu (a fresh start), /help, /stop, staff-only commands,
   learner buttons.
   (Then the message is mined for everything it says: ``Listener.listen``.)
4. ``pending``: the question waiting for an answer survives what is not its answer.
5. ``form``: the next detail a prepared request still needs, or its recording.
6. ``fallback``: ask which of two intents was meant when the understanding is unsure.
7. ``intents``: the answer to what was asked (``answers.py``).

Policies are pure: they read the tracker, the message and what listening heard, and return
actions for the executor.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from obm_bot.catalogue.models import Catalogue
from obm_bot.dialogue.buttons import Forget, IntentChoice, LearnerAction, StopWaiting
from obm_bot.dialogue.customer.actions import (
    Action,
    Ask,
    Delegate,
    DropItem,
    EndWaiting,
    Relay,
    Reset,
    Say,
    StartRequest,
)
from obm_bot.dialogue.customer.form import next_step
from obm_bot.dialogue.customer.labels import INTENT_LABELS_NL, MENU
from obm_bot.dialogue.customer.needs import COURSE_INTENTS
from obm_bot.dialogue.customer.slots import Heard, Message
from obm_bot.dialogue.customer.summary import changes, item_title
from obm_bot.dialogue.customer.tracker import Pending, Question, Tracker
from obm_bot.domain.models import RequestKind
from obm_bot.understanding.phones import PHONE_ATTEMPT

NO_PROGRAMMES: dict[str, object] = {"qualifications": []}
COURSE_QUESTION = re.compile(
    r"\b(?:kost\w*|prijs|duur\w*|hoe lang|wanneer|start\w*|begin\w*|waar|engels\w*"
    r"|nederlands\w*|taal|datum|data)\b.*\?",
    re.IGNORECASE,
)  # "is die ook in het engels?", "wanneer start dat?"; not "eh wat?"
PHONE_WORDS = re.compile(r"\btel\b|\btelefoon\w*|\bnummer\b|\bmobiel\w*", re.IGNORECASE)
QUIT_WORDS = frozenset({"stop", "stoppen", "annuleer", "annuleren", "laat maar", "ik stop"})
STOP_WORDS = re.compile(
    r"^(?:stop|stoppen|annuleer|annuleren|intrekken)$|\bniet meer wachten\b|\blaat maar\b"
    r"|\bhoef(?:t)? niet (?:meer )?te wachten\b|\bik bel zelf\b|\btrek (?:de|mijn) aanvraag in\b",
    re.IGNORECASE,
)
WITHDRAW = re.compile(r"\bintrek\w*|\btrek\w* (?:\w+ )?in\b|\bannuleer\w*", re.IGNORECASE)
KEEP = re.compile(r"\balleen\b|\bniet meer wachten\b|\blater bellen\b", re.IGNORECASE)
STAY = re.compile(r"\bblijf\w*|\btoch wachten\b|\bik wacht\b", re.IGNORECASE)
IMPATIENT = re.compile(r"^\W*(?:\w+\W*){0,3}\?\W*$")  # "hallo??", "en?", "nog niks?"
STOP_BUTTONS = (
    StopWaiting(mode="wachten").button("Alleen niet meer wachten"),
    StopWaiting(mode="intrekken").button("Aanvraag intrekken"),
    StopWaiting(mode="blijven").button("Toch blijven wachten"),
)
NAMED = 90.0  # a course named this plainly in a question is the one asked about
CONFIDENT = 0.35  # with MARGIN: asks on ~9% of messages and catches ~40% of the errors
MARGIN = 0.15


@dataclass(frozen=True)
class Facts:
    """What the policies need to know beyond the tracker, fetched by the dialogue."""

    live_handoff: bool = False
    """A person holds the conversation and the customer waits for them."""
    reference: str = ""
    """The reference of the case a person holds."""
    command: str | None = None
    """The command typed ("stop" for "/stop"), lower case, without the slash."""
    payload: str = ""
    staff_command: bool = False


def handoff(tracker: Tracker, message: Message, facts: Facts) -> list[Action] | None:
    if not facts.live_handoff:
        return None
    button = message.button
    typed = message.text.strip().lower().rstrip(".!")
    if isinstance(button, StopWaiting) and button.mode in ("wachten", "intrekken"):
        return [EndWaiting(keep=button.mode == "wachten")]
    if isinstance(button, StopWaiting) and button.mode == "blijven":
        return [Reset(), Say("still_waiting", {"reference": facts.reference})]
    pending = tracker.pending
    if pending is not None and pending.question is Question.STOP and message.text:
        # "nee ik wil het intrekken", "alleen niet meer wachten hoor": the choice, in words
        if WITHDRAW.search(typed):
            return [Relay(message.text), EndWaiting(keep=False)]
        if KEEP.search(typed):
            return [EndWaiting(keep=True)]
        if STAY.search(typed):
            return [Reset(), Say("still_waiting", {"reference": facts.reference})]
    if isinstance(button, StopWaiting) or STOP_WORDS.search(typed) or facts.command == "stop":
        ask = Ask(Question.STOP, "stop_choice", {}, STOP_BUTTONS)
        # "laat maar, we hebben al iets gevonden": the reason reaches the account manager
        reason = message.text and not STOP_WORDS.fullmatch(typed) and facts.command is None
        return [Relay(message.text), ask] if reason else [ask]
    if message.text and facts.command is None:
        asks = (
            message.details.asks_wait
            or not tracker.acknowledged
            or bool(IMPATIENT.match(message.text))
        )
        return [Relay(message.text, acknowledge=asks)]
    return [Say("still_waiting", {"reference": facts.reference})]


def privacy(message: Message, facts: Facts) -> list[Action] | None:
    if facts.command == "mijngegevens":
        return [Delegate("privacy_show")]
    if facts.command == "vergeet":
        return [Delegate("privacy_ask")]
    if isinstance(message.button, Forget):
        return [Delegate("privacy_answer", "ja" if message.button.yes else "nee")]
    return None


def commands(tracker: Tracker, message: Message, facts: Facts) -> list[Action] | None:
    if isinstance(message.button, LearnerAction):
        return [Delegate("learner_button", message.button.action)]
    if facts.command is None:
        return None
    if facts.command in ("start", "koppel") and facts.payload:
        return [Delegate("link", facts.payload)]
    # /start and /menu begin afresh: a question left unanswered must not swallow the next
    # message (a new question stored as the company name, recorded for the old subject).
    if facts.command == "start":
        return [Reset(fresh=True), Say("welcome", {}, MENU)]
    if facts.command == "menu":
        return [Reset(fresh=True), Say("help", {}, MENU)]
    if facts.staff_command:
        return [Say("not_staff")]
    if facts.command == "stop":
        return [Reset(), Say("stopped", {"had_request": bool(tracker.items)})]
    return [Say("help", {}, MENU)]


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


def fallback(tracker: Tracker, message: Message) -> list[Action] | None:
    reading = message.reading
    if reading is None or tracker.items or reading.intent == "out_of_scope":
        return None
    if isinstance(message.button, IntentChoice):
        return None
    runner = reading.runner_up
    if runner is None:
        return None
    unsure = reading.confidence < CONFIDENT or reading.confidence - runner.confidence < MARGIN
    both_courses = reading.intent in COURSE_INTENTS and runner.intent in COURSE_INTENTS
    if not unsure or both_courses:
        return None
    if tracker.misses >= 1:  # unsure twice in a row: a person understands it better
        return [StartRequest(RequestKind.CALLBACK, reading.intent, reading.text)]
    options = dict.fromkeys([reading.intent, runner.intent, "human_handoff"])
    buttons = tuple(IntentChoice(intent=i).button(INTENT_LABELS_NL[i]) for i in options)
    return [Ask(Question.CLARIFY, "clarify", {}, buttons, intent=reading.intent,
                words=reading.text)]  # fmt: skip
