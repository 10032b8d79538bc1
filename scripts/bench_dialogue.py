"""Benchmark of the loket: messages per second through understand + store + reply, and the
account-manager queue listing with 100,000 stored requests. Prints figures, asserts nothing.

Targets (issue #3, one core): >= 500 messages/s; queue listing <= 10 ms.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import statistics
import tempfile
import time
from pathlib import Path

from obm_bot.bootstrap import build_understander
from obm_bot.config import REPO_ROOT
from obm_bot.dialogue.engine import Loket
from obm_bot.dialogue.messages import Inbound, Who
from obm_bot.organisation import load_organisation
from obm_bot.rendering.renderer import Renderer
from obm_bot.storage.store import Store

MESSAGES = 3000
STORED_REQUESTS = 100_000
ACTIVE_SHARE = 0.002  # about 200 handoffs still waiting, the rest closed
START = dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.UTC)


def texts() -> list[str]:
    found = []
    for path in (
        REPO_ROOT.parent / "shared" / "eval" / "dev_intents.jsonl",
        REPO_ROOT / "tests" / "data" / "heldout_intents.jsonl",
    ):
        if path.exists():
            found += [json.loads(line)["text"] for line in path.read_text().splitlines() if line]
    return found


async def open_loket(path: Path) -> Loket:
    catalogue, _, understander = build_understander(REPO_ROOT / "catalogue", REPO_ROOT / "intents")
    organisation = load_organisation(REPO_ROOT / "obm.example.toml")
    store = await Store.open(path)
    return Loket(
        store, understander, Renderer(catalogue), catalogue, organisation, clock=lambda: START
    )


async def messages_per_second(folder: Path) -> None:
    loket = await open_loket(folder / "throughput.sqlite3")
    sample = texts()
    start = time.perf_counter()
    for n in range(MESSAGES):
        # A new user every third message, so first contacts, flows and relays all occur.
        who = Who(channel="bench", user_id=str(n // 3))
        await loket.handle(Inbound(who=who, text=sample[n % len(sample)], inbound_id=str(n)))
    seconds = time.perf_counter() - start
    await loket.store.close()
    print(
        f"messages: {MESSAGES} in {seconds:.2f} s = {MESSAGES / seconds:,.0f} messages/s "
        "(understand + store + reply, one core, SQLite file in WAL mode)"
    )


async def fill(store: Store, count: int) -> None:
    """Bulk rows shaped as the engine writes them (one contact per 10 requests)."""
    conn = store._conn
    now = START.isoformat()
    await conn.execute("BEGIN")
    await conn.executemany(
        "INSERT INTO contacts (id, channel, channel_user_id, name, company, created_at)"
        " VALUES (?, 'bench', ?, ?, ?, ?)",
        [(i, str(i), f"Klant {i}", f"Bedrijf {i % 900}", now) for i in range(1, count // 10 + 1)],
    )
    await conn.executemany(
        "INSERT INTO conversations (id, contact_id, created_at, updated_at) VALUES (?, ?, ?, ?)",
        [(i, i, now, now) for i in range(1, count // 10 + 1)],
    )
    active_every = int(1 / ACTIVE_SHARE)
    requests, handoffs = [], []
    for i in range(1, count + 1):
        contact = (i - 1) // 10 + 1
        opened = (START - dt.timedelta(minutes=count - i)).isoformat()
        reference = f"OBM-2026-{i:06d}"
        requests.append(
            (
                i,
                reference,
                contact,
                contact,
                "offerte",
                "quote_request",
                "[]",
                "{}",
                "VCA basis; 4 pers.",
                "nieuw",
                opened,
            )
        )
        status = "open" if i % active_every == 0 else "closed"
        handoffs.append(
            (
                i,
                reference,
                i,
                contact,
                contact,
                status,
                "normaal",
                "Anouk de Vries",
                opened,
                opened,
                opened,
            )
        )
    await conn.executemany(
        "INSERT INTO requests (id, reference, contact_id, conversation_id, kind, intent, courses,"
        " entities, summary, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        requests,
    )
    await conn.executemany(
        "INSERT INTO handoffs (id, reference, request_id, conversation_id, contact_id, status,"
        " priority, assignee, opened_at, sla_deadline, reminder_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        handoffs,
    )
    await conn.execute("COMMIT")


async def queue_listing(folder: Path) -> None:
    loket = await open_loket(folder / "queue.sqlite3")
    await fill(loket.store, STORED_REQUESTS)
    query, command = [], []
    for _ in range(50):
        start = time.perf_counter()
        rows = await loket.store.queue()
        query.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        await loket.handle(
            Inbound(who=Who(channel="staff", user_id="Anouk de Vries"), text="/wachtrij")
        )
        command.append((time.perf_counter() - start) * 1000)
    await loket.store.close()
    print(
        f"queue listing with {STORED_REQUESTS:,} requests ({len(rows)} shown of the active): "
        f"query median {statistics.median(query):.2f} ms, max {max(query):.2f} ms; "
        f"/wachtrij command median {statistics.median(command):.2f} ms"
    )


async def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        await messages_per_second(Path(tmp))
        await queue_listing(Path(tmp))


if __name__ == "__main__":
    asyncio.run(main())
