"""The report's course and handoff counts read what migration 0009 keeps (request_courses,
filled by triggers; indexes on the handoff figures' expressions): they must count exactly
what the report counted straight from requests and handoffs before, whatever was written
since (new requests, a changed company, a forgotten or deleted contact, a changed or
deleted request) and for a database upgraded with requests already in it."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from pathlib import Path
from typing import Any

from obm_bot.domain.models import Priority, RequestKind
from obm_bot.storage.base import db_time
from obm_bot.storage.database import migrate
from obm_bot.storage.store import Store

START = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
END = dt.datetime(2027, 1, 1, tzinfo=dt.UTC)
UNTIL = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)

# The report's queries before migration 0009, word for word.
COURSES_BEFORE = (
    "SELECT j.value AS course_id,"
    " COALESCE(c.company, json_extract(r.entities, '$.member_company')) AS company,"
    " COUNT(*) AS n, SUM(COALESCE(NULLIF("
    "CAST(json_extract(r.entities, '$.participants') AS INTEGER), 0), 1)) AS people"
    " FROM requests r JOIN contacts c ON c.id = r.contact_id, json_each(r.courses) j"
    " WHERE r.created_at >= ? AND r.created_at < ? GROUP BY 1, 2"
)
HANDOFFS_BEFORE = (
    "SELECT COALESCE(NULLIF(assignee, ''), 'gedeelde wachtrij') AS who, CASE"
    " WHEN COALESCE(first_response_at, '') != ''"
    "  THEN CASE WHEN first_response_at <= sla_deadline THEN 'met' ELSE 'missed' END"
    " WHEN status != 'cancelled' AND COALESCE(sla_deadline, '') != ''"
    "  AND julianday(sla_deadline) < julianday(?) THEN 'missed' END AS state,"
    " CASE WHEN COALESCE(first_response_at, '') != ''"
    "  THEN ROUND((julianday(first_response_at) - julianday(opened_at)) * 86400000)"
    "  / 60000.0 END AS minutes,"
    " CASE WHEN COALESCE(closed_at, '') != ''"
    "  THEN COALESCE(NULLIF(outcome, ''), status) END AS outcome,"
    " COUNT(*) AS n FROM handoffs WHERE opened_at >= ? AND opened_at < ?"
    " GROUP BY 1, 2, 3, 4"
)


def at(day: int, minutes: int = 0) -> dt.datetime:
    return START + dt.timedelta(days=day, minutes=minutes)


async def fill(store: Store) -> list[int]:
    """Contacts with and without a company, requests with none, one and several courses
    (one twice), with and without participants, and handoffs in every SLA state."""
    contacts = []
    async with store.transaction():
        for n, company in enumerate(["Smeot", None, "Smeot", "Bakker BV", None]):
            contact, _ = await store.get_or_create_contact("telegram", str(n), None, at(0))
            if company:
                await store.update_contact(contact.id, company=company)
            contacts.append(contact.id)
        courses = [[], ["vca"], ["vca", "bhv"], ["bhv", "bhv"], ["heftruck"]]
        for n in range(20):
            contact_id = contacts[n % len(contacts)]
            conversation = await store.conversation_for(contact_id, at(n))
            entities: dict[str, Any] = {"participants": [None, 3, 0, "2", 12][n % 5]}
            if n % 3 == 0:
                entities["member_company"] = "Uit het gesprek"
            request = await store.create_request(
                contact_id=contact_id, conversation_id=conversation.id,
                kind=RequestKind.COURSE, intent="course_search", courses=courses[n % 5],
                entities=entities, summary="x", now=at(n * 17),
            )  # fmt: skip
            handoff = await store.create_handoff(
                reference=request.reference, request_id=request.id,
                conversation_id=conversation.id, contact_id=contact_id,
                priority=Priority.NORMAL, assignee=[None, "Anouk", ""][n % 3], now=at(n * 17),
                sla_deadline=at(n * 17, 60), reminder_at=at(n * 17, 45),
            )  # fmt: skip
            if n % 4 == 0:
                await store.update_handoff(handoff.id, first_response_at=at(n * 17, 30))
            elif n % 4 == 1:
                await store.update_handoff(
                    handoff.id, first_response_at=at(n * 17, 95), closed_at=at(n * 17, 200),
                    status="closed", outcome=["aangemeld", ""][n % 2],
                )  # fmt: skip
            elif n % 4 == 2 and n % 3:
                await store.update_handoff(handoff.id, status="cancelled", closed_at=at(n * 17, 5))
    return contacts


async def assert_counts_as_before(store: Store) -> None:
    for start, end in [(START, END), (at(30), at(120)), (at(400), at(500))]:
        courses = await store._all(COURSES_BEFORE, (db_time(start), db_time(end)))
        handoffs = await store._all(HANDOFFS_BEFORE, (db_time(UNTIL), db_time(start), db_time(end)))
        for whole in (False, True):
            assert await store.report_request_courses(start, end, whole) == courses
            got = await store.report_handoff_counts(start, end, UNTIL, whole)
            assert key_counts(got) == key_counts(handoffs)


def key_counts(rows: list[dict[str, Any]]) -> Counter[tuple[Any, ...]]:
    counts: Counter[tuple[Any, ...]] = Counter()
    for row in rows:
        counts[row["who"], row["state"], row["minutes"], row["outcome"]] += row["n"]
    return counts


async def test_counts_follow_every_write(tmp_path: Path) -> None:
    store = await Store.open(tmp_path / "obm.sqlite3")
    try:
        contacts = await fill(store)
        assert await store.report_request_courses(START, END)  # something to compare
        await assert_counts_as_before(store)
        async with store.transaction():
            await store.update_contact(contacts[1], company="Later Gezegd")
            await store.update_contact(contacts[0], company="Smeot")  # unchanged
            await store.forget_contact(contacts[2], at(300))
            await store._conn.execute(
                "UPDATE requests SET courses = ?, entities = '{}' WHERE id = 3",
                (json.dumps(["vca", "nieuw"]),),
            )
            await store._conn.execute("DELETE FROM requests WHERE id = 4")
            await store._conn.execute("DELETE FROM contacts WHERE id = ?", (contacts[3],))
        await assert_counts_as_before(store)
    finally:
        await store.close()


async def test_an_upgraded_database_counts_as_before(tmp_path: Path) -> None:
    """Requests stored before migration 0009 are copied into request_courses by it."""
    path = tmp_path / "obm.sqlite3"
    store = await Store.open(path)
    try:
        await fill(store)
        # Back to the schema before 0009 (its triggers belong to requests and contacts),
        # then 0009 alone again: the later migrations (0010, 0011, …) stay applied, so this
        # test needs no undoing of each of them.
        triggers = ["insert", "update", "delete", "contact_delete", "company"]
        await store._conn.executescript(
            "".join(f"DROP TRIGGER request_courses_on_{name};" for name in triggers)
            + "DROP TABLE request_courses; DROP INDEX handoffs_answered_by_figures;"
            " DROP INDEX handoffs_unanswered; PRAGMA user_version = 8;"
        )
        assert await migrate(store._conn, target=9) == 9
        await assert_counts_as_before(store)
    finally:
        await store.close()
