"""What the management report reads: counts grouped in SQL (requests, demand signals and
handoffs in a period), the unmet wordings to cluster, learners, and the request rows for the
CSV only. The report computes the figures from these; nothing reads a row per request unless
a CSV is asked for."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from obm_bot.storage.base import StoreBase, db_time

# Who a handoff counts for in the service figures.
WHO = "COALESCE(NULLIF(assignee, ''), 'gedeelde wachtrij')"


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

    async def report_request_times(
        self, start: dt.datetime, end: dt.datetime, key_length: int = 13
    ) -> list[dict[str, Any]]:
        """Requests per UTC hour (key_length 13: "2026-01-05T08") or minute (16), with the
        stored offset ("+00:00"): the report turns them into the OBM's local days."""
        return await self._all(
            "SELECT substr(created_at, 1, ?) AS at, substr(created_at, -6) AS offset,"
            " COUNT(*) AS n FROM requests WHERE created_at >= ? AND created_at < ?"
            " GROUP BY 1, 2",
            (key_length, db_time(start), db_time(end)),
        )

    async def report_request_intents(
        self, start: dt.datetime, end: dt.datetime
    ) -> list[dict[str, Any]]:
        return await self._all(
            "SELECT intent, COUNT(*) AS n FROM requests"
            " WHERE created_at >= ? AND created_at < ? GROUP BY intent",
            (db_time(start), db_time(end)),
        )

    async def report_request_askers(
        self, start: dt.datetime, end: dt.datetime
    ) -> list[dict[str, Any]]:
        """Requests per role and company, in the order each was first seen."""
        return await self._all(
            # A forgotten contact has no role or company: the request kept them (privacy.py).
            "SELECT COALESCE(c.role, json_extract(r.entities, '$.role')) AS role,"
            " COALESCE(c.company, json_extract(r.entities, '$.member_company')) AS company,"
            " COUNT(*) AS n, MIN(r.created_at || printf(' %012d', r.id)) AS first"
            " FROM requests r JOIN contacts c ON c.id = r.contact_id"
            " WHERE r.created_at >= ? AND r.created_at < ? GROUP BY 1, 2 ORDER BY first",
            (db_time(start), db_time(end)),
        )

    async def report_request_courses(
        self, start: dt.datetime, end: dt.datetime
    ) -> list[dict[str, Any]]:
        """Requests and participants (1 when not said) per course and company."""
        return await self._all(
            "SELECT j.value AS course_id,"
            " COALESCE(c.company, json_extract(r.entities, '$.member_company')) AS company,"
            " COUNT(*) AS n, SUM(COALESCE(NULLIF("
            "CAST(json_extract(r.entities, '$.participants') AS INTEGER), 0), 1)) AS people"
            " FROM requests r JOIN contacts c ON c.id = r.contact_id, json_each(r.courses) j"
            " WHERE r.created_at >= ? AND r.created_at < ? GROUP BY 1, 2",
            (db_time(start), db_time(end)),
        )

    async def report_signal_courses(
        self, start: dt.datetime, end: dt.datetime
    ) -> list[dict[str, Any]]:
        """Questions per course; the row with course_id NULL counts all the others."""
        return await self._all(
            "SELECT NULLIF(course_id, '') AS course_id, COUNT(*) AS n FROM demand_signals"
            " WHERE created_at >= ? AND created_at < ? GROUP BY 1",
            (db_time(start), db_time(end)),
        )

    async def report_unmet_texts(
        self, start: dt.datetime, end: dt.datetime, below: float
    ) -> list[dict[str, Any]]:
        """Each distinct unmet wording once, with how often, in the order first asked."""
        return await self._all(
            "SELECT text, COUNT(*) AS n FROM demand_signals"
            " WHERE created_at >= ? AND created_at < ? AND text IS NOT NULL AND text != ''"
            " AND (score IS NULL OR score < ?) GROUP BY text ORDER BY MIN(id)",
            (db_time(start), db_time(end), below),
        )

    async def report_handoff_counts(
        self, start: dt.datetime, end: dt.datetime, until: dt.datetime
    ) -> list[dict[str, Any]]:
        """Handoffs opened in the period, counted in one pass per person; SLA state as of
        ``until`` ("met", "missed": answered late, or never and past the deadline; NULL: still
        in time, or cancelled before anybody answered); minutes to the first answer (NULL:
        none yet); outcome when closed (else NULL)."""
        return await self._all(
            f"SELECT {WHO} AS who, CASE"
            " WHEN COALESCE(first_response_at, '') != ''"
            "  THEN CASE WHEN first_response_at <= sla_deadline THEN 'met' ELSE 'missed' END"
            " WHEN status != 'cancelled' AND COALESCE(sla_deadline, '') != ''"
            "  AND julianday(sla_deadline) < julianday(?) THEN 'missed' END AS state,"
            # Whole milliseconds (SQLite's resolution) first: minutes as Python computes them.
            " CASE WHEN COALESCE(first_response_at, '') != ''"
            "  THEN ROUND((julianday(first_response_at) - julianday(opened_at)) * 86400000)"
            "  / 60000.0 END AS minutes,"
            " CASE WHEN COALESCE(closed_at, '') != ''"
            "  THEN COALESCE(NULLIF(outcome, ''), status) END AS outcome,"
            " COUNT(*) AS n FROM handoffs WHERE opened_at >= ? AND opened_at < ?"
            " GROUP BY 1, 2, 3, 4",
            (db_time(until), db_time(start), db_time(end)),
        )

    async def report_open_ages(self, until: dt.datetime) -> list[dict[str, Any]]:
        """The open queue as of ``until``: handoffs per age in hours, rounded down."""
        return await self._all(
            "SELECT CAST((julianday(?) - julianday(opened_at)) * 24 AS INTEGER) AS hours,"
            " COUNT(*) AS n FROM handoffs WHERE status IN ('open', 'claimed')"
            " AND COALESCE(opened_at, '') != '' AND julianday(opened_at) < julianday(?)"
            " GROUP BY 1",
            (db_time(until), db_time(until)),
        )

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
