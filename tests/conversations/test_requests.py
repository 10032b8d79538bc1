"""Course requests as busy people type them: everything at once, step by step, answers with
extra words, the role inferred, typed buttons, several requests at once, and saying no."""

from __future__ import annotations

import pytest

from tests.conversations.conftest import Chat
from tests.conversations.desk_answers import (
    ANOUK,
    BART,
    JEROEN,
    JEROEN_DETAILS,
    NOTHING_RECORDED,
    answer_until_summary,
    asked,
    last,
    summary,
)

EVERYTHING = ("role", "company", "name", "phone", "participants", "schedule", "course")


# --- 1. everything in one message: the message and "Klopt, aanvragen" ---------------------------


async def test_member_van_dam_everything_at_once_goes_to_bart(chat: Chat) -> None:
    await chat.say(
        "Goedemiddag, met Henk Bos van Van Dam Constructie. graag Sem en Daan inschrijven voor"
        " vca vol, in het weekend in Hengelo bij smeot. bel me op 0612345678",
        *EVERYTHING,
    )
    text = summary(chat)
    assert "VCA VOL" in text and "Sem" in text and "Daan" in text
    await chat.press("Klopt, aanvragen")
    [request] = await chat.requests()
    assert request.courses == ["vca-vol"]
    assert request.entities["offering"] == "smeot-vca-vol"
    assert request.entities["provider"] == "smeot"
    assert request.entities["participants"] == 2
    assert request.entities["names"] == ["Sem", "Daan"]
    assert request.entities["schedule"] == "weekend"
    assert request.entities["place"] == "Hengelo"
    contact = await chat.contact()
    assert (contact.name, contact.company, contact.phone) == (
        "Henk Bos", "Van Dam Constructie", "0612345678",
    )  # fmt: skip
    assert contact.company_id is not None
    assert (await chat.handoff()).assignee == BART
    assert chat.turns == 2
    chat.assert_nothing_asked_twice()
    chat.record_turns("everything at once: Van Dam, vca vol")


async def test_non_member_everything_at_once_goes_to_the_shared_queue(chat: Chat) -> None:
    await chat.say(
        "hoi met karin smits van smederij jansen, ik wil 3 man aanmelden voor heftruck overdag"
        " in barendrecht bij zadkine. mijn nummer 0687654321",
        *EVERYTHING,
    )
    await chat.press("Klopt, aanvragen")
    [request] = await chat.requests()
    assert request.courses == ["heftruck"]
    assert request.entities["offering"] == "zadkine-heftruck"
    assert request.entities["provider"] == "zadkine"
    assert request.entities["participants"] == 3
    assert request.entities["schedule"] == "dag"
    assert request.entities["place"] == "Barendrecht"
    contact = await chat.contact()
    assert contact.company is not None and contact.company.lower() == "smederij jansen"
    assert contact.company_id is None
    assert contact.name == "Karin Smits" and contact.phone == "0687654321"
    assert (await chat.handoff()).assignee is None
    assert chat.turns == 2
    chat.assert_nothing_asked_twice()
    chat.record_turns("everything at once: non-member, heftruck")


async def test_alias_in_lower_case_everything_at_once_goes_to_anouk(chat: Chat) -> None:
    await chat.say(
        "goeiemorgen ik ben Mieke Jansen van hpw, wil Bas en Luuk opgeven voor cnc frezen"
        " overdag in almelo bij stodt tel 06 23456789",
        *EVERYTHING,
    )
    await chat.say("Klopt, aanvragen")  # the label typed instead of pressed
    [request] = await chat.requests()
    assert request.courses == ["cnc-frezen-basis"]
    assert request.entities["offering"] == "stodt-cnc-frezen-basis"
    assert request.entities["provider"] == "stodt"
    assert request.entities["participants"] == 2
    assert request.entities["names"] == ["Bas", "Luuk"]
    assert request.entities["schedule"] == "dag"
    assert request.entities["place"] == "Almelo"
    contact = await chat.contact()
    assert (contact.name, contact.company) == ("Mieke Jansen", "Hengelo Plaatwerk")
    assert contact.company_id is not None
    assert (await chat.handoff()).assignee == ANOUK
    assert chat.turns == 2
    chat.assert_nothing_asked_twice()
    chat.record_turns("everything at once: hpw, cnc frezen, typed label")


