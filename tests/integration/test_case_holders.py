"""Who may act on a case: only its holder, a colleague by /overnemen, and nobody who left.

Found by an attack on the running bot: an account manager could /sluit and /notitie a
colleague's claimed case, and the customer was then told "afgerond".
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from obm_bot.adapters.telegram.updates import in_topic
from obm_bot.catalogue.models import Catalogue
from obm_bot.config import REPO_ROOT
from obm_bot.dialogue.messages import Outbound
from obm_bot.domain.models import Handoff, HandoffStatus
from obm_bot.organisation import Organisation, load_organisation
from obm_bot.understanding.engine import Understander
from tests.fakes.clock import FakeClock
from tests.integration.conftest import Harness, buttons_to, make_loket, texts_to
from tests.integration.test_conversations import employer_requests_course

CUSTOMER = "console:42"
ANOUK, BART = "Anouk de Vries", "Bart Jansen"
TO_ANOUK, TO_BART = f"staff:{ANOUK}", f"staff:{BART}"


async def handoff(harness: Harness, reference: str) -> Handoff:
    found = await harness.loket.store.handoff_by_reference(reference)
    assert found is not None
    return found


async def claimed_by_anouk(harness: Harness) -> str:
    reference = await employer_requests_course(harness)  # Bouwmeester: Anouk's company
    out = await harness.staff(ANOUK, f"/pak {reference}")
    assert texts_to(out, CUSTOMER) == [f"{ANOUK} heeft uw vraag ({reference}) opgepakt."]
    return reference


async def test_only_the_holder_answers_notes_transfers_or_closes(harness: Harness) -> None:
    reference = await claimed_by_anouk(harness)
    for command in (
        f"/antwoord {reference} Ik bel u morgen.",
        f"/notitie {reference} klant is lastig",
        f"/overdragen {reference} {BART}",
        f"/sluit {reference} opgelost",
        f"/pak {reference}",
    ):
        out = await harness.staff(BART, command)
        assert [o.to for o in out] == [TO_BART], command  # the customer hears nothing
        refusal = out[0].text
        assert f"opgepakt door {ANOUK}" in refusal and f"/overnemen {reference}" in refusal
    held = await handoff(harness, reference)
    assert (held.status, held.assignee, held.closed_at) == (HandoffStatus.CLAIMED, ANOUK, None)
    assert await harness.loket.store.notes(held.id) == []
    out = await harness.staff(ANOUK, f"/notitie {reference} belt morgen terug")
    assert texts_to(out, TO_ANOUK) == [f"Notitie bewaard bij {reference}."]


async def test_overnemen_makes_the_case_yours_and_tells_the_holder(harness: Harness) -> None:
    reference = await claimed_by_anouk(harness)
    await harness.staff(ANOUK, f"/notitie {reference} offerte in de maak")
    out = await harness.staff(BART, f"/overnemen {reference}")
    [mine] = texts_to(out, TO_BART)
    assert mine.startswith(f"Je hebt {reference} opgepakt") and "offerte in de maak" in mine
    assert len(buttons_to(out, TO_BART)) == 5  # the outcomes to close it with
    [told] = texts_to(out, TO_ANOUK)
    assert told.startswith(f"{BART} heeft {reference} overgenomen (Piet de Boer")
    assert texts_to(out, CUSTOMER) == [f"{BART} heeft uw vraag ({reference}) opgepakt."]
    taken = await handoff(harness, reference)
    assert (taken.status, taken.assignee) == (HandoffStatus.CLAIMED, BART)
    [entry] = [
        e for e in await harness.loket.store.audit_entries(taken.id) if e["action"] == "overgenomen"
    ]
    assert entry["actor"] == BART and '"van": "Anouk de Vries"' in entry["details"]

    out = await harness.staff(ANOUK, f"/sluit {reference} opgelost")
    assert f"opgepakt door {BART}" in texts_to(out, TO_ANOUK)[0]
    out = await harness.staff(BART, f"/antwoord {reference} De offerte komt vandaag.")
    assert texts_to(out, CUSTOMER) == [f"{BART}: De offerte komt vandaag."]


async def test_a_shared_case_becomes_the_answerers(harness: Harness) -> None:
    reference = await employer_requests_course(harness, company="Smederij de Hamer")
    assert (await handoff(harness, reference)).assignee is None  # no member: the shared queue
    await harness.staff(ANOUK, f"/notitie {reference} niet-lid, prijs uitleggen")
    out = await harness.staff(BART, f"/antwoord {reference} Ik bel u vanmiddag.")
    assert texts_to(out, CUSTOMER) == [f"{BART}: Ik bel u vanmiddag."]
    answered = await handoff(harness, reference)
    assert (answered.status, answered.assignee) == (HandoffStatus.CLAIMED, BART)
    out = await harness.staff(ANOUK, f"/sluit {reference} opgelost")
    assert f"opgepakt door {BART}" in texts_to(out, TO_ANOUK)[0]


async def test_picking_up_a_colleagues_open_case_tells_them(harness: Harness) -> None:
    reference = await employer_requests_course(harness)  # open, on Anouk's name
    out = await harness.staff(BART, f"/antwoord {reference} hallo")
    assert f"/overnemen {reference}" in texts_to(out, TO_BART)[0] and not texts_to(out, CUSTOMER)
    out = await harness.staff(BART, f"/pak {reference}")
    assert texts_to(out, TO_ANOUK)[0].startswith(f"{BART} heeft {reference} overgenomen")
    assert texts_to(out, CUSTOMER) == [f"{BART} heeft uw vraag ({reference}) opgepakt."]
    assert (await handoff(harness, reference)).assignee == BART


async def test_coaches_cannot_take_a_case_over(harness: Harness) -> None:
    reference = await claimed_by_anouk(harness)
    [reply] = await harness.staff("Joost Smit", f"/overnemen {reference}")
    assert "alleen voor accountmanagers" in reply.text
    assert (await handoff(harness, reference)).assignee == ANOUK


def test_overnemen_in_a_topic_gets_the_topics_reference() -> None:
    assert in_topic("/overnemen", "OBM-2026-000007") == "/overnemen OBM-2026-000007"


def without_anouk(tmp_path: Path) -> Organisation:
    """The example configuration after Anouk left: her companies went to Bart."""
    text = (REPO_ROOT / "obm.example.toml").read_text(encoding="utf-8")
    block = (
        '[[account_manager]]\nname = "Anouk de Vries"\ntelegram_user_id = 100001\n'
        'phone = "074 123 45 01"\n'
    )
    assert block in text
    text = text.replace(block, "", 1)
    # Nobody stands in for her any more, nor does she for Bart (a deputy must be configured).
    text = re.sub(r"^deputy = .*\n", "", text, flags=re.MULTILINE)
    text = text.replace('account_manager = "Anouk de Vries"', f'account_manager = "{BART}"')
    path = tmp_path / "obm.toml"
    path.write_text(text, encoding="utf-8")
    org = load_organisation(path)
    assert [m.name for m in org.account_manager] == [BART]
    return org


async def test_cases_of_a_manager_who_left_return_to_the_shared_queue(
    harness: Harness,
    db_path: Path,
    tmp_path: Path,
    catalogue: Catalogue,
    understander: Understander,
    clock: FakeClock,
) -> None:
    claimed = await claimed_by_anouk(harness)
    routed = await employer_requests_course(harness, user="43")  # open, on Anouk's name
    shared = await employer_requests_course(harness, user="44", company="Smederij de Hamer")
    await harness.loket.store.close()

    loket = await make_loket(db_path, catalogue, understander, without_anouk(tmp_path), clock)
    try:
        # Opening the loket (sync_organisation) re-homed them; the notices wait in the outbox.
        async with loket.store.transaction():
            letters = await loket.store.pending_letters("telegram", clock() - dt.timedelta(days=1))
        letters_out = [Outbound.model_validate_json(letter["payload"]) for letter in letters]
        out = [o for o in letters_out if "niet meer is ingesteld" in o.text]
        assert [(o.to, o.reference) for o in out] == [(TO_BART, claimed), (TO_BART, routed)]
        assert out[0].text == (
            f"{claimed} stond op naam van {ANOUK}, die niet meer is ingesteld; de vraag staat"
            f" weer in de gedeelde wachtrij. Oppakken: /pak {claimed}"
        )
        assert [b.label for b in out[0].buttons] == ["Oppakken"]
        for reference in (claimed, routed, shared):
            back = await loket.store.handoff_by_reference(reference)
            assert back is not None
            assert (back.status, back.assignee) == (HandoffStatus.OPEN, None)
        audit = await loket.store.audit_entries()
        assert [e["details"] for e in audit if e["action"] == "terug in wachtrij"] == [
            '{"was": "Anouk de Vries"}'
        ] * 2
        async with loket.store.transaction():
            assert await loket.staff.reassign_orphans(clock()) == []  # once only
        [queue] = await Harness(loket).staff(BART, "/wachtrij")
        assert claimed in queue.text and routed in queue.text and ANOUK not in queue.text
    finally:
        await loket.store.close()
