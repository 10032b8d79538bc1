"""The management report's figures, computed from the counts the store groups in SQL.

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
from obm_bot.reporting.clusters import Cluster, cluster_counts
from obm_bot.reporting.csat import CsatFigures
from obm_bot.reporting.learner_figures import LearnerFigures

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
    closed_unanswered: int = 0
    """Closed without a recorded answer (a reason given instead): never SLA met."""


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
    closed_unanswered: int = 0
    """Closed without a recorded answer; those closed after the deadline are in
    ``sla_missed`` too."""


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
    csat: CsatFigures = field(default_factory=CsatFigures)


def local_day(value: str, org: Organisation) -> dt.date:
    return dt.datetime.fromisoformat(value).astimezone(org.zone).date()


def _ranked(counter: Counter[str], limit: int | None = None) -> list[tuple[str, int]]:
    return sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]


def _percentile(counts: list[tuple[float, int]], share: float) -> float | None:
    """Linear interpolation between the closest ranks (the median of 20 and 120 is 70), over
    values given once each with how often they occur."""
    ordered = sorted(counts)
    total = sum(n for _, n in ordered)
    if not total:
        return None
    position = share * (total - 1)
    lower = int(position)

    def at(rank: int) -> float:
        seen = 0
        for value, n in ordered:
            seen += n
            if rank < seen:
                return value
        return ordered[-1][0]

    low, high = at(lower), at(min(lower + 1, total - 1))
    return low + (high - low) * (position - lower)


def week_ranges(org: Organisation, period: Period) -> list[tuple[str, dt.datetime, dt.datetime]]:
    """Every ISO week of the period ("2026-W02"), also the empty ones, with the instants it
    starts and ends in the OBM's zone, cut to the period: the store counts the requests in
    each range, so the local day of a request falls out of comparing instants (DST too)."""

    def start(day: dt.date) -> dt.datetime:
        return dt.datetime.combine(day, dt.time(0), org.zone)

    first, end = start(period.first), start(period.last + dt.timedelta(days=1))
    monday = period.first - dt.timedelta(days=period.first.weekday())
    found = []
    while monday <= period.last:
        year, week, _ = monday.isocalendar()
        found.append((
            f"{year}-W{week:02d}", max(first, start(monday)),
            min(end, start(monday + dt.timedelta(weeks=1))),
        ))  # fmt: skip
        monday += dt.timedelta(weeks=1)
    return found


def volume(
    weeks: list[tuple[str, int]],
    intents: list[dict[str, Any]],
    askers: list[dict[str, Any]],
    regions_of: dict[str | None, str],
) -> dict[str, Any]:
    """From requests per week (``week_ranges``), per intent and per role and company (first
    seen first); ``regions_of`` gives each company's region."""
    companies: Counter[tuple[str, str]] = Counter()
    regions: Counter[str] = Counter()
    roles: Counter[str] = Counter()
    for row in askers:
        region = regions_of[row["company"]]
        companies[(row["company"] or "onbekend", region)] += row["n"]
        regions[region] += row["n"]
        roles[row["role"] or "onbekend"] += row["n"]
    return {
        "per_week": sorted(weeks),
        "per_intent": _ranked(Counter({r["intent"]: r["n"] for r in intents})),
        "per_role": _ranked(roles),
        "per_company": [
            (c, r, n) for (c, r), n in sorted(companies.items(), key=lambda kv: -kv[1])
        ],
        "per_region": _ranked(regions),
    }


def course_demand(
    asked: list[dict[str, Any]], questions: Counter[str], catalogue: Catalogue
) -> list[CourseDemand]:
    """From requests and participants per course and company, and questions per course."""
    requests: Counter[str] = Counter()
    participants: Counter[str] = Counter()
    companies = course_companies(asked)
    for row in asked:
        requests[row["course_id"]] += row["n"]
        participants[row["course_id"]] += row["people"]
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


def course_companies(asked: list[dict[str, Any]]) -> defaultdict[str, set[str]]:
    by_course: defaultdict[str, set[str]] = defaultdict(set)
    for row in asked:
        if row["company"]:
            by_course[row["course_id"]].add(row["company"])
    return by_course


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
    asked: list[dict[str, Any]],
    catalogue: Catalogue,
    group_size: int,
    today: dt.date,
) -> list[Bundle]:
    """The same course asked by several companies: together they may fill a group."""
    by_course = course_companies(asked)
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


def unmet(texts: list[dict[str, Any]]) -> tuple[list[Cluster], int]:
    """From each distinct unmet wording with how often it was asked."""
    counts = Counter({row["text"]: row["n"] for row in texts})
    return cluster_counts(counts), sum(counts.values())


def _age(hours: float) -> str:
    if hours < 1:
        return "< 1 uur"
    if hours < 4:
        return "1–4 uur"
    return "4–24 uur" if hours < 24 else "> 1 dag"


def service(counts: list[dict[str, Any]], open_ages: list[dict[str, Any]]) -> Service:
    """Handoffs opened in the period, from counts per person, SLA state, wait and outcome;
    the open queue's age as of the period's end, per hour of age."""
    met: Counter[str] = Counter()
    missed: Counter[str] = Counter()
    handoffs: Counter[str] = Counter()
    outcomes: Counter[str] = Counter()
    by_who: defaultdict[str, list[tuple[float, int]]] = defaultdict(list)
    unanswered: Counter[str] = Counter()
    for row in counts:
        handoffs[row["who"]] += row["n"]
        if row["state"] == "met":
            met[row["who"]] += row["n"]
        elif row["state"] in ("missed", "unanswered_missed"):
            missed[row["who"]] += row["n"]
        if row["state"] in ("unanswered", "unanswered_missed"):
            unanswered[row["who"]] += row["n"]
        if row["minutes"] is not None:
            by_who[row["who"]].append((row["minutes"], row["n"]))
        if row["outcome"] is not None:
            outcomes[row["outcome"]] += row["n"]
    every = [wait for items in by_who.values() for wait in items]
    ages: Counter[str] = Counter()
    for row in open_ages:
        ages[_age(row["hours"])] += row["n"]
    rows = [
        ManagerRow(
            name, handoffs[name], sum(n for _, n in by_who[name]),
            _percentile(by_who[name], 0.5), met[name], missed[name], unanswered[name],
        )
        for name in sorted(handoffs)
    ]  # fmt: skip
    return Service(
        sum(handoffs.values()), sum(n for _, n in every), _percentile(every, 0.5),
        _percentile(every, 0.9), sum(met.values()), sum(missed.values()),
        [(b, ages[b]) for b in ("< 1 uur", "1–4 uur", "4–24 uur", "> 1 dag")],
        _ranked(outcomes), rows, sum(unanswered.values()),
    )  # fmt: skip
