"""The management report from a database with known numbers: the figures, not just a page."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import replace
from pathlib import Path

import pytest

from obm_bot.catalogue.models import Catalogue
from obm_bot.organisation import Organisation
from obm_bot.rendering.renderer import Renderer
from obm_bot.reporting.build import build_report, requests_csv
from obm_bot.reporting.figures import Period, Report
from obm_bot.reporting.page import report_html
from obm_bot.storage.store import Store
from tests.integration.conftest import Harness
from tests.integration.report_data import FIRST, LAST, NOW, fill


@pytest.fixture()
async def report(tmp_path: Path, catalogue: Catalogue, organisation: Organisation) -> Report:
    store = await Store.open(tmp_path / "report.sqlite3")
    await fill(store, organisation)
    built = await build_report(store, catalogue, organisation, Period(FIRST, LAST), NOW)
    await store.close()
    return built


def cell(page: str, table: str) -> str:
    match = re.search(rf'<table id="{table}">(.*?)</table>', page, re.S)
    assert match, table
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", match.group(1)))


async def test_volume_and_courses(report: Report) -> None:
    assert report.requests == 4 and report.questions == 4
    assert report.per_week == [("2026-W45", 2), ("2026-W46", 2)]
    assert report.per_role == [("werkgever", 2), ("school", 1), ("werknemer", 1)]
    assert dict(report.per_region) == {"Twente": 1, "Rijnmond": 1, "onbekend": 2}
    vca = report.courses[0]
    assert (vca.course_id, vca.requests, vca.participants, vca.companies) == ("vca-basis", 2, 7, 2)
    assert vca.questions == 2  # the matched question and the weak waterstof match


async def test_unmet_demand_is_grouped_by_wording(report: Report) -> None:
    assert report.unmet_questions == 3
    assert [(c.count, c.label) for c in report.unmet] == [
        (2, "cobot programmeren"),
        (1, "waterstof veiligheid"),
    ]
    assert "cobot programmeren voor 2 man" in report.unmet[0].examples


async def test_bundled_demand_suggests_a_group(report: Report) -> None:
    [bundle] = report.bundles
    assert bundle.companies == ["Bouwmeester Metaal", "Van Dam Constructie"]
    assert bundle.participants == 7 and bundle.start_group  # group size 6
    assert bundle.offers and bundle.offers[0].price <= bundle.offers[-1].price


async def test_service_figures(report: Report) -> None:
    service = report.service
    assert service.handoffs == 3 and service.answered == 2
    assert service.p50_minutes == 70 and service.p90_minutes == 110  # 20 and 120 minutes
    assert (service.sla_met, service.sla_missed) == (1, 2)  # one late, one never answered
    assert dict(service.open_by_age)["> 1 dag"] == 2
    assert service.outcomes == [("aangemeld", 1)]
    assert [(m.name, m.handoffs, m.sla_met) for m in service.managers] == [
        ("Anouk de Vries", 1, 1), ("Bart Jansen", 1, 0), ("gedeelde wachtrij", 1, 0),
    ]  # fmt: skip


async def test_learner_figures_against_the_goals(report: Report) -> None:
    learners = report.learners
    assert learners.intake == 1 and learners.intake_per_month == [("2026-11", 1)]
    assert (learners.milestones_on_time, learners.milestones_late) == (1, 2)
    assert learners.dropout_reasons == [("werk gevonden buiten de metaal", 1)]
    assert learners.actual_months == pytest.approx(802 / 30.44)
    intake, dropout, duration = learners.goals
    assert intake.target == pytest.approx(48) and intake.current == pytest.approx(365 / 14)
    assert intake.met is False
    assert dropout.current == 0.5 and dropout.target == pytest.approx(0.24) and not dropout.met
    assert duration.target == pytest.approx(24) and duration.met is False


async def test_the_page_shows_the_figures(
    report: Report, organisation: Organisation, catalogue: Catalogue
) -> None:
    page = report_html(report, organisation, Renderer())
    assert 'id="kpi-requests">4<' in page and 'id="kpi-unmet">3<' in page
    assert "VCA basis (B-VCA) Veiligheid 2 2 7 2" in cell(page, "course-table")
    assert "cobot programmeren 2" in cell(page, "unmet-table")
    assert "Start een groep" in cell(page, "bundle-table")
    assert "Bart Jansen 1 1 2 uur 0 1 0 gedeelde wachtrij 1 0 — 0 1 0" in cell(
        page, "manager-table"
    )
    assert "Uitval (%) 30% 24% 50% nog niet" in cell(page, "goal-table")
    assert "<script" not in page and "http" not in page.replace("http://www.w3.org/2000/svg", "")


async def test_a_crowded_bundle_table_stays_readable(
    report: Report, organisation: Organisation, catalogue: Catalogue
) -> None:
    bundle = report.bundles[0]
    many = [f"Bedrijf {n:02d}" for n in range(20)]
    crowded = replace(report, bundles=[replace(bundle, companies=many)] + [bundle] * 31)
    page = report_html(crowded, organisation, Renderer())
    assert "Bedrijf 07 en 12 andere" in cell(page, "bundle-table")
    assert "Bedrijf 08" not in page
    assert cell(page, "bundle-table").count("Start een groep") == 30
    assert "En nog 2 cursussen met vraag van meerdere bedrijven" in page


async def test_csv_has_no_personal_data_unless_asked(
    tmp_path: Path, report: Report, organisation: Organisation, catalogue: Catalogue
) -> None:
    rows = list(csv.reader(io.StringIO(requests_csv(report)), delimiter=";"))
    assert len(rows) == 5 and "naam" not in rows[0]
    assert rows[1][8:11] == ["Bouwmeester Metaal", "Twente", "werkgever"]
    assert not any("Naam c1" in value for row in rows for value in row)
    store = await Store.open(tmp_path / "report.sqlite3")
    with_people = await build_report(
        store, catalogue, organisation, Period(FIRST, LAST), NOW, with_contacts=True
    )
    await store.close()
    rows = list(csv.reader(io.StringIO(requests_csv(with_people, True)), delimiter=";"))
    assert rows[0][-3:] == ["naam", "telefoon", "kanaal"] and rows[1][-3] == "Naam c1"


async def test_empty_database_and_a_one_day_range(
    tmp_path: Path, organisation: Organisation, catalogue: Catalogue
) -> None:
    store = await Store.open(tmp_path / "empty.sqlite3")
    empty = await build_report(store, catalogue, organisation, Period(FIRST, FIRST), NOW)
    page = report_html(empty, organisation, Renderer())
    assert empty.requests == 0 and empty.per_week == [("2026-W45", 0)]
    assert "Geen aanvragen in deze periode" in page and "nog geen gegevens" in page
    await fill(store, organisation)
    one_day = await build_report(
        store, catalogue, organisation, Period(dt.date(2026, 11, 3), dt.date(2026, 11, 3)), NOW
    )
    assert one_day.requests == 1 and one_day.service.handoffs == 1
    await store.close()


async def test_rapport_command_for_account_managers_only(
    harness: Harness, organisation: Organisation
) -> None:
    await fill(harness.loket.store, organisation)
    [out] = await harness.staff("Anouk de Vries", "/rapport 2026-11-02 2026-11-15")
    assert out.to == "staff:Anouk de Vries"
    assert "4 aanvragen van 4 bedrijven" in out.text and "start een groep: VCA basis" in out.text
    assert "meest gevraagd: VCA basis (B-VCA) (2 vragen, 2 aanvragen)" in out.text
    assert (
        out.document is not None and out.document_name == "rapport-2026-11-02-tot-2026-11-15.html"
    )
    assert b'id="kpi-requests">4<' in out.document
    [refused] = await harness.staff("Joost Smit", "/rapport")
    assert "voor accountmanagers" in refused.text and refused.document is None
    [usage] = await harness.staff("Anouk de Vries", "/rapport gisteren")
    assert "/rapport 2026-11-01 2026-11-30" in usage.text
    customer = await harness.send("klant", "/rapport")
    assert "alleen voor medewerkers" in customer[0].text
