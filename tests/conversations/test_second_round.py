"""What a second round of play by people who never read the code turned up: swapping the
course, a way out of every question, a person asked for mid-way, a service question in the
middle, withdrawing in words, and details given while waiting."""

from __future__ import annotations

from obm_bot.domain.models import HandoffStatus, RequestKind
from tests.conversations.conftest import Chat
from tests.conversations.desk_answers import (
    ANOUK,
    BART,
    JEROEN,
    JEROEN_DETAILS,
    asked,
    last,
    summary,
)
from tests.integration.conftest import Harness

KNOWN = ("role", *JEROEN_DETAILS)


async def test_the_course_is_swapped_at_the_summary(chat: Chat) -> None:
    await chat.say(f"{JEROEN} eigenaar, vca basis voor 2 man in het weekend", *KNOWN)
    assert "VCA basis" in summary(chat)
    await chat.say("toch niet vca maar bhv")
    text = summary(chat)
    assert "BHV" in text and "VCA" not in text, text
    await chat.press("Klopt, aanvragen")
    [request] = await chat.requests()
    assert request.courses == ["bhv-basis"]
    assert request.entities["participants"] == 2
    assert request.entities["schedule"] == "weekend"
    assert (await chat.handoff()).assignee == ANOUK
    assert chat.turns == 3
    chat.assert_nothing_asked_twice()


async def test_stop_typed_mid_question_quits_and_says_so(chat: Chat) -> None:
    await chat.say("ik zoek een heftruck cursus voor 3 man", "course", "participants")
    assert "schedule" in asked(last(chat))
    reply = await chat.say("stop")
    assert any("niets aangevraagd" in t for t in reply), reply
    assert await chat.requests() == []
    after = await chat.say("wat kost vca vol")  # the desk answers afresh, nothing pending
    assert any("VCA VOL" in t for t in after)
    assert chat.turns == 3
    chat.assert_nothing_asked_twice()


async def test_a_person_asked_for_mid_way_takes_everything_known(chat: Chat) -> None:
    await chat.say("wij zoeken een hoogwerker cursus voor 4 man", "course", "participants")
    assert "schedule" in asked(last(chat))
    await chat.say("ik wil liever even een mens spreken")
    assert {"name", "phone"} <= set(asked(last(chat))), chat.replies[-1]
    recorded = await chat.say("Hengelo Plaatwerk, Sanne Post, 0687654321", "name", "phone")
    assert any("OBM-" in t for t in recorded), recorded
    course, callback = await chat.requests()
    assert course.courses == ["hoogwerker-ipaf"] and course.entities["participants"] == 4
    assert callback.kind is RequestKind.CALLBACK
    contact = await chat.contact()
    assert (contact.name, contact.phone) == ("Sanne Post", "0687654321")
    assert contact.company == "Hengelo Plaatwerk"
    assert (await chat.handoff()).assignee == ANOUK
    assert chat.turns == 3
    chat.assert_nothing_asked_twice()


async def test_a_funding_question_mid_way_is_answered_and_kept(chat: Chat) -> None:
    await chat.say(f"{JEROEN} eigenaar, 3 man voor tig lassen", *KNOWN, "course", "participants")
    assert "schedule" in asked(last(chat))
    replies = await chat.say("kan ik daar subsidie voor krijgen?")
    assert any("OOM" in t for t in replies), replies  # the question asked is answered
    assert "schedule" in asked(replies[-1]) and "subsidie" in replies[-1]
    await chat.press("Overdag", "schedule")
    text = summary(chat)
    assert "TIG lassen staal en RVS" in text and "subsidie" in text.lower()
    await chat.press("Klopt, aanvragen")
    course, funding = await chat.requests()
    assert course.courses == ["tig-lassen-staal-rvs"] and course.entities["schedule"] == "dag"
    assert funding.intent == "funding" and funding.kind is RequestKind.SERVICE
    assert chat.turns == 4
    chat.assert_nothing_asked_twice()


async def test_withdrawing_in_words_while_waiting(chat: Chat, harness: Harness) -> None:
    await chat.say(
        "met Kees Bakker van Van Dam Constructie, 0611112222. vca vol voor 2 man in het"
        " weekend graag",
        "role", "company", "name", "phone", "course", "participants", "schedule",
    )  # fmt: skip
    await chat.press("Klopt, aanvragen")
    await chat.say("laat maar, we hebben al iets anders gevonden")
    assert "Aanvraag intrekken" in chat.labels
    done = await chat.say("nee ik wil het intrekken")
    assert any("ingetrokken" in t for t in done), done
    [request] = await chat.requests()
    assert request.status == "ingetrokken"
    assert (await chat.handoff()).status is HandoffStatus.CANCELLED
    assert any("iets anders gevonden" in t for t in chat.staff_texts(BART))  # the reason
    assert chat.turns == 4


async def test_details_given_while_waiting_reach_the_contact(chat: Chat) -> None:
    await chat.say("ik heb een klacht over de docent van de vca cursus, namens bouwmeester")
    handoff = await chat.handoff()
    assert handoff.assignee == ANOUK
    await chat.say("bel me maar op 06 44455566, mijn naam is Gerrit Vos")
    contact = await chat.contact()
    assert (contact.name, contact.phone) == ("Gerrit Vos", "06 44455566")
    assert any("06 44455566" in t for t in chat.staff_texts(ANOUK))


async def test_a_part_of_a_label_presses_the_one_button_it_names(chat: Chat) -> None:
    await chat.say("eigenaar hier, 2 man voor een cnc cursus", "role", "participants")
    assert "course" in asked(last(chat)), chat.replies[-1]
    labels = [label for label in chat.labels if "frezen" in label.lower()]
    assert len(labels) == 1, chat.labels
    await chat.say("frezen", "course")
    assert "course" not in asked(last(chat)), chat.replies[-1]
    assert labels[0] in "\n".join(chat.replies[-1:])


async def test_a_schools_practical_lessons_are_one_service_request(chat: Chat) -> None:
    await chat.say(
        "goedemiddag, ik ben techniekdocent op het vmbo en zoek praktijkles lassen voor een klas"
        " van 20 leerlingen",
        "role", "participants",
    )  # fmt: skip
    assert chat.labels == ["Ja, graag", "Nee, bedankt"], chat.labels  # no course list
    await chat.say("ja graag")
    assert {"company", "name", "phone"} <= set(asked(last(chat))), last(chat)
    recorded = await chat.say(
        "Het Twents College, Marieke Jansen, 074-1234567", "company", "name", "phone"
    )
    assert any("OBM-" in t for t in recorded), recorded
    [request] = await chat.requests()
    assert request.intent == "school_services" and request.courses == []
    assert request.entities["participants"] == 20
    assert request.entities["names"] == []  # the teacher and the school are no participants
    contact = await chat.contact()
    assert (contact.company, contact.name) == ("Het Twents College", "Marieke Jansen")
    assert chat.turns == 3
    chat.assert_nothing_asked_twice()
