"""The store: every read and write the loket does, as parameterised SQL on one connection.

All writes of one inbound message happen inside ``transaction()`` so that a crash leaves
either everything or nothing; a lock serialises transactions on the shared connection.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiosqlite

from obm_bot.domain.models import (
    Contact,
    Conversation,
    Handoff,
    Message,
    Priority,
    Request,
    RequestKind,
)
from obm_bot.storage.database import connect

# A literal, not parameters: SQLite uses the partial index handoffs_active only when the
# query's condition is the index's own.
ACTIVE_SQL = "status IN ('open', 'claimed')"
CONTACT_FIELDS = frozenset({"role", "name", "company", "phone", "display_name", "blocked"})
HANDOFF_FIELDS = frozenset({
    "status", "assignee", "reminder_at", "reminded_at", "escalated_at", "claimed_at",
    "first_response_at", "closed_at", "outcome", "sla_deadline", "priority",
})  # fmt: skip


def _ts(value: dt.datetime | None) -> str | None:
    return value.astimezone(dt.UTC).isoformat() if value else None


def _dt(value: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if value else None


def _row(row: aiosqlite.Row) -> dict[str, Any]:
    return {key: row[key] for key in row.keys()}  # noqa: SIM118 (Row has no __iter__ of keys)


class Store:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn
        self._lock = asyncio.Lock()

    @classmethod
    async def open(cls, path: Path | str) -> Store:
        return cls(await connect(path))

    async def close(self) -> None:
        await self._conn.close()

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[None]:
        async with self._lock:
            await self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                await self._conn.execute("ROLLBACK")
                raise
            await self._conn.execute("COMMIT")

    # One worker-thread round trip per statement: aiosqlite's execute_fetchall/execute_insert
    # fetch and close in the same hop, which triples throughput over cursor loops.

    async def _one(self, sql: str, params: Sequence[Any] = ()) -> dict[str, Any] | None:
        rows = await self._conn.execute_fetchall(sql, params)
        return _row(next(iter(rows))) if rows else None

    async def _all(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        return [_row(r) for r in await self._conn.execute_fetchall(sql, params)]

    async def _insert(self, sql: str, params: Sequence[Any]) -> int:
        row = await self._conn.execute_insert(sql, params)
        assert row is not None
        return int(row[0])

    # --- idempotency -------------------------------------------------------------------

    async def claim_inbound(self, channel: str, inbound_id: str, now: dt.datetime) -> bool:
        """Record an inbound id; False when it was seen before (a duplicate delivery)."""
        cursor = await self._conn.execute(
            "INSERT OR IGNORE INTO processed_inbound (channel, inbound_id, created_at) "
            "VALUES (?, ?, ?)",
            (channel, inbound_id, _ts(now)),
        )
        return cursor.rowcount == 1

    # --- contacts ----------------------------------------------------------------------

    @staticmethod
    def _contact(row: dict[str, Any]) -> Contact:
        row.pop("company_id", None)
        return Contact.model_validate(
            {**row, "blocked": bool(row["blocked"]), "created_at": _dt(row["created_at"])}
        )

    async def contact(self, channel: str, user_id: str) -> Contact | None:
        row = await self._one(
            "SELECT * FROM contacts WHERE channel = ? AND channel_user_id = ?", (channel, user_id)
        )
        return self._contact(row) if row else None

    async def contact_by_id(self, contact_id: int) -> Contact:
        row = await self._one("SELECT * FROM contacts WHERE id = ?", (contact_id,))
        if row is None:
            raise LookupError(f"contact {contact_id}")
        return self._contact(row)

    async def get_or_create_contact(
        self, channel: str, user_id: str, display_name: str | None, now: dt.datetime
    ) -> tuple[Contact, bool]:
        found = await self.contact(channel, user_id)
        if found:
            return found, False
        await self._insert(
            "INSERT INTO contacts (channel, channel_user_id, display_name, created_at) "
            "VALUES (?, ?, ?, ?)",
            (channel, user_id, display_name, _ts(now)),
        )
        created = await self.contact(channel, user_id)
        assert created is not None
        return created, True

    async def update_contact(self, contact_id: int, **fields: Any) -> None:
        unknown = set(fields) - CONTACT_FIELDS
        if unknown:
            raise ValueError(f"unknown contact fields {sorted(unknown)}")
        if not fields:
            return
        assignments = ", ".join(f"{name} = ?" for name in fields)  # names checked above
        values = [v.value if hasattr(v, "value") else v for v in fields.values()]
        await self._conn.execute(
            f"UPDATE contacts SET {assignments} WHERE id = ?", (*values, contact_id)
        )

    # --- conversations and transcript ----------------------------------------------------

    @staticmethod
    def _conversation(row: dict[str, Any]) -> Conversation:
        return Conversation(
            id=row["id"], contact_id=row["contact_id"], state=json.loads(row["state"]),
            created_at=_dt(row["created_at"]), updated_at=_dt(row["updated_at"]),
        )  # fmt: skip

    async def conversation_for(self, contact_id: int, now: dt.datetime) -> Conversation:
        """The contact's current conversation; a first one is created on first contact."""
        row = await self._one(
            "SELECT * FROM conversations WHERE contact_id = ? ORDER BY id DESC LIMIT 1",
            (contact_id,),
        )
        if row:
            return self._conversation(row)
        await self._insert(
            "INSERT INTO conversations (contact_id, created_at, updated_at) VALUES (?, ?, ?)",
            (contact_id, _ts(now), _ts(now)),
        )
        return await self.conversation_for(contact_id, now)

    async def conversation_by_id(self, conversation_id: int) -> Conversation:
        row = await self._one("SELECT * FROM conversations WHERE id = ?", (conversation_id,))
        if row is None:
            raise LookupError(f"conversation {conversation_id}")
        return self._conversation(row)

    async def save_state(
        self, conversation_id: int, state: dict[str, Any], now: dt.datetime
    ) -> None:
        await self._conn.execute(
            "UPDATE conversations SET state = ?, updated_at = ? WHERE id = ?",
            (json.dumps(state, ensure_ascii=False), _ts(now), conversation_id),
        )

    async def add_message(
        self,
        conversation_id: int,
        direction: str,
        author: str,
        text: str,
        now: dt.datetime,
        recipient: str | None = None,
        buttons: list[list[dict[str, str]]] | None = None,
        delivered: bool = True,
    ) -> int:
        return await self._insert(
            "INSERT INTO messages (conversation_id, direction, author, recipient, text, buttons,"
            " created_at, delivered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (conversation_id, direction, author, recipient, text,
             json.dumps(buttons) if buttons else None, _ts(now), None if not delivered
             else _ts(now)),
        )  # fmt: skip

    async def transcript(self, conversation_id: int, limit: int = 50) -> list[Message]:
        rows = await self._all(
            "SELECT id, conversation_id, direction, author, text, created_at FROM messages "
            "WHERE conversation_id = ? ORDER BY id DESC LIMIT ?",
            (conversation_id, limit),
        )
        return [
            Message.model_validate({**r, "created_at": _dt(r["created_at"])})
            for r in reversed(rows)
        ]

    async def undelivered(self, recipient: str) -> list[dict[str, Any]]:
        """Outgoing messages for a recipient another process must deliver (terminal adapters)."""
        rows = await self._all(
            "SELECT id, text, buttons FROM messages WHERE recipient = ? AND delivered_at IS NULL "
            "ORDER BY id",
            (recipient,),
        )
        for row in rows:
            row["buttons"] = json.loads(row["buttons"]) if row["buttons"] else []
        return rows

    async def mark_delivered(self, message_ids: Sequence[int], now: dt.datetime) -> None:
        await self._conn.executemany(
            "UPDATE messages SET delivered_at = ? WHERE id = ?",
            [(_ts(now), message_id) for message_id in message_ids],
        )

    # --- requests ----------------------------------------------------------------------

    async def next_reference(self, now: dt.datetime) -> str:
        year = now.year
        await self._conn.execute(
            "INSERT INTO reference_counters (year, last) VALUES (?, 1) "
            "ON CONFLICT (year) DO UPDATE SET last = last + 1",
            (year,),
        )
        row = await self._one("SELECT last FROM reference_counters WHERE year = ?", (year,))
        assert row is not None
        return f"OBM-{year}-{row['last']:06d}"

    async def create_request(
        self,
        *,
        contact_id: int,
        conversation_id: int,
        kind: RequestKind,
        intent: str,
        courses: list[str],
        entities: dict[str, Any],
        summary: str,
        now: dt.datetime,
    ) -> Request:
        reference = await self.next_reference(now)
        request_id = await self._insert(
            "INSERT INTO requests (reference, contact_id, conversation_id, kind, intent, courses,"
            " entities, summary, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (reference, contact_id, conversation_id, kind.value, intent, json.dumps(courses),
             json.dumps(entities, ensure_ascii=False), summary, "nieuw", _ts(now)),
        )  # fmt: skip
        request = await self.request_by_id(request_id)
        assert request is not None
        return request

    async def request_by_id(self, request_id: int) -> Request | None:
        row = await self._one("SELECT * FROM requests WHERE id = ?", (request_id,))
        if row is None:
            return None
        return Request.model_validate({
            **row, "courses": json.loads(row["courses"]), "entities": json.loads(row["entities"]),
            "created_at": _dt(row["created_at"]),
        })  # fmt: skip

    async def set_request_status(self, request_id: int, status: str) -> None:
        await self._conn.execute(
            "UPDATE requests SET status = ? WHERE id = ?", (status, request_id)
        )

    # --- handoffs ----------------------------------------------------------------------

    @staticmethod
    def _handoff(row: dict[str, Any]) -> Handoff:
        times = (
            "opened_at",
            "sla_deadline",
            "reminder_at",
            "reminded_at",
            "escalated_at",
            "claimed_at",
            "first_response_at",
            "closed_at",
        )
        return Handoff.model_validate({**row, **{t: _dt(row[t]) for t in times}})

    async def create_handoff(
        self,
        *,
        reference: str,
        request_id: int | None,
        conversation_id: int,
        contact_id: int,
        priority: Priority,
        assignee: str | None,
        now: dt.datetime,
        sla_deadline: dt.datetime,
        reminder_at: dt.datetime,
    ) -> Handoff:
        handoff_id = await self._insert(
            "INSERT INTO handoffs (reference, request_id, conversation_id, contact_id, status,"
            " priority, assignee, opened_at, sla_deadline, reminder_at)"
            " VALUES (?, ?, ?, ?, 'open', ?, ?, ?, ?, ?)",
            (reference, request_id, conversation_id, contact_id, priority.value, assignee,
             _ts(now), _ts(sla_deadline), _ts(reminder_at)),
        )  # fmt: skip
        return await self.handoff(handoff_id)

    async def handoff(self, handoff_id: int) -> Handoff:
        row = await self._one("SELECT * FROM handoffs WHERE id = ?", (handoff_id,))
        if row is None:
            raise LookupError(f"handoff {handoff_id}")
        return self._handoff(row)

    async def handoff_by_reference(self, reference: str) -> Handoff | None:
        row = await self._one(
            "SELECT * FROM handoffs WHERE reference = ? ORDER BY id DESC LIMIT 1", (reference,)
        )
        return self._handoff(row) if row else None

    async def active_handoff(self, conversation_id: int) -> Handoff | None:
        row = await self._one(
            f"SELECT * FROM handoffs WHERE conversation_id = ? AND {ACTIVE_SQL} "
            "ORDER BY id DESC LIMIT 1",
            (conversation_id,),
        )
        return self._handoff(row) if row else None

    async def update_handoff(self, handoff_id: int, **fields: Any) -> Handoff:
        unknown = set(fields) - HANDOFF_FIELDS
        if unknown:
            raise ValueError(f"unknown handoff fields {sorted(unknown)}")
        values = [
            _ts(v) if isinstance(v, dt.datetime) else (v.value if hasattr(v, "value") else v)
            for v in fields.values()
        ]
        assignments = ", ".join(f"{name} = ?" for name in fields)  # names checked above
        await self._conn.execute(
            f"UPDATE handoffs SET {assignments} WHERE id = ?", (*values, handoff_id)
        )
        return await self.handoff(handoff_id)

    async def queue(self, limit: int = 50) -> list[tuple[Handoff, Contact]]:
        """Active handoffs, oldest first, each with its contact."""
        rows = await self._all(
            "SELECT h.*, c.channel AS c_channel, c.channel_user_id AS c_user, c.display_name AS"
            " c_display, c.role AS c_role, c.name AS c_name, c.company AS c_company,"
            " c.phone AS c_phone, c.blocked AS c_blocked, c.created_at AS c_created"
            " FROM handoffs h JOIN contacts c ON c.id = h.contact_id"
            f" WHERE h.{ACTIVE_SQL} ORDER BY h.opened_at, h.id LIMIT ?",
            (limit,),
        )
        result = []
        for row in rows:
            contact = Contact(
                id=row["contact_id"], channel=row.pop("c_channel"), channel_user_id=row.pop(
                    "c_user"), display_name=row.pop("c_display"), role=row.pop("c_role"),
                name=row.pop("c_name"), company=row.pop("c_company"), phone=row.pop("c_phone"),
                blocked=bool(row.pop("c_blocked")), created_at=_dt(row.pop("c_created")),
            )  # fmt: skip
            result.append((self._handoff(row), contact))
        return result

    async def due_timers(self, now: dt.datetime) -> list[Handoff]:
        """Active handoffs without a first response whose reminder or deadline has passed."""
        rows = await self._all(
            f"SELECT * FROM handoffs WHERE {ACTIVE_SQL} AND first_response_at IS NULL AND ("
            " (reminded_at IS NULL AND reminder_at <= ?) OR"
            " (escalated_at IS NULL AND sla_deadline <= ?)) ORDER BY opened_at",
            (_ts(now), _ts(now)),
        )
        return [self._handoff(r) for r in rows]

    async def pending_timers(self) -> list[Handoff]:
        """Every reminder or escalation still to come; used to re-arm timers after a restart."""
        rows = await self._all(
            f"SELECT * FROM handoffs WHERE {ACTIVE_SQL} AND first_response_at IS NULL AND "
            "(reminded_at IS NULL OR escalated_at IS NULL) ORDER BY opened_at",
        )
        return [self._handoff(r) for r in rows]

    async def add_note(self, handoff_id: int, author: str, text: str, now: dt.datetime) -> None:
        await self._insert(
            "INSERT INTO handoff_notes (handoff_id, author, text, created_at) VALUES (?, ?, ?, ?)",
            (handoff_id, author, text, _ts(now)),
        )

    async def notes(self, handoff_id: int) -> list[dict[str, Any]]:
        return await self._all(
            "SELECT author, text, created_at FROM handoff_notes WHERE handoff_id = ? ORDER BY id",
            (handoff_id,),
        )

    async def audit(
        self,
        actor: str,
        action: str,
        handoff_id: int | None,
        details: dict[str, Any],
        now: dt.datetime,
    ) -> None:
        await self._insert(
            "INSERT INTO audit_log (actor, action, handoff_id, details, created_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (actor, action, handoff_id, json.dumps(details, ensure_ascii=False), _ts(now)),
        )

    async def audit_entries(self, handoff_id: int | None = None) -> list[dict[str, Any]]:
        if handoff_id is None:
            return await self._all("SELECT * FROM audit_log ORDER BY id")
        return await self._all(
            "SELECT * FROM audit_log WHERE handoff_id = ? ORDER BY id", (handoff_id,)
        )
