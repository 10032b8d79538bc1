"""The learner's triad through the engine, as in the terminal (no coaches' group): coaches
link with codes, posts reach the other coaches and the account manager, staff read and write
with /triade, the learner asks for a three-way meeting, and milestone news lands in the
thread."""

from __future__ import annotations

import re

from obm_bot.catalogue.models import Catalogue
from obm_bot.domain.learners import Learner, MilestoneStatus
from obm_bot.domain.triads import MeetingStatus
from tests.fakes.clock import FakeClock
from tests.integration.conftest import Harness, buttons_to, texts_to
from tests.integration.test_learners import import_learners, linked_sanne

ANOUK, JOOST = "staff:Anouk de Vries", "staff:Joost Smit"
DEBOER = "console:deboer"


def code_in(text: str) -> str:
    found = re.search(r"/start ([\w-]{16})", text)
    assert found, text
    return found.group(1)


async def docent_code(harness: Harness) -> str:
    """Sanne's docent (Mw. De Boer, from the CSV) gets a code from the account manager."""
    out = await harness.staff("Anouk de Vries", "/coachcode L1 docent")
    [text] = texts_to(out, ANOUK)
    assert "Koppelcode voor Mw. De Boer (docent) van L1 Sanne Jansen" in text
    return code_in(text)


async def linked_docent(harness: Harness) -> None:
    code = await docent_code(harness)
    # Pasted inside a sentence, as people do.
    out = await harness.send("deboer", f"Goedemiddag, ik kreeg deze code: {code}. Klopt dat?")
    assert texts_to(out, DEBOER)[0].startswith(
        "Gelukt, Mw. De Boer. Je bent gekoppeld als docent van Sanne Jansen (L1)."
    )


async def test_a_coach_links_posts_and_staff_answer_in_the_thread(
    harness: Harness, catalogue: Catalogue
) -> None:
    await import_learners(harness, catalogue)
    await linked_docent(harness)
    out = await harness.send("deboer", "Sanne mist vaak de maandag & dinsdag")
    said = "Mw. De Boer (docent): Sanne mist vaak de maandag &amp; dinsdag"
    assert [t.endswith(said) for t in texts_to(out, JOOST)] == [True]  # the leermeester
    assert [t.endswith(said) for t in texts_to(out, ANOUK)] == [True]  # the account manager
    assert {o.to for o in out} == {JOOST, ANOUK, DEBOER}  # Henk is not linked yet
    assert texts_to(out, DEBOER) == [
        "Doorgestuurd in de triade van L1 naar Joost Smit (leermeester), Anouk de Vries"
        " (accountmanager). Nog niet gekoppeld, leest niet mee: Henk Bouwmeester"
        " (praktijkopleider)."
    ]

    out = await harness.staff("Joost Smit", "/triade L1 Dank, ik spreek haar aan")
    assert texts_to(out, DEBOER) == [
        "L1 Sanne Jansen · Joost Smit (leermeester): Dank, ik spreek haar aan"
    ]
    out = await harness.staff("Anouk de Vries", "/triade L1")
    [overview] = texts_to(out, ANOUK)
    assert "docent: Mw. De Boer — gekoppeld" in overview
    assert "leermeester: Joost Smit — medewerker van het loket" in overview
    assert "praktijkopleider: Henk Bouwmeester — nog niet gekoppeld" in overview
    assert overview.index("Sanne mist vaak") < overview.index("ik spreek haar aan")

    out = await harness.staff("Joost Smit", "/gesprek L1 2026-12-10 13:00")
    assert texts_to(out, ANOUK)[0].endswith(
        "(vastgelegd door Joost Smit). Sanne is niet gekoppeld aan de bot: laat het Sanne zelf"
        " weten."
    )  # not linked: nobody tells her but her coaches

    # Joost coaches Sanne, not Ties (L2): that thread is closed to him.
    out = await harness.staff("Joost Smit", "/triade L2 mag ik meelezen?")
    assert "Leerling L2 ken ik niet (of het is niet jouw leerling)" in texts_to(out, JOOST)[0]
    assert await harness.loket.store.triad_posts(2, 10) == []
    out = await harness.send("deboer", "L2 hoe gaat het met Ties?")
    assert texts_to(out, DEBOER) == [
        "L2 is niet een van jouw leerlingen; daar kun je niet meelezen of schrijven."
    ]


