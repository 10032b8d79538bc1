"""The loket's dialogue engine: one inbound message in, stored effects and replies out.

Every adapter (terminal, staff console, Telegram, tests) calls ``Loket.handle``. The inbound
message is stored and committed before any reply is worked out, and a repeated inbound id
produces nothing new.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence

from obm_bot.catalogue.models import Catalogue
from obm_bot.dialogue.answers import INTENT_LABELS_NL, MENU, SMALL_TALK, IntentAnswers
from obm_bot.dialogue.flow import ROLE_BUTTONS, RequestFlow, Turn
from obm_bot.dialogue.handoffs import Desk
from obm_bot.dialogue.messages import (
    Button,
    Clock,
    Inbound,
    Outbound,
    staff_address,
    system_clock,
)
from obm_bot.dialogue.privacy import Privacy
from obm_bot.dialogue.staff import COMMANDS, StaffDesk
from obm_bot.domain.models import RequestKind, Role
from obm_bot.organisation import Organisation
from obm_bot.rendering.renderer import Renderer
from obm_bot.storage.store import Store
from obm_bot.understanding.engine import Understander
from obm_bot.understanding.result import Understanding

log = logging.getLogger(__name__)
MAX_UNDERSTOOD_CHARS = 1000  # longer texts are stored whole but read from the start
CONFIDENT = 0.35  # with MARGIN: asks on ~9% of messages and catches ~40% of the errors
MARGIN = 0.15


class Loket:
    def __init__(
        self,
        store: Store,
        understander: Understander,
        renderer: Renderer,
        catalogue: Catalogue,
        org: Organisation,
        clock: Clock = system_clock,
    ) -> None:
        self.store = store
        self.understander = understander
        self.catalogue = catalogue
        self.org = org
        self.clock = clock
        self.desk = Desk(store, org, renderer)
        self.staff = StaffDesk(self.desk)
        self.flow = RequestFlow(self.desk, catalogue, understander)
        self.answers = IntentAnswers(self.flow, understander)
        self.privacy = Privacy(self.flow)

    async def sync_organisation(self) -> None:
        """Write the configured member companies to the database (run at start)."""
        async with self.store.transaction():
            await self.store.sync_companies(
                [(c.name, c.account_manager) for c in self.org.member_company]
            )

    def staff_name(self, channel: str, user_id: str) -> str | None:
        """The account manager behind a chat identity; None for everybody else."""
        if channel == "staff":
            manager = self.org.manager(user_id)
        elif channel == "telegram" and user_id.isdigit():
            manager = self.org.manager_by_telegram(int(user_id))
        else:
            manager = None
        return manager.name if manager else None

    async def handle(self, inbound: Inbound) -> list[Outbound]:
        now = self.clock()
        who = inbound.who
        staff = self.staff_name(who.channel, who.user_id)
        text = (inbound.text or "").strip()
        async with self.store.transaction():
            if inbound.inbound_id and not await self.store.claim_inbound(
                who.channel, inbound.inbound_id, now
            ):
                log.info("duplicate inbound %s:%s ignored", who.channel, inbound.inbound_id)
                return []
            if staff is None:
                contact, first = await self.store.get_or_create_contact(
                    who.channel, who.user_id, who.display_name, now
                )
                if contact.blocked:  # writing again means they unblocked the bot
                    await self.store.update_contact(contact.id, blocked=False)
                conversation = await self.store.conversation_for(contact.id, now)
                await self.store.add_message(
                    conversation.id, "in", "klant", _as_stored(inbound, text), now
                )
        try:
            async with self.store.transaction():
                if staff is not None:
                    out = await self._staff(staff, text, inbound.button, now)
                    if inbound.attachment:  # a staff reply with a photo or file: pass it on
                        out = [o if o.to.startswith("staff:") else _attached(o) for o in out]
                    return out
                turn = Turn(
                    contact, conversation.id, dict(conversation.state), who.address, now, []
                )
                if inbound.attachment:
                    await self._attachment(turn, inbound.attachment, text, first)
                else:
                    await self._customer(turn, text, inbound.button, first)
                await self.store.save_state(conversation.id, turn.state, now)
                return turn.out
        except Exception:
            # The message itself is already stored; say so instead of going silent.
            log.exception(
                "reply failed for %s (inbound %s, text %r)",
                who.address,
                inbound.inbound_id,
                text[:200],
            )
            reply = self.desk.renderer.render("failure", informal=False)
            return [Outbound(to=staff_address(staff) if staff else who.address, text=reply)]

    async def tick(self) -> list[Outbound]:
        async with self.store.transaction():
            return await self.staff.tick(self.clock())

    async def delivered(self, message_ids: Sequence[int]) -> None:
        async with self.store.transaction():
            await self.store.mark_delivered(message_ids, self.clock())

    async def unreachable(self, address: str) -> list[Outbound]:
        """A customer blocked the bot: mark them so nothing is retried, and tell the staff."""
        async with self.store.transaction():
            return await self.desk.unreachable(address, self.clock())

    async def next_timer(self) -> dt.datetime | None:
        """When ``tick`` next has something to do (an SLA reminder or deadline)."""
        async with self.store.transaction():
            return await self.store.next_timer()

    async def _staff(
        self, staff: str, text: str, button: str | None, now: dt.datetime
    ) -> list[Outbound]:
        if button:  # "pak:REF" and "sluit:REF:3" are commands in button form
            verb, _, rest = button.partition(":")
            text = f"/{verb} " + rest.replace(":", " ")
        return await self.staff.handle(staff, text, now)

    async def _attachment(self, turn: Turn, kind: str, caption: str, first: bool) -> None:
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
            await self._customer(turn, caption, None, first=False)

    async def _customer(self, turn: Turn, text: str, button: str | None, first: bool) -> None:
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
        if command == "start":
            await self.flow.say(
                turn, self.flow.render(turn, "welcome", org=self.org.name), ROLE_BUTTONS
            )
        elif command == "mijngegevens":
            await self.privacy.show(turn)
        elif command == "vergeet":
            await self.privacy.ask(turn)
        elif command in COMMANDS and command != "help":
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


def _as_stored(inbound: Inbound, text: str) -> str:
    if inbound.button is not None:
        return f"[knop] {inbound.button}"
    if inbound.attachment:
        return f"[{inbound.attachment}] {text}".strip()
    return text


def _attached(outbound: Outbound) -> Outbound:
    return outbound.model_copy(update={"attach": True})
