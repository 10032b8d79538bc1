"""Backups of the live database while it is written, the copies kept, and restoring one."""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import sqlite3
import threading
from contextlib import closing
from pathlib import Path

import pytest

from obm_bot.cli import main
from obm_bot.operations.backup import BackupError, backup, backups, inspect, prune, restore
from obm_bot.storage.database import connect, migrate, migrations
from obm_bot.storage.inline import InlineConnection
from obm_bot.storage.store import Store

NOW = dt.datetime(2026, 12, 1, 3, 0, tzinfo=dt.UTC)
BATCH = 5


async def fresh_database(path: Path) -> None:
    conn = await connect(path)
    await conn.close()


def execute(path: Path, sql: str) -> None:
    """One statement on a connection that is closed after it (no -wal file left)."""
    with closing(sqlite3.connect(path, isolation_level=None)) as conn:
        conn.execute(sql)


def write_batches(path: Path, stop: threading.Event, written: list[int]) -> None:
    """Another process's writer: each transaction adds BATCH audit rows with its number."""
    with closing(sqlite3.connect(path, timeout=5.0, isolation_level=None)) as conn:
        conn.execute("PRAGMA journal_mode = WAL")
        batch = 0
        while not stop.is_set():
            batch += 1
            conn.execute("BEGIN IMMEDIATE")
            for _ in range(BATCH):
                conn.execute(
                    "INSERT INTO audit_log (actor, action, details, created_at)"
                    " VALUES ('test', 'write', ?, '2026-12-01')",
                    (str(batch),),
                )
            conn.execute("COMMIT")
            written.append(batch)


async def test_a_backup_during_writes_is_a_consistent_copy(tmp_path: Path) -> None:
    live = tmp_path / "obm.sqlite3"
    await fresh_database(live)
    stop, written = threading.Event(), list[int]()
    writer = threading.Thread(target=write_batches, args=(live, stop, written))
    writer.start()
    try:
        while len(written) < 50:  # writing in earnest before the first copy
            await asyncio.sleep(0.01)
        copies = [backup(live, tmp_path / "backups", NOW) for _ in range(5)]
    finally:
        stop.set()
        writer.join()
    seen = []
    for copy in copies:
        with closing(sqlite3.connect(copy)) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # one file
            sizes = conn.execute(
                "SELECT details, count(*) FROM audit_log GROUP BY details"
            ).fetchall()
        assert sizes and all(count == BATCH for _, count in sizes), "a transaction split"
        batches = sorted(int(b) for b, _ in sizes)
        assert batches == list(range(1, len(batches) + 1)), "a transaction missing"
        seen.append(len(batches))
    assert seen == sorted(seen) and seen[-1] > 0  # each copy a later snapshot
    assert len({p.name for p in copies}) == 5  # five in one second keep five names
    assert not list((tmp_path / "backups").glob("*.partial"))


def test_no_database_no_backup(tmp_path: Path) -> None:
    with pytest.raises(BackupError, match="no database file"):
        backup(tmp_path / "missing.sqlite3", tmp_path / "backups", NOW)


async def test_only_the_newest_copies_are_kept(tmp_path: Path) -> None:
    live = tmp_path / "obm.sqlite3"
    await fresh_database(live)
    folder = tmp_path / "backups"
    made = [backup(live, folder, NOW + dt.timedelta(days=day)) for day in range(9)]
    gone = prune(folder, keep=7)
    assert gone == made[:2]
    assert backups(folder) == made[2:]


