"""The Telegram menus, the help text and the engine's dispatch agree with the command table."""

from __future__ import annotations

import html
import re

from obm_bot.adapters.telegram.updates import in_topic
from obm_bot.dialogue.coaches.desk import TRIAD_COMMANDS
from obm_bot.dialogue.learners.staff import LEARNER_COMMANDS
from obm_bot.dialogue.staff.absence import ABSENCE_COMMANDS
from obm_bot.dialogue.staff.commands import (
    STAFF_COMMAND_NAMES,
    STAFF_COMMANDS,
    TOPIC_COMMANDS,
    Audience,
    commands_for,
)
from obm_bot.dialogue.staff.queue import COMMANDS
from tests.fakes.telegram_users import STAFF_GROUP
from tests.integration.conftest import Harness
from tests.integration.telegram.conftest import ANOUK, BART, TelegramHarness

MANAGER, COACH = "Anouk de Vries", "Joost Smit"
JOOST = 100003  # the coach's Telegram id in obm.example.toml
REFERENCE = "OBM-2026-000001"
ALL = [c.name for c in STAFF_COMMANDS]
FOR_COACHES = [c.name for c in STAFF_COMMANDS if c.audience is Audience.STAFF]


def test_the_table_is_sound() -> None:
    assert len(ALL) == len(set(ALL)) == len(STAFF_COMMAND_NAMES)
    assert "rapport" in ALL and "rapport" not in FOR_COACHES and "leerlingen" in FOR_COACHES
    for command in STAFF_COMMANDS:
        assert re.fullmatch(r"[a-z0-9_]{1,32}", command.name), command.name
        assert command.usage.split()[0] == f"/{command.name}"
        assert 3 <= len(command.menu_description) <= 256
    topic = {"pak", "overnemen", "antwoord", "notitie", "overdragen", "sluit", "opgevolgd"}
    assert topic == TOPIC_COMMANDS
    # The customer side refuses these names; together they must be the whole table.
    assert {*COMMANDS, *LEARNER_COMMANDS, *TRIAD_COMMANDS, *ABSENCE_COMMANDS, "rapport"} == (
        STAFF_COMMAND_NAMES
    )


async def test_the_menus_are_the_table(bot: TelegramHarness) -> None:
    for chat, names in ((ANOUK, ALL), (BART, ALL), (STAFF_GROUP, ALL), (JOOST, FOR_COACHES)):
        menu = bot.fake.commands[f"chat:{chat}"]
        assert [c["command"] for c in menu] == names, chat
        described = {c.name: c.menu_description for c in STAFF_COMMANDS}
        assert all(c["description"] == described[c["command"]] for c in menu)


def listed(help_text: str) -> list[str]:
    """The commands a help text lists: the first word of every line that starts with '/'."""
    return [line.split()[0][1:] for line in help_text.splitlines() if line.startswith("/")]


async def test_the_help_lists_the_table(harness: Harness) -> None:
    for staff, names, manager in ((MANAGER, ALL, True), (COACH, FOR_COACHES, False)):
        [reply] = await harness.staff(staff, "/help")
        text = html.unescape(reply.text)
        assert listed(text) == names
        for command in commands_for(manager):
            assert f"{command.usage} — {command.description_nl}" in text


async def test_every_command_is_dispatched_and_nothing_else(harness: Harness) -> None:
    [help_reply] = await harness.staff(MANAGER, "/help")
    failure = harness.loket.desk.renderer.render("failure", informal=False)
    for name in ALL:
        if name == "help":
            continue
        for text in (f"/{name.upper()}", f"/{name} {REFERENCE} L1 M1"):
            replies = await harness.staff(MANAGER, text)
            assert replies and replies[0].text not in (help_reply.text, failure), text
    for other in ("/bestaatniet", "/start", "/menu", "hallo", "/"):
        assert [r.text for r in await harness.staff(MANAGER, other)] == [help_reply.text], other


async def test_managers_only_commands_are_refused_to_coaches(harness: Harness) -> None:
    for command in STAFF_COMMANDS:
        if command.audience is Audience.MANAGERS:
            [reply] = await harness.staff(COACH, f"/{command.name}")
            assert "alleen voor accountmanagers" in reply.text and reply.document is None


def test_topic_commands_get_the_topics_reference() -> None:
    for name in ALL:
        expected = f"/{name} {REFERENCE}" if name in TOPIC_COMMANDS else f"/{name}"
        assert in_topic(f"/{name}", REFERENCE) == expected
