"""Corrections at any step (the summary included) and a pending question that survives what
is not its answer."""

from __future__ import annotations

from obm_bot.domain.models import Role
from tests.conversations.conftest import Chat
from tests.conversations.desk_answers import (
    ANOUK,
    JEROEN,
    JEROEN_DETAILS,
    NOT_UNDERSTOOD,
    answer_until_summary,
    asked,
    last,
    summary,
)

KNOWN = ("role", *JEROEN_DETAILS, "course", "participants")


async def start_cnc_in_hengelo(chat: Chat) -> str:
    """Jeroen asks CNC frezen for 3 in Hengelo: the summary at once (SMEOT, evening)."""
    await chat.say(f"{JEROEN} eigenaar, ik zoek cnc frezen basis voor 3 man in hengelo", *KNOWN)
    text = summary(chat)
    assert "Aantal personen: 3" in text and "Hengelo" in text
    return text


# --- 5. corrections -------------------------------------------------------------------------------


async def test_fewer_or_more_people_at_the_summary(chat: Chat) -> None:
    await start_cnc_in_hengelo(chat)
    await chat.say("nee 4 man niet 3")
    text = summary(chat)
    assert "Aantal personen: 4" in text and "Aantal personen: 3" not in text
    await chat.press("Klopt, aanvragen")
    [request] = await chat.requests()
    assert request.courses == ["cnc-frezen-basis"]
    assert request.entities["participants"] == 4
    assert (await chat.handoff()).assignee == ANOUK
    chat.assert_nothing_asked_twice()
    assert chat.turns == 3


async def test_one_more_the_trainee_too(chat: Chat) -> None:
    await start_cnc_in_hengelo(chat)
    await chat.say("toch 5, de stagiair ook")
    text = summary(chat)
    assert "Aantal personen: 5" in text, text
    assert text.count("•") - text.count("   •") == 4, f"a new request was added: {text}"
    await chat.press("Klopt, aanvragen")
    [request] = await chat.requests()
    assert request.courses == ["cnc-frezen-basis"]
    assert request.entities["participants"] == 5
    chat.assert_nothing_asked_twice()
    assert chat.turns == 3


async def test_rather_in_the_evening_at_the_summary(chat: Chat) -> None:
    await chat.say(
        f"{JEROEN} eigenaar, tig lassen voor 3 man overdag bij smeot", *KNOWN, "schedule"
    )
    assert "overdag" in summary(chat) and "€ 1.400" in summary(chat)
    await chat.say("liever in de avond")
    text = summary(chat)
    assert "’s avonds" in text and "€ 1.100" in text and "overdag" not in text, text
    await chat.press("Klopt, aanvragen")
    [request] = await chat.requests()
    assert request.courses == ["tig-lassen-staal-rvs"]
    assert request.entities["schedule"] == "avond"
    assert request.entities["offering"] == "smeot-tig-lassen-staal-rvs-avond"
    assert request.entities["participants"] == 3
    chat.assert_nothing_asked_twice()
    assert chat.turns == 3


async def test_not_in_hengelo_but_almelo(chat: Chat) -> None:
    await start_cnc_in_hengelo(chat)
    await chat.say("niet in Hengelo maar Almelo")
    text = summary(chat)
    assert "STODT" in text and "Almelo" in text and "Hengelo ·" not in text, text
    await chat.press("Klopt, aanvragen")
    [request] = await chat.requests()
    assert request.courses == ["cnc-frezen-basis"]
    assert request.entities["place"] == "Almelo"
    assert request.entities["offering"] == "stodt-cnc-frezen-basis"
    assert request.entities["participants"] == 3
    chat.assert_nothing_asked_twice()
    assert chat.turns == 3


async def test_another_course_at_the_summary_keeps_the_rest(chat: Chat) -> None:
    await start_cnc_in_hengelo(chat)
    await chat.say("andere cursus: vca vol")
    text = summary(chat)
    assert "VCA VOL" in text and "CNC" not in text and "Aantal personen: 3" in text, text
    assert "participants" not in asked(text), text
    await chat.press("Klopt, aanvragen")
    [request] = await chat.requests()
    assert request.courses == ["vca-vol"]
    assert request.entities["participants"] == 3
    chat.assert_nothing_asked_twice()
    assert chat.turns == 3


