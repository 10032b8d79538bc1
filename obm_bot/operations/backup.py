"""Backups of the live SQLite file and restoring one, without stopping the bot for a backup.

A backup is SQLite's online backup API (``sqlite3.Connection.backup``) in one step: in WAL
mode it reads one consistent snapshot while the bot keeps writing. The copy is vacuumed (no
free pages with old content) and switched to a rollback journal, so it is one self-contained
file. Only the newest ``keep`` copies stay: a person who used /vergeet is gone from every
backup once ``keep`` newer ones were made.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from obm_bot.storage.database import migrations

PREFIX = "obm-"
SUFFIX = ".sqlite3"
REQUIRED_TABLES = ("contacts", "conversations", "requests", "handoffs", "outbox")


class BackupError(Exception):
    """A backup or restore could not be done; the message says why, in one line."""


def backup(db_path: Path, folder: Path, now: dt.datetime) -> Path:
    """A consistent copy of ``db_path`` in ``folder`` named after ``now`` (UTC)."""
    if not db_path.is_file():
        raise BackupError(f"{db_path}: no database file to back up")
    folder.mkdir(parents=True, exist_ok=True)
    target = _free_name(folder, now.astimezone(dt.UTC))
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        with (
            closing(sqlite3.connect(db_path, timeout=5.0)) as source,
            closing(sqlite3.connect(partial)) as copy,
        ):
            source.backup(copy)  # one step: one snapshot, writers are not held up
            copy.execute("PRAGMA journal_mode = DELETE")
            copy.execute("VACUUM")
            found = copy.execute("PRAGMA quick_check").fetchone()
        if found is None or found[0] != "ok":
            raise BackupError(f"{partial}: the copy failed its check: {found}")
        _fsync(partial)
        os.replace(partial, target)
    except sqlite3.Error as exc:
        partial.unlink(missing_ok=True)
        raise BackupError(f"backup of {db_path} failed: {exc}") from None
    return target


def backups(folder: Path) -> list[Path]:
    """The backups in ``folder``, oldest first (names sort by time)."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob(f"{PREFIX}*{SUFFIX}") if p.is_file())


def prune(folder: Path, keep: int) -> list[Path]:
    """Delete all but the newest ``keep`` backups; returns what was deleted."""
    found = backups(folder)
    gone = found[: max(len(found) - keep, 0)]
    for path in gone:
        path.unlink(missing_ok=True)
    return gone


@dataclass(frozen=True)
class Inspection:
    version: int
    latest: int
    requests: int

    @property
    def pending(self) -> int:
        """Migrations the next start applies to this file."""
        return self.latest - self.version


def inspect(path: Path) -> Inspection:
    """Check that ``path`` is a sound obm-bot database this version can open."""
    if not path.is_file():
        raise BackupError(f"{path}: no such file")
    latest = len(migrations())
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
            rows = [str(r[0]) for r in conn.execute("PRAGMA integrity_check(5)")]
            if rows != ["ok"]:
                raise BackupError(f"{path}: damaged: {'; '.join(rows)}")
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            tables = {str(r[0]) for r in conn.execute("SELECT name FROM sqlite_master")}
            missing = [t for t in REQUIRED_TABLES if t not in tables]
            if version < 1 or missing:
                raise BackupError(f"{path}: not an obm-bot database (no {missing or 'schema'})")
            requests = int(conn.execute("SELECT count(*) FROM requests").fetchone()[0])
    except sqlite3.Error as exc:
        raise BackupError(f"{path}: cannot be read as a database: {exc}") from None
    if version > latest:
        raise BackupError(
            f"{path}: schema {version} is newer than this obm-bot ({latest}); "
            "restore it with the version that made it"
        )
    return Inspection(version, latest, requests)


@dataclass(frozen=True)
class Restored:
    inspection: Inspection
    kept: Path | None
    """Where the database that was replaced now is (None: there was none)."""


def restore(source: Path, db_path: Path, now: dt.datetime, force: bool = False) -> Restored:
    """Replace ``db_path`` by the backup ``source`` after checking it; the old file is kept
    beside it as ``<name>.replaced-<time>``. Refused while the bot seems to have the live
    database open (its ``-wal`` file exists) unless ``force``."""
    if _in_use(source):
        raise BackupError(
            f"{source} has a -wal file: it is in use or was copied without it; "
            "restore a file made by obm-bot backup"
        )
    if _in_use(db_path) and not force:
        raise BackupError(
            f"{db_path} is in use (its -wal file exists): stop obm-bot first; "
            "after a crash, use --force"
        )
    db_path.parent.mkdir(parents=True, exist_ok=True)
    incoming = db_path.with_name(db_path.name + ".restoring")
    shutil.copyfile(source, incoming)  # what is checked is what is put in place
    try:
        inspection = inspect(incoming)
    except BackupError as exc:
        incoming.unlink(missing_ok=True)
        raise BackupError(str(exc).replace(str(incoming), str(source))) from None
    _fsync(incoming)
    kept = None
    if db_path.exists():
        stamp = now.astimezone(dt.UTC).strftime("%Y%m%d-%H%M%S")
        kept = db_path.with_name(f"{db_path.name}.replaced-{stamp}")
        os.replace(db_path, kept)
        for tail in ("-wal", "-shm"):  # the old file's journal belongs with it
            companion = _companion(db_path, tail)
            if companion.exists():
                os.replace(companion, _companion(kept, tail))
    os.replace(incoming, db_path)
    return Restored(inspection, kept)


def _free_name(folder: Path, now: dt.datetime) -> Path:
    stem = f"{PREFIX}{now:%Y%m%d-%H%M%S}"
    target, n = folder / f"{stem}{SUFFIX}", 2
    while target.exists():  # two backups in one second keep both
        target, n = folder / f"{stem}-{n}{SUFFIX}", n + 1
    return target


def _in_use(path: Path) -> bool:
    wal = _companion(path, "-wal")
    return wal.exists() and wal.stat().st_size > 0


def _companion(path: Path, tail: str) -> Path:
    return path.with_name(path.name + tail)


def _fsync(path: Path) -> None:
    with path.open("rb+") as handle:
        os.fsync(handle.fileno())
