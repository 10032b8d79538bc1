"""Intent definitions loaded from ``intents/*.toml`` and the cue patterns they contain.

A cue is a short pattern of words. ``*`` at either end of a word is a wildcard, so
``inschrijv*`` matches "inschrijven" and "inschrijving", and ``*behoefte`` matches
"opleidingsbehoefte". Words of a multi-word cue must appear in order with at most three other
words between them, so ``bel terug`` matches "bel me even terug".
"""

from __future__ import annotations

import json
import tomllib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from obm_bot.understanding.labels import INTENT_LABELS
from obm_bot.understanding.normalise import normalise

CuePattern = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, pattern=r"^[\w*' /-]+$")
]
MAX_GAP = 3
EXAMPLES_FILE = "examples.jsonl"
WEIGHTS = {"strong": 4.0, "medium": 2.0, "weak": 1.0, "negative": -4.0}


class IntentSpec(BaseModel):
    """One intent as an OBM maintains it in ``intents/<label>.toml``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    label: str
    description: Annotated[str, StringConstraints(min_length=1)]
    template: Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]+$")]
    strong: list[CuePattern] = Field(default_factory=list)
    medium: list[CuePattern] = Field(default_factory=list)
    weak: list[CuePattern] = Field(default_factory=list)
    negative: list[CuePattern] = Field(default_factory=list)
    examples: list[Annotated[str, StringConstraints(min_length=1)]] = Field(default_factory=list)
    decisive: list[CuePattern] = Field(default_factory=list)
    """Cues that settle the intent whatever else is said, unless the message names a
    catalogue course or programme: a "cursus pianospelen" or "personeel voor de bakkerij"
    is never the OBM's, however much it sounds like a search."""
    decisive_unless_learning: list[CuePattern] = Field(default_factory=list)
    """Cues that settle the intent unless a ``learning`` cue fires too: "welk beschermgas
    voor rvs 316" asks the workshop, "welke cursus over beschermgas" asks the desk."""
    learning: list[CuePattern] = Field(default_factory=list)
    course_affinity: float = Field(default=0.0, ge=-5, le=5)
    """Added (times match strength) when the message names a catalogue course."""
    qualification_affinity: float = Field(default=0.0, ge=-5, le=5)
    """Added (times match strength) when the message names an MBO/HBO programme."""
    bare_course_affinity: float = Field(default=0.0, ge=-5, le=5)
    """Added (times match strength) when the message names a course and no cue fired at all:
    a bare "hydrauliek" is a search, whatever the examples associate with the word."""
    group_affinity: float = Field(default=0.0, ge=-5, le=5)
    """Added when the message counts two or more people: a group tends to want a quote."""
    names_affinity: float = Field(default=0.0, ge=-5, le=5)
    """Added when the message names the people it is about ("meld Bram en Ties aan")."""
    priority: float = Field(default=1.0, ge=0.5, le=2)
    """Multiplies the cue score. A complaint about a course is a complaint first."""
    without_course_factor: float = Field(default=1.0, ge=0, le=1)
    """Scales the cue score when no course is named: "wat kost het?" is about a course only
    when there is one; "wat kost een EVC-traject?" is not course_info."""


class IntentDataError(Exception):
    """Invalid intent data; the message names file, item and field."""


@dataclass(frozen=True, slots=True)
class WordPattern:
    """One word of a cue; plain string tests because cue matching is on the hot path."""

    text: str
    open_start: bool
    open_end: bool

    def matches(self, word: str) -> bool:
        if self.open_end:
            if self.open_start:
                return self.text in word
            return word.startswith(self.text)
        if self.open_start:
            return word.endswith(self.text)
        return word == self.text