async def test_a_correction_while_another_question_is_pending(chat: Chat) -> None:
    await chat.say("eigenaar hier, 3 man voor tig lassen in de avond", "role", "course")
    chat.knows("participants", "schedule")
    assert "company" in asked(last(chat)), chat.replies
    await chat.say("o wacht, 4 man niet 3")
    assert "company" in asked(last(chat)), f"the company question is gone: {chat.replies[-2:]}"
    await answer_until_summary(
        chat, {"company": "bouwmeester", "name": "Jeroen de Wit", "phone": "0612345678"}
    )
    assert "Aantal personen: 4" in summary(chat)
    await chat.press("Klopt, aanvragen")
    [request] = await chat.requests()
    assert request.courses == ["tig-lassen-staal-rvs"]
    assert request.entities["participants"] == 4
    assert request.entities["schedule"] == "avond"
    assert (await chat.contact()).company == "Bouwmeester Metaal"
    chat.assert_nothing_asked_twice()
    assert chat.turns == 4


# --- 6. a pending question survives ------------------------------------------------------------


async def test_unclear_messages_keep_the_count_question(chat: Chat) -> None:
    await chat.say(f"{JEROEN} eigenaar, ik zoek een heftruck cursus", "role", *JEROEN_DETAILS)
    chat.knows("course")
    question = last(chat).splitlines()[-1]
    assert "participants" in asked(question), chat.replies
    for unclear in ("eh wat?", "👍"):
        await chat.say(unclear)
        assert NOT_UNDERSTOOD.search(chat.replies[-2]), chat.replies[-2:]
        assert last(chat).splitlines()[-1] == question
        assert chat.labels == ["1", "2", "3", "4", "5"]
    await chat.press("2", "participants")
    assert "schedule" in asked(last(chat)), chat.replies[-2:]
    await chat.press("Overdag", "schedule")
    summary(chat)
    await chat.press("Klopt, aanvragen")
    [request] = await chat.requests()
    assert request.courses == ["heftruck"]
    assert request.entities["participants"] == 2
    assert request.entities["schedule"] == "dag"
    chat.assert_nothing_asked_twice()
    assert chat.turns == 6


async def test_an_unrelated_question_is_answered_and_the_schedule_asked_again(
    chat: Chat,
) -> None:
    await chat.say(f"{JEROEN} eigenaar, tig lassen voor 3 man", *KNOWN)
    question = last(chat).splitlines()[-1]
    assert "schedule" in asked(question), chat.replies
    labels = chat.labels
    await chat.say("hoe laat zijn jullie open")
    assert "Welke cursus" not in "\n".join(chat.replies[-2:]), chat.replies[-2:]
    assert last(chat).splitlines()[-1] == question, chat.replies[-2:]
    assert chat.labels == labels
    await chat.press("’s Avonds", "schedule")
    summary(chat)
    await chat.press("Klopt, aanvragen")
    [request] = await chat.requests()
    assert request.courses == ["tig-lassen-staal-rvs"]
    assert request.entities["schedule"] == "avond"
    assert request.entities["participants"] == 3
    chat.assert_nothing_asked_twice()
    assert chat.turns == 4


async def test_what_does_it_cost_answers_the_price_and_asks_again(chat: Chat) -> None:
    await chat.say(f"{JEROEN} eigenaar, tig lassen voor 3 man", *KNOWN)
    assert "schedule" in asked(last(chat)), chat.replies
    await chat.say("wat kost die?")
    price = chat.replies[-2]  # each offering's price, and the total for the three of them
    assert "€ 1.100 per persoon excl. btw; voor 3 deelnemers € 3.300" in price, price
    assert "schedule" in asked(last(chat)) and "’s Avonds" in chat.labels
    await chat.press("Overdag", "schedule")
    text = summary(chat)
    assert "overdag" in text
    await chat.press("Klopt, aanvragen")
    [request] = await chat.requests()
    assert request.courses == ["tig-lassen-staal-rvs"]
    assert request.entities["schedule"] == "dag"
    assert request.entities["participants"] == 3
    chat.assert_nothing_asked_twice()
    assert chat.turns == 4


async def test_a_question_never_answered_is_left_open_after_the_third_try(chat: Chat) -> None:
    await chat.say("ik wil mij aanmelden voor de vca, overdag", "course", "role", "schedule")
    assert "company" in asked(last(chat)), chat.replies  # self-enrolment: no role question
    for unclear in ("ja", "weet ik niet"):
        await chat.say(unclear)
        assert NOT_UNDERSTOOD.search(chat.replies[-2]), chat.replies[-2:]
    skipped = await chat.say("hmm")
    assert skipped[0].startswith("Geen probleem, dat laat ik open"), skipped
    assert skipped[-1].startswith("Klopt dit?")  # straight to the summary, not asked again
    tracker = await chat.tracker()
    assert tracker.profile.role is Role.EMPLOYEE and tracker.items[0].participants == 1
