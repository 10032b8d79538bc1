"""Staff threads: the chat thread (a Telegram forum topic) where staff work on one handoff."""

from __future__ import annotations

import datetime as dt

from obm_bot.storage.base import StoreBase, db_time
from obm_bot.storage.handoffs import ACTIVE_SQL


class ThreadStore(StoreBase):
    async def thread_for(self, chat_id: int, reference: str) -> int | None:
        row = await self._one(
            "SELECT thread_id FROM staff_threads WHERE chat_id = ? AND reference = ?",
            (chat_id, reference),
        )
        return int(row["thread_id"]) if row else None

    async def reference_for_thread(self, chat_id: int, thread_id: int) -> str | None:
        row = await self._one(
            "SELECT reference FROM staff_threads WHERE chat_id = ? AND thread_id = ?",
            (chat_id, thread_id),
        )
        return str(row["reference"]) if row else None

    async def save_thread(
        self, chat_id: int, reference: str, thread_id: int, now: dt.datetime
    ) -> None:
        """Remember a (new) thread for a handoff; a recreated topic replaces the old one."""
        await self._conn.execute(
            "INSERT INTO staff_threads (chat_id, reference, thread_id, created_at)"
            " VALUES (?, ?, ?, ?) ON CONFLICT (chat_id, reference) DO UPDATE SET"
            " thread_id = excluded.thread_id, created_at = excluded.created_at",
            (chat_id, reference, thread_id, db_time(now)),
        )

    async def next_timer(self) -> dt.datetime | None:
        """The earliest SLA reminder or deadline still to come, so a scheduler can wake then."""
        row = await self._one(
            "SELECT MIN(CASE WHEN reminded_at IS NULL THEN reminder_at ELSE sla_deadline END)"
            f" AS due FROM handoffs WHERE {ACTIVE_SQL} AND first_response_at IS NULL"
            " AND escalated_at IS NULL"
        )
        return dt.datetime.fromisoformat(row["due"]) if row and row["due"] else None

    async def drop_thread(self, chat_id: int, reference: str) -> None:
        """The topic was deleted on purpose (a forgotten customer): do not post there again."""
        await self._conn.execute(
            "DELETE FROM staff_threads WHERE chat_id = ? AND reference = ?", (chat_id, reference)
        )
