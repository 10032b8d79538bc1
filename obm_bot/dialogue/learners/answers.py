"""Direct answers to a linked learner's questions: one or two lines from the trajectory and
the OBM's settings, with the whole status block offered as a button, not forced."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from obm_bot.dialogue.buttons import LearnerAction
from obm_bot.dialogue.learners import hearing
from obm_bot.dialogue.learners.hearing import Ask
from obm_bot.dialogue.learners.pay import pay_view, percent_answer, percent_asked
from obm_bot.dialogue.messages import Button
from obm_bot.dialogue.turn import Turn
from obm_bot.domain.learners import WEEKDAYS, CoachRole, Learner, Milestone
from obm_bot.domain.learners import MilestoneStatus as Status

if TYPE_CHECKING:
    from obm_bot.dialogue.learners.desk import LearnerDesk

WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
WHOLE = LearnerAction(action="alles").button("Alles over mijn traject")
COACH = LearnerAction(action="spreken").button("Ja, neem contact op")
TALK = LearnerAction(action="spreken").button("Mijn begeleider spreken")


def time_left(end: dt.date, today: dt.date, language: str = "nl") -> str:
    """ "nog 9 maanden", "nog 40 dagen", "vandaag"; "3 dagen geleden" when it has passed."""
    days = (end - today).days
    months = round(days / 30.44)
    english = language == "en"
    if days < 0:
        return f"{-days} days ago" if english else f"{-days} dagen geleden"
    if days == 0:
        return "today" if english else "vandaag"
    if days < 60:
        return f"{days} days to go" if english else f"nog {days} dagen"
    if months < 24:
        return f"{months} months to go" if english else f"nog {months} maanden"
    years = f"{months / 12:.1f}"
    return f"{years} years to go" if english else f"nog {years.replace('.', ',')} jaar"


class LearnerAnswers:
    def __init__(self, desk: LearnerDesk) -> None:
        self.desk = desk
        self.voice = desk.voice
        self.settings = desk.settings
        self.descriptions = {
            item: text
            for template in self.settings.milestones
            for item, text in template.portfolio_descriptions.items()
        }

    async def answer(self, turn: Turn, learner: Learner, ask: Ask, text: str) -> None:
        if ask is Ask.PICTURE:
            await self.desk.picture(turn, learner)
            return
        if ask is Ask.OVERVIEW:
            await self.desk.status(turn, learner)
            return
        if ask is Ask.COACHES:
            await self.desk.coaches(turn, learner)
            return
        today = turn.now.astimezone(self.desk.org.zone).date()
        milestones = await self.desk.store.milestones(learner.id)
        upcoming = next((m for m in milestones if m.status is not Status.ACHIEVED), None)
        buttons: list[Button] = [WHOLE]
        if ask is Ask.PAY:
            context = self._pay(learner, milestones, text, today)
        elif ask is Ask.CENTRE:
            context = self._centre(learner, today)
        elif ask is Ask.SCHOOL:
            context = self._school(learner, today)
        elif ask is Ask.NOT_REACHED:
            table = self.desk.pay_for(learner.company).scheme != "obm_steps"
            context = {"milestone": upcoming, "table": table}
            buttons = [TALK, WHOLE]
        elif ask is Ask.PORTFOLIO:
            context = self._portfolio(text, milestones, upcoming)
            buttons = [COACH, WHOLE]
        else:
            context = self._diploma(learner, milestones, today, turn.tracker.language)
        reply = self.voice.render(turn, "learner_answer", kind=ask.value, **context)
        await self.voice.say(turn, reply, buttons)

    def _pay(
        self, learner: Learner, milestones: list[Milestone], text: str, today: dt.date
    ) -> dict[str, Any]:
        percent = percent_asked(text)
        start = self.settings.pay_steps[0]
        pay = self.desk.pay_for(learner.company)
        return {
            "view": pay_view(learner, milestones, pay, start, today),
            "percent": percent_answer(percent, milestones, start) if percent else None,
        }

    @staticmethod
    def _centre(learner: Learner, today: dt.date) -> dict[str, Any]:
        period = learner.next_centre_period(today)
        current = period if period and period[0] <= today else None
        following = learner.next_centre_block(today)
        if following and following[0] > learner.planned_end:
            following = None
        place = learner.practice_centre or "het praktijkcentrum"
        return {"current": current, "next": following, "place": place}

    @staticmethod
    def _school(learner: Learner, today: dt.date) -> dict[str, Any]:
        teacher = next((c for c in learner.coaches if c.role is CoachRole.TEACHER), None)
        day = learner.school_day
        if day is None:
            return {"day": None, "teacher": teacher, "centre_then": False}
        following = learner.next_school_day(today)
        return {
            "day": WEEKDAYS[day], "day_en": WEEKDAYS_EN[day], "next": following,
            "today_school": today.weekday() == day, "teacher": teacher,
            "centre_then": bool(following and learner.at_centre(following)),
        }  # fmt: skip

    def _portfolio(
        self, text: str, milestones: list[Milestone], upcoming: Milestone | None
    ) -> dict[str, Any]:
        item = hearing.portfolio_item(text, milestones)
        milestone = (
            next(m for m in milestones if any(i.id == item.id for i in m.portfolio))
            if item
            else upcoming
        )
        return {
            "item": item, "milestone": milestone, "descriptions": self.descriptions,
            "description": self.descriptions.get(item.name) if item else None,
        }  # fmt: skip

    def _diploma(
        self, learner: Learner, milestones: list[Milestone], today: dt.date, language: str
    ) -> dict[str, Any]:
        last = milestones[-1] if milestones else None
        end = max(learner.planned_end, last.due_date) if last else learner.planned_end
        return {
            "last": last, "end": end, "left": time_left(end, today, language), "late": end < today,
            "programme": self.desk.programme(learner),
        }  # fmt: skip
