"""The customer policies, tried in this order; the first that has something to do decides.

1. ``privacy``: /mijngegevens and /vergeet never wait for anything, not even for a person
   (the AVG rights come before the case; Rasa puts such rules first too).
2. ``handoff``: while a person holds the conversation, messages go to them.
3. ``commands``: /start and /menu (a fresh start), /help, /stop, staff-only commands,
   learner buttons.
   (Then the message is mined for everything it says: ``Listener.listen``.)
4. ``pending`` (``asking.py``): the question waiting for an answer survives what is not its
   answer.
5. ``form`` (``asking.py``): the next detail a prepared request still needs, or its recording.
6. ``fallback``: ask which of two intents was meant when the understanding is unsure.
7. ``intents``: the answer to what was asked (``answers.py``).

Policies are pure: they read the tracker, the message and what listening heard, and return
actions for the executor.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from obm_bot.dialogue.buttons import Forget, IntentChoice, LearnerAction, StopWaiting
from obm_bot.dialogue.customer.actions import (
    Action,
    Ask,
    Delegate,
    EndWaiting,
    Relay,
    Reset,
    Say,
    StartRequest,
)
from obm_bot.dialogue.customer.labels import INTENT_LABELS_NL, MENU
from obm_bot.dialogue.customer.needs import COURSE_INTENTS
from obm_bot.dialogue.customer.slots import Message
from obm_bot.dialogue.customer.tracker import Question, Tracker
from obm_bot.domain.models import RequestKind

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
