"""The coaches' line: what a linked coach writes to the bot, and what reaches the thread.

A coach links once with a one-time code (``/start CODE``); from then on their private chat
with the bot is their line to the triads of their learners: plain text is a post in the
thread (``L12 ...`` picks the learner when they coach several), ``/gesprek`` and
``/uitkomst`` plan and close a progress meeting, ``/triade`` shows the thread. A coach only
ever reaches the threads of learners who name them as coach.
"""

from __future__ import annotations

import re

from obm_bot.dialogue.buttons import unpack
from obm_bot.dialogue.coaches.buttons import MeetingOutcome
from obm_bot.dialogue.coaches.linking import CoachLinks
from obm_bot.dialogue.coaches.meetings import MeetingError, Meetings
from obm_bot.dialogue.coaches.thread import Author, Thread, triad_reference
from obm_bot.dialogue.desk import Desk
from obm_bot.dialogue.messages import Button
from obm_bot.dialogue.turn import Turn
from obm_bot.domain.learners import Learner
from obm_bot.domain.triads import TriadMember

LEARNER_CODE = re.compile(r"^L(\d{1,9})\b[:,]?\s*", re.IGNORECASE)
PRIVACY_COMMANDS = frozenset({"mijngegevens", "vergeet"})
"""The AVG rights stay the customer side's: a coach asks and forgets as anyone does."""
HISTORY = 15
TITLES = frozenset({"mw", "mevr", "mevrouw", "dhr", "meneer", "mr", "ir", "ing", "drs", "dr"})


def greeting_name(name: str) -> str:
    """ "Piet" for Piet Bakker, but "Mw. De Boer" whole: a title is no first name."""
    first = name.split(maxsplit=1)[0]
    return name if first.rstrip(".").lower() in TITLES else first


