"""The customer's side of a conversation: commands, buttons, typed answers, understanding.

``Loket.handle`` has stored the message; this decides what the bot says and does next. While
a person holds the conversation the bot stays quiet and passes everything on.
"""

from __future__ import annotations

from obm_bot.dialogue.customer.answers import INTENT_LABELS_NL, MENU, SMALL_TALK, IntentAnswers
from obm_bot.dialogue.customer.flow import ROLE_BUTTONS, RequestFlow, Turn
from obm_bot.dialogue.customer.privacy import Privacy
from obm_bot.dialogue.learners.desk import LearnerDesk
from obm_bot.dialogue.learners.staff import LEARNER_COMMANDS
from obm_bot.dialogue.messages import Button
from obm_bot.dialogue.staff.queue import COMMANDS
from obm_bot.domain.models import RequestKind, Role
from obm_bot.understanding.engine import Understander
from obm_bot.understanding.result import Understanding

MAX_UNDERSTOOD_CHARS = 1000  # longer texts are stored whole but read from the start
CONFIDENT = 0.35  # with MARGIN: asks on ~9% of messages and catches ~40% of the errors
MARGIN = 0.15
STAFF_ONLY = frozenset((*COMMANDS, *LEARNER_COMMANDS, "rapport")) - {"help"}


