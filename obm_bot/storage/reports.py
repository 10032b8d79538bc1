"""What the management report reads: counts grouped in SQL (requests, demand signals and
handoffs in a period), the unmet wordings to cluster, learners, and the request rows for the
CSV only. The report computes the figures from these; nothing reads a row per request unless
a CSV is asked for."""

from __future__ import annotations

import datetime as dt
import inspect
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from obm_bot.storage.base import StoreBase, db_time, row_dict

# Who a handoff counts for in the service figures.
WHO = "COALESCE(NULLIF(assignee, ''), 'gedeelde wachtrij')"
# The handoff figures' keys, written exactly as in handoffs_answered_by_figures (migration
# 0009): SQLite uses an index on expressions only for the same expressions.
ANSWERED = "COALESCE(first_response_at, '') != ''"
ANSWERED_STATE = "CASE WHEN first_response_at <= sla_deadline THEN 'met' ELSE 'missed' END"
# Whole milliseconds (SQLite's resolution) first: minutes as Python computes them.
MINUTES = "ROUND((julianday(first_response_at) - julianday(opened_at)) * 86400000) / 60000.0"
OUTCOME = "CASE WHEN COALESCE(closed_at, '') != '' THEN COALESCE(NULLIF(outcome, ''), status) END"
# Rows the CSV reads from the cursor at a time.
BATCH = 2000
# The report's page cache, KiB (see report_cache).
REPORT_CACHE_KIB = 65536
# A period holding more than 1/WHOLE_SCAN_SHARE of all requests is grouped by reading a whole
# index in group order (about 0.2 us a row) rather than sorting its rows (about 1.2 us a row).
WHOLE_SCAN_SHARE = 6


