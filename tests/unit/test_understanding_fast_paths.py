"""Shortcuts in the understanding engine give what the plain computation gives."""

from __future__ import annotations

import random

from rapidfuzz import fuzz

from obm_bot.understanding.engine import _sorted_words
from obm_bot.understanding.normalise import normalise

SAMPLES = [
    "ik wil graag een offerte voor vca basis voor 6 man",
    "wat kost de cursus heftruck",
    "kan ik me inschrijven voor tig lassen in de avond",
    "bel me even terug aub",
    "hoeveel kost een evc traject",
    "is er subsidie of een stap budget voor de opleiding",
    "a a b",
    "",
]


def test_presorted_ratio_is_token_sort_ratio() -> None:
    rng = random.Random(5)
    texts = [normalise(t).text for t in SAMPLES]
    words = " ".join(texts).split()
    texts += [" ".join(rng.choice(words) for _ in range(rng.randrange(1, 9))) for _ in range(300)]
    for left in texts:
        for right in rng.sample(texts, 20):
            expected = fuzz.token_sort_ratio(left, right)
            assert fuzz.ratio(_sorted_words(left), _sorted_words(right)) == expected