@pytest.mark.parametrize("yes", ["ja graag", "ok", "doe maar", "Ja, klopt!"])
async def test_a_typed_yes_at_the_summary_records(chat: Chat, yes: str) -> None:
    await chat.say(
        f"{JEROEN} eigenaar hier. Bram en Ties willen tig lassen in de avond bij smeot",
        *EVERYTHING,
    )
    summary(chat)
    await chat.say(yes)
    [request] = await chat.requests()
    assert request.courses == ["tig-lassen-staal-rvs"]
    assert request.entities["offering"] == "smeot-tig-lassen-staal-rvs-avond"
    assert request.entities["names"] == ["Bram", "Ties"]
    assert request.entities["participants"] == 2
    assert request.entities["schedule"] == "avond"
    assert (await chat.handoff()).assignee == ANOUK
    assert chat.turns == 2
    chat.assert_nothing_asked_twice()


# --- 2. a typical request: the rest given one answer at a time -----------------------------------


async def test_typical_request_reaches_the_reference_in_four_turns(chat: Chat) -> None:
    await chat.say("hoi ik zoek een cursus tig lassen voor 3 man", "course", "participants")
    await answer_until_summary(
        chat,
        {
            "schedule": "savonds",
            "company": "bouwmeester metaal",
            "name": "Jeroen de Wit",
            "phone": "06 12345678",
        },
    )
    await chat.press("Klopt, aanvragen")
    chat.record_turns("typical request: course and people given, the rest asked")
    [request] = await chat.requests()
    assert request.courses == ["tig-lassen-staal-rvs"]
    assert request.entities["participants"] == 3
    assert request.entities["schedule"] == "avond"
    assert request.entities["offering"] == "smeot-tig-lassen-staal-rvs-avond"
    contact = await chat.contact()
    assert (contact.company, contact.name) == ("Bouwmeester Metaal", "Jeroen de Wit")
    assert (await chat.handoff()).assignee == ANOUK
    chat.assert_nothing_asked_twice()
    assert chat.turns <= 4, f"{chat.turns} turns to the reference"


# --- 3. answers with extra words are answers ------------------------------------------------------


async def test_answers_with_extra_words_non_member_owner(chat: Chat) -> None:
    await chat.say(
        "eigenaar hier van metaalbedrijf Kok, ik zoek een heftruck cursus", "role", "company"
    )
    assert "participants" in asked(last(chat)), chat.replies
    await chat.say("3 zei ik toch al", "participants")
    assert "schedule" in asked(last(chat)), chat.replies
    await chat.press("Overdag", "schedule")
    await answer_until_summary(chat, {"name": "piet kok", "phone": "06-12345678 (mobiel)"})
    text = summary(chat)
    assert "Aantal personen: 3" in text and "06-12345678" in text
    await chat.press("Klopt, aanvragen")
    [request] = await chat.requests()
    assert request.courses == ["heftruck"]
    assert request.entities["participants"] == 3
    assert request.entities["schedule"] == "dag"
    contact = await chat.contact()
    assert contact.role is not None and contact.role.value == "werkgever"
    assert contact.company == "metaalbedrijf Kok" and contact.company_id is None
    assert contact.phone == "06-12345678"
    assert contact.name is not None and contact.name.lower() == "piet kok"
    assert (await chat.handoff()).assignee is None
    chat.assert_nothing_asked_twice()
    assert chat.turns == 5


