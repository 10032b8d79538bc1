"""``obm-bot doctor``, the Telegram checks: the token, the webhook, the staff group and the
account managers, asked of the Bot API itself.

Reading only, with one exception: whether the bot may write to an account manager privately
is known only by trying, so each one gets a "typing…" chat action (a few seconds in their
chat with the bot, no message). Telegram refuses it, as it would a notice, to anybody who
never pressed Start.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import httpx
from telegram import Bot, ChatMemberAdministrator, ChatMemberOwner
from telegram.constants import ChatAction, ChatType
from telegram.error import Forbidden, InvalidToken, TelegramError
from telegram.request import HTTPXRequest

from obm_bot.operations.findings import Finding, error, ok, warning
from obm_bot.organisation import Organisation

PENDING_WARNING = 100
RECENT_ERROR = dt.timedelta(hours=24)
WEBHOOK_PORTS = "443, 80, 88 or 8443"
ABSENT = ("left", "kicked")


async def telegram_findings(
    token: str,
    org: Organisation,
    now: dt.datetime,
    *,
    base_url: str | None = None,
    webhook_mode: bool = False,
    transport: httpx.AsyncBaseTransport | None = None,
) -> list[Finding]:
    """Every Telegram check; ``webhook_mode``: the bot is meant to run with a webhook."""
    kwargs: dict[str, Any] = {"transport": transport} if transport is not None else {}
    bot = Bot(
        token,
        base_url=base_url or "https://api.telegram.org/bot",
        request=HTTPXRequest(httpx_kwargs=kwargs),
    )
    try:
        await bot.initialize()  # getMe
    except InvalidToken:
        await bot.shutdown()
        return [error("telegram", "the token is refused", "get the bot's token from @BotFather")]
    except TelegramError as exc:
        await bot.shutdown()
        return [error("telegram", f"getMe failed: {exc}", "is api.telegram.org reachable?")]
    me = bot.bot
    found = [ok("telegram", f"@{me.username} (id {me.id})")]
    try:
        found += await _webhook(bot, now, webhook_mode)
        found += await _staff_group(bot, me.id, org)
        found += await _managers(bot, org)
    finally:
        await bot.shutdown()
    return found


async def _webhook(bot: Bot, now: dt.datetime, webhook_mode: bool) -> list[Finding]:
    subject = "telegram: webhook"
    try:
        info = await bot.get_webhook_info()
    except TelegramError as exc:
        return [error(subject, f"getWebhookInfo failed: {exc}")]
    found: list[Finding] = []
    if not info.url:
        found.append(
            warning(subject, "none set", "obm-bot run --webhook URL sets it at start")
            if webhook_mode
            else ok(subject, "none: long polling")
        )
    elif webhook_mode:
        found.append(ok(subject, info.url))
    else:
        found.append(
            warning(
                subject,
                f"set to {info.url}: long polling (obm-bot run) removes it at start",
                "if another program owns this webhook, give this bot a token of its own",
            )
        )
    pending = info.pending_update_count
    if pending > PENDING_WARNING:
        found.append(
            warning(subject, f"{pending} updates waiting", "is the bot running? obm-bot run")
        )
    else:
        found.append(ok(subject, f"{pending} updates waiting (answered when the bot runs)"))
    when = info.last_error_date
    if when is not None and now - when < RECENT_ERROR:
        found.append(
            warning(
                subject,
                f"Telegram's last delivery failed at {when:%Y-%m-%d %H:%M} UTC: "
                f"{info.last_error_message}",
                f"the URL must be HTTPS on port {WEBHOOK_PORTS} with a valid certificate, "
                "the reverse proxy passing it to obm-bot's --listen/--port",
            )
        )
    return found


async def _staff_group(bot: Bot, bot_id: int, org: Organisation) -> list[Finding]:
    subject, group = "telegram: staff group", org.staff_chat_id
    if group is None:
        return []  # the configuration check says so
    try:
        chat = await bot.get_chat(group)
    except TelegramError as exc:
        return [
            error(
                subject,
                f"{group}: {exc}",
                "add the bot to the group, and check staff_chat_id (it starts with -100)",
            )
        ]
    found: list[Finding] = []
    if chat.type != ChatType.SUPERGROUP or not chat.is_forum:
        found.append(
            error(
                subject,
                f"{chat.title or group} is not a supergroup with topics",
                "turn on Topics in the group's settings (this makes it a supergroup)",
            )
        )
    try:
        member = await bot.get_chat_member(group, bot_id)
    except TelegramError as exc:
        return [*found, error(subject, f"the bot's rights are unknown: {exc}")]
    if isinstance(member, ChatMemberOwner):
        return [*found, ok(subject, f"{chat.title}: the bot owns it")]
    if not isinstance(member, ChatMemberAdministrator):
        return [
            *found,
            error(
                subject,
                f"the bot is {member.status} in {chat.title}, not an admin",
                "make the bot an admin of the group with 'Manage topics'",
            ),
        ]
    if not member.can_manage_topics:
        return [
            *found,
            error(
                subject,
                f"the bot is an admin of {chat.title} but may not manage topics",
                "give the bot the admin right 'Manage topics'",
            ),
        ]
    return [*found, ok(subject, f"{chat.title}: the bot is an admin and may manage topics")]


async def _managers(bot: Bot, org: Organisation) -> list[Finding]:
    found: list[Finding] = []
    # Without a staff group the notices go to private chats: not reaching one is an error.
    unreachable = warning if org.staff_chat_id is not None else error
    for manager in org.account_manager:
        user_id = manager.telegram_user_id
        if user_id is None:
            continue
        subject = f"telegram: {manager.name}"
        try:
            await bot.send_chat_action(user_id, ChatAction.TYPING)
        except Forbidden as exc:
            found.append(
                unreachable(
                    subject,
                    f"the bot cannot write to {user_id} privately ({exc.message})",
                    "they open the bot in Telegram and press Start (once)",
                )
            )
            continue
        except TelegramError as exc:
            found.append(
                unreachable(
                    subject,
                    f"{user_id}: {exc.message}",
                    "check telegram_user_id in obm.toml; they press Start in the bot",
                )
            )
            continue
        found.append(ok(subject, "has written to the bot: private messages reach them"))
        if org.staff_chat_id is not None:
            found += await _in_group(bot, org.staff_chat_id, user_id, subject)
    return found


async def _in_group(bot: Bot, group: int, user_id: int, subject: str) -> list[Finding]:
    try:
        member = await bot.get_chat_member(group, user_id)
    except TelegramError:
        return []  # the group check reports a group the bot cannot see
    if member.status in ABSENT:
        return [warning(subject, "is not in the staff group", "add them to the group")]
    return []
