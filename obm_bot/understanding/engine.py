"""The understanding engine: a Dutch message in, intent + confidence + entities + courses out.

Scoring is additive and explainable: every intent collects the weights of the cues
(``intents/*.toml``) found in the message, a bonus when the message names a catalogue course
or programme that the intent is about, bonuses from entities (a group, named people), fuzzy
similarity to the intent's example phrases, and the naive Bayes phrase model trained on
``intents/examples.jsonl``. The scores become confidences with a softmax over the intents,
plus a constant "nothing fits" score that stands for out-of-scope. As in Rasa's fallback
classifier, callers decide what a low confidence or a narrow margin means for the dialogue.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

from rapidfuzz import fuzz, process

from obm_bot.catalogue.models import Catalogue
from obm_bot.understanding.details import DetailReader
from obm_bot.understanding.entities import (
    Entities,
    counted_people_words,
    extract_entities,
    person_names,
    place_keys,
    trade_words,
)
from obm_bot.understanding.intents import Cue, IntentModel
from obm_bot.understanding.labels import OUT_OF_SCOPE
from obm_bot.understanding.language import detect
from obm_bot.understanding.lexicon import COMMON_WORDS, DUTCH_PLACES
from obm_bot.understanding.linear_model import LinearModel
from obm_bot.understanding.matching import Match, PhraseIndex
from obm_bot.understanding.model_cache import load_or_train
from obm_bot.understanding.normalise import Normalised, normalise
from obm_bot.understanding.phrase_model import PhraseModel
from obm_bot.understanding.preparing import (
    LANGUAGE_WORDS,
    agreeing,
    asks_for,
    diminishing,
    emoji_as_words,
    without,
    without_overlaps,
    without_staff_size,
)
from obm_bot.understanding.result import CourseHit, Details, IntentScore, Understanding
from obm_bot.understanding.spelling import Speller

NOTHING_FITS = 1.5  # score of "out of scope" before any out-of-scope cue is seen
GIBBERISH_BONUS = 4.0
EXAMPLE_WEIGHT = 2.5
PHRASE_MODEL_WEIGHT = 4.0  # as much as one strong cue; tuned on the held-out set
LINEAR_MODEL_WEIGHT = 4.0  # the same say as naive Bayes; 2-6 measured alike (held-out set)
EXAMPLE_FLOOR = 70.0  # token_sort_ratio below this says nothing
MATCH_FLOOR = 60.0
MAX_ALTERNATIVES = 3
TIE_BREAK = 0.001
COURSE_LABELS = frozenset({"course_search", "course_info"})
COMPLAINT, COMPLAINT_LEAD = "complaint", 0.5
NAMED_COURSE = 0.5  # match strength (a score of 80) from which a course counts as named
SETTLED_LEAD = 0.5  # a decisive cue's intent leads by this much (a complaint still outranks it)
ONLY_A_NAME, NAME_CONFIDENCE = "help", 0.6  # the menu: what can we do for them?
STRONG = 4.0  # the weight of a strong cue (intents/*.toml)
TEMPERATURE = 1.5  # softens the softmax so confidences are not all 0.99


def _sorted_words(text: str) -> str:
    """What ``fuzz.token_sort_ratio`` compares: the words sorted, joined by single spaces."""
    return " ".join(sorted(text.split()))


def _strength(matches: list[Match]) -> float:
    if not matches:
        return 0.0
    return max(0.0, min(1.0, (matches[0].score - MATCH_FLOOR) / (100.0 - MATCH_FLOOR)))


class Understander:
    def __init__(
        self,
        catalogue: Catalogue,
        intents: IntentModel,
        companies: Sequence[tuple[str, Sequence[str]]] = (),
        cache_dir: Path | None = None,
    ) -> None:
        """``companies``: the member companies (name, aliases), recognised in messages.
        ``cache_dir``: where the trained phrase model is kept between starts (none: retrain)."""
        self._intents = intents
        self._courses = PhraseIndex((c.id, c.title, c.aliases) for c in catalogue.courses)
        self._programmes = PhraseIndex((q.id, q.title, q.aliases) for q in catalogue.qualifications)
        places = catalogue.places() | set(DUTCH_PLACES)
        self._places = place_keys(places)
        spec_examples = [e for spec in intents.specs.values() for e in spec.examples]
        self._example_labels: list[str] = [
            spec.label for spec in intents.specs.values() for _ in spec.examples
        ]
        cue_texts = {p.text for cue in intents.cues for p in cue.parts}
        topic_words = frozenset(self._courses.vocabulary - cue_texts - COMMON_WORDS)

        def train() -> tuple[PhraseModel, LinearModel, tuple[str, ...]]:
            labelled = [(normalise(t), label) for t, label in intents.examples]
            model = PhraseModel(labelled, topic_words)
            linear = LinearModel.train(labelled, topic_words)
            return model, linear, tuple(normalise(example).text for example in spec_examples)

        trained = load_or_train(cache_dir, intents.examples, spec_examples, topic_words, train)
        self._phrases = trained.model
        self._linear = trained.linear
        self._examples: list[str] = list(trained.example_texts)
        # token_sort_ratio sorts both sides' words on every call; sorted once here, plain
        # ratio gives the same scores (the texts are single-spaced normalised words).
        self._sorted_examples = [_sorted_words(e) for e in self._examples]
        self.phrase_model_cached = trained.from_cache
        """Whether the phrase model came from ``cache_dir`` rather than from training."""
        cue_words = {
            p.text
            for cue in intents.all_cues
            for p in cue.parts
            if not (p.open_start or p.open_end)
        }
        self._known_words = (
            COMMON_WORDS | self._courses.vocabulary | self._programmes.vocabulary | cue_words
        )
        wildcards = {p for cue in intents.all_cues for p in cue.parts if p.open_start or p.open_end}
        self._speller = Speller(self._known_words, cue_words, wildcards, self._courses.vocabulary)
        # Capitalised words that are courses, places or cue words are not people's names.
        self._not_names = frozenset(
            self._known_words | {w for place in places for w in normalise(place).words}
        )
        self._details = DetailReader(
            companies,
            [(p.id, p.name) for p in catalogue.providers],
            places,
            known_words=self._not_names,
        )
        self._provider_names = {p.id: p.name for p in catalogue.providers}

    @property
    def intents(self) -> IntentModel:
        return self._intents

    def understand(self, text: str) -> Understanding:
        text = emoji_as_words(text)
        norm = self._speller.correct(normalise(text))
        details = self._details.read(text)
        # Who is meant and who writes are not what is asked: "3 lassers", "Hengelo Plaatwerk",
        # "Jan Smit", "bij SMEOT", "in het Nederlands" name no course.
        who = counted_people_words(norm.words) | trade_words(norm.words)
        who |= self._named_words(details)
        query = [t for t in norm.tokens if t not in who and not asks_for(t, norm.tokens)]
        courses = self._courses.match(query, min_score=MATCH_FLOOR)
        programmes = self._programmes.match(query, limit=3, min_score=MATCH_FLOOR)
        entities = agreeing(extract_entities(norm, self._places, self._not_names), details)
        # Names are entities, not evidence: "ROC van Twente" or "Hengelo Plaatwerk" says who,
        # not what is asked, so their words fire no cue and feed no phrase model.
        asked_norm = without_staff_size(without(norm, self._entity_words(details)))
        fired = self._intents.matcher.fired((asked_norm.words, asked_norm.tokens))
        # A message of a course name and no cue ("Hydrauliek basis") asks nothing of it: the
        # learned models are not to read "basis" as a question about the course.
        model_norm = asked_norm
        if not fired and _strength(courses) >= NAMED_COURSE:  # the title normalised only then
            model_norm = without(asked_norm, set(normalise(courses[0].title).words))
        scores = self._score(
            asked_norm, fired, _strength(courses), _strength(programmes), model_norm
        )
        settled = self._intents.settled(
            (asked_norm.words, asked_norm.tokens),
            max(_strength(courses), _strength(programmes)) >= NAMED_COURSE,
        )
        if settled:
            # "welk beschermgas voor rvs 316", "cursus pianospelen": not the OBM's to answer,
            # whatever course-like words come with it.
            scores[settled] = max(scores.values()) + SETTLED_LEAD
        if "?" not in text and any(c.label == COMPLAINT and c.weight >= STRONG for c in fired):
            # Dissatisfaction said is never outweighed by the course it is about: "te duur
            # voor wat het was, de bhv …" is a complaint first. A question ("spreekt slecht
            # Nederlands, hebben jullie taallessen?") still asks for what it asks.
            scores[COMPLAINT] = max(scores[COMPLAINT], max(scores.values()) + COMPLAINT_LEAD)
        self._entity_evidence(scores, norm, entities)
        ranked = self._confidences(scores)
        if not norm.words and "?" in text:
            ranked = [(ONLY_A_NAME, 1.0)]  # a bare "?" or "??": what can be asked here
        elif norm.words and not asked_norm.words and not courses:
            # Only a name ("roc van twente", "bij smeot"): who or where, not what is asked.
            ranked = [(ONLY_A_NAME, NAME_CONFIDENCE), *[r for r in ranked if r[0] != ONLY_A_NAME]]
        intent, confidence = ranked[0]
        named_by_cue = []
        if courses and intent not in COURSE_LABELS:
            # "offerte voor 6 man" asks for a quote; it names no course "Offertes maken".
            asked = {
                p.text for cue in fired if cue.label == intent and cue.weight >= STRONG
                for p in cue.parts
            }  # fmt: skip
            if asked & set(query):
                named_by_cue = courses  # "wat kost een lasproef?" may still ask the course
                courses = self._courses.match(
                    [t for t in query if t not in asked], min_score=MATCH_FLOOR
                )
        return Understanding(
            text=text,
            intent=intent,
            confidence=confidence,
            alternatives=[
                IntentScore(intent=label, confidence=conf)
                for label, conf in ranked[1 : 1 + MAX_ALTERNATIVES]
                if conf > 0
            ],
            courses=[CourseHit(id=m.id, title=m.title, score=m.score) for m in courses],
            cue_courses=[CourseHit(id=m.id, title=m.title, score=m.score) for m in named_by_cue],
            qualifications=[CourseHit(id=m.id, title=m.title, score=m.score) for m in programmes],
            entities=entities,
            details=details,
            language=detect(text),
        )

    def _entity_words(self, details: Details) -> set[str]:
        """The words of the member company, provider and place named (not of people: naming
        colleagues is itself a sign of signing them up)."""
        names = [details.company, details.place]
        if details.provider:
            names += [details.provider, self._provider_names.get(details.provider, "")]
        return {w for name in names if name for w in normalise(name).words}

    def _named_words(self, details: Details) -> set[str]:
        names = [details.company, details.name, *details.participant_names]
        if details.provider:
            names += [details.provider, self._provider_names.get(details.provider, "")]
        words = {w for name in names if name for w in normalise(name).words}
        if details.language:
            words |= LANGUAGE_WORDS
        return words

    def explain(self, text: str) -> dict[str, list[str]]:
        """Which cues fired for which intent; for tuning and for ``obm-bot classify --explain``."""
        norm = normalise(text)
        fired: dict[str, list[str]] = defaultdict(list)
        for cue in self._intents.matcher.fired((norm.words, norm.tokens)):
            fired[cue.label].append(f"{cue.pattern} ({cue.weight:+g})")
        kinds = {1.0: "decisive", 0.0: "decisive unless learning", -1.0: "learning"}
        for cue in self._intents.decisive.fired((norm.words, norm.tokens)):
            fired[cue.label].append(f"{cue.pattern} ({kinds[cue.weight]})")
        return dict(fired)

    def explain_models(self, text: str) -> dict[str, object]:
        """What the two learned models say: each one's top intents, and the features that
        pushed the linear model hardest towards its choice."""
        norm = self._speller.correct(normalise(emoji_as_words(text)))

        def top(probabilities: dict[str, float]) -> dict[str, float]:
            ranked = sorted(probabilities.items(), key=lambda item: -item[1])[:3]
            return {label: round(p, 3) for label, p in ranked}

        linear = self._linear.probabilities(norm)
        choice = max(linear, key=linear.__getitem__) if linear else None
        pushes = self._linear.strongest(norm, choice) if choice else []
        return {
            "naive_bayes": top(self._phrases.probabilities(norm)),
            "linear": top(linear),
            "linear_features": [f"{feature} ({push:+.2f})" for feature, push in pushes],
        }

    def _score(
        self,
        norm: Normalised,
        cues: list[Cue],
        course: float,
        programme: float,
        model_norm: Normalised,
    ) -> dict[str, float]:
        fired: dict[str, list[float]] = defaultdict(list)
        evidence: dict[str, int] = defaultdict(int)
        for cue in without_overlaps(cues):
            fired[cue.label].append(cue.weight)
            evidence[cue.label] += len(cue.pattern.replace("*", ""))
        scores: dict[str, float] = defaultdict(float)
        for label, weights in fired.items():
            scores[label] = diminishing(weights) * self._intents.specs[label].priority
            # Equal scores go to the intent with more matched text, not to file order.
            scores[label] += TIE_BREAK * evidence[label]
        bare = not fired
        for label, spec in self._intents.specs.items():
            if course == 0.0:
                scores[label] *= spec.without_course_factor
            scores[label] += spec.course_affinity * course
            if bare:
                scores[label] += spec.bare_course_affinity * course
            scores[label] += spec.qualification_affinity * programme
        scores[OUT_OF_SCOPE] += NOTHING_FITS
        nothing_else = all(s <= 0 for label, s in scores.items() if label != OUT_OF_SCOPE)
        if nothing_else and self._is_gibberish(norm):
            # No cue, no course and no known word: examples would only add noise.
            scores[OUT_OF_SCOPE] += GIBBERISH_BONUS
            return scores
        for label, similarity in self._example_similarity(norm.text).items():
            scores[label] += EXAMPLE_WEIGHT * similarity
        for label, probability in self._phrases.probabilities(model_norm).items():
            scores[label] += PHRASE_MODEL_WEIGHT * probability
        for label, probability in self._linear.probabilities(model_norm).items():
            scores[label] += LINEAR_MODEL_WEIGHT * probability
        return scores

    def _entity_evidence(
        self, scores: dict[str, float], norm: Normalised, entities: Entities
    ) -> None:
        group = (entities.participants or 0) >= 2
        named = bool(person_names(norm.original, self._not_names))
        for label, spec in self._intents.specs.items():
            if group:
                scores[label] += spec.group_affinity
            if named:
                scores[label] += spec.names_affinity

    def _example_similarity(self, text: str) -> dict[str, float]:
        best: dict[str, float] = {}
        if not text or not self._examples:
            return best
        hits = process.extract(
            _sorted_words(text),
            self._sorted_examples,
            scorer=fuzz.ratio,
            score_cutoff=EXAMPLE_FLOOR,
            limit=8,
        )
        for _, score, index in hits:
            label = self._example_labels[index]
            similarity = (score - EXAMPLE_FLOOR) / (100.0 - EXAMPLE_FLOOR)
            best[label] = max(best.get(label, 0.0), similarity)
        return best

    def _is_gibberish(self, norm: Normalised) -> bool:
        words = [w for w in norm.words if not w.isdigit()]
        return not words or not any(w in self._known_words for w in words)

    @staticmethod
    def _confidences(scores: dict[str, float]) -> list[tuple[str, float]]:
        candidates = {label: s for label, s in scores.items() if s > 0}
        peak = max(candidates.values())
        weights = {label: math.exp((s - peak) / TEMPERATURE) for label, s in candidates.items()}
        total = sum(weights.values())
        ranked = sorted(
            ((label, round(w / total, 3)) for label, w in weights.items()),
            key=lambda item: -item[1],
        )
        return ranked
