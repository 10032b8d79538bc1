"""The office calendar on the desk: what the customer is told, the SLA stored, reminders.

A request recorded on Koningsdag, at Christmas, in the lunch break or on a Friday evening
gets a deadline in office time and a reply that says when somebody will be there.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from obm_bot.domain.models import Handoff
from obm_bot.rendering.renderer import Renderer
from tests.fakes.clock import FakeClock
from tests.integration.conftest import Harness
from tests.integration.test_conversations import employer_requests_course

ZONE = ZoneInfo("Europe/Amsterdam")
CUSTOMER, ANOUK = "console:42", "Anouk de Vries"
STAFF_ANOUK = f"staff:{ANOUK}"


def at(year: int, month: int, day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=ZONE)


async def request_at(harness: Harness, clock: FakeClock, moment: dt.datetime) -> Handoff:
    """The standard six-turn course request, recorded at ``moment``; returns its handoff."""
    clock.now = moment.astimezone(dt.UTC)
    reference = await employer_requests_course(harness)
    handoff = await harness.loket.store.handoff_by_reference(reference)
    assert handoff is not None and handoff.assignee == ANOUK
    return handoff


async def last_to(harness: Harness, recipient: str) -> str:
    """The last message stored for ``recipient`` (the harness delivers nothing)."""
    return str((await harness.loket.store.undelivered(recipient))[-1]["text"])


async def waiting_text(harness: Harness) -> str:
    """The last thing the customer was told: the 'who answers and by when' reply."""
    return await last_to(harness, CUSTOMER)


async def test_thursday_evening_is_answered_friday_morning(
    harness: Harness, clock: FakeClock
) -> None:
    handoff = await request_at(harness, clock, at(2026, 11, 26, 19))
    assert handoff.sla_deadline == at(2026, 11, 27, 9, 30)
    assert handoff.reminder_at == at(2026, 11, 27, 9, 15)
    text = await waiting_text(harness)
    assert text.startswith(
        "We zijn nu gesloten. Morgen (vrijdag) vanaf 08:30 neemt Anouk de Vries contact met u "
        "op; uiterlijk 09:30."
    )


async def test_friday_after_hours_is_answered_on_monday(harness: Harness, clock: FakeClock) -> None:
    handoff = await request_at(harness, clock, at(2026, 11, 27, 18))
    assert (handoff.sla_deadline, handoff.reminder_at) == (
        at(2026, 11, 30, 9, 30),
        at(2026, 11, 30, 9, 15),
    )
    assert "Maandag vanaf 08:30 neemt Anouk de Vries contact met u op; uiterlijk 09:30." in (
        await waiting_text(harness)
    )
    assert await harness.loket.next_timer() == at(2026, 11, 30, 9, 15)
    clock.now = at(2026, 11, 28, 11).astimezone(dt.UTC)  # Saturday: nothing is due
    assert await harness.loket.tick() == []
    clock.now = at(2026, 11, 30, 9, 15).astimezone(dt.UTC)
    [reminder] = await harness.loket.tick()
    assert reminder.to == STAFF_ANOUK and reminder.text.startswith(
        f"Herinnering: {handoff.reference}"
    )
    assert "de SLA verloopt om 09:30" in reminder.text
    clock.now = at(2026, 11, 30, 9, 20).astimezone(dt.UTC)
    await harness.staff(ANOUK, f"/antwoord {handoff.reference} Goedemorgen, ik bel u zo.")
    clock.now = at(2026, 11, 30, 9, 31).astimezone(dt.UTC)
    assert await harness.loket.tick() == []  # answered in time: no escalation
    answered = await harness.loket.store.handoff(handoff.id)
    assert answered.first_response_at is not None
    assert answered.first_response_at <= answered.sla_deadline


async def test_koningsdag_is_not_an_office_day(harness: Harness, clock: FakeClock) -> None:
    handoff = await request_at(harness, clock, at(2026, 4, 27, 10))  # a Monday
    assert handoff.sla_deadline == at(2026, 4, 28, 9, 30)
    assert (await waiting_text(harness)).startswith(
        "Vandaag zijn we gesloten (Koningsdag). Morgen (dinsdag) vanaf 08:30 neemt Anouk de "
        "Vries contact met u op; uiterlijk 09:30."
    )


async def test_christmas_and_the_closure_between_the_holidays(
    harness: Harness, clock: FakeClock
) -> None:
    handoff = await request_at(harness, clock, at(2026, 12, 24, 16, 30))
    assert handoff.sla_deadline == at(2027, 1, 4, 9)  # half an hour on the 24th, then 4 Jan
    assert (await waiting_text(harness)).startswith(
        "Anouk de Vries neemt contact met u op, uiterlijk maandag 4 januari om 09:00."
    )


async def test_on_christmas_day_the_reply_names_the_day_and_the_date(
    harness: Harness, clock: FakeClock
) -> None:
    handoff = await request_at(harness, clock, at(2026, 12, 25, 11))
    assert handoff.sla_deadline == at(2027, 1, 4, 9, 30)
    assert (await waiting_text(harness)).startswith(
        "Vandaag zijn we gesloten (Eerste kerstdag). Maandag 4 januari vanaf 08:30 neemt Anouk "
        "de Vries contact met u op; uiterlijk 09:30."
    )


async def test_the_lunch_break_moves_the_deadline(harness: Harness, clock: FakeClock) -> None:
    handoff = await request_at(harness, clock, at(2026, 11, 25, 11, 45))
    assert (handoff.reminder_at, handoff.sla_deadline) == (
        at(2026, 11, 25, 13),
        at(2026, 11, 25, 13, 15),
    )
    assert (await waiting_text(harness)).startswith(
        "Anouk de Vries neemt contact met u op, uiterlijk om 13:15."
    )


async def test_a_question_in_the_lunch_break(harness: Harness, clock: FakeClock) -> None:
    handoff = await request_at(harness, clock, at(2026, 11, 25, 12, 10))
    assert handoff.sla_deadline == at(2026, 11, 25, 13, 30)
    assert (await waiting_text(harness)).startswith(
        "We zijn nu gesloten. Vanaf 12:30 neemt Anouk de Vries contact met u op; uiterlijk 13:30."
    )
    notice = await last_to(harness, STAFF_ANOUK)
    assert "SLA: eerste antwoord uiterlijk 13:30" in notice


def test_the_english_twin() -> None:
    text = Renderer().render(
        "waiting", who="Anouk de Vries", who_short="Anouk de Vries", absent=None,
        informal=False, language="en", open_now=False, deadline="09:30",
        opens="Tomorrow (Friday) from 08:30", closed_reason=None, priority_high=False, callback="",
    )  # fmt: skip
    assert text.startswith(
        "We are closed right now. Tomorrow (Friday) from 08:30 Anouk de Vries will contact you; "
        "by 09:30 at the latest."
    )
