"""Learners, coaches, milestones, portfolio items, notes, link codes and link attempts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from obm_bot.domain.learners import (
    Coach,
    Learner,
    LearnerDraft,
    LearnerStatus,
    Milestone,
    PortfolioItem,
)
from obm_bot.storage.base import StoreBase, db_time, py_time

PENDING_SQL = "status != 'behaald'"  # literal: the partial index milestones_pending needs it
MILESTONE_FIELDS = frozenset(
    {"due_date", "status", "achieved_on", "reminded_at", "overdue_noticed_at"}
)


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _db(value: object) -> object:
    if isinstance(value, dt.datetime):
        return db_time(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value.value if hasattr(value, "value") else value


class LearnerStore(StoreBase):
    async def create_learner(
        self,
        draft: LearnerDraft,
        milestones: Sequence[tuple[str, dt.date, str | None, list[str]]],
        now: dt.datetime,
    ) -> int:
        learner_id = await self._insert(
            "INSERT INTO learners (name, qualification_id, path, company, practice_centre,"
            " start_date, planned_end, centre_weeks, company_weeks, created_at, school_day,"
            " age_at_start) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (draft.name, draft.qualification_id, draft.path, draft.company,
             draft.practice_centre, draft.start_date.isoformat(), draft.planned_end.isoformat(),
             draft.centre_weeks, draft.company_weeks, db_time(now), draft.school_day,
             draft.age_at_start),
        )  # fmt: skip
        await self._conn.executemany(
            "INSERT INTO coaches (learner_id, role, name, phone, email) VALUES (?, ?, ?, ?, ?)",
            [(learner_id, c.role.value, c.name, c.phone, c.email) for c in draft.coaches],
        )
        for name, due, pay_step, items in milestones:
            await self.add_milestone(learner_id, name, due, pay_step, items)
        return learner_id

    async def add_milestone(
        self, learner_id: int, name: str, due: dt.date, pay_step: str | None, items: list[str]
    ) -> int:
        milestone_id = await self._insert(
            "INSERT INTO milestones (learner_id, name, due_date, original_due, pay_step)"
            " VALUES (?, ?, ?, ?, ?)",
            (learner_id, name, due.isoformat(), due.isoformat(), pay_step),
        )
        await self._conn.executemany(
            "INSERT INTO portfolio_items (milestone_id, name) VALUES (?, ?)",
            [(milestone_id, item) for item in items],
        )
        return milestone_id

    async def _learner(self, row: dict[str, Any] | None) -> Learner | None:
        if row is None:
            return None
        coaches = await self._all(
            "SELECT role, name, phone, email FROM coaches WHERE learner_id = ? ORDER BY id",
            (row["id"],),
        )
        return Learner.model_validate({
            **row, "start_date": _date(row["start_date"]),
            "planned_end": _date(row["planned_end"]), "ended_on": _date(row["ended_on"]),
            "created_at": py_time(row["created_at"]),
            "coaches": [Coach.model_validate(c) for c in coaches],
        })  # fmt: skip

    async def learner(self, learner_id: int) -> Learner | None:
        return await self._learner(
            await self._one("SELECT * FROM learners WHERE id = ?", (learner_id,))
        )

    async def learner_for_contact(self, contact_id: int) -> Learner | None:
        return await self._learner(
            await self._one("SELECT * FROM learners WHERE contact_id = ?", (contact_id,))
        )

    async def learners(self, coach: str | None = None) -> list[Learner]:
        """Active learners, all or those of one coach, by name."""
        if coach is None:
            rows = await self._all(
                "SELECT * FROM learners WHERE status = 'actief' ORDER BY name, id"
            )
        else:
            rows = await self._all(
                "SELECT * FROM learners WHERE status = 'actief' AND id IN"
                " (SELECT learner_id FROM coaches WHERE lower(name) = lower(?)) ORDER BY name, id",
                (coach,),
            )
        return [learner for row in rows if (learner := await self._learner(row))]

    async def set_learner_status(
        self, learner_id: int, status: LearnerStatus, reason: str | None, day: dt.date | None
    ) -> None:
        await self._conn.execute(
            "UPDATE learners SET status = ?, stop_reason = ?, ended_on = ? WHERE id = ?",
            (status.value, reason, day.isoformat() if day else None, learner_id),
        )

    async def link_learner(self, learner_id: int, contact_id: int | None) -> None:
        if contact_id is not None:  # one chat account follows one trajectory
            await self._conn.execute(
                "UPDATE learners SET contact_id = NULL WHERE contact_id = ?", (contact_id,)
            )
        await self._conn.execute(
            "UPDATE learners SET contact_id = ? WHERE id = ?", (contact_id, learner_id)
        )

    # --- milestones ---------------------------------------------------------------------------

    async def _milestones(self, where: str, params: tuple[Any, ...]) -> list[Milestone]:
        rows = await self._all(f"SELECT * FROM milestones WHERE {where}", params)
        if not rows:
            return []
        marks = ", ".join("?" for _ in rows)
        items = await self._all(
            f"SELECT * FROM portfolio_items WHERE milestone_id IN ({marks}) ORDER BY id",
            tuple(r["id"] for r in rows),
        )
        result = []
        for row in rows:
            portfolio = [
                PortfolioItem(id=i["id"], name=i["name"], done_on=_date(i["done_on"]))
                for i in items
                if i["milestone_id"] == row["id"]
            ]
            result.append(Milestone.model_validate({
                **{k: v for k, v in row.items() if k not in ("reminded_at", "overdue_noticed_at")},
                "due_date": _date(row["due_date"]), "original_due": _date(row["original_due"]),
                "achieved_on": _date(row["achieved_on"]), "portfolio": portfolio,
            }))  # fmt: skip
        return result

    async def milestones(self, learner_id: int) -> list[Milestone]:
        return await self._milestones("learner_id = ? ORDER BY due_date, id", (learner_id,))

    async def milestone(self, milestone_id: int) -> Milestone | None:
        found = await self._milestones("id = ?", (milestone_id,))
        return found[0] if found else None

    async def update_milestone(self, milestone_id: int, **fields: object) -> None:
        unknown = set(fields) - MILESTONE_FIELDS
        if unknown:
            raise ValueError(f"unknown milestone fields {sorted(unknown)}")
        assignments = ", ".join(f"{name} = ?" for name in fields)  # names checked above
        await self._conn.execute(
            f"UPDATE milestones SET {assignments} WHERE id = ?",
            (*(_db(v) for v in fields.values()), milestone_id),
        )

    async def mark_item_done(self, item_id: int, day: dt.date | None) -> None:
        await self._conn.execute(
            "UPDATE portfolio_items SET done_on = ? WHERE id = ?",
            (day.isoformat() if day else None, item_id),
        )

    async def add_learner_note(
        self, learner_id: int, author: str, text: str, now: dt.datetime
    ) -> None:
        await self._insert(
            "INSERT INTO learner_notes (learner_id, author, text, created_at) VALUES (?, ?, ?, ?)",
            (learner_id, author, text, db_time(now)),
        )

    async def learner_notes(self, learner_id: int) -> list[dict[str, Any]]:
        return await self._all(
            "SELECT author, text, created_at FROM learner_notes WHERE learner_id = ? ORDER BY id",
            (learner_id,),
        )

    async def milestones_to_remind(
        self, remind_until: dt.date, overdue_before: dt.date
    ) -> list[tuple[str, Milestone]]:
        """("reminder" | "overdue", milestone) of active learners that need a message now."""
        rows = await self._all(
            f"SELECT m.id, CASE WHEN m.due_date < ? AND m.overdue_noticed_at IS NULL"
            " THEN 'overdue' ELSE 'reminder' END AS kind FROM milestones m"
            " JOIN learners l ON l.id = m.learner_id"
            f" WHERE m.{PENDING_SQL} AND l.status = 'actief' AND ("
            " (m.reminded_at IS NULL AND m.due_date <= ?)"
            " OR (m.overdue_noticed_at IS NULL AND m.due_date < ?)) ORDER BY m.due_date",
            (overdue_before.isoformat(), remind_until.isoformat(), overdue_before.isoformat()),
        )
        found = []
        for row in rows:
            milestone = await self.milestone(row["id"])
            if milestone is not None:
                found.append((str(row["kind"]), milestone))
        return found

    async def next_milestone_dates(self) -> tuple[dt.date | None, dt.date | None]:
        """The earliest due date still to be reminded of, and still to be noticed as overdue."""
        row = await self._one(
            "SELECT MIN(CASE WHEN m.reminded_at IS NULL THEN m.due_date END) AS remind,"
            " MIN(CASE WHEN m.overdue_noticed_at IS NULL THEN m.due_date END) AS overdue"
            f" FROM milestones m JOIN learners l ON l.id = m.learner_id"
            f" WHERE m.{PENDING_SQL} AND l.status = 'actief'"
        )
        if row is None:
            return None, None
        return _date(row["remind"]), _date(row["overdue"])

    # --- link codes ---------------------------------------------------------------------------

    async def save_link_code(
        self, code_hash: str, learner_id: int, now: dt.datetime, expires: dt.datetime
    ) -> None:
        """A new code replaces the learner's unused ones: only the latest one works."""
        await self._conn.execute(
            "DELETE FROM link_codes WHERE learner_id = ? AND used_at IS NULL", (learner_id,)
        )
        await self._insert(
            "INSERT INTO link_codes (code_hash, learner_id, created_at, expires_at)"
            " VALUES (?, ?, ?, ?)",
            (code_hash, learner_id, db_time(now), db_time(expires)),
        )

    async def link_code(self, code_hash: str) -> dict[str, Any] | None:
        row = await self._one("SELECT * FROM link_codes WHERE code_hash = ?", (code_hash,))
        if row is None:
            return None
        return {**row, "expires_at": py_time(row["expires_at"]), "used_at": py_time(row["used_at"])}

    async def use_link_code(self, code_hash: str, contact_id: int, now: dt.datetime) -> None:
        await self._conn.execute(
            "UPDATE link_codes SET used_at = ?, used_by = ? WHERE code_hash = ?",
            (db_time(now), contact_id, code_hash),
        )

    async def failed_link_attempt(self, channel: str, user_id: str, now: dt.datetime) -> None:
        await self._insert(
            "INSERT INTO link_attempts (channel, user_id, attempted_at) VALUES (?, ?, ?)",
            (channel, user_id, db_time(now)),
        )

    async def failed_link_attempts(self, channel: str, user_id: str, since: dt.datetime) -> int:
        row = await self._one(
            "SELECT COUNT(*) AS n FROM link_attempts WHERE channel = ? AND user_id = ?"
            " AND attempted_at >= ?",
            (channel, user_id, db_time(since)),
        )
        return int(row["n"]) if row else 0