async def test_coach_codes_are_single_use_expire_and_share_the_rate_limit(
    harness: Harness, catalogue: Catalogue, clock: FakeClock
) -> None:
    await import_learners(harness, catalogue, only="Sanne Jansen")
    code = await docent_code(harness)
    for attempt in range(5):
        out = await harness.send("raden", f"/start Abcdefghijklmno{attempt}")
        assert texts_to(out, "console:raden")[0].startswith("Deze koppelcode ken ik niet")
    out = await harness.send("raden", f"/start {code}")  # right, but too late for this account
    assert "Te veel verkeerde codes geprobeerd" in texts_to(out, "console:raden")[0]
    raden = await harness.loket.store.contact("console", "raden")
    assert raden is not None and await harness.loket.store.coachings(raden.id) == []

    out = await harness.send("deboer", f"/start {code}")
    assert "Gelukt" in texts_to(out, DEBOER)[0]
    out = await harness.send("iemand", f"/koppel {code}")
    assert texts_to(out, "console:iemand") == [
        "Deze koppelcode is al gebruikt. Vraag het OBM om een nieuwe."
    ]
    # A linked coach guessing codes for more learners is held to the same limit.
    for attempt in range(5):
        out = await harness.send("deboer", f"/start Zyxwvutsrqponml{attempt}")
        assert texts_to(out, DEBOER) == [
            "Deze koppelcode ken ik niet. Controleer de code, of vraag het OBM om een nieuwe."
        ]
    out = await harness.send("deboer", "/start Zyxwvutsrqponml9")
    assert texts_to(out, DEBOER) == [
        "Te veel verkeerde codes geprobeerd. Probeer het over een uur opnieuw."
    ]
    later = await docent_code(harness)
    clock.advance(days=15)
    out = await harness.send("nog1", f"/start {later}")
    assert "Deze koppelcode is verlopen" in texts_to(out, "console:nog1")[0]


async def test_the_learner_asks_for_a_three_way_meeting(
    harness: Harness, catalogue: Catalogue
) -> None:
    learner = await linked_sanne(harness, catalogue)
    out = await harness.send("sanne", "kan ik een driegesprek met mijn begeleiders krijgen?")
    [reply] = texts_to(out, "console:sanne")
    assert reply.startswith("Goed idee, Sanne. Ik heb je begeleiders gevraagd")
    asked = "Sanne vraagt om een driegesprek met jullie drieën over de voortgang"
    assert asked in texts_to(out, JOOST)[0] and asked in texts_to(out, ANOUK)[0]
    [meeting] = await harness.loket.store.meetings(learner.id)
    assert meeting.requested_by == "leerling" and meeting.status is MeetingStatus.PROPOSED

    out = await harness.staff("Joost Smit", "/gesprek L1 2026-12-03 15:30")
    assert texts_to(out, "console:sanne") == [
        "Hoi Sanne, je voortgangsgesprek met je begeleiders is op 3 dec 2026 om 15:30."
    ]
    out = await harness.send("sanne", button="leerling:begeleider")
    assert "leerling:driegesprek" in buttons_to(out, "console:sanne")
    out = await harness.send("sanne", button="leerling:driegesprek")  # again, by the button
    assert texts_to(out, "console:sanne") == [
        "Er staat al een voortgangsgesprek met je begeleiders op 3 dec 2026 om 15:30, Sanne. "
        "Ik heb ze laten weten dat je graag met z'n drieën wilt praten."
    ]
    assert len(await harness.loket.store.meetings(learner.id)) == 1


async def planned_meeting(harness: Harness, learner: Learner) -> None:
    out = await harness.staff("Joost Smit", "/gesprek L1 2026-12-01")
    assert (
        "Voortgangsgesprek over tussenstap 1 van Sanne: 1 dec 2026 (vastgelegd door"
        in (texts_to(out, ANOUK)[0])
    )


