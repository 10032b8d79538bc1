"""A fake Telegram Bot API: stateful and as strict as Telegram about what the bot sends.

``FakeTelegram.call`` answers one Bot API request the way Telegram would (status code and
JSON body). Two transports reach it: ``telegram_transport.mock_transport`` in-process and
``telegram_transport.FakeTelegramServer`` over real HTTP. Tests act as users through
``telegram_users.Users`` and read what the bot did from ``calls`` and ``chats``.
"""

from __future__ import annotations

import asyncio
import html
import itertools
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

MAX_TEXT = 4096
MAX_CALLBACK = 64
ALLOWED_TAGS = re.compile(r"</?(b|strong|i|em|u|ins|s|strike|del|a|code|pre|blockquote)\b")
COMMAND_NAME = re.compile(r"^[a-z0-9_]{1,32}$")

Result = tuple[int, dict[str, Any]]


class InjectedTimeoutError(Exception):
    """Raised by ``call`` when a timeout was injected; each transport turns it into one."""


@dataclass
class Fault:
    method: str
    kind: str  # "429", "500", "timeout", "403"
    times: int
    chat_id: int | None = None
    retry_after: int = 1


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    status: int
    at: float = field(default_factory=time.perf_counter)


@dataclass
class Chat:
    id: int
    type: str  # "private" or "supergroup"
    title: str | None = None
    is_forum: bool = False
    messages: dict[int, dict[str, Any]] = field(default_factory=dict)
    topics: dict[int, dict[str, Any]] = field(default_factory=dict)
    next_message_id: Callable[[], int] = field(default_factory=lambda: itertools.count(1).__next__)
    members: dict[int, dict[str, Any]] = field(default_factory=dict)
    """Group members by user id: their ``getChatMember`` answer (status and rights)."""

    def info(self) -> dict[str, Any]:
        info: dict[str, Any] = {"id": self.id, "type": self.type}
        if self.title:
            info["title"] = self.title
        if self.is_forum:
            info["is_forum"] = True
        return info


def _error(code: int, description: str, **parameters: Any) -> Result:
    body: dict[str, Any] = {"ok": False, "error_code": code, "description": description}
    if parameters:
        body["parameters"] = parameters
    return code, body


class ApiError(Exception):
    def __init__(self, description: str, code: int = 400) -> None:
        super().__init__(description)
        self.result = _error(code, description)


REQUIRED = {
    "getme": (), "getupdates": (), "sendmessage": ("chat_id", "text"),
    "editmessagetext": ("text",), "editmessagereplymarkup": (),
    "answercallbackquery": ("callback_query_id",),
    "copymessage": ("chat_id", "from_chat_id", "message_id"),
    "sendphoto": ("chat_id", "photo"), "senddocument": ("chat_id", "document"),
    "createforumtopic": ("chat_id", "name"),
    "closeforumtopic": ("chat_id", "message_thread_id"),
    "deleteforumtopic": ("chat_id", "message_thread_id"),
    "setmycommands": ("commands",), "deletewebhook": (), "setwebhook": ("url",),
    "getwebhookinfo": (), "close": (), "logout": (),
    "editforumtopic": ("chat_id", "message_thread_id"), "leavechat": ("chat_id",),
    "getchat": ("chat_id",), "getchatmember": ("chat_id", "user_id"),
    "sendchataction": ("chat_id", "action"),
}  # fmt: skip

ADMIN_RIGHTS = (
    "can_be_edited", "is_anonymous", "can_manage_chat", "can_delete_messages",
    "can_manage_video_chats", "can_restrict_members", "can_promote_members", "can_change_info",
    "can_invite_users", "can_post_stories", "can_edit_stories", "can_delete_stories",
    "can_post_messages", "can_edit_messages", "can_pin_messages", "can_manage_topics",
)  # fmt: skip


