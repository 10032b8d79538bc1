"""The python-telegram-bot ``Application`` around the loket: handlers, lifecycle, SLA jobs.

The database opens in ``post_init`` and closes in ``post_shutdown``; every update becomes one
``Loket.handle`` call, whose replies the ``Courier`` sends. The SLA timer is one JobQueue job
at the earliest stored reminder or deadline, armed again after each change and at start.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlparse

import httpx
from telegram import BotCommand, BotCommandScopeChat, BotCommandScopeDefault, Update
from telegram.error import TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ContextTypes,
    Defaults,
    JobQueue,
    MessageHandler,
    filters,
)
from telegram.request import HTTPXRequest

from obm_bot.adapters.telegram.delivery import Courier, Origin, Place
from obm_bot.adapters.telegram.updates import Incoming, in_topic, read
from obm_bot.dialogue.engine import Loket
from obm_bot.dialogue.messages import Inbound, Who
from obm_bot.dialogue.staff.commands import commands_for
from obm_bot.organisation import Organisation

log = logging.getLogger(__name__)
SLA_JOB = "sla-timer"
REARM_JOB = "timer-check"
CUSTOMER_COMMANDS = [
    BotCommand("start", "Begin bij het loket"),
    BotCommand("help", "Waarmee het loket helpt"),
    BotCommand("menu", "Kies een onderwerp"),
    BotCommand("stop", "Niet meer wachten op een medewerker"),
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
        self.retry_backoff_seconds = 0.5

    @property
    def loket(self) -> Loket:
        if self._loket is None:
            raise RuntimeError("the loket opens in post_init; the application is not started")
        return self._loket

    @property
    def courier(self) -> Courier:
        if self._courier is None:
            raise RuntimeError("the courier exists once the application is started")
        return self._courier

    # --- lifecycle --------------------------------------------------------------------------

    async def post_init(self, app: TelegramApp) -> None:
        self._loket = await self._open_loket()
        self._courier = Courier(
            app.bot, self._loket, self.org.staff_chat_id,
            backoff_seconds=self.retry_backoff_seconds,
        )  # fmt: skip
        await self._set_commands(app)
        if app.bot.username:  # deep links in link codes: t.me/<bot>?start=CODE
            self._loket.learners.bot_username = app.bot.username
        resent = await self.courier.redeliver()
        if resent:
            log.info("redelivered %d stored messages", resent)
        if app.job_queue is not None:
            await self.arm_sla_timer(app.job_queue)
            # Learners imported by another process (obm-bot learners import) bring timers
            # this process has not seen: look again every hour.
            app.job_queue.run_repeating(self.rearm_job, interval=3600, first=3600, name=REARM_JOB)

    async def post_shutdown(self, app: TelegramApp) -> None:
        if self._loket is not None:
            await self._loket.store.close()
            self._loket = None

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

    # --- updates ----------------------------------------------------------------------------

    async def on_update(self, update: Update, context: Context) -> None:
        incoming = read(update)
        if incoming is None:
            return
        staff = self.loket.staff_name("telegram", str(incoming.user_id))
        text = incoming.text
        if not incoming.private:
            if incoming.chat_id != self.org.staff_chat_id or staff is None:
                log.info("ignored update %s from chat %s", incoming.update_id, incoming.chat_id)
                return
            text = await self._staff_group_text(incoming)
            if text is None:
                return  # staff talking among themselves outside a handoff's topic
        inbound = Inbound(
            who=Who(
                channel="telegram", user_id=str(incoming.user_id),
                display_name=incoming.display_name,
            ),
            text=text, button=incoming.button, inbound_id=str(incoming.update_id),
            attachment=None if staff and not text else incoming.attachment,
        )  # fmt: skip
        out = await self.loket.handle(inbound)
        await self._acknowledge(incoming, context)
        origin = Origin(Place(incoming.chat_id, incoming.thread_id), incoming.message_id, staff)
        await self.courier.deliver(out, origin)
        if any(o.to.startswith("staff:") for o in out) and context.job_queue is not None:
            await self.arm_sla_timer(context.job_queue)

    async def _staff_group_text(self, incoming: Incoming) -> str | None:
        text = incoming.text or ("" if incoming.button else None)
        if incoming.button is not None:
            return text
        reference = None
        if incoming.thread_id is not None:
            reference = await self.loket.store.reference_for_thread(
                incoming.chat_id, incoming.thread_id
            )
        if reference is None:
            return text if text and text.startswith("/") else None
        if incoming.attachment and not text:
            text = f"[{incoming.attachment}]"
        return in_topic(text or "", reference) if text else None

    async def _acknowledge(self, incoming: Incoming, context: Context) -> None:
        """A pressed button: stop the spinner and take the keyboard off the pressed message."""
        if incoming.callback_id is None:
            return
        try:
            await context.bot.answer_callback_query(incoming.callback_id)
            if incoming.pressed_message_id is not None:
                await context.bot.edit_message_reply_markup(
                    incoming.chat_id, incoming.pressed_message_id, reply_markup=None
                )
        except TelegramError as exc:  # an old query or an unchanged keyboard: harmless
            log.info("button acknowledgement for %s: %s", incoming.update_id, exc)

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
        await self.courier.deliver(await self.loket.tick())
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
    builder: ApplicationBuilder[Any, Any, Any, Any, Any, Any] = ApplicationBuilder().token(token)
    if base_url:
        builder = builder.base_url(base_url)
    if transport is not None:  # tests: the in-process fake Bot API
        builder = builder.request(HTTPXRequest(httpx_kwargs={"transport": transport}))
        builder = builder.get_updates_request(HTTPXRequest(httpx_kwargs={"transport": transport}))
    if rate_limit:
        # Telegram's flood limits; a 429 is waited out up to three times.
        builder = builder.rate_limiter(AIORateLimiter(max_retries=3))
    app = (
        builder.defaults(Defaults(tzinfo=adapter.org.zone))
        .post_init(adapter.post_init)
        .post_shutdown(adapter.post_shutdown)
        .build()
    )
    app.add_handler(CallbackQueryHandler(adapter.on_update))
    app.add_handler(MessageHandler(filters.ALL, adapter.on_update))
    app.add_error_handler(adapter.on_error)
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
