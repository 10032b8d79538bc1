"""The triad for the rest of the loket: staff commands, the trajectory's events, the clock.

Account managers reach every learner's thread; a coach who works behind the loket
(``[[coach]]``) only the threads of their own learners. Milestone changes, postponements,
reminders and overdue notices are posted in the thread as they happen.
"""

from __future__ import annotations

import datetime as dt
import re

from obm_bot.dialogue.coaches.buttons import MeetingOutcome
from obm_bot.dialogue.coaches.line import CoachLine
from obm_bot.dialogue.coaches.linking import CoachLinks
from obm_bot.dialogue.coaches.meetings import MeetingError, Meetings
from obm_bot.dialogue.coaches.thread import MANAGER_ROLE, Author, Thread, triad_reference
from obm_bot.dialogue.learners.staff import LearnerActionError, LearnerStaff
from obm_bot.dialogue.messages import Outbound, staff_address
from obm_bot.dialogue.staff.commands import DeskKind, names
from obm_bot.dialogue.turn import Turn
from obm_bot.domain.learners import CoachRole, Learner, Milestone
from obm_bot.domain.triads import TriadMember

TRIAD_COMMANDS = names(DeskKind.TRIAD)
TRIAD_REFERENCE_PREFIX = "L"
MEETING_WISH = re.compile(
    r"\b(?:drie|3)[ -]?gesprek\w*|\bvoortgangsgesprek\w*|\bgesprek\w* met (?:al )?"
    r"(?:mijn|m'n|me|de) (?:drie )?begeleider|\bmet (?:z'n|zijn|ons) (?:drie|3)\w*",
    re.IGNORECASE,
)
"""A learner asking for a three-way progress meeting ("kan ik een driegesprek?")."""


