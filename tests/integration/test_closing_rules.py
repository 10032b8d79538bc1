"""Issue 17, closing rules and staff ergonomics: the bugs it lists, reproduced first.

- A digit typed after /pak closed the case at once ("4" pressed the fourth outcome button).
- A case could be closed "opgelost" without any answer, and the report did not count it.
- "/overdragen REF Bart" was refused although the README says it works.
- The customer never heard that the case moved, and saw "afgerond (doorverwezen)".
- Status words in staff screens (checked: none is English any more).
"""

from __future__ import annotations

import io

import pytest

from obm_bot.adapters.console.staff import run_staff
from obm_bot.catalogue.models import Catalogue
from obm_bot.dialogue.buttons import CloseCase, ConfirmClose
from obm_bot.dialogue.desk import StaffActionError
from obm_bot.dialogue.staff.names import manager_named
from obm_bot.domain.models import HandoffStatus
from obm_bot.organisation import AccountManager, Organisation
from obm_bot.reporting.build import build_report
from obm_bot.reporting.figures import Period
from tests.fakes.clock import FakeClock
from tests.integration.conftest import Harness, texts_to
from tests.integration.test_case_holders import ANOUK, BART, CUSTOMER, TO_ANOUK, handoff
from tests.integration.test_conversations import employer_requests_course


async def claimed(harness: Harness) -> str:
    reference = await employer_requests_course(harness)
    await harness.staff(ANOUK, f"/pak {reference}")
    return reference


async def test_a_digit_after_pak_in_the_staff_console_closes_nothing(harness: Harness) -> None:
    """The reported bug, as typed: /pak, then "4" in the terminal."""
    reference = await employer_requests_course(harness)
    await harness.staff(ANOUK, f"/antwoord {reference} Ik zoek het uit.")
    stdout = io.StringIO()
    stdin = io.StringIO(f"/pak {reference}\n4\n")
    assert await run_staff(harness.loket, ANOUK, stdin, stdout, poll_seconds=0) == 0
    held = await handoff(harness, reference)
    assert (held.status, held.closed_at) == (HandoffStatus.CLAIMED, None)
    assert f'{reference} sluiten met uitkomst "opgelost"?' in stdout.getvalue()
    # Confirming is the explicit step that closes: "1" presses "Ja, sluiten: opgelost".
    stdin, stdout = io.StringIO(f"/sluit {reference} 4\n1\n"), io.StringIO()
    assert await run_staff(harness.loket, ANOUK, stdin, stdout, poll_seconds=0) == 0
    closed = await handoff(harness, reference)
    assert (closed.status, closed.outcome) == (HandoffStatus.CLOSED, "opgelost")


async def test_outcome_buttons_ask_and_only_the_confirmation_closes(harness: Harness) -> None:
    reference = await claimed(harness)
    await harness.staff(ANOUK, f"/antwoord {reference} De aanmelding is binnen.")
    out = await harness.staff(ANOUK, button=CloseCase(reference=reference, outcome=1).pack())
    assert [o.to for o in out] == [TO_ANOUK]  # the customer hears nothing yet
    assert [b.label for b in out[0].buttons] == ["Ja, sluiten: aangemeld", "Nee, open laten"]
    keep = ConfirmClose(reference=reference, outcome=-1).pack()
    out = await harness.staff(ANOUK, button=keep)
    assert texts_to(out, TO_ANOUK) == [f"{reference} blijft open; er is niets gesloten."]
    assert (await handoff(harness, reference)).status is HandoffStatus.CLAIMED
    out = await harness.staff(ANOUK, button=ConfirmClose(reference=reference, outcome=1).pack())
    done = await handoff(harness, reference)
    assert (done.status, done.outcome) == (HandoffStatus.CLOSED, "aangemeld")
    said = texts_to(out, CUSTOMER)
    assert said[0] == (
        f"Uw vraag {reference} is afgehandeld: de aanmelding is gedaan."
        " Heeft u nog een vraag? Typ die gerust."
    )


