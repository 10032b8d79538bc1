"""A naive Bayes model over labelled example messages, one source of evidence among the cues.

The cues in ``intents/*.toml`` are precise but only know the words someone thought of; this
model generalises from how people actually phrase things in ``intents/examples.jsonl`` (our
own labelled messages, never the measuring set). Features are words, word pairs and character
4- and 5-grams of each word, so typos and compounds still share most features.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from itertools import pairwise

from obm_bot.understanding.normalise import Normalised

SMOOTHING = 0.3  # additive (Lidstone) smoothing; tuned on a held-out set, 0.1-1 all work
CHAR_GRAMS = (4, 5)


def features(norm: Normalised, topic_words: frozenset[str] = frozenset()) -> list[str]:
    """Features of the words that say what the user wants; ``topic_words`` (course names)
    are left out, because which course is meant says nothing about the intent."""
    tokens = [t for t in norm.tokens if t not in topic_words]
    found = [f"w:{t}" for t in tokens]
    found += [f"b:{a}_{b}" for a, b in pairwise(tokens)]
    for word in norm.words:
        if word in topic_words:
            continue
        padded = f"<{word}>"
        for size in CHAR_GRAMS:
            found += [f"c:{padded[i : i + size]}" for i in range(max(1, len(padded) - size + 1))]
    return found


class PhraseModel:
    def __init__(
        self, examples: Iterable[tuple[Normalised, str]], topic_words: frozenset[str] = frozenset()
    ) -> None:
        self._topic_words = topic_words
        counts: dict[str, Counter[str]] = {}
        documents: Counter[str] = Counter()
        for norm, label in examples:
            counts.setdefault(label, Counter()).update(features(norm, topic_words))
            documents[label] += 1
        vocabulary = set().union(*counts.values()) if counts else set()
        size = len(vocabulary)
        total_documents = sum(documents.values())
        self._prior = {label: math.log(n / total_documents) for label, n in documents.items()}
        # Stored sparsely as each feature's gain over an unseen feature, per label where it
        # occurs: scoring then touches a few labels per feature instead of all of them.
        self._unseen: dict[str, float] = {}
        self._gain: dict[str, list[tuple[str, float]]] = {}
        for label, counter in counts.items():
            denominator = sum(counter.values()) + SMOOTHING * size
            self._unseen[label] = math.log(SMOOTHING / denominator)
            for feature, n in counter.items():
                gain = math.log((n + SMOOTHING) / SMOOTHING)
                self._gain.setdefault(feature, []).append((label, gain))

    def probabilities(self, norm: Normalised) -> dict[str, float]:
        """P(intent | message), scaled by the share of the message's features the examples
        know: gibberish gets no say, a message in familiar words gets its full weight."""
        found = features(norm, self._topic_words)
        known = [f for f in found if f in self._gain]
        if not self._prior or not known:
            return {}
        familiarity = len(known) / len(found)
        scores = {
            label: prior + len(known) * self._unseen[label] for label, prior in self._prior.items()
        }
        for feature in known:
            for label, gain in self._gain[feature]:
                scores[label] += gain
        peak = max(scores.values())
        weights = {label: math.exp(s - peak) for label, s in scores.items()}
        total = sum(weights.values())
        return {label: familiarity * w / total for label, w in weights.items()}
