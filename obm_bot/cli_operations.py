"""``obm-bot doctor``, ``backup``, ``restore`` and ``demo``: the operator's commands.

Kept out of ``cli.py`` so that the other commands never import them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from obm_bot.config import Settings
from obm_bot.operations import backup as backups
from obm_bot.operations import doctor
from obm_bot.operations.findings import Finding, failed, render, warning
from obm_bot.organisation import Organisation


async def run_doctor(settings: Settings, args: argparse.Namespace) -> int:
    """Every check, one line each; exit 1 when one is an error."""
    now = dt.datetime.now(dt.UTC)
    found, org = doctor.configuration(settings)
    zone_today = now.astimezone(org.zone).date() if org else now.date()
    found += doctor.data(settings, zone_today)
    found += doctor.database(settings)
    found += doctor.backup_state(settings, now)
    found += await _telegram(settings, org, now, args.webhook)
    print(render(found))
    return 1 if failed(found) else 0


async def _telegram(
    settings: Settings, org: Organisation | None, now: dt.datetime, webhook: bool
) -> list[Finding]:
    if settings.telegram_token is None:
        return [warning("telegram", "no OBM_TELEGRAM_TOKEN: not checked", "set it in .env")]
    if org is None:
        return []  # obm.toml is broken: the staff cannot be checked
    from obm_bot.adapters.telegram.doctor import telegram_findings  # noqa: PLC0415

    base = str(settings.telegram_base_url) if settings.telegram_base_url else None
    return await telegram_findings(
        settings.telegram_token.get_secret_value(),
        org,
        now,
        base_url=base,
        webhook_mode=webhook or settings.webhook_secret is not None,
    )


def run_backup(settings: Settings, args: argparse.Namespace) -> int:
    folder = args.to or settings.backups
    try:
        made = backups.backup(settings.db_path, folder, dt.datetime.now(dt.UTC))
    except backups.BackupError as exc:
        print(f"obm-bot: {exc}", file=sys.stderr)
        return 1
    print(f"backup: {made} ({made.stat().st_size / 1024:,.0f} KiB)")
    return 0


def run_restore(settings: Settings, args: argparse.Namespace) -> int:
    try:
        restored = backups.restore(
            args.file, settings.db_path, dt.datetime.now(dt.UTC), force=args.force
        )
    except backups.BackupError as exc:
        print(f"obm-bot: nothing restored: {exc}", file=sys.stderr)
        return 1
    seen = restored.inspection
    print(f"restored {args.file} to {settings.db_path}: {seen.requests} requests")
    if restored.kept is not None:
        print(f"the database it replaced is kept as {restored.kept}")
    if seen.pending:
        print(f"{seen.pending} migrations run at the next start")
    return 0


async def run_demo(settings: Settings, args: argparse.Namespace) -> int:
    """A fresh database filled with a few demo months, played through the engine."""
    from obm_bot.bootstrap import build_core, open_loket  # noqa: PLC0415 (the engine: here only)
    from obm_bot.operations.demo import DemoClock, play_demo  # noqa: PLC0415

    db_path = args.db or settings.db_path
    if db_path.exists() and db_path.stat().st_size > 0:
        print(f"obm-bot: {db_path} exists: the demo fills a fresh database only", file=sys.stderr)
        return 2
    settings = settings.model_copy(update={"db_path": db_path})
    core = build_core(settings)
    last_day = dt.date.today()
    clock = DemoClock(
        dt.datetime.combine(last_day - dt.timedelta(days=args.days), dt.time(6), dt.UTC)
    )
    loket = await open_loket(settings, core, clock)
    try:
        played = await play_demo(loket, clock, last_day, args.days, args.seed)
    finally:
        await loket.store.close()
    print(
        f"demo: {db_path}: {played.visits} conversations, {len(played.references)} requests, "
        f"{played.staff_commands} staff commands, {played.learners} learners, "
        f"{played.ticks} SLA rounds; {last_day - dt.timedelta(days=args.days - 1)} to {last_day}"
    )
    print(f"try: OBM_DB_PATH={db_path} obm-bot report, or obm-bot staff --as NAME")
    return 0
