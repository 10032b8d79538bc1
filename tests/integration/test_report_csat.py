"""The report's CSAT section with known figures: average, distribution and response rate,
per account manager and per kind of request; only customers asked within the period."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from obm_bot.catalogue.models import Catalogue
from obm_bot.domain.models import Priority, RequestKind
from obm_bot.organisation import Organisation
from obm_bot.rendering.renderer import Renderer
from obm_bot.reporting.build import build_report
from obm_bot.reporting.figures import Period, Report
from obm_bot.reporting.page import report_html, report_summary
from obm_bot.storage.store import Store
from tests.integration.test_report import cell

FIRST, LAST = dt.date(2026, 11, 2), dt.date(2026, 11, 15)
NOW = dt.datetime(2026, 11, 16, 9, 0, tzinfo=dt.UTC)
ANOUK, BART = "Anouk de Vries", "Bart Jansen"
# (assignee, kind, score or None: asked, not answered, day asked)
RATINGS = (
    (ANOUK, RequestKind.COURSE, 5, 3),
    (ANOUK, RequestKind.COURSE, 4, 4),
    (ANOUK, RequestKind.COURSE, None, 5),
    (BART, RequestKind.QUOTE, 2, 6),
    (BART, RequestKind.QUOTE, 1, 9),
    (BART, RequestKind.COMPLAINT, 3, 12),
    (BART, RequestKind.COMPLAINT, 1, 20),  # after the period
)


def at(day: int) -> dt.datetime:
    return dt.datetime(2026, 11, day, 10, 0, tzinfo=dt.UTC)


async def fill(store: Store) -> None:
    async with store.transaction():
        contact, _ = await store.get_or_create_contact("console", "k", "k", at(1))
        conversation = await store.conversation_for(contact.id, at(1))
        for assignee, kind, score, day in RATINGS:
            request = await store.create_request(
                contact_id=contact.id, conversation_id=conversation.id, kind=kind,
                intent="course_search", courses=[], entities={}, summary="x", now=at(day),
            )  # fmt: skip
            handoff = await store.create_handoff(
                reference=request.reference, request_id=request.id,
                conversation_id=conversation.id, contact_id=contact.id,
                priority=Priority.NORMAL, assignee=assignee, now=at(day),
                sla_deadline=at(day) + dt.timedelta(hours=1), reminder_at=at(day),
            )  # fmt: skip
            asked = at(day) + dt.timedelta(hours=2)
            assert await store.ask_csat(
                handoff_id=handoff.id, contact_id=contact.id, reference=handoff.reference,
                assignee=assignee, kind=kind.value, now=asked,
            )  # fmt: skip
            if score is not None:
                row = await store.csat_by_reference(handoff.reference)
                assert row is not None
                await store.rate_csat(int(row["id"]), score, asked + dt.timedelta(minutes=5))


@pytest.fixture()
async def report(tmp_path: Path, catalogue: Catalogue, organisation: Organisation) -> Report:
    store = await Store.open(tmp_path / "csat.sqlite3")
    await fill(store)
    built = await build_report(store, catalogue, organisation, Period(FIRST, LAST), NOW)
    await store.close()
    return built


def test_known_csat_figures(report: Report) -> None:
    total = report.csat.total
    assert (total.asked, total.rated, total.low) == (6, 5, 2)
    assert total.average == pytest.approx(3.0)  # (5 + 4 + 2 + 1 + 3) / 5
    assert total.response_rate == pytest.approx(5 / 6)
    assert total.distribution == (1, 1, 1, 1, 1)
    managers = {m.name: m for m in report.csat.managers}
    assert list(managers) == [ANOUK, BART]
    assert (managers[ANOUK].asked, managers[ANOUK].rated) == (3, 2)
    assert managers[ANOUK].average == pytest.approx(4.5)
    assert managers[ANOUK].distribution == (0, 0, 0, 1, 1)
    assert (managers[BART].asked, managers[BART].rated) == (3, 3)
    assert managers[BART].average == pytest.approx(2.0)
    assert managers[BART].distribution == (1, 1, 1, 0, 0)
    kinds = [(k.name, k.asked, k.rated, k.average) for k in report.csat.kinds]
    assert kinds == [("cursusaanvraag", 3, 2, 4.5), ("offerte", 2, 2, 1.5), ("klacht", 1, 1, 3.0)]


def test_the_page_and_the_summary_show_them(report: Report, organisation: Organisation) -> None:
    page = report_html(report, organisation, Renderer())
    assert 'id="kpi-csat">3<' in page
    assert re.search(r'id="kpi-csat-response">5 / 6</b>beoordeeld \(83,3%\)', page)
    assert "Anouk de Vries 3 2 66,7% 4,5 0 0 0 1 1" in cell(page, "csat-managers")
    assert "Bart Jansen 3 3 100% 2 1 1 1 0 0" in cell(page, "csat-managers")
    assert "offerte 2 2 100% 1,5 1 1 0 0 0" in cell(page, "csat-kinds")
    summary = report_summary(report, organisation, Renderer())
    assert "• klantoordeel gemiddeld 3 (5 van 6 gevraagd, 2 laag)" in summary


async def test_no_customer_asked_yet(
    tmp_path: Path, catalogue: Catalogue, organisation: Organisation
) -> None:
    store = await Store.open(tmp_path / "empty.sqlite3")
    built = await build_report(store, catalogue, organisation, Period(FIRST, LAST), NOW)
    await store.close()
    assert (built.csat.total.asked, built.csat.total.average) == (0, None)
    page = report_html(built, organisation, Renderer())
    assert 'id="kpi-csat">—<' in page
    assert "Nog geen klant gevraagd in deze periode." in cell(page, "csat-managers")