async def test_member_company_answer_with_extra_words(chat: Chat) -> None:
    await chat.say("goedemiddag, ik wil Bram en Ties aanmelden voor tig lassen in de avond")
    chat.knows("role", "participants", "schedule", "course")
    await answer_until_summary(
        chat,
        {
            "company": "Bouwmeester Metaal. staat er toch",
            "name": "Jeroen de Wit",
            "phone": "0612345678",
        },
    )
    assert "Bedrijf: Bouwmeester Metaal\n" in summary(chat)
    await chat.press("Klopt, aanvragen")
    [request] = await chat.requests()
    assert request.courses == ["tig-lassen-staal-rvs"]
    assert request.entities["names"] == ["Bram", "Ties"]
    assert request.entities["schedule"] == "avond"
    contact = await chat.contact()
    assert contact.company == "Bouwmeester Metaal" and contact.company_id is not None
    assert (await chat.handoff()).assignee == ANOUK
    chat.assert_nothing_asked_twice()
    assert chat.turns == 3


# --- 4. the role is inferred, not asked -----------------------------------------------------------


async def test_fourteen_in_service_is_an_employer_not_fourteen_participants(chat: Chat) -> None:
    await chat.say("wij hebben 14 man in dienst en zoeken vca vol", "role", "course")
    assert "role" not in asked(last(chat))
    assert "participants" in asked(last(chat)), (
        f"14 in service taken as participants: {chat.replies}"
    )
    await chat.say("twee, Bram en Ties", "participants")
    await answer_until_summary(
        chat,
        {
            "schedule": "weekend",
            "company": "van dam constructie, had ik al gezegd",
            "name": "Kees Smit",
            "phone": "0611112222",
        },
    )
    text = summary(chat)
    assert "Bedrijf: Van Dam Constructie" in text
    await chat.press("Klopt, aanvragen")
    [request] = await chat.requests()
    assert request.courses == ["vca-vol"]
    assert request.entities["participants"] == 2
    assert request.entities["names"] == ["Bram", "Ties"]
    assert request.entities["schedule"] == "weekend"
    contact = await chat.contact()
    assert contact.role is not None and contact.role.value == "werkgever"
    assert contact.company == "Van Dam Constructie" and contact.company_id is not None
    assert (await chat.handoff()).assignee == BART
    chat.assert_nothing_asked_twice()
    assert chat.turns == 5


async def test_an_employee_signs_himself_up_without_role_or_count_questions(chat: Chat) -> None:
    await chat.say(
        "ik werk als lasser bij Van Dam Constructie en wil zelf een heftruck cursus doen,"
        " liefst overdag",
        "role", "company", "course", "schedule", "participants",
    )  # fmt: skip
    await answer_until_summary(chat, {"name": "Sven de Boer", "phone": "0613579246"})
    await chat.press("Klopt, aanvragen")
    [request] = await chat.requests()
    assert request.courses == ["heftruck"]
    assert request.entities["participants"] == 1
    assert request.entities["schedule"] == "dag"
    contact = await chat.contact()
    assert contact.role is not None and contact.role.value == "werknemer"
    assert contact.company == "Van Dam Constructie"
    assert (await chat.handoff()).assignee == BART
    chat.assert_nothing_asked_twice()
    assert chat.turns == 3


async def test_signing_up_named_colleagues_makes_an_employer(chat: Chat) -> None:
    await chat.say(
        "hallo, ik wil mijn collega's Tim en Joris aanmelden voor bhv basis",
        "role", "participants", "course",
    )  # fmt: skip
    await answer_until_summary(
        chat,
        {
            "schedule": "weekend",
            "company": "hpw",
            "name": "Anja Mulder",
            "phone": "074-2345678",
        },
    )
    assert "Tim" in summary(chat) and "Joris" in summary(chat)
    await chat.press("Klopt, aanvragen")
    [request] = await chat.requests()
    assert request.courses == ["bhv-basis"]
    assert request.entities["names"] == ["Tim", "Joris"]
    assert request.entities["participants"] == 2
    assert request.entities["schedule"] == "weekend"
    assert request.entities["offering"] == "roc-van-twente-bhv-basis"
    contact = await chat.contact()
    assert contact.role is not None and contact.role.value == "werkgever"
    assert contact.company == "Hengelo Plaatwerk"
    assert (await chat.handoff()).assignee == ANOUK
    chat.assert_nothing_asked_twice()
    assert chat.turns == 4


