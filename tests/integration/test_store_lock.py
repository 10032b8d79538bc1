"""The store's lock: waiting for another process never blocks the loop; urgent work first."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

from obm_bot.storage.base import Turnstile
from obm_bot.storage.store import Store


async def test_waiting_for_another_process_lets_the_loop_run(tmp_path: Path) -> None:
    store = await Store.open(tmp_path / "obm.sqlite3")
    other = sqlite3.connect(tmp_path / "obm.sqlite3", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another process holds the write lock for a moment
    ticks = 0

    async def tick() -> None:
        nonlocal ticks
        while True:
            ticks += 1
            await asyncio.sleep(0.01)

    async def release_later() -> None:
        await asyncio.sleep(0.3)
        other.execute("COMMIT")

    ticker = asyncio.create_task(tick())
    releaser = asyncio.create_task(release_later())
    try:
        async with store.transaction():
            await store._one("SELECT 1 AS one")
        assert ticks >= 10  # the loop kept running while the transaction waited
    finally:
        ticker.cancel()
        await releaser
        other.close()
        await store.close()


async def test_urgent_waiters_go_before_the_others() -> None:
    turnstile, order = Turnstile(), []
    await turnstile.acquire()

    async def wait(name: str, urgent: bool) -> None:
        async with turnstile.held(urgent):
            order.append(name)

    waiters = [asyncio.create_task(wait(n, n.startswith("u"))) for n in ("n1", "u1", "n2", "u2")]
    await asyncio.sleep(0)
    turnstile.release()
    await asyncio.gather(*waiters)
    assert order == ["u1", "u2", "n1", "n2"]


async def test_a_cancelled_waiter_does_not_keep_the_lock() -> None:
    turnstile = Turnstile()
    await turnstile.acquire()
    waiter = asyncio.create_task(turnstile.acquire())
    await asyncio.sleep(0)
    waiter.cancel()
    turnstile.release()
    await asyncio.gather(waiter, return_exceptions=True)
    await asyncio.wait_for(turnstile.acquire(), 1)  # free again
