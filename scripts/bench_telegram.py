"""Benchmark of the Telegram adapter: updates per second through the real python-telegram-bot
Application against the in-process fake Bot API, and the time from an update to its reply's
sendMessage. Prints figures, asserts nothing.

The rate limiter is off here: Telegram's own flood limit (about 30 messages/s per bot) caps
real sending; this measures what the bot itself can process.
"""

from __future__ import annotations

import asyncio
import logging
import statistics
import sys
import tempfile
import time
from pathlib import Path

from telegram import Update

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))  # the fake Bot API lives with the tests

from bench_dialogue import texts  # noqa: E402

from obm_bot.bootstrap import build_core, build_telegram  # noqa: E402
from obm_bot.config import Settings  # noqa: E402
from tests.fakes.telegram_api import FakeTelegram  # noqa: E402
from tests.fakes.telegram_transport import mock_transport  # noqa: E402
from tests.fakes.telegram_users import Users  # noqa: E402

UPDATES = int(__import__("os").environ.get("BENCH_UPDATES", "2000"))


def percentile(values: list[float], share: float) -> float:
    return sorted(values)[min(len(values) - 1, int(len(values) * share))]


async def one_run(folder: Path, polling: bool) -> None:
    fake = FakeTelegram()
    users = Users(fake)
    for manager in (100001, 100002):  # the account managers of obm.example.toml
        users.chat(manager)
    settings = Settings(
        telegram_token=fake.token,
        db_path=folder / f"bench-{polling}.sqlite3",
        config=REPO_ROOT / "obm.example.toml",
    )
    adapter, app = build_telegram(
        settings, build_core(settings), transport=mock_transport(fake), rate_limit=False
    )
    await app.initialize()
    assert app.post_init is not None
    await app.post_init(app)
    await app.start()
    sample = texts()
    # A new user every third message, so first contacts, flows and relays all occur.
    updates = [users.text(10_000 + n // 3, sample[n % len(sample)]) for n in range(UPDATES)]
    if polling:
        assert app.updater is not None
        for update in updates:
            await fake.push_update(update)
        start = time.perf_counter()
        await app.updater.start_polling(poll_interval=0, timeout=1)
        while len(fake.sent()) < UPDATES or not app.update_queue.empty():
            await asyncio.sleep(0.005)
        seconds = time.perf_counter() - start
        await app.updater.stop()
        print(
            f"long polling: {UPDATES} updates in {seconds:.2f} s = "
            f"{UPDATES / seconds:,.0f} updates/s (getUpdates -> handle -> sendMessage)"
        )
    else:
        latencies = []
        start = time.perf_counter()
        for update in updates:
            before, sent = time.perf_counter(), len(fake.calls)
            await app.update_queue.put(Update.de_json(update, app.bot))  # stored, then handled
            await adapter.settled()
            reply = next(c for c in fake.calls[sent:] if c.method == "sendMessage")
            latencies.append((reply.at - before) * 1000)
        seconds = time.perf_counter() - start
        print(
            f"one at a time (store, answer, send): {UPDATES} updates in {seconds:.2f} s = "
            f"{UPDATES / seconds:,.0f} updates/s"
        )
        print(
            f"update -> sendMessage: p50 {statistics.median(latencies):.2f} ms, "
            f"p99 {percentile(latencies, 0.99):.2f} ms, max {max(latencies):.2f} ms"
        )
    await app.stop()
    assert app.post_stop is not None
    await app.post_stop(app)
    assert app.post_shutdown is not None
    await app.post_shutdown(app)
    await app.shutdown()


async def main() -> None:
    logging.basicConfig(level=logging.WARNING)
    with tempfile.TemporaryDirectory() as folder:
        await one_run(Path(folder), polling=False)
        await one_run(Path(folder), polling=True)


if __name__ == "__main__":
    asyncio.run(main())
