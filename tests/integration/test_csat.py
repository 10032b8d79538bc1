"""Issue 17, the customer's verdict (CSAT): asked once after closing, rated by button or by
the number typed, an optional comment, a low score told to the account manager and kept in
the queue as a follow-up; never asked after /vergeet or an insulting conversation."""

from __future__ import annotations

from pathlib import Path

from obm_bot.catalogue.models import Catalogue
from obm_bot.dialogue.buttons import Rate
from obm_bot.domain.models import HandoffStatus
from obm_bot.organisation import CsatSettings, Organisation
from obm_bot.understanding.engine import Understander
from tests.fakes.clock import FakeClock
from tests.integration.conftest import Harness, make_loket, texts_to
from tests.integration.test_case_holders import ANOUK, CUSTOMER, TO_ANOUK, handoff
from tests.integration.test_conversations import employer_requests_course


async def answered_and_closed(harness: Harness, user: str = "42") -> str:
    reference = await employer_requests_course(harness, user)
    await harness.staff(ANOUK, f"/pak {reference}")
    await harness.staff(ANOUK, f"/antwoord {reference} U staat op de lijst voor januari.")
    out = await harness.staff(ANOUK, f"/sluit {reference} aangemeld")
    said = [o for o in out if o.to == f"console:{user}"]
    assert len(said) == 2, [o.text for o in said]  # the outcome, then the one question
    assert said[1].text.startswith(f"Hoe bent u geholpen met uw vraag {reference}?")
    assert [b.label for b in said[1].buttons] == ["1", "2", "3", "4", "5"]
    return reference


async def csat(harness: Harness, reference: str) -> dict[str, object]:
    row = await harness.loket.store.csat_by_reference(reference)
    assert row is not None
    return row


async def test_a_good_score_and_a_comment(harness: Harness) -> None:
    reference = await answered_and_closed(harness)
    out = await harness.send("42", button=Rate(reference=reference, score=4).pack())
    assert [o.to for o in out] == [CUSTOMER]  # a good score alerts nobody
    assert out[0].text.startswith("Dank u voor uw beoordeling (4 van 5). Wilt u er nog iets")
    out = await harness.send("42", "Snel geregeld, prima")
    assert texts_to(out, CUSTOMER) == [
        "Dank u, uw opmerking is doorgegeven. Heeft u nog een vraag? Typ die gerust."
    ]
    row = await csat(harness, reference)
    assert (row["score"], row["comment"], row["awaiting_comment"]) == (4, "Snel geregeld, prima", 0)
    assert row["assignee"] == ANOUK and row["kind"] == "cursusaanvraag"
    # The next message is the loket's again, not a second comment.
    out = await harness.send("42", "Ik zoek ook een vca cursus")
    assert "VCA" in " ".join(texts_to(out, CUSTOMER))
    assert (await csat(harness, reference))["comment"] == "Snel geregeld, prima"


async def test_a_typed_number_is_the_rating_and_there_is_no_second_prompt(
    harness: Harness,
) -> None:
    reference = await answered_and_closed(harness)
    out = await harness.send("42", "5")
    assert texts_to(out, CUSTOMER)[0].startswith("Dank u voor uw beoordeling (5 van 5).")
    out = await harness.send("42", button=Rate(reference=reference, score=1).pack())  # again
    assert texts_to(out, CUSTOMER)[0].startswith("U hebt deze vraag al beoordeeld")
    assert (await csat(harness, reference))["score"] == 5
    # Asked once per case, whoever closes it and however often the prompt is made.
    closed = await handoff(harness, reference)
    contact = await harness.loket.store.contact_by_id(closed.contact_id)
    prompt = harness.loket.staff.closing.csat
    assert await prompt.ask(closed, contact, None, "nl", harness.loket.clock()) == []
    rows = await harness.loket.store._all("SELECT COUNT(*) AS n FROM csat")
    assert rows[0]["n"] == 1


async def test_no_comment_and_a_question_instead_of_a_comment(harness: Harness) -> None:
    reference = await answered_and_closed(harness)
    out = await harness.send("42", "3")
    no_comment = [b for o in out for b in o.buttons if b.label == "Nee, bedankt"]
    assert no_comment
    out = await harness.send("42", "Wat kost een heftruckcursus?")  # something new
    assert "Heftruck" in " ".join(texts_to(out, CUSTOMER))
    row = await csat(harness, reference)
    assert (row["score"], row["comment"], row["awaiting_comment"]) == (3, None, 0)
    out = await harness.send("42", button=no_comment[0].data)  # late press: harmless
    assert texts_to(out, CUSTOMER) == ["Prima, dank u wel. Heeft u nog een vraag? Typ die gerust."]