class CustomerDialogue:
    def __init__(self, flow: RequestFlow, understander: Understander) -> None:
        self.flow = flow
        self.desk = flow.desk
        self.store = flow.desk.store
        self.org = flow.desk.org
        self.understander = understander
        self.learners = LearnerDesk(flow, flow.catalogue)
        self.answers = IntentAnswers(flow, understander, self.learners)
        self.privacy = Privacy(flow)

    async def attachment(self, turn: Turn, kind: str, caption: str, first: bool) -> None:
        """A photo, file, voice message, sticker, location or edit: a person can look at it."""
        active = await self.store.active_handoff(turn.conversation_id)
        if active is not None:
            line = f"[{kind}] {caption}".strip()
            turn.out += await self.desk.relay(
                active, turn.contact, line, turn.now, attach=kind != "bewerkt"
            )
            return
        await self.flow.say(
            turn,
            self.flow.render(turn, "non_text", kind=kind),
            [Button(label="Een medewerker spreken", data="intent:human_handoff")],
        )
        if caption and kind != "bewerkt":  # the caption may hold the actual question
            await self.message(turn, caption, None, first=False)

    async def message(self, turn: Turn, text: str, button: str | None, first: bool) -> None:
        active = await self.store.active_handoff(turn.conversation_id)
        privacy = text.lower() in ("/mijngegevens", "/vergeet") or (button or "").startswith(
            "vergeet:"
        )  # privacy rights do not wait for a person
        if active is not None and not privacy:
            if button == "stop" or text.lower() in ("/stop", "stop"):
                turn.out += await self.desk.cancel(active, turn.address, turn.informal, turn.now)
                turn.state.update(step=None, options=[])
            elif text:
                turn.out += await self.desk.relay(active, turn.contact, text, turn.now)
            else:  # an old button or an empty message while a person holds the conversation
                await self.flow.say(
                    turn,
                    self.flow.render(turn, "still_waiting", reference=active.reference),
                    keep_options=True,
                )
            return
        button = button or self._typed_choice(turn, text)
        if button is not None:
            await self._button(turn, button)
        elif not text:
            await self.flow.say(turn, self.flow.render(turn, "empty"))
        elif text.startswith("/"):
            await self._command(turn, text)
        elif first:
            await self.flow.say(
                turn, self.flow.render(turn, "welcome", org=self.org.name), ROLE_BUTTONS
            )
            result = self.understander.understand(text[:MAX_UNDERSTOOD_CHARS])
            if result.intent not in SMALL_TALK:
                await self._understood(turn, result)
        elif not await self.flow.answer(turn, turn.state.get("step") or "", text):
            await self._understood(turn, self.understander.understand(text[:MAX_UNDERSTOOD_CHARS]))

    @staticmethod
    def _typed_choice(turn: Turn, text: str) -> str | None:
        """A typed option number or label counts as pressing that button ("2", "avond")."""
        options = turn.state.get("options") or []
        typed = text.strip().lower().rstrip(".")
        if typed.isdigit() and 1 <= int(typed) <= len(options):
            return str(options[int(typed) - 1][1])
        for label, data in options:
            if typed and typed == str(label).lower():
                return str(data)
        return None

    async def _command(self, turn: Turn, text: str) -> None:
        command = text[1:].split(maxsplit=1)[0].lower() if len(text) > 1 else ""
        payload = text.split()[1] if len(text.split()) > 1 else ""
        if command in ("start", "koppel") and payload:  # a deep link: a learner's link code
            await self.learners.link(turn, payload)
        elif command == "start":
            await self.flow.say(
                turn, self.flow.render(turn, "welcome", org=self.org.name), ROLE_BUTTONS
            )
        elif command == "mijngegevens":
            await self.privacy.show(turn)
        elif command == "vergeet":
            await self.privacy.ask(turn)
        elif command in STAFF_ONLY:
            await self.flow.say(turn, self.flow.render(turn, "not_staff"))
        elif command == "stop":
            turn.state.update(step=None, flow={})
            await self.flow.say(turn, self.flow.render(turn, "declined"))
        else:
            await self.flow.say(turn, self.desk.renderer.render("help"), MENU)

    async def _button(self, turn: Turn, data: str) -> None:
        if data not in [option[1] for option in turn.state.get("options") or []]:
            await self.flow.say(turn, self.flow.render(turn, "unknown_button"), keep_options=True)
            return
        verb, _, value = data.partition(":")
        flow = turn.flow
        if verb == "role":
            await self.store.update_contact(turn.contact.id, role=Role(value))
            turn.contact = await self.store.contact_by_id(turn.contact.id)
            if flow.get("kind"):
                await self.flow.advance(turn)
            else:
                await self.flow.say(turn, self.flow.render(turn, "menu", intent="help"), MENU)
        elif verb == "cursus":
            flow["course"] = flow.get("choices", [])[int(value)]
            await self.flow.advance(turn)
        elif verb == "aantal":
            flow["participants"] = int(value)
            await self.flow.advance(turn)
        elif verb == "rooster":
            flow["schedule"] = value
            await self.flow.advance(turn)
        elif verb in ("bevestig", "ja"):
            flow["confirmed"] = True
            await self.flow.advance(turn)
        elif verb == "vergeet":
            await self.privacy.answer(turn, value)
        elif verb in ("traject", "begeleider"):
            await self.answers.learner_button(turn, data)
        elif verb in ("annuleer", "nee"):
            turn.state.update(step=None, flow={})
            await self.flow.say(turn, self.flow.render(turn, "declined"))
        elif data == "menu:course_search":  # nothing to search for yet: ask what
            await self.flow.say(turn, self.flow.render(turn, "ask_topic"))
        elif verb in ("intent", "menu"):
            pending = turn.state.get("pending_text") if verb == "intent" else None
            result = self.understander.understand(pending or "")
            await self._route(turn, value, result)
        elif verb == "aanvraag":  # "Aanmelden"/"Offerte" under a course_info answer
            kind, _, course = value.partition(":")
            self.flow.start(turn, RequestKind(kind), "course_info", course, "", {})
            await self.flow.advance(turn)

    async def _understood(self, turn: Turn, result: Understanding) -> None:
        runner = result.runner_up
        unsure = result.confidence < CONFIDENT or (
            runner is not None and result.confidence - runner.confidence < MARGIN
        )
        if unsure and result.intent != "out_of_scope" and runner is not None:
            if turn.state.get("misses", 0) >= 1:
                turn.state["misses"] = 0
                self.flow.start(turn, RequestKind.CALLBACK, result.intent, None, result.text, {})
                await self.flow.advance(turn)
                return
            turn.state.update(misses=1, pending_text=result.text, step="clarify")
            options = [result.intent, runner.intent]
            await self.flow.say(turn, self.flow.render(turn, "clarify"), [
                *(Button(label=INTENT_LABELS_NL[o], data=f"intent:{o}") for o in options),
                Button(label="Een medewerker spreken", data="intent:human_handoff"),
            ])  # fmt: skip
            return
        turn.state["misses"] = 0
        await self._route(turn, result.intent, result)

    async def _route(self, turn: Turn, intent: str, result: Understanding) -> None:
        await self.answers.answer(turn, intent, result)
