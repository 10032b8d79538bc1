"""``obm-bot demo``: the same database every time, made by the engine, and a report over it
with every section filled."""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import re
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from obm_bot.catalogue.models import Catalogue
from obm_bot.cli import main
from obm_bot.config import REPO_ROOT
from obm_bot.dialogue.engine import Loket
from obm_bot.operations.demo import DemoClock, Played, play_demo
from obm_bot.organisation import Organisation, load_organisation
from obm_bot.rendering.renderer import Renderer
from obm_bot.reporting.build import build_report
from obm_bot.reporting.figures import Period, Report
from obm_bot.reporting.page import report_html
from obm_bot.storage.store import Store
from obm_bot.understanding.engine import Understander
from obm_bot.understanding.intents import IntentModel

LAST_DAY = dt.date(2026, 12, 1)
DAYS = 120
SEED = 18
LINK = re.compile(r"(/start |start=)\S+")
"""Link codes are random on purpose (they are secrets): masked when two runs are compared."""
COMPARED = {
    "requests": "reference, kind, intent, courses, entities, summary, status, created_at",
    "handoffs": "reference, status, priority, assignee, opened_at, sla_deadline, reminded_at,"
    " escalated_at, claimed_at, first_response_at, closed_at, outcome",
    "demand_signals": "created_at, role, company, intent, text, course_id, score, participants",
    "contacts": "channel, channel_user_id, role, name, company, phone, created_at",
    "messages": "direction, author, recipient, text, created_at, delivered_at",
    "learners": "*",
    "milestones": "*",
    "handoff_notes": "author, text, created_at",
}


async def play(
    db_path: Path, catalogue: Catalogue, understander: Understander, org: Organisation
) -> tuple[Loket, Played]:
    clock = DemoClock(dt.datetime(2026, 8, 1, 6, 0, tzinfo=dt.UTC))
    store = await Store.open(db_path)
    loket = Loket(store, understander, Renderer(), catalogue, org, clock)
    await loket.sync_organisation()
    return loket, await play_demo(loket, clock, LAST_DAY, DAYS, SEED)


def dump(db_path: Path) -> dict[str, list[tuple[object, ...]]]:
    with closing(sqlite3.connect(db_path)) as conn:
        return {
            table: [
                tuple(LINK.sub(r"\1…", v) if isinstance(v, str) else v for v in row)
                for row in conn.execute(f"SELECT {columns} FROM {table} ORDER BY rowid")
            ]
            for table, columns in COMPARED.items()
        }


@pytest.fixture(scope="module")
def demo_runs(
    tmp_path_factory: pytest.TempPathFactory,
    shipped: tuple[Catalogue, IntentModel, Understander],
) -> tuple[Path, Path, Played]:
    """Two runs with the same seed and end day, each into a fresh file."""
    catalogue, _, understander = shipped
    org = load_organisation(REPO_ROOT / "obm.example.toml")
    folder = tmp_path_factory.mktemp("demo")

    async def both() -> Played:
        played = Played()
        for name in ("one.sqlite3", "two.sqlite3"):
            loket, played = await play(folder / name, catalogue, understander, org)
            await loket.store.close()
        return played

    return folder / "one.sqlite3", folder / "two.sqlite3", asyncio.run(both())


def test_the_demo_is_deterministic(demo_runs: tuple[Path, Path, Played]) -> None:
    first, second, _ = demo_runs
    one, two = dump(first), dump(second)
    for table in COMPARED:
        assert one[table] == two[table], table
    assert len(one["requests"]) > 80 and len(one["messages"]) > 500