class CoachLine:
    def __init__(self, desk: Desk, thread: Thread, links: CoachLinks, meetings: Meetings) -> None:
        self.desk = desk
        self.store = desk.store
        self.thread = thread
        self.links = links
        self.meetings = meetings

    def notice(self, kind: str, **context: object) -> str:
        return self.desk.renderer.render("coach_notice", kind=kind, **context)

    async def _reply(self, turn: Turn, text: str, buttons: list[Button] | None = None) -> None:
        turn.out.append(
            await self.desk.emit(turn.conversation_id, turn.address, text, turn.now, buttons)
        )

    async def take(self, turn: Turn, text: str, button: str | None, attachment: str | None) -> bool:
        """Handle the message when it is a coach's (a code, or a linked coach writing);
        False leaves it to the customer dialogue."""
        command = text[1:].split(maxsplit=1)[0].lower() if text.startswith("/") else None
        if command in PRIVACY_COMMANDS:
            return False
        if not attachment and await self._code(turn, text):
            return True
        members = await self.store.coachings(turn.contact.id)
        if not members:
            return False
        pressed = unpack(button)
        if isinstance(pressed, MeetingOutcome):
            await self._button(turn, members, pressed)
        elif button is not None:
            await self._reply(turn, self.desk.renderer.render("unknown_button", informal=True))
        elif attachment:
            await self._reply(turn, self.notice("attachment"))
        elif command is not None:
            await self._command(turn, members, command, text.partition(" ")[2].strip())
        elif text.strip():
            await self._write(turn, members, text.strip())
        else:
            await self._reply(turn, await self.welcome(members))
        return True

    # --- linking ------------------------------------------------------------------------------

    async def _code(self, turn: Turn, text: str) -> bool:
        codes, typed = self.links.candidates(text)
        if not codes:
            return False
        # A linked coach's wrong codes are counted here; anyone else's by the learners' linking.
        # Past the limit no code is even looked up, typed or pasted.
        coach = bool(await self.store.coachings(turn.contact.id))
        if await self.links.too_many(turn.contact, turn.now):
            if coach and typed:
                await self._reply(turn, self.notice("link_too_many"))
            return coach and typed
        for code in codes:
            kind, member = await self.links.find(code, turn.now)
            if member is None:
                continue
            learner = await self.store.learner(member.learner_id)
            if kind != "linked" or learner is None:
                await self.links.failed(turn.contact, turn.now)
                await self._reply(turn, self.notice("link_" + kind))
                return True
            await self.links.link(code, member, turn.contact, turn.now)
            await self._reply(turn, self.notice(
                "linked", name=greeting_name(member.name), role=member.role.value,
                learner=learner.name, code=triad_reference(learner.id),
                several=len(await self.store.coachings(turn.contact.id)) > 1,
            ))  # fmt: skip
            event = self.desk.renderer.render(
                "coach_event", kind="linked", code=triad_reference(learner.id),
                first_name=learner.name.split()[0], name=member.name, role=member.role.value,
            )  # fmt: skip
            author = Author(member.name, member.role.value, contact_id=turn.contact.id)
            turn.out += await self.thread.post(
                learner, Author.bot(), event, turn.now, html=True, not_to=author
            )
            return True
        if typed and coach:
            await self.links.failed(turn.contact, turn.now)
            await self._reply(turn, self.notice("link_unknown"))
            return True
        return False

    # --- what a linked coach does -------------------------------------------------------------

    async def _learner(
        self, turn: Turn, members: list[TriadMember], text: str
    ) -> tuple[Learner, TriadMember, str] | None:
        """The learner a message is about (``L12 ...``, or the only one), and the rest of it;
        None when the coach must say which (they were told)."""
        mine = {m.learner_id: m for m in members}
        found = LEARNER_CODE.match(text)
        if found:
            member = mine.get(int(found.group(1)))
            if member is None:
                await self._reply(turn, self.notice("not_yours", code=f"L{found.group(1)}"))
                return None
            rest = text[found.end() :]
        elif len(mine) == 1:
            member, rest = members[0], text
        else:
            await self._reply(
                turn, self.notice("which_learner", learners=await self._names(members))
            )
            return None
        learner = await self.store.learner(member.learner_id)
        if learner is None:
            return None
        return learner, member, rest.strip()

    async def _names(self, members: list[TriadMember]) -> list[tuple[str, str, str]]:
        found = []
        for member in members:
            learner = await self.store.learner(member.learner_id)
            if learner is not None:
                found.append((triad_reference(learner.id), learner.name, member.role.value))
        return found

    async def welcome(self, members: list[TriadMember]) -> str:
        return self.notice("welcome", learners=await self._names(members))

    @staticmethod
    def _author(member: TriadMember, turn: Turn) -> Author:
        return Author(member.name, member.role.value, contact_id=turn.contact.id)

    async def _write(self, turn: Turn, members: list[TriadMember], text: str) -> None:
        chosen = await self._learner(turn, members, text)
        if chosen is None:
            return
        learner, member, rest = chosen
        if not rest:
            await self._reply(turn, await self.overview(learner))
            return
        author = self._author(member, turn)
        turn.out += await self.thread.post(learner, author, rest, turn.now)
        await self._reply(turn, await self.receipt(learner, author))

    async def receipt(self, learner: Learner, author: Author) -> str:
        """To whom a post went, and which coaches do not read along yet."""
        reached, missing = await self.thread.recipients(learner, author)
        return self.notice(
            "posted", code=triad_reference(learner.id), reached=[label for _, label in reached],
            missing=missing, topic=self.desk.org.coach_chat_id is not None,
        )  # fmt: skip

    async def _command(
        self, turn: Turn, members: list[TriadMember], command: str, rest: str
    ) -> None:
        if command not in ("triade", "gesprek", "uitkomst"):
            await self._reply(turn, await self.welcome(members))
            return
        chosen = await self._learner(turn, members, rest)
        if chosen is None:
            return
        learner, member, argument = chosen
        author = self._author(member, turn)
        try:
            if command == "triade":
                await self._reply(turn, await self.overview(learner))
            elif command == "gesprek":
                turn.out += await self.meetings.plan(learner, author, argument, turn.now)
            else:
                turn.out += await self.meetings.outcome(learner, author, argument, turn.now)
        except MeetingError as exc:
            await self._reply(turn, self.notice(exc.kind, **exc.context), exc.buttons)

    async def _button(
        self, turn: Turn, members: list[TriadMember], pressed: MeetingOutcome
    ) -> None:
        meeting = await self.store.meeting(pressed.meeting)
        member = next(
            (m for m in members if meeting is not None and m.learner_id == meeting.learner_id),
            None,
        )
        learner = await self.store.learner(member.learner_id) if member else None
        if meeting is None or member is None or learner is None:
            await self._reply(turn, self.desk.renderer.render("unknown_button", informal=True))
            return
        code = triad_reference(learner.id)
        if pressed.outcome == "uitgesteld":
            await self._reply(turn, self.notice("usage_outcome", code=code))
            return
        verdict = "behaald toch" if pressed.outcome == "toch" else "behaald"
        try:
            turn.out += await self.meetings.outcome(
                learner, self._author(member, turn), verdict, turn.now
            )
        except MeetingError as exc:
            await self._reply(turn, self.notice(exc.kind, **exc.context), exc.buttons)

    # --- shared -------------------------------------------------------------------------------

    async def overview(self, learner: Learner) -> str:
        members = await self.store.triad_members(learner.id)
        return self.desk.renderer.render(
            "coach_thread", code=triad_reference(learner.id), learner=learner,
            members=[(m, self.thread.staff_coach(m) is not None) for m in members],
            managers=self.thread.managers(learner),
            meeting=await self.store.open_meeting(learner.id),
            milestone=await self.meetings.next_milestone(learner),
            posts=await self.store.triad_posts(learner.id, HISTORY),
            zone=self.desk.org.zone,
        )  # fmt: skip