async def test_a_low_score_alerts_the_account_manager_and_waits_in_the_queue(
    harness: Harness,
) -> None:
    reference = await answered_and_closed(harness)
    out = await harness.send("42", button=Rate(reference=reference, score=2).pack())
    assert "Dat spijt ons; Anouk de Vries neemt contact met u op" in texts_to(out, CUSTOMER)[0]
    [alert] = [o for o in out if o.to == TO_ANOUK]
    assert alert.text.startswith(f"Lage klantscore voor {reference}: 2 van 5 (Piet de Boer")
    assert [b.label for b in alert.buttons] == ["Opgevolgd"]
    out = await harness.send("42", "Het duurde drie dagen voor ik antwoord kreeg")
    [with_comment] = [o.text for o in out if o.to == TO_ANOUK]
    assert "Opmerking: “Het duurde drie dagen voor ik antwoord kreeg”." in with_comment
    queue = texts_to(await harness.staff(ANOUK, "/wachtrij"), TO_ANOUK)[0]
    assert "Opvolgen, lage klantscore (1):" in queue
    assert f"{reference} · score 2 van 5 · “Het duurde drie dagen" in queue
    out = await harness.staff(ANOUK, button=alert.buttons[0].data)
    assert texts_to(out, TO_ANOUK) == [
        f"De score van {reference} is opgevolgd; de vraag staat niet meer in de wachtrij."
    ]
    assert (await csat(harness, reference))["followed_up_by"] == ANOUK
    queue = texts_to(await harness.staff(ANOUK, "/wachtrij"), TO_ANOUK)[0]
    assert "Opvolgen" not in queue
    out = await harness.staff(ANOUK, f"/opgevolgd {reference}")
    assert texts_to(out, TO_ANOUK) == [f"De score van {reference} is al opgevolgd door {ANOUK}."]


async def test_no_prompt_after_vergeet(harness: Harness) -> None:
    reference = await employer_requests_course(harness)
    await harness.staff(ANOUK, f"/pak {reference}")
    await harness.send("42", "/vergeet")
    await harness.send("42", "Ja, verwijder alles")
    gone = await handoff(harness, reference)
    assert gone.status is HandoffStatus.CANCELLED
    out = await harness.staff(ANOUK, f"/sluit {reference} opgelost")
    assert texts_to(out, TO_ANOUK) == [f"{reference} is al ingetrokken."]
    assert await harness.loket.store.csat_by_reference(reference) is None


async def test_no_prompt_after_an_insulting_conversation(harness: Harness) -> None:
    await harness.send("43", "wat een waardeloze bot")
    await harness.send("43", "ja")  # a person, please
    await harness.send("43", "Karel Vos van Bouwmeester Metaal, 06 11122233")
    [(case, _)] = await harness.loket.store.queue()
    await harness.staff(ANOUK, f"/antwoord {case.reference} Ik bel u zo.")
    out = await harness.staff(ANOUK, f"/sluit {case.reference} opgelost")
    said = texts_to(out, "console:43")
    assert len(said) == 1 and said[0].startswith(f"Uw vraag {case.reference} is afgehandeld.")
    assert await harness.loket.store.csat_by_reference(case.reference) is None


async def test_switched_off_in_the_settings(
    db_path: Path,
    catalogue: Catalogue,
    understander: Understander,
    organisation: Organisation,
    clock: FakeClock,
) -> None:
    off = organisation.model_copy(update={"csat": CsatSettings(enabled=False)})
    loket = await make_loket(db_path, catalogue, understander, off, clock)
    try:
        harness = Harness(loket)
        reference = await employer_requests_course(harness)
        await harness.staff(ANOUK, f"/antwoord {reference} Geregeld.")
        out = await harness.staff(ANOUK, f"/sluit {reference} opgelost")
        assert len(texts_to(out, CUSTOMER)) == 1
        assert await loket.store.csat_by_reference(reference) is None
    finally:
        await loket.store.close()


async def test_vergeet_after_the_rating_keeps_only_the_bare_score(harness: Harness) -> None:
    reference = await answered_and_closed(harness)
    await harness.send("42", "2")
    await harness.send("42", "Piet vond het niks")
    await harness.send("42", "/vergeet")
    await harness.send("42", "Ja, verwijder alles")
    row = await csat(harness, reference)
    assert (row["score"], row["comment"]) == (2, None)
    queue = texts_to(await harness.staff(ANOUK, "/wachtrij"), TO_ANOUK)[0]
    assert "Piet vond het niks" not in queue and "Piet de Boer" not in queue


async def test_a_number_typed_later_answers_the_menu_not_the_prompt(harness: Harness) -> None:
    reference = await answered_and_closed(harness)
    out = await harness.send("42", "hallo")
    assert "Subsidie" in [b.label for o in out for b in o.buttons]
    out = await harness.send("42", "2")  # the second menu button
    assert not any("beoordeling" in t for t in texts_to(out, CUSTOMER))
    assert [o.to for o in out if o.to.startswith("staff:")] == []  # no low-score alert
    assert (await csat(harness, reference))["score"] is None
    await harness.send("42", button=Rate(reference=reference, score=4).pack())  # the button
    assert (await csat(harness, reference))["score"] == 4


async def test_forged_rating_buttons_are_refused(harness: Harness) -> None:
    reference = await answered_and_closed(harness)
    for forged in (
        Rate(reference=reference, score=9).pack(),  # no such score
        "csat:" + reference + ":vier",  # no number at all
    ):
        out = await harness.send("42", button=forged)
        assert texts_to(out, CUSTOMER)[0].startswith("Die knop")
    out = await harness.send("77", button=Rate(reference=reference, score=1).pack())  # not theirs
    assert texts_to(out, "console:77")[-1].startswith("Die knop")
    assert (await csat(harness, reference))["score"] is None
