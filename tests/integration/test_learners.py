"""Learner trajectories through the engine: import, link, status, picture, coach, reminders."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from obm_bot.catalogue.models import Catalogue
from obm_bot.domain.learners import Learner, MilestoneStatus
from obm_bot.domain.models import HandoffStatus
from obm_bot.learner_import import LearnerImportError, read_learners
from tests.fakes.clock import FakeClock
from tests.integration.conftest import Harness, texts_to

DATA = Path(__file__).resolve().parents[1] / "data"
ANOUK, JOOST = "staff:Anouk de Vries", "staff:Joost Smit"


async def import_learners(
    harness: Harness, catalogue: Catalogue, only: str | None = None
) -> dict[str, tuple[Learner, str]]:
    rows = [
        r for r in read_learners(DATA / "learners.csv", catalogue) if only in (None, r.draft.name)
    ]
    created = await harness.loket.learners.create_all(
        [r.draft for r in rows], harness.loket.clock()
    )
    return {learner.name: (learner, issued.code) for learner, issued in created}


async def linked_sanne(harness: Harness, catalogue: Catalogue, user: str = "sanne") -> Learner:
    learners = await import_learners(harness, catalogue, only="Sanne Jansen")
    learner, code = learners["Sanne Jansen"]
    out = await harness.send(user, f"/start {code}")
    assert "Gelukt, Sanne" in texts_to(out, f"console:{user}")[0]
    return learner


async def test_the_whole_learner_loop(harness: Harness, catalogue: Catalogue) -> None:
    learner = await linked_sanne(harness, catalogue)
    me = "console:sanne"
    out = await harness.send("sanne", "wanneer is mijn tussenstap")
    status = texts_to(out, me)[0]
    assert "▶ tussenstap 1 · ○ tussenstap 2 · ○ startkwalificatie" in status
    assert "tussenstap 1 op 6 jan 2027 (nog 42 dagen)" in status
    assert "• werkprocessen fase 1 afgetekend" in status and "• reflectieverslag" in status
    assert (
        "Volgens de loonafspraak van het OBM (niet de cao) krijg je nu startloon volgens je "
        "contract; na tussenstap 1 op 6 jan 2027 wordt dat 50% CAO-loon"
    ) in status
    assert "stagevergoeding" not in status  # a BBL learner earns a wage from day one
    assert "Praktijkcentrum Metaal Hengelo: 30 nov 2026 t/m 4 dec 2026" in status

    out = await harness.send("sanne", button="leerling:traject")
    [picture] = [o for o in out if o.to == me]
    assert picture.image is not None and picture.image.startswith(b"\x89PNG")

    milestones = await harness.loket.store.milestones(learner.id)
    first = milestones[0]
    out = await harness.staff("Joost Smit", f"/portfolio M{first.id} 2")
    assert "reflectieverslag" in texts_to(out, JOOST)[0]
    out = await harness.staff("Joost Smit", f"/mijlpaal M{first.id} behaald 2027-01-05")
    [warning] = texts_to(out, JOOST)
    assert "nog 1 portfolio-onderdeel open: werkprocessen fase 1 afgetekend" in warning
    assert f"/mijlpaal M{first.id} behaald toch 2027-01-05" in warning
    assert texts_to(out, me) == []  # nothing stored, nobody told
    waiting = await harness.loket.store.milestone(first.id)
    assert waiting is not None and waiting.status is MilestoneStatus.PLANNED
    out = await harness.staff("Joost Smit", f"/mijlpaal M{first.id} behaald toch 2027-01-05")
    assert "behaald" in texts_to(out, JOOST)[0]
    stored = await harness.loket.store.milestone(first.id)
    assert stored is not None and stored.achieved_on == dt.date(2027, 1, 5)
    assert "krijg je vanaf nu 50% CAO-loon" in texts_to(out, me)[0]

    out = await harness.send("sanne", "krijg ik al 75%?")
    [answer] = texts_to(out, me)
    assert answer == (
        "Nee, nog niet. Volgens de loonafspraak van het OBM (niet de cao) krijg je nu 50% "
        "CAO-loon; 75% CAO-loon komt na tussenstap 2 op 8 mei 2027."
    )
    out = await harness.send("sanne", button="leerling:alles")  # the whole block, offered
    assert "✅ tussenstap 1 · ▶ tussenstap 2" in texts_to(out, me)[0]


async def test_coach_contact_goes_to_the_coach_who_works_with_the_bot(
    harness: Harness, catalogue: Catalogue
) -> None:
    await linked_sanne(harness, catalogue)
    out = await harness.send("sanne", "wie is mijn begeleider?")
    text = texts_to(out, "console:sanne")[0]
    assert "praktijkopleider: Henk Bouwmeester, 06 11111111" in text
    assert "leermeester: Joost Smit" in text and "deboer@roc.example" in text
    out = await harness.send("sanne", button="leerling:spreken")
    assert any("Sanne Jansen wil de begeleider spreken" in t for t in texts_to(out, JOOST))
    [(handoff, _)] = await harness.loket.store.queue()
    assert handoff.assignee == "Joost Smit"
    out = await harness.staff("Joost Smit", f"/antwoord {handoff.reference} Ik bel je morgen.")
    assert texts_to(out, "console:sanne") == ["Joost Smit: Ik bel je morgen."]


async def test_link_codes_are_single_use_expire_and_are_slowed_down(
    harness: Harness, catalogue: Catalogue, clock: FakeClock
) -> None:
    learners = await import_learners(harness, catalogue)
    _, sanne_code = learners["Sanne Jansen"]
    _, ties_code = learners["Ties Kok"]
    assert len(sanne_code) >= 16  # 96 random bits
    await harness.send("sanne", f"/start {sanne_code}")
    out = await harness.send("stranger", f"/start {sanne_code}")
    assert "al gebruikt" in texts_to(out, "console:stranger")[0]
    out = await harness.send("stranger", "wat is mijn volgende mijlpaal?")
    assert "Sanne" not in texts_to(out, "console:stranger")[0]  # nobody else's data

    clock.advance(days=15)
    out = await harness.send("ties", f"/start {ties_code}")
    assert "verlopen" in texts_to(out, "console:ties")[0]
    for attempt in range(3):
        out = await harness.send("ties", f"/start geraden{attempt}")
        assert "ken ik niet" in texts_to(out, "console:ties")[0]
    out = await harness.send("ties", f"/start {ties_code}")  # fifth failure within the hour
    out = await harness.send("ties", "/start nogeen")
    assert "Te veel verkeerde codes" in texts_to(out, "console:ties")[0]
    store = harness.loket.store
    assert await store.failed_link_attempts("console", "ties", clock() - dt.timedelta(hours=1)) == 5


async def test_learners_cannot_run_staff_actions(harness: Harness, catalogue: Catalogue) -> None:
    learner = await linked_sanne(harness, catalogue)
    milestone = (await harness.loket.store.milestones(learner.id))[0]
    out = await harness.send("sanne", f"/mijlpaal M{milestone.id} behaald")
    assert "alleen voor medewerkers" in texts_to(out, "console:sanne")[0]
    stored = await harness.loket.store.milestone(milestone.id)
    assert stored is not None and stored.status.value == "gepland"


async def test_a_coach_sees_only_their_own_learners(harness: Harness, catalogue: Catalogue) -> None:
    learners = await import_learners(harness, catalogue)
    ties, _ = learners["Ties Kok"]
    out = await harness.staff("Joost Smit", "/leerlingen")
    overview = texts_to(out, JOOST)[0]
    assert "Sanne Jansen" in overview and "Ties Kok" not in overview
    out = await harness.staff("Joost Smit", f"/leerling {ties.code}")
    assert "niet jouw leerling" in texts_to(out, JOOST)[0]
    out = await harness.staff("Anouk de Vries", "/leerlingen")
    assert "Ties Kok" in texts_to(out, ANOUK)[0]
    out = await harness.staff("Anouk de Vries", f"/leerling {ties.code}")
    detail = texts_to(out, ANOUK)[0]
    assert "Constructiewerker" in detail and "ritme 2 wk centrum / 2 wk bedrijf" in detail


async def test_staff_create_a_learner_and_a_new_code(harness: Harness) -> None:
    out = await harness.staff(
        "Anouk de Vries",
        "/nieuweleerling Bram de Wit; basislasser; BBL; Hengelo Plaatwerk; 2026-12-07; 2027-12-06",
    )
    text = texts_to(out, ANOUK)[0]
    assert "L1 Bram de Wit aangemaakt" in text and "/start " in text
    code = text.split("/start ")[1].split()[0]
    out = await harness.staff("Anouk de Vries", "/koppelcode L1")
    new_code = texts_to(out, ANOUK)[0].split("/start ")[1].split()[0]
    out = await harness.send("bram", f"/start {code}")
    assert "ken ik niet" in texts_to(out, "console:bram")[0]  # replaced by the new one
    out = await harness.send("bram", f"/start {new_code}")
    assert "Gelukt, Bram" in texts_to(out, "console:bram")[0]
    out = await harness.staff(
        "Anouk de Vries", "/nieuweleerling Iemand; 99999; BBL; X; 2026-12-07; 2027-12-06"
    )
    assert "Niet aangemaakt" in texts_to(out, ANOUK)[0]


async def test_milestone_reminders_and_overdue_notices(
    harness: Harness, catalogue: Catalogue, clock: FakeClock
) -> None:
    learner = await linked_sanne(harness, catalogue)
    first = (await harness.loket.store.milestones(learner.id))[0]  # due 6 January 2027
    expected = dt.datetime(2026, 12, 30, 9, 0, tzinfo=harness.loket.org.zone)
    assert await harness.loket.learners.next_timer(clock()) == expected
    # Earlier still: the triad is asked to plan a voortgangsgesprek 21 days before.
    proposal = dt.datetime(2026, 12, 16, 9, 0, tzinfo=harness.loket.org.zone)
    assert await harness.loket.next_timer() == proposal
    clock.now = expected.astimezone(dt.UTC) - dt.timedelta(minutes=1)
    assert await harness.loket.tick() == []
    clock.now = expected.astimezone(dt.UTC)
    out = await harness.loket.tick()
    assert "over 7 dagen (6 jan 2027) is je tussenstap 1" in texts_to(out, "console:sanne")[0]
    assert "Herinnering L1 Sanne Jansen" in texts_to(out, JOOST)[0]
    assert await harness.loket.tick() == []  # once

    clock.now = dt.datetime(2027, 1, 7, 8, 30, tzinfo=dt.UTC)
    out = await harness.loket.tick()
    assert "niet als behaald gemeld" in texts_to(out, JOOST)[0]
    assert f"/mijlpaal M{first.id} behaald" in texts_to(out, ANOUK)[0]  # Bouwmeester's manager
    assert texts_to(out, "console:sanne") == []
    out = await harness.staff("Joost Smit", f"/mijlpaal M{first.id} uitgesteld 2027-02-01")
    assert "uitgesteld naar 1 feb 2027" in texts_to(out, JOOST)[0]
    assert await harness.loket.learners.next_timer(clock()) == dt.datetime(
        2027, 1, 25, 9, 0, tzinfo=harness.loket.org.zone
    )


async def test_forgetting_a_learner_unlinks_the_chat(
    harness: Harness, catalogue: Catalogue
) -> None:
    learner = await linked_sanne(harness, catalogue)
    await harness.send("sanne", "/vergeet")
    await harness.send("sanne", button="vergeet:1")
    stored = await harness.loket.store.learner(learner.id)
    assert stored is not None and stored.contact_id is None
    out = await harness.send("sanne", "wat is mijn volgende mijlpaal?")
    assert "koppel" in " ".join(texts_to(out, "console:sanne"))


def test_the_importer_reports_every_bad_row(catalogue: Catalogue) -> None:
    with pytest.raises(LearnerImportError) as error:
        read_learners(DATA / "learners_bad.csv", catalogue)
    assert error.value.problems == [
        "regel 3: start: '7 september' is geen datum (JJJJ-MM-DD of DD-MM-JJJJ)",
        "regel 4: kwalificatie: '99999' staat niet in de catalogus",
        "regel 5: einde ligt niet na start",
        "regel 6: naam: leeg",
        "regel 7: Goede Regel staat al op regel 2",
    ]


async def test_the_learner_handoff_is_a_normal_handoff(
    harness: Harness, catalogue: Catalogue
) -> None:
    await linked_sanne(harness, catalogue)
    await harness.send("sanne", button="leerling:begeleider")
    await harness.send("sanne", button="leerling:spreken")
    [(handoff, _)] = await harness.loket.store.queue()
    out = await harness.staff("Joost Smit", f"/sluit {handoff.reference} opgelost")
    assert "nog geen antwoord" in texts_to(out, "staff:Joost Smit")[0]  # answer first
    await harness.staff("Joost Smit", f"/antwoord {handoff.reference} Ik bel je vanmiddag.")
    out = await harness.staff("Joost Smit", f"/sluit {handoff.reference} opgelost")
    told, asked = texts_to(out, "console:sanne")
    assert told.startswith(f"Je vraag {handoff.reference} is afgehandeld. Heb je nog een vraag?")
    assert asked.startswith(f"Hoe ben je geholpen met je vraag {handoff.reference}?")
    closed = await harness.loket.store.handoff_by_reference(handoff.reference)
    assert closed is not None and closed.status is HandoffStatus.CLOSED


async def test_a_missed_reminder_waits_for_the_morning(
    harness: Harness, catalogue: Catalogue, clock: FakeClock
) -> None:
    await linked_sanne(harness, catalogue)
    zone = harness.loket.org.zone
    clock.now = dt.datetime(2027, 1, 2, 7, 0, tzinfo=zone).astimezone(dt.UTC)  # bot was down
    assert await harness.loket.tick() == []  # not at 7 in the morning
    assert await harness.loket.next_timer() == dt.datetime(2027, 1, 2, 9, 0, tzinfo=zone)
    clock.now = dt.datetime(2027, 1, 2, 9, 0, tzinfo=zone).astimezone(dt.UTC)
    out = await harness.loket.tick()
    assert "over 4 dagen" in texts_to(out, "console:sanne")[0]
