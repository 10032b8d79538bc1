"""``obm-bot doctor``, the checks that need no Telegram: configuration, data and database.

Nothing here changes anything: the database is opened read-only and not migrated, so the
doctor can run beside the bot and before an upgrade.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

from obm_bot.catalogue.loader import CatalogueError, load_catalogue
from obm_bot.config import REPO_ROOT, Settings
from obm_bot.knowledge import KnowledgeError, check, load_knowledge
from obm_bot.knowledge import Level as KnowledgeLevel
from obm_bot.operations.backup import backups
from obm_bot.operations.findings import Finding, error, ok, warning
from obm_bot.organisation import Organisation, OrganisationError, load_organisation
from obm_bot.storage.database import migrations
from obm_bot.understanding.intents import IntentDataError, load_intents

MIB = 1024 * 1024
FREE_ERROR = 100 * MIB
FREE_WARNING = 1024 * MIB
BACKUP_STALE = dt.timedelta(days=2)
SHOWN = 5
"""Problems listed one by one per check; the rest are counted."""


def configuration(settings: Settings) -> tuple[list[Finding], Organisation | None]:
    """The settings, ``obm.toml`` and its staff; the organisation when it loads."""
    found = [
        ok(
            "settings",
            f"database {settings.db_path}, configuration {settings.config}, token "
            + ("set" if settings.telegram_token else "not set (the terminal chat only)"),
        )
    ]
    try:
        org = load_organisation(settings.config)
    except OrganisationError as exc:
        found.append(error("obm.toml", str(exc), "correct the key named; see obm.example.toml"))
        return found, None
    if not settings.config.exists():
        found.append(
            warning(
                "obm.toml",
                f"{settings.config} not found: the example configuration is used",
                "copy obm.example.toml to obm.toml and fill in the OBM's own staff and members",
            )
        )
    else:
        found.append(
            ok(
                "obm.toml",
                f"{org.name}: {len(org.account_manager)} account managers, "
                f"{len(org.member_company)} member companies, {len(org.coach)} coaches",
            )
        )
    people = [(m.name, m.telegram_user_id) for m in org.account_manager]
    for name, user_id in people + [(c.name, c.telegram_user_id) for c in org.coach]:
        if user_id is None:
            found.append(
                warning(
                    "obm.toml",
                    f"{name} has no telegram_user_id: cannot work in Telegram",
                    "add telegram_user_id (they can ask @userinfobot for it)",
                )
            )
    if org.staff_chat_id is None:
        found.append(
            warning(
                "obm.toml",
                "no staff_chat_id: notices go to the account managers' private chats",
                "create a supergroup with topics, add the bot as admin, set staff_chat_id",
            )
        )
    return found, org


def data(settings: Settings, today: dt.date) -> list[Finding]:
    """The catalogue, the intents and the knowledge files."""
    found: list[Finding] = []
    try:
        catalogue, warnings = load_catalogue(settings.catalogue_dir)
        found.append(
            ok(
                "catalogue",
                f"{len(catalogue.courses)} courses, {len(catalogue.offerings)} offerings, "
                f"{len(catalogue.providers)} providers",
            )
        )
        found += _listed("catalogue", warnings, "see `obm-bot catalogue check`")
    except CatalogueError as exc:
        found += _listed("catalogue", exc.problems, "correct the file and field named", True)
    try:
        intents = load_intents(settings.intents_dir)
        found.append(ok("intents", f"{len(intents.specs)} intents, {len(intents.cues)} cues"))
    except IntentDataError as exc:
        found.append(error("intents", str(exc), "correct the intent file named"))
    try:
        knowledge = load_knowledge(REPO_ROOT / "knowledge")
    except KnowledgeError as exc:
        return found + _listed("knowledge", exc.problems, "correct the fact named", True)
    found.append(ok("knowledge", f"{len(knowledge.facts)} facts"))
    for problem in check(knowledge, today)[:SHOWN]:
        make = error if problem.level == KnowledgeLevel.ERROR else warning
        found.append(make("knowledge", str(problem), "update the fact and its checked_on date"))
    return found


def database(settings: Settings) -> list[Finding]:
    """The file opens, is sound, its schema is current; its folder is writable and roomy."""
    path, found = settings.db_path, []
    folder = path.parent if path.parent != Path("") else Path(".")
    if not folder.exists():
        found.append(warning("database", f"{folder} does not exist yet", "made at first start"))
        folder = next(parent for parent in folder.parents if parent.exists())
    writable = os.access(folder, os.W_OK) and (not path.exists() or os.access(path, os.W_OK))
    if not writable:
        found.append(
            error(
                "database",
                f"{path if path.exists() else folder} is not writable",
                "give the obm-bot user write access to the file and its folder",
            )
        )
    free = shutil.disk_usage(folder).free
    size = path.stat().st_size if path.exists() else 0
    space = f"{free / MIB:,.0f} MiB free in {folder}"
    if free < max(FREE_ERROR, size):
        found.append(error("disk", space, "free space: a backup needs the database's size"))
    elif free < FREE_WARNING:
        found.append(warning("disk", space, "free space before it runs out"))
    else:
        found.append(ok("disk", space))
    if not path.exists():
        if path.parent.exists():
            found.append(warning("database", f"{path} does not exist yet", "made at first start"))
        return found
    return [*found, _schema(path)]


def _schema(path: Path) -> Finding:
    latest = len(migrations())
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5.0)) as conn:
            rows = [str(r[0]) for r in conn.execute("PRAGMA integrity_check(5)")]
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            requests = (
                int(conn.execute("SELECT count(*) FROM requests").fetchone()[0]) if version else 0
            )
    except sqlite3.Error as exc:
        return error("database", f"{path}: {exc}", "restore the latest backup: obm-bot restore")
    if rows != ["ok"]:
        return error(
            "database", f"{path} is damaged: {'; '.join(rows)}", "restore: obm-bot restore FILE"
        )
    if version > latest:
        return error(
            "database",
            f"schema {version} is newer than this obm-bot knows ({latest})",
            "run the obm-bot version that made it, or restore a backup of this version",
        )
    if version < latest:
        return warning(
            "database",
            f"integrity ok, {requests} requests; {latest - version} migrations pending",
            "they run at the next start: make a backup first (obm-bot backup)",
        )
    return ok("database", f"integrity ok, schema {version} is current, {requests} requests")


def backup_state(settings: Settings, now: dt.datetime) -> list[Finding]:
    found = backups(settings.backups)
    if not found:
        return [
            warning(
                "backups",
                f"none in {settings.backups}",
                "obm-bot backup (the Telegram bot makes one daily at OBM_BACKUP_AT)",
            )
        ]
    newest = found[-1]
    made = dt.datetime.fromtimestamp(newest.stat().st_mtime, dt.UTC)
    text = f"{len(found)} in {settings.backups}, newest {newest.name}"
    if now - made > BACKUP_STALE:
        return [warning("backups", text + " is old", "is the bot running? obm-bot backup")]
    return [ok("backups", text)]


def _listed(subject: str, problems: list[str], fix: str, is_error: bool = False) -> list[Finding]:
    make = error if is_error else warning
    found = [make(subject, str(p), fix) for p in problems[:SHOWN]]
    if len(problems) > SHOWN:
        found.append(make(subject, f"and {len(problems) - SHOWN} more", fix))
    return found
