"""Fuzzy matching of a message against catalogue titles and aliases.

Why not ``process.extract(message, aliases, scorer=WRatio)``: a chat message is a sentence and
an alias is two words, so whole-string scorers either punish the length difference (``ratio``,
``WRatio``) or reward any shared word (``token_set_ratio`` gives 100 when "cursus" is shared).
Instead each alias is a bag of tokens weighted by inverse document frequency, and a message
token counts for an alias token when it is equal, a prefix-extension of it, or a typo of it.
Typos are found with rapidfuzz's ``fuzz.ratio`` over the vocabulary (``process.extract`` with a
``score_cutoff``), which stays fast for large catalogues because it runs in C and skips early.
"""

from __future__ import annotations

import bisect
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

from obm_bot.understanding.lexicon import COMMON_WORDS
from obm_bot.understanding.normalise import normalise

# Words that say "a course" rather than which course; they never identify an item.
GENERIC_TOKENS = frozenset(
    "cursus cursussen training trainingen opleiding opleidingen les lessen workshop module "
    "certificaat certificaten examen examens diploma basis voor de het een en of van in op met "
    "te bij aan is er ik wij we u je jullie onze ons mijn zijn hebben heeft iets wat welke "
    "graag willen wil kan kunnen zoek zoeken nodig over ook nog als dat die dit deze om tot "
    "niet wel naar uit door per maar nu dan zo al meer hoe waar wanneer wie mensen man "
    "medewerkers medewerker collegas collega personen persoon deelnemers "
    "1 2 3 4 5 6 7 8 9 10".split()
) | frozenset(
    # The same for English messages: "a safety course for my guys" names only "safety".
    "course courses training trainings certificate certificates exam exams lesson lessons "
    "class basic the a an for of to in on at with and or my our your we i you me us is are "
    "need want some any people guys workers employees colleague colleagues person".split()
)
TYPO_CUTOFF = 84.0  # fuzz.ratio: one wrong letter in a 7-letter word scores ~86
MIN_PREFIX = 4
EVERYDAY_WEIGHT = 0.25
INFLECTIONS = ("e", "s", "n", "en", "er", "ers", "es", "te")


@dataclass(frozen=True, slots=True)
class Match:
    id: str
    title: str
    score: float


@dataclass(frozen=True, slots=True)
class _Entry:
    item: int
    tokens: tuple[str, ...]
    weight: float  # sum of idf of the tokens, the denominator of coverage