async def test_closing_without_an_answer_needs_a_reason(
    harness: Harness, catalogue: Catalogue, organisation: Organisation, clock: FakeClock
) -> None:
    reference = await claimed(harness)
    out = await harness.staff(ANOUK, f"/sluit {reference} opgelost")
    assert [o.to for o in out] == [TO_ANOUK]
    assert "nog geen antwoord van een medewerker" in out[0].text
    assert f"/sluit {reference} geen reactie van klant" in out[0].text
    assert (await handoff(harness, reference)).status is HandoffStatus.CLAIMED
    out = await harness.staff(ANOUK, f"/sluit {reference} telefonisch afgehandeld")
    assert texts_to(out, TO_ANOUK) == [
        f"Wat is er besproken? /sluit {reference} telefonisch afgehandeld: notitie"
    ]
    clock.advance(minutes=20)
    out = await harness.staff(
        ANOUK, f"/sluit {reference} telefonisch: gebeld, start in januari afgesproken"
    )
    closed = await handoff(harness, reference)
    assert (closed.status, closed.outcome) == (HandoffStatus.CLOSED, "telefonisch afgehandeld")
    assert closed.first_response_at is None
    notes = await harness.loket.store.notes(closed.id)
    assert [n["text"] for n in notes] == [
        "telefonisch afgehandeld: gebeld, start in januari afgesproken"
    ]
    assert texts_to(out, CUSTOMER)[0].startswith(
        f"Uw vraag {reference} is telefonisch afgehandeld."
    )
    request = await harness.loket.store.request_by_id(closed.request_id or 0)
    assert request is not None and request.status == "telefonisch afgehandeld"

    # The report: closed without a recorded answer, counted apart and never as SLA met.
    today = clock().astimezone(organisation.zone).date()
    report = await build_report(
        harness.loket.store, catalogue, organisation, Period(today, today), clock()
    )
    service = report.service
    assert (service.handoffs, service.sla_met, service.sla_missed) == (1, 0, 0)
    assert service.closed_unanswered == 1
    assert [(m.name, m.closed_unanswered, m.sla_met) for m in service.managers] == [(ANOUK, 1, 0)]
    assert ("telefonisch afgehandeld", 1) in service.outcomes


async def test_closed_without_answer_after_the_deadline_is_a_miss_too(
    harness: Harness, catalogue: Catalogue, organisation: Organisation, clock: FakeClock
) -> None:
    reference = await claimed(harness)
    clock.advance(hours=3)  # well past the hour
    await harness.staff(ANOUK, f"/sluit {reference} geen reactie")
    closed = await handoff(harness, reference)
    assert closed.outcome == "geen reactie van klant"
    today = clock().astimezone(organisation.zone).date()
    report = await build_report(
        harness.loket.store, catalogue, organisation, Period(today, today), clock()
    )
    assert (report.service.sla_met, report.service.sla_missed) == (0, 1)
    assert report.service.closed_unanswered == 1


async def test_outcomes_typed_in_words_or_their_start(harness: Harness) -> None:
    reference = await claimed(harness)
    await harness.staff(ANOUK, f"/antwoord {reference} Dat is geregeld.")
    out = await harness.staff(ANOUK, f"/sluit {reference} geen")
    assert texts_to(out, TO_ANOUK) == [
        '"geen" past op meer uitkomsten: geen actie, geen reactie van klant.'
        " Typ meer van het woord."
    ]
    out = await harness.staff(ANOUK, f"/sluit {reference} bla")
    assert "Typ er een (of het begin ervan)" in texts_to(out, TO_ANOUK)[0]
    assert (await handoff(harness, reference)).status is HandoffStatus.CLAIMED
    await harness.staff(ANOUK, f"/sluit {reference} opg")
    assert (await handoff(harness, reference)).outcome == "opgelost"


