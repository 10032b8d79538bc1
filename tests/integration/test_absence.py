"""Absence and deputies: /afwezig and /terug, [[absence]] in obm.toml, and the cases.

In the example configuration Anouk de Vries (Bouwmeester Metaal, Hengelo Plaatwerk) and Bart
Jansen (Van Dam Constructie) are each other's deputy. The fake clock stands on Wednesday 25
November 2026, 10:00 in Amsterdam.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from obm_bot.catalogue.models import Catalogue
from obm_bot.config import REPO_ROOT
from obm_bot.dialogue.buttons import Claim
from obm_bot.domain.models import HandoffStatus
from obm_bot.organisation import Organisation, load_organisation
from obm_bot.rendering.renderer import Renderer
from obm_bot.understanding.engine import Understander
from tests.fakes.clock import FakeClock
from tests.integration.conftest import Harness, buttons_to, make_loket, texts_to
from tests.integration.test_conversations import employer_requests_course

ZONE = ZoneInfo("Europe/Amsterdam")
CUSTOMER = "console:42"
ANOUK, BART = "Anouk de Vries", "Bart Jansen"
TO_ANOUK, TO_BART = f"staff:{ANOUK}", f"staff:{BART}"


async def test_new_cases_go_to_the_deputy_and_the_customer_hears_who(harness: Harness) -> None:
    [reply] = await harness.staff(ANOUK, "/afwezig tot vrijdag")
    assert reply.text == (
        "Genoteerd: je bent afwezig t/m donderdag 26 november; vrijdag 27 november ben je weer "
        "terug. Nieuwe vragen "
        "van jouw bedrijven gaan naar Bart Jansen."
    )
    [absence] = await harness.loket.store.absences_at(harness.loket.clock())
    assert (absence.staff, absence.source) == (ANOUK, "staff")
    assert absence.ends_at == dt.datetime(2026, 11, 27, tzinfo=ZONE)

    reference = await employer_requests_course(harness)  # Bouwmeester: Anouk's company
    handoff = await harness.loket.store.handoff_by_reference(reference)
    assert handoff is not None and (handoff.assignee, handoff.status) == (BART, HandoffStatus.OPEN)
    [waiting] = [r["text"] for r in await harness.loket.store.undelivered(CUSTOMER)][-1:]
    assert waiting.startswith(
        "Anouk de Vries is afwezig. Bart Jansen neemt contact met u op, uiterlijk om 11:00."
    )
    [notice] = [r["text"] for r in await harness.loket.store.undelivered(TO_BART)]
    assert "Waarneming: Anouk de Vries is afwezig; deze vraag is voor jou." in notice
    assert await harness.loket.store.undelivered(TO_ANOUK) == []  # she is not bothered


async def test_an_open_case_moves_and_a_claimed_one_is_offered(harness: Harness) -> None:
    first = await employer_requests_course(harness)
    second = await employer_requests_course(harness, user="43", company="Hengelo Plaatwerk")
    await harness.staff(ANOUK, f"/pak {second}")

    out = await harness.staff(ANOUK, "/afwezig")
    [reply] = texts_to(out, TO_ANOUK)
    assert reply == (
        "Genoteerd: je bent afwezig tot je /terug typt. Nieuwe vragen van jouw bedrijven gaan "
        f"naar Bart Jansen.\nDoorgezet naar Bart Jansen: {first}.\n"
        f"Aangeboden om over te nemen (jij had ze al opgepakt): {second}."
    )
    moved, offered = texts_to(out, TO_BART)
    assert moved.startswith(f"Waarneming voor Anouk de Vries (afwezig): {first} (Piet de Boer")
    assert moved.endswith(f"staat nu op jouw naam. Oppakken: /pak {first}")
    assert buttons_to(out, TO_BART) == [Claim(reference=first).pack()]
    assert f"{second} (Piet de Boer" in offered and f"/overnemen {second}" in offered
    assert texts_to(out, CUSTOMER) == [
        f"Anouk de Vries is afwezig. Bart Jansen neemt uw vraag ({first}) over en neemt uiterlijk "
        "om 11:00 contact met u op."
    ]
    assert texts_to(out, "console:43") == []  # told when Bart takes it over
    store = harness.loket.store
    assert [(h.reference, h.assignee, h.status) for h, _ in await store.queue()] == [
        (first, BART, HandoffStatus.OPEN),
        (second, ANOUK, HandoffStatus.CLAIMED),
    ]
    out = await harness.staff(BART, f"/overnemen {second}")
    assert texts_to(out, "console:43") == [f"{BART} heeft uw vraag ({second}) opgepakt."]
    # A second look finds nothing new to offer: every absence is seen to once.
    assert await harness.loket.tick() == []


async def test_with_the_deputy_away_too_the_case_goes_to_the_shared_queue(
    harness: Harness,
) -> None:
    await harness.staff(BART, "/afwezig t/m vrijdag")
    await harness.staff(ANOUK, "/afwezig tot maandag")
    reference = await employer_requests_course(harness)
    handoff = await harness.loket.store.handoff_by_reference(reference)
    assert handoff is not None and handoff.assignee is None
    waiting = str((await harness.loket.store.undelivered(CUSTOMER))[-1]["text"])
    assert waiting.startswith(
        "Anouk de Vries is afwezig. Een collega neemt contact met u op, uiterlijk om 11:00."
    )
    # The shared queue's notice goes to every account manager, absent or not.
    [notice] = [r["text"] for r in await harness.loket.store.undelivered(TO_BART)]
    assert "Nieuwe vraag" in notice and "(gedeelde wachtrij)" in notice
    assert "Waarneming: Anouk de Vries is afwezig." in notice


async def test_terug_and_an_absence_that_ends_by_itself(harness: Harness, clock: FakeClock) -> None:
    [reply] = await harness.staff(ANOUK, "/terug")
    assert reply.text == "Je stond niet afwezig; nieuwe vragen komen gewoon bij jou."
    await harness.staff(ANOUK, "/afwezig tot morgen")
    [reply] = await harness.staff(ANOUK, "/terug")
    assert reply.text == "Welkom terug. Nieuwe vragen van jouw bedrijven komen weer bij jou."
    first = await employer_requests_course(harness)
    assert (await harness.loket.store.handoff_by_reference(first)).assignee == ANOUK  # type: ignore[union-attr]

    await harness.staff(ANOUK, "/afwezig tot morgen")
    clock.now = dt.datetime(2026, 11, 26, 9, tzinfo=ZONE).astimezone(dt.UTC)  # tomorrow
    second = await employer_requests_course(harness, user="44", company="Hengelo Plaatwerk")
    assert (await harness.loket.store.handoff_by_reference(second)).assignee == ANOUK  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/afwezig tot blabla", 'Die datum begrijp ik niet: "tot blabla".'),
        ("/afwezig tot gisteren", '"tot gisteren" is niet na vandaag'),
        ("/afwezig vandaag", '"vandaag" is niet na vandaag'),
    ],
)
async def test_a_date_that_cannot_be_is_said(harness: Harness, text: str, expected: str) -> None:
    [reply] = await harness.staff(ANOUK, text)
    assert reply.text.startswith(expected)
    assert await harness.loket.store.absences_at(harness.loket.clock()) == []


async def test_back_on_a_saturday_means_back_on_monday(harness: Harness) -> None:
    [reply] = await harness.staff(ANOUK, "/afwezig t/m vrijdag")
    assert reply.text.startswith(
        "Genoteerd: je bent afwezig t/m vrijdag 27 november; maandag 30 november ben je weer terug."
    )


@pytest.mark.parametrize(
    ("words", "back"),
    [
        ("tot 5 januari", dt.date(2027, 1, 5)),
        ("05-01", dt.date(2027, 1, 5)),
        ("t/m 4 januari", dt.date(2027, 1, 5)),
        ("tot en met vrijdag", dt.date(2026, 11, 28)),
        ("tot maandag", dt.date(2026, 11, 30)),
        ("tot 1-12-2026", dt.date(2026, 12, 1)),
    ],
)
async def test_dutch_dates(harness: Harness, words: str, back: dt.date) -> None:
    await harness.staff(ANOUK, f"/afwezig {words}")
    [absence] = await harness.loket.store.absences_at(harness.loket.clock())
    assert absence.ends_at == dt.datetime.combine(back, dt.time(0), tzinfo=ZONE)


def with_planned_absence(tmp_path: Path) -> Organisation:
    text = (REPO_ROOT / "obm.example.toml").read_text(encoding="utf-8")
    planned = (
        '# [[absence]]\n# name = "Anouk de Vries"\n# first_day = 2026-07-20\n'
        "# last_day = 2026-08-07"
    )
    assert planned in text
    text = text.replace(
        planned,
        '[[absence]]\nname = "Anouk de Vries"\nfirst_day = 2026-11-26\nlast_day = 2026-11-27',
    )
    path = tmp_path / "obm.toml"
    path.write_text(text, encoding="utf-8")
    return load_organisation(path)


async def test_a_planned_absence_begins_on_its_first_day(
    tmp_path: Path,
    db_path: Path,
    catalogue: Catalogue,
    understander: Understander,
    clock: FakeClock,
) -> None:
    org = with_planned_absence(tmp_path)
    loket = await make_loket(db_path, catalogue, understander, org, clock)
    harness = Harness(loket)
    try:
        reference = await employer_requests_course(harness)  # Wednesday: Anouk is in
        assert (await loket.store.handoff_by_reference(reference)).assignee == ANOUK  # type: ignore[union-attr]
        midnight = dt.datetime(2026, 11, 26, tzinfo=ZONE)
        opening = dt.datetime(2026, 11, 26, 8, 30, tzinfo=ZONE)
        # The case's SLA reminder (10:45 today) comes first, then the absence: it begins at
        # midnight, but its cases are seen to at opening time, not in the night.
        assert await loket.next_timer() == dt.datetime(2026, 11, 25, 10, 45, tzinfo=ZONE)
        await loket.store.update_handoff(
            (await loket.store.handoff_by_reference(reference)).id,  # type: ignore[union-attr]
            first_response_at=clock.now,
        )
        assert await loket.next_timer() == opening
        clock.now = midnight.astimezone(dt.UTC)
        assert await loket.tick() == []
        night = await employer_requests_course(harness, user="46")  # new: for Bart at once
        assert (await loket.store.handoff_by_reference(night)).assignee == BART  # type: ignore[union-attr]
        clock.now = opening.astimezone(dt.UTC)
        out = await loket.tick()
        assert texts_to(out, CUSTOMER) == [
            f"Anouk de Vries is afwezig. Bart Jansen neemt uw vraag ({reference}) over."
        ]
        assert (await loket.store.handoff_by_reference(reference)).assignee == BART  # type: ignore[union-attr]
        # Friday's new case goes to Bart; on Saturday the absence is over.
        clock.now = dt.datetime(2026, 11, 27, 10, tzinfo=ZONE).astimezone(dt.UTC)
        friday = await employer_requests_course(harness, user="45")
        assert (await loket.store.handoff_by_reference(friday)).assignee == BART  # type: ignore[union-attr]
        [reply] = await harness.staff(ANOUK, "/terug")
        assert reply.text.startswith("Welkom terug.")
        # A restart reads obm.toml again, but the absence she ended stays ended.
        await loket.sync_organisation()
        assert await loket.store.absences_at(clock.now) == []
    finally:
        await loket.store.close()


def test_the_english_twin_of_the_move() -> None:
    text = Renderer().render(
        "cover_moved", absent=ANOUK, who=BART, reference="OBM-2026-000001", informal=False,
        language="en", deadline="at 11:00",
    )  # fmt: skip
    assert text == (
        "Anouk de Vries is away. Bart Jansen is taking over your question (OBM-2026-000001) and "
        "will contact you at 11:00 at the latest."
    )
