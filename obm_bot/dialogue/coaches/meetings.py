"""Voortgangsgesprekken: before each milestone the bot asks the triad to plan a progress
meeting, records the moment agreed, and afterwards asks how it went (behaald, or uitgesteld
to a date with a note), which updates the learner's milestone. So the learner's record stays
current without anyone filling in a form.
"""

from __future__ import annotations

import datetime as dt
import re

from obm_bot.dialogue.coaches.buttons import MeetingOutcome
from obm_bot.dialogue.coaches.thread import Author, Thread, triad_reference
from obm_bot.dialogue.desk import SYSTEM
from obm_bot.dialogue.learners.staff import LearnerStaff
from obm_bot.dialogue.messages import Button, Outbound
from obm_bot.domain.learners import Learner, Milestone
from obm_bot.domain.learners import MilestoneStatus as Status
from obm_bot.domain.triads import Meeting, MeetingStatus

ISO_DAY = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
DUTCH_DAY = re.compile(r"^(\d{1,2})[-/](\d{1,2})[-/](\d{4})$")
CLOCK = re.compile(r"^(\d{1,2})[:.](\d{2})(?:\s*uur)?$")
ASK_AFTER = dt.timedelta(hours=1)
"""A meeting with a time of day: its outcome is asked this long after it began."""


class MeetingError(Exception):
    def __init__(self, kind: str, buttons: list[Button] | None = None, **context: object) -> None:
        super().__init__(kind)
        self.kind = kind
        self.buttons = buttons or []
        """Offered with the answer ("Toch behaald")."""
        self.context = context


def parse_day(word: str) -> dt.date | None:
    """2027-01-06 or 6-1-2027 (also 06/01/2027); None for anything else."""
    iso, dutch = ISO_DAY.match(word), DUTCH_DAY.match(word)
    try:
        if iso:
            return dt.date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
        if dutch:
            return dt.date(int(dutch.group(3)), int(dutch.group(2)), int(dutch.group(1)))
    except ValueError:
        return None
    return None


def parse_moment(text: str) -> tuple[dt.date, dt.time | None, str]:
    """ "2027-01-06 10:00 rest" -> the day, the time if given, and the rest."""
    words = text.split()
    day = parse_day(words[0]) if words else None
    if day is None:
        raise MeetingError("bad_date", text=words[0] if words else "")
    clock = CLOCK.match(words[1]) if len(words) > 1 else None
    if clock and int(clock.group(1)) < 24 and int(clock.group(2)) < 60:
        return day, dt.time(int(clock.group(1)), int(clock.group(2))), " ".join(words[2:])
    return day, None, " ".join(words[1:])


