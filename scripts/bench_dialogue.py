"""Benchmark of the loket: messages per second through understand + store + reply, and the
account-manager queue listing with 100,000 stored requests. Prints figures, asserts nothing.

Targets (issue #3, one core): >= 500 messages/s; queue listing <= 10 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import statistics
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from obm_bot.bootstrap import build_understander
from obm_bot.config import REPO_ROOT
from obm_bot.dialogue.engine import Loket
from obm_bot.dialogue.messages import Inbound, Who
from obm_bot.organisation import load_organisation
from obm_bot.rendering.renderer import Renderer
from obm_bot.storage.store import Store
from obm_bot.understanding import Understander, Understanding

MESSAGES = 3000
RUNS = 3  # min / median: other work on the machine only ever slows a run down
STORED_REQUESTS = 100_000
ACTIVE_SHARE = 0.002  # about 200 handoffs still waiting, the rest closed
START = dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.UTC)


MESSAGE_FILES = (
    REPO_ROOT.parent / "shared" / "eval" / "dev_intents.jsonl",
    REPO_ROOT / "tests" / "data" / "heldout_intents.jsonl",
)


def texts(paths: Sequence[Path] = MESSAGE_FILES) -> list[str]:
    found = []
    for path in paths:
        if path.exists():
            found += [json.loads(line)["text"] for line in path.read_text().splitlines() if line]
    return found


class TimedUnderstander:
    """Counts the time spent in ``understand`` (intent, courses and details), so that the
    rest of a message's cost (dialogue, store, reply) shows as the difference."""

    def __init__(self, understander: Understander) -> None:
        self.seconds = 0.0
        self.calls = 0
        self._understand = understander.understand

    def understand(self, text: str) -> Understanding:
        start = time.perf_counter()
        try:
            return self._understand(text)
        finally:
            self.seconds += time.perf_counter() - start
            self.calls += 1


async def open_loket(path: Path) -> tuple[Loket, TimedUnderstander]:
    catalogue, _, understander = build_understander(REPO_ROOT / "catalogue", REPO_ROOT / "intents")
    timed = TimedUnderstander(understander)
    # An instance attribute shadows the method: the loket's calls go through the timer.
    understander.understand = timed.understand  # type: ignore[method-assign]
    organisation = load_organisation(REPO_ROOT / "obm.example.toml")
    store = await Store.open(path)
    loket = Loket(store, understander, Renderer(), catalogue, organisation, clock=lambda: START)
    return loket, timed


@dataclass(frozen=True)
class Run:
    per_second: float
    understand_ms: float  # per message: all understand() calls of that message together
    rest_ms: float
    calls_per_message: float


async def one_run(path: Path, sample: list[str]) -> Run:
    loket, timed = await open_loket(path)
    start = time.perf_counter()
    for n in range(MESSAGES):
        # A new user every third message, so first contacts, flows and relays all occur.
        who = Who(channel="bench", user_id=str(n // 3))
        await loket.handle(Inbound(who=who, text=sample[n % len(sample)], inbound_id=str(n)))
    seconds = time.perf_counter() - start
    await loket.store.close()
    return Run(
        per_second=MESSAGES / seconds,
        understand_ms=timed.seconds / MESSAGES * 1000,
        rest_ms=(seconds - timed.seconds) / MESSAGES * 1000,
        calls_per_message=timed.calls / MESSAGES,
    )


def spread(values: list[float], unit: str, digits: int = 2) -> str:
    return f"min {min(values):,.{digits}f} / median {statistics.median(values):,.{digits}f} {unit}"


async def messages_per_second(folder: Path, sample: list[str]) -> None:
    runs = [await one_run(folder / f"throughput{i}.sqlite3", sample) for i in range(RUNS)]
    print(
        f"messages: {MESSAGES} x {RUNS} runs, "
        f"{spread([r.per_second for r in runs], 'messages/s', 0)} "
        "(understand + store + reply, one core, SQLite file in WAL mode)"
    )
    print(
        f"  per message: understand {spread([r.understand_ms for r in runs], 'ms')} "
        f"({runs[0].calls_per_message:.2f} calls); "
        f"the rest {spread([r.rest_ms for r in runs], 'ms')}"
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
    loket, _ = await open_loket(folder / "queue.sqlite3")
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
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages-only", action="store_true", help="skip the queue listing")
    parser.add_argument(
        "--texts", type=Path, nargs="+", default=MESSAGE_FILES, help="JSON lines with a text"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        await messages_per_second(Path(tmp), texts(args.texts))
        if not args.messages_only:
            await queue_listing(Path(tmp))


if __name__ == "__main__":
    asyncio.run(main())
