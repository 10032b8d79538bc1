"""People on the fake Telegram: they write, press buttons, send photos and edit messages.

Each method stores the user's message in the fake (so the bot can copy it) and returns the
update as Telegram would deliver it; ``FakeTelegram.push_update`` queues it for polling.
"""

from __future__ import annotations

import itertools
from typing import Any

from tests.fakes.telegram_api import Chat, FakeTelegram

STAFF_GROUP = -1001234567890


class Users:
    def __init__(self, fake: FakeTelegram) -> None:
        self.fake = fake
        self._query_ids = itertools.count(1).__next__

    @staticmethod
    def person(user_id: int, first_name: str | None = None) -> dict[str, Any]:
        return {
            "id": user_id, "is_bot": False, "first_name": first_name or f"Gebruiker{user_id}",
            "language_code": "nl",
        }  # fmt: skip

    def chat(self, user_id: int) -> Chat:
        """The user's private chat with the bot (they pressed Start)."""
        return self.fake.chats.setdefault(user_id, Chat(id=user_id, type="private"))

    def forum(self, chat_id: int = STAFF_GROUP, title: str = "OBM accountmanagers") -> Chat:
        return self.fake.chats.setdefault(
            chat_id, Chat(id=chat_id, type="supergroup", title=title, is_forum=True)
        )

    def _update(self, **body: Any) -> dict[str, Any]:
        return {"update_id": self.fake.next_update_id(), **body}

    def message(
        self,
        user_id: int,
        text: str | None = None,
        *,
        chat_id: int | None = None,
        thread: int | None = None,
        first_name: str | None = None,
        **content: Any,
    ) -> dict[str, Any]:
        chat = self.fake.chats[chat_id] if chat_id is not None else self.chat(user_id)
        if text is not None:
            content["text"] = text
            if text.startswith("/"):
                length = len(text.split()[0])
                content["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
        stored = self.fake.store_message(chat, self.person(user_id, first_name), thread, **content)
        return self._update(message=stored)

    def text(self, user_id: int, text: str, **where: Any) -> dict[str, Any]:
        return self.message(user_id, text, **where)

    def photo(self, user_id: int, caption: str | None = None, **where: Any) -> dict[str, Any]:
        photo = [{"file_id": f"ph{user_id}", "file_unique_id": "u1", "width": 90, "height": 90}]
        extra: dict[str, Any] = {"caption": caption} if caption else {}
        return self.message(user_id, photo=photo, **extra, **where)

    def voice(self, user_id: int, **where: Any) -> dict[str, Any]:
        voice = {"file_id": "v1", "file_unique_id": "v1", "duration": 3}
        return self.message(user_id, voice=voice, **where)

    def sticker(self, user_id: int) -> dict[str, Any]:
        sticker = {
            "file_id": "s1", "file_unique_id": "s1", "type": "regular", "width": 512,
            "height": 512, "is_animated": False, "is_video": False,
        }  # fmt: skip
        return self.message(user_id, sticker=sticker)

    def location(self, user_id: int) -> dict[str, Any]:
        return self.message(user_id, location={"latitude": 52.26, "longitude": 6.79})

    def edit(self, user_id: int, original: dict[str, Any], text: str) -> dict[str, Any]:
        message = dict(original["message"])
        message.update(text=text, edit_date=message["date"] + 5)
        return self._update(edited_message=message)

    def press(self, user_id: int, message: dict[str, Any], data: str) -> dict[str, Any]:
        """A button press on one of the bot's messages (data need not be on the message:
        a forged press is exactly that)."""
        query_id = str(self._query_ids())
        self.fake.callback_queries[query_id] = False
        return self._update(
            callback_query={
                "id": query_id, "from": self.person(user_id), "chat_instance": "ci",
                "message": message, "data": data,
            }
        )  # fmt: skip

    def press_label(self, user_id: int, message: dict[str, Any], label: str) -> dict[str, Any]:
        for row in message.get("reply_markup", {}).get("inline_keyboard", []):
            for button in row:
                if button["text"] == label:
                    return self.press(user_id, message, button["callback_data"])
        labels = [
            b["text"] for r in message.get("reply_markup", {}).get("inline_keyboard", []) for b in r
        ]
        raise AssertionError(f"no button {label!r} on the message; buttons: {labels}")
