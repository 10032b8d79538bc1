"""Pydantic models for the dated, sourced facts in ``knowledge/``.

Every model forbids unknown fields, so a typo in a data file is an error instead of a silently
ignored key. A fact says one thing the bot may tell a customer, where that comes from, when it
was last checked and when it must be checked again.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property
from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints, model_validator

Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=64)]
Key = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Value = int | float | str
URL = r"^https?://[^\s/]+\.[^\s]+$"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Subject(StrEnum):
    """One file per subject: ``knowledge/<subject>.toml``."""

    FUNDING = "funding"
    APPRENTICESHIPS = "apprenticeships"
    EVC = "evc"
    CERTIFICATES = "certificates"
    MEMBERSHIP = "membership"
    SERVICES = "services"


class Fact(Strict):
    id: Id
    subject: Subject
    text: Text
    """One Dutch sentence as the bot may say it (formal "u")."""
    en: Text | None = None
    """The same in English, for customers who write English (``text`` when missing)."""
    values: dict[Key, Value] = {}
    """Figures an answer computes with: ``rate`` (0.5 is 50%), ``maximum_eur``, ``per``, ..."""
    source: Text
    """A URL; for the OBM's own example figures (``example = true``) a short description."""
    checked_on: dt.date
    review_by: dt.date
    window_closes: dt.date | None = None
    """The last day applications can be made, for schemes with an application window."""
    ended_on: dt.date | None = None
    """The day a scheme stopped; once passed, the text must say that it ended."""
    example: bool = False
    """The OBM's own figure or service as an example, to be replaced by the OBM's own."""

    @model_validator(mode="after")
    def _consistent(self) -> Fact:
        if not self.example and not re.match(URL, self.source):
            raise ValueError("source must be a URL (http:// or https://) unless example = true")
        if self.review_by <= self.checked_on:
            raise ValueError("review_by must be after checked_on")
        return self


class Level(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """One finding of ``check``: an error fails ``obm-bot catalogue check``, a warning not."""

    level: Level
    where: str
    fact_id: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: fact {self.fact_id!r}: {self.message}"


@dataclass(frozen=True)
class Knowledge:
    """All facts, in file order; ``files`` maps a fact id to the file it came from."""

    facts: tuple[Fact, ...]
    files: dict[str, str]

    @cached_property
    def _by_id(self) -> dict[str, Fact]:
        return {fact.id: fact for fact in self.facts}

    def fact(self, fact_id: str) -> Fact:
        """The fact with this id; KeyError names an unknown id."""
        try:
            return self._by_id[fact_id]
        except KeyError:
            raise KeyError(f"unknown fact {fact_id!r}") from None

    def about(self, subject: Subject | str) -> list[Fact]:
        return [fact for fact in self.facts if fact.subject == subject]
