"""Sixth play-test round (2026-12-01): what a naive tester tripped over, played again."""

from __future__ import annotations

from obm_bot.domain.models import RequestKind
from tests.conversations.conftest import Chat


async def test_asking_for_a_person_mid_form_hands_over_and_keeps_the_count(chat: Chat) -> None:
    await chat.say("ik zoek een cursus hydrauliek voor 2 man", "course", "participants")
    replies = await chat.say("kan ik een medewerker spreken?")
    assert not any("Genoteerd: 1 persoon" in r for r in replies), replies
    await chat.say("Bouwmeester Metaal, Jan Smit, 0612345678", "company", "name", "phone")
    requests = await chat.requests()
    kinds = {r.kind for r in requests}
    assert RequestKind.CALLBACK in kinds, requests
    tracker = await chat.tracker()
    assert all(item.participants in (2, None) for item in tracker.items)


async def test_yes_typed_after_forget_deletes(chat: Chat) -> None:
    await chat.say("ik zoek vca voor 2 man")
    await chat.say("/vergeet")
    done = await chat.say("ja")
    assert done[-1].startswith("Klaar: uw gegevens en het gesprek zijn verwijderd"), done


async def test_a_day_ruled_out_is_not_the_day_wished(chat: Chat) -> None:
    await chat.say("kantbank cursus voor 2 man, liefst niet op vrijdag")
    tracker = await chat.tracker()
    assert tracker.items[0].period == "niet vrijdag", tracker.items


async def test_a_bare_question_mark_gets_the_menu(chat: Chat) -> None:
    replies = await chat.say("?")
    assert not any("niet mee helpen" in r for r in replies), replies
    assert "Cursus zoeken" in chat.labels


async def test_an_insult_is_not_a_priority_complaint(chat: Chat) -> None:
    await chat.say("jij bent echt een waardeloze kutbot")
    assert await chat.requests() == []
    assert chat.labels == ["Ja, graag", "Nee, bedankt"]  # the offer of a person


async def test_money_back_after_a_cancellation_is_no_subsidy_question(chat: Chat) -> None:
    replies = await chat.say("mijn cursus is geannuleerd, krijg ik mijn geld terug?")
    assert not any("OOM Persoonlijke Trainingstoelage" in r for r in replies), replies


async def test_said_it_already_is_nobodys_name(chat: Chat) -> None:
    await chat.say("ik wil mij aanmelden voor de vca, overdag")
    await chat.say("Metaalbouw Enter, pieter de groot")
    await chat.say("ik zei het net al")
    assert (await chat.tracker()).profile.name != "Ik zei het net al"


async def test_evening_and_place_asked_before_a_request_rank_the_list(chat: Chat) -> None:
    replies = await chat.say("mig mag lassen in de avond in hengelo")
    assert any("Geen avondcursus binnen 50 km van Hengelo" in r for r in replies), replies


async def test_two_courses_each_with_its_own_count(chat: Chat) -> None:
    await chat.say("ik wil vca voor 2 man en ook bhv voor 3")
    tracker = await chat.tracker()
    assert [i.participants for i in tracker.items] == [2, 3], tracker.items


async def test_the_cheapest_is_chosen_by_its_price(chat: Chat) -> None:
    await chat.say("wij zoeken vca basis voor 3 man, Bouwmeester Metaal")
    picked = await chat.say("doe maar de goedkoopste")
    assert picked[0].startswith("Genoteerd: Stichting ROC"), picked
    item = (await chat.tracker()).items[0]
    assert item.picked and item.offering is not None


async def test_what_membership_costs_is_answered_mid_request(chat: Chat) -> None:
    await chat.say("ik zoek nen 3140 voor 2 man")
    fee = await chat.say("wat kost het lidmaatschap van het obm?")
    assert fee[0] == "Het deelnemerschap kost € 250 per jaar (voorbeeldbedrag).", fee
    assert chat.labels[0].startswith("NEN 3140")  # the course question is still open


async def test_a_teacher_naming_the_school_is_not_asked_for_it_again(chat: Chat) -> None:
    await chat.say(
        "ik ben docent bij ROC van Twente, we zoeken praktijklessen lassen voor 20 studenten"
    )
    asked = await chat.say("ja graag")
    assert "school" not in asked[-1].lower() and "bedrijf" not in asked[-1], asked
    assert (await chat.tracker()).profile.company == "ROC van Twente"
