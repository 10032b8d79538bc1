"""Benchmark of the management report: build and render it over 100,000 stored requests.
Prints figures, asserts nothing. Target (issue #6): <= 5 s for 100,000 requests.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import random
import tempfile
import time
from pathlib import Path

from obm_bot.bootstrap import build_understander
from obm_bot.config import REPO_ROOT
from obm_bot.organisation import load_organisation
from obm_bot.rendering.renderer import Renderer
from obm_bot.reporting.build import build_report, requests_csv
from obm_bot.reporting.figures import Period
from obm_bot.reporting.page import report_html
from obm_bot.storage.store import Store

REQUESTS = 100_000
BENCH_DB = os.environ.get("OBM_BENCH_DB")  # keep the filled database for profiling
UNMET_SHARE = 0.2
START = dt.datetime(2026, 1, 1, 8, 0, tzinfo=dt.UTC)
UNKNOWN_TOPICS = [
    "cobot programmeren", "waterstof veiligheid", "lasrobot offline programmeren",
    "3d printen metaal",
    "laser cladding", "digitale tweeling", "predictive maintenance", "warmtepomp installatie",
    "composiet repareren", "eV accu veiligheid", "drone inspectie", "ultrasoon onderzoek lassen",
    "plc siemens tia portal gevorderd", "solidworks simulatie", "lean six sigma green belt",
    "persoonlijke effectiviteit", "nederlands voor anderstaligen techniek", "engels voor monteurs",
] + [f"specialistische techniek {n}" for n in range(40)]  # fmt: skip
FILLERS = ["ik zoek een cursus", "hebben jullie iets voor", "wij willen graag een training",
           "is er een opleiding", "voor 3 man", "kan iemand ons helpen met"]  # fmt: skip


async def fill(
    store: Store, course_ids: list[str], companies: list[str], rng: random.Random
) -> None:
    conn = store._conn
    contacts = REQUESTS // 10
    now = START.isoformat()
    roles = ["werkgever", "werknemer", "school", "leerling"]
    await conn.execute("BEGIN")
    await conn.executemany(
        "INSERT INTO contacts (id, channel, channel_user_id, role, company, created_at)"
        " VALUES (?, 'bench', ?, ?, ?, ?)",
        [
            (i, str(i), rng.choice(roles), rng.choice(companies), now)
            for i in range(1, contacts + 1)
        ],
    )
    await conn.executemany(
        "INSERT INTO conversations (id, contact_id, created_at, updated_at) VALUES (?, ?, ?, ?)",
        [(i, i, now, now) for i in range(1, contacts + 1)],
    )
    requests, signals, handoffs = [], [], []
    intents = ["course_search", "enrolment", "quote_request", "funding", "human_handoff"]
    for i in range(1, REQUESTS + 1):
        contact = rng.randint(1, contacts)
        created = START + dt.timedelta(minutes=5 * i + rng.randint(0, 4))
        course = rng.choice(course_ids)
        participants = rng.choice([1, 1, 2, 3, 4, 6])
        requests.append((
            i, f"OBM-2026-{i:06d}", contact, contact, "cursus", rng.choice(intents),
            json.dumps([course]), json.dumps({"participants": participants}), "x", "nieuw",
            created.isoformat(),
        ))  # fmt: skip
        unmet = rng.random() < UNMET_SHARE
        text = (
            f"{rng.choice(FILLERS)} {rng.choice(UNKNOWN_TOPICS)}" if unmet else f"cursus {course}"
        )
        signals.append((
            created.isoformat(), contact, "werkgever", None, "course_search", text,
            None if unmet else course, 40.0 if unmet else 92.0, participants,
        ))  # fmt: skip
        answered = created + dt.timedelta(minutes=rng.randint(3, 150))
        status = "open" if i > REQUESTS - 200 else "closed"
        handoffs.append((
            i, f"OBM-2026-{i:06d}", i, contact, contact, status, "normaal",
            rng.choice(["Anouk de Vries", "Bart Jansen", None]), created.isoformat(),
            (created + dt.timedelta(hours=1)).isoformat(),
            (created + dt.timedelta(minutes=45)).isoformat(),
            None if status == "open" else answered.isoformat(),
            None if status == "open" else (answered + dt.timedelta(hours=2)).isoformat(),
            None if status == "open" else rng.choice(["aangemeld", "offerte verstuurd"]),
        ))  # fmt: skip
    await conn.executemany(
        "INSERT INTO requests (id, reference, contact_id, conversation_id, kind, intent, courses,"
        " entities, summary, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        requests,
    )
    await conn.executemany(
        "INSERT INTO demand_signals (created_at, contact_id, role, company, intent, text,"
        " course_id, score, participants) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        signals,
    )
    await conn.executemany(
        "INSERT INTO handoffs (id, reference, request_id, conversation_id, contact_id, status,"
        " priority, assignee, opened_at, sla_deadline, reminder_at, first_response_at, closed_at,"
        " outcome) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        handoffs,
    )
    await conn.execute("COMMIT")


async def main() -> None:
    catalogue, _, _ = build_understander(REPO_ROOT / "catalogue", REPO_ROOT / "intents")
    org = load_organisation(REPO_ROOT / "obm.example.toml")
    rng = random.Random(7)
    companies = [c.name for c in org.member_company] + [f"Bedrijf {n}" for n in range(900)]
    with tempfile.TemporaryDirectory() as folder:
        store = await Store.open(Path(BENCH_DB) if BENCH_DB else Path(folder) / "report.sqlite3")
        await fill(store, [c.id for c in catalogue.courses], companies, rng)
        period = Period(dt.date(2026, 1, 1), dt.date(2026, 12, 31))
        now = dt.datetime(2027, 1, 1, 9, tzinfo=dt.UTC)
        renderer = Renderer(catalogue)
        timings = []
        for _ in range(3):
            start = time.perf_counter()
            async with store.transaction():
                report = await build_report(store, catalogue, org, period, now)
            built = time.perf_counter()
            page = report_html(report, org, renderer)
            requests_csv(report)
            timings.append((built - start, time.perf_counter() - built))
        await store.close()
    best = min(timings, key=sum)
    print(
        f"report over {report.requests:,} requests, {report.questions:,} questions"
        f" ({report.unmet_questions:,} unmet -> {len(report.unmet)} topics shown):"
        f" build {best[0]:.2f} s + render HTML and CSV {best[1]:.2f} s = {sum(best):.2f} s"
        f" (best of 3; page {len(page) / 1024:.0f} KiB)"
    )


if __name__ == "__main__":
    asyncio.run(main())
