"""Learner trajectories: the learner, their coaches, milestones with pay steps, portfolio."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import Field

from obm_bot.domain.models import Record


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
