"""The triad's storage: coaches linked to chat accounts, their link codes, the thread's posts
and the progress meetings."""

from __future__ import annotations

import datetime as dt
from typing import Any

from obm_bot.domain.learners import CoachRole
from obm_bot.domain.triads import Meeting, MeetingStatus, TriadMember, TriadPost
from obm_bot.storage.base import StoreBase, db_time, py_time

MEETING_FIELDS = frozenset(
    {"status", "planned_at", "planned_by", "ask_outcome_at", "outcome", "postponed_to", "note",
     "closed_at"}
)  # fmt: skip
OPEN_MEETING_SQL = "status != 'afgerond'"  # literal: the partial index progress_meetings_open


def _meeting(row: dict[str, Any]) -> Meeting:
    return Meeting.model_validate({
        **row, "due_date": dt.date.fromisoformat(row["due_date"]),
        "created_at": py_time(row["created_at"]), "planned_at": py_time(row["planned_at"]),
        "ask_outcome_at": py_time(row["ask_outcome_at"]), "closed_at": py_time(row["closed_at"]),
        "postponed_to": dt.date.fromisoformat(row["postponed_to"]) if row["postponed_to"] else None,
    })  # fmt: skip


def _db(value: object) -> object:
    if isinstance(value, dt.datetime):
        return db_time(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value.value if isinstance(value, MeetingStatus) else value


class CoachStore(StoreBase):
    # --- the coaches of a learner --------------------------------------------------------------

    async def triad_members(self, learner_id: int) -> list[TriadMember]:
        rows = await self._all(
            "SELECT id, learner_id, role, name, phone, contact_id FROM coaches"
            " WHERE learner_id = ? ORDER BY id",
            (learner_id,),
        )
        return [TriadMember.model_validate(r) for r in rows]

    async def triad_member(self, coach_id: int) -> TriadMember | None:
        row = await self._one(
            "SELECT id, learner_id, role, name, phone, contact_id FROM coaches WHERE id = ?",
            (coach_id,),
        )
        return TriadMember.model_validate(row) if row else None

    async def coachings(self, contact_id: int) -> list[TriadMember]:
        """The learners (active ones) a linked chat account coaches, by learner id."""
        rows = await self._all(
            "SELECT c.id, c.learner_id, c.role, c.name, c.phone, c.contact_id FROM coaches c"
            " JOIN learners l ON l.id = c.learner_id"
            " WHERE c.contact_id = ? AND l.status = 'actief' ORDER BY c.learner_id, c.id",
            (contact_id,),
        )
        return [TriadMember.model_validate(r) for r in rows]

    async def add_coach(
        self, learner_id: int, role: CoachRole, name: str, phone: str | None
    ) -> int:
        return await self._insert(
            "INSERT INTO coaches (learner_id, role, name, phone) VALUES (?, ?, ?, ?)",
            (learner_id, role.value, name, phone),
        )

    async def link_coach(self, coach_id: int, contact_id: int) -> None:
        await self._conn.execute(
            "UPDATE coaches SET contact_id = ? WHERE id = ?", (contact_id, coach_id)
        )

    # --- link codes (hashed, single use, expiring: as the learners' codes) --------------------

    async def save_coach_code(
        self, code_hash: str, coach_id: int, now: dt.datetime, expires: dt.datetime
    ) -> None:
        """A new code replaces the coach's unused ones: only the latest one works."""
        await self._conn.execute(
            "DELETE FROM coach_link_codes WHERE coach_id = ? AND used_at IS NULL", (coach_id,)
        )
        await self._insert(
            "INSERT INTO coach_link_codes (code_hash, coach_id, created_at, expires_at)"
            " VALUES (?, ?, ?, ?)",
            (code_hash, coach_id, db_time(now), db_time(expires)),
        )

    async def coach_code(self, code_hash: str) -> dict[str, Any] | None:
        row = await self._one("SELECT * FROM coach_link_codes WHERE code_hash = ?", (code_hash,))
        if row is None:
            return None
        return {**row, "expires_at": py_time(row["expires_at"]), "used_at": py_time(row["used_at"])}

    async def use_coach_code(self, code_hash: str, contact_id: int, now: dt.datetime) -> None:
        await self._conn.execute(
            "UPDATE coach_link_codes SET used_at = ?, used_by = ? WHERE code_hash = ?",
            (db_time(now), contact_id, code_hash),
        )

    # --- the thread ---------------------------------------------------------------------------

    async def add_triad_post(
        self, learner_id: int, author: str, role: str, text: str, now: dt.datetime
    ) -> int:
        return await self._insert(
            "INSERT INTO triad_posts (learner_id, author, role, text, created_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (learner_id, author, role, text, db_time(now)),
        )

    async def triad_posts(self, learner_id: int, limit: int) -> list[TriadPost]:
        """The latest ``limit`` posts, oldest first."""
        rows = await self._all(
            "SELECT author, role, text, created_at FROM (SELECT * FROM triad_posts"
            " WHERE learner_id = ? ORDER BY id DESC LIMIT ?) ORDER BY id",
            (learner_id, limit),
        )
        return [
            TriadPost.model_validate({**r, "created_at": py_time(r["created_at"])}) for r in rows
        ]

    # --- progress meetings --------------------------------------------------------------------

    async def add_meeting(
        self, learner_id: int, milestone_id: int, due: dt.date, requested_by: str,
        now: dt.datetime,
    ) -> int:  # fmt: skip
        return await self._insert(
            "INSERT INTO progress_meetings (learner_id, milestone_id, due_date, requested_by,"
            " created_at) VALUES (?, ?, ?, ?, ?)",
            (learner_id, milestone_id, due.isoformat(), requested_by, db_time(now)),
        )

    async def meeting(self, meeting_id: int) -> Meeting | None:
        row = await self._one("SELECT * FROM progress_meetings WHERE id = ?", (meeting_id,))
        return _meeting(row) if row else None

    async def open_meeting(self, learner_id: int) -> Meeting | None:
        row = await self._one(
            f"SELECT * FROM progress_meetings WHERE learner_id = ? AND {OPEN_MEETING_SQL}"
            " ORDER BY id DESC LIMIT 1",
            (learner_id,),
        )
        return _meeting(row) if row else None

    async def meetings(self, learner_id: int) -> list[Meeting]:
        rows = await self._all(
            "SELECT * FROM progress_meetings WHERE learner_id = ? ORDER BY id", (learner_id,)
        )
        return [_meeting(r) for r in rows]

    async def update_meeting(self, meeting_id: int, **fields: object) -> None:
        unknown = set(fields) - MEETING_FIELDS
        if unknown:
            raise ValueError(f"unknown meeting fields {sorted(unknown)}")
        assignments = ", ".join(f"{name} = ?" for name in fields)  # names checked above
        await self._conn.execute(
            f"UPDATE progress_meetings SET {assignments} WHERE id = ?",
            (*(_db(v) for v in fields.values()), meeting_id),
        )

    async def milestones_without_meeting(self, until: dt.date) -> list[tuple[int, int, dt.date]]:
        """(learner id, milestone id, due date) of the next pending milestone of each active
        learner without an open meeting, due by ``until``, never met about at this date."""
        rows = await self._all(
            "SELECT m.learner_id, m.id, m.due_date FROM milestones m"
            " JOIN learners l ON l.id = m.learner_id"
            " WHERE m.status != 'behaald' AND l.status = 'actief' AND m.due_date <= ?"
            " AND m.due_date = (SELECT MIN(n.due_date) FROM milestones n"
            "   WHERE n.learner_id = m.learner_id AND n.status != 'behaald')"
            f" AND NOT EXISTS (SELECT 1 FROM progress_meetings p WHERE p.learner_id = m.learner_id"
            f"   AND (p.{OPEN_MEETING_SQL} OR (p.milestone_id = m.id AND p.due_date = m.due_date)))"
            " ORDER BY m.due_date, m.id",
            (until.isoformat(),),
        )
        return [(r["learner_id"], r["id"], dt.date.fromisoformat(r["due_date"])) for r in rows]

    async def next_meeting_dates(self) -> tuple[dt.date | None, dt.datetime | None]:
        """The earliest due date still without a meeting, and the earliest outcome to ask."""
        pending = await self.milestones_without_meeting(dt.date.max)
        row = await self._one(
            "SELECT MIN(ask_outcome_at) AS ask FROM progress_meetings WHERE status = 'afgesproken'"
        )
        return (pending[0][2] if pending else None), py_time(row["ask"] if row else None)

    async def meetings_to_ask(self, now: dt.datetime) -> list[Meeting]:
        rows = await self._all(
            "SELECT * FROM progress_meetings WHERE status = 'afgesproken' AND ask_outcome_at <= ?"
            " ORDER BY ask_outcome_at, id",
            (db_time(now),),
        )
        return [_meeting(r) for r in rows]
