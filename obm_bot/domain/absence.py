"""Absent staff and who stands in for them.

While an account manager is away, their deputy takes the new cases of their companies; a
deputy who is away too passes them on to their own deputy, and when nobody along that chain
is at work the case goes to the shared queue, where every account manager sees it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping

from pydantic import BaseModel, ConfigDict


class Absence(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    staff: str
    starts_at: dt.datetime
    ends_at: dt.datetime | None
    """None: until they say /terug."""
    source: str
    """ "staff" (/afwezig) or "obm.toml" ([[absence]])."""
    reason: str | None = None

    def covers(self, moment: dt.datetime) -> bool:
        return self.starts_at <= moment and (self.ends_at is None or moment < self.ends_at)


def stand_in(deputies: Mapping[str, str | None], away: Collection[str], name: str) -> str | None:
    """Who answers for ``name``: themselves when present, else the first present deputy along
    the chain of deputies, else None (the shared queue)."""
    seen = {name}
    current: str | None = name
    while current is not None and current in away:
        current = deputies.get(current)
        if current in seen:
            return None  # a ring of absent deputies
        if current is not None:
            seen.add(current)
    return current
