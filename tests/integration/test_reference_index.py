"""Migration 0007: a unique index on handoffs.reference, added to a database holding cases.

Found in a code review: every /pak, /antwoord and /sluit scanned the handoffs table.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import aiosqlite
import pytest

from obm_bot.storage.database import migrate, migrations

BEFORE = 6  # the last migration before the index
HANDOFF = (
    "INSERT INTO handoffs (reference, conversation_id, contact_id, status, priority, opened_at,"
    " sla_deadline, reminder_at) VALUES (?, ?, ?, 'open', 'normaal', ?, ?, ?)"
)
AT = "2026-11-25T09:00:00+00:00"


async def fill(conn: aiosqlite.Connection) -> None:
    await conn.execute("BEGIN")
    await conn.execute(
        "INSERT INTO contacts (channel, channel_user_id, created_at) VALUES ('console', '1', ?)",
        (AT,),
    )
    await conn.execute(
        "INSERT INTO conversations (contact_id, created_at, updated_at) VALUES (1, ?, ?)",
        (AT, AT),
    )
    for number in (1, 2, 3):
        await conn.execute(HANDOFF, (f"OBM-2026-{number:06d}", 1, 1, AT, AT, AT))
    await conn.execute("COMMIT")


async def test_the_index_is_added_to_a_database_with_cases(tmp_path: Path) -> None:
    assert [number for number, name, _ in migrations() if name.startswith("0007_")] == [7]
    async with aiosqlite.connect(tmp_path / "old.sqlite3", isolation_level=None) as conn:
        assert await migrate(conn, target=BEFORE) == BEFORE
        await fill(conn)
        assert await migrate(conn) >= 7
        rows = await conn.execute_fetchall("SELECT reference FROM handoffs ORDER BY id")
        assert [r[0] for r in rows] == [f"OBM-2026-{n:06d}" for n in (1, 2, 3)]  # kept
        plan = await conn.execute_fetchall(
            "EXPLAIN QUERY PLAN SELECT * FROM handoffs WHERE reference = ?", ("OBM-2026-000002",)
        )
        assert any("handoffs_by_reference" in str(row[-1]) for row in plan), plan
        with pytest.raises(sqlite3.IntegrityError, match="UNIQUE"):
            await conn.execute(HANDOFF, ("OBM-2026-000002", 1, 1, AT, AT, AT))