class PhraseIndex:
    """Index of items (courses, qualifications) that each have a title and alias phrases."""

    def __init__(self, items: Iterable[tuple[str, str, Sequence[str]]]) -> None:
        self._ids: list[str] = []
        self._titles: list[str] = []
        self._title_words: list[frozenset[str]] = []
        raw_entries: list[tuple[int, tuple[str, ...]]] = []
        phrase_tokens: dict[str, tuple[str, ...]] = {}  # aliases repeat across courses
        for index, (item_id, title, aliases) in enumerate(items):
            self._ids.append(item_id)
            self._titles.append(title)
            seen: set[tuple[str, ...]] = set()
            title_norm = normalise(title)
            self._title_words.append(frozenset(title_norm.words))
            phrase_tokens[title] = tuple(t for t in title_norm.tokens if t not in GENERIC_TOKENS)
            for phrase in (title, *aliases):
                tokens = phrase_tokens.get(phrase)
                if tokens is None:
                    tokens = tuple(t for t in normalise(phrase).tokens if t not in GENERIC_TOKENS)
                    phrase_tokens[phrase] = tokens
                if tokens and tokens not in seen:
                    seen.add(tokens)
                    raw_entries.append((index, tokens))
        item_freq: dict[str, set[int]] = defaultdict(set)
        for item, tokens in raw_entries:
            for token in tokens:
                item_freq[token].add(item)
        total = max(len(self._ids), 1)
        # Everyday words ("bellen" in "duits bellen") say little about which course is meant.
        self._idf = {
            t: math.log(1 + total / len(s)) * (EVERYDAY_WEIGHT if t in COMMON_WORDS else 1.0)
            for t, s in item_freq.items()
        }
        weights: dict[tuple[str, ...], float] = {}
        for _, tokens in raw_entries:
            if tokens not in weights:
                weights[tokens] = sum(self._idf[t] for t in set(tokens))
        self._entries = [_Entry(item, tokens, weights[tokens]) for item, tokens in raw_entries]
        self._postings: dict[str, list[int]] = defaultdict(list)
        for entry_index, entry in enumerate(self._entries):
            for token in set(entry.tokens):
                self._postings[token].append(entry_index)
        self._vocabulary = sorted(self._idf)
        self._vocabulary_set = frozenset(self._vocabulary)
        self._similar = lru_cache(maxsize=8192)(self._similar_uncached)

    @property
    def vocabulary(self) -> frozenset[str]:
        return self._vocabulary_set

    def _similar_uncached(self, token: str) -> tuple[tuple[str, float], ...]:
        """Vocabulary terms that ``token`` may stand for, with a similarity in (0, 1]."""
        found: dict[str, float] = {}
        if token in self._vocabulary_set:
            found[token] = 1.0
        # Everyday words only match exactly: "moeten" is not a typo of "meten".
        if len(token) >= MIN_PREFIX and not token.isdigit() and token not in COMMON_WORDS:
            # The message word is an inflection of a vocabulary word ("constructies" for
            # "constructie", "hydraulische" for "hydraulisch"). Stems shorter than five letters
            # are left out: "worden" is not "Word".
            for ending in INFLECTIONS:
                stem = token[: -len(ending)]
                if token.endswith(ending) and len(stem) >= 5 and stem in self._vocabulary_set:
                    found.setdefault(stem, 0.9)
            # A vocabulary word extends the message word: "pneumat" -> "pneumatiek".
            start = bisect.bisect_left(self._vocabulary, token)
            for term in self._vocabulary[start : start + 50]:
                if not term.startswith(token):
                    break
                if len(token) * 2 >= len(term):
                    found.setdefault(term, 0.9)
            if len(token) >= 5:
                for term, score, _ in process.extract(
                    token,
                    self._vocabulary,
                    scorer=fuzz.ratio,
                    score_cutoff=TYPO_CUTOFF,
                    limit=5,
                ):
                    found.setdefault(term, score / 100.0)
        return tuple(found.items())

    def match(self, tokens: Sequence[str], limit: int = 5, min_score: float = 60.0) -> list[Match]:
        """Best items for the message tokens, best first, each with a score in 0..100."""
        content = [t for t in dict.fromkeys(tokens) if t not in GENERIC_TOKENS]
        best_sim: dict[str, float] = {}
        source_of: dict[str, str] = {}
        for token in content:
            for term, sim in self._similar(token):
                if sim > best_sim.get(term, 0.0):
                    best_sim[term] = sim
                    source_of[term] = token
        if not best_sim:
            return []
        # How much each message word identifies: the rarest catalogue word it stands for.
        anchor_weight: dict[str, float] = {}
        for term, token in source_of.items():
            anchor_weight[token] = max(anchor_weight.get(token, 0.0), self._idf[term])
        total_anchor = sum(anchor_weight.values())
        coverage: dict[int, float] = {}
        explained: dict[int, set[str]] = defaultdict(set)
        # Each entry's weight of matched words, summed along the postings of the matched
        # terms: with 30,000 courses a common word has thousands of entries, and this touches
        # each (entry, term) pair once instead of every token of every such entry.
        gained: dict[int, float] = defaultdict(float)
        for term, sim in best_sim.items():
            term_weight = self._idf[term] * sim
            for entry_index in self._postings[term]:
                gained[entry_index] += term_weight
        for entry_index, got in gained.items():
            entry = self._entries[entry_index]
            entry_coverage = got / entry.weight
            if entry_coverage < 0.5:
                continue  # a title that shares one minor word is not a match
            coverage[entry.item] = max(coverage.get(entry.item, 0.0), entry_coverage)
            explained[entry.item].update(source_of[t] for t in entry.tokens if t in best_sim)
        # Coverage says the alias is there; "explained" prefers the item that also accounts
        # for the other words ("tig lassen rvs": the RVS course above the aluminium one).
        matched = set(best_sim)
        scored: list[tuple[float, bool, str, int]] = []
        for item, cov in coverage.items():
            score = round(
                100 * (0.75 * cov + 0.25 * _share(explained[item], anchor_weight, total_anchor)),
                1,
            )
            if score >= min_score:
                # On equal scores, a course whose title has the word beats one that has it
                # as an alias.
                in_title = bool(self._title_words[item] & matched)
                scored.append((-score, not in_title, self._titles[item], item))
        scored.sort()
        return [Match(self._ids[item], title, -neg) for neg, _, title, item in scored[:limit]]


def _share(tokens: set[str], weight: dict[str, float], total: float) -> float:
    return sum(weight[t] for t in tokens) / total if total else 0.0
