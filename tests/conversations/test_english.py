"""English-speaking workers are answered in English; the account manager reads Dutch (#15)."""

from __future__ import annotations

from tests.conversations.conftest import Chat
from tests.conversations.desk_answers import ANOUK


async def test_an_english_question_gets_english_answers_and_english_courses_first(
    chat: Chat,
) -> None:
    replies = await chat.say("hi, how much is the vca safety course?")
    assert replies[0].startswith("Welcome"), replies
    rows = [line for line in replies[-1].splitlines() if line.startswith("•")]
    assert rows and all("taught in English" in r for r in rows[:2]), rows
    again = await chat.say("and when does it start?")
    assert "starts" in again[0] or "start" in again[0], again
    assert (await chat.tracker()).language == "en"


async def test_the_account_manager_is_told_the_customer_speaks_english(chat: Chat) -> None:
    await chat.say(
        "hello, I have a complaint, the trainer never showed up at the forklift course."
        " My name is Tom Baker from Bouwmeester Metaal, 0612345678"
    )
    notice = next(t for t in chat.staff_texts(ANOUK) if "Nieuwe vraag" in t)
    assert "Spreekt Engels" in notice, notice
    assert any("complaint" in t.lower() or "sorry" in t.lower() for t in chat.replies), chat.replies


async def test_a_short_message_keeps_the_language_and_dutch_switches_back(chat: Chat) -> None:
    await chat.say("hi, I need a forklift course for my team")
    await chat.say("ok")
    assert (await chat.tracker()).language == "en"
    dutch = await chat.say("ik wil het toch liever in het Nederlands, wat kost het?")
    assert (await chat.tracker()).language == "nl"
    assert "per persoon" in dutch[0], dutch


async def test_english_buttons_people_and_schedule(chat: Chat) -> None:
    replies = await chat.say("hi, I need forklift training for two guys, evenings if possible")
    assert "Employer" in chat.labels or "Sign up" in chat.labels or chat.labels == [], chat.labels
    [item] = (await chat.tracker()).items
    assert item.participants == 2 and item.schedule in ("avond", None), item
    assert not any("Werkgever" in t for t in replies)


async def test_a_foreign_number_an_english_wait_and_the_second_one(chat: Chat) -> None:
    await chat.say("hi, I need forklift training for two guys")
    await chat.say("Employer")
    chosen = await chat.say("the second one")
    assert chosen[0].startswith("Noted: "), chosen
    summary = await chat.say("Andrzej Nowak, Bouwmeester Metaal, +48 512 345 678")
    assert "• Phone: +48 512 345 678" in summary[-1], summary
    waiting = await chat.press("Correct, send it")
    assert any("at the latest" in t for t in waiting), waiting
    assert not any("uiterlijk" in t or "morgen" in t for t in waiting), waiting
    [request] = await chat.requests()
    assert request.entities["speaks"] == "en" and request.entities["participants"] == 2


async def test_an_english_sign_up_is_summed_up_in_english(chat: Chat) -> None:
    await chat.say("hi, I want to sign up 2 welders for the vca course, evenings", "course")
    summary = await chat.say(
        "my name is Piotr Nowak, company Bouwmeester Metaal, phone 0612345678",
        "company", "name", "phone",
    )  # fmt: skip
    text = summary[-1]
    assert "• Sign-up: VCA basis (B-VCA)" in text and "excl. VAT p.p." in text, summary
    assert "Preference: Evenings" in text and "• Name: Piotr Nowak" in text
    for dutch in ("Inschrijving", "btw", "aanbieder", "’s Avonds", "my name is"):
        assert dutch not in text, dutch
    await chat.say("actually 3 welders")
    tracker = await chat.tracker()
    assert tracker.items[0].participants == 3 and tracker.profile.name == "Piotr Nowak"


async def test_i_am_polish_is_no_name(chat: Chat) -> None:
    await chat.say("I am Polish and I need the vca course")
    assert (await chat.tracker()).profile.name is None
