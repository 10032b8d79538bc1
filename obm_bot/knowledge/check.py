"""Check the facts against today's date: what must be reviewed, what may no longer be said.

The rules, in order, for each fact:

- ``ended_on`` has passed: the scheme no longer exists. That is fine as long as the text says
  so: it must contain one of ``ENDED_WORDS`` ("gestopt", "bestaat niet meer", ...). Otherwise
  the bot would still offer it: an error. A closed window of such a fact is no problem.
- ``window_closes`` has passed (and the fact has not ended as above): the fact still offers a
  window that is shut: an error. Update the window, or set ``ended_on`` and say so in the text.
- ``review_by`` has passed: a warning. Check the source, then update ``checked_on`` and
  ``review_by``.
- No ``en``: a warning. English speakers would get the Dutch text.
- An ended scheme's English text must say so too ("ended", "stopped", "no longer").
"""

from __future__ import annotations

import datetime as dt

from obm_bot.knowledge.models import Fact, Knowledge, Level, Problem

ENDED_WORDS = (
    "gestopt",
    "beëindigd",
    "afgeschaft",
    "vervallen",
    "gesloten",
    "bestaat niet meer",
    "niet meer",
)
"""A fact whose ``ended_on`` has passed must contain one of these (case-insensitive)."""


ENDED_WORDS_EN = ("ended", "stopped", "no longer", "abolished", "closed")


def says_ended(fact: Fact) -> bool:
    text = fact.text.lower()
    english = (fact.en or "").lower()
    dutch_says = any(word in text for word in ENDED_WORDS)
    return dutch_says and (not fact.en or any(word in english for word in ENDED_WORDS_EN))


def _problems(fact: Fact, today: dt.date) -> list[tuple[Level, str]]:
    found: list[tuple[Level, str]] = []
    ended = fact.ended_on is not None and fact.ended_on <= today
    if ended and not says_ended(fact):
        found.append(
            (
                Level.ERROR,
                f"ended on {fact.ended_on} but the text still offers it: "
                f"say that it ended (one of: {', '.join(ENDED_WORDS)})",
            )
        )
    if not ended and fact.window_closes is not None and fact.window_closes < today:
        found.append(
            (
                Level.ERROR,
                f"window closed on {fact.window_closes} but the fact still offers it: "
                "update the window, or set ended_on and say so in the text",
            )
        )
    if fact.review_by < today:
        found.append(
            (
                Level.WARNING,
                f"review_by {fact.review_by} has passed (checked on {fact.checked_on}): "
                f"check {fact.source} and update the fact",
            )
        )
    if not fact.en:
        found.append((Level.WARNING, "no English text (en): English speakers get the Dutch"))
    return found


def check(knowledge: Knowledge, today: dt.date) -> list[Problem]:
    """Errors first, then warnings, each in file order."""
    problems = [
        Problem(level, knowledge.files.get(fact.id, "knowledge"), fact.id, message)
        for fact in knowledge.facts
        for level, message in _problems(fact, today)
    ]
    return sorted(problems, key=lambda p: p.level != Level.ERROR)
