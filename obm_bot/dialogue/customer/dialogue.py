"""The customer's side of a conversation: one message in, the policies' actions applied.

``Loket.handle`` has stored the message. Here it is read (a pressed button, a typed label or
variant of one, or text to understand), the tracker learns everything it says, and the
policies in ``policies.py`` decide, in their documented order, what the loket does.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Protocol

from obm_bot.catalogue.models import Catalogue
from obm_bot.catalogue.places import Places
from obm_bot.dialogue.buttons import (
    Answer,
    CallbackData,
    CountChoice,
    Forget,
    IntentChoice,
    Rate,
    StopWaiting,
    unpack,
)
from obm_bot.dialogue.customer import asking, policies
from obm_bot.dialogue.customer.actions import Action, NoteDemand, Relay, Say, StartRequest
from obm_bot.dialogue.customer.answers import intents
from obm_bot.dialogue.customer.executor import Executor
from obm_bot.dialogue.customer.knowledge_answers import told_in
from obm_bot.dialogue.customer.listen import Listener
from obm_bot.dialogue.customer.needs import COURSE_INTENTS
from obm_bot.dialogue.customer.privacy import Privacy
from obm_bot.dialogue.customer.questions import Questions
from obm_bot.dialogue.customer.slots import Heard, Message
from obm_bot.dialogue.customer.status import Status, asks_status
from obm_bot.dialogue.customer.tracker import Question, Tracker
from obm_bot.dialogue.customer.verdict import Verdict
from obm_bot.dialogue.desk import Desk
from obm_bot.dialogue.learners.desk import LearnerDesk
from obm_bot.dialogue.staff.commands import STAFF_COMMAND_NAMES
from obm_bot.dialogue.turn import Turn, Voice
from obm_bot.domain.models import Handoff
from obm_bot.understanding.intents import IntentModel
from obm_bot.understanding.language import plainly_dutch
from obm_bot.understanding.result import Details, Understanding

MAX_UNDERSTOOD_CHARS = 1000  # longer texts are stored whole but read from the start
STAFF_ONLY = STAFF_COMMAND_NAMES - {"help"}


class Understander(Protocol):
    """What the dialogue needs of the understanding layer (scripted in policy tests)."""

    @property
    def intents(self) -> IntentModel: ...

    def understand(self, text: str) -> Understanding: ...


class CustomerDialogue:
    def __init__(
        self,
        desk: Desk,
        catalogue: Catalogue,
        understander: Understander,
        places: Places | None = None,
    ) -> None:
        self.desk = desk
        self.store = desk.store
        self.catalogue = catalogue
        self.understander = understander
        self.on_intent: Callable[[str], None] = _ignore
        """Told the intent of every customer message read (the bot's metrics)."""
        self.voice = Voice(desk)
        self.listener = Listener(catalogue, self.read, desk.org.region_of)
        self.learners = LearnerDesk(self.voice, catalogue)
        self.privacy = Privacy(self.voice)
        self.verdict = Verdict(self.voice)
        self.status = Status(self.voice)
        self.templates = {
            label: spec.template for label, spec in understander.intents.specs.items()
        }
        self.questions = Questions(desk, catalogue, places)
        self.showing = self.questions.showing
        self.executor = Executor(
            self.voice, catalogue, self.learners, self.privacy, understander.intents,
            self.showing,
        )  # fmt: skip

    def read(self, text: str) -> Understanding:
        return self.understander.understand(text[:MAX_UNDERSTOOD_CHARS])

    def read_message(self, text: str) -> Understanding:
        """A customer's message read whole, its intent told to ``on_intent``."""
        reading = self.read(text)
        self.on_intent(reading.intent)
        return reading

    async def attachment(self, turn: Turn, kind: str, caption: str, first: bool) -> None:
        """A photo, file, voice message, sticker, location or edit: a person can look at it."""
        active = await self.store.active_handoff(turn.conversation_id)
        if active is not None and turn.tracker.waiting:
            line = f"[{kind}] {caption}".strip()
            turn.out += await self.desk.relay(
                active, turn.contact, line, turn.now, attach=kind != "bewerkt"
            )
            return
        person = IntentChoice(intent="human_handoff").button("Een medewerker spreken")
        await self.voice.say(turn, self.voice.render(turn, "non_text", kind=kind), [person])
        if caption and kind != "bewerkt":  # the caption may hold the actual question
            await self.message(turn, caption, None, first=False)

    async def message(self, turn: Turn, text: str, data: str | None, first: bool) -> None:
        tracker = turn.tracker
        active = await self.store.active_handoff(turn.conversation_id)
        if active is None:
            tracker.waiting, tracker.acknowledged = True, False
        live = active is not None and tracker.waiting
        button = unpack(data) if data is not None else None
        if await self._aftercare(turn, text, button, live, active):
            return
        if data is not None and not _valid(tracker, data, button, live):
            await self._refused_button(turn, active if live else None)
            return
        command, payload = _command(text)
        reading = None
        if button is None and text and command is None:
            reading = self.read_message(text)
            _follow_language(tracker, reading)
            _follow_wishes(tracker, reading)
            button = typed_button(tracker, text, reading.details, live)
            reading = None if button is not None else reading
        message = Message(text if button is None else "", reading, button)
        facts = policies.Facts(
            live_handoff=live, reference=active.reference if active else "",
            command=command, payload=payload,
            staff_command=command in STAFF_ONLY,
        )  # fmt: skip
        actions = (
            policies.privacy(message, facts)
            or policies.handoff(tracker, message, facts)
            or policies.commands(tracker, message, facts)
        )
        if live and actions and any(isinstance(a, Relay) for a in actions):
            # Still answered while a person holds the case: "wat kost vol vca voor 3 man?"
            # gets its answer now; the account manager reads the question all the same.
            answer = self.questions.knowledge_question(
                turn, message
            ) or self.questions.catalogue_question(turn, message, waiting=True)
            actions = [*actions, *(answer or [])]
        if actions is None:
            actions = (
                await self.learners.hear(turn, message, live)  # codes, learners' own questions
                or self.questions.picked(turn, message)
                or self.questions.knowledge_question(turn, message)
                or self.questions.catalogue_question(turn, message)
            )
        if actions is None:
            message = self._chosen_intent(tracker, message)
            had_items = bool(tracker.items)
            heard = self.listener.listen(tracker, message)
            if message.text:
                tracker.last_words = message.text[:500]
            said_more = message.text and not message.details.reply and not heard.answered
            if had_items and said_more:
                tracker.asides.append(message.text[:500])  # the account manager reads it too
            actions = self._decide(tracker, message, heard, first)
            if message.reading and message.reading.intent in COURSE_INTENTS and message.text:
                actions.append(NoteDemand(message.reading.intent))
        welcomed = any(isinstance(a, Say) and a.template == "welcome" for a in actions)
        if first and command is None and not welcomed:
            actions.insert(0, Say("welcome_short"))
        await self.executor.run(turn, actions, message)
        said = [t for a in actions for t in (getattr(a, "template", ""), getattr(a, "lead", ""))]
        tracker.facts_told = told_in([t for t in said if t], tracker.facts_told)
        if any(isinstance(a, StartRequest) for a in actions):
            follow = asking.form(tracker, Heard(), self.catalogue, self.templates) or []
            await self.executor.run(turn, follow, message)

    async def _refused_button(self, turn: Turn, holding: Handoff | None) -> None:
        """A button not on offer (old, forged, or pressed twice)."""
        if holding is not None:  # an old button while a person holds it
            waiting = Say("still_waiting", {"reference": holding.reference})
            await self.executor.run(turn, [waiting], Message("", None))
            return
        await self.voice.say(turn, self.voice.render(turn, "unknown_button"))
        tracker = turn.tracker
        if tracker.pending is not None:  # the question that is still open, once more
            again = asking.again(tracker, tracker.pending, self.catalogue)
            await self.executor.run(turn, [again], Message("", None))

    async def _aftercare(
        self,
        turn: Turn,
        text: str,
        button: CallbackData | None,
        live: bool,
        active: Handoff | None,
    ) -> bool:
        """A rating (a button, checked against the stored prompt, not the tracker; or typed
        under the prompt), its comment, or /status ("hoe staat het met mijn aanvraag"; asked
        in words while a person holds the case, the person reads the question too)."""
        if isinstance(button, Rate):
            await self.verdict.pressed(turn, button)
            return True
        command, _ = _command(text)
        if command == "status" or (command is None and button is None and asks_status(text)):
            if live and active is not None and command is None:
                turn.out += await self.desk.relay(active, turn.contact, text, turn.now)
            await self.status.show(turn)
            return True
        if live or button is not None or command is not None or not text:
            return False
        return await self.verdict.typed(turn, text, self.read)

    def _decide(
        self, tracker: Tracker, message: Message, heard: Heard, first: bool
    ) -> list[Action]:
        return (
            asking.pending(tracker, message, heard, self.catalogue)
            or asking.form(tracker, heard, self.catalogue, self.templates)
            or policies.fallback(tracker, message)
            or intents(tracker, message, self.understander.intents, first)
        )

    def _chosen_intent(self, tracker: Tracker, message: Message) -> Message:
        """A clarification or menu button: the customer's words, read as the chosen intent."""
        if not isinstance(message.button, IntentChoice):
            return message
        pending = tracker.pending
        words = pending.words if pending and pending.question is Question.CLARIFY else ""
        tracker.pending = None
        reading = self.read(words).model_copy(
            update={"intent": message.button.intent, "confidence": 1.0, "alternatives": []}
        )
        return Message(words, reading, message.button)


def _ignore(intent: str) -> None:
    """Nobody measures: the intent goes nowhere."""


def _follow_language(tracker: Tracker, reading: Understanding) -> None:
    """Replies follow the customer's language."""
    if reading.language == "en":
        tracker.language = "en"
    elif plainly_dutch(reading.text):
        tracker.language = "nl"


def _follow_wishes(tracker: Tracker, reading: Understanding) -> None:
    """ "mig mag in de avond in hengelo", asked before any request: the list that answers it
    is ranked by that schedule and place (a request keeps its own in its item)."""
    if tracker.items:
        return
    if reading.details.place or reading.entities.location:
        tracker.origin = reading.details.place or reading.entities.location
    schedule = reading.details.schedule or reading.entities.schedule
    if schedule:
        tracker.schedule_wish = schedule


def _valid(tracker: Tracker, data: str, button: CallbackData | None, live: bool) -> bool:
    if button is None:
        return False
    if isinstance(button, StopWaiting):
        return live
    return data in {b.data for b in tracker.offered()}


def _command(text: str) -> tuple[str | None, str]:
    if not text.startswith("/"):
        return None, ""
    words = text[1:].split()
    return (words[0].lower() if words else ""), (words[1] if len(words) > 1 else "")


MIN_PART = 4  # a typed part of a label this long can name one button
_LABEL_NOISE = re.compile(r"[^\w\s]+")  # "’s avonds", "'s avonds" and "s avonds" alike


def _plain(text: str) -> str:
    return " ".join(_LABEL_NOISE.sub(" ", text.lower()).split())


def typed_button(tracker: Tracker, text: str, details: Details, live: bool) -> CallbackData | None:
    """A typed label, a close variant ("ja graag", "nee hoor") or a number counts as pressing
    the button it names; the same press, the same meaning."""
    offered = tracker.offered()
    if live:  # while a person holds the conversation only the stop and forget questions
        pending = tracker.pending  # are answered here; the rest goes to the person
        stop = pending.buttons if pending and pending.question is Question.STOP else []
        forget = [b for b in tracker.extra_buttons if isinstance(unpack(b.data), Forget)]
        offered = [*stop, *forget]
    typed = _plain(text)
    for button in offered:
        if typed and typed == _plain(button.label):
            return unpack(button.data)
    if len(typed) >= MIN_PART:  # "frezen" for "CNC frezen basis", when only one label has it
        holding = [b for b in offered if re.search(rf"\b{re.escape(typed)}\b", _plain(b.label))]
        if len(holding) == 1:
            return unpack(holding[0].data)
    # "ja aanmelden", "offerte graag": a short label inside a short message
    short = [b for b in offered if len(_plain(b.label)) >= MIN_PART and len(typed.split()) <= 4]
    inside = [b for b in short if re.search(rf"\b{re.escape(_plain(b.label))}\b", typed)]
    if len(inside) == 1:
        return unpack(inside[0].data)
    presses = [unpack(b.data) for b in offered]
    if details.reply is not None:
        wanted = details.reply == "yes"
        for button, press in zip(offered, presses, strict=True):
            # "nee" presses "Nee, bedankt", never "Annuleren" or "Iets anders"
            plain_no = _plain(button.label).startswith("nee")
            # "ja" after /vergeet deletes too
            if isinstance(press, Answer | Forget) and press.yes is wanted and (wanted or plain_no):
                return press
    counts = any(isinstance(p, CountChoice) for p in presses)
    number = details.number
    if number is not None and not counts and typed.isdigit() and 1 <= number <= len(offered):
        return presses[number - 1]  # "2" while numbered buttons show: the second one
    return None