async def test_restore_checks_then_replaces_and_keeps_the_old_file(tmp_path: Path) -> None:
    live = tmp_path / "data" / "obm.sqlite3"
    await fresh_database(live)
    execute(live, "INSERT INTO companies (name) VALUES ('Voor de backup')")
    copy = backup(live, tmp_path / "backups", NOW)
    execute(live, "INSERT INTO companies (name) VALUES ('Na de backup')")
    restored = restore(copy, live, NOW + dt.timedelta(hours=1))
    assert restored.inspection.pending == 0
    assert restored.kept == live.with_name("obm.sqlite3.replaced-20261201-040000")
    store = await Store.open(live)  # the bot opens it as usual
    try:
        rows = await store._all("SELECT name FROM companies ORDER BY id", ())
    finally:
        await store.close()
    assert [r["name"] for r in rows] == ["Voor de backup"]
    with closing(sqlite3.connect(restored.kept)) as kept:
        names = [r[0] for r in kept.execute("SELECT name FROM companies ORDER BY id")]
    assert names == ["Voor de backup", "Na de backup"]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"SQLite format 3\x00" + b"\xff" * 8192, "cannot be read|damaged"),
        (b"dit is geen database" * 50, "cannot be read"),
        (b"", "not an obm-bot database"),
    ],
)
async def test_restore_refuses_a_bad_file_and_changes_nothing(
    tmp_path: Path, content: bytes, reason: str
) -> None:
    live = tmp_path / "obm.sqlite3"
    await fresh_database(live)
    before = live.read_bytes()
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(content)
    with pytest.raises(BackupError, match=reason):
        restore(bad, live, NOW)
    assert live.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.sqlite3", "obm.sqlite3"]


async def test_restore_refuses_a_damaged_page(tmp_path: Path) -> None:
    live = tmp_path / "obm.sqlite3"
    await fresh_database(live)
    copy = backup(live, tmp_path / "backups", NOW)
    data = bytearray(copy.read_bytes())
    page = 4096
    data[3 * page : 4 * page] = b"\x0d" * page  # a b-tree page of garbage
    copy.write_bytes(bytes(data))
    with pytest.raises(BackupError):
        inspect(copy)


async def test_restore_refuses_a_schema_newer_than_the_program(tmp_path: Path) -> None:
    source = tmp_path / "newer.sqlite3"
    await fresh_database(source)
    execute(source, f"PRAGMA user_version = {len(migrations()) + 1}")
    with pytest.raises(BackupError, match="newer than this obm-bot"):
        restore(source, tmp_path / "obm.sqlite3", NOW)


async def test_an_older_backup_is_restored_and_migrated_at_the_next_start(
    tmp_path: Path,
) -> None:
    live, source = tmp_path / "obm.sqlite3", tmp_path / "old.sqlite3"
    old = await InlineConnection.open(source, 5000)
    await migrate(old, target=len(migrations()) - 1)
    await old.close()
    restored = restore(source, live, NOW)
    assert restored.kept is None and restored.inspection.pending == 1
    store = await Store.open(live)
    await store.close()
    assert inspect(live).pending == 0


async def test_restore_refuses_a_database_in_use(tmp_path: Path) -> None:
    live = tmp_path / "obm.sqlite3"
    await fresh_database(live)
    copy = backup(live, tmp_path / "backups", NOW)
    store = await Store.open(live)  # the bot is running
    try:
        async with store.transaction():
            await store._conn.execute("INSERT INTO companies (name) VALUES ('x')")
        with pytest.raises(BackupError, match="stop obm-bot first"):
            restore(copy, live, NOW)
    finally:
        await store.close()
    assert restore(copy, live, NOW).kept is not None  # stopped: restored


async def test_the_commands_back_up_and_restore(
    clean_env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    live = clean_env / "data" / "obm.sqlite3"
    await fresh_database(live)
    assert main(["backup", "--to", str(clean_env / "elders")]) == 0
    [made] = backups(clean_env / "elders")
    assert f"backup: {made}" in capsys.readouterr().out
    assert main(["restore", str(made)]) == 0
    out = capsys.readouterr().out
    assert f"restored {made} to data/obm.sqlite3: 0 requests" in out
    assert "the database it replaced is kept as data/obm.sqlite3.replaced-" in out
    (clean_env / "kapot.sqlite3").write_bytes(b"kapot" * 100)
    assert main(["restore", str(clean_env / "kapot.sqlite3")]) == 1
    assert "nothing restored" in capsys.readouterr().err
