"""Benchmark of the management report: build and render it over 100,000 stored requests.
Prints figures (min / median of three runs, and the peak memory of a run), asserts nothing.
Targets (issue #13): 100,000 requests <= 2 s; with BENCH_REPORT_MILLION=1 also one year over
1,000,000 requests (not in `make bench`: filling it takes three to four minutes) <= 10 s, <= 500 MB.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import os
import random
import resource
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from obm_bot.bootstrap import build_understander
from obm_bot.catalogue.models import Catalogue
from obm_bot.config import REPO_ROOT
from obm_bot.organisation import Organisation, load_organisation
from obm_bot.rendering.renderer import Renderer
from obm_bot.reporting.build import build_report, write_requests_csv
from obm_bot.reporting.figures import Period
from obm_bot.reporting.page import report_html
from obm_bot.storage.store import Store

REQUESTS = 100_000
MILLION = os.environ.get("BENCH_REPORT_MILLION") == "1"
CHUNK = 50_000
# No more than the report's own page cache (REPORT_CACHE_KIB), which reuses the memory: the
# fill must not raise the peak the report is measured by.
FILL_CACHE_KIB = 65536
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


def peak_rss_reset() -> None:
    """Linux: start a new high-water mark of resident memory (VmHWM)."""
    with contextlib.suppress(OSError), open("/proc/self/clear_refs", "w") as refs:
        refs.write("5")


def peak_rss_mib() -> float:
    with contextlib.suppress(OSError), open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def fill(
    store: Store, course_ids: list[str], companies: list[str], rng: random.Random, total: int
) -> None:
    """One transaction, executemany in chunks: a million requests in about a minute."""
    conn = store._conn
    contacts = total // 10
    now = START.isoformat()
    roles = ["werkgever", "werknemer", "school", "leerling"]
    # The report's tables and indexes kept on write (migration 0009) are filled in no order
    # of theirs: with the default 2 MiB page cache a million rows go back to the file.
    await conn.execute(f"PRAGMA cache_size = -{FILL_CACHE_KIB}")
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
    requests: list[tuple[object, ...]] = []
    signals: list[tuple[object, ...]] = []
    handoffs: list[tuple[object, ...]] = []
    intents = ["course_search", "enrolment", "quote_request", "funding", "human_handoff"]
    spacing = 300 * REQUESTS // total  # seconds: the same year, whatever the size
    for i in range(1, total + 1):
        contact = rng.randint(1, contacts)
        created = START + dt.timedelta(seconds=spacing * i + rng.randint(0, spacing - 1))
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
        status = "open" if i > total - 200 else "closed"
        handoffs.append((
            i, f"OBM-2026-{i:06d}", i, contact, contact, status, "normaal",
            rng.choice(["Anouk de Vries", "Bart Jansen", None]), created.isoformat(),
            (created + dt.timedelta(hours=1)).isoformat(),
            (created + dt.timedelta(minutes=45)).isoformat(),
            None if status == "open" else answered.isoformat(),
            None if status == "open" else (answered + dt.timedelta(hours=2)).isoformat(),
            None if status == "open" else rng.choice(["aangemeld", "offerte verstuurd"]),
        ))  # fmt: skip
        if len(requests) == CHUNK or i == total:
            await insert(conn, requests, signals, handoffs)
            requests, signals, handoffs = [], [], []
    await conn.execute("COMMIT")
    await conn.execute("PRAGMA cache_size = -2000")


async def insert(
    conn: Any,  # the store's connection, whichever kind
    requests: list[tuple[object, ...]],
    signals: list[tuple[object, ...]],
    handoffs: list[tuple[object, ...]],
) -> None:
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


async def run(total: int, catalogue: Catalogue, org: Organisation, renderer: Renderer) -> None:
    rng = random.Random(7)
    companies = [c.name for c in org.member_company] + [f"Bedrijf {n}" for n in range(900)]
    with tempfile.TemporaryDirectory() as folder:
        name = "report.sqlite3" if total <= REQUESTS else "report-1m.sqlite3"
        path = Path(f"{BENCH_DB}-{name}") if BENCH_DB else Path(folder) / name
        store = await Store.open(path)
        if not (await store._one("SELECT COUNT(*) AS n FROM requests") or {"n": 0})["n"]:
            start = time.perf_counter()
            await fill(store, [c.id for c in catalogue.courses], companies, rng, total)
            print(f"filled {total:,} requests in {time.perf_counter() - start:.0f} s")
        period = Period(dt.date(2026, 1, 1), dt.date(2026, 12, 31))
        now = dt.datetime(2027, 1, 1, 9, tzinfo=dt.UTC)
        builds, pages, csvs, peaks, csv_peaks = [], [], [], [], []
        for _ in range(3):
            peak_rss_reset()
            start = time.perf_counter()
            async with store.reading() as snapshot:
                report = await build_report(snapshot, catalogue, org, period, now, rows=False)
            built = time.perf_counter()
            page = report_html(report, org, renderer)
            paged = time.perf_counter()
            builds.append(built - start)
            pages.append(paged - built)
            peaks.append(peak_rss_mib())
            if total <= REQUESTS:  # the CSV reads every row: timed at 100k only
                peak_rss_reset()
                with open(os.devnull, "w", encoding="utf-8", newline="") as out:
                    async with store.reading() as snapshot:
                        await write_requests_csv(snapshot, org, period, out)
                csvs.append(time.perf_counter() - paged)
                csv_peaks.append(peak_rss_mib())
        await store.close()
    totals = [b + p for b, p in zip(builds, pages, strict=True)]

    def mm(values: list[float], unit: str = "s") -> str:
        return f"{min(values):.2f} / {statistics.median(values):.2f} {unit}"

    def mib(values: list[float]) -> str:
        return f"{min(values):.0f} / {statistics.median(values):.0f} MiB"

    print(
        f"report over {report.requests:,} requests, {report.questions:,} questions"
        f" ({report.unmet_questions:,} unmet -> {len(report.unmet)} topics shown),"
        f" min / median of 3: build {mm(builds)} + HTML {mm(pages)} = {mm(totals)};"
        f" peak RSS {mib(peaks)} (page {len(page) / 1024:.0f} KiB)"
        + (f"; CSV streamed {mm(csvs)}, peak RSS {mib(csv_peaks)}" if csvs else "")
    )


async def main() -> None:
    catalogue, _, _ = build_understander(REPO_ROOT / "catalogue", REPO_ROOT / "intents")
    org = load_organisation(REPO_ROOT / "obm.example.toml")
    renderer = Renderer()
    await run(REQUESTS, catalogue, org, renderer)
    if MILLION:
        await run(10 * REQUESTS, catalogue, org, renderer)


if __name__ == "__main__":
    asyncio.run(main())
