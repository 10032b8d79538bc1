"""Answers from the catalogue, in the context of what was shown (issue 14).

What the customers of the issue wrote, played through the real engine: offerings ranked by
the schedule and the distance asked for, an honest "nothing nearby", follow-up questions
about what was shown, and providers side by side. The fake clock stands on 1 Dec 2026.
"""

from __future__ import annotations

from tests.conversations.conftest import Chat
from tests.conversations.desk_answers import asked

EVENING_ENSCHEDE = "hebben jullie een mig mag cursus in de avond? we zitten in enschede"


def _offerings(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip().startswith("•")]


async def test_evening_near_enschede_ranks_by_fit_and_says_nothing_fits(chat: Chat) -> None:
    replies = await chat.say(EVENING_ENSCHEDE, "course")
    listing = next(t for t in replies if "MIG/MAG lassen basis" in t)
    assert "Geen avondcursus binnen 50 km van Enschede; de dichtstbijzijnde:" in listing
    rows = _offerings(listing)
    assert rows[0].startswith("• SMEOT") and "Hengelo (9 km)" in rows[0], rows
    # The evening course of the same kind nearby is named, with its distance.
    assert "Wel ’s avonds in de buurt: MIG/MAG lassen gevorderd bij STODT" in listing
    assert "Almelo (22 km)" in listing
    assert "participants" in asked(replies[-1])
    [item] = (await chat.tracker()).items
    assert (item.course, item.schedule, item.place) == ("mig-mag-lassen-basis", "avond", "Enschede")


async def test_follow_ups_answer_from_what_was_shown(chat: Chat) -> None:
    await chat.say(EVENING_ENSCHEDE, "course")
    price = await chat.say("wat kost die in almelo eigenlijk per persoon?")
    # "die in Almelo" is the evening course in Almelo just shown, not a new wish.
    assert price[0].startswith("MIG/MAG lassen gevorderd:"), price
    assert "STODT Toekomsttechniek, Almelo (22 km)" in price[0]
    assert "€ 1.325 per persoon excl. btw" in price[0]
    assert "Met hoeveel personen" in price[-1]  # the open question follows
    dates = await chat.say("wanneer nog meer?")
    assert "start 27 jan 2027, 12 jul 2027" in dates[0], dates
    total = await chat.say("en wat kost dat voor 3 man?")
    assert "voor 3 deelnemers € 3.975 excl. btw" in total[0], total
    [item] = (await chat.tracker()).items
    assert item.place == "Enschede"  # the questions changed nothing of the request
    assert chat.turns == 4


async def test_an_ordinal_and_the_language_of_instruction(chat: Chat) -> None:
    listing = await chat.say("wat kost vca?")
    rows = _offerings(listing[-1])
    assert sum("les in het Engels" in r for r in rows) == 2, rows
    second = await chat.say("is de tweede in het engels?")
    assert _offerings(second[0]) == [
        "• Tetrix bedrijfsopleidingen, Zaandam (143 km): overdag, les in het Engels"
    ], second  # nearest to the OBM (Enschede) first
    cheapest = await chat.say("en welke is het goedkoopst?")
    assert cheapest[0].startswith("Het voordeligst is VCA basis (B-VCA) hier:"), cheapest
    assert "€ 250 per persoon" in cheapest[0]


async def test_two_providers_side_by_side_and_where_neither_offers_it(chat: Chat) -> None:
    replies = await chat.say("heftruck bij SMEOT of STODT?")
    assert "SMEOT en STODT Toekomsttechniek bieden Heftruck niet aan; wel:" in replies[-1]
    assert _offerings(replies[-1]), replies
    again = await chat.say("en vca bij zadkine of albeda, wat is goedkoper?")
    assert "ROC Albeda" in again[0] and "€ 275" in again[0], again


async def test_the_difference_between_two_courses(chat: Chat) -> None:
    replies = await chat.say("wat is het verschil tussen mig mag basis en mig mag gevorderd?")
    text = replies[-1]
    assert "MIG/MAG lassen basis (beginner): vooropleiding geen" in text, text
    assert "MIG/MAG lassen gevorderd: vooropleiding MIG/MAG lassen basis" in text, text


async def test_a_member_company_is_measured_from_its_own_place(chat: Chat) -> None:
    await chat.say("Jeroen de Wit van Bouwmeester Metaal hier", "company", "name")
    replies = await chat.say("wat kost een lasproef?")
    rows = _offerings(replies[0])
    assert "SMEOT, Hengelo (9 km)" in rows[0], rows  # Bouwmeester sits in Enschede
    assert "€ 650 per persoon" in rows[0]


async def test_an_offering_is_chosen_from_the_list_and_kept(chat: Chat) -> None:
    await chat.say("bhv herhaling voor 5 man in almelo", "course", "participants")
    chosen = await chat.say("ok doe maar de eerste", "schedule")
    assert chosen[0].startswith("Genoteerd: SMEOT"), chosen
    summary = await chat.say("Bouwmeester Metaal, jan de vries, 0612345678", "company", "name")
    assert "SMEOT (Stichting Metaal Elektro Opleidingen Twente), Hengelo" in summary[-1]
    await chat.press("Klopt, aanvragen")
    [request] = await chat.requests()
    assert request.courses == ["bhv-herhaling"]
    assert request.entities["offering"] == "smeot-bhv-herhaling"
    assert request.entities["schedule"] == "avond" and request.entities["participants"] == 5
    assert chat.turns == 4
    chat.assert_nothing_asked_twice()


async def test_without_a_place_the_obm_own_region_comes_first(chat: Chat) -> None:
    listing = await chat.say("wij zoeken vca basis voor 3 man")
    text = listing[-1]
    # obm.example.toml: the OBM sits in Enschede; nothing within 50 km, so nearest first.
    assert "Geen cursus in de regio Twente (binnen 50 km van Enschede)" in text, listing
    rows = _offerings(text)
    assert rows[0].startswith("• Stichting ROC, praktijkcentrum metaal Cuijk, Nijmegen (83 km)")
