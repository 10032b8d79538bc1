"""The intents policy, last in line: the answer to what the customer asked.

Course requests never get here once a course was matched: listening made them into request
items and the form asks what they still need.
"""

from __future__ import annotations

import re

from obm_bot.catalogue.models import Catalogue
from obm_bot.dialogue.buttons import Answer, Apply, IntentChoice
from obm_bot.dialogue.customer.actions import (
    Action,
    Ask,
    Delegate,
    NoteDemand,
    Say,
    StartRequest,
)
from obm_bot.dialogue.customer.asking import again
from obm_bot.dialogue.customer.followup import CatalogueQuestion
from obm_bot.dialogue.customer.form import next_step
from obm_bot.dialogue.customer.labels import MENU
from obm_bot.dialogue.customer.needs import COURSE_INTENTS, REQUEST_INTENTS
from obm_bot.dialogue.customer.slots import Message
from obm_bot.dialogue.customer.tracker import Question, Tracker
from obm_bot.dialogue.messages import Button
from obm_bot.domain.models import RequestKind
from obm_bot.understanding.intents import IntentModel

GENERIC = frozenset({
    "cursus", "cursussen", "training", "trainingen", "opleiding", "opleidingen", "zoek",
    "zoeken", "wil", "willen", "graag", "een", "ik", "we", "wij", "voor", "iets", "jullie",
    "hebben", "heeft", "naar", "op", "aanmelden", "inschrijven", "offerte", "zou", "mijn",
    "aanvragen", "aanvraag", "offertes", "opvragen", "sturen", "maken", "doen",
})  # fmt: skip
SMALL_TALK = frozenset({"greeting", "help", "thanks_goodbye"})
LEARNER_ONLY = frozenset({"milestone_status", "coach_contact"})
INSULT = re.compile(
    r"^\W*(?:wat een |jij |jullie |deze |die |stomme |domme |bent |is |echt |een |zo |"
    r"toch |gewoon |you |are |a |such |what )*"
    r"(?:(?:waardeloze?|stomme?|domme?|nutteloze?|kut|rot|k\*t|belachelijke?|useless|stupid|"
    r"dumb|shit|crap)\s*-?){1,2}"
    r"(?:bot|robot|chatbot|computer|ding|app)\b[\W\w]{0,20}$"
    r"|^\W*(?:bot|robot|chatbot)\s+(?:is\s+)?(?:waardeloos|dom|stom|nutteloos|kut)\W*$",
    re.IGNORECASE,
)  # about the bot itself, nothing about a course or the service
YES_NO = (Answer(yes=True).button("Ja, graag"), Answer(yes=False).button("Nee, bedankt"))


def topic_words(text: str) -> list[str]:
    """The words of a request that could say what it is about."""
    return [w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in GENERIC]


def catalogue_answer(
    tracker: Tracker,
    question: CatalogueQuestion,
    catalogue: Catalogue,
    intent: str,
    offer: bool = True,
) -> list[Action]:
    """The answer from the catalogue; then the question still open, or the next detail of the
    request being prepared, or a way to go on with the course asked about."""
    buttons: tuple[Button, ...] = ()
    if offer and not tracker.items and len(question.course_ids) == 1:  # not while waiting
        buttons = apply_buttons(question.course_ids[0])
    actions: list[Action] = [Say("course_answer", {"question": question}, buttons)]
    if intent in COURSE_INTENTS:
        actions.append(NoteDemand(intent))
    return actions + follow_on(tracker, catalogue)


def follow_on(tracker: Tracker, catalogue: Catalogue) -> list[Action]:
    """After an answer in passing: the question still open, or the request's next step."""
    pending = tracker.pending
    if pending is not None and pending.question is Question.OFFER:
        # The offer once more in one line, not the whole paragraph it followed.
        short = Ask(Question.OFFER, "offer_again", {}, tuple(pending.buttons),
                    intent=pending.intent, words=pending.words)  # fmt: skip
        return [short]
    if pending is not None:
        return [again(tracker, pending, catalogue)]
    if tracker.items:
        return [next_step(tracker, catalogue)]
    return []


def apply_buttons(course: str) -> tuple[Button, ...]:
    return (
        Apply(kind="inschrijving", course=course).button("Aanmelden"),
        Apply(kind="offerte", course=course).button("Offerte"),
    )


def intents(tracker: Tracker, message: Message, specs: IntentModel, first: bool) -> list[Action]:
    reading = message.reading
    if reading is None or not (message.text or isinstance(message.button, IntentChoice)):
        return [Say("empty")]
    intent = reading.intent
    if message.details.reply == "yes" and intent in ("out_of_scope", *SMALL_TALK):
        intent = "greeting" if first else "thanks_goodbye"  # "👍", "ok": friendly, not lost
    if message.details.reply == "no" and intent in ("out_of_scope", *SMALL_TALK):
        return [Say("declined")]  # "nee" with nothing asked: fine, what else can we do
    if intent in SMALL_TALK:
        if first and intent != "thanks_goodbye":
            return [Say("welcome", {}, MENU)]
        return [Say("menu", {"intent": intent}, MENU)]
    if intent == "out_of_scope":
        return [Say("out_of_scope")]
    if intent in LEARNER_ONLY:
        return [Delegate("learner", intent)]
    if intent == "human_handoff":
        return [StartRequest(RequestKind.CALLBACK, intent, reading.text)]
    if intent == "complaint" and INSULT.search(reading.text) and not reading.courses:
        # "wat een waardeloze bot": a calm word and a person offered, no priority case
        return [Ask(Question.OFFER, "insult", {}, YES_NO, intent="human_handoff",
                    words=reading.text)]  # fmt: skip
    if intent == "complaint":
        return [StartRequest(RequestKind.COMPLAINT, intent, reading.text)]
    if intent == "course_info" or (intent in REQUEST_INTENTS and not reading.courses):
        course = reading.courses[0].id if reading.courses else tracker.last_course
        if course and intent == "course_info":
            buttons = apply_buttons(course)
            return [Say("course_info", {"course_ids": [course], "ask": True}, buttons)]
        if intent == "course_info":
            return [Say("course_info", {"course_ids": [], "ask": True})]
        if not topic_words(reading.text):  # "ik zoek een cursus": nothing to search for yet
            return [Say("ask_topic")]
        return [Ask(Question.OFFER, "no_course", {}, YES_NO, intent=intent, words=reading.text)]
    template = specs.specs[intent].template
    context = {"u": {"qualifications": [q.model_dump() for q in reading.qualifications]}}
    return [Ask(Question.OFFER, template, context, YES_NO, intent=intent, words=reading.text)]
