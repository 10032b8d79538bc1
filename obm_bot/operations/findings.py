"""What the doctor found: one line per check, ok, warning or error, with the fix."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class Level(StrEnum):
    OK = "ok"
    WARNING = "warning"
    ERROR = "error"


@dataclass(frozen=True)
class Finding:
    level: Level
    subject: str
    """What was checked: "database", "telegram: staff group", ..."""
    text: str
    fix: str | None = None

    def lines(self) -> list[str]:
        head = f"{self.level.value:<8}{self.subject}: {self.text}"
        return [head] + ([f"{'':<8}fix: {self.fix}"] if self.fix else [])


def ok(subject: str, text: str) -> Finding:
    return Finding(Level.OK, subject, text)


def warning(subject: str, text: str, fix: str | None = None) -> Finding:
    return Finding(Level.WARNING, subject, text, fix)


def error(subject: str, text: str, fix: str | None = None) -> Finding:
    return Finding(Level.ERROR, subject, text, fix)


def render(findings: Iterable[Finding]) -> str:
    found = list(findings)
    lines = [line for finding in found for line in finding.lines()]
    counts = {level: sum(1 for f in found if f.level is level) for level in Level}
    lines.append(
        f"{counts[Level.OK]} ok, {counts[Level.WARNING]} warnings, {counts[Level.ERROR]} errors"
    )
    return "\n".join(lines)


def failed(findings: Iterable[Finding]) -> bool:
    return any(f.level is Level.ERROR for f in findings)
