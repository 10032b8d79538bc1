"""Whole conversations through the real engine, store (SQLite file) and templates."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import aiosqlite
import pytest

from obm_bot.catalogue.models import Catalogue
from obm_bot.domain.models import HandoffStatus, Priority, RequestKind
from obm_bot.organisation import Organisation
from obm_bot.storage.database import migrate, migrations, schema_version
from obm_bot.understanding.engine import Understander
from tests.fakes.clock import FakeClock
from tests.integration.conftest import Harness, buttons_to, data_of, make_loket, texts_to

CUSTOMER = "console:42"
ANOUK = "staff:Anouk de Vries"
BART = "staff:Bart Jansen"
REFERENCE = re.compile(r"OBM-\d{4}-\d{6}")


async def employer_requests_course(
    h: Harness, user: str = "42", company: str = "Bouwmeester Metaal"
) -> str:
    """First contact to recorded request; returns the reference."""
    me = f"console:{user}"
    out = await h.send(user, "Ik zoek een cursus hoogwerker voor 2 man")
    assert texts_to(out, me)[-1].endswith("Wat past het best voor Hoogwerker (IPAF)?")
    out = await h.send(user, button=data_of(out, me, "Maakt niet uit"))
    assert texts_to(out, me)[-1].startswith("Voor wie noteer ik dit? Graag de naam van uw bedrijf")
    await h.send(user, company)
    await h.send(user, "Piet de Boer")
    out = await h.send(user, "06 12345678")
    summary = texts_to(out, me)[0]
    assert "Hoogwerker" in summary and "excl. btw" in summary
    assert "Aantal personen: 2" in summary and "Piet de Boer" in summary
    out = await h.send(user, button=data_of(out, me, "Klopt, aanvragen"))
    [recorded] = [t for t in texts_to(out, me) if "referentie" in t]
    match = REFERENCE.search(recorded)
    assert match
    return match.group(0)


async def test_employer_course_request_to_closed_handoff(harness: Harness) -> None:
    reference = await employer_requests_course(harness)
    store = harness.loket.store
    handoff = await store.handoff_by_reference(reference)
    assert handoff is not None and handoff.status is HandoffStatus.OPEN
    assert handoff.assignee == "Anouk de Vries"  # Bouwmeester's own account manager
    contact = await store.contact("console", "42")
    assert contact is not None and contact.company == "Bouwmeester Metaal"
    assert contact.company_id is not None
    assert contact.company_id == await store.company_id("Bouwmeester Metaal")
    request = await store.request_by_id(handoff.request_id or 0)
    assert request is not None and request.kind is RequestKind.COURSE
    assert request.entities["participants"] == 2 and request.courses

    out = await harness.send("42", "Graag in januari als het kan")
    assert texts_to(out, CUSTOMER) == [
        "Doorgegeven aan Anouk de Vries. U krijgt uiterlijk om 11:00 antwoord."
    ]
    assert "Graag in januari" in texts_to(out, ANOUK)[0]
    out = await harness.send("42", "En liefst op dinsdag")
    assert texts_to(out, CUSTOMER) == []  # acknowledged once; then the person answers
    assert "liefst op dinsdag" in texts_to(out, ANOUK)[0]

    queue = await harness.staff("Anouk de Vries", "/wachtrij")
    assert reference in queue[0].text and "SLA" in queue[0].text
    claimed = await harness.staff("Anouk de Vries", f"/pak {reference}")
    assert "Anouk de Vries heeft uw vraag" in texts_to(claimed, CUSTOMER)[0]
    out = await harness.staff("Anouk de Vries", f"/antwoord {reference} Ik bel u vanmiddag.")
    assert texts_to(out, CUSTOMER) == ["Anouk de Vries: Ik bel u vanmiddag."]
    out = await harness.staff("Anouk de Vries", button=data_of(claimed, ANOUK, "aangemeld"))
    assert texts_to(out, CUSTOMER) == []  # an outcome button asks first
    out = await harness.staff(
        "Anouk de Vries", button=data_of(out, ANOUK, "Ja, sluiten: aangemeld")
    )
    assert "is afgehandeld: de aanmelding is gedaan" in texts_to(out, CUSTOMER)[0]
    closed = await store.handoff_by_reference(reference)
    assert closed is not None and closed.status is HandoffStatus.CLOSED
    assert closed.first_response_at is not None and closed.outcome == "aangemeld"
    actions = [e["action"] for e in await store.audit_entries(closed.id)]
    assert actions == ["handoff geopend", "opgepakt", "antwoord", "gesloten"]

    out = await harness.send("42", "bedankt!")
    assert "Graag gedaan" in texts_to(out, CUSTOMER)[0]


async def test_unknown_company_goes_to_the_shared_queue(harness: Harness) -> None:
    reference = await employer_requests_course(harness, company="Smederij Onbekend")
    handoff = await harness.loket.store.handoff_by_reference(reference)
    assert handoff is not None and handoff.assignee is None


async def test_complaint_is_handed_off_at_once_with_high_priority(harness: Harness) -> None:
    out = await harness.send("7", "Ik wil een klacht indienen over de docent van de VCA cursus")
    texts = texts_to(out, "console:7")
    assert any("voorrang" in t for t in texts)
    staff_texts = texts_to(out, ANOUK) + texts_to(out, BART)
    assert len(staff_texts) == 2 and all("KLACHT" in t for t in staff_texts)
    [(handoff, _)] = await harness.loket.store.queue()
    assert handoff.priority is Priority.HIGH


async def test_customer_cancels_while_waiting(harness: Harness) -> None:
    out = await harness.send("8", "ik wil graag iemand spreken")
    assert "uw naam en uw telefoonnummer" in texts_to(out, "console:8")[-1]  # to call back
    await harness.send("8", "Els de Groot")
    out = await harness.send("8", "06 11223344")
    out = await harness.send("8", button=data_of(out, "console:8", "Niet meer wachten"))
    out = await harness.send("8", button=data_of(out, "console:8", "Aanvraag intrekken"))
    assert "niet meer op een medewerker" in texts_to(out, "console:8")[0]
    assert await harness.loket.store.queue() == []
    out = await harness.send("8", "wat kost vca basis?")
    assert "VCA basis" in texts_to(out, "console:8")[0]  # the bot answers again


async def test_transfer_to_another_account_manager(harness: Harness) -> None:
    reference = await employer_requests_course(harness)
    out = await harness.staff("Anouk de Vries", f"/overdragen {reference} Bart Jansen")
    assert "overgedragen aan Bart Jansen" in texts_to(out, ANOUK)[0]
    assert reference in texts_to(out, BART)[0]
    handoff = await harness.loket.store.handoff_by_reference(reference)
    assert handoff is not None and handoff.assignee == "Bart Jansen"
    out = await harness.staff("Anouk de Vries", f"/antwoord {reference} hallo")
    assert "draag het eerst over" in out[0].text
    await harness.staff("Anouk de Vries", f"/notitie {reference} Klant wil liefst in januari")
    out = await harness.staff("Bart Jansen", f"/pak {reference}")
    assert "Notities:" in out[0].text and "liefst in januari" in out[0].text
    assert texts_to(out, CUSTOMER) == [f"Bart Jansen heeft uw vraag ({reference}) opgepakt."]


async def test_sla_reminder_then_escalation(harness: Harness, clock: FakeClock) -> None:
    reference = await employer_requests_course(harness)
    assert await harness.loket.tick() == []
    clock.advance(minutes=46)
    reminders = await harness.loket.tick()
    assert [o.to for o in reminders] == [ANOUK] and "Herinnering" in reminders[0].text
    assert await harness.loket.tick() == []  # stored: not sent twice
    clock.advance(minutes=15)
    escalation = await harness.loket.tick()
    assert {o.to for o in escalation} == {ANOUK, BART}
    assert all("SLA verlopen" in o.text for o in escalation)
    queue = await harness.staff("Bart Jansen", "/wachtrij")
    assert f"{reference} · Cursusaanvraag: Hoogwerker (IPAF) · open" in queue[0].text
    assert "SLA verlopen" in queue[0].text


async def test_outside_office_hours_the_customer_is_told_when(
    harness: Harness, clock: FakeClock
) -> None:
    clock.now = dt.datetime(2026, 11, 27, 19, 0, tzinfo=dt.UTC)  # Friday 20:00 local
    await harness.send("9", "bel me terug aub, met Henk Smit")
    out = await harness.send("9", "0612345678")
    waiting = [t for t in texts_to(out, "console:9") if "gesloten" in t]
    assert (
        waiting and "Maandag vanaf 08:30 neemt een accountmanager contact met u op" in (waiting[0])
    )
    assert "uiterlijk 09:30." in waiting[0]
    [(handoff, _)] = await harness.loket.store.queue()
    assert handoff.sla_deadline == dt.datetime(2026, 11, 30, 8, 30, tzinfo=dt.UTC)


async def test_customers_cannot_use_staff_commands(harness: Harness) -> None:
    await employer_requests_course(harness, user="50")
    for command in ("/wachtrij", "/pak OBM-2026-000001", "/sluit OBM-2026-000001 aangemeld"):
        out = await harness.send("51", command)
        assert texts_to(out, "console:51")
        assert all("OBM-2026-000001" not in o.text for o in out)
        assert all(o.to == "console:51" for o in out)
    out = await harness.send("51", "/wachtrij", channel="telegram")
    assert all("Wachtrij" not in o.text for o in out)
    [(handoff, _)] = await harness.loket.store.queue()
    assert handoff.status is HandoffStatus.OPEN


async def test_duplicate_inbound_id_produces_nothing_new(harness: Harness) -> None:
    await harness.send("60", "ik wil graag iemand spreken, ik ben Jan de Vries")
    first = await harness.send("60", "0612345678", inbound_id="u-1")
    again = await harness.send("60", "0612345678", inbound_id="u-1")
    assert first and again == []
    assert len(await harness.loket.store.queue()) == 1


async def test_restart_keeps_queue_deadlines_and_conversation(
    harness: Harness,
    db_path: Path,
    catalogue: Catalogue,
    understander: Understander,
    organisation: Organisation,
    clock: FakeClock,
) -> None:
    reference = await employer_requests_course(harness)
    pending = await harness.send("77", "ik wil 2 man inschrijven voor VCA VOL")  # mid-way
    before = await harness.loket.store.handoff_by_reference(reference)
    await harness.loket.store.close()

    reopened = Harness(await make_loket(db_path, catalogue, understander, organisation, clock))
    reopened.counter = harness.counter  # new inbound ids, as after a real restart
    try:
        after = await reopened.loket.store.handoff_by_reference(reference)
        assert after == before
        queue = await reopened.staff("Anouk de Vries", "/wachtrij")
        assert reference in queue[0].text
        no_preference = data_of(pending, "console:77", "Maakt niet uit")  # still pending
        out = await reopened.send("77", button=no_preference)
        assert texts_to(out, "console:77")[-1].startswith("Voor wie noteer ik dit?")
        clock.advance(minutes=50)
        assert [o.to for o in await reopened.loket.tick()] == [ANOUK]
    finally:
        await reopened.loket.store.close()


async def test_bad_input_gets_a_clear_reply(harness: Harness) -> None:
    for text in ("", "   ", "🙂🙂🙂", "x" * 5000, "lassen " * 700):
        out = await harness.send("90", text)
        assert out and all(o.text.strip() for o in out)
    sql = "'; DROP TABLE requests; --"
    await harness.send("90", sql)
    transcript = await harness.loket.store.transcript(1, 50)
    assert any(m.text == sql for m in transcript)
    assert any(m.text == "x" * 5000 for m in transcript)


async def test_forged_or_stale_button_is_refused(harness: Harness) -> None:
    first = await harness.send("91", "ik zoek een lascursus")
    out = await harness.send("91", button="cursus:7")
    assert "hoort niet (meer) bij dit gesprek" in out[0].text
    assert "Welke cursus" in out[1].text  # the open question again
    out = await harness.send("91", button="pak:OBM-2026-000001")
    assert "hoort niet" in out[0].text
    out = await harness.send("91", button="nonsense:::")
    assert "hoort niet" in out[0].text
    tig = data_of(first, "console:91", "TIG lassen staal en RVS")
    out = await harness.send("91", button=tig)  # still valid after the refusals
    assert "hoort niet" not in out[0].text


async def test_typed_number_chooses_a_button(harness: Harness) -> None:
    await harness.send("92", "wat kost vca vol")
    out = await harness.send("92", "1")  # Aanmelden
    contact = await harness.loket.store.contact("console", "92")
    assert contact is not None
    conversation = await harness.loket.store.conversation_for(contact.id, harness.loket.clock())
    [item] = conversation.state["items"]
    assert item["course"] == "vca-vol" and item["kind"] == RequestKind.ENROLMENT.value
    assert texts_to(out, "console:92")


async def test_service_intent_offers_full_service(harness: Harness) -> None:
    await harness.send("93", "hallo, ik ben eigenaar van een lasbedrijf")
    out = await harness.send("93", "Krijg ik subsidie van OOM voor een cursus?")
    assert "Zullen wij" in texts_to(out, "console:93")[0]
    out = await harness.send("93", button=data_of(out, "console:93", "Ja, graag"))
    assert texts_to(out, "console:93")[-1].startswith("Voor wie noteer ik dit?")
    await harness.send("93", "Van Dam staalbouw")
    await harness.send("93", "Els")
    out = await harness.send("93", "0612345678")
    assert any("OBM-" in t for t in texts_to(out, "console:93"))
    assert BART in {o.to for o in out}  # Van Dam's account manager


async def test_learner_questions_explain_linking(harness: Harness) -> None:
    out = await harness.send("94", "wanneer is mijn volgende tussenstap?")
    assert any("koppel" in t for t in texts_to(out, "console:94"))


async def test_migrations_apply_one_by_one(tmp_path: Path) -> None:
    async with aiosqlite.connect(tmp_path / "m.sqlite3", isolation_level=None) as conn:
        assert await schema_version(conn) == 0
        for number, _, _ in migrations():
            assert await migrate(conn, target=number) == number
            assert await schema_version(conn) == number
        async with conn.execute("SELECT name FROM sqlite_master WHERE type='table'") as cur:
            tables = {row[0] for row in await cur.fetchall()}
    assert {
        "contacts",
        "conversations",
        "messages",
        "requests",
        "handoffs",
        "processed_inbound",
        "audit_log",
    } <= tables


async def test_unsure_asks_with_two_options_then_hands_off(harness: Harness) -> None:
    await harness.send("95", "hallo")
    out = await harness.send("95", "de planning")
    choices = buttons_to(out, "console:95")
    assert len(choices) == 3 and all(c.startswith("intent:") for c in choices)
    assert "intent:human_handoff" in choices
    out = await harness.send("95", "vraagje over leerling en geld")  # a second miss
    assert "uw naam en uw telefoonnummer" in texts_to(out, "console:95")[-1]  # to call back
    await harness.send("95", "Ria Bos")
    out = await harness.send("95", "0612345678")
    assert any("OBM-" in t for t in texts_to(out, "console:95"))
    [(_, contact)] = await harness.loket.store.queue()
    assert contact.name == "Ria Bos" and contact.phone == "0612345678"


async def test_clarify_choice_answers_the_original_question(harness: Harness) -> None:
    await harness.send("96", "hallo")
    out = await harness.send("96", "de planning")
    out = await harness.send("96", button=buttons_to(out, "console:96")[0])
    assert texts_to(out, "console:96")


async def test_enrolment_naming_one_course_skips_the_choice(harness: Harness) -> None:
    out = await harness.send("97", "Ik wil 2 man inschrijven voor VCA VOL")
    assert texts_to(out, "console:97")[-1].endswith("Wat past het best voor VCA VOL?")
    store = harness.loket.store
    contact = await store.contact("console", "97")
    assert contact is not None
    conversation = await store.conversation_for(contact.id, harness.loket.clock())
    [item] = conversation.state["items"]
    assert item["course"] == "vca-vol" and item["participants"] == 2
    assert item["kind"] == RequestKind.ENROLMENT.value


async def test_course_info_answers_from_the_catalogue(harness: Harness) -> None:
    out = await harness.send("98", "wat kost de BHV herhaling en hoe lang duurt die?")
    text = "\n".join(texts_to(out, "console:98"))
    assert "BHV herhaling" in text and "excl. btw" in text and "uur" in text
    assert any(b.startswith("aanvraag:inschrijving:") for b in buttons_to(out, "console:98"))
    assert "Aanmelden" in [b.label for o in out for b in o.buttons]


async def test_a_failing_reply_is_logged_and_the_message_kept(
    harness: Harness, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(*_: object) -> None:
        raise RuntimeError("template store unreachable")

    monkeypatch.setattr(harness.loket.customer.executor, "apply", broken)
    out = await harness.send("99", "wat kost vca basis?")
    assert "Excuses" in out[0].text and out[0].to == "console:99"
    assert "reply failed for console:99" in caplog.text
    contact = await harness.loket.store.contact("console", "99")
    assert contact is not None
    conversation = await harness.loket.store.conversation_for(contact.id, harness.loket.clock())
    transcript = await harness.loket.store.transcript(conversation.id)
    assert [m.text for m in transcript] == ["wat kost vca basis?"]


async def test_old_button_while_waiting_gets_an_explanation(harness: Harness) -> None:
    first = await harness.send("100", "wat kost vca vol")
    await harness.send("100", "ik wil iemand spreken, mijn naam is Ria Bos, 0612345678")
    out = await harness.send("100", button=data_of(first, "console:100", "Aanmelden"))
    assert "ligt bij een medewerker" in texts_to(out, "console:100")[0]


async def test_menu_course_search_asks_for_a_topic(harness: Harness) -> None:
    await harness.send("101", "hallo")
    out = await harness.send("101", "help")
    out = await harness.send("101", button=data_of(out, "console:101", "Cursus zoeken"))
    assert texts_to(out, "console:101")[0].startswith("Waarvoor zoekt u een cursus?")
    out = await harness.send("101", "heftruck")
    assert "Heftruck" in texts_to(out, "console:101")[0]
    assert "excl. btw" in texts_to(out, "console:101")[0]


async def test_a_bare_course_name_is_a_search(
    understander: Understander, catalogue: Catalogue
) -> None:
    titles = [c.title for c in catalogue.courses]
    searches = sum(understander.understand(t).intent == "course_search" for t in titles)
    assert searches / len(titles) >= 0.8
