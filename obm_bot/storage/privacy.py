"""What the loket stores about a person, and removing it on request (/mijngegevens, /vergeet).

Forgetting keeps the demand evidence management needs (what kind of request, which course,
how many participants, the role, and the member company: an organisation, not a person) and
removes everything that identifies or quotes the person: transcript, summaries, notes, name,
phone, e-mail, a company typed that is not a member, the chat identity, the raw updates in the
inbox and every outgoing message about them in the outbox.

Retention: operational rows that only guard delivery (link attempts, processed inbound ids,
handled inbox updates, sent or failed outbox messages) are pruned after a configured period.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from obm_bot.storage.base import StoreBase, db_time

FORGOTTEN_SUMMARY = "[verwijderd op verzoek]"
# What a request keeps of its item after /vergeet: no free text (words, names of those signed
# up, remarks, asides, the place and period as typed), only the choices from the catalogue.
FORGOTTEN_ENTITY_KEYS = ("words", "names", "remarks", "asides", "place", "period")
# The outbox row of a message to staff names its handoff in its JSON payload.
OUTBOX_REFERENCE = "CASE WHEN json_valid(payload) THEN json_extract(payload, '$.reference') END"
# The forum topic a raw Telegram update was posted in (a staff answer in a handoff's topic).
INBOX_THREAD = (
    "CASE WHEN json_valid(payload) THEN COALESCE(json_extract(payload,"
    " '$.message.message_thread_id'), json_extract(payload, '$.edited_message.message_thread_id'),"
    " json_extract(payload, '$.callback_query.message.message_thread_id')) END"
)

# What prune removes: rows whose purpose (deduplication, rate limits, delivery) has passed.
PRUNED = {
    "link_attempts": "DELETE FROM link_attempts WHERE attempted_at < :before",
    "processed_inbound": "DELETE FROM processed_inbound WHERE created_at < :before",
    "inbox": "DELETE FROM inbox WHERE handled_at IS NOT NULL AND handled_at < :before",
    "outbox": "DELETE FROM outbox WHERE sent_at < :before OR failed_at < :before",
}


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
        """Remove the person; run it inside the caller's transaction, and ``checkpoint`` after
        the commit so the WAL no longer holds the old pages either."""
        contact = await self._one(
            "SELECT c.channel, c.channel_user_id, c.role, m.name AS member FROM contacts c"
            " LEFT JOIN companies m ON m.id = c.company_id WHERE c.id = ?",
            (contact_id,),
        )
        if contact is None:
            return
        await self._forget_deliveries(contact_id, contact["channel"], contact["channel_user_id"])
        conversations = "SELECT id FROM conversations WHERE contact_id = ?"
        await self._conn.execute(
            f"DELETE FROM messages WHERE conversation_id IN ({conversations})", (contact_id,)
        )
        await self._conn.execute(
            "DELETE FROM handoff_notes WHERE handoff_id IN"
            " (SELECT id FROM handoffs WHERE contact_id = ?)",
            (contact_id,),
        )
        # The customer's verdict stays as a bare score; their words about it go, and a
        # prompt not yet answered is never answered by this now nameless contact.
        await self._conn.execute(
            "UPDATE csat SET comment = NULL, awaiting_comment = 0 WHERE contact_id = ?",
            (contact_id,),
        )
        await self._conn.execute(
            "UPDATE handoffs SET callback_said = NULL WHERE contact_id = ?", (contact_id,)
        )
        await self._conn.execute(
            "UPDATE handoffs SET status = 'cancelled', closed_at = ?,"
            " outcome = 'gegevens verwijderd' WHERE contact_id = ? AND status IN"
            " ('open', 'claimed')",
            (db_time(now), contact_id),
        )
        removed = ", ".join(f"'$.{key}'" for key in FORGOTTEN_ENTITY_KEYS)
        await self._conn.execute(
            # The role and the member company move onto the request: the contact loses them.
            f"UPDATE requests SET summary = ?, entities = json_set(json_remove(entities,"
            f" {removed}), '$.member_company', ?, '$.role', ?) WHERE contact_id = ?",
            (FORGOTTEN_SUMMARY, contact["member"], contact["role"], contact_id),
        )
        await self._conn.execute(
            "UPDATE conversations SET state = '{}', updated_at = ? WHERE contact_id = ?",
            (db_time(now), contact_id),
        )
        await self._conn.execute(  # the demand counts stay; the words and the person go
            "UPDATE demand_signals SET text = '', contact_id = NULL, company = ?"
            " WHERE contact_id = ?",
            (contact["member"], contact_id),
        )
        await self._conn.execute(  # the trajectory is the OBM's record; the chat link goes
            "UPDATE learners SET contact_id = NULL WHERE contact_id = ?", (contact_id,)
        )
        await self._conn.execute(  # a coach who forgets leaves the triads they were on
            "UPDATE coaches SET contact_id = NULL WHERE contact_id = ?", (contact_id,)
        )
        # A new chat identity: the person starts afresh if they write again.
        await self._conn.execute(
            "UPDATE contacts SET channel_user_id = 'vergeten:' || id, display_name = NULL,"
            " name = NULL, phone = NULL, email = NULL, role = NULL, company = NULL,"
            " company_id = NULL, blocked = 0 WHERE id = ?",
            (contact_id,),
        )

    async def _forget_deliveries(self, contact_id: int, channel: str, user_id: str) -> None:
        """The raw updates the person sent and every outgoing message to or about them. Runs
        before the transcript goes: outbox rows are found by the messages they carry. Staff
        notices sent after this (the forget notice itself) are not touched."""
        references = (
            "SELECT reference FROM handoffs WHERE contact_id = :contact"
            " UNION SELECT reference FROM requests WHERE contact_id = :contact"
        )
        messages = (
            "SELECT m.id FROM messages m JOIN conversations c ON c.id = m.conversation_id"
            " WHERE c.contact_id = :contact"
        )
        await self._conn.execute(
            f"DELETE FROM outbox WHERE recipient = :address OR message_id IN ({messages})"
            f" OR {OUTBOX_REFERENCE} IN ({references})",
            {"contact": contact_id, "address": f"{channel}:{user_id}"},
        )
        # The person's own updates, and the staff's about their cases: posted in a case's
        # topic, or naming its reference (a command), they quote or answer the person.
        await self._conn.execute(
            "DELETE FROM inbox WHERE (channel = :channel AND user_id = :user)"
            f" OR EXISTS (SELECT 1 FROM staff_threads t WHERE t.reference IN ({references})"
            f" AND CAST(t.chat_id AS TEXT) = inbox.chat_id AND t.thread_id = {INBOX_THREAD})"
            f" OR EXISTS (SELECT 1 FROM ({references}) r WHERE instr(inbox.payload, r.reference))",
            {"contact": contact_id, "channel": channel, "user": user_id},
        )
        await self._conn.execute(  # the chat id of someone who tried a link code
            "DELETE FROM link_attempts WHERE channel = ? AND user_id = ?", (channel, user_id)
        )

    async def checkpoint(self) -> bool:
        """Copy the WAL into the database file and truncate it, so deleted pages survive in
        neither. Outside any transaction (SQLite refuses one inside); takes the store's lock
        itself. False when another connection kept it from completing (it is then retried
        at the next checkpoint, and SQLite's own ones overwrite the frames in time)."""
        async with self._lock:
            rows = list(await self._conn.execute_fetchall("PRAGMA wal_checkpoint(TRUNCATE)"))
        return bool(rows) and rows[0][0] == 0

    async def prune(self, before: dt.datetime) -> dict[str, int]:
        """Delete the operational rows older than ``before`` (the retention period); run it
        inside the caller's transaction. Returns the rows deleted per table."""
        counts = {}
        for table, sql in PRUNED.items():
            cursor = await self._conn.execute(sql, {"before": db_time(before)})
            counts[table] = max(cursor.rowcount, 0)
        return counts
