"""/afwezig and /terug, obm.toml's [[absence]], and what an absence does to open cases.

When an absence begins (at once for /afwezig, at its first day for a planned one, found by
``tick``), the absent person's cases are seen to: one not yet picked up moves to whoever
stands in (the deputy, or the shared queue) and the customer is told who answers now; one
they had picked up is offered to the stand-in with /overnemen, since they may have
promised the customer something the stand-in should read first. New cases are routed in
``Desk.open`` (``cover.py``). Back with /terug, new cases come to them again; cases the
stand-in took stay with the stand-in, so no customer is passed round twice.
"""

from __future__ import annotations

import datetime as dt

from obm_bot.dialogue.buttons import Claim
from obm_bot.dialogue.cover import away_now
from obm_bot.dialogue.desk import SYSTEM, Desk
from obm_bot.dialogue.messages import Outbound, staff_address
from obm_bot.dialogue.office_times import DAYS_NL, MONTHS_NL
from obm_bot.dialogue.staff.absence_dates import UnreadableDateError, Until, read_until
from obm_bot.dialogue.staff.commands import DeskKind, names
from obm_bot.dialogue.staff.holders import customer_address, informal
from obm_bot.domain.absence import Absence, stand_in
from obm_bot.domain.models import Handoff, HandoffStatus

ABSENCE_COMMANDS = names(DeskKind.ABSENCE)


def long_date(day: dt.date) -> str:
    """ "maandag 4 januari": staff read the weekday and the date together."""
    return f"{DAYS_NL[day.weekday()]} {day.day} {MONTHS_NL[day.month - 1]}"


