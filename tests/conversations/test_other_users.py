"""Employees, schools, learners, complaints and callbacks; and the tone for each of them."""

from __future__ import annotations

from obm_bot.domain.models import Priority, RequestKind, Role
from tests.conversations.conftest import Chat
from tests.conversations.desk_helpers import ANOUK, BART, FORMAL, INFORMAL
from tests.integration.conftest import Harness


def formal_in(texts: list[str]) -> list[str]:
    return [t for t in texts if FORMAL.search(t)]


def informal_in(texts: list[str]) -> list[str]:
    return [t for t in texts if INFORMAL.search(t)]


async def test_employee_asks_bijscholing_for_himself(chat: Chat) -> None:
    await chat.say(
        "hoi, ik werk bij hengelo plaatwerk als lasser en wil zelf graag bijscholing in"
        " tig lassen, liefst savonds",
        "role", "company", "participants", "schedule", "course",
    )  # fmt: skip
    await chat.say("Kees Smit", "name")
    await chat.say("0687654321", "phone")
    await chat.press("Klopt, aanvragen")
    [request] = await chat.requests()
    assert request.courses == ["tig-lassen-staal-rvs"]
    assert request.entities["participants"] == 1
    assert request.entities["schedule"] == "avond"
    contact = await chat.contact()
    assert contact.role is Role.EMPLOYEE
    assert contact.company == "Hengelo Plaatwerk" and contact.company_id is not None
    assert contact.name == "Kees Smit" and contact.phone == "0687654321"
    assert (await chat.handoff()).assignee == ANOUK
    assert not [t for t in chat.replies if "hoeveel personen" in t.lower()]
    assert chat.turns == 4
    chat.assert_nothing_asked_twice()


async def test_school_asks_practical_training_for_a_class(chat: Chat) -> None:
    first = (
        "Goedendag, ik ben techniekdocent op een vmbo school en zoek praktijkles metaal"
        " voor een klas van 20 leerlingen"
    )
    offer = await chat.say(first, "role", "participants")
    assert any("?" in t for t in offer) and chat.labels == ["Ja, graag", "Nee, bedankt"]
    await chat.say("ja graag")
    await chat.say("het Twents College in Hengelo", "company")
    await chat.say("Marieke Jansen", "name")
    recorded = await chat.say("074-1234567", "phone")
    assert any("OBM-" in t for t in recorded)
    [request] = await chat.requests()
    assert request.intent == "school_services"
    assert request.kind is RequestKind.SERVICE
    assert request.entities["participants"] == 20
    contact = await chat.contact()
    assert contact.role is Role.SCHOOL and contact.company == "het Twents College in Hengelo"
    assert not informal_in(chat.replies), informal_in(chat.replies)
    assert any("20" in t for t in chat.staff_texts(ANOUK) if "Nieuwe vraag" in t)
    assert chat.turns == 5
    chat.assert_nothing_asked_twice()


async def test_learner_without_link_code_asks_about_milestone(chat: Chat) -> None:
    answer = await chat.say("hoi wanneer is mijn volgende tussenstap?? ik doe bbl", "role")
    assert any("koppel" in t for t in answer), answer
    assert chat.labels == ["Ja, graag", "Nee, bedankt"]  # a person is offered
    assert informal_in(answer) and not formal_in(answer), answer
    await chat.say("ja graag")
    await chat.say("Sem Bakker", "name")
    await chat.say("0699887766", "phone")
    [request] = await chat.requests()
    assert request.status == "bij accountmanager"
    assert not formal_in(chat.replies), formal_in(chat.replies)
    assert chat.turns == 4
    chat.assert_nothing_asked_twice()


async def test_learner_course_search_is_all_je(chat: Chat) -> None:
    await chat.say("hoi ik ben leerling bbl en zoek een cursus heftruck", "role", "course")
    assert not formal_in(chat.replies), formal_in(chat.replies)
    assert informal_in(chat.replies)
    assert chat.turns == 1
    chat.assert_nothing_asked_twice()


