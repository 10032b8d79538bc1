"""A naive Bayes model over labelled example messages, one source of evidence among the cues.

The cues in ``intents/*.toml`` are precise but only know the words someone thought of; this
model generalises from how people actually phrase things in ``intents/examples.jsonl`` (our
own labelled messages, never the measuring set). Features are words, word pairs and character
4- and 5-grams of each word, so typos and compounds still share most features.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from functools import lru_cache
from itertools import chain, pairwise
from typing import Any, cast

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
        found += _char_grams(word)
    return found


@lru_cache(maxsize=32768)
def _char_grams(word: str) -> tuple[str, ...]:
    # Words recur across messages far more than messages do; their grams are pure.
    padded = f"<{word}>"
    found: list[str] = []
    for size in CHAR_GRAMS:
        found += [f"c:{padded[i : i + size]}" for i in range(max(1, len(padded) - size + 1))]
    return tuple(found)


class PhraseModel:
    def __init__(
        self, examples: Iterable[tuple[Normalised, str]], topic_words: frozenset[str] = frozenset()
    ) -> None:
        self._topic_words = topic_words
        self._train(examples, topic_words)
        self._setup()

    def _train(
        self, examples: Iterable[tuple[Normalised, str]], topic_words: frozenset[str]
    ) -> None:
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

    def state(self) -> dict[str, Any]:
        """The trained parameters as plain JSON values (see ``from_state``)."""
        return {
            "prior": self._prior,
            "unseen": self._unseen,
            "gain": {
                feature: [list(pair) for pair in pairs] for feature, pairs in self._gain.items()
            },
        }

    @classmethod
    def from_state(
        cls,
        state: Mapping[str, Any],
        topic_words: frozenset[str] = frozenset(),
        *,
        check_features: bool = True,
    ) -> PhraseModel:
        """A model from ``state()`` output without retraining; ``ValueError`` (or ``TypeError``)
        when the state is not what ``state()`` writes. ``check_features=False`` takes the
        feature table as it is, for a state whose bytes are known to be what ``state()``
        wrote (checking 15,000 features costs as much as training)."""
        model = cls.__new__(cls)
        model._topic_words = topic_words
        model._prior = _floats(state["prior"])
        model._unseen = _floats(state["unseen"])
        if set(model._unseen) != set(model._prior):
            raise ValueError("labels of prior and unseen differ")
        table = state["gain"]
        if not isinstance(table, dict):
            raise ValueError("gain is not an object")
        if not check_features:
            # Pairs stay JSON lists; scoring only unpacks them.
            model._gain = cast(dict[str, list[tuple[str, float]]], table)
            model._setup()
            return model
        gain: dict[str, list[tuple[str, float]]] = {}
        for feature, pairs in table.items():
            if not isinstance(feature, str) or not isinstance(pairs, list):
                raise ValueError("bad gain entry")
            parsed: list[tuple[str, float]] = []
            for label, value in pairs:
                if label not in model._prior or not isinstance(value, int | float):
                    raise ValueError("bad gain entry")
                parsed.append((label, float(value)))
            gain[feature] = parsed
        model._gain = gain
        model._setup()
        return model

    def probabilities(self, norm: Normalised) -> dict[str, float]:
        """P(intent | message), scaled by the share of the message's features the examples
        know: gibberish gets no say, a message in familiar words gets its full weight.

        The features are those of ``features()``, in its order: word and pair features per
        message, the character grams' gains looked up once per word."""
        topic = self._topic_words
        tokens = [t for t in norm.tokens if t not in topic]
        gain, indexed = self._gain, self._indexed
        found = 2 * len(tokens) - 1 if tokens else 0
        known: list[tuple[tuple[int, float], ...]] = []
        for feature in chain((f"w:{t}" for t in tokens), _pairs(tokens)):
            if feature in gain:
                known.append(indexed.get(feature) or self._index_feature(feature))
        for word in norm.words:
            if word not in topic:
                count, grams = self._word_grams(word)
                found += count
                known += grams
        if not self._prior or not known:
            return {}
        familiarity = len(known) / found
        labels = self._labels
        scores = [self._prior[label] + len(known) * self._unseen[label] for label in labels]
        for pairs in known:
            # The gains are added per label in feature order, as always: the same sums.
            for index, value in pairs:
                scores[index] += value
        peak = max(scores)
        weights = [math.exp(s - peak) for s in scores]
        total = sum(weights)
        return {label: familiarity * w / total for label, w in zip(labels, weights, strict=True)}

    def _word_grams_uncached(
        self, word: str
    ) -> tuple[int, tuple[tuple[tuple[int, float], ...], ...]]:
        """How many character grams ``word`` has, and the gains of those the examples know."""
        grams = _char_grams(word)
        gain, indexed = self._gain, self._indexed
        known = tuple(indexed.get(g) or self._index_feature(g) for g in grams if g in gain)
        return len(grams), known

    def _index_feature(self, feature: str) -> tuple[tuple[int, float], ...]:
        """A feature's gains by label position, built on first use: a cached state keeps
        its table as loaded, and most of its 15,000 features are never seen in a message."""
        positions = self._positions
        pairs = tuple((positions[label], gain) for label, gain in self._gain[feature])
        self._indexed[feature] = pairs
        return pairs

    def _setup(self) -> None:
        """Lookup structures for scoring, after training or loading."""
        self._labels = list(self._prior)
        self._positions = {label: index for index, label in enumerate(self._labels)}
        self._indexed: dict[str, tuple[tuple[int, float], ...]] = {}
        self._word_grams = lru_cache(maxsize=16384)(self._word_grams_uncached)


def _pairs(tokens: list[str]) -> Iterator[str]:
    return (f"b:{a}_{b}" for a, b in pairwise(tokens))


def _floats(value: object) -> dict[str, float]:
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, int | float) for k, v in value.items()
    ):
        raise ValueError("expected an object of numbers")
    return {k: float(v) for k, v in value.items()}
