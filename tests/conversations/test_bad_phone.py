"""Brackets, dashes or too few digits are never taken as a phone number, and the customer is
told what a number looks like, also when correcting the summary."""

from __future__ import annotations

from tests.conversations.conftest import Chat

BAD_PHONE = (
    "Dat lijkt geen telefoonnummer. Typ een nummer van 10 cijfers, bijvoorbeeld 06 12345678."
)
ASK_PHONE = "Op welk telefoonnummer bent u bereikbaar?"


async def to_the_phone_question(chat: Chat) -> None:
    await chat.say("hallo, ik zoek een cursus hoogwerker voor 2 man", "course", "participants")
    await chat.press("Maakt niet uit", "schedule")
    await chat.say("Bouwmeester Metaal", "company")
    assert await chat.say("Piet de Boer", "name") == [ASK_PHONE]


async def test_brackets_are_no_phone_number(chat: Chat) -> None:
    await to_the_phone_question(chat)
    for typed in ("((((((((((", "06-1234", "0-(-(-(-(-(-(-(-(-("):
        assert await chat.say(typed) == [BAD_PHONE, ASK_PHONE], typed
    assert (await chat.contact()).phone is None
    summary = await chat.say("06 12345678", "phone")
    assert "Telefoon: 06 12345678" in summary[0]
    await chat.press("Klopt, aanvragen")
    [request] = await chat.requests()
    assert request.courses == ["hoogwerker-ipaf"]
    assert (await chat.contact()).phone == "06 12345678"
    assert chat.turns == 9
    chat.assert_nothing_asked_twice()


async def test_a_bad_number_in_a_correction_records_nothing(chat: Chat) -> None:
    await to_the_phone_question(chat)
    [summary] = await chat.say("06 12345678", "phone")
    replies = await chat.say("mijn telefoonnummer is ((((((((((")
    assert replies[0] == BAD_PHONE and replies[1] == summary  # the summary, to confirm again
    assert await chat.requests() == []
    assert chat.labels == ["Klopt, aanvragen", "Annuleren"]
    assert chat.turns == 6
