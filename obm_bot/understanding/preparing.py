"""Preparing a message for scoring: emoji as words, names taken out, entities made to agree
with the detail reader, request words kept out of course matching; and the sums the
scores are made of. Split from ``engine.py``, which puts these pieces together.
"""

from __future__ import annotations

import re

from obm_bot.understanding.entities import Entities
from obm_bot.understanding.intents import Cue
from obm_bot.understanding.normalise import Normalised
from obm_bot.understanding.result import Details

# Words that say what is asked for, never which course: "inschrijven" is no "Nederlands
# schrijven", "offerte" no "Offertes maken" (unless named as a course: "cursus offertes").
REQUEST_WORDS = frozenset({
    "inschrijven", "inschrijving", "aanmelden", "aanmelding", "offerte", "offertes",
    "prijsopgave", "eerste", "tweede", "derde",
})  # fmt: skip
COURSE_WORDS = frozenset({"cursus", "training", "opleiding", "workshop"})
# The words of "les in het Nederlands": a language of instruction, not a language course.
LANGUAGE_WORDS = frozenset({"nederlands", "nederlandstalig", "engels", "engelstalig", "english"})


EMOJI_WORDS = {
    "👋": "hallo", "🙋": "hallo", "👍": "oke", "👌": "oke", "✅": "oke", "🙏": "bedankt",
    "👎": "nee", "❌": "nee", "😡": "boos", "😠": "boos",
}  # fmt: skip
"""Emoji that greet, agree, thank or refuse, read as the word they stand for."""


def emoji_as_words(text: str) -> str:
    if text.isascii():
        return text
    return "".join(f" {EMOJI_WORDS[c]} " if c in EMOJI_WORDS else c for c in text).strip()


# "wij hebben 14 man in dienst", "een bedrijf van 20 man": who writes, not what is asked (an
# apprenticeship question talks about staff too, so the words would pull that way).
STAFF_SIZE = re.compile(
    r"\b(?:(?:wij|we|ik) (?:hebben|heb) )?\d+ (?:\w+ )?(?:in dienst|personeel)\b"
    r"|\b(?:bedrijf|zaak) (?:van|met) \d+ \w+"
)


def without_staff_size(norm: Normalised) -> Normalised:
    """The message without the phrase that says how large the company is."""
    joined = " ".join(norm.words)
    if not STAFF_SIZE.search(joined):
        return norm
    words = tuple(STAFF_SIZE.sub(" ", joined).split())
    tokens = tuple(STAFF_SIZE.sub(" ", " ".join(norm.tokens)).split())
    return Normalised(original=norm.original, words=words, tokens=tokens)


def without(norm: Normalised, names: set[str]) -> Normalised:
    """The message without the words of the names in it; itself when nothing is left."""
    if not names:
        return norm
    words = tuple(w for w in norm.words if w not in names)
    tokens = tuple(t for t in norm.tokens if t not in names)
    return Normalised(original=norm.original, words=words, tokens=tokens)


def agreeing(entities: Entities, details: Details) -> Entities:
    """The entities as the detail reader, which knows negation and counting, reads them:
    "overdag niet" wishes no day course; "een stuk of vijf" are five."""
    update: dict[str, object] = {}
    if entities.schedule is not None and entities.schedule in details.schedule_not:
        update["schedule"] = details.schedule
    if details.participants is not None and details.participants != entities.participants:
        update["participants"] = details.participants
    return entities.model_copy(update=update) if update else entities


def asks_for(token: str, tokens: tuple[str, ...]) -> bool:
    if token not in REQUEST_WORDS:
        return False
    index = tokens.index(token)
    return index == 0 or tokens[index - 1] not in COURSE_WORDS


def diminishing(weights: list[float]) -> float:
    """Sum cue weights with halving returns, so that many generic cues ("cursus", "nodig",
    "welke") cannot outvote one specific cue ("vergoed", "offerte"). Negative cues count fully.
    """
    positive = sorted((w for w in weights if w > 0), reverse=True)
    negative = sum(w for w in weights if w < 0)
    return sum(w * 0.5**rank for rank, w in enumerate(positive)) + negative


def without_overlaps(cues: list[Cue]) -> list[Cue]:
    """Drop a cue that lies inside another cue of the same intent: "kost" in "wat kost"
    is one piece of evidence, not two."""
    texts = {(c.label, c.pattern.replace("*", "")) for c in cues}
    return [
        c
        for c in cues
        if not any(
            label == c.label
            and text != c.pattern.replace("*", "")
            and c.pattern.replace("*", "") in text
            for label, text in texts
        )
    ]
