"""Opening the SQLite file: pragmas and numbered migrations tracked by ``PRAGMA user_version``."""

from __future__ import annotations

import logging
import re
from importlib import resources
from pathlib import Path

import aiosqlite

from obm_bot.storage.inline import InlineConnection

log = logging.getLogger(__name__)
Connection = aiosqlite.Connection | InlineConnection
BUSY_TIMEOUT_MS = 5000
_MIGRATION_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


def migrations() -> list[tuple[int, str, str]]:
    """(number, file name, SQL) of every migration, in order; numbers must be 1, 2, 3, ..."""
    folder = resources.files("obm_bot.storage") / "migrations"
    found = []
    for entry in folder.iterdir():
        match = _MIGRATION_NAME.match(entry.name)
        if match:
            found.append((int(match.group(1)), entry.name, entry.read_text(encoding="utf-8")))
    found.sort()
    for expected, (number, name, _) in enumerate(found, start=1):
        if number != expected:
            raise RuntimeError(f"migration {name}: expected number {expected:04d}")
    return found


async def schema_version(conn: Connection) -> int:
    rows = list(await conn.execute_fetchall("PRAGMA user_version"))
    return int(rows[0][0]) if rows else 0


async def migrate(conn: Connection, target: int | None = None) -> int:
    """Apply pending migrations, each in its own transaction; returns the new version."""
    current = await schema_version(conn)
    for number, name, sql in migrations():
        if number <= current or (target is not None and number > target):
            continue
        log.info("applying migration %s", name)
        # executescript commits first, so BEGIN/COMMIT in the script make it one transaction;
        # user_version lives in the file header and rolls back with the rest.
        try:
            await conn.executescript(f"BEGIN;\n{sql}\nPRAGMA user_version = {number};\nCOMMIT;")
        except Exception:
            await conn.rollback()
            raise
        current = number
    return current


async def connect(path: Path | str) -> InlineConnection:
    if str(path) != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    conn = await InlineConnection.open(path, BUSY_TIMEOUT_MS)
    try:
        await conn.execute("PRAGMA journal_mode = WAL")
        await conn.execute("PRAGMA foreign_keys = ON")
        await conn.execute("PRAGMA synchronous = NORMAL")
        # Deleted rows are overwritten with zeros, so what /vergeet removes is gone from the
        # file (and, after a checkpoint, from the WAL), not just unlinked.
        await conn.execute("PRAGMA secure_delete = ON")
        await migrate(conn)
    except BaseException:
        # A corrupt or unwritable file fails here; the connection's worker thread must stop,
        # or the process lives on without a database.
        await conn.close()
        raise
    return conn
