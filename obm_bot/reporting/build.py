"""Putting the report together: read the period's counts, compute the figures, write files."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import Counter
from dataclasses import dataclass
from typing import Any

from obm_bot.catalogue.models import Catalogue
from obm_bot.organisation import Organisation
from obm_bot.reporting.figures import (
    Period,
    Report,
    bundles,
    categories,
    course_demand,
    local_day,
    service,
    unmet,
    volume,
)
from obm_bot.reporting.learner_figures import learner_figures
from obm_bot.storage.store import Store

CSV_COLUMNS = [
    "referentie", "datum", "soort", "intentie", "status", "cursussen", "deelnemers", "rooster",
    "bedrijf", "regio", "rol",
]  # fmt: skip
CONTACT_COLUMNS = ["naam", "telefoon", "kanaal"]
# A spreadsheet runs a cell starting with one of these as a formula (OWASP: CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def day_start(day: dt.date, org: Organisation) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0), org.zone)


async def build_report(
    store: Store,
    catalogue: Catalogue,
    org: Organisation,
    period: Period,
    now: dt.datetime,
    with_contacts: bool = False,
    rows: bool = True,
) -> Report:
    """The figures of one period. Run it on one snapshot (``store.reading()``). The store
    groups and counts; only the distinct unmet wordings are read to be clustered. ``rows``
    also reads every request, for ``requests_csv``: leave it off for the page alone."""
    figures = await read_figures(store, org, period, now)
    listed = await request_rows(store, org, period, with_contacts) if rows else []
    return compute_report(figures, catalogue, org, period, now, listed)


@dataclass(frozen=True)
class Figures:
    """What the store counted for one period: small, whatever the number of requests."""

    times: list[dict[str, Any]]
    intents: list[dict[str, Any]]
    askers: list[dict[str, Any]]
    courses: list[dict[str, Any]]
    questions: list[dict[str, Any]]
    unmet: list[dict[str, Any]]
    handoffs: list[dict[str, Any]]
    open_ages: list[dict[str, Any]]
    learners: list[dict[str, Any]]
    milestones: list[dict[str, Any]]


def whole_hours(org: Organisation, period: Period) -> bool:
    """Whether the OBM's zone is a whole number of hours from UTC in the period, so that
    requests counted per UTC hour fall on one local day each (else per minute)."""
    day, days = period.first, [period.last]
    while day <= period.last:
        days.append(day)
        day += dt.timedelta(days=28)
    return all(
        (day_start(d, org).utcoffset() or dt.timedelta()) % dt.timedelta(hours=1) == dt.timedelta()
        for d in days
    )


async def read_figures(
    store: Store, org: Organisation, period: Period, now: dt.datetime
) -> Figures:
    start, end = day_start(period.first, org), day_start(period.last + dt.timedelta(days=1), org)
    until = min(now, end)
    return Figures(
        times=await store.report_request_times(start, end, 13 if whole_hours(org, period) else 16),
        intents=await store.report_request_intents(start, end),
        askers=await store.report_request_askers(start, end),
        courses=await store.report_request_courses(start, end),
        questions=await store.report_signal_courses(start, end),
        unmet=await store.report_unmet_texts(start, end, org.report.unmet_below),
        handoffs=await store.report_handoff_counts(start, end, until),
        open_ages=await store.report_open_ages(until),
        learners=await store.report_learners(),
        milestones=await store.report_milestones(),
    )


async def request_rows(
    store: Store, org: Organisation, period: Period, with_contacts: bool
) -> list[dict[str, Any]]:
    """Every request of the period, for the CSV, with its region and local day."""
    start, end = day_start(period.first, org), day_start(period.last + dt.timedelta(days=1), org)
    rows = await store.report_requests(start, end, with_contacts)
    # The region is a fuzzy match on the typed company name: once per company, not per row.
    regions = {company: org.region_of(company) for company in {row["company"] for row in rows}}
    for row in rows:
        row["region"] = regions[row["company"]]
        row["day"] = local_day(row["created_at"], org).isoformat()
    return rows


def compute_report(
    figures: Figures,
    catalogue: Catalogue,
    org: Organisation,
    period: Period,
    now: dt.datetime,
    rows: list[dict[str, Any]] | None = None,
) -> Report:
    """Pure CPU work (no store): the bot runs it in a thread, off the event loop."""
    today = now.astimezone(org.zone).date()
    questions = Counter({q["course_id"]: q["n"] for q in figures.questions if q["course_id"]})
    # The region is a fuzzy match on the typed company name: once per company.
    regions = {a["company"]: org.region_of(a["company"]) for a in figures.askers}
    courses = course_demand(figures.courses, questions, catalogue)
    clusters, unmet_count = unmet(figures.unmet)
    return Report(
        period=period, generated=now, requests=sum(a["n"] for a in figures.askers),
        questions=sum(q["n"] for q in figures.questions),
        **volume(figures.times, figures.intents, figures.askers, regions, org, period),
        courses=courses, categories=categories(courses),
        unmet=clusters, unmet_questions=unmet_count,
        bundles=bundles(courses, figures.courses, catalogue, org.report.group_size, today),
        service=service(figures.handoffs, figures.open_ages),
        learners=learner_figures(
            figures.learners, figures.milestones, period.first, period.last, today, org.report
        ),
        rows=rows or [],
    )  # fmt: skip


def requests_csv(report: Report, with_contacts: bool = False) -> str:
    """One row per request; names and phone numbers only when asked for. The date is the
    OBM's local day, as in the report."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(CSV_COLUMNS + (CONTACT_COLUMNS if with_contacts else []))
    for row in report.rows:
        entities: dict[str, Any] = row["entities"]
        values: list[object] = [
            row["reference"], row["day"], row["kind"], row["intent"], row["status"],
            " ".join(row["courses"]), entities.get("participants") or "",
            entities.get("schedule") or "", row["company"] or "", row["region"],
            row["role"] or "",
        ]  # fmt: skip
        if with_contacts:
            values += [row.get("name") or "", row.get("phone") or "", row.get("channel") or ""]
        writer.writerow([inert(value) for value in values])
    return out.getvalue()


def inert(value: object) -> object:
    """A text a spreadsheet would run as a formula gets a leading quote; numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
