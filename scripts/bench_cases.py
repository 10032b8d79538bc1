"""Benchmark: new cases posted in the staff group never hold up the customers' replies.

``obm-bot run`` as a process against the aiohttp fake, with a forum staff group and the rate
limiter on (Telegram allows a group about 20 messages a minute, so every case's topic and
opening post queue up there). CASES customers each write one message that opens a case at
once, a second apart, while OTHERS customers ask ordinary questions. Printed: the time from
each customer's message to the first reply they get (goal p99 <= 100 ms above the bot's own
processing), and how long the staff group took to get every case. Prints figures, asserts
nothing; 3 runs (BENCH_RUNS), min / median.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from bench_process import header, percentile, row, running, until  # noqa: E402

from tests.fakes.telegram_users import STAFF_GROUP  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "3"))
CASES = 15
OTHERS = 30
COMPLAINT = (
    "ik wil een klacht indienen over de vca cursus van vorige week, de docent kwam niet opdagen."
    " Jan Smit van Bouwmeester Metaal, 06123456{n:02d}"
)
QUESTION = "wat kost een vca basis cursus?"


async def one_run(folder: Path) -> dict[str, Any]:
    pushed: list[tuple[str, int, float]] = []  # kind, who, when
    async with running(folder, "on", forum=True) as bot:
        began = time.perf_counter()
        for n in range(CASES):
            await asyncio.sleep(max(0.0, began + n - time.perf_counter()))
            for kind, person, text in (
                ("case", 700_000 + n, COMPLAINT.format(n=n)),
                *(("other", 710_000 + n * OTHERS + k, QUESTION) for k in range(OTHERS // CASES)),
            ):
                pushed.append((kind, person, time.perf_counter()))
                await bot.fake.push_update(bot.users.text(person, text))
        people = [person for _, person, _ in pushed]
        await until(lambda: all(bot.fake.texts(p) for p in people), 60, "every customer answered")
        topics = bot.fake.chats[STAFF_GROUP].topics
        await until(lambda: len(topics) >= CASES, 300, "a topic for every case")
        await until(
            lambda: all(bot.fake.texts(STAFF_GROUP, t) for t in topics), 120, "every case posted"
        )
        latency: dict[str, list[float]] = {"case": [], "other": []}
        for kind, person, at in pushed:
            first = min(c.at for c in bot.sends(person))
            latency[kind].append(first - at)
        group = [c for c in bot.sends(STAFF_GROUP)]
        return {**latency, "posted": max(c.at for c in group) - began, "code": bot.code}


async def main() -> None:
    runs = []
    with tempfile.TemporaryDirectory(prefix="bench-cases-") as name:
        for run in range(RUNS):
            runs.append(await one_run(Path(name, f"run-{run}")))
    header(
        f"New cases in the staff group, rate limiter on: {CASES} customers open a case,"
        f" one a second, while {OTHERS} others ask"
    )
    for kind, label in (("case", "opening a case"), ("other", "asking meanwhile")):
        for share in (0.5, 0.99):
            values = [percentile(r[kind], share) * 1000 for r in runs]
            row(f"{label}: first reply p{share * 100:.0f}", values, "ms")
    row("every case in the staff group", [r["posted"] for r in runs], "s")


if __name__ == "__main__":
    asyncio.run(main())