@dataclass(frozen=True, slots=True)
class Cue:
    label: str
    pattern: str
    weight: float
    parts: tuple[WordPattern, ...]
    exact_words: frozenset[str] = field(init=False, repr=False, compare=False)
    """Words that must occur as such in a message for the cue to fire."""
    fragments: tuple[str, ...] = field(init=False, repr=False, compare=False)
    """Wildcard texts that must occur somewhere in the message's joined words."""

    def __post_init__(self) -> None:
        # Necessary conditions, tested with one set or substring test each before the
        # positional walk: most candidate cues share only their first word with a message.
        plain = frozenset(p.text for p in self.parts if not (p.open_start or p.open_end))
        object.__setattr__(self, "exact_words", plain)
        wild = tuple(dict.fromkeys(p.text for p in self.parts if p.open_start or p.open_end))
        object.__setattr__(self, "fragments", wild)

    def matches(self, sequences: Sequence[Sequence[str]]) -> bool:
        return any(self._matches(words) for words in sequences)

    def may_match(self, present: frozenset[str] | set[str], joined: str) -> bool:
        """False when the cue cannot match a sequence with these words (``joined`` is the
        words joined by spaces); True says only that ``_matches`` has to decide."""
        return self.exact_words <= present and all(f in joined for f in self.fragments)

    def _matches(self, words: Sequence[str]) -> bool:
        first, *rest = self.parts
        count = len(words)
        for start, word in enumerate(words):
            if not first.matches(word):
                continue
            position = start
            for part in rest:
                # The next part within MAX_GAP words: the earliest hit, as the cue reads.
                index = position + 1
                stop = min(position + 2 + MAX_GAP, count)
                while index < stop and not part.matches(words[index]):
                    index += 1
                if index >= stop:
                    break
                position = index
            else:
                return True
        return False


def compile_cue(label: str, pattern: str, weight: float) -> Cue:
    parts: list[WordPattern] = []
    for raw in pattern.split():
        word = raw.strip("*")
        pieces = normalise(word).words if word else ()
        for index, piece in enumerate(pieces):
            parts.append(
                WordPattern(
                    piece,
                    open_start=raw.startswith("*") and index == 0,
                    open_end=raw.endswith("*") and index == len(pieces) - 1,
                )
            )
    if not parts:
        raise IntentDataError(f"{label}: cue {pattern!r} has no words")
    return Cue(label, pattern, weight, tuple(parts))


PREFIX_KEY = 3


class CueMatcher:
    """Finds the cues in a message without trying all of them.

    Cues are filed under their first word: exact words in a dict, prefixes ("inschrijv*")
    under their first three letters; only the few suffix and infix cues are always tried.
    """

    def __init__(self, cues: Sequence[Cue]) -> None:
        self._exact: dict[str, list[Cue]] = defaultdict(list)
        self._prefix: dict[str, list[Cue]] = defaultdict(list)
        self._always: list[Cue] = []
        for cue in cues:
            first = cue.parts[0]
            if not (first.open_start or first.open_end):
                self._exact[first.text].append(cue)
            elif first.open_end and not first.open_start and len(first.text) >= PREFIX_KEY:
                self._prefix[first.text[:PREFIX_KEY]].append(cue)
            else:
                self._always.append(cue)

    def fired(self, sequences: Sequence[Sequence[str]]) -> list[Cue]:
        candidates: dict[int, Cue] = {}
        for words in sequences:
            for word in words:
                for cue in self._exact.get(word, ()):
                    candidates[id(cue)] = cue
                for cue in self._prefix.get(word[:PREFIX_KEY], ()):
                    candidates[id(cue)] = cue
        for cue in self._always:
            candidates[id(cue)] = cue
        # Identical sequences (no compound split) are tried once; a result cannot differ.
        distinct = list(dict.fromkeys(tuple(words) for words in sequences))
        facts = [(words, set(words), " ".join(words)) for words in distinct]
        return [
            cue
            for cue in candidates.values()
            if any(
                cue.may_match(present, joined) and cue._matches(words)
                for words, present, joined in facts
            )
        ]


