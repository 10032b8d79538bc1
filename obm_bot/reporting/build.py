"""Putting the report together: select the period's rows, compute the figures, write files."""

from __future__ import annotations

import csv
import datetime as dt
import io
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
) -> Report:
    """The figures of one period. Run it inside a store transaction: one consistent snapshot."""
    start, end = day_start(period.first, org), day_start(period.last + dt.timedelta(days=1), org)
    rows = await store.report_requests(start, end, with_contacts)
    # The region is a fuzzy match on the typed company name: once per company, not per row.
    regions = {company: org.region_of(company) for company in {row["company"] for row in rows}}
    for row in rows:
        row["region"] = regions[row["company"]]
        row["day"] = local_day(row["created_at"], org).isoformat()
    signals = await store.report_signals(start, end)
    handoffs = await store.report_handoffs(start, end)
    learners = await store.report_learners()
    milestones = await store.report_milestones()
    today = now.astimezone(org.zone).date()
    courses = course_demand(rows, signals, catalogue)
    clusters, unmet_count = unmet(signals, org.report.unmet_below)
    return Report(
        period=period, generated=now, requests=len(rows), questions=len(signals),
        **volume(rows, org, period), courses=courses, categories=categories(courses),
        unmet=clusters, unmet_questions=unmet_count,
        bundles=bundles(courses, rows, catalogue, org.report.group_size, today),
        service=service(handoffs, period, min(now, end), org),
        learners=learner_figures(
            learners, milestones, period.first, period.last, today, org.report
        ),
        rows=rows,
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
