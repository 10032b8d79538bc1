"""The loket's dialogue engine: one inbound message in, stored effects and replies out.

Every adapter (terminal, staff console, Telegram, tests) calls ``Loket.handle``. The inbound
message is stored and committed before any reply is worked out, and a repeated inbound id
produces nothing new.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Sequence

from obm_bot.catalogue.models import Catalogue
from obm_bot.dialogue.buttons import ConfirmClose, unpack
from obm_bot.dialogue.coaches.buttons import MeetingOutcome
from obm_bot.dialogue.coaches.desk import TriadDesk
from obm_bot.dialogue.customer.dialogue import CustomerDialogue
from obm_bot.dialogue.customer.tracker import Profile, Tracker
from obm_bot.dialogue.desk import Desk
from obm_bot.dialogue.learners.staff import LearnerStaff
from obm_bot.dialogue.messages import (
    EDITED,
    Clock,
    Inbound,
    Outbound,
    Who,
    staff_address,
    system_clock,
)
from obm_bot.dialogue.posting import Posting
from obm_bot.dialogue.staff.absence import AbsenceDesk
from obm_bot.dialogue.staff.closing import KEEP_OPEN
from obm_bot.dialogue.staff.commands import DeskKind, find, help_text
from obm_bot.dialogue.staff.presses import pressed_command
from obm_bot.dialogue.staff.queue import StaffDesk
from obm_bot.dialogue.staff.report import ReportCommand
from obm_bot.dialogue.turn import Turn
from obm_bot.domain.models import Contact
from obm_bot.organisation import Organisation
from obm_bot.rendering.renderer import Renderer
from obm_bot.storage.outbox import InboundClaim, Letter
from obm_bot.storage.store import Store
from obm_bot.understanding.engine import Understander

log = logging.getLogger(__name__)
FLOOD_READ_TOGETHER = 5
"""A burst this long, read as one turn, gets a word that everything was read."""
FLOOD_NOTICE_EVERY = dt.timedelta(minutes=10)


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
        self.triads = TriadDesk(self.learner_staff)
        self.learners.triad = self.triads
        self.reports = ReportCommand(self.desk, catalogue)
        self.absence = AbsenceDesk(self.desk)
        self._flood_noticed: dict[str, dt.datetime] = {}

    async def sync_organisation(self) -> None:
        """At start: the configured member companies into the database, and the cases of
        staff no longer configured back to the shared queue (their notices in the outbox)."""
        async with self.store.transaction():
            await self.store.sync_companies(
                [(c.name, c.account_manager) for c in self.org.member_company]
            )
            orphans = await self.staff.reassign_orphans(self.clock())
            await self.absence.sync(self.clock())
            covered = await self.absence.tick(self.clock())  # planned absences begun meanwhile
            await self._post(orphans + covered, self.clock(), Posting.unprompted())
        if orphans:
            log.info("%d cases of staff no longer configured are back in the queue", len(orphans))

    async def prune(self) -> dict[str, int]:
        """Delivery records past the retention period go (at start and daily)."""
        async with self.store.transaction():
            pruned = await self.store.prune(self.org.retention.cutoff(self.clock()))
        await self.store.checkpoint()
        return pruned

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
        return await self.handle_many([inbound])

    async def handle_many(self, inbounds: Sequence[Inbound]) -> list[Outbound]:
        """One sender's messages, answered as one turn: a burst is read together.

        The messages are stored and committed first. The replies, the reply marker and the
        outbox rows are committed together after that, so a crash in between leaves messages
        marked unanswered, and they are answered when they come again.
        """
        if not inbounds:
            return []
        who, now = inbounds[0].who, self.clock()
        if any(i.who != who for i in inbounds) or (
            len(inbounds) > 1 and any(i.button is not None or i.attachment for i in inbounds)
        ):
            raise ValueError("only plain texts of one sender are answered together")
        staff = self.staff_name(who.channel, who.user_id)
        async with self.store.transaction():
            claims = [(i, await self._claim(i, now)) for i in inbounds]
            fresh = [i for i, claim in claims if claim is not InboundClaim.ANSWERED]
            if not fresh:
                return []
            if staff is None:
                contact, first = await self.store.get_or_create_contact(
                    who.channel, who.user_id, who.display_name, now
                )
                if contact.blocked:  # writing again means they unblocked the bot
                    await self.store.update_contact(contact.id, blocked=False)
                conversation = await self.store.conversation_for(contact.id, now)
                if not first and any(c is InboundClaim.UNANSWERED for _, c in claims):
                    # Created by a run that stopped before its reply: still the first contact.
                    first = not await self.store.has_replies(conversation.id)
                for inbound, claim in claims:
                    if claim is InboundClaim.NEW:
                        await self.store.add_message(
                            conversation.id, "in", "klant", _as_stored(inbound), now
                        )
        last = fresh[-1]
        text = "\n".join((i.text or "").strip() for i in fresh).strip()
        answered = [i.inbound_id for i in fresh if i.inbound_id]
        reply_to = staff_address(staff) if staff else who.address
        post = Posting(who.channel, reply_to, last.origin, answered)
        try:
            if staff is not None:
                return await self._staff_turn(staff, last, text, now, post)
            async with self.store.transaction():
                tracker = Tracker.load(conversation.state)
                _seed(tracker.profile, contact)
                turn = Turn(contact, conversation.id, tracker, who.address, now, [])
                if await self.triads.take(turn, text, last.button, last.attachment):
                    pass  # a coach: a link code, or writing on the line of their learners
                elif last.attachment:
                    await self.customer.attachment(turn, last.attachment, text, first)
                else:
                    await self.customer.message(turn, text, last.button, first)
                await self.customer.executor.remember(turn)
                await self.store.save_state(conversation.id, turn.tracker.dump_json(), now)
                out = await self._post(
                    self._flood_notice(who, len(fresh), now) + turn.out, now, post
                )
        except Exception:
            # The messages themselves are stored; say so instead of going silent. No message
            # text in the log: it is the customer's own words.
            log.exception(
                "reply failed for %s (inbound %s, %d characters)", who.address, answered, len(text)
            )
            reply = self.desk.renderer.render("failure", informal=False)
            async with self.store.transaction():
                return await self._post([Outbound(to=reply_to, text=reply)], now, post)
        if turn.forgotten and not await self.store.checkpoint():
            # The deleted words stay in the WAL until SQLite's next checkpoint.
            log.warning("WAL checkpoint after a forget did not complete")
        return out

    async def _staff_turn(
        self, staff: str, last: Inbound, text: str, now: dt.datetime, post: Posting
    ) -> list[Outbound]:
        to = staff_address(staff)
        if last.attachment == EDITED:
            # An edit of a relayed answer or of a command: passing it on would send it
            # twice, running it would run the command twice.
            edit = self.desk.renderer.render("staff_edit_ignored")
            async with self.store.transaction():
                return await self._post([Outbound(to=to, text=edit)], now, post)
        if self._long_read(text):  # built on a snapshot, without holding the write lock
            out = await self._staff(staff, text, last.button, now)
            async with self.store.transaction():
                return await self._post(out, now, post)
        async with self.store.transaction():
            out = await self._staff(staff, text, last.button, now)
            if last.attachment:  # a staff reply with a photo or file: pass it on
                out = [o if o.to.startswith("staff:") else _attached(o) for o in out]
            return await self._post(out, now, post)

    def _long_read(self, text: str) -> bool:
        """/rapport reads a whole period: built outside the write transaction."""
        command = find(text.partition(" ")[0])
        return command is not None and command.desk is DeskKind.REPORT

    async def _claim(self, inbound: Inbound, now: dt.datetime) -> InboundClaim:
        if not inbound.inbound_id:
            return InboundClaim.NEW
        claim = await self.store.claim_inbound(inbound.who.channel, inbound.inbound_id, now)
        if claim is InboundClaim.ANSWERED:
            log.info("duplicate inbound %s:%s ignored", inbound.who.channel, inbound.inbound_id)
        elif claim is InboundClaim.UNANSWERED:
            log.info("answering stored inbound %s:%s", inbound.who.channel, inbound.inbound_id)
        return claim

    def _flood_notice(self, who: Who, count: int, now: dt.datetime) -> list[Outbound]:
        """Once in a while, tell someone who sends many messages at once that all are read."""
        if count < FLOOD_READ_TOGETHER:
            return []
        last = self._flood_noticed.get(who.address)
        if last is not None and now - last < FLOOD_NOTICE_EVERY:
            return []
        self._flood_noticed[who.address] = now
        return [Outbound(to=who.address, text=self.desk.renderer.render("flood", count=count))]

    async def _post(
        self, out: Sequence[Outbound], now: dt.datetime, post: Posting
    ) -> list[Outbound]:
        """Mark the inbound answered and put every reply in the outbox, in one transaction."""
        if post.answered:
            await self.store.mark_answered(post.channel, post.answered, now)
        letters = [
            Letter(post.lane(o.to), o.to, o.model_dump_json(), post.origin, o.message_id)
            for o in out
        ]
        ids = await self.store.enqueue(letters, uuid.uuid4().hex, now)
        return [o.model_copy(update={"outbox_id": i}) for o, i in zip(out, ids, strict=True)]

    async def tick(self) -> list[Outbound]:
        """SLA reminders and escalations, milestone reminders and overdue notices now due."""
        now = self.clock()
        async with self.store.transaction():
            news = await self.triads.reminder_news(now)  # before the learner desk marks them
            out = await self.absence.tick(now) + await self.staff.tick(now)
            out += await self.learners.tick(now)
            out += news + await self.triads.tick(now)
            return await self._post(out, now, Posting.unprompted())

    async def thread_brief(self, reference: str, now: dt.datetime) -> tuple[str, str] | None:
        """A forum topic's title and opening text: a handoff's case, or a learner's triad."""
        if reference.upper().startswith("L"):
            return await self.triads.brief(reference.upper())
        return await self.desk.brief(reference, now)

    async def delivered(self, message_ids: Sequence[int]) -> None:
        async with self.store.transaction():
            await self.store.mark_delivered(message_ids, self.clock())
            await self.store.mark_letters_of_messages_sent(message_ids, self.clock())

    async def sent(self, outbox_ids: Sequence[int]) -> None:
        """An adapter handed these outbox rows to its channel."""
        async with self.store.transaction(urgent=True):  # until then a crash resends them
            await self.store.mark_sent(outbox_ids, self.clock())

    async def unreachable(self, address: str) -> list[Outbound]:
        """A customer blocked the bot: mark them so nothing is retried, and tell the staff."""
        async with self.store.transaction():
            out = await self.desk.unreachable(address, self.clock())
            return await self._post(out, self.clock(), Posting.unprompted())

    async def next_timer(self) -> dt.datetime | None:
        """When ``tick`` next has something to do (SLA, call-back or milestone reminders)."""
        now = self.clock()
        async with self.store.transaction():
            moments = [
                await self.store.next_timer(),
                await self.store.next_callback(),
                await self.learners.next_timer(now),
                await self.triads.next_timer(now),
                await self.absence.next_look(now),  # a planned absence begins
            ]
        return min((m for m in moments if m is not None), default=None)

    async def _staff(
        self, staff: str, text: str, button: str | None, now: dt.datetime
    ) -> list[Outbound]:
        if button:  # "Oppakken", the outcomes and their confirmation: commands as buttons
            pressed = unpack(button)
            if isinstance(pressed, ConfirmClose) and pressed.outcome == KEEP_OPEN:
                notice = self.desk.notice("kept_open", reference=pressed.reference)
                return [Outbound(to=staff_address(staff), text=notice)]
            if isinstance(pressed, MeetingOutcome):  # a voortgangsgesprek's outcome
                return await self.triads.staff_button(staff, pressed, now)
            text = pressed_command(pressed)
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
        if command.desk is DeskKind.TRIAD:
            return await self.triads.handle(staff, command.name, rest, now)
        if command.desk is DeskKind.REPORT:
            return await self.reports.handle(staff, rest, now)
        if command.desk is DeskKind.ABSENCE:
            return await self.absence.handle(staff, command.name, rest, now)
        return await self.staff.handle(staff, text, now)


def _seed(profile: Profile, contact: Contact) -> None:
    """A new conversation starts from what the loket already knows of the contact."""
    for slot in ("role", "name", "phone", "email", "company"):
        if getattr(profile, slot) is None and getattr(contact, slot) is not None:
            setattr(profile, slot, getattr(contact, slot))
    if contact.company_id is not None and profile.company == contact.company:
        profile.member = True


def _as_stored(inbound: Inbound) -> str:
    text = (inbound.text or "").strip()
    if inbound.button is not None:
        return f"[knop] {inbound.button}"
    if inbound.attachment:
        return f"[{inbound.attachment}] {text}".strip()
    return text


def _attached(outbound: Outbound) -> Outbound:
    return outbound.model_copy(update={"attach": True})
