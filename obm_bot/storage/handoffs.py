"""Requests, handoffs (the account-manager queue), notes and the audit log."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from obm_bot.domain.models import Contact, Handoff, Priority, Request, RequestKind
from obm_bot.storage.base import StorageError, StoreBase, db_time, py_time

# A literal, not parameters: SQLite uses the partial index handoffs_active only when the
# query's condition is the index's own.
ACTIVE_SQL = "status IN ('open', 'claimed')"
HANDOFF_FIELDS = frozenset({
    "status", "assignee", "reminder_at", "reminded_at", "escalated_at", "claimed_at",
    "first_response_at", "closed_at", "outcome", "sla_deadline", "priority", "callback_at",
    "callback_said", "callback_reminded_at",
})  # fmt: skip


class HandoffStore(StoreBase):
    # --- requests ----------------------------------------------------------------------

    async def next_reference(self, now: dt.datetime) -> str:
        year = now.year
        await self._conn.execute(
            "INSERT INTO reference_counters (year, last) VALUES (?, 1) "
            "ON CONFLICT (year) DO UPDATE SET last = last + 1",
            (year,),
        )
        row = await self._one("SELECT last FROM reference_counters WHERE year = ?", (year,))
        if row is None:
            raise StorageError(f"reference counter for {year} missing right after the upsert")
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
        case_reference: str | None = None,
    ) -> Request:
        reference = await self.next_reference(now)
        request_id = await self._insert(
            "INSERT INTO requests (reference, contact_id, conversation_id, kind, intent, courses,"
            " entities, summary, status, created_at, case_reference)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (reference, contact_id, conversation_id, kind.value, intent, json.dumps(courses),
             json.dumps(entities, ensure_ascii=False), summary, "nieuw", db_time(now),
             case_reference),
        )  # fmt: skip
        request = await self.request_by_id(request_id)
        if request is None:
            raise StorageError(f"request {request_id} missing right after the insert")
        return request

    async def request_by_id(self, request_id: int) -> Request | None:
        row = await self._one("SELECT * FROM requests WHERE id = ?", (request_id,))
        return self._request(row) if row else None

    @staticmethod
    def _request(row: dict[str, Any]) -> Request:
        row.pop("case_reference", None)
        return Request.model_validate({
            **row, "courses": json.loads(row["courses"]), "entities": json.loads(row["entities"]),
            "created_at": py_time(row["created_at"]),
        })  # fmt: skip

    async def set_request_status(self, request_id: int, status: str) -> None:
        """The request and the others recorded with it in the same case."""
        for request in await self.case_requests(request_id):
            await self._conn.execute(
                "UPDATE requests SET status = ? WHERE id = ?", (status, request.id)
            )

    async def case_heads(self, request_ids: list[int]) -> dict[int, tuple[Request, int]]:
        """For each request: itself and how many requests were recorded with it; one query
        for a whole queue listing."""
        if not request_ids:
            return {}
        marks = ", ".join("?" * len(request_ids))
        rows = await self._all(
            "SELECT r.*, (SELECT COUNT(*) FROM requests c WHERE c.case_reference = r.reference)"
            f" AS others FROM requests r WHERE r.id IN ({marks})",
            request_ids,
        )
        heads = {}
        for row in rows:
            others = int(row.pop("others"))
            heads[int(row["id"])] = (self._request(row), others)
        return heads

    async def case_requests(self, request_id: int) -> list[Request]:
        """A case's requests, its own first: those recorded together with ``request_id``."""
        first = await self.request_by_id(request_id)
        if first is None:
            return []
        # Two indexed lookups: an OR across both columns would scan the whole table.
        rows = await self._all(
            "SELECT id FROM requests WHERE case_reference = ? ORDER BY id", (first.reference,)
        )
        others = [await self.request_by_id(int(row["id"])) for row in rows]
        return [first, *(r for r in others if r is not None)]

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
            "callback_at",
            "callback_reminded_at",
        )
        return Handoff.model_validate({**row, **{t: py_time(row[t]) for t in times}})

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
             db_time(now), db_time(sla_deadline), db_time(reminder_at)),
        )  # fmt: skip
        return await self.handoff(handoff_id)

    async def handoff(self, handoff_id: int) -> Handoff:
        row = await self._one("SELECT * FROM handoffs WHERE id = ?", (handoff_id,))
        if row is None:
            raise LookupError(f"handoff {handoff_id}")
        return self._handoff(row)

    async def handoff_by_reference(self, reference: str) -> Handoff | None:
        """The handoff of a case, by its own reference or that of any request in it."""
        # Unique (migration 0007): every handoff is opened for a newly recorded request.
        row = await self._one("SELECT * FROM handoffs WHERE reference = ?", (reference,))
        if row is None:
            row = await self._one(
                "SELECT h.* FROM handoffs h JOIN requests r ON r.case_reference = h.reference"
                " WHERE r.reference = ? ORDER BY h.id DESC LIMIT 1",
                (reference,),
            )
        return self._handoff(row) if row else None

    async def active_handoff(self, conversation_id: int) -> Handoff | None:
        row = await self._one(
            f"SELECT * FROM handoffs WHERE conversation_id = ? AND {ACTIVE_SQL} "
            "ORDER BY id DESC LIMIT 1",
            (conversation_id,),
        )
        return self._handoff(row) if row else None

    async def assigned_handoffs(self) -> list[Handoff]:
        """Active handoffs that are on somebody's name, oldest first."""
        rows = await self._all(
            f"SELECT * FROM handoffs WHERE {ACTIVE_SQL} AND assignee IS NOT NULL"
            " ORDER BY opened_at, id"
        )
        return [self._handoff(r) for r in rows]

    async def update_handoff(self, handoff_id: int, **fields: Any) -> Handoff:
        unknown = set(fields) - HANDOFF_FIELDS
        if unknown:
            raise ValueError(f"unknown handoff fields {sorted(unknown)}")
        values = [
            db_time(v) if isinstance(v, dt.datetime) else (v.value if hasattr(v, "value") else v)
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
                blocked=bool(row.pop("c_blocked")), created_at=py_time(row.pop("c_created")),
            )  # fmt: skip
            result.append((self._handoff(row), contact))
        return result

    async def due_timers(self, now: dt.datetime) -> list[Handoff]:
        """Active handoffs without a first response whose reminder or deadline has passed."""
        rows = await self._all(
            f"SELECT * FROM handoffs WHERE {ACTIVE_SQL} AND first_response_at IS NULL AND ("
            " (reminded_at IS NULL AND reminder_at <= ?) OR"
            " (escalated_at IS NULL AND sla_deadline <= ?)) ORDER BY opened_at",
            (db_time(now), db_time(now)),
        )
        return [self._handoff(r) for r in rows]

    async def due_callbacks(self, now: dt.datetime) -> list[Handoff]:
        """Active handoffs whose customer wanted a call by now and whose holder has not been
        reminded of it yet."""
        rows = await self._all(
            f"SELECT * FROM handoffs WHERE {ACTIVE_SQL} AND callback_at IS NOT NULL"
            " AND callback_reminded_at IS NULL AND callback_at <= ? ORDER BY callback_at",
            (db_time(now),),
        )
        return [self._handoff(r) for r in rows]

    async def next_callback(self) -> dt.datetime | None:
        row = await self._one(
            f"SELECT MIN(callback_at) AS due FROM handoffs WHERE {ACTIVE_SQL}"
            " AND callback_at IS NOT NULL AND callback_reminded_at IS NULL"
        )
        return dt.datetime.fromisoformat(row["due"]) if row and row["due"] else None

    async def add_note(self, handoff_id: int, author: str, text: str, now: dt.datetime) -> None:
        await self._insert(
            "INSERT INTO handoff_notes (handoff_id, author, text, created_at) VALUES (?, ?, ?, ?)",
            (handoff_id, author, text, db_time(now)),
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
            (actor, action, handoff_id, json.dumps(details, ensure_ascii=False), db_time(now)),
        )

    async def audit_entries(self, handoff_id: int | None = None) -> list[dict[str, Any]]:
        if handoff_id is None:
            return await self._all("SELECT * FROM audit_log ORDER BY id")
        return await self._all(
            "SELECT * FROM audit_log WHERE handoff_id = ? ORDER BY id", (handoff_id,)
        )
