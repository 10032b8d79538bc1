"""The running bot's upkeep: the daily backup from the JobQueue, a heartbeat, and (on
request) the ``/healthz`` and ``/metrics`` endpoint."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

from telegram.ext import ContextTypes

from obm_bot.adapters.telegram.app import TelegramApp, TelegramLoket
from obm_bot.dialogue.messages import Clock
from obm_bot.operations import backup

log = logging.getLogger(__name__)
BACKUP_JOB = "daily-backup"
HEARTBEAT_JOB = "heartbeat"
HEARTBEAT_SECONDS = 10.0
HEARTBEAT_LATE = 60.0
"""A heartbeat older than this: the event loop is stuck (or the jobs stopped)."""
Context = ContextTypes.DEFAULT_TYPE


class Upkeep:
    def __init__(
        self, app: TelegramApp, db_path: Path, folder: Path, keep: int, clock: Clock
    ) -> None:
        self.app = app
        self.db_path = db_path
        self.folder = folder
        self.keep = keep
        self.clock = clock
        self.beat: float | None = None
        """When the loop last ran the heartbeat job (``time.monotonic``); read by /healthz."""

    def schedule(self, at: dt.time) -> None:
        jobs = self.app.job_queue
        if jobs is None:
            raise RuntimeError("python-telegram-bot was installed without its job-queue extra")
        # Jobs added before the application starts keep their first moment; without a grace
        # period a start slower than a second (getMe, the menus) would skip that run.
        jobs.run_daily(
            self.backup_job, time=at, name=BACKUP_JOB, job_kwargs={"misfire_grace_time": 3600}
        )
        # APScheduler, under the JobQueue, skips a first run that passed before it started:
        # the first beat is the start itself (``started``), then one every few seconds.
        jobs.run_repeating(self.heartbeat_job, interval=HEARTBEAT_SECONDS, name=HEARTBEAT_JOB)
        self.app.post_init = _before(self.app.post_init, self.started)

    async def backup_job(self, context: Context) -> None:
        await self.backup_now()

    async def backup_now(self) -> Path | None:
        """A backup on a worker thread (the loop keeps answering), then the old ones go."""
        try:
            made = await asyncio.to_thread(backup.backup, self.db_path, self.folder, self.clock())
            gone = await asyncio.to_thread(backup.prune, self.folder, self.keep)
        except (backup.BackupError, OSError) as exc:
            log.error("daily backup failed: %s", exc)
            return None
        log.info("backup %s made, %d old ones deleted", made.name, len(gone))
        return made

    async def heartbeat_job(self, context: Context) -> None:
        self.beat = time.monotonic()

    async def started(self, app: TelegramApp) -> None:
        self.beat = time.monotonic()

    def alive(self) -> str | None:
        """Why updates are not being taken in, or None (called from the health thread)."""
        updater = self.app.updater
        if not self.app.running:
            return "the application is not running"
        if updater is not None and not updater.running:
            return "the polling loop or webhook server has stopped"
        if self.beat is None:
            return "starting"
        late = time.monotonic() - self.beat
        if late > HEARTBEAT_LATE:
            return f"the event loop has not run for {late:.0f} s"
        return None


def attach(
    app: TelegramApp,
    adapter: TelegramLoket,
    db_path: Path,
    backups: tuple[Path, dt.time, int],
    health_port: int | None,
    clock: Clock,
    health_host: str = "127.0.0.1",
) -> Upkeep:
    """The daily backup (``backups``: folder, time of day, copies kept) and heartbeat jobs;
    with ``health_port``, the endpoint, started now and stopped at shutdown."""
    folder, at, keep = backups
    upkeep = Upkeep(app, db_path, folder, keep, clock)
    upkeep.schedule(at)
    if health_port is None:
        return upkeep
    # Imported only here: prometheus_client costs a tenth of a second of every start.
    from obm_bot.operations.health import Endpoint, Health, HealthServer  # noqa: PLC0415
    from obm_bot.operations.metrics import registry_for  # noqa: PLC0415

    registry, adapter.meter = registry_for(db_path, clock)
    endpoint = Endpoint(Health(db_path, upkeep.alive, clock), registry)
    server = HealthServer(endpoint, health_port, health_host)
    server.start()
    log.info("health and metrics on http://%s:%d/healthz and /metrics", health_host, server.port)
    app.post_shutdown = _then(app.post_shutdown, server.stop)
    return upkeep


Hook = Callable[[TelegramApp], Coroutine[Any, Any, None]]


def _before(first: Hook | None, then: Hook) -> Hook:
    async def both(app: TelegramApp) -> None:
        if first is not None:
            await first(app)
        await then(app)

    return both


def _then(first: Hook | None, after: Callable[[], None]) -> Hook:
    async def both(app: TelegramApp) -> None:
        try:
            if first is not None:
                await first(app)
        finally:
            after()

    return both
