"""The store: every read and write the loket does, as parameterised SQL on one connection.

All writes of one inbound message happen inside ``transaction()`` so that a crash leaves
either everything or nothing; a lock serialises transactions on the shared connection.
"""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import aiosqlite

from obm_bot.storage.absences import AbsenceStore
from obm_bot.storage.coaches import CoachStore
from obm_bot.storage.conversations import ConversationStore
from obm_bot.storage.csat import CsatStore
from obm_bot.storage.database import connect
from obm_bot.storage.handoffs import HandoffStore
from obm_bot.storage.learners import LearnerStore
from obm_bot.storage.outbox import OutboxStore
from obm_bot.storage.privacy import PrivacyStore
from obm_bot.storage.reports import ReportStore
from obm_bot.storage.threads import ThreadStore


class Store(
    AbsenceStore,
    CoachStore,
    ConversationStore,
    CsatStore,
    HandoffStore,
    LearnerStore,
    OutboxStore,
    PrivacyStore,
    ReportStore,
    ThreadStore,
):
    path: Path | str = ":memory:"

    @classmethod
    async def open(cls, path: Path | str) -> Store:
        store = cls(await connect(path))
        store.path = path
        return store

    @asynccontextmanager
    async def reading(self) -> AsyncIterator[Store]:
        """One consistent snapshot on a connection of its own, for long reads (the report):
        in WAL mode it never holds the write lock, so the desk keeps answering meanwhile."""
        if str(self.path) == ":memory:":  # one connection is the whole database
            async with self.transaction():
                yield self
            return
        conn = await aiosqlite.connect(self.path, isolation_level=None)
        try:
            conn.row_factory = aiosqlite.Row
            await conn.execute("PRAGMA query_only = ON")
            await conn.execute("BEGIN")  # deferred: the snapshot is taken at the first read
            try:
                yield Store(conn)
            finally:
                await conn.execute("ROLLBACK")
        finally:
            await conn.close()

    async def close(self) -> None:
        await self._conn.close()

    @asynccontextmanager
    async def transaction(self, urgent: bool = False) -> AsyncIterator[None]:
        # Statements run on the loop and seldom suspend: give what is ready (a reply Telegram
        # just accepted, waiting to be marked sent) its turn before this transaction.
        await asyncio.sleep(0)
        async with self._lock.held(urgent):
            try:
                await self._conn.execute("BEGIN IMMEDIATE")
            except BaseException:
                # Cancelled while waiting (a stopping poller): aiosqlite still runs the
                # statement on its thread, so undo it, or the next BEGIN fails.
                with contextlib.suppress(sqlite3.Error):
                    await self._conn.execute("ROLLBACK")
                raise
            try:
                yield
            except BaseException:
                await self._conn.execute("ROLLBACK")
                raise
            await self._conn.execute("COMMIT")
