"""Whole conversations as people type them, through the real engine, SQLite file and templates.

``Chat`` plays one customer: it sends what they type or presses a button by its label, counts
the customer's turns, and checks every reply against what the customer already said: a reply
that asks for something already known is recorded, and ``Chat.assert_nothing_asked_twice``
fails on it. The suite's figures (turns, replies asking for something known) are printed at
the end of every pytest run.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

import pytest

from obm_bot.dialogue.customer.tracker import Tracker
from obm_bot.dialogue.messages import Button, Outbound
from obm_bot.domain.models import Contact, Handoff, Request
from tests.integration.conftest import Harness, harness

__all__ = ["harness"]  # the same engine fixture as the integration tests

# A question in a reply, and the detail it asks for.
QUESTIONS: dict[str, re.Pattern[str]] = {
    "role": re.compile(r"wie (?:u|je) bent|wie bent u\?", re.IGNORECASE),
    "course": re.compile(r"welke cursus wil", re.IGNORECASE),
    "participants": re.compile(r"(?:met|voor) hoeveel personen", re.IGNORECASE),
    "schedule": re.compile(r"wanneer past het|wat past het best voor", re.IGNORECASE),
    "company": re.compile(
        r"bij welk bedrijf|naam van (?:uw|je) (?:bedrijf|school)|welke school", re.IGNORECASE
    ),
    "name": re.compile(r"wat is (?:uw|je) naam|(?:uw|je) naam\b", re.IGNORECASE),
    "phone": re.compile(r"op welk telefoonnummer|(?:uw|je) telefoonnummer", re.IGNORECASE),
}


@dataclass
class Figures:
    """Collected over the whole suite and printed by ``pytest_terminal_summary``."""

    replies: int = 0
    asked_known: list[str] = field(default_factory=list)
    turns: dict[str, int] = field(default_factory=dict)


FIGURES = Figures()


class Chat:
    """One customer in a conversation with the loket."""

    def __init__(self, harness: Harness, user: str, channel: str = "console") -> None:
        self.harness = harness
        self.user = user
        self.channel = channel
        self.address = f"{channel}:{user}"
        self.turns = 0
        self.known: set[str] = set()
        self.asked_known: list[str] = []
        self.buttons: list[Button] = []
        self.replies: list[str] = []
        self.staff: list[Outbound] = []

    def knows(self, *details: str) -> None:
        """From now on the customer has told these details (role, company, name, ...)."""
        unknown = set(details) - set(QUESTIONS)
        assert not unknown, f"unknown details {unknown}"
        self.known.update(details)

    async def say(self, text: str, *details: str) -> list[str]:
        """Type a message; ``details`` are what it tells (checked against later replies)."""
        self.knows(*details)
        return self._read(await self.harness.send(self.user, text, channel=self.channel))

    async def press(self, label: str, *details: str) -> list[str]:
        """Press the button with this label from the latest message that has buttons."""
        self.knows(*details)
        found = [b for b in self.buttons if b.label == label]
        assert found, f"no button {label!r}; offered: {[b.label for b in self.buttons]}"
        out = await self.harness.send(self.user, button=found[0].data, channel=self.channel)
        return self._read(out)

    def _read(self, out: list[Outbound]) -> list[str]:
        self.turns += 1
        mine = [o for o in out if o.to == self.address]
        self.staff += [o for o in out if o.to.startswith("staff:")]
        texts = [o.text for o in mine]
        for o in mine:
            if o.buttons:
                self.buttons = list(o.buttons)
        for text in texts:
            FIGURES.replies += 1
            for detail, pattern in QUESTIONS.items():
                if detail in self.known and pattern.search(text):
                    self.asked_known.append(f"{detail}: {text[:80]!r}")
                    FIGURES.asked_known.append(f"{self.user} {detail}")
        self.replies += texts
        return texts

    def assert_nothing_asked_twice(self) -> None:
        assert not self.asked_known, f"asked for what was already said: {self.asked_known}"

    def record_turns(self, name: str) -> None:
        FIGURES.turns[name] = self.turns

    @property
    def labels(self) -> list[str]:
        return [b.label for b in self.buttons]

    async def contact(self) -> Contact:
        found = await self.harness.loket.store.contact(self.channel, self.user)
        assert found is not None
        return found

    async def requests(self) -> list[Request]:
        """The requests recorded for this customer, oldest first."""
        store = self.harness.loket.store
        contact = await self.contact()
        rows = await store._all(
            "SELECT id FROM requests WHERE contact_id = ? ORDER BY id", (contact.id,)
        )
        found = [await store.request_by_id(int(r["id"])) for r in rows]
        return [r for r in found if r is not None]

    async def handoff(self) -> Handoff:
        """The customer's latest handoff."""
        store = self.harness.loket.store
        contact = await self.contact()
        rows = await store._all(
            "SELECT reference FROM handoffs WHERE contact_id = ? ORDER BY id DESC LIMIT 1",
            (contact.id,),
        )
        assert rows, "no handoff"
        handoff = await store.handoff_by_reference(str(rows[0]["reference"]))
        assert handoff is not None
        return handoff

    async def tracker(self) -> Tracker:
        """The dialogue state as stored after the last turn."""
        store = self.harness.loket.store
        contact = await self.contact()
        rows = await store._all(
            "SELECT state FROM conversations WHERE contact_id = ? ORDER BY id DESC LIMIT 1",
            (contact.id,),
        )
        assert rows, "no conversation"
        return Tracker.load(json.loads(str(rows[0]["state"])))

    def staff_texts(self, name: str | None = None) -> list[str]:
        return [o.text for o in self.staff if name is None or o.to == f"staff:{name}"]


@pytest.fixture()
def chat(harness: Harness) -> Chat:
    return Chat(harness, "501")


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not FIGURES.replies:
        return
    share = len(FIGURES.asked_known) / FIGURES.replies
    terminalreporter.write_line(
        f"conversations: {len(FIGURES.turns)} with recorded turns, {FIGURES.replies} replies, "
        f"{len(FIGURES.asked_known)} asked for something already said ({share:.1%})"
    )
    for name, turns in sorted(FIGURES.turns.items()):
        terminalreporter.write_line(f"  turns to reference: {name}: {turns}")
