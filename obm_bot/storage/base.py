"""Shared plumbing of the store: the connection, one-hop statements and row conversion."""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import sqlite3
from collections import deque
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Any

import aiosqlite

from obm_bot.storage.inline import InlineConnection


class StorageError(Exception):
    """The database answered in a way the store cannot work with (a row missing right after
    it was written, an insert without a row id): a bug or a damaged file, never user input."""


@functools.lru_cache(maxsize=256)
def db_time(value: dt.datetime | None) -> str | None:
    # One turn writes the same moment into ten or so columns: formatted once.
    return value.astimezone(dt.UTC).isoformat() if value else None


def py_time(value: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if value else None


def row_dict(row: sqlite3.Row) -> dict[str, Any]:
    return {key: row[key] for key in row.keys()}  # noqa: SIM118 (Row has no __iter__ of keys)


class Turnstile:
    """The store's lock, with a queue for urgent work that goes before the others.

    Marking a letter sent is urgent: until it commits, a crash would send the letter again,
    and behind a flood of queued turns that wait could be long. Storing an update before it
    is acknowledged is urgent too. The lock is handed over from holder to waiter directly.
    """

    def __init__(self) -> None:
        self._held = False
        self._urgent: deque[asyncio.Future[None]] = deque()
        self._normal: deque[asyncio.Future[None]] = deque()

    async def acquire(self, urgent: bool = False) -> None:
        if not self._held and not self._urgent and not self._normal:
            self._held = True
            return
        queue = self._urgent if urgent else self._normal
        turn = asyncio.get_running_loop().create_future()
        queue.append(turn)
        try:
            await turn
        except asyncio.CancelledError:
            if turn.done() and not turn.cancelled():
                self.release()  # handed the lock just as we were cancelled: pass it on
            elif turn in queue:
                queue.remove(turn)
            raise

    def release(self) -> None:
        for queue in (self._urgent, self._normal):
            while queue:
                turn = queue.popleft()
                if not turn.done():
                    turn.set_result(None)  # the lock stays held, by the next one
                    return
        self._held = False

    @asynccontextmanager
    async def held(self, urgent: bool = False) -> AsyncIterator[None]:
        await self.acquire(urgent)
        try:
            yield
        finally:
            self.release()

    async def __aenter__(self) -> None:
        await self.acquire()

    async def __aexit__(self, *exc: object) -> None:
        self.release()


class StoreBase:
    def __init__(self, conn: aiosqlite.Connection | InlineConnection) -> None:
        self._conn = conn
        self._lock = Turnstile()

    # The loket's own connection runs statements on the loop (``inline.py``); a reading
    # snapshot's aiosqlite connection fetches and closes in one worker-thread hop.

    async def _one(self, sql: str, params: Sequence[Any] = ()) -> dict[str, Any] | None:
        rows = await self._conn.execute_fetchall(sql, params)
        return row_dict(next(iter(rows))) if rows else None

    async def _all(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        return [row_dict(r) for r in await self._conn.execute_fetchall(sql, params)]

    async def _insert(self, sql: str, params: Sequence[Any]) -> int:
        row = await self._conn.execute_insert(sql, params)
        if row is None:
            table = sql.partition("(")[0].strip()  # "INSERT INTO handoffs": no values
            raise StorageError(f"{table}: the insert returned no row id")
        return int(row[0])
