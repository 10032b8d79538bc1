"""Shortcuts in the understanding engine give what the plain computation gives."""

from __future__ import annotations

import json
import math
import random

from rapidfuzz import fuzz

from obm_bot.config import REPO_ROOT
from obm_bot.understanding.engine import _sorted_words
from obm_bot.understanding.intents import load_intents
from obm_bot.understanding.normalise import Normalised, normalise
from obm_bot.understanding.phrase_model import PhraseModel, features

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


def _plain_probabilities(model: PhraseModel, norm: Normalised) -> dict[str, float]:
    """The phrase model's formula over ``features()``, without its lookup tables."""
    state = model.state()
    found = features(norm, model._topic_words)
    known = [f for f in found if f in state["gain"]]
    if not known:
        return {}
    scores = {
        label: prior + len(known) * state["unseen"][label]
        for label, prior in state["prior"].items()
    }
    for feature in known:
        for label, gain in state["gain"][feature]:
            scores[label] += gain
    peak = max(scores.values())
    weights = {label: math.exp(s - peak) for label, s in scores.items()}
    total = sum(weights.values())
    return {label: len(known) / len(found) * w / total for label, w in weights.items()}


def test_phrase_model_scores_as_its_formula() -> None:
    examples = [(normalise(t), label) for t, label in load_intents(REPO_ROOT / "intents").examples]
    topic = frozenset({"vca", "heftruck", "lassen"})
    trained = PhraseModel(examples, topic)
    loaded = PhraseModel.from_state(
        json.loads(json.dumps(trained.state())), topic, check_features=False
    )
    for text in [*SAMPLES, "ja", "qqq zzz", "vca heftruck", "lascursus voor 3 collegas"]:
        norm = normalise(text)
        expected = _plain_probabilities(trained, norm)
        assert trained.probabilities(norm) == expected
        assert loaded.probabilities(norm) == expected
        assert trained.probabilities(norm) == expected  # again, from the per-word tables