class ReportStore(StoreBase):
    @asynccontextmanager
    async def report_cache(self) -> AsyncIterator[None]:
        """A bigger page cache while the report reads: each request looks its contact up,
        and the default 2 MiB keeps a hundred thousand contacts going back to the file. The
        old size comes back after (on a ``:memory:`` store this is the loket's connection)."""
        old = await self._one("PRAGMA cache_size")
        await self._conn.execute(f"PRAGMA cache_size = -{REPORT_CACHE_KIB}")
        try:
            yield
        finally:
            await self._conn.execute(
                f"PRAGMA cache_size = {int(old['cache_size']) if old else -2000}"
            )

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
        return [row async for batch in self.report_request_batches(start, end, with_contacts)
                for row in batch]  # fmt: skip

    async def report_request_batches(
        self, start: dt.datetime, end: dt.datetime, with_contacts: bool = False
    ) -> AsyncIterator[list[dict[str, Any]]]:
        """The period's requests in batches as the cursor reads them, for the CSV: a year of
        a million requests is never held in memory at once."""
        people = ", c.name, c.phone, c.channel" if with_contacts else ""
        sql = (
            # A forgotten contact has no role or company: the request kept them (privacy.py).
            "SELECT r.reference, r.created_at, r.kind, r.intent, r.courses, r.entities,"
            " r.status, COALESCE(c.role, json_extract(r.entities, '$.role')) AS role,"
            " COALESCE(c.company, json_extract(r.entities, '$.member_company')) AS company"
            + people
            + " FROM requests r"
            " JOIN contacts c ON c.id = r.contact_id"
            " WHERE r.created_at >= ? AND r.created_at < ? ORDER BY r.created_at, r.id"
        )
        cursor = await self._conn.execute(sql, (db_time(start), db_time(end)))
        try:
            while True:
                fetched = cursor.fetchmany(BATCH)
                rows = await fetched if inspect.isawaitable(fetched) else fetched
                if not rows:
                    return
                batch = [row_dict(r) for r in rows]
                for row in batch:
                    row["courses"] = json.loads(row["courses"])
                    row["entities"] = json.loads(row["entities"])
                yield batch
        finally:
            closed = cursor.close()
            if inspect.isawaitable(closed):
                await closed

    async def report_request_counts(self, bounds: list[tuple[str, str]]) -> list[int]:
        """Requests in each [from, to) of stored times: one range count each on the index of
        created_at, nothing sorted (the report's local weeks)."""
        if not bounds:
            return []
        rows = await self._all(
            "SELECT (SELECT COUNT(*) FROM requests"
            " WHERE created_at >= json_extract(b.value, '$[0]')"
            " AND created_at < json_extract(b.value, '$[1]')) AS n"
            " FROM json_each(?) b ORDER BY b.key",
            (json.dumps(bounds),),
        )
        return [row["n"] for row in rows]

    async def report_whole_scan(self, start: dt.datetime, end: dt.datetime) -> bool:
        """Whether the period holds a large share of all requests, so that reading a whole
        index already in group order beats sorting the period's rows. An estimate from the
        ids at the period's ends (ids grow with time): two index look-ups."""
        row = await self._one(
            "SELECT (SELECT MAX(id) FROM requests) AS total,"
            " (SELECT id FROM requests WHERE created_at >= ? ORDER BY created_at LIMIT 1) AS lo,"
            " (SELECT id FROM requests WHERE created_at < ? ORDER BY created_at DESC LIMIT 1)"
            " AS hi",
            (db_time(start), db_time(end)),
        )
        if not row or row["lo"] is None or row["hi"] is None:
            return False
        return bool((row["hi"] - row["lo"] + 1) * WHOLE_SCAN_SHARE > row["total"])

    async def report_request_intents(
        self, start: dt.datetime, end: dt.datetime, whole: bool = False
    ) -> list[dict[str, Any]]:
        """``whole`` (see ``report_whole_scan``): read requests_by_intent in group order."""
        return await self._all(
            "SELECT intent, COUNT(*) AS n FROM requests"
            + (" INDEXED BY requests_by_intent" if whole else "")
            + " WHERE created_at >= ? AND created_at < ? GROUP BY intent",
            (db_time(start), db_time(end)),
        )

    async def report_request_askers(
        self, start: dt.datetime, end: dt.datetime, whole: bool = False
    ) -> list[dict[str, Any]]:
        """Requests per role and company, in the order each was first seen. Counted per
        contact first (on requests_by_contact, in contact order when ``whole``), then joined
        once per contact instead of once per request; a forgotten contact's requests kept
        their own role and company (privacy.py), so those are counted request by request,
        found from the few such contacts (CROSS JOIN keeps that order)."""
        # A contact's first request: the earliest time, then the lowest id at that time (one
        # look-up per contact), rather than a text built for each of a million requests.
        per_contact = (
            "SELECT contact_id, COUNT(*) AS n, MIN(created_at) AS first_at"
            " FROM requests" + (" INDEXED BY requests_by_contact" if whole else "")
            + " WHERE created_at >= ? AND created_at < ? GROUP BY contact_id"
        )  # fmt: skip
        first_id = (
            "SELECT MIN(printf(' %012d', f.id)) FROM requests f INDEXED BY requests_by_contact"
            " WHERE f.contact_id = p.contact_id AND f.created_at = p.first_at"
        )
        return await self._all(
            "SELECT role, company, SUM(n) AS n, MIN(first) AS first FROM ("
            f" SELECT c.role, c.company, p.n, p.first_at || ({first_id}) AS first"
            f" FROM ({per_contact}) p JOIN contacts c ON c.id = p.contact_id"
            " WHERE c.role IS NOT NULL AND c.company IS NOT NULL"
            " UNION ALL"
            " SELECT COALESCE(c.role, json_extract(r.entities, '$.role')),"
            " COALESCE(c.company, json_extract(r.entities, '$.member_company')),"
            " 1, r.created_at || printf(' %012d', r.id)"
            " FROM contacts c CROSS JOIN requests r INDEXED BY requests_by_contact"
            " ON r.contact_id = c.id"
            " WHERE (c.role IS NULL OR c.company IS NULL)"
            " AND r.created_at >= ? AND r.created_at < ?"
            ") GROUP BY 1, 2 ORDER BY first",
            (db_time(start), db_time(end)) * 2,
        )

    async def report_request_courses(
        self, start: dt.datetime, end: dt.datetime, whole: bool = False
    ) -> list[dict[str, Any]]:
        """Requests and participants (1 when not said) per course and company, from
        request_courses (migration 0009: one row per course of a request, kept by triggers);
        ``whole``: read request_courses_by_group in group order instead of sorting."""
        index = "request_courses_by_group" if whole else "request_courses_by_created"
        return await self._all(
            "SELECT course_id, company, COUNT(*) AS n, SUM(people) AS people"
            f" FROM request_courses INDEXED BY {index}"
            " WHERE created_at >= ? AND created_at < ? GROUP BY course_id, company",
            (db_time(start), db_time(end)),
        )

    async def report_signal_courses(
        self, start: dt.datetime, end: dt.datetime, whole: bool = False
    ) -> list[dict[str, Any]]:
        """Questions per course; the row with course_id NULL counts all the others."""
        rows = await self._all(
            # Grouped on the raw course_id, so that demand_signals_by_course gives the order;
            # '' and NULL are one row (NULL) once merged here.
            "SELECT course_id, COUNT(*) AS n FROM demand_signals"
            + (" INDEXED BY demand_signals_by_course" if whole else "")
            + " WHERE created_at >= ? AND created_at < ? GROUP BY course_id",
            (db_time(start), db_time(end)),
        )
        counts: dict[str | None, int] = {}
        for row in rows:
            key = None if row["course_id"] == "" else row["course_id"]
            counts[key] = counts.get(key, 0) + row["n"]
        return [{"course_id": key, "n": n} for key, n in counts.items()]

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
        self, start: dt.datetime, end: dt.datetime, until: dt.datetime, whole: bool = False
    ) -> list[dict[str, Any]]:
        """Handoffs opened in the period, counted per person, SLA state as of ``until``
        ("met", "missed": answered late, or never and past the deadline; "unanswered" and
        "unanswered_missed": closed without a recorded answer, in time or after the deadline;
        NULL: still in time, or cancelled before anybody answered), minutes to the first
        answer (NULL: none yet) and outcome when closed (else NULL); in no particular order.
        Answered handoffs are grouped on handoffs_answered_by_figures (migration 0009) in its
        order when ``whole`` (else the period's few are sorted); the unanswered, whose state
        moves with ``until``, apart. Rows with equal keys are added up here."""
        period = (db_time(start), db_time(end))
        answered = await self._all(
            f"SELECT {WHO} AS who, {ANSWERED_STATE} AS state, {MINUTES} AS minutes,"
            f" {OUTCOME} AS outcome, COUNT(*) AS n"
            " FROM handoffs INDEXED BY "
            + ("handoffs_answered_by_figures" if whole else "handoffs_by_opened")
            + f" WHERE {ANSWERED}"
            " AND opened_at >= ? AND opened_at < ? GROUP BY 1, 2, 3, 4",
            period,
        )
        # Closed without a recorded answer (a reason instead: "geen reactie van klant",
        # "telefonisch afgehandeld") is its own state, never met; closed after the deadline
        # it is a miss as well.
        unanswered = await self._all(
            f"SELECT {WHO} AS who, CASE WHEN status = 'closed' THEN CASE WHEN"
            " COALESCE(sla_deadline, '') != '' AND julianday(sla_deadline)"
            " < julianday(COALESCE(NULLIF(closed_at, ''), ?)) THEN 'unanswered_missed'"
            " ELSE 'unanswered' END WHEN status != 'cancelled'"
            " AND COALESCE(sla_deadline, '') != '' AND julianday(sla_deadline) < julianday(?)"
            f" THEN 'missed' END AS state, NULL AS minutes, {OUTCOME} AS outcome,"
            " COUNT(*) AS n FROM handoffs INDEXED BY handoffs_unanswered"
            " WHERE COALESCE(first_response_at, '') = '' AND opened_at >= ? AND opened_at < ?"
            " GROUP BY 1, 2, 4",
            (db_time(until), db_time(until), *period),
        )
        # An answer time SQLite cannot read gives minutes NULL, like an unanswered handoff:
        # such keys can meet across the two parts.
        merged: dict[tuple[Any, ...], dict[str, Any]] = {}
        for row in answered + unanswered:
            key = (row["who"], row["state"], row["minutes"], row["outcome"])
            if key in merged:
                merged[key]["n"] += row["n"]
            else:
                merged[key] = row
        return list(merged.values())

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
