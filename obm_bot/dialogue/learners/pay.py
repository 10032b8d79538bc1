"""What a learner earns now and after the next step, under the OBM's pay arrangement or a
cao's BBL wage table (``[learners.pay]`` in obm.toml).

The OBM concept's steps after each milestone (50%, 75%, 100% of the cao wage) are the OBM's
own arrangement, not the law and not the cao: every line that names them says so. A BBL
wage table pays by age at the start and completed school years instead.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from obm_bot.domain.learners import Learner, Milestone
from obm_bot.domain.learners import MilestoneStatus as Status
from obm_bot.organisation_models import LearnerPay

PERCENT = re.compile(r"(\d{2,3})\s*(?:%|procent\b)", re.IGNORECASE)


@dataclass(frozen=True)
class PayView:
    scheme: str
    """``obm_steps``, ``bbl_table`` or ``no_age`` (a table, but the age is not recorded)."""
    now: str
    next: str | None = None
    """The pay that follows, if any."""
    after: str | None = None
    """What it follows: a milestone's name, or "je 2e schooljaar"."""
    when: dt.date | None = None
    cao: str = ""
    years: int = 0
    """Completed school years (the wage table)."""
    age: int | None = None
    """Age at the start (the wage table's row)."""


def pay_view(
    learner: Learner, milestones: list[Milestone], pay: LearnerPay, start: str, today: dt.date
) -> PayView:
    """``start``: the pay before the first milestone under the OBM's steps."""
    if pay.scheme == "bbl_table":
        return _table_view(learner, pay, today)
    achieved = [m.pay_step for m in milestones if m.status is Status.ACHIEVED and m.pay_step]
    now = achieved[-1] if achieved else start
    upcoming = next((m for m in milestones if m.status is not Status.ACHIEVED), None)
    if upcoming is None or not upcoming.pay_step:
        return PayView("obm_steps", now, cao=pay.cao)
    return PayView(
        "obm_steps", now, upcoming.pay_step, upcoming.name, upcoming.due_date, cao=pay.cao
    )


def _table_view(learner: Learner, pay: LearnerPay, today: dt.date) -> PayView:
    years = learner.completed_school_years(today)
    if learner.age_at_start is None:
        return PayView("no_age", "", cao=pay.cao, years=years)
    fitting = [r for r in pay.bbl_table if r.age <= learner.age_at_start]
    # younger than the table's first row: that row (the law sets no lower BBL minimum)
    row = max(fitting, key=lambda r: r.age) if fitting else min(pay.bbl_table, key=lambda r: r.age)
    now = row.wages[min(years, len(row.wages) - 1)]
    if years + 1 >= len(row.wages) or learner.school_year_start(years + 1) > learner.planned_end:
        return PayView("bbl_table", now, cao=pay.cao, years=years, age=learner.age_at_start)
    return PayView(
        "bbl_table", now, row.wages[years + 1], f"na je {years + 1}e schooljaar",
        learner.school_year_start(years + 1), pay.cao, years, learner.age_at_start,
    )  # fmt: skip


@dataclass(frozen=True)
class PercentAnswer:
    """ "krijg ik al 75%?": yes since a milestone, not yet (when), or no such step."""

    percent: int
    reached: bool
    step: str | None = None
    milestone: Milestone | None = None


def percent_asked(text: str) -> int | None:
    found = PERCENT.search(text)
    return int(found.group(1)) if found else None


def percent_answer(percent: int, milestones: list[Milestone], start: str) -> PercentAnswer:
    mark = re.compile(rf"(?<!\d){percent}\s*%")
    if mark.search(start):
        return PercentAnswer(percent, True, start)
    for milestone in milestones:
        if milestone.pay_step and mark.search(milestone.pay_step):
            reached = milestone.status is Status.ACHIEVED
            return PercentAnswer(percent, reached, milestone.pay_step, milestone)
    return PercentAnswer(percent, False)
