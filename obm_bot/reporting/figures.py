"""The management report's figures, computed from the rows the store selects.

Pure functions over plain rows: no SQL, no HTML. Each section of the report is one dataclass.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from obm_bot.catalogue.models import Catalogue
from obm_bot.organisation import Organisation
from obm_bot.reporting.clusters import Cluster, cluster_texts
from obm_bot.reporting.learner_figures import LearnerFigures
from obm_bot.storage.base import py_time

COURSE_INTENTS = ("course_search", "course_info", "enrolment", "quote_request")


@dataclass(frozen=True)
class Period:
    first: dt.date
    last: dt.date  # inclusive

    def days(self) -> int:
        return (self.last - self.first).days + 1


@dataclass(frozen=True)
class CourseDemand:
    course_id: str
    title: str
    category: str
    requests: int
    questions: int
    participants: int
    companies: int


@dataclass(frozen=True)
class Offer:
    provider: str
    location: str
    schedule: str
    price: float
    next_start: dt.date | None


@dataclass(frozen=True)
class Bundle:
    course_id: str
    title: str
    companies: list[str]
    participants: int
    start_group: bool
    offers: list[Offer]


@dataclass(frozen=True)
class ManagerRow:
    name: str
    handoffs: int
    answered: int
    p50_minutes: float | None
    sla_met: int
    sla_missed: int


@dataclass(frozen=True)
class Service:
    handoffs: int
    answered: int
    p50_minutes: float | None
    p90_minutes: float | None
    sla_met: int
    sla_missed: int
    open_by_age: list[tuple[str, int]]
    outcomes: list[tuple[str, int]]
    managers: list[ManagerRow]


@dataclass(frozen=True)
class Report:
    period: Period
    generated: dt.datetime
    requests: int
    questions: int
    per_week: list[tuple[str, int]]
    per_intent: list[tuple[str, int]]
    per_role: list[tuple[str, int]]
    per_company: list[tuple[str, str, int]]
    per_region: list[tuple[str, int]]
    courses: list[CourseDemand]
    categories: list[tuple[str, int, int]]
    unmet: list[Cluster]
    unmet_questions: int
    bundles: list[Bundle]
    service: Service
    learners: LearnerFigures
    rows: list[dict[str, Any]] = field(repr=False, default_factory=list)


def local_day(value: str, org: Organisation) -> dt.date:
    return dt.datetime.fromisoformat(value).astimezone(org.zone).date()


def _ranked(counter: Counter[str], limit: int | None = None) -> list[tuple[str, int]]:
    return sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]


def _percentile(values: list[float], share: float) -> float | None:
    """Linear interpolation between the closest ranks (the median of 20 and 120 is 70)."""
    if not values:
        return None
    ordered = sorted(values)
    position = share * (len(ordered) - 1)
    lower = int(position)
    upper = min(lower + 1, len(ordered) - 1)
    return ordered[lower] + (ordered[upper] - ordered[lower]) * (position - lower)


def volume(rows: list[dict[str, Any]], org: Organisation, period: Period) -> dict[str, Any]:
    weeks: Counter[str] = Counter()
    monday = period.first - dt.timedelta(days=period.first.weekday())
    while monday <= period.last:  # every week of the period, also the empty ones
        weeks[f"{monday.isocalendar().year}-W{monday.isocalendar().week:02d}"] = 0
        monday += dt.timedelta(weeks=1)
    companies: Counter[tuple[str, str]] = Counter()
    regions: Counter[str] = Counter()
    for row in rows:
        year, week, _ = local_day(row["created_at"], org).isocalendar()
        weeks[f"{year}-W{week:02d}"] += 1
        company = row["company"] or "onbekend"
        region = row["region"]
        companies[(company, region)] += 1
        regions[region] += 1
    return {
        "per_week": sorted(weeks.items()),
        "per_intent": _ranked(Counter(r["intent"] for r in rows)),
        "per_role": _ranked(Counter(r["role"] or "onbekend" for r in rows)),
        "per_company": [
            (c, r, n) for (c, r), n in sorted(companies.items(), key=lambda kv: -kv[1])
        ],
        "per_region": _ranked(regions),
    }


def course_demand(
    rows: list[dict[str, Any]], signals: list[dict[str, Any]], catalogue: Catalogue
) -> list[CourseDemand]:
    requests: Counter[str] = Counter()
    participants: Counter[str] = Counter()
    companies: defaultdict[str, set[str]] = defaultdict(set)
    for row in rows:
        for course_id in row["courses"]:
            requests[course_id] += 1
            participants[course_id] += int(row["entities"].get("participants") or 1)
            if row["company"]:
                companies[course_id].add(row["company"])
    questions = Counter(s["course_id"] for s in signals if s["course_id"])
    found = []
    for course_id in set(requests) | set(questions):
        course = catalogue.course(course_id)
        if course is None:
            continue
        found.append(CourseDemand(
            course_id, course.title, course.category, requests[course_id],
            questions[course_id], participants[course_id], len(companies[course_id]),
        ))  # fmt: skip
    return sorted(found, key=lambda c: (-c.requests, -c.questions, c.title))


def categories(courses: Iterable[CourseDemand]) -> list[tuple[str, int, int]]:
    """Subject areas: requests and participants."""
    requests: Counter[str] = Counter()
    people: Counter[str] = Counter()
    for course in courses:
        requests[course.category] += course.requests
        people[course.category] += course.participants
    return [(name, n, people[name]) for name, n in _ranked(requests) if n]


def _provider_name(catalogue: Catalogue, provider_id: str) -> str:
    provider = catalogue.provider(provider_id)
    return provider.name if provider else provider_id


def bundles(
    courses: list[CourseDemand],
    rows: list[dict[str, Any]],
    catalogue: Catalogue,
    group_size: int,
    today: dt.date,
) -> list[Bundle]:
    """The same course asked by several companies: together they may fill a group."""
    by_course: defaultdict[str, set[str]] = defaultdict(set)
    for row in rows:
        for course_id in row["courses"]:
            if row["company"]:
                by_course[course_id].add(row["company"])
    found = []
    for demand in courses:
        names = sorted(by_course[demand.course_id])
        if len(names) < 2:
            continue
        offers = [
            Offer(
                _provider_name(catalogue, o.provider),
                o.location, o.schedule.value, o.price_eur,
                min((d for d in o.start_dates if d >= today), default=None),
            )
            for o in sorted(catalogue.offerings_for(demand.course_id), key=lambda o: o.price_eur)
        ]  # fmt: skip
        found.append(Bundle(
            demand.course_id, demand.title, names, demand.participants,
            demand.participants >= group_size, offers[:4],
        ))  # fmt: skip
    return sorted(found, key=lambda b: (not b.start_group, -b.participants))


def unmet(signals: list[dict[str, Any]], below: float) -> tuple[list[Cluster], int]:
    texts = [s["text"] for s in signals if s["text"] and (s["score"] is None or s["score"] < below)]
    return cluster_texts(texts), len(texts)


def sla_state(handoff: dict[str, Any], end: dt.datetime) -> str | None:
    """ "met", "missed" (answered late, or never and past the deadline) or None (still in time,
    or cancelled before anybody answered)."""
    if handoff["first_response_at"]:
        return "met" if handoff["first_response_at"] <= handoff["sla_deadline"] else "missed"
    deadline = py_time(handoff["sla_deadline"])
    if handoff["status"] != "cancelled" and deadline is not None and deadline < end:
        return "missed"
    return None


def _waits(handoffs: list[dict[str, Any]]) -> list[float]:
    waits = []
    for h in handoffs:
        opened, answered = py_time(h["opened_at"]), py_time(h["first_response_at"])
        if opened is not None and answered is not None:
            waits.append((answered - opened).total_seconds() / 60)
    return waits


def _age(hours: float) -> str:
    if hours < 1:
        return "< 1 uur"
    if hours < 4:
        return "1–4 uur"
    return "4–24 uur" if hours < 24 else "> 1 dag"


def service(
    handoffs: list[dict[str, Any]], period: Period, end: dt.datetime, org: Organisation
) -> Service:
    """Handoffs opened in the period; the open queue's age as of the period's end. The
    period's days are the OBM's local days, as the store selected them."""
    in_period = [
        h for h in handoffs if period.first <= local_day(h["opened_at"], org) <= period.last
    ]
    states = Counter(sla_state(h, end) for h in in_period)
    managers: defaultdict[str, list[dict[str, Any]]] = defaultdict(list)
    for h in in_period:
        managers[h["assignee"] or "gedeelde wachtrij"].append(h)
    ages: Counter[str] = Counter()
    for h in handoffs:
        opened = py_time(h["opened_at"])
        if h["status"] in ("open", "claimed") and opened is not None and opened < end:
            ages[_age((end - opened).total_seconds() / 3600)] += 1
    rows = []
    for name, items in sorted(managers.items()):
        own = Counter(sla_state(h, end) for h in items)
        waits = _waits(items)
        rows.append(ManagerRow(
            name, len(items), len(waits), _percentile(waits, 0.5), own["met"], own["missed"],
        ))  # fmt: skip
    waits = _waits(in_period)
    outcomes = Counter(h["outcome"] or h["status"] for h in in_period if h["closed_at"])
    return Service(
        len(in_period), len(waits), _percentile(waits, 0.5), _percentile(waits, 0.9),
        states["met"], states["missed"],
        [(b, ages[b]) for b in ("< 1 uur", "1–4 uur", "4–24 uur", "> 1 dag")],
        _ranked(outcomes), rows,
    )  # fmt: skip
