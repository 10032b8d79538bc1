"""The python-telegram-bot ``Application`` around the loket: handlers, lifecycle, SLA jobs.

The database opens in ``post_init`` and closes in ``post_shutdown``; every update becomes one
``Loket.handle`` call, whose replies the ``Courier`` sends. The SLA timer is one JobQueue job
at the earliest stored reminder or deadline, armed again after each change and at start.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import Any
from urllib.parse import urlparse

import httpx
from telegram import BotCommand, BotCommandScopeChat, BotCommandScopeDefault, Update
from telegram.error import TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    ContextTypes,
    Defaults,
    JobQueue,
)
from telegram.request import HTTPXRequest

from obm_bot.adapters.telegram.courier import Courier
from obm_bot.adapters.telegram.delivery import Postman
from obm_bot.adapters.telegram.inbox import SWEEP_SECONDS, Inbox, StorageGuard
from obm_bot.adapters.telegram.intake import DurableBot, Intake, Lanes
from obm_bot.adapters.telegram.reception import Reception
from obm_bot.adapters.telegram.updates import read
from obm_bot.dialogue.engine import Loket
from obm_bot.dialogue.staff.commands import commands_for
from obm_bot.operations.meter import Meter
from obm_bot.organisation import Organisation

log = logging.getLogger(__name__)
SLA_JOB = "sla-timer"
REARM_JOB = "timer-check"
SWEEP_JOB = "inbox-sweep"
PRUNE_JOB = "retention"
PRUNE_EVERY = dt.timedelta(days=1)
STOP_GRACE_SECONDS = 5.0
CUSTOMER_COMMANDS = [
    BotCommand("start", "Begin bij het loket"),
    BotCommand("help", "Waarmee het loket helpt"),
    BotCommand("menu", "Kies een onderwerp"),
    BotCommand("stop", "Niet meer wachten op een medewerker"),
    BotCommand("status", "Hoe het met mijn aanvragen staat"),
    BotCommand("mijngegevens", "Wat het OBM over mij bewaart"),
    BotCommand("vergeet", "Verwijder mijn gegevens"),
]
Context = ContextTypes.DEFAULT_TYPE
TelegramApp = Application[Any, Any, Any, Any, Any, Any]
OpenLoket = Callable[[], Awaitable[Loket]]


def staff_menu(manager: bool) -> list[BotCommand]:
    """The menu of an account manager (``manager``) or a coach, from the one command table."""
    return [BotCommand(c.name, c.menu_description) for c in commands_for(manager)]


class TelegramLoket:
    def __init__(self, open_loket: OpenLoket, organisation: Organisation) -> None:
        self._open_loket = open_loket
        self.org = organisation
        self._loket: Loket | None = None
        self._courier: Courier | None = None
        self._app: TelegramApp | None = None
        self.intake = Intake()
        self.lanes = Lanes(self.handle_updates, self._batchable)
        self._reception: Reception | None = None
        self.failure: str | None = None
        """Why the bot stopped on its own (storage failing); the CLI exits non-zero."""
        self.retry_backoff_seconds = 0.5
        self.guard = StorageGuard(self._fail)
        self._inbox: Inbox | None = None
        self.meter = Meter()
        """Told what comes in and goes out (``adapters.telegram.operations`` measures)."""

    @property
    def loket(self) -> Loket:
        if self._loket is None:
            raise RuntimeError("the loket opens in post_init; the application is not started")
        return self._loket

    @property
    def inbox(self) -> Inbox:
        if self._inbox is None:
            raise RuntimeError("the inbox opens in post_init; the application is not started")
        return self._inbox

    @property
    def reception(self) -> Reception:
        if self._reception is None:
            raise RuntimeError("the reception exists once the application is started")
        return self._reception

    @property
    def courier(self) -> Courier:
        if self._courier is None:
            raise RuntimeError("the courier exists once the application is started")
        return self._courier

    # --- lifecycle --------------------------------------------------------------------------

    async def post_init(self, app: TelegramApp) -> None:
        self._app = app
        self._loket = await self._open_loket()
        postman = Postman(app.bot, self._loket, self.org.staff_chat_id)
        postman.backoff_seconds = self.guard.backoff_seconds = self.retry_backoff_seconds
        postman.meter = self.meter
        self._loket.customer.on_intent = self.meter.intent
        self._courier = Courier(postman, backoff_seconds=self.retry_backoff_seconds)
        self._reception = Reception(app.bot, self._loket, self.org.staff_chat_id)
        await self._set_commands(app)
        if app.bot.username:  # deep links in link codes: t.me/<bot>?start=CODE
            self._loket.learners.bot_username = app.bot.username
        self._inbox = Inbox(self._loket, app.bot, self.lanes, self.guard)
        self.intake.keep, self.intake.dispatch = self._inbox.keep, self.lanes.submit
        self._courier.start()  # what an earlier run left in the outbox goes out first
        await self._inbox.sweep(dt.timedelta(0))  # stored updates an earlier run never answered
        if app.job_queue is not None:
            await self.arm_sla_timer(app.job_queue)
            # Learners imported by another process (obm-bot learners import) bring timers
            # this process has not seen: look again every hour.
            app.job_queue.run_repeating(self.rearm_job, interval=3600, first=3600, name=REARM_JOB)
            app.job_queue.run_repeating(self.sweep_job, interval=SWEEP_SECONDS, name=SWEEP_JOB)
            app.job_queue.run_repeating(
                self.prune_job, interval=PRUNE_EVERY, first=0, name=PRUNE_JOB
            )

    async def post_stop(self, app: TelegramApp) -> None:
        """No more updates come in: let the chats finish, and send what they said."""
        await self.lanes.stop(STOP_GRACE_SECONDS)
        if self._courier is not None:
            await self._courier.stop(STOP_GRACE_SECONDS)

    async def post_shutdown(self, app: TelegramApp) -> None:
        if self._loket is not None:
            await self._loket.store.close()
            self._loket = None

    async def settled(self, timeout: float = 5.0) -> None:
        """Wait until every update is answered and every reply due now is sent (tests)."""
        await self.lanes.idle()
        await self.courier.settled(timeout)

    async def _set_commands(self, app: TelegramApp) -> None:
        scopes: list[tuple[Any, list[BotCommand]]] = [(BotCommandScopeDefault(), CUSTOMER_COMMANDS)]
        managers = [m.telegram_user_id for m in self.org.account_manager]
        if self.org.staff_chat_id is not None:  # the group's menu shows everything
            managers.append(self.org.staff_chat_id)
        coaches = [c.telegram_user_id for c in self.org.coach]
        for chats, menu in ((managers, staff_menu(True)), (coaches, staff_menu(False))):
            scopes += [(BotCommandScopeChat(chat), menu) for chat in chats if chat]
        for scope, commands in scopes:
            try:
                await app.bot.set_my_commands(commands, scope=scope)
            except TelegramError as exc:  # e.g. a manager who never opened the bot
                log.warning("commands for %s not set: %s", scope.type, exc)

    # --- updates in -------------------------------------------------------------------------

    def _fail(self, reason: str) -> None:
        if self.failure is None:
            log.critical("storage is failing, the bot stops: %s", reason)
            self.failure = reason
        if self._app is not None and self._app.running:
            self._app.stop_running()

    async def sweep_job(self, context: Context) -> None:
        await self.inbox.sweep()

    async def prune_job(self, context: Context) -> None:
        """Delivery records past the retention period go: at start, then daily."""
        pruned = await self.guard.run("pruning", self.loket.prune)
        log.info("pruned %s", pruned)

    @property
    def app(self) -> TelegramApp:
        if self._app is None:
            raise RuntimeError("the application is not started")
        return self._app

    def _batchable(self, update: Update) -> bool:
        return self.reception.batchable(update)  # the reception exists once started

    async def handle_updates(self, updates: Sequence[Update]) -> None:
        started = time.perf_counter()
        inbounds, incomings = [], []
        for update in updates:
            incoming = read(update)
            if incoming is None or self.reception.stranger(update):
                await self.reception.stray(update)
                continue
            incomings.append(incoming)
            inbound = await self.reception.inbound(incoming)
            if inbound is not None:
                inbounds.append(inbound)
        out = await self.guard.run("answering", lambda: self.loket.handle_many(inbounds))
        if inbounds:
            self.meter.received("telegram", len(inbounds))
            self.meter.answered(time.perf_counter() - started)
        await self.inbox.handled(updates)
        for incoming in incomings:
            await self.reception.acknowledge(incoming)
        self.courier.wake()
        timers = ("staff:", "triad:")  # a case, or a meeting planned on a learner's triad
        if any(o.to.startswith(timers) for o in out) and self.app.job_queue is not None:
            await self.arm_sla_timer(self.app.job_queue)

    async def on_error(self, update: object, context: Context) -> None:
        update_id = update.update_id if isinstance(update, Update) else None
        log.error("update %s failed", update_id, exc_info=context.error)

    # --- SLA timer --------------------------------------------------------------------------

    async def arm_sla_timer(self, job_queue: JobQueue[Any]) -> None:
        due = await self.loket.next_timer()
        for job in job_queue.get_jobs_by_name(SLA_JOB):
            job.schedule_removal()
        if due is None:
            return
        # Relative to the loket's clock, never less than a second: a due time that has just
        # passed runs soon, and the job cannot spin.
        delay = max((due - self.loket.clock()).total_seconds(), 1.0)
        job_queue.run_once(self.sla_job, dt.timedelta(seconds=delay), name=SLA_JOB)

    async def rearm_job(self, context: Context) -> None:
        if context.job_queue is not None:
            await self.arm_sla_timer(context.job_queue)

    async def sla_job(self, context: Context) -> None:
        await self.guard.run("the SLA round", self.loket.tick)
        self.courier.wake()
        if context.job_queue is not None:
            await self.arm_sla_timer(context.job_queue)


def build_application(
    adapter: TelegramLoket,
    token: str,
    base_url: str | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
    rate_limit: bool = True,
) -> TelegramApp:
    # Opt in to python-telegram-bot's future time type: durations such as RetryAfter's
    # are timedeltas (without this, every 429 raises a deprecation warning).
    os.environ.setdefault("PTB_TIMEDELTA", "true")
    # PTB keeps two httpx clients (long polls must not wait behind replies, nor the other way
    # round), and each would load the CA bundle into an SSL context of its own: tens of
    # milliseconds each at every start. Both take the same settings, so they share one.
    shared: dict[str, Any] = {"verify": httpx.create_ssl_context()}
    if transport is not None:
        shared["transport"] = transport
    bot = DurableBot(
        token,
        base_url=base_url or "https://api.telegram.org/bot",
        request=HTTPXRequest(connection_pool_size=256, httpx_kwargs=shared),
        get_updates_request=HTTPXRequest(httpx_kwargs=shared),
        defaults=Defaults(tzinfo=adapter.org.zone),
        # Telegram's flood limits; a 429 is waited out up to three times.
        rate_limiter=AIORateLimiter(max_retries=3) if rate_limit else None,
    )
    app = (
        ApplicationBuilder()
        .bot(bot)
        .update_queue(adapter.intake)
        .post_init(adapter.post_init)
        .post_stop(adapter.post_stop)
        .post_shutdown(adapter.post_shutdown)
        .build()
    )
    app.add_error_handler(adapter.on_error)  # errors of the jobs (updates go through lanes)
    return app


def run_polling(app: TelegramApp) -> None:
    """Long polling until SIGINT/SIGTERM. Pending updates are kept: the stored update ids
    stop duplicates after a restart."""
    app.run_polling(allowed_updates=Update.ALL_TYPES, drop_pending_updates=False)


def run_webhook(app: TelegramApp, url: str, listen: str, port: int, secret: str) -> None:
    """A webhook server until SIGINT/SIGTERM; requests without ``secret`` are refused."""
    app.run_webhook(
        listen=listen,
        port=port,
        url_path=urlparse(url).path.lstrip("/"),
        webhook_url=url,
        secret_token=secret,
        allowed_updates=Update.ALL_TYPES,
    )
