"""Learner figures against the OBM goals: intake, milestones on time, drop-out, duration."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter
from dataclasses import dataclass
from typing import Any

from obm_bot.organisation import ReportSettings

DAYS_PER_MONTH = 30.44


@dataclass(frozen=True)
class Goal:
    name: str
    baseline: float | None
    target: float | None
    current: float | None
    unit: str
    higher_is_better: bool

    @property
    def met(self) -> bool | None:
        if self.target is None or self.current is None:
            return None
        return self.current >= self.target if self.higher_is_better else self.current <= self.target


@dataclass(frozen=True)
class LearnerFigures:
    intake_per_month: list[tuple[str, int]]
    intake: int
    milestones_on_time: int
    milestones_late: int
    active: int
    finished: int
    stopped: int
    dropout_reasons: list[tuple[str, int]]
    actual_months: float | None
    planned_months: float | None
    goals: list[Goal]


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _months(first: dt.date, last: dt.date) -> list[str]:
    months, cursor = [], first.replace(day=1)
    while cursor <= last:
        months.append(cursor.strftime("%Y-%m"))
        cursor = (cursor + dt.timedelta(days=32)).replace(day=1)
    return months


def learner_figures(
    learners: list[dict[str, Any]],
    milestones: list[dict[str, Any]],
    first: dt.date,
    last: dt.date,
    today: dt.date,
    settings: ReportSettings,
) -> LearnerFigures:
    def inside(day: dt.date | None) -> bool:
        return day is not None and first <= day <= last

    intake = Counter(
        str(row["start_date"])[:7] for row in learners if inside(_date(row["start_date"]))
    )
    on_time = late = 0
    for m in milestones:
        due, achieved = _date(m["original_due"]), _date(m["achieved_on"])
        if not inside(due) or due is None:
            continue
        if achieved is not None and achieved <= due:
            on_time += 1
        elif achieved is not None or due < today:
            late += 1
    ended = [r for r in learners if inside(_date(r["ended_on"]))]
    stopped = [r for r in ended if r["status"] == "gestopt"]
    finished = [r for r in ended if r["status"] == "afgerond"]
    actual = [
        (_date(r["ended_on"]) - _date(r["start_date"])).days / DAYS_PER_MONTH  # type: ignore[operator]
        for r in finished
    ]
    planned = [
        (_date(r["planned_end"]) - _date(r["start_date"])).days / DAYS_PER_MONTH  # type: ignore[operator]
        for r in finished
    ]
    days = (last - first).days + 1
    intake_total = sum(intake.values())
    dropout = len(stopped) / len(ended) if ended else None
    actual_months = statistics.fmean(actual) if actual else None
    share = settings.goal_percent / 100
    base = settings.baseline
    goals = [
        Goal("Instroom per jaar", base.intake_per_year,
             base.intake_per_year * (1 + share) if base.intake_per_year is not None else None,
             intake_total * 365 / days, "leerlingen", True),
        Goal("Uitval", base.dropout_rate,
             base.dropout_rate * (1 - share) if base.dropout_rate is not None else None,
             dropout, "%", False),
        Goal("Duur tot diploma", base.duration_months,
             base.duration_months * (1 - share) if base.duration_months is not None else None,
             actual_months, "maanden", False),
    ]  # fmt: skip
    status = Counter(r["status"] for r in learners)
    return LearnerFigures(
        intake_per_month=[(m, intake[m]) for m in _months(first, last)],
        intake=intake_total, milestones_on_time=on_time, milestones_late=late,
        active=status["actief"], finished=status["afgerond"], stopped=status["gestopt"],
        dropout_reasons=sorted(
            Counter(r["stop_reason"] or "onbekend" for r in stopped).items(),
            key=lambda kv: (-kv[1], kv[0]),
        ),
        actual_months=actual_months,
        planned_months=statistics.fmean(planned) if planned else None,
        goals=goals,
    )  # fmt: skip
