"""The inbox and the outbox: nothing a channel hands over or the loket sends is held in memory only.

The inbox keeps each raw update from the moment it arrives until the engine has answered it;
the outbox keeps each outgoing message until the channel accepted it. A crash in between
leaves rows that the next start (or the running worker) picks up again.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any

from obm_bot.storage.base import StoreBase, db_time

LAST_ERROR_WIDTH = 300
LETTERS_PER_INSERT = 500
"""7 parameters each: well under SQLite's limit of 32,766 per statement."""


class InboundClaim(Enum):
    NEW = "new"
    """Never seen: store it and answer it."""
    UNANSWERED = "unanswered"
    """Stored before, but the process stopped before the reply was worked out."""
    ANSWERED = "answered"
    """A duplicate delivery: nothing to do."""


@dataclass(frozen=True)
class Letter:
    """One outgoing message on its way into the outbox."""

    lane: str
    recipient: str
    payload: str
    origin: str | None
    message_id: int | None


class OutboxStore(StoreBase):
    # --- inbound ids and the reply marker -------------------------------------------------

    async def claim_inbound(self, channel: str, inbound_id: str, now: dt.datetime) -> InboundClaim:
        """Record an inbound id, or say how far an earlier delivery of it got."""
        cursor = await self._conn.execute(
            "INSERT OR IGNORE INTO processed_inbound (channel, inbound_id, created_at) "
            "VALUES (?, ?, ?)",
            (channel, inbound_id, db_time(now)),
        )
        if cursor.rowcount == 1:
            return InboundClaim.NEW
        row = await self._one(
            "SELECT answered_at FROM processed_inbound WHERE channel = ? AND inbound_id = ?",
            (channel, inbound_id),
        )
        answered = row is None or row["answered_at"] is not None
        return InboundClaim.ANSWERED if answered else InboundClaim.UNANSWERED

    async def mark_answered(
        self, channel: str, inbound_ids: Sequence[str], now: dt.datetime
    ) -> None:
        await self._conn.executemany(
            "UPDATE processed_inbound SET answered_at = ? WHERE channel = ? AND inbound_id = ?",
            [(db_time(now), channel, inbound_id) for inbound_id in inbound_ids],
        )

    # --- the inbox ---------------------------------------------------------------------

    async def keep_update(
        self,
        channel: str,
        update_id: str,
        user_id: str | None,
        chat_id: str | None,
        payload: dict[str, Any],
        now: dt.datetime,
    ) -> bool:
        """Store a raw update; False when it was stored before (Telegram sent it again)."""
        cursor = await self._conn.execute(
            "INSERT OR IGNORE INTO inbox (channel, update_id, user_id, chat_id, payload,"
            " received_at) VALUES (?, ?, ?, ?, ?, ?)",
            (channel, update_id, user_id, chat_id, json.dumps(payload), db_time(now)),
        )
        return cursor.rowcount == 1

    async def unhandled_updates(self, channel: str, limit: int = 1000) -> list[dict[str, Any]]:
        rows = await self._all(
            "SELECT update_id, payload, received_at FROM inbox"
            " WHERE channel = ? AND handled_at IS NULL"
            " ORDER BY received_at, CAST(update_id AS INTEGER) LIMIT ?",
            (channel, limit),
        )
        return [{**r, "payload": json.loads(r["payload"])} for r in rows]

    async def mark_handled(self, channel: str, update_ids: Sequence[str], now: dt.datetime) -> None:
        await self._conn.executemany(
            "UPDATE inbox SET handled_at = ? WHERE channel = ? AND update_id = ?",
            [(db_time(now), channel, update_id) for update_id in update_ids],
        )

    # --- the outbox --------------------------------------------------------------------

    async def enqueue(self, letters: Sequence[Letter], batch: str, now: dt.datetime) -> list[int]:
        """One INSERT per ``LETTERS_PER_INSERT`` letters (a turn's few are one statement)."""
        stamp, ids = db_time(now), []
        for start in range(0, len(letters), LETTERS_PER_INSERT):
            chunk = letters[start : start + LETTERS_PER_INSERT]
            rows = await self._conn.execute_fetchall(
                "INSERT INTO outbox (lane, recipient, batch, payload, origin, message_id,"
                " created_at) VALUES " + ", ".join(["(?, ?, ?, ?, ?, ?, ?)"] * len(chunk))
                + " RETURNING id",
                [
                    value
                    for letter in chunk
                    for value in (letter.lane, letter.recipient, batch, letter.payload,
                                  letter.origin, letter.message_id, stamp)
                ],
            )  # fmt: skip
            # RETURNING gives no set order, but the rows of one INSERT get increasing ids in
            # the order of their VALUES: sorted, the ids match the letters.
            ids += sorted(int(row[0]) for row in rows)
        return ids

    async def pending_letters(
        self, lane: str, since: dt.datetime, limit: int = 200
    ) -> list[dict[str, Any]]:
        """Unsent messages of a lane, oldest first; the partial index keeps this small."""
        return await self._all(
            "SELECT id, recipient, batch, payload, origin, attempts FROM outbox"
            " WHERE lane = ? AND sent_at IS NULL AND failed_at IS NULL AND created_at >= ?"
            " ORDER BY id LIMIT ?",
            (lane, db_time(since), limit),
        )

    async def mark_sent(self, letter_ids: Sequence[int], now: dt.datetime) -> None:
        """Sent: the outbox row and the transcript row it came from."""
        stamp = db_time(now)
        await self._conn.executemany(
            "UPDATE outbox SET sent_at = ? WHERE id = ?", [(stamp, i) for i in letter_ids]
        )
        await self._conn.executemany(
            "UPDATE messages SET delivered_at = ? WHERE delivered_at IS NULL AND id ="
            " (SELECT message_id FROM outbox WHERE id = ?)",
            [(stamp, i) for i in letter_ids],
        )

    async def mark_letters_of_messages_sent(
        self, message_ids: Sequence[int], now: dt.datetime
    ) -> None:
        """A terminal showed these transcript rows: their outbox rows are done too."""
        await self._conn.executemany(
            "UPDATE outbox SET sent_at = ? WHERE message_id = ? AND sent_at IS NULL",
            [(db_time(now), i) for i in message_ids],
        )

    async def note_attempt(self, letter_id: int, error: str) -> None:
        await self._conn.execute(
            "UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE id = ?",
            (error[:LAST_ERROR_WIDTH], letter_id),
        )

    async def mark_failed(self, letter_ids: Sequence[int], error: str, now: dt.datetime) -> None:
        """Refused for good (blocked, a bad request): never tried again."""
        await self._conn.executemany(
            "UPDATE outbox SET failed_at = ?, last_error = ? WHERE id = ?",
            [(db_time(now), error[:LAST_ERROR_WIDTH], i) for i in letter_ids],
        )
