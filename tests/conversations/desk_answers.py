"""Steps shared by test_requests.py and test_corrections.py: a customer answers what is asked."""

from __future__ import annotations

import re

from tests.conversations.conftest import QUESTIONS, Chat

ANOUK = "Anouk de Vries"
BART = "Bart Jansen"
SUMMARY = "Klopt dit?"
NOTHING_RECORDED = re.compile(
    r"niets (?:aangevraagd|genoteerd|vastgelegd|doorgegeven)|geen aanvraag", re.IGNORECASE
)
NOT_UNDERSTOOD = re.compile(r"begreep ik niet|niet begrepen", re.IGNORECASE)

# Jeroen de Wit of Bouwmeester Metaal tells who he is in his first sentence.
JEROEN = "goedemorgen, met Jeroen de Wit van Bouwmeester Metaal, 06-12345678."
JEROEN_DETAILS = ("company", "name", "phone")


def asked(text: str) -> list[str]:
    """The details a reply asks for."""
    return [detail for detail, pattern in QUESTIONS.items() if pattern.search(text)]


def last(chat: Chat) -> str:
    assert chat.replies, "no reply yet"
    return chat.replies[-1]


def summary(chat: Chat) -> str:
    """The latest summary shown, asserting the latest reply is one."""
    text = last(chat)
    assert SUMMARY in text, f"expected the summary, got {chat.replies[-2:]}"
    return text


async def answer_until_summary(chat: Chat, answers: dict[str, str], limit: int = 6) -> None:
    """Answer each question from ``answers`` until the summary shows; a question for several
    details at once ("Voor wie noteer ik dit? Graag ...") gets them all in one message, as a
    person would type them.

    A question for a detail that is not in ``answers`` fails: the customer already said it
    or the desk had no business asking it.
    """
    for _ in range(limit):
        text = last(chat)
        if SUMMARY in text:
            return
        questions = asked(text)
        assert questions, f"no question and no summary: {chat.replies[-2:]}"
        for detail in questions:
            assert detail in answers, f"asked for {detail} unexpectedly: {text!r}"
        await chat.say(", ".join(answers[d] for d in questions), *questions)
    assert SUMMARY in last(chat), f"no summary after {limit} answers: {chat.replies[-2:]}"
