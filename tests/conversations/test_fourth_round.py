"""What a fourth round of play turned up: request words are no course, a correction that
names one of two courses lands on that course, a label inside a short message presses it,
and "en 1 voor bhv" counts one."""

from __future__ import annotations

from obm_bot.domain.models import RequestKind
from tests.conversations.conftest import Chat
from tests.conversations.desk_answers import ANOUK, JEROEN, JEROEN_DETAILS, asked, last, summary

KNOWN = ("role", *JEROEN_DETAILS)


async def test_inschrijven_and_offerte_name_no_course(chat: Chat) -> None:
    await chat.say(f"{JEROEN} graag vca basis, inschrijven voor 2 jongens van ons", *KNOWN)
    chat.knows("course", "participants")
    await chat.say("nee eerst een offerte graag, nog niet inschrijven")
    replies = "\n".join(chat.replies)
    assert "Nederlands schrijven" not in replies and "Offertes maken" not in replies, replies
    while "schedule" in asked(last(chat)):
        await chat.press("Maakt niet uit", "schedule")
    summary(chat)
    await chat.press("Klopt, aanvragen")
    [request] = await chat.requests()
    assert request.courses == ["vca-basis"] and request.entities["participants"] == 2
    chat.assert_nothing_asked_twice()


async def test_a_correction_naming_one_of_two_courses_lands_there(chat: Chat) -> None:
    await chat.say(
        f"{JEROEN} eigenaar. 2 man voor heftruck en 1 voor bhv basis, allebei overdag",
        *KNOWN, "course", "participants", "schedule",
    )  # fmt: skip
    assert "Aantal personen: 1" in summary(chat)  # "en 1 voor bhv basis" counts one
    await chat.say("heftruck worden er 3")
    text = summary(chat)
    forklift, first_aid = text.split("• Inschrijving: BHV")
    assert "Aantal personen: 3" in forklift and "Aantal personen: 1" in first_aid, text
    await chat.press("Klopt, aanvragen")
    by_course = {tuple(r.courses): r for r in await chat.requests()}
    assert by_course[("heftruck",)].entities["participants"] == 3
    assert by_course[("bhv-basis",)].entities["participants"] == 1
    assert (await chat.handoff()).assignee == ANOUK
    assert chat.turns == 3
    chat.assert_nothing_asked_twice()


async def test_a_label_inside_a_short_message_presses_it(chat: Chat) -> None:
    await chat.say("wat kost de heftruck cursus")
    assert "Aanmelden" in chat.labels
    await chat.say("ja aanmelden")
    assert "Daar heb ik geen passende cursus" not in "\n".join(chat.replies)
    assert "course" not in asked(last(chat)), chat.replies[-1]
    await chat.say(f"{JEROEN} eigenaar", *KNOWN)
    await chat.say("2", "participants")
    while "schedule" in asked(last(chat)):
        await chat.press("Maakt niet uit", "schedule")
    await chat.press("Klopt, aanvragen")
    [request] = await chat.requests()
    assert request.kind is RequestKind.ENROLMENT and request.courses == ["heftruck"]
    chat.assert_nothing_asked_twice()