@dataclass(frozen=True)
class IntentModel:
    specs: dict[str, IntentSpec]
    cues: tuple[Cue, ...]
    collisions: tuple[str, ...]
    examples: tuple[tuple[str, str], ...] = ()
    """(text, label) pairs: each spec's ``examples`` plus ``examples.jsonl``."""
    matcher: CueMatcher = field(init=False, repr=False, compare=False)
    decisive: CueMatcher = field(init=False, repr=False, compare=False)
    settling_cues: tuple[Cue, ...] = field(init=False, repr=False, compare=False)
    """The specs' ``decisive`` cues (weight 1) and ``decisive_unless_learning`` cues (weight
    0), with their ``learning`` cues (weight -1): see ``IntentSpec``."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "matcher", CueMatcher(self.cues))
        tiers = (("decisive", 1.0), ("decisive_unless_learning", 0.0), ("learning", -1.0))
        settling = tuple(
            compile_cue(spec.label, pattern, weight)
            for spec in self.specs.values()
            for tier, weight in tiers
            for pattern in getattr(spec, tier)
        )
        object.__setattr__(self, "settling_cues", settling)
        object.__setattr__(self, "decisive", CueMatcher(settling))

    @property
    def all_cues(self) -> tuple[Cue, ...]:
        """The scoring cues and the settling ones: every word the intents know."""
        return self.cues + self.settling_cues

    def settled(self, sequences: Sequence[Sequence[str]], names_course: bool) -> str | None:
        """The intent a decisive cue settles the message as, if any (see ``IntentSpec``)."""
        fired = self.decisive.fired(sequences)
        learning = {cue.label for cue in fired if cue.weight < 0}
        for cue in fired:
            if cue.weight > 0 and not names_course:
                return cue.label
            if cue.weight == 0 and cue.label not in learning:
                return cue.label
        return None


def load_intents(directory: Path) -> IntentModel:
    if not directory.is_dir():
        raise IntentDataError(f"{directory}: intents directory not found")
    specs: dict[str, IntentSpec] = {}
    for path in sorted(directory.glob("*.toml")):
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
            spec = IntentSpec.model_validate(data)
        except tomllib.TOMLDecodeError as exc:
            raise IntentDataError(f"{path.name}: not valid TOML: {exc}") from exc
        except ValidationError as exc:
            first = exc.errors()[0]
            field = ".".join(str(p) for p in first["loc"])
            raise IntentDataError(f"{path.name}: field {field}: {first['msg']}") from exc
        if spec.label not in INTENT_LABELS:
            raise IntentDataError(f"{path.name}: field label: unknown intent {spec.label!r}")
        if spec.label in specs:
            raise IntentDataError(f"{path.name}: field label: {spec.label!r} defined twice")
        specs[spec.label] = spec
    missing = [label for label in INTENT_LABELS if label not in specs]
    if missing:
        raise IntentDataError(f"{directory}: no intent file for {', '.join(missing)}")
    cues: list[Cue] = []
    owners: dict[str, set[str]] = defaultdict(set)
    for spec in specs.values():
        for tier, weight in WEIGHTS.items():
            for pattern in getattr(spec, tier):
                cues.append(compile_cue(spec.label, pattern, weight))
                if weight > 0:
                    # "offerte" and "offerte*" overlap: compare without wildcards.
                    owners[pattern.lower().replace("*", "").strip()].add(spec.label)
    collisions = tuple(
        f"cue {pattern!r} is used by {', '.join(sorted(labels))}"
        for pattern, labels in sorted(owners.items())
        if len(labels) > 1
    )
    examples = [(e, spec.label) for spec in specs.values() for e in spec.examples]
    examples += _labelled_messages(directory / EXAMPLES_FILE)
    return IntentModel(
        specs=specs, cues=tuple(cues), collisions=collisions, examples=tuple(examples)
    )


def _labelled_messages(path: Path) -> list[tuple[str, str]]:
    """``examples.jsonl``: one {"text": ..., "intent": ...} per line, our own wording."""
    if not path.exists():
        return []
    found = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            text, label = data["text"], data["intent"]
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise IntentDataError(f"{path.name}:{number}: not a labelled message ({exc})") from None
        if label not in INTENT_LABELS:
            raise IntentDataError(f"{path.name}:{number}: field intent: unknown intent {label!r}")
        if not isinstance(text, str) or not text.strip():
            raise IntentDataError(f"{path.name}:{number}: field text: empty")
        found.append((text, label))
    return found
