"""Shared steps for the waiting, staff-notice, other-users and robustness conversations."""

from __future__ import annotations

import re

from obm_bot.domain.models import Request
from tests.conversations.conftest import Chat
from tests.conversations.desk_answers import ANOUK, BART

__all__ = [
    "ANOUK", "BART", "FORMAL", "INFORMAL", "JEROEN", "JEROEN_DETAILS", "REFERENCE",
    "jeroen_records_tig",
]  # fmt: skip

REFERENCE = re.compile(r"OBM-\d{4}-\d{6}")

# Jeroen says everything at once; two turns to a recorded request (see test_smoke.py).
JEROEN = (
    "goedemorgen, met Jeroen de Wit van Bouwmeester Metaal. ik wil Bram en Ties aanmelden"
    " voor TIG lassen in de avond bij SMEOT in Hengelo, factuur naar de zaak graag."
    " mijn nummer is 06-12345678"
)
JEROEN_DETAILS = ("role", "company", "name", "phone", "participants", "schedule", "course")

# The formal and the informal pronouns, as whole words.
FORMAL = re.compile(r"\b(?:u|uw)\b", re.IGNORECASE)
INFORMAL = re.compile(r"\b(?:je|jij|jou|jouw)\b", re.IGNORECASE)


async def jeroen_records_tig(chat: Chat) -> Request:
    """Jeroen's request recorded and handed to Anouk: two turns."""
    await chat.say(JEROEN, *JEROEN_DETAILS)
    await chat.press("Klopt, aanvragen")
    [request] = await chat.requests()
    assert request.courses == ["tig-lassen-staal-rvs"]
    assert request.entities["participants"] == 2
    assert request.entities["names"] == ["Bram", "Ties"]
    assert request.entities["schedule"] == "avond"
    assert request.entities["provider"] == "smeot"
    assert request.entities["place"] == "Hengelo"
    assert request.status == "bij accountmanager"
    handoff = await chat.handoff()
    assert handoff.assignee == ANOUK and handoff.reference == request.reference
    return request


def last_reference(texts: list[str]) -> str:
    found = [m.group(0) for t in texts for m in REFERENCE.finditer(t)]
    assert found, f"no reference in {texts}"
    return found[-1]
