"""What the loket stores about a person, and removing it on request (/mijngegevens, /vergeet).

Forgetting keeps the demand evidence management needs (what kind of request, which course,
how many participants, which member company) and removes everything that identifies or
quotes the person: transcript, summaries, notes, name, phone and the chat identity.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from obm_bot.storage.base import StoreBase, db_time

FORGOTTEN_SUMMARY = "[verwijderd op verzoek]"


class PrivacyStore(StoreBase):
    async def personal_data(self, contact_id: int) -> dict[str, Any]:
        messages = await self._one(
            "SELECT COUNT(*) AS n FROM messages m JOIN conversations c"
            " ON c.id = m.conversation_id WHERE c.contact_id = ?",
            (contact_id,),
        )
        requests = await self._all(
            "SELECT reference, kind, status, created_at FROM requests WHERE contact_id = ?"
            " ORDER BY id",
            (contact_id,),
        )
        return {"messages": messages["n"] if messages else 0, "requests": requests}

    async def forget_contact(self, contact_id: int, now: dt.datetime) -> None:
        conversations = "SELECT id FROM conversations WHERE contact_id = ?"
        await self._conn.execute(
            f"DELETE FROM messages WHERE conversation_id IN ({conversations})", (contact_id,)
        )
        await self._conn.execute(
            "DELETE FROM handoff_notes WHERE handoff_id IN"
            " (SELECT id FROM handoffs WHERE contact_id = ?)",
            (contact_id,),
        )
        await self._conn.execute(
            "UPDATE handoffs SET status = 'cancelled', closed_at = ?,"
            " outcome = 'gegevens verwijderd' WHERE contact_id = ? AND status IN"
            " ('open', 'claimed')",
            (db_time(now), contact_id),
        )
        await self._conn.execute(
            # The request's own words, the names signed up and remarks are personal too.
            "UPDATE requests SET summary = ?, entities = json_remove(entities, '$.words',"
            " '$.names', '$.remarks', '$.asides') WHERE contact_id = ?",
            (FORGOTTEN_SUMMARY, contact_id),
        )
        await self._conn.execute(
            "UPDATE conversations SET state = '{}', updated_at = ? WHERE contact_id = ?",
            (db_time(now), contact_id),
        )
        await self._conn.execute(  # the demand counts stay; the words and the person go
            "UPDATE demand_signals SET text = '', contact_id = NULL WHERE contact_id = ?",
            (contact_id,),
        )
        await self._conn.execute(  # the trajectory is the OBM's record; the chat link goes
            "UPDATE learners SET contact_id = NULL WHERE contact_id = ?", (contact_id,)
        )
        # A new chat identity: the person starts afresh if they write again.
        await self._conn.execute(
            "UPDATE contacts SET channel_user_id = 'vergeten:' || id, display_name = NULL,"
            " name = NULL, phone = NULL, email = NULL, blocked = 0 WHERE id = ?",
            (contact_id,),
        )