class TriadDesk:
    def __init__(self, learner_staff: LearnerStaff) -> None:
        self.learner_staff = learner_staff
        self.learners = learner_staff.learners
        self.desk = learner_staff.learners.desk
        self.store = self.desk.store
        self.org = self.desk.org
        self.thread = Thread(self.desk)
        self.links = CoachLinks(self.desk)
        self.meetings = Meetings(self.thread, learner_staff)
        self.line = CoachLine(self.desk, self.thread, self.links, self.meetings)

    def notice(self, kind: str, **context: object) -> str:
        return self.desk.renderer.render("coach_notice", kind=kind, **context)

    async def take(self, turn: Turn, text: str, button: str | None, attachment: str | None) -> bool:
        """A coach's message (``CoachLine.take``), or a linked learner asking in words for a
        three-way meeting; False leaves the message to the customer dialogue."""
        if await self.line.take(turn, text, button, attachment):
            return True
        if button or attachment or text.startswith("/") or not MEETING_WISH.search(text):
            return False
        if await self.store.active_handoff(turn.conversation_id) is not None:
            return False  # a person holds the conversation: it goes to them
        learner = await self.store.learner_for_contact(turn.contact.id)
        if learner is None:
            return False
        await self.meeting_request(turn, learner)
        return True

    # --- staff commands -----------------------------------------------------------------------

    async def handle(self, staff: str, command: str, rest: str, now: dt.datetime) -> list[Outbound]:
        to = staff_address(staff)
        code, _, argument = rest.strip().partition(" ")
        try:
            if not code:
                raise LearnerActionError("usage")
            learner = await self.learner_staff._learner(staff, code)  # the coach restriction
            author = self._author(staff, await self.store.triad_members(learner.id))
            if command == "coachcode":
                return [Outbound(to=to, text=await self.issue(learner, argument, now))]
            if command == "triade" and not argument.strip():
                return [Outbound(to=to, text=await self.line.overview(learner))]
            if command == "triade":
                out = await self.thread.post(learner, author, argument.strip(), now)
                reply = await self.line.receipt(learner, author)
                return [Outbound(to=to, text=reply), *out]
            if command == "gesprek":
                return await self.meetings.plan(learner, author, argument, now)
            return await self.meetings.outcome(learner, author, argument, now)
        except LearnerActionError as exc:
            if exc.kind == "usage":
                return [Outbound(to=to, text=self.notice("usage"))]
            return [Outbound(to=to, text=self.learner_staff.notice(exc.kind, **exc.context))]
        except MeetingError as exc:
            return [Outbound(to=to, text=self.notice(exc.kind, **exc.context), buttons=exc.buttons)]

    def _author(self, staff: str, members: list[TriadMember]) -> Author:
        member = next((m for m in members if self.thread.staff_coach(m) == staff), None)
        return Author(staff, member.role.value if member else MANAGER_ROLE, staff=staff)

    async def issue(self, learner: Learner, argument: str, now: dt.datetime) -> str:
        """``praktijkopleider|leermeester|docent [naam[; telefoon]]``: a code for that coach,
        who is added first when the learner has none in that role yet."""
        word, _, details = argument.strip().partition(" ")
        try:
            role = CoachRole(word.lower())
        except ValueError:
            return self.notice("unknown_role", text=word)
        members = [m for m in await self.store.triad_members(learner.id) if m.role is role]
        name, _, phone = (part.strip() for part in details.partition(";"))
        member = next((m for m in members if not name or m.name.lower() == name.lower()), None)
        if member is None:
            if not name:
                return self.notice("no_coach", code=learner.code, role=role.value)
            coach_id = await self.store.add_coach(learner.id, role, name, phone or None)
            member = await self.store.triad_member(coach_id)
            if member is None:
                raise LookupError(f"coach {coach_id} missing right after it was stored")
        if self.thread.staff_coach(member) is not None:  # already works behind the loket
            return self.notice("staff_coach", code=learner.code, name=member.name,
                               role=member.role.value)  # fmt: skip
        issued = await self.links.issue(member.id, now)
        return self.notice(
            "code", code=learner.code, learner=learner.name, name=member.name,
            role=member.role.value, link_code=issued.code,
            link=self.learners.deep_link(issued.code),
            expires=issued.expires.astimezone(self.org.zone).date(),
        )  # fmt: skip

    async def staff_button(
        self, staff: str, pressed: MeetingOutcome, now: dt.datetime
    ) -> list[Outbound]:
        meeting = await self.store.meeting(pressed.meeting)
        if meeting is None:
            return [Outbound(to=staff_address(staff), text=self.notice("no_meeting", code="?"))]
        code = triad_reference(meeting.learner_id)
        if pressed.outcome == "uitgesteld":
            return [Outbound(to=staff_address(staff), text=self.notice("usage_outcome", code=code))]
        verdict = "behaald toch" if pressed.outcome == "toch" else "behaald"
        return await self.handle(staff, "uitkomst", f"{code} {verdict}", now)

    # --- events of the trajectory (hooks in the learner desk) ---------------------------------

    async def milestone_set(
        self, staff: str, learner: Learner, milestone: Milestone, verb: str,
        day: dt.date | None, now: dt.datetime,
    ) -> list[Outbound]:  # fmt: skip
        """/mijlpaal behaald or uitgesteld: said in the thread; a meeting about it is done."""
        await self.meetings.milestone_changed(learner, milestone, now)
        text = self.desk.renderer.render(
            "coach_event", kind=f"milestone_{verb}", code=learner.code,
            first_name=learner.name.split()[0], milestone=milestone, day=day, by=staff,
        )  # fmt: skip
        return await self.thread.post(learner, Author.bot(), text, now, html=True)

    async def reminder_news(self, now: dt.datetime) -> list[Outbound]:
        """The milestone reminders and overdue notices the learner desk is about to send, for
        the threads' topics and linked coaches (the coaches behind the loket and the account
        manager get them from the learner desk directly). Read before that desk marks them
        sent, with its own rule for what is due."""
        settings = self.org.learners
        local = now.astimezone(self.org.zone)
        if local.time() < settings.remind_at:
            return []
        today = local.date()
        remind_until = today + dt.timedelta(days=settings.reminder_days)
        out: list[Outbound] = []
        for kind, milestone in await self.store.milestones_to_remind(remind_until, today):
            learner = await self.store.learner(milestone.learner_id)
            if learner is None:
                continue
            text = self.desk.renderer.render(
                "coach_event", kind=kind, code=learner.code, first_name=learner.name.split()[0],
                milestone=milestone, days=(milestone.due_date - today).days,
            )  # fmt: skip
            posted = await self.thread.post(learner, Author.bot(), text, now, html=True)
            out += [o for o in posted if not o.to.startswith("staff:")]
        return out

    async def meeting_request(self, turn: Turn, learner: Learner) -> None:
        """The learner asks for a three-way progress meeting: in the thread, and told."""
        milestone = await self.meetings.next_milestone(learner)
        if milestone is None or not await self.store.triad_members(learner.id):
            text = self.learners.voice.render(turn, "learner_meeting", kind="no_coaches",
                                              first_name=learner.name.split()[0])  # fmt: skip
            await self.learners.voice.say(turn, text)
            return
        meeting, out = await self.meetings.propose(learner, milestone, "leerling", turn.now)
        turn.out += out
        planned = meeting.planned_at.astimezone(self.org.zone) if meeting.planned_at else None
        text = self.learners.voice.render(
            turn, "learner_meeting", kind="requested", first_name=learner.name.split()[0],
            day=planned.date() if planned else None, clock=planned.time() if planned else None,
        )  # fmt: skip
        await self.learners.voice.say(turn, text)

    # --- the clock and the topic --------------------------------------------------------------

    async def tick(self, now: dt.datetime) -> list[Outbound]:
        return await self.meetings.tick(now)

    async def next_timer(self, now: dt.datetime) -> dt.datetime | None:
        return await self.meetings.next_timer(now)

    async def brief(self, reference: str) -> tuple[str, str] | None:
        """The forum topic's title and opening text for thread ``L12``."""
        number = reference.removeprefix(TRIAD_REFERENCE_PREFIX)
        learner = await self.store.learner(int(number)) if number.isdigit() else None
        if learner is None:
            return None
        title = " · ".join((learner.code, learner.name, learner.company))[:128]
        return title, await self.line.overview(learner)
