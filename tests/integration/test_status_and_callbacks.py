"""Issue 17, the customer kept informed: /status (and "hoe staat het met mijn aanvraag"),
and a call-back at the moment the customer asked for, stored, shown and reminded then."""

from __future__ import annotations

import datetime as dt

from obm_bot.dialogue.customer.callback_time import read_moment
from tests.fakes.clock import FakeClock
from tests.integration.conftest import Harness, texts_to
from tests.integration.test_case_holders import ANOUK, CUSTOMER, TO_ANOUK, handoff
from tests.integration.test_conversations import employer_requests_course

ZONE = dt.timezone(dt.timedelta(hours=1))  # Amsterdam in November
OPENS = dt.time(8, 30)
WEDNESDAY_10 = dt.datetime(2026, 11, 25, 10, 0, tzinfo=ZONE)


def moment(text: str, now: dt.datetime = WEDNESDAY_10) -> tuple[str, str] | None:
    found = read_moment(text, now, ZONE, OPENS)
    return (found.at.strftime("%a %d %H:%M"), found.said) if found else None


def test_the_moments_people_ask_to_be_called_at() -> None:
    assert moment("bel me morgen na 14:00") == ("Thu 26 14:00", "morgen na 14:00")
    assert moment("kunt u mij maandag om 10 uur bellen") == ("Mon 30 10:00", "maandag om 10 uur")
    assert moment("vanmiddag na drie uur graag") == ("Wed 25 15:00", "vanmiddag na drie uur")
    assert moment("donderdag tussen 9 en 11") == ("Thu 26 09:00", "donderdag tussen 9 en 11")
    assert moment("bel me morgenmiddag") == ("Thu 26 13:00", "morgen middag")
    assert moment("call me tomorrow after 2 pm") == ("Thu 26 14:00", "tomorrow after 2 pm")
    assert moment("na 9 uur") == ("Thu 26 09:00", "na 9 uur")  # 09:00 is gone today
    assert moment("bel me voor 12 uur") == ("Wed 25 10:00", "voor 12 uur")  # now, then
    # Numbers that are no time of day, and no moment at all.
    assert moment("bel me terug, 06-12345678") is None
    assert moment("een cursus voor 3 man, bel me even") is None
    assert moment("bel me terug over de vca") is None


async def test_a_call_back_at_a_preferred_moment_is_reminded_then(
    harness: Harness, clock: FakeClock
) -> None:
    # Wednesday 25 November, 10:00 in Amsterdam.
    out = await harness.send(
        "42", "met Jeroen de Wit van Bouwmeester Metaal, bel me morgen na 14:00 terug. 06-12345678"
    )
    [waiting] = [t for t in texts_to(out, CUSTOMER) if "belt u" in t]
    assert waiting.startswith("Anouk de Vries belt u morgen na 14:00, zoals u vroeg.")
    [(case, _)] = await harness.loket.store.queue()
    wanted = dt.datetime(2026, 11, 26, 13, 0, tzinfo=dt.UTC)  # 14:00 in Amsterdam
    assert (case.callback_at, case.callback_said) == (wanted, "morgen na 14:00")
    # The hour to answer counts from the moment asked for, not from now.
    assert case.sla_deadline == wanted + dt.timedelta(hours=1)
    [notice] = texts_to(out, TO_ANOUK)
    assert "Terugbellen gewenst: morgen na 14:00; je krijgt dan een herinnering." in notice
    queue = texts_to(await harness.staff(ANOUK, "/wachtrij"), TO_ANOUK)[0]
    assert "terugbellen morgen na 14:00" in queue
    assert await harness.loket.next_timer() == wanted  # before the SLA reminder at 14:45

    clock.now = wanted - dt.timedelta(minutes=1)
    assert [o for o in await harness.loket.tick() if "Terugbellen nu" in o.text] == []
    clock.now = wanted
    reminders = [o for o in await harness.loket.tick() if "Terugbellen nu" in o.text]
    assert [(o.to, o.text) for o in reminders] == [
        (
            TO_ANOUK,
            f"Terugbellen nu: {case.reference}, Jeroen de Wit, Bouwmeester Metaal, 06-12345678."
            " De klant vroeg: “morgen na 14:00”.",
        )
    ]
    assert (await handoff(harness, case.reference)).callback_reminded_at == wanted
    assert [o for o in await harness.loket.tick() if "Terugbellen nu" in o.text] == []


async def test_status_lists_every_request_with_who_and_what_next(
    harness: Harness, clock: FakeClock
) -> None:
    out = await harness.send("42", "/status")
    assert texts_to(out, CUSTOMER)[-1].startswith("Er staat nog geen aanvraag op uw naam.")
    first = await employer_requests_course(harness)
    await harness.staff(ANOUK, f"/antwoord {first} Geregeld, u staat erop.")
    await harness.staff(ANOUK, f"/sluit {first} aangemeld")
    await harness.send("42", "5")
    clock.advance(minutes=5)
    out = await harness.send("42", "kunt u mij terugbellen?")
    [(case, _)] = await harness.loket.store.queue()
    second, deadline = case.reference, case.sla_deadline
    at = harness.loket.desk.when_said(deadline, clock())
    await harness.send("42", "/stop")  # only stop waiting: /status is answered by the loket
    await harness.send("42", "Alleen niet meer wachten")
    out = await harness.send("42", "hoe staat het met mijn aanvraag?")
    [status] = texts_to(out, CUSTOMER)
    assert status == (
        "Uw aanvragen, de nieuwste eerst:\n\n"
        f"{second} · Terugbelverzoek\n"
        f"In behandeling bij {ANOUK}. {ANOUK} neemt contact met u op, uiterlijk {at}.\n\n"
        f"{first} · Cursusaanvraag: Hoogwerker (IPAF)\n"
        f"Afgehandeld, de aanmelding is gedaan door {ANOUK}."
    )
    assert [o.to for o in out] == [CUSTOMER]  # nothing for the account manager


async def test_status_while_a_person_holds_the_case(harness: Harness) -> None:
    reference = await employer_requests_course(harness)
    await harness.staff(ANOUK, f"/pak {reference}")
    await harness.staff(ANOUK, f"/antwoord {reference} Ik kijk het na.")
    out = await harness.send("42", "wat is de status van mijn aanvraag")
    [status] = texts_to(out, CUSTOMER)
    assert f"{reference} · Cursusaanvraag" in status
    assert f"{ANOUK} is ermee bezig; u hoort het hier." in status
    [relayed] = texts_to(out, TO_ANOUK)  # the person sees the customer asked
    assert relayed.endswith("wat is de status van mijn aanvraag")