async def test_postponed_outcome_moves_the_milestone_and_a_new_meeting_follows(
    harness: Harness, catalogue: Catalogue, clock: FakeClock
) -> None:
    learner = await linked_sanne(harness, catalogue)
    await planned_meeting(harness, learner)
    clock.advance(days=7)
    out = await harness.loket.tick()  # 2 dec, 09:00: the morning after a day-only meeting
    assert "Hoe ging het voortgangsgesprek over tussenstap 1" in texts_to(out, ANOUK)[0]

    out = await harness.staff("Joost Smit", "/uitkomst L1 uitgesteld 2027-02-01")
    assert "Uitgesteld gaat met een nieuwe datum en een notitie" in texts_to(out, JOOST)[0]
    out = await harness.staff(
        "Joost Smit", "/uitkomst L1 uitgesteld 1-2-2027 reflectieverslag nog niet af"
    )
    assert (
        "tussenstap 1 van Sanne is uitgesteld naar 1 feb 2027 (door Joost Smit). "
        "Notitie: reflectieverslag nog niet af"
    ) in texts_to(out, ANOUK)[0]
    first = (await harness.loket.store.milestones(learner.id))[0]
    assert first.status is MilestoneStatus.POSTPONED and first.due_date.isoformat() == "2027-02-01"
    [meeting] = await harness.loket.store.meetings(learner.id)
    assert meeting.status is MeetingStatus.CLOSED and meeting.note == "reflectieverslag nog niet af"
    notes = await harness.loket.store.learner_notes(learner.id)
    assert notes[-1]["text"] == (
        "Voortgangsgesprek tussenstap 1: uitgesteld (nieuwe datum 2027-02-01). "
        "reflectieverslag nog niet af"
    )

    clock.advance(days=40)  # 11 jan 2027: 21 days before the new date
    out = await harness.loket.tick()
    proposal = "Voortgangsgesprek voor tussenstap 1 van Sanne (1 feb 2027)"
    assert any(proposal in t for t in texts_to(out, ANOUK))
    assert len(await harness.loket.store.meetings(learner.id)) == 2


async def test_milestone_news_and_reminders_reach_the_linked_coach(
    harness: Harness, catalogue: Catalogue, clock: FakeClock
) -> None:
    learner = await linked_sanne(harness, catalogue)
    await linked_docent(harness)
    first = (await harness.loket.store.milestones(learner.id))[0]
    out = await harness.staff("Anouk de Vries", f"/mijlpaal M{first.id} uitgesteld 2027-01-20")
    assert texts_to(out, DEBOER) == [
        "L1 Sanne Jansen · tussenstap 1 van Sanne is uitgesteld naar 20 jan 2027"
        " (door Anouk de Vries)."
    ]
    clock.advance(days=49)  # 13 jan 2027, 09:00: a week before
    out = await harness.loket.tick()
    assert any(
        "Herinnering: tussenstap 1 van Sanne is over 7 dagen, op 20 jan 2027" in t
        for t in texts_to(out, DEBOER)
    )
    assert texts_to(out, ANOUK) == [t for t in texts_to(out, ANOUK) if "Herinnering" not in t]
    clock.advance(days=8)  # 21 jan: the day after, not achieved
    out = await harness.loket.tick()
    assert any(
        "Te laat: tussenstap 1 van Sanne stond op 20 jan 2027" in t for t in texts_to(out, DEBOER)
    )
    # Portfolio items are still open: "behaald" alone only asks (issue 19 part 5).
    out = await harness.staff("Anouk de Vries", f"/mijlpaal M{first.id} behaald toch")
    posted = texts_to(out, DEBOER)
    assert posted and "tussenstap 1 van Sanne staat op behaald (door Anouk de Vries)" in posted[0]


async def test_behaald_with_open_portfolio_items_asks_first(
    harness: Harness, catalogue: Catalogue
) -> None:
    learner = await linked_sanne(harness, catalogue)
    await planned_meeting(harness, learner)
    out = await harness.staff("Joost Smit", "/uitkomst L1 behaald goed gesprek")
    [asked] = [o for o in out if o.to == JOOST]
    assert asked.text == (
        "Nog open in het portfolio bij tussenstap 1: werkprocessen fase 1 afgetekend,"
        " reflectieverslag. Toch behaald? Druk op Toch behaald of stuur /uitkomst L1 behaald"
        " toch goed gesprek."
    )
    assert [b.label for b in asked.buttons] == ["Toch behaald"]
    assert (await harness.loket.store.milestones(learner.id))[0].status is MilestoneStatus.PLANNED
    assert texts_to(out, "console:sanne") == []

    out = await harness.staff("Joost Smit", "/uitkomst L1 behaald toch goed gesprek")
    assert "Gefeliciteerd, Sanne!" in texts_to(out, "console:sanne")[0]
    assert "Notitie: goed gesprek" in texts_to(out, ANOUK)[0]
    [meeting] = await harness.loket.store.meetings(learner.id)
    assert meeting.outcome == "behaald" and meeting.note == "goed gesprek"