class Meetings:
    def __init__(self, thread: Thread, learner_staff: LearnerStaff) -> None:
        self.thread = thread
        self.learner_staff = learner_staff
        self.store = thread.store
        self.org = thread.org
        self.settings = thread.org.learners
        self.render = thread.desk.renderer.render

    def _event(self, kind: str, learner: Learner, **context: object) -> str:
        return self.render(
            "coach_event", kind=kind, code=triad_reference(learner.id),
            first_name=learner.name.split()[0], **context,
        )  # fmt: skip

    async def next_milestone(self, learner: Learner) -> Milestone | None:
        return next(
            (m for m in await self.store.milestones(learner.id) if m.status is not Status.ACHIEVED),
            None,
        )

    # --- proposing ----------------------------------------------------------------------------

    async def propose(
        self, learner: Learner, milestone: Milestone, requested_by: str, now: dt.datetime
    ) -> tuple[Meeting, list[Outbound]]:
        """A new meeting (or the open one), announced in the thread."""
        meeting = await self.store.open_meeting(learner.id)
        if meeting is None:
            meeting_id = await self.store.add_meeting(
                learner.id, milestone.id, milestone.due_date, requested_by, now
            )
            meeting = await self.store.meeting(meeting_id)
            if meeting is None:
                raise LookupError(f"meeting {meeting_id} missing right after it was stored")
        kind = "meeting_requested" if requested_by == "leerling" else "meeting_proposed"
        text = self._event(kind, learner, milestone=milestone, planned=meeting.planned_at)
        return meeting, await self.thread.post(learner, Author.bot(), text, now, html=True)

    # --- planning -----------------------------------------------------------------------------

    async def plan(
        self, learner: Learner, author: Author, text: str, now: dt.datetime
    ) -> list[Outbound]:
        day, clock, _ = parse_moment(text)
        local_now = now.astimezone(self.org.zone)
        moment = dt.datetime.combine(day, clock or self.settings.remind_at, self.org.zone)
        if day < local_now.date():
            raise MeetingError("past_date", day=day)
        meeting = await self.store.open_meeting(learner.id)
        if meeting is None:  # planned without the bot asking: fine, it counts all the same
            milestone = await self.next_milestone(learner)
            if milestone is None:
                raise MeetingError("no_milestone", code=triad_reference(learner.id))
            meeting_id = await self.store.add_meeting(
                learner.id, milestone.id, milestone.due_date, author.name or SYSTEM, now
            )
            meeting = await self.store.meeting(meeting_id)
            if meeting is None:
                raise LookupError(f"meeting {meeting_id} missing right after it was stored")
        # With a time: ask an hour after it began; a day only: the next morning.
        ask = (
            moment + ASK_AFTER
            if clock
            else dt.datetime.combine(day + dt.timedelta(days=1), self.settings.remind_at,
                                     self.org.zone)
        )  # fmt: skip
        await self.store.update_meeting(
            meeting.id, status=MeetingStatus.PLANNED, planned_at=moment,
            planned_by=author.name, ask_outcome_at=ask,
        )  # fmt: skip
        milestone = await self.store.milestone(meeting.milestone_id)
        event = self._event(
            "meeting_planned", learner, milestone=milestone, day=day, clock=clock,
            by=author.name, told=learner.contact_id is not None,
        )  # fmt: skip
        out = await self.thread.post(learner, Author.bot(), event, now, html=True)
        return out + await self._tell_learner(learner, "planned", now, day=day, clock=clock)

    async def _tell_learner(
        self, learner: Learner, kind: str, now: dt.datetime, **context: object
    ) -> list[Outbound]:
        if learner.contact_id is None:
            return []
        contact = await self.store.contact_by_id(learner.contact_id)
        conversation = await self.store.conversation_for(contact.id, now)
        text = self.render(
            "learner_meeting", kind=kind, first_name=learner.name.split()[0], **context
        )
        address = f"{contact.channel}:{contact.channel_user_id}"
        return [await self.thread.desk.emit(conversation.id, address, text, now, author=SYSTEM)]

    # --- the outcome --------------------------------------------------------------------------

    def outcome_buttons(self, meeting: Meeting) -> list[Button]:
        return [
            MeetingOutcome(meeting=meeting.id, outcome="behaald").button("Behaald"),
            MeetingOutcome(meeting=meeting.id, outcome="uitgesteld").button("Uitgesteld"),
        ]

    async def ask_outcome(self, meeting: Meeting, now: dt.datetime) -> list[Outbound]:
        learner = await self.store.learner(meeting.learner_id)
        milestone = await self.store.milestone(meeting.milestone_id)
        await self.store.update_meeting(meeting.id, status=MeetingStatus.ASKED)
        if learner is None or milestone is None:
            return []
        text = self._event("meeting_ask", learner, milestone=milestone)
        buttons = self.outcome_buttons(meeting)
        return await self.thread.post(learner, Author.bot(), text, now, buttons, html=True)

    async def outcome(
        self, learner: Learner, author: Author, text: str, now: dt.datetime
    ) -> list[Outbound]:
        """``behaald [notitie]`` or ``uitgesteld DATUM notitie``: the milestone follows."""
        verb, _, rest = text.strip().partition(" ")
        verb = verb.lower()
        meeting = await self.store.open_meeting(learner.id)
        if meeting is None:
            raise MeetingError("no_meeting", code=triad_reference(learner.id))
        milestone = await self.store.milestone(meeting.milestone_id)
        if milestone is None:
            raise MeetingError("no_meeting", code=triad_reference(learner.id))
        today = now.astimezone(self.org.zone).date()
        if verb == "behaald":
            first, _, after = rest.strip().partition(" ")
            sure = first.lower() == "toch"
            note = after if sure else rest
            postponed = None
            if milestone.open_items and not sure:  # as /mijlpaal: nothing stored unasked
                raise MeetingError(
                    "confirm_achieved", [MeetingOutcome(meeting=meeting.id, outcome="toch")
                                         .button("Toch behaald")],
                    code=triad_reference(learner.id), milestone=milestone.name,
                    items=[i.name for i in milestone.open_items], note=note.strip(),
                )  # fmt: skip
            await self.store.update_milestone(
                milestone.id, status=Status.ACHIEVED, achieved_on=today
            )
        elif verb == "uitgesteld":
            day, _, note = parse_moment(rest) if rest.strip() else (None, None, "")
            if day is None or not note.strip():
                raise MeetingError("usage_outcome", code=triad_reference(learner.id))
            if day <= today:
                raise MeetingError("past_date", day=day)
            postponed = day
            await self.store.update_milestone(
                milestone.id, status=Status.POSTPONED, due_date=day, reminded_at=None,
                overdue_noticed_at=None,
            )  # fmt: skip
        else:
            raise MeetingError("usage_outcome", code=triad_reference(learner.id))
        await self.store.update_meeting(
            meeting.id, status=MeetingStatus.CLOSED, outcome=verb, postponed_to=postponed,
            note=note.strip() or None, closed_at=now,
        )  # fmt: skip
        who = author.name or SYSTEM
        record = f"Voortgangsgesprek {milestone.name}: {verb}" + (
            f" (nieuwe datum {postponed.isoformat()})" if postponed else ""
        )
        await self.store.add_learner_note(
            learner.id, who, record + (f". {note.strip()}" if note.strip() else ""), now
        )
        await self.store.audit(who, f"voortgangsgesprek {verb}", None,
                               {"learner": learner.id, "meeting": meeting.id}, now)  # fmt: skip
        event = self._event(
            "meeting_outcome", learner, milestone=milestone, outcome=verb, day=postponed,
            note=note.strip(), by=author.name,
        )  # fmt: skip
        out = await self.thread.post(learner, Author.bot(), event, now, html=True)
        if verb == "behaald":
            out += await self.learner_staff._congratulate(learner, milestone, now)
        return out

    async def milestone_changed(
        self, learner: Learner, milestone: Milestone, now: dt.datetime
    ) -> None:
        """Set by hand (/mijlpaal): a meeting still open about it has its answer."""
        meeting = await self.store.open_meeting(learner.id)
        if meeting is not None and meeting.milestone_id == milestone.id:
            await self.store.update_meeting(meeting.id, status=MeetingStatus.CLOSED, closed_at=now)

    # --- the clock ----------------------------------------------------------------------------

    async def tick(self, now: dt.datetime) -> list[Outbound]:
        local = now.astimezone(self.org.zone)
        if local.time() < self.settings.remind_at:
            return []  # proposals and questions go out in the morning, not at midnight
        out: list[Outbound] = []
        until = local.date() + dt.timedelta(days=self.settings.meeting_days)
        for learner_id, milestone_id, _ in await self.store.milestones_without_meeting(until):
            learner = await self.store.learner(learner_id)
            milestone = await self.store.milestone(milestone_id)
            if learner is not None and milestone is not None:
                out += (await self.propose(learner, milestone, "bot", now))[1]
        for meeting in await self.store.meetings_to_ask(now):
            out += await self.ask_outcome(meeting, now)
        return out

    async def next_timer(self, now: dt.datetime) -> dt.datetime | None:
        due, ask = await self.store.next_meeting_dates()
        moments = [ask] if ask is not None else []
        if due is not None:
            propose_on = due - dt.timedelta(days=self.settings.meeting_days)
            moments.append(dt.datetime.combine(propose_on, self.settings.remind_at, self.org.zone))
        if not moments:
            return None
        local = now.astimezone(self.org.zone)
        allowed = (
            now
            if local.time() >= self.settings.remind_at
            else dt.datetime.combine(local.date(), self.settings.remind_at, self.org.zone)
        )
        return max(min(moments), allowed)