class FakeTelegram:
    def __init__(self, token: str = "123456:TEST-TOKEN", username: str = "obm_test_bot") -> None:
        self.token = token
        self.bot = {
            "id": int(token.split(":", maxsplit=1)[0]), "is_bot": True, "first_name": "OBM-loket",
            "username": username, "can_join_groups": True,
            "can_read_all_group_messages": True, "supports_inline_queries": False,
        }  # fmt: skip
        self.calls: list[Call] = []
        self.chats: dict[int, Chat] = {}
        self.blocked: set[int] = set()
        self.left: set[int] = set()
        self.faults: list[Fault] = []
        self.commands: dict[str, list[dict[str, str]]] = {}
        self.webhook: dict[str, Any] | None = None
        self.webhook_error: tuple[int, str] | None = None
        """(unix time, message) of Telegram's last failed webhook delivery."""
        self.callback_queries: dict[str, bool] = {}  # id -> answered
        self.updates: list[dict[str, Any]] = []
        self.next_update_id = itertools.count(1000).__next__
        self._new_update = asyncio.Condition()
        self._topic_ids = itertools.count(500).__next__

    # --- the Bot API ------------------------------------------------------------------------

    async def call(self, token: str, method: str, params: dict[str, Any]) -> Result:
        name = method.lower()
        if token != self.token:
            return _error(401, "Unauthorized")
        if name not in REQUIRED:
            return _error(404, "Not Found")
        call = Call(method, params, 0)  # recorded on arrival: a long poll is visible at once
        self.calls.append(call)
        missing = [p for p in REQUIRED[name] if params.get(p) in (None, "")]
        if missing:
            result = _error(400, f"Bad Request: parameter {missing[0]} is required")
        else:
            result = self._fault(method, params) or await self._dispatch(name, params)
        call.status = result[0]
        return result

    def _fault(self, method: str, params: dict[str, Any]) -> Result | None:
        for fault in self.faults:
            if fault.method.lower() != method.lower() or fault.times <= 0:
                continue
            if fault.chat_id is not None and params.get("chat_id") != fault.chat_id:
                continue
            fault.times -= 1
            if fault.kind == "timeout":
                raise InjectedTimeoutError(method)  # its call keeps status 0
            if fault.kind == "429":
                return _error(
                    429,
                    f"Too Many Requests: retry after {fault.retry_after}",
                    retry_after=fault.retry_after,
                )
            if fault.kind == "403":
                return _error(403, "Forbidden: bot was blocked by the user")
            return _error(500, "Internal Server Error")
        return None

    async def _dispatch(self, name: str, params: dict[str, Any]) -> Result:
        try:
            if name == "getupdates":
                return 200, {"ok": True, "result": await self._get_updates(params)}
            handler = getattr(self, f"_m_{name}")
            return 200, {"ok": True, "result": handler(params)}
        except ApiError as exc:
            return exc.result

    async def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        if self.webhook is not None:
            raise ApiError("Conflict: can't use getUpdates method while webhook is active", 409)
        offset = int(params.get("offset") or 0)
        self.updates = [u for u in self.updates if u["update_id"] >= offset]
        deadline = time.monotonic() + float(params.get("timeout") or 0)
        async with self._new_update:
            while not self.updates and time.monotonic() < deadline:
                try:
                    await asyncio.wait_for(
                        self._new_update.wait(), max(0.0, deadline - time.monotonic())
                    )
                except TimeoutError:
                    break
        return self.updates[: int(params.get("limit") or 100)]

    async def push_update(self, update: dict[str, Any]) -> None:
        self.updates.append(update)
        async with self._new_update:
            self._new_update.notify_all()

    def _m_getme(self, params: dict[str, Any]) -> dict[str, Any]:
        return self.bot

    def _chat(self, chat_id: Any) -> Chat:
        chat = self.chats.get(int(chat_id)) if str(chat_id).lstrip("-").isdigit() else None
        if chat is None:
            raise ApiError("Bad Request: chat not found")
        if chat.type == "private" and chat.id in self.blocked:
            raise ApiError("Forbidden: bot was blocked by the user", 403)
        return chat

    def _thread(self, chat: Chat, params: dict[str, Any]) -> int | None:
        thread = params.get("message_thread_id")
        if thread is None:
            return None
        if not chat.is_forum or int(thread) not in chat.topics:
            raise ApiError("Bad Request: message thread not found")
        return int(thread)

    @staticmethod
    def _check_markup(markup: dict[str, Any] | None) -> None:
        for row in (markup or {}).get("inline_keyboard", []):
            for button in row:
                if len(button.get("callback_data", "").encode()) > MAX_CALLBACK:
                    raise ApiError("Bad Request: BUTTON_DATA_INVALID")
                if not button.get("text"):
                    raise ApiError("Bad Request: text buttons are unallowed in the inline keyboard")

    @staticmethod
    def _plain(text: str, params: dict[str, Any]) -> str:
        """What the user reads: HTML checked and unescaped like Telegram does."""
        if params.get("parse_mode") != "HTML":
            return text
        stripped = ALLOWED_TAGS.sub("", text)
        if "<" in stripped or re.search(r"&(?!(lt|gt|amp|quot|#\d+);)", stripped):
            raise ApiError("Bad Request: can't parse entities: unsupported start tag")
        return html.unescape(re.sub(r"<[^>]+>", "", text))

    def store_message(
        self, chat: Chat, sender: dict[str, Any], thread: int | None, **content: Any
    ) -> dict[str, Any]:
        message: dict[str, Any] = {
            "message_id": chat.next_message_id(), "date": int(time.time()),
            "chat": chat.info(), "from": sender, **content,
        }  # fmt: skip
        if thread is not None:
            message["message_thread_id"] = thread
            message["is_topic_message"] = True
        chat.messages[message["message_id"]] = message
        return message

    def _m_sendmessage(self, params: dict[str, Any]) -> dict[str, Any]:
        chat = self._chat(params["chat_id"])
        thread = self._thread(chat, params)
        text = self._plain(str(params["text"]), params)
        if not text.strip():
            raise ApiError("Bad Request: message text is empty")
        if len(text) > MAX_TEXT:
            raise ApiError("Bad Request: message is too long")
        markup = params.get("reply_markup")
        self._check_markup(markup)
        extra = {"reply_markup": markup} if markup else {}
        return self.store_message(chat, self.bot, thread, text=text, **extra)

    def _message(self, params: dict[str, Any]) -> dict[str, Any]:
        chat = self._chat(params.get("chat_id"))
        message = chat.messages.get(int(params.get("message_id") or 0))
        if message is None:
            raise ApiError("Bad Request: message to edit not found")
        return message

    def _m_editmessagetext(self, params: dict[str, Any]) -> dict[str, Any]:
        message = self._message(params)
        text = self._plain(str(params["text"]), params)
        if len(text) > MAX_TEXT:
            raise ApiError("Bad Request: MESSAGE_TOO_LONG")
        markup = params.get("reply_markup")
        if text == message.get("text") and markup == message.get("reply_markup"):
            raise ApiError("Bad Request: message is not modified")
        self._check_markup(markup)
        message["text"] = text
        message["reply_markup"] = markup
        return message

    def _m_editmessagereplymarkup(self, params: dict[str, Any]) -> dict[str, Any]:
        message = self._message(params)
        markup = params.get("reply_markup")
        if markup == message.get("reply_markup") or (
            not markup and not message.get("reply_markup")
        ):
            raise ApiError("Bad Request: message is not modified")
        self._check_markup(markup)
        message["reply_markup"] = markup
        return message

    def _m_answercallbackquery(self, params: dict[str, Any]) -> bool:
        query = str(params["callback_query_id"])
        if self.callback_queries.get(query) is not False:
            raise ApiError(
                "Bad Request: query is too old and response timeout expired or query ID is invalid"
            )
        self.callback_queries[query] = True
        return True

    def _m_copymessage(self, params: dict[str, Any]) -> dict[str, int]:
        source = self._chat(params["from_chat_id"]).messages.get(int(params["message_id"]))
        if source is None:
            raise ApiError("Bad Request: message to copy not found")
        chat = self._chat(params["chat_id"])
        thread = self._thread(chat, params)
        content = {k: v for k, v in source.items() if k in COPYABLE}
        return {"message_id": self.store_message(chat, self.bot, thread, **content)["message_id"]}

    def _m_sendphoto(self, params: dict[str, Any]) -> dict[str, Any]:
        chat = self._chat(params["chat_id"])
        photo = [{"file_id": "photo-1", "file_unique_id": "p1", "width": 640, "height": 480}]
        caption = {"caption": params["caption"]} if params.get("caption") else {}
        return self.store_message(
            chat, self.bot, self._thread(chat, params), photo=photo, **caption
        )

    def _m_senddocument(self, params: dict[str, Any]) -> dict[str, Any]:
        chat = self._chat(params["chat_id"])
        document = {"file_id": "doc-1", "file_unique_id": "d1", "file_name": "bestand"}
        return self.store_message(chat, self.bot, self._thread(chat, params), document=document)

    def _m_createforumtopic(self, params: dict[str, Any]) -> dict[str, Any]:
        chat = self._chat(params["chat_id"])
        if not chat.is_forum:
            raise ApiError("Bad Request: the chat is not a forum")
        name = str(params["name"])
        if not 1 <= len(name) <= 128:
            raise ApiError("Bad Request: TOPIC_TITLE_INVALID")
        thread = self._topic_ids()
        chat.topics[thread] = {"name": name, "closed": False}
        return {"message_thread_id": thread, "name": name, "icon_color": 7322096}

    def _m_closeforumtopic(self, params: dict[str, Any]) -> bool:
        chat = self._chat(params["chat_id"])
        self._thread(chat, params)
        chat.topics[int(params["message_thread_id"])]["closed"] = True
        return True

    def _m_deleteforumtopic(self, params: dict[str, Any]) -> bool:
        chat = self._chat(params["chat_id"])
        self._thread(chat, params)
        del chat.topics[int(params["message_thread_id"])]
        return True

    def _m_editforumtopic(self, params: dict[str, Any]) -> bool:
        chat = self._chat(params["chat_id"])
        self._thread(chat, params)
        if "name" in params:
            chat.topics[int(params["message_thread_id"])]["name"] = params["name"]
        return True

    def _m_leavechat(self, params: dict[str, Any]) -> bool:
        self.left.add(int(params["chat_id"]))
        return True

    def _m_setmycommands(self, params: dict[str, Any]) -> bool:
        commands = params["commands"]
        for command in commands:
            if not COMMAND_NAME.match(command.get("command", "")) or not (
                1 <= len(command.get("description", "")) <= 256
            ):
                raise ApiError("Bad Request: BOT_COMMAND_INVALID")
        scope = params.get("scope") or {"type": "default"}
        key = scope["type"] + (f":{scope['chat_id']}" if "chat_id" in scope else "")
        self.commands[key] = commands
        return True

    def _m_deletewebhook(self, params: dict[str, Any]) -> bool:
        self.webhook = None
        if params.get("drop_pending_updates"):
            self.updates.clear()
        return True

    def _m_setwebhook(self, params: dict[str, Any]) -> bool:
        # The real API wants an HTTPS URL; the fake accepts the local test server's.
        self.webhook = dict(params)
        return True

    def _m_getwebhookinfo(self, params: dict[str, Any]) -> dict[str, Any]:
        url = self.webhook["url"] if self.webhook else ""
        info: dict[str, Any] = {
            "url": url, "has_custom_certificate": False, "pending_update_count": len(self.updates),
        }  # fmt: skip
        if self.webhook_error is not None:
            info["last_error_date"], info["last_error_message"] = self.webhook_error
        return info

    def _m_getchat(self, params: dict[str, Any]) -> dict[str, Any]:
        chat = self._chat(params["chat_id"])
        if chat.type != "private" and chat.id in self.left:
            raise ApiError("Bad Request: chat not found")
        gifts = dict.fromkeys(
            (
                "unlimited_gifts",
                "limited_gifts",
                "unique_gifts",
                "premium_subscription",
                "gifts_from_channels",
            ),
            False,
        )
        return chat.info() | {
            "accent_color_id": 0, "max_reaction_count": 11, "accepted_gift_types": gifts,
        }  # fmt: skip

    def _m_getchatmember(self, params: dict[str, Any]) -> dict[str, Any]:
        chat = self._chat(params["chat_id"])
        user_id = int(params["user_id"])
        user = self.bot if user_id == self.bot["id"] else {
            "id": user_id, "is_bot": False, "first_name": f"Gebruiker{user_id}",
        }  # fmt: skip
        return {"user": user, "status": "left", **chat.members.get(user_id, {})}

    def _m_sendchataction(self, params: dict[str, Any]) -> bool:
        chat_id = params["chat_id"]
        if (
            str(chat_id).lstrip("-").isdigit()
            and int(chat_id) > 0
            and int(chat_id) not in self.chats
        ):
            # A user who never pressed Start: Telegram lets no bot write first.
            raise ApiError("Forbidden: bot can't initiate conversation with a user", 403)
        self._chat(chat_id)
        return True

    def _m_close(self, params: dict[str, Any]) -> bool:
        return True

    def _m_logout(self, params: dict[str, Any]) -> bool:
        return True

    # --- for tests --------------------------------------------------------------------------

    def inject(
        self,
        method: str,
        kind: str,
        times: int = 1,
        chat_id: int | None = None,
        retry_after: int = 1,
    ) -> None:
        self.faults.append(Fault(method, kind, times, chat_id, retry_after))

    def join(self, chat_id: int, user_id: int, status: str = "member", **rights: bool) -> None:
        """``user_id`` (the bot's own id too) in the group ``chat_id``; an administrator gets
        every right False except those in ``rights``."""
        member: dict[str, Any] = {"status": status}
        if status == "administrator":
            member |= dict.fromkeys(ADMIN_RIGHTS, False) | rights
        self.chats[chat_id].members[user_id] = member

    def sent(self, method: str = "sendMessage", ok_only: bool = True) -> list[Call]:
        return [
            c for c in self.calls
            if c.method.lower() == method.lower() and (c.status == 200 or not ok_only)
        ]  # fmt: skip

    def bot_messages(self, chat_id: int, thread: int | None = None) -> list[dict[str, Any]]:
        chat = self.chats.get(chat_id)
        if chat is None:
            return []
        return [
            m for m in chat.messages.values()
            if m["from"]["id"] == self.bot["id"]
            and (thread is None or m.get("message_thread_id") == thread)
        ]  # fmt: skip

    def texts(self, chat_id: int, thread: int | None = None) -> list[str]:
        return [m.get("text") or m.get("caption") or "" for m in self.bot_messages(chat_id, thread)]


COPYABLE = ("text", "photo", "document", "voice", "sticker", "location", "caption", "video")
