"""The loket's SQLite connection: aiosqlite's calls, with most statements run on the loop.

A statement of the loket costs 2–5 µs; aiosqlite sends each one to its worker thread and back,
about 160 µs, and that hop was half of the engine's time per message. Here statements run on
the loop, with SQLite's own busy wait off. Only taking the write lock can wait for another
process: ``BEGIN IMMEDIATE`` is tried at once and, while another process holds the lock,
tried again after short async sleeps, up to the busy timeout, so the loop never blocks.
Once the write lock is held, a statement in WAL mode waits for nobody. A checkpoint or a
script (migrations) runs in a thread with the busy timeout. Long reads (the report) use
aiosqlite on a connection of their own.
"""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import Callable, Iterable, Sequence
from enum import Enum
from pathlib import Path
from typing import Any

TAKES_LOCK = ("BEGIN IMMEDIATE", "BEGIN EXCLUSIVE")
MAY_WAIT = ("PRAGMA WAL_CHECKPOINT",)
FIRST_PAUSE_SECONDS = 0.002
LONGEST_PAUSE_SECONDS = 0.1


MAX_KINDS_KEPT = 4096


class _Kind(Enum):
    PLAIN = "plain"
    LOCK = "lock"
    WAIT = "wait"


def _kind(sql: str) -> _Kind:
    start = sql.lstrip().upper()
    if start.startswith(TAKES_LOCK):
        return _Kind.LOCK
    if start.startswith(MAY_WAIT):
        return _Kind.WAIT
    return _Kind.PLAIN


_KINDS: dict[str, _Kind] = {}
"""Each statement text's kind, worked out once: every statement passes through ``_run``."""


class InlineConnection:
    def __init__(self, conn: sqlite3.Connection, busy_timeout_ms: int) -> None:
        self._conn = conn
        self.busy_timeout_ms = busy_timeout_ms
        conn.execute("PRAGMA busy_timeout = 0")  # waiting is done here, without blocking

    @classmethod
    async def open(cls, path: Path | str, busy_timeout_ms: int) -> InlineConnection:
        conn = await asyncio.to_thread(
            sqlite3.connect, path, isolation_level=None, check_same_thread=False
        )
        conn.row_factory = sqlite3.Row
        return cls(conn, busy_timeout_ms)

    async def _take_lock(self, sql: str) -> sqlite3.Cursor:
        deadline = time.monotonic() + self.busy_timeout_ms / 1000
        pause = FIRST_PAUSE_SECONDS
        while True:
            try:
                return self._conn.execute(sql)
            except sqlite3.OperationalError as exc:
                locked = "locked" in str(exc) or "busy" in str(exc)
                if not locked or time.monotonic() >= deadline:
                    raise
            await asyncio.sleep(pause)
            pause = min(pause * 2, LONGEST_PAUSE_SECONDS)

    def _waiting(self, work: Callable[[], sqlite3.Cursor]) -> sqlite3.Cursor:
        """In a thread: SQLite's busy wait on for this one piece of work."""
        self._conn.execute(f"PRAGMA busy_timeout = {self.busy_timeout_ms}")
        try:
            return work()
        finally:
            self._conn.execute("PRAGMA busy_timeout = 0")

    async def _run(self, sql: str, parameters: Any) -> sqlite3.Cursor:
        kind = _KINDS.get(sql)
        if kind is None:
            kind = _kind(sql)
            if len(_KINDS) < MAX_KINDS_KEPT:  # the loket's statements are a few hundred texts
                _KINDS[sql] = kind
        if kind is _Kind.LOCK:
            return await self._take_lock(sql)
        if kind is _Kind.WAIT:
            return await asyncio.to_thread(
                self._waiting, lambda: self._conn.execute(sql, parameters)
            )
        return self._conn.execute(sql, parameters)

    @property
    def in_transaction(self) -> bool:
        return self._conn.in_transaction

    async def execute(self, sql: str, parameters: Any = ()) -> sqlite3.Cursor:
        return await self._run(sql, parameters)

    async def executemany(self, sql: str, parameters: Iterable[Any]) -> sqlite3.Cursor:
        return self._conn.executemany(sql, parameters)

    async def execute_fetchall(self, sql: str, parameters: Any = ()) -> list[sqlite3.Row]:
        rows: list[sqlite3.Row] = (await self._run(sql, parameters)).fetchall()
        return rows

    async def execute_insert(self, sql: str, parameters: Sequence[Any] = ()) -> tuple[int] | None:
        row_id = self._conn.execute(sql, parameters).lastrowid
        return None if row_id is None else (row_id,)

    async def executescript(self, script: str) -> sqlite3.Cursor:
        return await asyncio.to_thread(self._waiting, lambda: self._conn.executescript(script))

    async def rollback(self) -> None:
        self._conn.rollback()

    async def close(self) -> None:
        self._conn.close()
