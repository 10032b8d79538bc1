"""The cue matcher's shortcuts (candidate filing, the set and substring prefilter) decide
exactly as the plain reading of a cue: every cue tried against every sequence, in order."""

from __future__ import annotations

import random
from collections.abc import Sequence

from obm_bot.config import REPO_ROOT
from obm_bot.understanding.intents import MAX_GAP, Cue, compile_cue, load_intents

VOCABULARY = (
    "ik wil graag een offerte voor bel me even terug inschrijven inschrijving "
    "opleidingsbehoefte formulieren toets toetsen test bbl leerbedrijf wat kost het "
    "cursus vca basis 2 man collegas niet meer annuleren aanmelden"
).split()


def _reference(cue: Cue, sequences: Sequence[Sequence[str]]) -> bool:
    """The cue semantics written out plainly: for each start, each further part at its
    earliest position within ``MAX_GAP`` words."""
    for words in sequences:
        for start, word in enumerate(words):
            if not cue.parts[0].matches(word):
                continue
            position = start
            for part in cue.parts[1:]:
                window = words[position + 1 : position + 2 + MAX_GAP]
                hit = next((i for i, w in enumerate(window) if part.matches(w)), None)
                if hit is None:
                    break
                position += 1 + hit
            else:
                return True
    return False


def test_fired_equals_trying_every_cue() -> None:
    model = load_intents(REPO_ROOT / "intents")
    rng = random.Random(3)
    words_pool = VOCABULARY + [p.text for cue in model.cues for p in cue.parts]
    for _ in range(400):
        words = tuple(rng.choice(words_pool) for _ in range(rng.randrange(0, 12)))
        tokens = words if rng.random() < 0.5 else (*words, rng.choice(words_pool))
        expected = [cue for cue in model.cues if _reference(cue, (words, tokens))]
        fired = model.matcher.fired((words, tokens))
        assert sorted(map(id, fired)) == sorted(map(id, expected))


def test_a_later_second_part_is_not_searched_past_the_first_hit() -> None:
    # "a b c": the first "b" after "a" is taken, and "c" must follow it within the gap.
    cue = compile_cue("x", "aa bb cc", 1.0)
    assert cue.matches([["aa", "bb", "x", "x", "x", "x", "bb", "cc"]]) is False
    assert cue.matches([["aa", "x", "bb", "x", "x", "x", "cc"]]) is True