# --- 7. typed buttons and bare numbers ------------------------------------------------------------


async def test_a_number_picks_from_the_course_list_and_then_counts_people(chat: Chat) -> None:
    await chat.say(f"{JEROEN} eigenaar, ik zoek een lascursus", "role", *JEROEN_DETAILS)
    assert chat.labels[1] == "TIG lassen staal en RVS", chat.labels
    await chat.say("2", "course")
    assert "participants" in asked(last(chat)), chat.replies
    await chat.say("4", "participants")
    assert "schedule" in asked(last(chat)), chat.replies
    await chat.press("Overdag", "schedule")
    text = summary(chat)
    assert "TIG lassen staal en RVS" in text and "Aantal personen: 4" in text
    await chat.press("Klopt, aanvragen")
    [request] = await chat.requests()
    assert request.courses == ["tig-lassen-staal-rvs"]
    assert request.entities["participants"] == 4
    assert request.entities["schedule"] == "dag"
    chat.assert_nothing_asked_twice()
    assert chat.turns == 5


async def test_a_number_without_buttons_is_no_choice_from_an_old_list(chat: Chat) -> None:
    await chat.say("eigenaar hier, ik zoek een lascursus voor 3 man", "role", "participants")
    await chat.press("TIG lassen staal en RVS", "course")
    await chat.press("’s Avonds", "schedule")
    assert "company" in asked(last(chat)), chat.replies  # a question without buttons
    await chat.say("2")
    assert "company" in asked(last(chat)), f"2 was no company: {chat.replies[-2:]}"
    await chat.say("Bouwmeester", "company")
    await answer_until_summary(chat, {"name": "Jeroen de Wit", "phone": "0612345678"})
    text = summary(chat)
    assert "TIG lassen staal en RVS" in text and "Aantal personen: 3" in text
    await chat.press("Klopt, aanvragen")
    [request] = await chat.requests()
    assert request.courses == ["tig-lassen-staal-rvs"]
    assert request.entities["participants"] == 3
    assert request.entities["schedule"] == "avond"
    assert (await chat.contact()).company == "Bouwmeester Metaal"
    chat.assert_nothing_asked_twice()
    assert chat.turns == 7


# --- 8. several requests at once ------------------------------------------------------------------


async def test_two_courses_in_one_message_one_confirmation(chat: Chat) -> None:
    await chat.say(
        f"{JEROEN} eigenaar. 2 man voor heftruck en 3 man voor vca vol, allebei in het weekend",
        "role", *JEROEN_DETAILS, "course", "participants", "schedule",
    )  # fmt: skip
    text = summary(chat)
    assert "Heftruck" in text and "VCA VOL" in text
    await chat.press("Klopt, aanvragen")
    requests = await chat.requests()
    by_course = {tuple(r.courses): r for r in requests}
    assert set(by_course) == {("heftruck",), ("vca-vol",)}, [r.courses for r in requests]
    assert by_course[("heftruck",)].entities["participants"] == 2
    assert by_course[("vca-vol",)].entities["participants"] == 3
    assert by_course[("vca-vol",)].entities["schedule"] == "weekend"
    assert by_course[("vca-vol",)].entities["offering"] == "smeot-vca-vol"
    assert (await chat.handoff()).assignee == ANOUK
    chat.assert_nothing_asked_twice()
    assert chat.turns == 2


