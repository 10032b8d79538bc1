"""The customer's verdict on a closed case (CSAT): asked once, rated 1 to 5, an optional
comment, low scores followed up; and the counts the management report reads."""

from __future__ import annotations

import datetime as dt
from typing import Any

from obm_bot.storage.base import StoreBase, db_time


class CsatStore(StoreBase):
    async def ask_csat(
        self,
        *,
        handoff_id: int,
        contact_id: int,
        reference: str,
        assignee: str | None,
        kind: str | None,
        now: dt.datetime,
    ) -> bool:
        """Note that the customer is asked about this case; False when they were already
        (a case closed twice is never asked twice)."""
        cursor = await self._conn.execute(
            "INSERT INTO csat (handoff_id, contact_id, reference, assignee, kind, asked_at)"
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (handoff_id) DO NOTHING",
            (handoff_id, contact_id, reference, assignee, kind, db_time(now)),
        )
        return cursor.rowcount == 1

    async def set_csat_prompt(self, reference: str, message_id: int | None) -> None:
        await self._conn.execute(
            "UPDATE csat SET prompt_message_id = ? WHERE reference = ?", (message_id, reference)
        )

    async def said_since(self, conversation_id: int, message_id: int) -> int:
        """How many messages the customer wrote after this one (the one being answered
        included: it is stored before it is answered)."""
        row = await self._one(
            "SELECT COUNT(*) AS n FROM messages WHERE conversation_id = ? AND id > ?"
            " AND direction = 'in'",
            (conversation_id, message_id),
        )
        return int(row["n"]) if row else 0

    async def csat_by_reference(self, reference: str) -> dict[str, Any] | None:
        return await self._one("SELECT * FROM csat WHERE reference = ?", (reference,))

    async def unrated_csat(self, contact_id: int, since: dt.datetime) -> dict[str, Any] | None:
        """The latest question about a case this customer has not answered, asked after
        ``since``: a typed "4" under the prompt is that rating."""
        return await self._one(
            "SELECT * FROM csat WHERE contact_id = ? AND score IS NULL AND asked_at >= ?"
            " ORDER BY id DESC LIMIT 1",
            (contact_id, db_time(since)),
        )

    async def rate_csat(self, csat_id: int, score: int, now: dt.datetime) -> None:
        await self._conn.execute(
            "UPDATE csat SET score = ?, rated_at = ?, awaiting_comment = 1"
            " WHERE id = ? AND score IS NULL",
            (score, db_time(now), csat_id),
        )

    async def csat_awaiting_comment(self, contact_id: int) -> dict[str, Any] | None:
        return await self._one(
            "SELECT * FROM csat WHERE contact_id = ? AND awaiting_comment = 1"
            " ORDER BY id DESC LIMIT 1",
            (contact_id,),
        )

    async def end_csat_comment(self, csat_id: int, comment: str | None) -> None:
        """The comment (or none: the customer went on with something else)."""
        await self._conn.execute(
            "UPDATE csat SET comment = COALESCE(?, comment), awaiting_comment = 0 WHERE id = ?",
            (comment, csat_id),
        )

    async def csat_follow_ups(self, at_most: int) -> list[dict[str, Any]]:
        """Low scores nobody has followed up yet, oldest first."""
        return await self._all(
            "SELECT * FROM csat WHERE score <= ? AND followed_up_at IS NULL ORDER BY rated_at",
            (at_most,),
        )

    async def follow_up_csat(self, csat_id: int, staff: str, now: dt.datetime) -> None:
        await self._conn.execute(
            "UPDATE csat SET followed_up_at = ?, followed_up_by = ? WHERE id = ?",
            (db_time(now), staff, csat_id),
        )

    async def report_csat(self, start: dt.datetime, end: dt.datetime) -> list[dict[str, Any]]:
        """Customers asked in the period, per account manager, kind of request and score
        (NULL: not rated); in no particular order."""
        return await self._all(
            "SELECT COALESCE(NULLIF(assignee, ''), 'gedeelde wachtrij') AS who,"
            " COALESCE(kind, '') AS kind, score, COUNT(*) AS n FROM csat INDEXED BY csat_by_asked"
            " WHERE asked_at >= ? AND asked_at < ? GROUP BY 1, 2, 3",
            (db_time(start), db_time(end)),
        )

    async def conversation_language(self, conversation_id: int) -> str:
        """The language the customer's conversation speaks ("nl" unless it says "en")."""
        row = await self._one(
            "SELECT json_extract(state, '$.language') AS language FROM conversations"
            " WHERE id = ? AND json_valid(state)",
            (conversation_id,),
        )
        return "en" if row and row["language"] == "en" else "nl"

    async def contact_cases(self, contact_id: int, limit: int) -> list[dict[str, Any]]:
        """A customer's latest cases for /status, newest first: each case's first request
        with how many were recorded with it, and its handoff's state when it has one."""
        return await self._all(
            "SELECT r.id AS request_id, r.reference, r.status AS request_status,"
            " h.status, h.assignee, h.sla_deadline, h.first_response_at, h.callback_at,"
            " h.callback_said, h.outcome"
            " FROM requests r LEFT JOIN handoffs h ON h.request_id = r.id"
            " WHERE r.contact_id = ? AND r.case_reference IS NULL ORDER BY r.id DESC LIMIT ?",
            (contact_id, limit),
        )
