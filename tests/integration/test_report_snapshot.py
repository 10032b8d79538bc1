"""The report reads a snapshot on a connection of its own: the desk keeps writing meanwhile."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from obm_bot.storage.store import Store

START = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
END = dt.datetime(2027, 1, 1, tzinfo=dt.UTC)


async def test_a_report_snapshot_holds_no_write_lock_and_stays_consistent(tmp_path: Path) -> None:
    store = await Store.open(tmp_path / "obm.sqlite3")
    try:
        async with store.reading() as snapshot:
            before = await snapshot.report_requests(START, END, False)
            # Another process (the running bot) takes the write lock at once and commits.
            writer = sqlite3.connect(tmp_path / "obm.sqlite3", timeout=0, isolation_level=None)
            writer.execute("BEGIN IMMEDIATE")
            writer.execute(
                "INSERT INTO contacts (channel, channel_user_id, created_at) VALUES (?, ?, ?)",
                ("telegram", "1", START.isoformat()),
            )
            writer.execute("COMMIT")
            writer.close()
            assert await snapshot.report_requests(START, END, False) == before
            contacts = await snapshot._all("SELECT COUNT(*) AS n FROM contacts")
            assert contacts == [{"n": 0}]  # still the snapshot of the first read
        async with store.transaction():
            assert await store._one("SELECT COUNT(*) AS n FROM contacts") == {"n": 1}
    finally:
        await store.close()
