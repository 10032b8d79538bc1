"""The message that says everything: recorded after one confirmation."""

from __future__ import annotations

from tests.conversations.conftest import Chat


async def test_everything_in_one_message_takes_two_turns(chat: Chat) -> None:
    await chat.say(
        "Goedemorgen, met Jeroen de Wit van Bouwmeester Metaal. Ik wil Bram en Ties aanmelden"
        " voor TIG lassen in de avond bij SMEOT in Hengelo. Mijn nummer is 06-12345678.",
        "role", "company", "name", "phone", "participants", "schedule", "course",
    )  # fmt: skip
    await chat.press("Klopt, aanvragen")
    [request] = await chat.requests()
    assert request.courses == ["tig-lassen-staal-rvs"]
    assert request.entities["participants"] == 2
    assert request.entities["names"] == ["Bram", "Ties"]
    assert request.entities["schedule"] == "avond"
    assert (await chat.handoff()).assignee == "Anouk de Vries"
    assert chat.turns == 2
    chat.assert_nothing_asked_twice()
    chat.record_turns("everything in one message")
