"""Putting the report together: read the period's counts, compute the figures, write files."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any, TextIO

from obm_bot.catalogue.models import Catalogue
from obm_bot.organisation import Organisation
from obm_bot.reporting.csat import csat_figures
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
    week_ranges,
)
from obm_bot.reporting.learner_figures import learner_figures
from obm_bot.storage.base import db_time
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

    weeks: list[tuple[str, int]]
    intents: list[dict[str, Any]]
    askers: list[dict[str, Any]]
    courses: list[dict[str, Any]]
    questions: list[dict[str, Any]]
    unmet: list[dict[str, Any]]
    handoffs: list[dict[str, Any]]
    open_ages: list[dict[str, Any]]
    learners: list[dict[str, Any]]
    milestones: list[dict[str, Any]]
    csat: list[dict[str, Any]] = field(default_factory=list)


async def read_figures(
    store: Store, org: Organisation, period: Period, now: dt.datetime
) -> Figures:
    start, end = day_start(period.first, org), day_start(period.last + dt.timedelta(days=1), org)
    until = min(now, end)
    weeks = week_ranges(org, period)
    async with store.report_cache():
        whole = await store.report_whole_scan(start, end)
        counts = await store.report_request_counts([(t(a), t(b)) for _, a, b in weeks])
        return Figures(
            weeks=[(label, n) for (label, _, _), n in zip(weeks, counts, strict=True)],
            intents=await store.report_request_intents(start, end, whole),
            askers=await store.report_request_askers(start, end, whole),
            courses=await store.report_request_courses(start, end, whole),
            questions=await store.report_signal_courses(start, end, whole),
            unmet=await store.report_unmet_texts(start, end, org.report.unmet_below),
            handoffs=await store.report_handoff_counts(start, end, until, whole),
            open_ages=await store.report_open_ages(until),
            learners=await store.report_learners(),
            milestones=await store.report_milestones(),
            csat=await store.report_csat(start, end),
        )


def t(value: dt.datetime) -> str:
    """A bound as stored: compared as text with created_at, like the period itself."""
    return db_time(value) or ""


async def request_rows(
    store: Store, org: Organisation, period: Period, with_contacts: bool
) -> list[dict[str, Any]]:
    """Every request of the period, for ``requests_csv``, with its region and local day."""
    rows: list[dict[str, Any]] = []
    async for batch in request_batches(store, org, period, with_contacts):
        rows += batch
    return rows


async def request_batches(
    store: Store, org: Organisation, period: Period, with_contacts: bool
) -> AsyncIterator[list[dict[str, Any]]]:
    """The period's requests as the store reads them, with their region and local day."""
    start, end = day_start(period.first, org), day_start(period.last + dt.timedelta(days=1), org)
    # The region is a fuzzy match on the typed company name: once per company, not per row.
    regions: dict[str | None, str] = {}
    async for batch in store.report_request_batches(start, end, with_contacts):
        for row in batch:
            company = row["company"]
            if company not in regions:
                regions[company] = org.region_of(company)
            row["region"] = regions[company]
            row["day"] = local_day(row["created_at"], org).isoformat()
        yield batch


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
        **volume(figures.weeks, figures.intents, figures.askers, regions),
        courses=courses, categories=categories(courses),
        unmet=clusters, unmet_questions=unmet_count,
        bundles=bundles(courses, figures.courses, catalogue, org.report.group_size, today),
        service=service(figures.handoffs, figures.open_ages),
        learners=learner_figures(
            figures.learners, figures.milestones, period.first, period.last, today, org.report
        ),
        rows=rows or [], csat=csat_figures(figures.csat),
    )  # fmt: skip


def requests_csv(report: Report, with_contacts: bool = False) -> str:
    """One row per request; names and phone numbers only when asked for. The date is the
    OBM's local day, as in the report. Holds every row: ``write_requests_csv`` streams."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(csv_header(with_contacts))
    writer.writerows(csv_values(row, with_contacts) for row in report.rows)
    return out.getvalue()


async def write_requests_csv(
    store: Store, org: Organisation, period: Period, out: TextIO, with_contacts: bool = False
) -> int:
    """``requests_csv`` written to ``out`` batch by batch as the store reads the rows (run it
    on a snapshot, ``store.reading()``): memory stays flat whatever the period. Returns the
    number of requests written."""
    writer = csv.writer(out, delimiter=";")
    writer.writerow(csv_header(with_contacts))
    written = 0
    async for batch in request_batches(store, org, period, with_contacts):
        writer.writerows(csv_values(row, with_contacts) for row in batch)
        written += len(batch)
    return written


def csv_header(with_contacts: bool) -> list[str]:
    return CSV_COLUMNS + (CONTACT_COLUMNS if with_contacts else [])


def csv_values(row: dict[str, Any], with_contacts: bool) -> list[object]:
    entities: dict[str, Any] = row["entities"]
    values: list[object] = [
        row["reference"], row["day"], row["kind"], row["intent"], row["status"],
        " ".join(row["courses"]), entities.get("participants") or "",
        entities.get("schedule") or "", row["company"] or "", row["region"],
        row["role"] or "",
    ]  # fmt: skip
    if with_contacts:
        values += [row.get("name") or "", row.get("phone") or "", row.get("channel") or ""]
    return [inert(value) for value in values]


def inert(value: object) -> object:
    """A text a spreadsheet would run as a formula gets a leading quote; numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
