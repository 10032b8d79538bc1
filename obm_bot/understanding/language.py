"""Which language a customer writes in: Dutch (the default) or English.

A count of function words, not a statistical detector: py3langid and lingua (restricted to
Dutch and English) were measured on the evaluation sets and scored no better on chat
messages, while adding 0.2-1 s to start-up and a native dependency. Chat messages are short
and full of course names ("vca", "bhv", "heftruck") that say nothing about the language;
the small words around them do. Words both languages use ("is", "we", "in", "of", "hi")
are left out, so "ok", "vca?" and "hoi" stay Dutch.
"""

from __future__ import annotations

import re
from typing import Literal

Language = Literal["nl", "en"]

# Words (lower case) that are common in English messages and not Dutch words.
ENGLISH_WORDS = frozenset(
    """
    the a an and i i'm im i've ive i'd i'll you you're your my our us they their them he she
    his her it it's its this that these those there here
    can could would should will shall may might must do does did don't dont doesn't didn't
    can't cant won't wont isn't aren't wasn't not no yes yeah
    to for with about from at by into on of off than then
    how what when where who which why whom whose
    am are was were been being has have had having get got getting
    need needs want wants like would please thanks thank thx hello morning afternoon
    next last month week year years day days today tomorrow
    some any many much more most all every each other another
    just still also only very too again already soon
    guys guy people colleague colleagues employee employees worker workers boss
    someone somebody anyone anybody something anything nothing
    course courses training trainings certificate certificates license licence exam
    work working company sign talk speak call phone send know tell find
    cost costs price expensive cheap free pay paid
    new old good bad wrong right
""".split()
)
# Words (lower case) that are common in Dutch messages and not English words.
DUTCH_WORDS = frozenset(
    """
    de het een en ik je jij u uw mijn onze ons wij jullie zij ze hij haar hem
    dit dat deze die er hier daar
    kan kun kunt kunnen wil wilt willen moet moeten mag mogen zou zouden zal zullen
    heb hebt heeft hebben had hadden ben bent zijn was waren wordt worden
    niet geen wel ja nee nog ook al maar dan als of om te met van voor naar op aan bij uit
    wat hoe wanneer waar wie welke waarom
    graag alstublieft alsjeblieft bedankt dank hallo hoi goedemorgen goedemiddag
    volgende vorige maand week jaar dag vandaag morgen
    iemand iets niks niets alle elke andere
    even eigenlijk gewoon nu snel weer
    cursus cursussen opleiding opleidingen training trainingen certificaat diploma examen
    werk bedrijf collega collega's medewerker medewerkers mensen man jongens
    nodig kosten prijs duur gratis betalen
""".split()
)
# An English word must be seen this often, and more often than Dutch ones, before a message
# counts as English: one "the" in a Dutch sentence with an English course title is no switch.
MIN_ENGLISH = 2
_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")


def _counts(text: str) -> tuple[int, int]:
    """How many words only English has, and how many only Dutch has."""
    english = dutch = 0
    for word in _WORD.findall(text.lower()):
        # "training", "week", "was" are in both lists: they say nothing.
        in_english, in_dutch = word in ENGLISH_WORDS, word in DUTCH_WORDS
        if in_english and not in_dutch:
            english += 1
        elif in_dutch and not in_english:
            dutch += 1
        elif word.endswith("n't"):
            english += 1
    return english, dutch


def detect(text: str) -> Language:
    """ "en" when the message is plainly English, otherwise "nl"."""
    english, dutch = _counts(text)
    return "en" if english >= MIN_ENGLISH and english > dutch else "nl"


def plainly_dutch(text: str) -> bool:
    """Dutch on words only Dutch has: "ok", "vca?" or a name and a number say nothing, so an
    English conversation stays English after them."""
    english, dutch = _counts(text)
    return dutch >= MIN_ENGLISH and dutch > english
