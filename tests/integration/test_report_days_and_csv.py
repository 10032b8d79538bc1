"""The report counts the OBM's local days, and its CSV never hands a spreadsheet a formula."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

from obm_bot.catalogue.models import Catalogue
from obm_bot.domain.models import Priority, RequestKind, Role
from obm_bot.organisation import Organisation
from obm_bot.reporting.build import build_report, inert, requests_csv
from obm_bot.reporting.figures import Period
from obm_bot.storage.store import Store

FIRST_DAY = dt.date(2026, 11, 2)
NOW = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC)
EVIL = '=HYPERLINK("http://evil.example","x")'


async def one_case(store: Store, company: str, opened: dt.datetime) -> None:
    """A customer of ``company`` whose request went to the desk at ``opened``."""
    async with store.transaction():
        contact, _ = await store.get_or_create_contact("console", "k1", "k1", opened)
        await store.update_contact(contact.id, role=Role.EMPLOYER, company=company)
        conversation = await store.conversation_for(contact.id, opened)
        request = await store.create_request(
            contact_id=contact.id, conversation_id=conversation.id, kind=RequestKind.COURSE,
            intent="course_search", courses=["vca-basis"],
            entities={"participants": 2, "schedule": "-avond"}, summary="x", now=opened,
        )  # fmt: skip
        await store.create_handoff(
            reference=request.reference, request_id=request.id, conversation_id=conversation.id,
            contact_id=contact.id, priority=Priority.NORMAL, assignee="Anouk de Vries",
            now=opened, sla_deadline=opened + dt.timedelta(hours=1),
            reminder_at=opened + dt.timedelta(minutes=45),
        )  # fmt: skip


async def test_a_handoff_half_past_midnight_on_the_first_day_counts(
    tmp_path: Path, catalogue: Catalogue, organisation: Organisation
) -> None:
    # 00:30 in Amsterdam is 23:30 UTC the day before: a UTC date would drop it.
    opened = dt.datetime.combine(FIRST_DAY, dt.time(0, 30), organisation.zone)
    assert opened.astimezone(dt.UTC).date() < FIRST_DAY
    store = await Store.open(tmp_path / "report.sqlite3")
    try:
        await one_case(store, "Bouwmeester Metaal", opened)
        report = await build_report(
            store, catalogue, organisation, Period(FIRST_DAY, FIRST_DAY), NOW
        )
    finally:
        await store.close()
    assert report.requests == 1
    assert report.service.handoffs == 1
    assert [(m.name, m.handoffs) for m in report.service.managers] == [("Anouk de Vries", 1)]
    rows = list(csv.reader(io.StringIO(requests_csv(report)), delimiter=";"))
    assert rows[1][1] == "2026-11-02"  # the local day in the CSV too


async def test_a_formula_typed_as_company_stays_text_in_the_csv(
    tmp_path: Path, catalogue: Catalogue, organisation: Organisation
) -> None:
    store = await Store.open(tmp_path / "report.sqlite3")
    try:
        await one_case(store, EVIL, dt.datetime(2026, 11, 3, 10, 0, tzinfo=dt.UTC))
        report = await build_report(
            store, catalogue, organisation, Period(FIRST_DAY, dt.date(2026, 11, 8)), NOW
        )
    finally:
        await store.close()
    rows = list(csv.reader(io.StringIO(requests_csv(report)), delimiter=";"))
    header, row = rows
    values = dict(zip(header, row, strict=True))
    assert values["bedrijf"] == "'" + EVIL
    assert values["rooster"] == "'-avond"
    assert values["deelnemers"] == "2"  # numbers are not touched


def test_every_formula_start_is_neutralised_and_nothing_else() -> None:
    for start in ("=", "+", "-", "@", "\t", "\r"):
        assert inert(f"{start}1+1") == f"'{start}1+1"
    assert inert("Bouwmeester Metaal") == "Bouwmeester Metaal"
    assert inert("a=b") == "a=b"
    assert inert("") == ""
    assert inert(3) == 3
