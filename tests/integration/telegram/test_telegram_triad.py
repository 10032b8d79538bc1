"""The learner's triad through Telegram: coaches link with codes, a topic per learner in the
coaches' group, posts reaching the other coaches, another learner's coach refused, and the
voortgangsgesprek from the bot's proposal to the agreed date and the outcome."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from obm_bot.bootstrap import Core
from obm_bot.config import Settings
from obm_bot.domain.learners import MilestoneStatus
from obm_bot.domain.triads import MeetingStatus
from tests.fakes.clock import FakeClock
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.telegram_users import STAFF_GROUP
from tests.integration.telegram.conftest import ANOUK, TelegramHarness, write_config

COACH_GROUP = -1009876543210
SANNE, DAAN = 5555, 5556
PIET, JAN, KARIN, STRANGER = 7001, 7002, 7003, 7009
JOOST = 100003  # a [[coach]] in obm.example.toml


@pytest.fixture()
async def triad_bot(tmp_path: Path, core: Core, clock: FakeClock) -> AsyncIterator[TelegramHarness]:
    fake = FakeTelegram()
    config = write_config(tmp_path, STAFF_GROUP)
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace("# coach_chat_id = -1009876543210", f"coach_chat_id = {COACH_GROUP}"),
        encoding="utf-8",
    )
    settings = Settings(telegram_token=fake.token, db_path=tmp_path / "obm.sqlite3", config=config)
    harness = TelegramHarness(fake, settings, core, clock)
    harness.users.forum()
    harness.users.forum(COACH_GROUP, "OBM triades")
    for person in (ANOUK, JOOST, SANNE, DAAN, PIET, JAN, KARIN, STRANGER):
        harness.users.chat(person)
    await harness.start()
    yield harness
    await harness.stop()


def code_in(text: str) -> str:
    found = re.search(r"/start ([\w-]{16})", text)
    assert found, text
    return found.group(1)


async def enrol(bot: TelegramHarness, name: str, company: str) -> None:
    await bot.say(ANOUK, f"/nieuweleerling {name}; 25290; BBL; {company}; 2026-09-07; 2027-09-06")


async def link_coach(bot: TelegramHarness, user: int, learner: str, role_and_name: str) -> str:
    await bot.say(ANOUK, f"/coachcode {learner} {role_and_name}")
    await bot.say(user, f"/start {code_in(bot.last_text(ANOUK))}")
    return bot.last_text(user)


def topic_of(bot: TelegramHarness, title_start: str) -> int:
    topics = bot.fake.chats[COACH_GROUP].topics
    [thread] = [t for t, topic in topics.items() if topic["name"].startswith(title_start)]
    return thread


async def tick(bot: TelegramHarness) -> None:
    await bot.adapter.loket.tick()
    bot.adapter.courier.wake()
    await bot.adapter.settled()


async def test_coaches_link_post_and_another_learners_coach_is_refused(
    triad_bot: TelegramHarness,
) -> None:
    bot = triad_bot
    await enrol(bot, "Sanne Jansen", "Bouwmeester Metaal")
    await enrol(bot, "Daan Visser", "Hengelo Plaatwerk")
    linked = await link_coach(bot, PIET, "L1", "docent Piet Bakker; 06 12345678")
    assert "Gelukt, Piet. Je bent gekoppeld als docent van Sanne Jansen (L1)" in linked
    thread = topic_of(bot, "L1 · Sanne Jansen · Bouwmeester Metaal")
    assert "Piet Bakker (docent) is gekoppeld" in bot.last_text(COACH_GROUP, thread)
    await link_coach(bot, JAN, "L1", "praktijkopleider Jan de Boer")
    assert "Jan de Boer (praktijkopleider) is gekoppeld" in bot.last_text(PIET)
    await bot.say(ANOUK, "/coachcode L1 leermeester Joost Smit")
    assert "werkt al met de bot: geen koppelcode nodig" in bot.last_text(ANOUK)
    await link_coach(bot, KARIN, "L2", "docent Karin Mulder")

    before = {who: len(bot.fake.texts(who)) for who in (JAN, JOOST, KARIN, SANNE)}
    await bot.say(PIET, "Sanne was deze week sterk in het TIG-lassen & netjes op tijd")
    assert bot.last_text(PIET) == (
        "Doorgestuurd in de triade van L1 naar Jan de Boer (praktijkopleider), Joost Smit"
        " (leermeester) en in het topic van het OBM."
    )
    expected = "Piet Bakker (docent): Sanne was deze week sterk in het TIG-lassen & netjes op tijd"
    assert bot.last_text(JAN) == f"L1 Sanne Jansen · {expected}"  # named: Jan may coach more
    assert expected in bot.last_text(JOOST)  # the leermeester behind the loket
    assert bot.last_text(COACH_GROUP, thread) == expected  # the topic is the learner's
    assert len(bot.fake.texts(KARIN)) == before[KARIN]  # another learner's coach: nothing
    assert len(bot.fake.texts(SANNE)) == before[SANNE]  # the learner is not on the line

    # Karin coaches Daan, not Sanne: she can neither write to nor read Sanne's thread.
    posts = await bot.adapter.loket.store.triad_posts(1, 50)
    await bot.say(KARIN, "L1 hoe gaat het eigenlijk met Sanne?")
    assert "L1 is niet een van jouw leerlingen" in bot.last_text(KARIN)
    await bot.say(KARIN, "/triade L1")
    assert "L1 is niet een van jouw leerlingen" in bot.last_text(KARIN)
    await bot.say(KARIN, "Dit komt in Sanne haar topic", chat_id=COACH_GROUP, thread=thread)
    assert "L1 is niet een van jouw leerlingen" in bot.last_text(KARIN)
    assert await bot.adapter.loket.store.triad_posts(1, 50) == posts
    assert "Sanne" not in " ".join(bot.fake.texts(KARIN))
    # Someone who is no coach at all, writing in the topic, is ignored.
    await bot.say(STRANGER, "hallo allemaal", chat_id=COACH_GROUP, thread=thread)
    assert bot.fake.texts(STRANGER) == []

    # The account manager writes in the topic: the coaches get it, the topic keeps it.
    await bot.say(ANOUK, "Ik plan de evaluatie met het ROC", chat_id=COACH_GROUP, thread=thread)
    assert "Anouk de Vries (accountmanager): Ik plan de evaluatie" in bot.last_text(PIET)
    assert "Ik plan de evaluatie" in bot.last_text(JAN)
    # In the topic itself her words are not repeated; she gets the receipt there.
    receipt = bot.last_text(COACH_GROUP, thread)
    assert receipt.startswith("Doorgestuurd in de triade van L1 naar Piet Bakker (docent), Jan")
    assert not any("Ik plan de evaluatie" in t for t in bot.fake.texts(COACH_GROUP, thread))
    await bot.say(JAN, "/triade")
    history = bot.last_text(JAN)
    assert (
        "Triade L1 Sanne Jansen" in history
        and "praktijkopleider: Jan de Boer — gekoppeld" in history
    )
    assert "sterk in het TIG-lassen" in history and "Ik plan de evaluatie" in history


async def test_meeting_proposal_date_and_outcome_update_the_milestone(
    triad_bot: TelegramHarness,
) -> None:
    bot = triad_bot
    await enrol(bot, "Sanne Jansen", "Bouwmeester Metaal")
    created = bot.fake.texts(ANOUK)[-1]
    await bot.say(SANNE, f"/start {code_in(created)}")
    await link_coach(bot, PIET, "L1", "docent Piet Bakker")
    await link_coach(bot, JAN, "L1", "praktijkopleider Jan de Boer")
    thread = topic_of(bot, "L1 ")
    store = bot.adapter.loket.store

    await tick(bot)  # 25 nov: tussenstap 1 (6 jan 2027) is more than 21 days off
    assert await store.meetings(1) == []
    bot.clock.advance(days=21)  # 16 dec 2026, 09:00 UTC: 21 days before
    assert await bot.adapter.loket.next_timer() == bot.clock()
    await tick(bot)
    proposal = "Voortgangsgesprek voor tussenstap 1 van Sanne (6 jan 2027)"
    assert proposal in bot.last_text(COACH_GROUP, thread)
    assert proposal in bot.last_text(PIET) and proposal in bot.last_text(JAN)
    [meeting] = await store.meetings(1)
    assert meeting.status is MeetingStatus.PROPOSED
    await tick(bot)  # proposed once, not every round
    assert len(await store.meetings(1)) == 1

    await bot.say(JAN, "/gesprek 22-12-2026 10:00")
    planned = "Voortgangsgesprek over tussenstap 1 van Sanne: 22 dec 2026 om 10:00"
    assert planned in bot.last_text(COACH_GROUP, thread) and planned in bot.last_text(PIET)
    assert "je voortgangsgesprek met je begeleiders is op 22 dec 2026 om 10:00" in bot.last_text(
        SANNE
    )
    [meeting] = await store.meetings(1)
    assert meeting.status is MeetingStatus.PLANNED and meeting.planned_by == "Jan de Boer"

    bot.clock.advance(days=6, hours=2)  # 22 dec, 11:00 local: an hour after it began
    await tick(bot)
    question = "Hoe ging het voortgangsgesprek over tussenstap 1 van Sanne?"
    assert question in bot.last_text(COACH_GROUP, thread) and question in bot.last_text(PIET)
    await bot.press(ANOUK, "Uitgesteld", chat=COACH_GROUP)  # in the topic: how to type it
    assert bot.last_text(COACH_GROUP, thread).startswith(
        "Uitgesteld gaat met een nieuwe datum en een notitie: /uitkomst L1 uitgesteld"
    )
    await bot.press(PIET, "Behaald")  # the portfolio is not complete yet: asked first
    assert bot.last_text(PIET).startswith(
        "Nog open in het portfolio bij tussenstap 1: werkprocessen fase 1 afgetekend,"
        " reflectieverslag. Toch behaald?"
    )
    assert (await store.milestones(1))[0].status is MilestoneStatus.PLANNED
    await bot.press(PIET, "Toch behaald")
    outcome = "tussenstap 1 van Sanne is behaald (door Piet Bakker)"
    assert outcome in bot.last_text(COACH_GROUP, thread) and outcome in bot.last_text(JAN)
    assert "krijg je vanaf nu 50% CAO-loon" in bot.last_text(SANNE)
    first = (await store.milestones(1))[0]
    assert first.status is MilestoneStatus.ACHIEVED and first.achieved_on is not None
    [meeting] = await store.meetings(1)
    assert meeting.status is MeetingStatus.CLOSED and meeting.outcome == "behaald"
    notes = await store.learner_notes(1)
    assert notes[-1]["text"].startswith("Voortgangsgesprek tussenstap 1: behaald")
    await bot.press(JAN, "Behaald")  # the same question, answered twice: once is enough
    assert "geen voortgangsgesprek open" in bot.last_text(JAN)
    assert (await store.milestones(1))[1].status is MilestoneStatus.PLANNED
