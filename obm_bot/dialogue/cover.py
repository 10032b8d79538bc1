"""Who takes a case now: the intended account manager, or while they are absent their deputy
(or the deputy's deputy), else nobody in particular: the shared queue."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from obm_bot.domain.absence import stand_in
from obm_bot.organisation import Organisation
from obm_bot.storage.store import Store


@dataclass(frozen=True)
class Cover:
    intended: str | None
    """The company's own account manager (or a learner's coach); None: the shared queue."""
    assignee: str | None
    """Who gets the case; None: the shared queue."""

    @property
    def absent(self) -> str | None:
        """The intended person when somebody else answers for them."""
        return self.intended if self.intended and self.assignee != self.intended else None


async def away_now(store: Store, now: dt.datetime) -> set[str]:
    return {absence.staff for absence in await store.absences_at(now)}


async def cover_for(
    store: Store, org: Organisation, intended: str | None, now: dt.datetime
) -> Cover:
    if intended is None:
        return Cover(None, None)
    away = await away_now(store, now)
    if intended not in away:
        return Cover(intended, intended)
    deputies = {m.name: m.deputy for m in org.account_manager}
    return Cover(intended, stand_in(deputies, away, intended))