async def test_transfer_by_first_name_and_the_customer_hears_it(harness: Harness) -> None:
    """The reported bug: "/overdragen REF Bart" got "Accountmanager "Bart" ken ik niet"."""
    reference = await claimed(harness)
    out = await harness.staff(ANOUK, f"/overdragen {reference} Bart")
    moved = await handoff(harness, reference)
    assert (moved.assignee, moved.status) == (BART, HandoffStatus.OPEN)
    assert texts_to(out, TO_ANOUK) == [f"{reference} is overgedragen aan {BART}."]
    assert texts_to(out, f"staff:{BART}")[0].startswith(f"{ANOUK} heeft {reference} aan je")
    deadline = harness.loket.desk.when_said(moved.sla_deadline, harness.loket.clock())
    assert texts_to(out, CUSTOMER) == [
        f"Uw vraag {reference} is doorgestuurd naar {BART}, uw nieuwe aanspreekpunt."
        f" {BART} neemt contact met u op, uiterlijk {deadline}."
    ]
    out = await harness.staff(BART, f"/overdragen {reference} vries")  # a word's start
    assert (await handoff(harness, reference)).assignee == ANOUK
    out = await harness.staff(ANOUK, f"/overdragen {reference} Piet")
    assert texts_to(out, TO_ANOUK) == [
        f'Accountmanager "Piet" ken ik niet. Kies uit: {ANOUK}, {BART}.'
    ]


def test_names_that_fit_two_account_managers_are_refused(organisation: Organisation) -> None:
    two_barts = organisation.model_copy(
        update={
            "account_manager": [
                *organisation.account_manager,
                AccountManager(name="Bart de Groot", telegram_user_id=100009),
            ]
        }
    )
    assert manager_named(two_barts, "bart jansen").name == "Bart Jansen"
    assert manager_named(two_barts, "Bart J").name == "Bart Jansen"
    assert manager_named(two_barts, "groot").name == "Bart de Groot"
    assert manager_named(two_barts, "anouk").name == "Anouk de Vries"
    with pytest.raises(StaffActionError) as refused:
        manager_named(two_barts, "Bart")
    assert refused.value.kind == "ambiguous_manager"
    assert refused.value.context["names"] == "Bart Jansen, Bart de Groot"


async def test_a_referred_complaint_is_told_in_customer_words(harness: Harness) -> None:
    out = await harness.send("42", "ik heb een klacht over de docent van de vca cursus")
    out = await harness.send("42", "Piet de Boer van Bouwmeester Metaal, 06 12345678")
    reference = (await harness.loket.store.queue())[0][0].reference
    await harness.staff(ANOUK, f"/antwoord {reference} Wat vervelend, ik zoek het uit.")
    out = await harness.staff(ANOUK, f"/sluit {reference} doorverwezen naar SMEOT")
    told, asked = texts_to(out, CUSTOMER)
    assert asked.startswith(f"Hoe bent u geholpen met uw klacht {reference}?")
    assert told == (
        f"Uw klacht {reference} is doorgestuurd naar SMEOT; daar hoort u verder."
        " Heeft u nog een vraag? Typ die gerust."
    )
    assert "afgerond" not in told and "(doorverwezen)" not in told
    staff = texts_to(out, TO_ANOUK)[0]
    assert staff.startswith(f"{reference} gesloten: doorverwezen.")


async def test_status_words_in_staff_screens_are_dutch(harness: Harness) -> None:
    reference = await claimed(harness)
    queue = texts_to(await harness.staff(ANOUK, "/wachtrij"), TO_ANOUK)[0]
    assert " · opgepakt · " in queue
    await harness.send("42", "/stop")
    await harness.send("42", "Aanvraag intrekken")
    out = await harness.staff(ANOUK, f"/pak {reference}")
    assert texts_to(out, TO_ANOUK) == [f"{reference} is al ingetrokken."]
    english = ("claimed", "cancelled", "closed", "open ")
    screens = " ".join(texts_to(await harness.staff(ANOUK, "/wachtrij"), TO_ANOUK))
    assert not any(word in screens for word in english)