async def test_employer_replies_are_all_u(chat: Chat) -> None:
    await chat.say("goedemiddag, ik ben werkgever en zoek een cursus heftruck voor 3 man", "role")
    await chat.say("wat kost die?")
    assert chat.replies
    assert not informal_in(chat.replies), informal_in(chat.replies)
    assert formal_in(chat.replies)
    assert await chat.requests() == []
    assert chat.turns == 2
    chat.assert_nothing_asked_twice()


async def test_welcome_is_short_and_a_first_question_is_answered_at_once(chat: Chat) -> None:
    replies = await chat.say("wat kost vca basis?")
    welcome, *rest = replies
    assert welcome.startswith("Welkom") and "?" not in welcome and len(welcome) < 80
    assert any("VCA basis" in t and "excl. btw" in t for t in rest), rest
    assert await chat.requests() == []
    assert chat.turns == 1
    chat.assert_nothing_asked_twice()


async def test_complaint_goes_at_once_to_the_account_manager(chat: Chat) -> None:
    first = (
        "Klacht namens Van Dam Constructie: de docent van de vca cursus kwam vorige week"
        " gewoon niet opdagen. Henk Bos, 0611223344"
    )
    replies = await chat.say(first, "company", "name", "phone")
    assert any("OBM-" in t for t in replies)
    [request] = await chat.requests()
    assert request.kind is RequestKind.COMPLAINT
    assert request.status == "bij accountmanager"
    handoff = await chat.handoff()
    assert handoff.priority is Priority.HIGH
    assert handoff.assignee == BART  # Van Dam's own account manager
    contact = await chat.contact()
    assert contact.role is not Role.SCHOOL  # "docent" is about the course, not the sender
    assert contact.company == "Van Dam Constructie" and contact.phone == "0611223344"
    [text] = chat.staff_texts(BART)
    assert "KLACHT" in text and first in text
    assert "Henk Bos" in text and "0611223344" in text
    assert "Van Dam Constructie (lid; accountmanager Bart Jansen)" in text
    assert chat.turns == 1
    chat.assert_nothing_asked_twice()


async def test_wanting_to_talk_to_someone_opens_a_callback(chat: Chat, harness: Harness) -> None:
    await chat.say("ik wil iemand spreken")
    await chat.say("Els Kuipers", "name")
    recorded = await chat.say("0655443322", "phone")
    assert any("OBM-" in t for t in recorded)
    [request] = await chat.requests()
    assert request.kind is RequestKind.CALLBACK
    assert request.status == "bij accountmanager"
    handoff = await chat.handoff()
    queue = "\n".join(o.text for o in await harness.staff(ANOUK, "/wachtrij"))
    assert handoff.reference in queue
    [text] = [t for t in chat.staff_texts(ANOUK) if "Nieuwe vraag" in t]
    assert "Els Kuipers" in text and "0655443322" in text
    assert chat.turns == 3
    chat.assert_nothing_asked_twice()


async def test_funding_question_from_a_stranger_asks_company_name_phone(chat: Chat) -> None:
    await chat.say("hoi krijg ik subsidie voor een heftruckcursus voor mijn personeel?")
    assert chat.labels == ["Ja, graag", "Nee, bedankt"]
    asked = await chat.say("ja graag!")
    assert any("bedrijf" in t.lower() for t in asked), asked
    await chat.say("Smederij Oost", "company")
    await chat.say("Piet Mulder", "name")
    await chat.say("06-55667788", "phone")
    [request] = await chat.requests()
    assert request.intent == "funding" and request.status == "bij accountmanager"
    contact = await chat.contact()
    assert contact.company == "Smederij Oost" and contact.company_id is None
    assert (await chat.handoff()).assignee is None  # not a member: the shared queue
    assert chat.turns == 5
    chat.assert_nothing_asked_twice()
