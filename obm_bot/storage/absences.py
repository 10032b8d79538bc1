"""Staff absences (/afwezig, /terug and obm.toml's [[absence]])."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from obm_bot.domain.absence import Absence
from obm_bot.storage.base import StorageError, StoreBase, db_time, py_time

CONFIG_SOURCE = "obm.toml"


def _absence(row: dict[str, Any]) -> Absence:
    return Absence(
        id=row["id"], staff=row["staff"], starts_at=dt.datetime.fromisoformat(row["starts_at"]),
        ends_at=py_time(row["ends_at"]), source=row["source"], reason=row["reason"],
    )  # fmt: skip


class AbsenceStore(StoreBase):
    async def add_absence(
        self,
        staff: str,
        starts_at: dt.datetime,
        ends_at: dt.datetime | None,
        now: dt.datetime,
        reason: str | None = None,
    ) -> Absence:
        """/afwezig: ``staff`` is away from ``starts_at``; what was planned for them before
        from then on gives way to this."""
        await self.end_absence(staff, starts_at)
        await self._conn.execute(
            "INSERT INTO absences (staff, starts_at, ends_at, source, reason, created_at)"
            " VALUES (?, ?, ?, 'staff', ?, ?) ON CONFLICT (staff, source, starts_at)"
            " DO UPDATE SET ends_at = excluded.ends_at, returned_at = NULL, offered_at = NULL",
            (staff, db_time(starts_at), db_time(ends_at), reason, db_time(now)),
        )
        row = await self._one(
            "SELECT * FROM absences WHERE staff = ? AND source = 'staff' AND starts_at = ?",
            (staff, db_time(starts_at)),
        )
        if row is None:
            raise StorageError(f"absence of {staff} missing right after the insert")
        return _absence(row)

    async def end_absence(self, staff: str, now: dt.datetime) -> list[Absence]:
        """/terug: every absence of ``staff`` under way at ``now`` ends now; returns them."""
        rows = await self._all(
            "SELECT * FROM absences WHERE staff = ? AND starts_at <= ?"
            " AND (ends_at IS NULL OR ends_at > ?)",
            (staff, db_time(now), db_time(now)),
        )
        await self._conn.execute(
            "UPDATE absences SET ends_at = ?, returned_at = ? WHERE staff = ? AND starts_at <= ?"
            " AND (ends_at IS NULL OR ends_at > ?)",
            (db_time(now), db_time(now), staff, db_time(now), db_time(now)),
        )
        return [_absence(r) for r in rows]

    async def absences_at(self, moment: dt.datetime) -> list[Absence]:
        """Absences under way at ``moment``."""
        rows = await self._all(
            "SELECT * FROM absences WHERE starts_at <= ? AND (ends_at IS NULL OR ends_at > ?)"
            " ORDER BY starts_at, id",
            (db_time(moment), db_time(moment)),
        )
        return [_absence(r) for r in rows]

    async def upcoming_absences(self, staff: str, now: dt.datetime) -> list[Absence]:
        """Absences of ``staff`` still to begin, soonest first."""
        rows = await self._all(
            "SELECT * FROM absences WHERE staff = ? AND starts_at > ? ORDER BY starts_at",
            (staff, db_time(now)),
        )
        return [_absence(r) for r in rows]

    async def absences_to_offer(self, now: dt.datetime) -> list[Absence]:
        """Absences that have begun and whose open cases were not yet offered to a deputy."""
        rows = await self._all(
            "SELECT * FROM absences WHERE offered_at IS NULL AND starts_at <= ?"
            " AND (ends_at IS NULL OR ends_at > ?) ORDER BY starts_at, id",
            (db_time(now), db_time(now)),
        )
        return [_absence(r) for r in rows]

    async def mark_offered(self, absence_id: int, now: dt.datetime) -> None:
        await self._conn.execute(
            "UPDATE absences SET offered_at = ? WHERE id = ?", (db_time(now), absence_id)
        )

    async def next_absence_start(self, now: dt.datetime) -> dt.datetime | None:
        """When the next absence not yet acted on begins (a timer wakes the desk then)."""
        row = await self._one(
            "SELECT MIN(starts_at) AS due FROM absences WHERE offered_at IS NULL"
            " AND (ends_at IS NULL OR ends_at > ?)",
            (db_time(now),),
        )
        return py_time(row["due"]) if row and row["due"] else None

    async def sync_absences(
        self, planned: Sequence[tuple[str, dt.datetime, dt.datetime, str | None]], now: dt.datetime
    ) -> None:
        """obm.toml's [[absence]] entries into the table: new ones added, changed end dates
        taken over (unless the person already said /terug), removed ones gone."""
        keep = {(staff, db_time(start)) for staff, start, _, _ in planned}
        for row in await self._all("SELECT id, staff, starts_at FROM absences WHERE source = ?",
                                   (CONFIG_SOURCE,)):  # fmt: skip
            if (row["staff"], row["starts_at"]) not in keep:
                await self._conn.execute("DELETE FROM absences WHERE id = ?", (row["id"],))
        for staff, start, end, reason in planned:
            await self._conn.execute(
                "INSERT INTO absences (staff, starts_at, ends_at, source, reason, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (staff, source, starts_at) DO UPDATE SET"
                " ends_at = excluded.ends_at, reason = excluded.reason"
                " WHERE absences.returned_at IS NULL",
                (staff, db_time(start), db_time(end), CONFIG_SOURCE, reason, db_time(now)),
            )
