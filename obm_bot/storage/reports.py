"""What the management report reads: requests, demand signals, handoffs and learners in a
period, as plain rows (the report computes; the store only selects)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from obm_bot.storage.base import StoreBase, db_time


class ReportStore(StoreBase):
    async def add_demand_signal(
        self,
        now: dt.datetime,
        contact_id: int,
        role: str | None,
        company: str | None,
        intent: str,
        text: str,
        course_id: str | None,
        score: float | None,
        participants: int | None,
    ) -> None:
        await self._insert(
            "INSERT INTO demand_signals (created_at, contact_id, role, company, intent, text,"
            " course_id, score, participants) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (db_time(now), contact_id, role, company, intent, text, course_id, score,
             participants),
        )  # fmt: skip

    async def report_requests(
        self, start: dt.datetime, end: dt.datetime, with_contacts: bool = False
    ) -> list[dict[str, Any]]:
        people = ", c.name, c.phone, c.channel" if with_contacts else ""
        rows = await self._all(
            # A forgotten contact has no role or company: the request kept them (privacy.py).
            "SELECT r.reference, r.created_at, r.kind, r.intent, r.courses, r.entities,"
            " r.status, COALESCE(c.role, json_extract(r.entities, '$.role')) AS role,"
            " COALESCE(c.company, json_extract(r.entities, '$.member_company')) AS company"
            + people
            + " FROM requests r"
            " JOIN contacts c ON c.id = r.contact_id"
            " WHERE r.created_at >= ? AND r.created_at < ? ORDER BY r.created_at, r.id",
            (db_time(start), db_time(end)),
        )
        for row in rows:
            row["courses"] = json.loads(row["courses"])
            row["entities"] = json.loads(row["entities"])
        return rows

    async def report_signals(self, start: dt.datetime, end: dt.datetime) -> list[dict[str, Any]]:
        return await self._all(
            "SELECT created_at, role, company, intent, text, course_id, score, participants"
            " FROM demand_signals WHERE created_at >= ? AND created_at < ? ORDER BY id",
            (db_time(start), db_time(end)),
        )

    async def report_handoffs(self, start: dt.datetime, end: dt.datetime) -> list[dict[str, Any]]:
        """Handoffs opened in the period, and every one still open (the queue's age)."""
        return await self._all(
            "SELECT reference, status, priority, assignee, opened_at, sla_deadline,"
            " first_response_at, closed_at, outcome FROM handoffs"
            " WHERE (opened_at >= ? AND opened_at < ?) OR status IN ('open', 'claimed')"
            " ORDER BY opened_at",
            (db_time(start), db_time(end)),
        )

    async def report_learners(self) -> list[dict[str, Any]]:
        return await self._all(
            "SELECT id, name, company, qualification_id, path, start_date, planned_end, status,"
            " stop_reason, ended_on FROM learners ORDER BY id"
        )

    async def report_milestones(self) -> list[dict[str, Any]]:
        return await self._all(
            "SELECT m.learner_id, m.name, m.original_due, m.due_date, m.status, m.achieved_on"
            " FROM milestones m JOIN learners l ON l.id = m.learner_id ORDER BY m.id"
        )