def test_the_demo_is_what_the_engine_records(demo_runs: tuple[Path, Path, Played]) -> None:
    first, _, played = demo_runs
    with closing(sqlite3.connect(first)) as conn:
        handoffs = dict(conn.execute("SELECT status, count(*) FROM handoffs GROUP BY status"))
        cases = {r[0] for r in conn.execute("SELECT reference FROM handoffs")}
        statuses = dict(conn.execute("SELECT status, count(*) FROM requests GROUP BY status"))
        days = conn.execute("SELECT min(created_at), max(created_at) FROM requests").fetchone()
        waiting = conn.execute(
            "SELECT count(*) FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL"
        ).fetchone()[0]
        learners = dict(conn.execute("SELECT status, count(*) FROM learners GROUP BY status"))
        notes = conn.execute("SELECT count(*) FROM handoff_notes").fetchone()[0]
        transfers = conn.execute(
            "SELECT count(*) FROM audit_log WHERE action = 'overgedragen'"
        ).fetchone()[0]
        late = conn.execute(
            "SELECT count(*) FROM handoffs WHERE first_response_at > sla_deadline"
        ).fetchone()[0]
        achieved = conn.execute(
            "SELECT count(*) FROM milestones WHERE status = 'behaald'"
        ).fetchone()[0]
        low = conn.execute(
            "SELECT count(*), count(comment), count(followed_up_at) FROM csat WHERE score <= 2"
        ).fetchone()
    assert set(handoffs) == {"open", "claimed", "closed", "cancelled"}  # every state
    assert {"aangemeld", "offerte verstuurd", "ingetrokken", "bij accountmanager"} <= set(statuses)
    assert set(played.references) <= cases  # every reference given is a case at the desk
    assert days[0] >= "2026-08-03" and days[1] <= "2026-12-01T17"  # within the months played
    assert waiting == 0  # a bot started on the demo sends nothing old
    assert learners == {"actief": 6, "afgerond": 1, "gestopt": 1}
    assert notes > 10 and transfers > 0 and late > 0 and achieved > 5
    assert low[0] > 0 and low[1] > 0 and low[2] == low[0]  # low scores: remarks, followed up


async def report_over(path: Path, catalogue: Catalogue, org: Organisation) -> Report:
    store = await Store.open(path)
    try:
        async with store.reading() as snapshot:
            period = Period(LAST_DAY - dt.timedelta(days=29), LAST_DAY)  # the default month
            now = dt.datetime.combine(LAST_DAY, dt.time(17), dt.UTC)
            return await build_report(snapshot, catalogue, org, period, now)
    finally:
        await store.close()


async def test_the_report_over_the_demo_has_every_section_filled(
    demo_runs: tuple[Path, Path, Played], catalogue: Catalogue, organisation: Organisation
) -> None:
    report = await report_over(demo_runs[0], catalogue, organisation)
    assert report.requests > 15 and report.questions > 10
    for section in ("per_week", "per_intent", "per_role", "per_company", "per_region"):
        assert len(getattr(report, section)) >= 2, section
    assert report.courses and report.categories
    assert report.unmet and report.unmet_questions > 0  # unmet demand
    assert any(len(b.companies) >= 2 for b in report.bundles)  # bundled demand
    service = report.service
    assert service.handoffs > 15 and service.answered > 10 and service.p50_minutes
    assert service.sla_met > 0 and service.sla_missed > 0
    assert service.outcomes and len(service.managers) >= 2
    csat = report.csat.total  # the customers' verdict after a closed case (issue 17)
    assert csat.asked > csat.rated > 5 and csat.average is not None
    assert sum(csat.distribution[:2]) >= 1 and len(report.csat.managers) >= 2
    learners = report.learners
    assert learners.intake >= 1 and learners.active >= 4
    assert learners.finished == 1 and learners.stopped == 1 and learners.dropout_reasons
    assert learners.milestones_on_time + learners.milestones_late >= 1
    assert learners.actual_months and learners.goals
    page = report_html(report, organisation, Renderer())
    assert "Gebundelde vraag" in page and "Onvervulde vraag" in page


def test_the_command_fills_a_fresh_database_only(
    clean_env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    target = clean_env / "demo.sqlite3"
    assert main(["demo", "--db", str(target), "--days", "20"]) == 0
    out = capsys.readouterr().out
    assert re.search(r"demo: .*demo\.sqlite3: \d+ conversations, \d+ requests", out)
    assert main(["demo", "--db", str(target)]) == 2  # never over data already there
    assert "fresh database only" in capsys.readouterr().err
