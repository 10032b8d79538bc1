"""Contacts, conversations and the transcript."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

from obm_bot.domain.models import Contact, Conversation, Message
from obm_bot.storage.base import StoreBase, db_time, py_time

CONTACT_FIELDS = frozenset(
    {"role", "name", "company", "company_id", "phone", "email", "display_name", "blocked"}
)


class ConversationStore(StoreBase):
    # --- member companies ----------------------------------------------------------------

    async def sync_companies(self, companies: list[tuple[str, str]]) -> None:
        """Member companies and their account manager, as the configuration says now."""
        await self._conn.executemany(
            "INSERT INTO companies (name, account_manager) VALUES (?, ?) "
            "ON CONFLICT (name) DO UPDATE SET account_manager = excluded.account_manager",
            companies,
        )

    async def company_id(self, name: str) -> int | None:
        row = await self._one("SELECT id FROM companies WHERE name = ?", (name,))
        return int(row["id"]) if row else None

    # --- contacts ----------------------------------------------------------------------

    @staticmethod
    def _contact(row: dict[str, Any]) -> Contact:
        return Contact.model_validate(
            {**row, "blocked": bool(row["blocked"]), "created_at": py_time(row["created_at"])}
        )

    async def contact(self, channel: str, user_id: str) -> Contact | None:
        row = await self._one(
            "SELECT * FROM contacts WHERE channel = ? AND channel_user_id = ?", (channel, user_id)
        )
        return self._contact(row) if row else None

    async def contact_by_id(self, contact_id: int) -> Contact:
        row = await self._one("SELECT * FROM contacts WHERE id = ?", (contact_id,))
        if row is None:
            raise LookupError(f"contact {contact_id}")
        return self._contact(row)

    async def get_or_create_contact(
        self, channel: str, user_id: str, display_name: str | None, now: dt.datetime
    ) -> tuple[Contact, bool]:
        found = await self.contact(channel, user_id)
        if found:
            return found, False
        # RETURNING: the row as stored (with the schema's defaults), without a second SELECT.
        created = await self._one(
            "INSERT INTO contacts (channel, channel_user_id, display_name, created_at) "
            "VALUES (?, ?, ?, ?) RETURNING *",
            (channel, user_id, display_name, db_time(now)),
        )
        if created is None:
            raise LookupError(f"contact {channel}:{user_id} not found right after its insert")
        return self._contact(created), True

    async def update_contact(self, contact_id: int, **fields: Any) -> None:
        unknown = set(fields) - CONTACT_FIELDS
        if unknown:
            raise ValueError(f"unknown contact fields {sorted(unknown)}")
        if not fields:
            return
        assignments = ", ".join(f"{name} = ?" for name in fields)  # names checked above
        values = [v.value if hasattr(v, "value") else v for v in fields.values()]
        await self._conn.execute(
            f"UPDATE contacts SET {assignments} WHERE id = ?", (*values, contact_id)
        )

    # --- conversations and transcript ----------------------------------------------------

    @staticmethod
    def _conversation(row: dict[str, Any]) -> Conversation:
        return Conversation(
            id=row["id"], contact_id=row["contact_id"], state=json.loads(row["state"]),
            created_at=py_time(row["created_at"]), updated_at=py_time(row["updated_at"]),
        )  # fmt: skip

    async def conversation_for(self, contact_id: int, now: dt.datetime) -> Conversation:
        """The contact's current conversation; a first one is created on first contact."""
        row = await self._one(
            "SELECT * FROM conversations WHERE contact_id = ? ORDER BY id DESC LIMIT 1",
            (contact_id,),
        )
        if row:
            return self._conversation(row)
        created = await self._one(
            "INSERT INTO conversations (contact_id, created_at, updated_at) VALUES (?, ?, ?)"
            " RETURNING *",
            (contact_id, db_time(now), db_time(now)),
        )
        if created is None:
            raise LookupError(f"conversation of contact {contact_id} missing after its insert")
        return self._conversation(created)

    async def save_state(
        self, conversation_id: int, state: dict[str, Any] | str, now: dt.datetime
    ) -> None:
        """``state`` as a dict, or already as JSON text (the tracker serialises itself)."""
        text = state if isinstance(state, str) else json.dumps(state, ensure_ascii=False)
        await self._conn.execute(
            "UPDATE conversations SET state = ?, updated_at = ? WHERE id = ?",
            (text, db_time(now), conversation_id),
        )

    async def add_message(
        self,
        conversation_id: int,
        direction: str,
        author: str,
        text: str,
        now: dt.datetime,
        recipient: str | None = None,
        buttons: list[list[dict[str, str]]] | None = None,
        delivered: bool = True,
    ) -> int:
        return await self._insert(
            "INSERT INTO messages (conversation_id, direction, author, recipient, text, buttons,"
            " created_at, delivered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (conversation_id, direction, author, recipient, text,
             json.dumps(buttons) if buttons else None, db_time(now), None if not delivered
             else db_time(now)),
        )  # fmt: skip

    async def has_replies(self, conversation_id: int) -> bool:
        row = await self._one(
            "SELECT 1 FROM messages WHERE conversation_id = ? AND direction = 'out' LIMIT 1",
            (conversation_id,),
        )
        return row is not None

    async def transcript(self, conversation_id: int, limit: int = 50) -> list[Message]:
        rows = await self._all(
            "SELECT id, conversation_id, direction, author, text, created_at FROM messages "
            "WHERE conversation_id = ? ORDER BY id DESC LIMIT ?",
            (conversation_id, limit),
        )
        return [
            Message.model_validate({**r, "created_at": py_time(r["created_at"])})
            for r in reversed(rows)
        ]

    async def undelivered(self, recipient: str) -> list[dict[str, Any]]:
        """Outgoing messages for a recipient another process must deliver (terminal adapters)."""
        rows = await self._all(
            "SELECT id, text, buttons FROM messages WHERE recipient = ? AND delivered_at IS NULL "
            "ORDER BY id",
            (recipient,),
        )
        for row in rows:
            row["buttons"] = json.loads(row["buttons"]) if row["buttons"] else []
        return rows

    async def mark_delivered(self, message_ids: Sequence[int], now: dt.datetime) -> None:
        await self._conn.executemany(
            "UPDATE messages SET delivered_at = ? WHERE id = ?",
            [(db_time(now), message_id) for message_id in message_ids],
        )
