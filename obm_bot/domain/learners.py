"""Learner trajectories: the learner, their coaches, milestones with pay steps, portfolio."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import Field

from obm_bot.domain.models import Record

WEEKDAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")


def weekday_number(text: str) -> int | None:
    """ "di", "Dinsdag" or "dinsdag" is 1; Monday is 0, as in ``date.weekday()``."""
    word = text.strip().lower()
    if len(word) < 2:
        return None
    return next((i for i, day in enumerate(WEEKDAYS) if day.startswith(word)), None)


class LearnerStatus(StrEnum):
    ACTIVE = "actief"
    FINISHED = "afgerond"
    STOPPED = "gestopt"


class MilestoneStatus(StrEnum):
    PLANNED = "gepland"
    ACHIEVED = "behaald"
    POSTPONED = "uitgesteld"


class CoachRole(StrEnum):
    PRACTICE_TRAINER = "praktijkopleider"  # at the training company
    INSTRUCTOR = "leermeester"  # at the practice centre
    TEACHER = "docent"


class Coach(Record):
    role: CoachRole
    name: str
    phone: str | None = None
    email: str | None = None


class PortfolioItem(Record):
    id: int
    name: str
    done_on: dt.date | None = None


class Milestone(Record):
    id: int
    learner_id: int
    name: str
    due_date: dt.date
    original_due: dt.date
    status: MilestoneStatus
    achieved_on: dt.date | None = None
    pay_step: str | None = None
    """The pay that starts once this milestone is achieved."""
    portfolio: list[PortfolioItem] = Field(default_factory=list)

    @property
    def open_items(self) -> list[PortfolioItem]:
        return [item for item in self.portfolio if item.done_on is None]


class Learner(Record):
    id: int
    name: str
    qualification_id: str
    path: str  # BBL, BOL or duaal
    company: str
    practice_centre: str | None = None
    start_date: dt.date
    planned_end: dt.date
    status: LearnerStatus = LearnerStatus.ACTIVE
    stop_reason: str | None = None
    ended_on: dt.date | None = None
    centre_weeks: int = 1
    company_weeks: int = 1
    contact_id: int | None = None
    coaches: list[Coach] = Field(default_factory=list)
    created_at: dt.datetime
    school_day: int | None = Field(default=None, ge=0, le=6)
    """The weekday of school (0 is Monday); BBL learners go one day a week."""
    age_at_start: int | None = None
    """Age at the start of the first school year: the row of a BBL wage table."""

    @property
    def code(self) -> str:
        """How staff name a learner in commands: L12."""
        return f"L{self.id}"

    def next_centre_period(self, day: dt.date) -> tuple[dt.date, dt.date] | None:
        """The current or next block of weeks at the practice centre (first and last working
        day). Trajectories start with the centre, then alternate blocks of
        ``centre_weeks`` there and ``company_weeks`` at the training company."""
        if self.centre_weeks == 0:
            return None
        cycle = self.centre_weeks + self.company_weeks
        week = max(0, (day - self.start_date).days // 7)
        block = week - week % cycle
        if week % cycle >= self.centre_weeks:
            block += cycle
        first = self.start_date + dt.timedelta(weeks=block)
        last = first + dt.timedelta(weeks=self.centre_weeks) - dt.timedelta(days=3)
        return first, last

    def at_centre(self, day: dt.date) -> bool:
        period = self.next_centre_period(day)
        return period is not None and period[0] <= day <= period[1]

    def next_centre_block(self, day: dt.date) -> tuple[dt.date, dt.date] | None:
        """The next block at the practice centre that has not begun yet: "when do I go back
        to the centre" asks for this one, not for the block the learner is in now."""
        period = self.next_centre_period(day)
        if period is None:
            return None
        if period[0] <= day:
            period = self.next_centre_period(period[0] + dt.timedelta(weeks=self.centre_weeks))
        return period

    def next_school_day(self, day: dt.date) -> dt.date | None:
        """The first school day after ``day`` (today's counts when it is not over yet is for
        the caller to say; this one is strictly later)."""
        if self.school_day is None:
            return None
        ahead = (self.school_day - day.weekday() - 1) % 7 + 1
        return day + dt.timedelta(days=ahead)

    def completed_school_years(self, day: dt.date) -> int:
        years = day.year - self.start_date.year
        if (day.month, day.day) < (self.start_date.month, self.start_date.day):
            years -= 1
        return max(years, 0)

    def school_year_start(self, years: int) -> dt.date:
        """The day ``years`` school years after the start (29 February becomes 28)."""
        start = self.start_date
        try:
            return start.replace(year=start.year + years)
        except ValueError:
            return start.replace(year=start.year + years, day=28)


class LearnerDraft(Record):
    """A learner as staff or a CSV import describe them, before the loket stores them."""

    name: str = Field(min_length=2, max_length=120)
    qualification_id: str
    path: str = Field(pattern=r"^(BBL|BOL|duaal)$")
    company: str = Field(min_length=2, max_length=120)
    practice_centre: str | None = None
    start_date: dt.date
    planned_end: dt.date
    centre_weeks: int = Field(default=1, ge=0, le=26)
    company_weeks: int = Field(default=1, ge=0, le=26)
    coaches: list[Coach] = Field(default_factory=list)
    school_day: int | None = Field(default=None, ge=0, le=6)
    age_at_start: int | None = Field(default=None, ge=14, le=67)
