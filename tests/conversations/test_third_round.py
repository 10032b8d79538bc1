"""What a third round of play turned up: a correction inside one message, a complaint from an
unknown customer who names the company afterwards, an employee who wants a named course, a
quote asked for inside an enrolment, and questions about the course being asked about."""

from __future__ import annotations

from obm_bot.domain.models import Priority, RequestKind, Role
from tests.conversations.conftest import Chat
from tests.conversations.desk_answers import BART, JEROEN, JEROEN_DETAILS, asked, last, summary

KNOWN = ("role", *JEROEN_DETAILS)


async def test_a_correction_inside_one_message_counts(chat: Chat) -> None:
    await chat.say(f"{JEROEN} eigenaar, mig mag lassen basis voor 2 man. nee wacht 3", *KNOWN)
    chat.knows("course", "participants")
    assert "schedule" in asked(last(chat)), chat.replies[-1]
    await chat.press("Overdag", "schedule")
    assert "Aantal personen: 3" in summary(chat)
    await chat.press("Klopt, aanvragen")
    [request] = await chat.requests()
    assert request.courses == ["mig-mag-lassen-basis"] and request.entities["participants"] == 3
    assert chat.turns == 3
    chat.assert_nothing_asked_twice()


async def test_a_complaint_moves_to_the_companys_own_manager_once_named(chat: Chat) -> None:
    replies = await chat.say(
        "ik wil een klacht indienen. onze medewerker deed 6 weken geleden heftruck examen en"
        " heeft nog steeds geen pasje"
    )
    assert any("klacht staat genoteerd" in t for t in replies), replies
    assert "naam en uw telefoonnummer" in replies[-1], replies[-1]  # who to call, asked once
    handoff = await chat.handoff()
    assert handoff.assignee is None and handoff.priority is Priority.HIGH
    await chat.say("dit is Gerrit Vos van van dam constructie, 06-11122233")
    routed = await chat.handoff()
    assert routed.assignee == BART  # Van Dam's own account manager takes it
    assert any("KLACHT" in t for t in chat.staff_texts(BART))
    contact = await chat.contact()
    assert (contact.name, contact.phone, contact.company) == (
        "Gerrit Vos",
        "06-11122233",
        "Van Dam Constructie",
    )
    [request] = await chat.requests()
    assert request.kind is RequestKind.COMPLAINT


async def test_an_employee_who_wants_a_named_course_gets_the_course(chat: Chat) -> None:
    await chat.say(
        "ik werk bij bouwmeester metaal als monteur en wil zelf de nen 3140 vop halen, liefst"
        " in de avond",
        "role", "company", "course", "participants", "schedule",
    )  # fmt: skip
    assert {"name", "phone"} <= set(asked(last(chat))), chat.replies[-1]
    await chat.say("Rik Visser, 0612121212", "name", "phone")
    await chat.press("Klopt, aanvragen")
    [request] = await chat.requests()
    assert request.courses == ["nen-3140-vop"] and request.kind is RequestKind.ENROLMENT
    assert request.entities["participants"] == 1
    contact = await chat.contact()
    assert contact.role is Role.EMPLOYEE and contact.company == "Bouwmeester Metaal"
    assert chat.turns == 3
    chat.assert_nothing_asked_twice()


async def test_a_quote_asked_for_in_an_enrolment_is_a_quote(chat: Chat) -> None:
    await chat.say(
        f"{JEROEN} ik wil 3 mannen inschrijven voor vca basis in het weekend. kunt u een"
        " offerte sturen?",
        *KNOWN, "course", "participants", "schedule",
    )  # fmt: skip
    assert "Offerteaanvraag: VCA basis" in summary(chat)
    await chat.press("Klopt, aanvragen")
    [request] = await chat.requests()
    assert request.kind is RequestKind.QUOTE and request.courses == ["vca-basis"]
    assert chat.turns == 2


async def test_a_question_about_the_open_course_gets_one_line(chat: Chat) -> None:
    await chat.say(f"{JEROEN} eigenaar, 2 man voor vca basis", *KNOWN, "course", "participants")
    question = last(chat).splitlines()[-1]
    replies = await chat.say("is die ook in het engels te doen?")
    assert replies[0].startswith("VCA basis (B-VCA):"), replies
    assert "ROC Albeda, Rotterdam" in replies[0] and "les in het Engels" in replies[0], replies
    assert replies[-1].splitlines()[-1] == question  # and the open question again
    unclear = await chat.say("eh wat?")
    assert "begreep ik niet" in unclear[0], unclear  # no course line for a non-question