class AbsenceDesk:
    def __init__(self, desk: Desk) -> None:
        self.desk = desk
        self.store = desk.store
        self.org = desk.org

    def _text(self, kind: str, **context: object) -> str:
        return self.desk.renderer.render("staff_absence", kind=kind, **context)

    async def handle(self, staff: str, command: str, rest: str, now: dt.datetime) -> list[Outbound]:
        to = staff_address(staff)
        if command == "terug":
            return [Outbound(to=to, text=await self.back(staff, now))]
        try:
            until = read_until(rest, now, self.org.zone)
        except UnreadableDateError as bad:
            return [Outbound(to=to, text=self._text(bad.kind, text=bad.text))]
        ends_at = until.ends_at(self.org.zone) if until else None
        absence = await self.store.add_absence(staff, now, ends_at, now)
        await self.store.audit(
            staff, "afwezig", None, {"tot": str(until.back) if until else None}, now
        )
        out, moved, offered = await self._see_to_cases(absence, now)
        reply = self._text(
            "away", back=long_date(self._first_day_back(until)) if until else None,
            last=long_date(self._last_day_away(until, now)) if until else None,
            deputy=await self._stand_in(staff, now), moved=moved, offered=offered,
        )  # fmt: skip
        return [Outbound(to=to, text=reply), *out]

    def _first_day_back(self, until: Until) -> dt.date:
        """Back "zaterdag" reads oddly: the first office day from then on."""
        return self.org.next_opening(until.ends_at(self.org.zone)).date()

    def _last_day_away(self, until: Until, now: dt.datetime) -> dt.date:
        """ "t/m zondag" reads oddly too: the last office day before, or today."""
        today, day = now.astimezone(self.org.zone).date(), until.last
        while day > today and not self.org.calendar.spans(day):
            day -= dt.timedelta(days=1)
        return day

    async def back(self, staff: str, now: dt.datetime) -> str:
        ended = await self.store.end_absence(staff, now)
        if ended:
            await self.store.audit(staff, "terug", None, {}, now)
        zone = self.org.zone
        planned = [
            f"{long_date(a.starts_at.astimezone(zone).date())} tot "
            + (long_date(a.ends_at.astimezone(zone).date()) if a.ends_at else "/terug")
            for a in await self.store.upcoming_absences(staff, now)
        ]
        return self._text("back", was_away=bool(ended), planned=planned)

    async def _stand_in(self, staff: str, now: dt.datetime) -> str | None:
        deputies = {m.name: m.deputy for m in self.org.account_manager}
        return stand_in(deputies, await away_now(self.store, now), staff)

    # --- when an absence begins ----------------------------------------------------------

    async def tick(self, now: dt.datetime) -> list[Outbound]:
        """Absences that have begun since the last look (planned ones): see to their cases,
        in office hours, so customers do not hear of it at midnight (``next_look``)."""
        out: list[Outbound] = []
        if not self.org.is_open(now):
            return out
        for absence in await self.store.absences_to_offer(now):
            out += (await self._see_to_cases(absence, now))[0]
        return out

    async def next_look(self, now: dt.datetime) -> dt.datetime | None:
        """When ``tick`` next has an absence to see to: its start, or the opening after."""
        start = await self.store.next_absence_start(now)
        return self.org.next_opening(max(start, now)) if start else None

    async def _see_to_cases(
        self, absence: Absence, now: dt.datetime
    ) -> tuple[list[Outbound], list[str], list[str]]:
        await self.store.mark_offered(absence.id, now)
        out: list[Outbound] = []
        moved: list[str] = []
        offered: list[str] = []
        cover = await self._stand_in(absence.staff, now)
        for handoff in await self.store.assigned_handoffs():
            if handoff.assignee != absence.staff:
                continue
            if handoff.status is HandoffStatus.OPEN:
                out += await self._move(handoff, absence.staff, cover, now)
                moved.append(handoff.reference)
            else:
                out += await self._offer(handoff, absence.staff, cover, now)
                offered.append(handoff.reference)
        return out, moved, offered

    async def _move(
        self, handoff: Handoff, absent: str, cover: str | None, now: dt.datetime
    ) -> list[Outbound]:
        """A case not yet picked up goes to the stand-in, and the customer hears who."""
        moved = await self.store.update_handoff(handoff.id, assignee=cover)
        await self.store.audit(
            SYSTEM, "waarneming", handoff.id, {"voor": absent, "aan": cover}, now
        )
        contact = await self.store.contact_by_id(handoff.contact_id)
        text = self._text(
            "cover_case", absent=absent, reference=handoff.reference, shared=cover is None,
            contact=Desk.contact_line(contact),
        )  # fmt: skip
        claim = [Claim(reference=handoff.reference).button("Oppakken")]
        out = [
            await self.desk.emit(
                handoff.conversation_id, staff_address(name), text, now, claim, SYSTEM,
                handoff.reference,
            )
            for name in self.desk.staff_for(moved)
            if name != absent
        ]  # fmt: skip
        requests = await self.store.case_requests(handoff.request_id) if handoff.request_id else []
        language = "en" if any(r.entities.get("speaks") == "en" for r in requests) else "nl"
        due = handoff.first_response_at is None and now < handoff.sla_deadline
        customer = self.desk.renderer.render(
            "cover_moved", absent=absent, who=cover, reference=handoff.reference,
            informal=informal(contact), language=language,
            deadline=self.desk.when_said(handoff.sla_deadline, now, language) if due else None,
        )  # fmt: skip
        out.append(
            await self.desk.emit(handoff.conversation_id, customer_address(contact), customer, now)
        )
        return out

    async def _offer(
        self, handoff: Handoff, absent: str, cover: str | None, now: dt.datetime
    ) -> list[Outbound]:
        """A case the absent person picked up: the stand-in may take it over (/overnemen)."""
        await self.store.audit(
            SYSTEM, "aangeboden aan waarnemer", handoff.id, {"voor": absent, "aan": cover}, now
        )
        contact = await self.store.contact_by_id(handoff.contact_id)
        text = self._text(
            "cover_offer", absent=absent, reference=handoff.reference,
            contact=Desk.contact_line(contact), unanswered=handoff.first_response_at is None,
        )  # fmt: skip
        names = [cover] if cover else [m.name for m in self.org.account_manager]
        return [
            await self.desk.emit(
                handoff.conversation_id, staff_address(name), text, now, author=SYSTEM,
                reference=handoff.reference,
            )
            for name in names
            if name != absent
        ]  # fmt: skip

    # --- obm.toml --------------------------------------------------------------------------

    async def sync(self, now: dt.datetime) -> None:
        """[[absence]] from obm.toml into the database (at start): from the first day's start
        to the start of the day after the last, in the OBM's time zone."""
        zone = self.org.zone
        planned = [
            (
                entry.name if (m := self.org.staff_member(entry.name)) is None else m.name,
                dt.datetime.combine(entry.first_day, dt.time(0), tzinfo=zone),
                dt.datetime.combine(entry.last_day + dt.timedelta(days=1), dt.time(0), tzinfo=zone),
                entry.reason,
            )
            for entry in self.org.absence
        ]
        await self.store.sync_absences(planned, now)
