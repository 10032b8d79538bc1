"""What a learner's message asks, read inside the learner room.

The intent model knows one ``milestone_status`` label for everything a learner asks about
their trajectory; the questions under it ("krijg ik al 75%?", "wanneer moet ik weer naar
school?", "wat als ik die tussenstap niet haal?") each have their own answer here. A link
code pasted anywhere in a message, and a learner who already has a training company but no
code, are recognised here too. Pure functions: the desk decides what to do with them.
"""

from __future__ import annotations

import re
from enum import StrEnum

from rapidfuzz import fuzz

from obm_bot.domain.learners import Milestone, PortfolioItem


class Ask(StrEnum):
    PICTURE = "picture"
    NOT_REACHED = "not_reached"
    PAY = "pay"
    PORTFOLIO = "portfolio"
    SCHOOL = "school"
    CENTRE = "centre"
    DIPLOMA = "diploma"
    OVERVIEW = "overview"
    COACHES = "coaches"


def _words(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


# In the order they are tried: "wat als ik de tussenstap niet haal, krijg ik dan geen 75%?"
# is about not reaching it; "laat mijn loon zien" is about pay, not a picture.
QUESTIONS: tuple[tuple[Ask, re.Pattern[str]], ...] = (
    (
        Ask.PICTURE,
        _words(
            r"\b(?:plaatje|plaatjes|afbeelding|tekening|grafiek|tijdlijn|overzicht|foto|visueel)\b"
            r"|\b(?:laat|toon)\b(?:\s+(?:me|mij|eens|nog|even))*\s+(?:mijn|het|m'n)\s+traject\b"
            r"|\btraject\b.{0,20}\bzien\b|\bpicture\b|\bshow my path\b"
        ),
    ),
    (
        Ask.NOT_REACHED,
        _words(
            r"\bniet\s+(?:haal|haalt|halen|gehaald|lukt|lukken|red|haal\s+op\s+tijd)\b"
            r"|\b(?:gezakt|zakken|zak|mislukt|herkansing|overdoen|achterstand|uitstel|uitgesteld)\b"
            r"|\bachter\s+(?:loop|lig)\b|\bte\s+laat\b|\bnot\s+(?:pass|make)\b"
        ),
    ),
    (
        Ask.PAY,
        _words(
            r"\b(?:loon|salaris|verdien\w*|betaal\w*|betaald|uitbetal\w*|stagevergoeding"
            r"|vergoeding|loonstap|loonschaal|cao|geld|procent|per\s+uur|pay|wage|earn)\b"
            r"|\d{2,3}\s*%"
        ),
    ),
    (Ask.SCHOOL, _words(r"\b(?:school|schooldag|roc|lesdag|les|lessen|klas|naar\s+de\s+les)\b")),
    (
        Ask.CENTRE,
        _words(
            r"\b(?:praktijkcentrum|centrum|opleidingscentrum|centrumweek|praktijkweek|blok"
            r"|leerwerkplaats|practice\s+centre|center)\b"
        ),
    ),
    (
        Ask.DIPLOMA,
        _words(
            r"\bdiploma\b|\bhoe\s+lang\s+(?:nog|duurt)\b|\bafstude\w*|\bgediplomeerd\b"
            r"|\bwanneer\s+ben\s+ik\s+klaar\b|\bklaar\s+met\s+(?:mijn|de)\s+opleiding\b"
            r"|\bhow\s+long\b"
        ),
    ),
    (Ask.PORTFOLIO, _words(r"\bportfolio\b|\bportfolio-?\w*")),
    (Ask.OVERVIEW, _words(r"^\s*alles over mijn traject\s*[.!?]*\s*$")),
    (Ask.COACHES, _words(r"^\s*mijn begeleiders?\s*[.!?]*\s*$")),
)
ITEM_QUESTION = _words(r"\b(?:wat|hoe|waar|welke?|moet|bedoel\w*|betekent|uitleg)\b|\?")

# 16 characters of URL-safe base64 (``secrets.token_urlsafe(12)``), with a digit, "_", "-" or
# a capital after the first letter, so "Praktijkopleider" is no code.
CODE = re.compile(r"(?<![\w-])([A-Za-z0-9_-]{16})(?![\w-])")
CODE_MARK = re.compile(r"[0-9_-]|.[A-Z]")

SEEKING = _words(
    r"\b(?:zoek\w*|op\s+zoek|looking)\b|\b(?:wil|wil\s+graag|zou\s+graag|kan\s+ik)\b(?:\s+\w+){0,3}"
    r"\s+(?:beginnen|starten|doen|volgen|worden|aanmelden|inschrijven)\b|\bhoe\s+(?:vind|kom|word)\b"
)
EMPLOYER = _words(r"\b(?:wij|we|ons|onze|aannemen|in\s+dienst\s+nemen|personeel)\b")
LEARNER = _words(
    r"\b(?:bbl|bol|bbl-?er|bbl-?leerling|leerling|leerjaar|stagiair|in\s+opleiding|leerbedrijf"
    r"|praktijkopleider|leermeester|leerovereenkomst|praktijkovereenkomst|pok)\b"
)
AT_COMPANY = _words(
    r"\bbij\s+(?!ons\b|jullie\b|jou\b|u\b)\w{2,}|\b(?:heb|hebben)\s+(?:al\s+)?(?:een\s+)?(?:leerbedrijf"
    r"|werkgever|bbl-?plek|leerbaan|contract)\b|\bmijn\s+(?:leerbedrijf|werkgever|baas"
    r"|praktijkopleider|leermeester)\b"
)


def link_code(text: str) -> str | None:
    """A link code anywhere in the message: "deze code gekregen JL4Gu…, klopt dat?"."""
    for found in CODE.finditer(text):
        code = found.group(1)
        if CODE_MARK.search(code) and any(c.isalpha() for c in code):
            return code
    return None


def learner_question(text: str) -> Ask | None:
    return next((ask for ask, pattern in QUESTIONS if pattern.search(text)), None)


def has_training_company(text: str) -> bool:
    """ "ik ben luuk, bbl lasser bij bouwmeester", "ik heb al een leerbedrijf": a learner
    without a code, not someone looking for a school or a company."""
    if SEEKING.search(text) or EMPLOYER.search(text):
        return False
    return bool(LEARNER.search(text) and AT_COMPANY.search(text))


def portfolio_item(text: str, milestones: list[Milestone]) -> PortfolioItem | None:
    """The portfolio item a question names ("wat moet ik doen voor het reflectieverslag?"),
    the next milestone's first; None when the message asks nothing about one."""
    if not ITEM_QUESTION.search(text):
        return None
    asked = text.lower()
    phase = re.search(r"\bfase\s*(\d)", asked)
    best: tuple[float, PortfolioItem] | None = None
    for milestone in milestones:  # in due order: the next one wins a tie
        for item in milestone.portfolio:
            name = item.name.lower()
            if phase and re.search(r"\bfase\s*\d", name) and f"fase {phase.group(1)}" not in name:
                continue
            key = name.split()[0]  # "reflectieverslag", "werkprocessen", "proeve"
            score = fuzz.partial_ratio(key, asked) if len(key) >= 6 else 0.0
            if score >= 88 and (best is None or score > best[0]):
                best = (score, item)
    return best[1] if best else None
