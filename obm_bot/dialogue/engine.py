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
from obm_bot.dialogue.buttons import Claim, CloseCase, unpack
from obm_bot.dialogue.customer.dialogue import CustomerDialogue
from obm_bot.dialogue.customer.tracker import Profile, Tracker
from obm_bot.dialogue.desk import Desk
from obm_bot.dialogue.learners.staff import LearnerStaff
from obm_bot.dialogue.messages import Clock, Inbound, Outbound, staff_address, system_clock
from obm_bot.dialogue.staff.commands import DeskKind, find, help_text
from obm_bot.dialogue.staff.queue import StaffDesk
from obm_bot.dialogue.staff.report import ReportCommand
from obm_bot.dialogue.turn import Turn
from obm_bot.domain.models import Contact
from obm_bot.organisation import Organisation
from obm_bot.rendering.renderer import Renderer
from obm_bot.storage.store import Store
from obm_bot.understanding.engine import Understander

log = logging.getLogger(__name__)


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
        self.desk = Desk(store, org, renderer, catalogue)
        self.staff = StaffDesk(self.desk)
        self.customer = CustomerDialogue(self.desk, catalogue, understander)
        self.learners = self.customer.learners
        self.learner_staff = LearnerStaff(self.learners)
        self.reports = ReportCommand(self.desk, catalogue)

    async def sync_organisation(self) -> None:
        """Write the configured member companies to the database (run at start)."""
        async with self.store.transaction():
            await self.store.sync_companies(
                [(c.name, c.account_manager) for c in self.org.member_company]
            )

    def staff_name(self, channel: str, user_id: str) -> str | None:
        """The account manager or coach behind a chat identity; None for everybody else."""
        if channel == "staff":
            member = self.org.staff_member(user_id)
        elif channel == "telegram" and user_id.isdigit():
            member = self.org.staff_by_telegram(int(user_id))
        else:
            member = None
        return member.name if member else None

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
                tracker = Tracker.load(conversation.state)
                _seed(tracker.profile, contact)
                turn = Turn(contact, conversation.id, tracker, who.address, now, [])
                if inbound.attachment:
                    await self.customer.attachment(turn, inbound.attachment, text, first)
                else:
                    await self.customer.message(turn, text, inbound.button, first)
                await self.customer.executor.remember(turn)
                await self.store.save_state(conversation.id, turn.tracker.dump(), now)
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
        """SLA reminders and escalations, milestone reminders and overdue notices now due."""
        now = self.clock()
        async with self.store.transaction():
            return await self.staff.tick(now) + await self.learners.tick(now)

    async def delivered(self, message_ids: Sequence[int]) -> None:
        async with self.store.transaction():
            await self.store.mark_delivered(message_ids, self.clock())

    async def unreachable(self, address: str) -> list[Outbound]:
        """A customer blocked the bot: mark them so nothing is retried, and tell the staff."""
        async with self.store.transaction():
            return await self.desk.unreachable(address, self.clock())

    async def next_timer(self) -> dt.datetime | None:
        """When ``tick`` next has something to do (SLA or milestone reminders)."""
        now = self.clock()
        async with self.store.transaction():
            moments = [await self.store.next_timer(), await self.learners.next_timer(now)]
        return min((m for m in moments if m is not None), default=None)

    async def _staff(
        self, staff: str, text: str, button: str | None, now: dt.datetime
    ) -> list[Outbound]:
        pressed = unpack(button)  # "Oppakken" and the outcomes are commands in button form
        if isinstance(pressed, Claim):
            text = f"/pak {pressed.reference}"
        elif isinstance(pressed, CloseCase):
            text = f"/sluit {pressed.reference} {pressed.outcome}"
        elif button:
            text = "/help"  # a button the staff side never made
        word, _, rest = text.partition(" ")
        command = find(word)
        manager = self.org.manager(staff) is not None
        to = staff_address(staff)
        if command is None or command.desk is DeskKind.HELP:
            return [Outbound(to=to, text=help_text(self.desk.renderer, manager))]
        if not command.allowed(manager):  # e.g. /rapport: the OBM's figures are for managers
            return [Outbound(to=to, text=self.desk.notice("managers_only", command=command.name))]
        if command.desk is DeskKind.LEARNERS:
            return await self.learner_staff.handle(staff, command.name, rest, now)
        if command.desk is DeskKind.REPORT:
            return await self.reports.handle(staff, rest, now)
        return await self.staff.handle(staff, text, now)


def _seed(profile: Profile, contact: Contact) -> None:
    """A new conversation starts from what the loket already knows of the contact."""
    for slot in ("role", "name", "phone", "email", "company"):
        if getattr(profile, slot) is None and getattr(contact, slot) is not None:
            setattr(profile, slot, getattr(contact, slot))
    if contact.company_id is not None and profile.company == contact.company:
        profile.member = True


def _as_stored(inbound: Inbound, text: str) -> str:
    if inbound.button is not None:
        return f"[knop] {inbound.button}"
    if inbound.attachment:
        return f"[{inbound.attachment}] {text}".strip()
    return text


def _attached(outbound: Outbound) -> Outbound:
    return outbound.model_copy(update={"attach": True})
