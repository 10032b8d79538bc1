"""Answers from the dated, sourced facts in knowledge/ (issue 16), played as a customer."""

from __future__ import annotations

from tests.conversations.conftest import Chat
from tests.conversations.desk_answers import ANOUK


async def test_what_do_i_get_back_is_computed_from_the_scheme_and_the_course(chat: Chat) -> None:
    await chat.say("Bouwmeester Metaal, wij willen 3 man op mig mag lassen basis", "company")
    refund = await chat.say("wat krijg ik daarvan terug voor 3 man?")
    text = refund[0]
    assert "50% van € 950 = € 475 per persoon" in text, refund
    assert "voor 3 personen € 1.425" in text and "vóór de start via mijnoom.nl" in text
    before = await chat.say("moet dat vooraf?")
    assert "vraagt aan vóór de start van de cursus" in before[0], before
    source = await chat.say("bron?")
    assert "Bron: https://" in source[0] and "gecontroleerd op" in source[0], source


async def test_facts_on_their_own_and_never_the_same_paragraph_twice(chat: Chat) -> None:
    stap = await chat.say("bestaat het stap budget nog?")
    assert "op 1 januari 2024 gestopt" in stap[-1], stap
    vca = await chat.say("hoe lang is mijn vca geldig?")
    assert "10 jaar geldig" in vca[0], vca
    weld = await chat.say("wanneer moet ik mijn lasproef verlengen?")
    assert "elke 6 maanden" in weld[0], weld
    evc = await chat.say("hoe lang duurt evc?")
    assert "ongeveer drie maanden" in evc[0], evc
    again = await chat.say("hoe lang duurt evc?")
    assert again[0] != evc[0]  # the identical paragraph is not sent twice in a row


async def test_the_notice_lists_the_facts_the_customer_was_told(chat: Chat) -> None:
    await chat.say("Jeroen de Wit, Bouwmeester Metaal, 0612345678", "company", "name", "phone")
    await chat.say("wij willen 2 man op vca basis, overdag", "course", "participants", "schedule")
    await chat.say("wat krijg ik daarvan terug?")
    await chat.press("Klopt, aanvragen")
    notice = next(t for t in chat.staff_texts(ANOUK) if "Nieuwe vraag" in t)
    assert "Al verteld (knowledge/): oom-ptt" in notice, notice


async def test_a_metalektro_company_hears_of_its_own_fund(chat: Chat) -> None:
    await chat.say("Van Dam Constructie, wij zoeken tig lassen voor 2 man", "company")
    refund = await chat.say("hoeveel subsidie krijgen we daarvoor?")
    # A+O's 90% is for digital skills: no sum is worked out for a welding course.
    assert refund[0].startswith("A+O Metalektro vergoedt bijvoorbeeld 90%"), refund
    assert "Of TIG lassen" in refund[0] and "zoeken wij graag voor u uit" in refund[0]
    assert "OOM" not in refund[0] and "per persoon" not in refund[0]


async def test_a_company_not_in_the_config_is_asked_its_size_once(chat: Chat) -> None:
    await chat.say("Smit Staalbouw hier, wij zoeken vca basis voor 3 man", "company")
    refund = await chat.say("wat krijg ik daarvan terug?")
    assert "Met de OOM-PTT krijgt u 50%" in refund[0], refund
    assert refund[0].endswith("Hoeveel mensen werken er bij u?")
    assert len(refund) == 1  # one question at a time: the open one waits
    sized = await chat.say("we zijn met 45 man")
    assert sized[0].startswith("Dan valt uw bedrijf onder A+O Metalektro."), sized
    tracker = await chat.tracker()
    assert tracker.profile.staff == 45
    assert tracker.items[0].participants == 3  # the staff size is not the group


async def test_a_small_company_keeps_the_oom_sum_in_one_line(chat: Chat) -> None:
    await chat.say("Smit Staalbouw hier, wij zoeken vca basis voor 3 man", "company")
    await chat.say("wat krijg ik daarvan terug?")
    sized = await chat.say("12")
    assert sized[0] == (
        "Dan valt uw bedrijf onder de cao Metaal & Techniek en OOM, dus de OOM-PTT hierboven"
        " geldt: € 125 per persoon, € 375 voor 3 personen."
    ), sized
    assert (await chat.tracker()).items[0].participants == 3


async def test_questions_are_answered_while_a_person_holds_the_case(chat: Chat) -> None:
    await chat.say(
        "ik wil een klacht indienen, de docent kwam niet opdagen bij de vca cursus."
        " Piet Jansen, Bouwmeester Metaal, 0687654321",
        "company", "name", "phone",
    )  # fmt: skip
    before = len(chat.staff_texts(ANOUK))
    price = await chat.say("ok en wat kost vol vca voor 3 man in enschede?")
    assert any("voor 3 deelnemers € 1.245" in t for t in price), price
    assert chat.labels == ["Niet meer wachten"]  # no request buttons while waiting
    relayed = chat.staff_texts(ANOUK)[before:]
    assert any("wat kost vol vca voor 3 man" in t for t in relayed), relayed


async def test_bron_after_the_funding_answer_and_the_offer_in_one_line(chat: Chat) -> None:
    await chat.say("kan ik subsidie krijgen voor een cursus?")
    sources = await chat.say("bron?")
    assert sources[0].count("Bron: https://") == 4, sources
    assert sources[-1] == "Zullen wij dit voor u regelen?"  # not the whole paragraph again


async def test_a_typed_button_label_is_no_school_name(chat: Chat) -> None:
    await chat.say("wij zijn een school en zoeken praktijklessen voor 20 leerlingen", "role")
    await chat.press("Ja, graag")
    await chat.say("Klopt, aanvragen")
    assert (await chat.contact()).company != "Klopt, aanvragen"