async def test_a_course_and_a_funding_question_are_both_kept(chat: Chat) -> None:
    await chat.say(
        f"{JEROEN} eigenaar. 2 man voor vca vol in het weekend, kan ik daar subsidie voor krijgen?",
        "role", *JEROEN_DETAILS, "course", "participants", "schedule",
    )  # fmt: skip
    assert "OOM" in "\n".join(chat.replies), "the funding question is answered"
    if "Ja, graag" in chat.labels:  # the desk may offer to arrange the funding first
        await chat.press("Ja, graag")
    text = summary(chat)
    assert "VCA VOL" in text and "subsidie" in text.lower()
    await chat.press("Klopt, aanvragen")
    requests = await chat.requests()
    courses = [r for r in requests if r.courses == ["vca-vol"]]
    funding = [r for r in requests if r.intent == "funding"]
    assert len(courses) == 1 and len(funding) == 1, [(r.intent, r.courses) for r in requests]
    assert courses[0].entities["participants"] == 2
    assert courses[0].entities["schedule"] == "weekend"
    chat.assert_nothing_asked_twice()
    assert chat.turns <= 3


async def test_a_new_course_mid_question_is_added_and_the_question_asked_again(
    chat: Chat,
) -> None:
    await chat.say(f"{JEROEN} eigenaar, tig lassen voor 3 man", "role", *JEROEN_DETAILS)
    assert "schedule" in asked(last(chat)), chat.replies
    await chat.say("o en ook nog bhv basis voor 2 man")
    text = last(chat)
    assert "Ik noteer ook BHV basis" in text, chat.replies[-2:]
    assert "schedule" in asked(text) and "TIG lassen" in text
    await chat.press("’s Avonds")
    assert "schedule" in asked(last(chat)) and "BHV basis" in last(chat), chat.replies[-2:]
    await chat.press("Weekend")
    text = summary(chat)
    assert "TIG lassen staal en RVS" in text and "BHV basis" in text
    await chat.press("Klopt, aanvragen")
    requests = await chat.requests()
    by_course = {tuple(r.courses): r for r in requests}
    assert set(by_course) == {("tig-lassen-staal-rvs",), ("bhv-basis",)}
    tig, bhv = by_course[("tig-lassen-staal-rvs",)], by_course[("bhv-basis",)]
    assert (tig.entities["participants"], tig.entities["schedule"]) == (3, "avond")
    assert (bhv.entities["participants"], bhv.entities["schedule"]) == (2, "weekend")
    assert bhv.entities["offering"] == "roc-van-twente-bhv-basis"
    chat.assert_nothing_asked_twice()
    assert chat.turns == 5


# --- 9. saying no records nothing, and says so ---------------------------------------------------


@pytest.mark.parametrize("no", ["!Iets anders", "nee", "nee hoor, geen van allen"])
async def test_no_course_from_the_list_records_nothing(chat: Chat, no: str) -> None:
    await chat.say(f"{JEROEN} ik zoek een lascursus voor 2 man", *JEROEN_DETAILS)
    assert "Iets anders" in chat.labels, chat.labels
    if no.startswith("!"):
        await chat.press(no[1:])
    else:
        await chat.say(no)
    assert NOTHING_RECORDED.search(last(chat)), f"does not say nothing was recorded: {last(chat)!r}"
    assert await chat.requests() == []
    chat.assert_nothing_asked_twice()
    assert chat.turns == 2


async def test_cancel_at_the_summary_records_nothing(chat: Chat) -> None:
    await chat.say(f"{JEROEN} eigenaar, 3 man voor tig lassen in de avond bij smeot", *EVERYTHING)
    summary(chat)
    await chat.press("Annuleren")
    assert NOTHING_RECORDED.search(last(chat)), last(chat)
    assert await chat.requests() == []
    assert "Klopt dit?" not in last(chat)
    chat.assert_nothing_asked_twice()
    assert chat.turns == 2
