"""Typos mended before anything reads the message: an unknown word that is one letter off a
domain word ("prijsopgaaf", "inschrijvn") becomes that word."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from rapidfuzz import fuzz, process

from obm_bot.understanding.intents import WordPattern
from obm_bot.understanding.normalise import Normalised, normalise

SPELLING_MIN_LENGTH = 6
MIN_STEM = 4  # a wildcard cue shorter than this says nothing about a word's spelling
SPELLING_CUTOFF = 87.0  # fuzz.ratio: one wrong letter in an 8-letter word scores 87.5


class Speller:
    def __init__(
        self,
        known_words: frozenset[str],
        cue_words: Iterable[str],
        wildcards: Iterable[WordPattern],
        vocabulary: Iterable[str],
    ) -> None:
        """``known_words`` are never corrected; ``cue_words``, the stems of ``wildcards`` and
        the course ``vocabulary`` are what a typo may be corrected to."""
        self._known_words = known_words
        self._wildcards = tuple(p for p in wildcards if len(p.text) >= MIN_STEM)
        # Stems of wildcard cues ("annuleer" of "annuleer*") are words too, for typos.
        stems = {p.text for p in self._wildcards if len(p.text) >= SPELLING_MIN_LENGTH}
        self._targets = sorted(set(cue_words) | stems | set(vocabulary))
        self._correct_word = lru_cache(maxsize=16384)(self._correct_word_uncached)

    def correct(self, norm: Normalised) -> Normalised:
        """Replace unknown words by the domain word they are a typo of ("prijsopgaaf")."""
        words = tuple(self._correct_word(w) for w in norm.words)
        if words == norm.words:
            return norm
        # Tokenised as a fresh text: "lascursus" stays "lassen cursus" (normalise knows the
        # domain compounds) when another word of the message was corrected.
        tokens = normalise(" ".join(words)).tokens
        return Normalised(original=norm.original, words=words, tokens=tokens)

    def _correct_word_uncached(self, word: str) -> str:
        if (
            len(word) < SPELLING_MIN_LENGTH
            or word in self._known_words
            or word.isdigit()
            or any(p.matches(word) for p in self._wildcards)
        ):
            return word
        # Only a near-identical word counts as a typo: same first letter, at most one letter
        # longer or shorter, and very similar. Looser rules turn "collega" into "college".
        found = process.extractOne(
            word, self._targets, scorer=fuzz.ratio, score_cutoff=SPELLING_CUTOFF
        )
        if found and found[0][0] == word[0] and abs(len(found[0]) - len(word)) <= 1:
            return found[0]
        return word
