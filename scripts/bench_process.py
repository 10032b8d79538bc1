"""Benchmark of ``obm-bot run`` as a whole process against the fake Bot API over real HTTP
(aiohttp). Prints figures, asserts nothing.

1. Throughput: 1000 updates from 200 users, rate limiter on and off, next to a bare
   python-telegram-bot echo bot (scripts/echo_bot.py) on the same updates (goal: >= 0.8x).
2. Flood fairness: a customer in a handoff sends 200 messages at once while 20 others write;
   the others' reply latency (goal: p99 < 2 s), and what the flood became in the staff topic.

Each figure is taken 3 times (BENCH_RUNS) with a fresh fake, database and process; the clock
starts once the process polls. A process's CPU time is read from /proc (Linux).
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager, closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))  # the fake Bot API lives with the tests

from tests.fakes.telegram_api import Call, FakeTelegram  # noqa: E402
from tests.fakes.telegram_transport import FakeTelegramServer  # noqa: E402
from tests.fakes.telegram_users import STAFF_GROUP, Users  # noqa: E402
from tests.integration.telegram.conftest import ANOUK, BART, write_config  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "3"))
USERS = 200
SEQUENCE = ("hallo", "ik zoek een vca cursus voor 2 man", "overdag", "wat kost dat", "bedankt")
UPDATES = USERS * len(SEQUENCE)
FLOOD, OTHERS, SPREAD_SECONDS = 200, 20, 0.2
HANDOFF = (  # what the customer says, and what the bot says to that
    ("ik wil een medewerker spreken", "Voor wie noteer ik dit"),
    ("Bouwmeester Metaal", "Genoteerd: bedrijf"),
    ("Piet de Boer", "telefoonnummer"),
    ("06 12345678", "referentie OBM-"),
)
STATE = """SELECT (SELECT COUNT(*) FROM inbox), (SELECT COUNT(*) FROM inbox WHERE handled_at
    IS NULL), (SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL)"""
CHECKS = """SELECT (SELECT COUNT(*) FROM messages WHERE direction = 'in'), (SELECT COUNT(*)
    FROM inbox WHERE handled_at IS NULL), (SELECT COUNT(*) FROM processed_inbound WHERE
    answered_at IS NULL), (SELECT COUNT(*) FROM outbox WHERE failed_at IS NOT NULL)"""


@dataclass
class Bot:
    """A bot process, the fake Bot API it talks to, and the fake's users."""

    folder: Path
    fake: FakeTelegram = field(default_factory=FakeTelegram)
    process: asyncio.subprocess.Process | None = None
    code: int | None = None
    users: Users = field(init=False)

    def __post_init__(self) -> None:
        self.users = Users(self.fake)

    def db(self) -> closing[sqlite3.Connection]:
        return closing(sqlite3.connect(self.folder / "obm.sqlite3", timeout=5))

    def cpu_seconds(self) -> float:
        pid = self.process.pid if self.process else 0
        try:
            stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return float("nan")
        return (int(stat[11]) + int(stat[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime

    def sends(self, chat: int | None = None, since: int = 0) -> list[Call]:
        return [
            c for c in self.fake.calls[since:]
            if c.method == "sendMessage" and c.status == 200
            and (chat is None or c.params.get("chat_id") == chat)
        ]  # fmt: skip

    def topic(self, thread: int) -> str:
        return "\n".join(self.fake.texts(STAFF_GROUP, thread))

    def says(self, chat: int, text: str, thread: int | None = None) -> Callable[[], bool]:
        return lambda: any(text in t for t in self.fake.texts(chat, thread))


def polls(fake: FakeTelegram) -> bool:
    return any(c.method == "getUpdates" for c in fake.calls)


async def until(condition: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.perf_counter() + seconds
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError(f"not within {seconds:.0f} s: {what}")
        await asyncio.sleep(0.05)


def settled(db: sqlite3.Connection, updates: int) -> bool:
    """Every update stored and handled, every reply sent."""
    return bool(db.execute(STATE).fetchone() == (updates, 0, 0))


def answered(db: sqlite3.Connection, user: int) -> list[int]:
    """Per reply to ``user``, in sending order: the last message of the turn it answers."""
    rows = db.execute(
        "SELECT origin FROM outbox WHERE recipient = ? AND sent_at IS NOT NULL ORDER BY id",
        (f"telegram:{user}",),
    ).fetchall()
    return [int(json.loads(row[0])["message_id"]) if row[0] else 0 for row in rows]


@asynccontextmanager
async def running(folder: Path, kind: str, forum: bool = False) -> AsyncIterator[Bot]:
    """``kind``: "echo", or obm-bot run with the rate limiter "on" / "off". Yields once the
    process polls; SIGTERM at the end (``Bot.code`` is then its exit code)."""
    bot = Bot(folder)
    if forum:
        bot.users.forum()
    for manager in (ANOUK, BART):  # they opened the bot once
        bot.users.chat(manager)
    folder.mkdir()
    async with FakeTelegramServer(bot.fake) as server:
        env = {k: v for k, v in os.environ.items() if not k.startswith("OBM_")}
        env.update(OBM_TELEGRAM_TOKEN=bot.fake.token, OBM_TELEGRAM_BASE_URL=server.base_url)
        argv = [sys.executable, str(REPO_ROOT / "scripts" / "echo_bot.py")]
        if kind != "echo":
            argv = [sys.executable, "-m", "obm_bot", "run"]
            env.update(
                OBM_DB_PATH=str(folder / "obm.sqlite3"),
                OBM_CONFIG=str(write_config(folder, STAFF_GROUP if forum else None)),
                OBM_TELEGRAM_RATE_LIMIT="true" if kind == "on" else "false",
            )
        with (folder / "stderr.log").open("wb") as log:
            process = bot.process = await asyncio.create_subprocess_exec(
                *argv, cwd=folder, env=env, stdout=asyncio.subprocess.DEVNULL, stderr=log
            )
        try:
            await until(lambda: process.returncode is not None or polls(bot.fake), 60, "polling")
            if process.returncode is not None:
                raise RuntimeError(f"{kind} exited: {(folder / 'stderr.log').read_text()[-2000:]}")
            yield bot
        finally:
            if process.returncode is None:
                process.send_signal(signal.SIGTERM)
            try:
                bot.code = await asyncio.wait_for(process.wait(), 30)
            except TimeoutError:
                process.kill()
                bot.code = await process.wait()


async def throughput(kind: str, folder: Path) -> dict[str, Any]:
    async with running(folder, kind) as bot:
        people = [800_000 + n for n in range(USERS)]
        updates = [bot.users.text(p, text) for text in SEQUENCE for p in people]  # round robin
        began, cpu = time.perf_counter(), bot.cpu_seconds()
        for update in updates:
            await bot.fake.push_update(update)
        if kind == "echo":
            await until(lambda: len(bot.sends()) >= UPDATES, 120, "every echo")
        else:
            with bot.db() as db:
                done = lambda: all(bot.fake.texts(p) for p in people) and settled(db, UPDATES)  # noqa: E731
                await until(done, 180, "every update answered, every reply sent")
        seconds, cpu = max(c.at for c in bot.sends()) - began, bot.cpu_seconds() - cpu
        await asyncio.sleep(0.5)  # anything sent twice would show by now
    result = {"rate": UPDATES / seconds, "code": bot.code, "replies": len(bot.sends()), "cpu": cpu}
    if kind == "echo":
        got = {p: sorted(bot.fake.texts(p)) for p in people}
        result["lost"] = sum(len(set(SEQUENCE) - set(got[p])) for p in people)
        result["doubled"] = sum(max(0, len(got[p]) - len(SEQUENCE)) for p in people)
        return result
    with bot.db() as db:
        inbound, unhandled, unanswered, failed = db.execute(CHECKS).fetchone()
        extra = sum(max(0, len(bot.sends(p)) - len(answered(db, p))) for p in people)
    silent = sum(1 for p in people if not bot.fake.texts(p))
    result["lost"] = silent + max(0, UPDATES - inbound) + unhandled + unanswered + failed
    result["doubled"] = extra + max(0, inbound - UPDATES)
    return result


async def flood(kind: str, folder: Path) -> dict[str, Any]:
    customer, others = 900_000, [910_000 + n for n in range(OTHERS)]
    texts = [f"vraag {n:03d} over de planning" for n in range(FLOOD)]
    pushed: list[tuple[int, int, int, float]] = []  # who, which message, its id, when

    async with running(folder, kind, forum=True) as bot:
        for text, answer in HANDOFF:
            await bot.fake.push_update(bot.users.text(customer, text))
            await until(bot.says(customer, answer), 30, f"{answer!r} after {text!r}")
        await until(lambda: bool(bot.fake.chats[STAFF_GROUP].topics), 30, "the handoff's topic")
        [thread] = bot.fake.chats[STAFF_GROUP].topics
        await until(bot.says(STAFF_GROUP, "Nieuwe vraag", thread), 30, "the opening post")
        await asyncio.sleep(1)  # the handoff's last letters are out
        before, flood_updates = len(bot.fake.calls), [bot.users.text(customer, t) for t in texts]
        began = time.perf_counter()
        for update in flood_updates:  # all at once, then the others' first messages
            await bot.fake.push_update(update)
        for step, text in enumerate(SEQUENCE):
            await asyncio.sleep(max(0.0, began + step * SPREAD_SECONDS - time.perf_counter()))
            for person in others:
                update = bot.users.text(person, text)
                pushed.append((person, step, update["message"]["message_id"], time.perf_counter()))
                await bot.fake.push_update(update)
        total = len(HANDOFF) + FLOOD + OTHERS * len(SEQUENCE)
        with bot.db() as db:
            done = lambda: settled(db, total) and all(t in bot.topic(thread) for t in texts)  # noqa: E731
            await until(done, 180, "the flood in its topic, everybody answered")
            latency = []  # per message: the first reply to the turn it is part of
            for person, step, message_id, at in pushed:
                replies = zip(answered(db, person), bot.sends(person), strict=False)
                first = next((c.at for last, c in replies if last >= message_id), at + 1e9)
                latency.append((step, first - at))
    posts = [c for c in bot.sends(STAFF_GROUP, before) if c.params["message_thread_id"] == thread]
    return {
        "steps": latency, "all": [seconds for _, seconds in latency],
        "code": bot.code, "posts": len(posts), "done": posts[-1].at - began,
        "reached": sum(t in bot.topic(thread) for t in texts),
    }  # fmt: skip


def percentile(values: list[float], share: float) -> float:
    return sorted(values)[min(len(values) - 1, int(len(values) * share))]


def row(label: str, values: list[float], unit: str, note: str = "", digits: int = 1) -> None:
    cells = "".join(f"{v:10.{digits}f}" for v in values)
    low, mid = min(values), statistics.median(values)
    print(f"{label:<32}{cells}{low:10.{digits}f}{mid:10.{digits}f}  {unit:<10} {note}")


def header(title: str) -> None:
    runs = "".join(f"{f'run {n + 1}':>10}" for n in range(RUNS))
    print(f"\n{title}\n{'':<32}{runs}{'min':>10}{'median':>10}")


async def main() -> None:
    began = time.perf_counter()
    results: dict[str, list[dict[str, Any]]] = {"echo": [], "off": [], "on": []}
    floods: dict[str, list[dict[str, Any]]] = {"on": [], "off": []}
    with tempfile.TemporaryDirectory(prefix="bench-process-") as name:
        for run in range(RUNS):
            for kind, runs in results.items():
                runs.append(await throughput(kind, Path(name, f"{kind}-{run}")))
            for kind, runs in floods.items():
                runs.append(await flood(kind, Path(name, f"flood-{kind}-{run}")))
            print(f"run {run + 1} of {RUNS}: {time.perf_counter() - began:.0f} s", file=sys.stderr)
    header(f"Throughput: {UPDATES} updates from {USERS} users, process <-> aiohttp fake")
    labels = {"on": "obm-bot run, rate limiter on", "off": "obm-bot run, rate limiter off",
              "echo": "echo bot (python-telegram-bot)"}  # fmt: skip
    for kind, label in labels.items():
        runs = results[kind]
        lost, doubled = sum(r["lost"] for r in runs), sum(r["doubled"] for r in runs)
        codes = ",".join(str(r["code"]) for r in runs)
        row(label, [r["rate"] for r in runs], "updates/s", f"lost {lost}, duplicated {doubled}")
        note = f"replies {runs[0]['replies']}, exit codes {codes}"
        row("  bot CPU per update", [r["cpu"] * 1000 / UPDATES for r in runs], "ms", note)
    echo = statistics.median(r["rate"] for r in results["echo"])
    for kind in ("off", "on"):
        ratios = [r["rate"] / echo for r in results[kind]]
        row(f"obm/echo, limiter {kind}", ratios, "x echo", "(goal >= 0.80)", digits=2)
    for kind, runs in floods.items():
        header(
            f"Flood fairness, rate limiter {kind}: a customer in a handoff sends {FLOOD} at once;"
            f" {OTHERS} others send {len(SEQUENCE)} each, one per {SPREAD_SECONDS} s"
        )
        for share in (0.5, 0.99):
            values = [percentile(f["all"], share) * 1000 for f in runs]
            row(f"others' reply latency p{share * 100:.0f}", values, "ms", "(goal p99 < 2000)")
        row("  max", [max(f["all"]) * 1000 for f in runs], "ms")
        row("staff-topic posts for the flood", [f["posts"] for f in runs], "posts", digits=0)
        row("flood texts in the staff topic", [f["reached"] for f in runs], f"of {FLOOD}", digits=0)
        row("flood start -> last staff post", [f["done"] for f in runs], "s")
        pooled = [x for f in runs for x in f["all"]]
        steps = [
            statistics.median(x for f in runs for s, x in f["steps"] if s == step) * 1000
            for step in range(len(SEQUENCE))
        ]
        print(
            f"pooled ({len(pooled)} messages): p50 {percentile(pooled, 0.5) * 1000:.0f} ms, p99 "
            f"{percentile(pooled, 0.99) * 1000:.0f} ms; median by their message 1..5: "
            + ", ".join(f"{v:.0f}" for v in steps)
            + f" ms; exit codes {','.join(str(f['code']) for f in runs)}"
        )
    print(f"(total {time.perf_counter() - began:.0f} s)")


if __name__ == "__main__":
    asyncio.run(main())
