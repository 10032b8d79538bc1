"""Scores the understanding engine on a file in the measuring-set format (shared/eval)."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from obm_bot.understanding.labels import INTENT_LABELS
from obm_bot.understanding.result import Understanding


class Example(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    text: str
    intent: str
    topic: list[str] | None = None
    participants: int | None = None
    schedule: str | None = None
    language: str | None = None
    """"nl" or "en"; without it, the file's language is what the detector says of the text."""


class EvalFileError(Exception):
    pass


def read_examples(path: Path) -> list[Example]:
    examples: list[Example] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise EvalFileError(f"{path}: cannot be read: {exc.strerror}") from exc
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            examples.append(Example.model_validate(json.loads(line)))
        except (json.JSONDecodeError, ValidationError) as exc:
            raise EvalFileError(f"{path}:{number}: not a valid example: {exc}") from exc
    return examples


@dataclass
class Ratio:
    hits: int = 0
    total: int = 0

    def add(self, hit: bool) -> None:
        self.hits += hit
        self.total += 1

    @property
    def value(self) -> float:
        return self.hits / self.total if self.total else 0.0

    def __str__(self) -> str:
        return f"{self.value:.3f} ({self.hits}/{self.total})"


@dataclass
class EvalReport:
    intent: Ratio = field(default_factory=Ratio)
    topic: Ratio = field(default_factory=Ratio)
    participants: Ratio = field(default_factory=Ratio)
    schedule: Ratio = field(default_factory=Ratio)
    confusions: Counter[tuple[str, str]] = field(default_factory=Counter)
    predicted: Counter[str] = field(default_factory=Counter)
    expected: Counter[str] = field(default_factory=Counter)
    correct: Counter[str] = field(default_factory=Counter)
    misses: list[str] = field(default_factory=list)
    language: Ratio = field(default_factory=Ratio)
    """Messages whose stated ``language`` the detector gave (only examples that state one)."""
    by_language: dict[str, EvalReport] = field(default_factory=dict)

    def precision(self, label: str) -> float:
        return self.correct[label] / self.predicted[label] if self.predicted[label] else 0.0

    def recall(self, label: str) -> float:
        return self.correct[label] / self.expected[label] if self.expected[label] else 0.0

    def format(self, show_misses: bool = False) -> str:
        lines = [
            f"intent accuracy        {self.intent}",
            f"topic hit@3            {self.topic}",
            f"participants accuracy  {self.participants}",
            f"schedule accuracy      {self.schedule}",
            # Measured on their own: a missed complaint or a spam message taken seriously
            # costs more than any other confusion.
            f"complaint              precision {self.precision('complaint'):.3f}"
            f"  recall {self.recall('complaint'):.3f}  (n {self.expected['complaint']})",
            f"out_of_scope           precision {self.precision('out_of_scope'):.3f}"
            f"  recall {self.recall('out_of_scope'):.3f}  (n {self.expected['out_of_scope']})",
            "",
            f"{'intent':<26}{'precision':>10}{'recall':>8}{'n':>5}",
        ]
        for label in INTENT_LABELS:
            if self.expected[label] or self.predicted[label]:
                lines.append(
                    f"{label:<26}{self.precision(label):>10.2f}{self.recall(label):>8.2f}"
                    f"{self.expected[label]:>5}"
                )
        if self.language.total:
            lines += ["", f"language detected      {self.language}"]
        if len(self.by_language) > 1:
            lines += ["", self._per_language()]
        lines += ["", "most frequent confusions (expected -> predicted):"]
        confusions = self.confusions.most_common(10)
        lines += [f"  {n:>3}  {a} -> {b}" for (a, b), n in confusions] or ["  none"]
        if show_misses:
            lines += ["", "misses:", *("  " + m for m in self.misses)]
        return "\n".join(lines)

    def _per_language(self) -> str:
        def pr(report: EvalReport, label: str) -> str:
            return f"{report.precision(label):.2f}/{report.recall(label):.2f}"

        lines = [
            f"{'per language':<14}{'n':>5}{'intent':>8}{'complaint P/R':>15}"
            f"{'out_of_scope P/R':>18}{'participants':>14}{'schedule':>10}"
        ]
        for name, report in sorted(self.by_language.items()):
            lines.append(
                f"{name:<14}{report.intent.total:>5}{report.intent.value:>8.3f}"
                f"{pr(report, 'complaint'):>15}{pr(report, 'out_of_scope'):>18}"
                f"{report.participants.value:>14.3f}{report.schedule.value:>10.3f}"
            )
        return "\n".join(lines)


def evaluate(examples: Iterable[Example], understand: Callable[[str], Understanding]) -> EvalReport:
    """The figures over all examples, and the same figures per language (the stated one,
    else the detected one)."""
    report = EvalReport()
    for example in examples:
        result = understand(example.text)
        language = example.language or result.language
        if example.language:
            report.language.add(result.language == example.language)
        part = report.by_language.setdefault(language, EvalReport())
        _score(report, example, result)
        _score(part, example, result)
    return report


def _score(report: EvalReport, example: Example, result: Understanding) -> None:
    hit = result.intent == example.intent
    report.intent.add(hit)
    report.expected[example.intent] += 1
    report.predicted[result.intent] += 1
    if hit:
        report.correct[example.intent] += 1
    else:
        report.confusions[(example.intent, result.intent)] += 1
        report.misses.append(f"{example.intent} -> {result.intent}: {example.text}")
    if example.topic:
        titles = [c.title.lower() for c in result.courses[:3]]
        topic_hit = any(k.lower() in t for k in example.topic for t in titles)
        report.topic.add(topic_hit)
        if not topic_hit:
            report.misses.append(f"topic {example.topic} not in {titles}: {example.text}")
    for name, expected in (
        ("participants", example.participants),
        ("schedule", example.schedule),
    ):
        if expected is None:
            continue
        got = getattr(result.entities, name)
        getattr(report, name).add(got == expected)
        if got != expected:
            report.misses.append(f"{name} {expected!r} != {got!r}: {example.text}")
