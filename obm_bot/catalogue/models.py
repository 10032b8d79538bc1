"""Pydantic models for the course catalogue an OBM maintains in ``catalogue/``.

Every model forbids unknown fields so that a typo in a data file is an error
instead of a silently ignored key.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=64)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ProviderKind(StrEnum):
    PRACTICE_CENTRE = "praktijkcentrum"
    ROC = "roc"
    UNIVERSITY = "hogeschool"
    INSTITUTE = "opleidingsinstituut"


class Form(StrEnum):
    CLASSROOM = "klassikaal"
    IN_COMPANY = "in-company"
    ONLINE = "online"
    BLENDED = "blended"


class Schedule(StrEnum):
    DAY = "dag"
    EVENING = "avond"
    WEEKEND = "weekend"


class LearningPath(StrEnum):
    BBL = "bbl"
    BOL = "bol"
    DUAL = "duaal"  # HBO dual programmes


class Provider(Strict):
    id: Id
    name: Text
    kind: ProviderKind
    region: Text
    city: Text
    address: Text | None = None
    """Street and number, postcode and city: "Hengelosestraat 10, 7521 AA Enschede"."""
    website: str | None = None
    phone: str | None = None


class Course(Strict):
    id: Id
    title: Text
    category: Text
    description: Text
    aliases: list[Text] = Field(default_factory=list)
    """What people actually type: "lascursus", "mig mag", "co2 lassen"."""
    certificate: str | None = None
    validity_years: float | None = Field(default=None, gt=0)
    prerequisites: Text | None = None
    """What a participant needs beforehand (vooropleiding, voorkennis), in Dutch."""
    level: Text | None = None
    """"beginner", "gevorderd", "MBO 2": how the course is pitched, in Dutch."""


class Offering(Strict):
    id: Id
    provider: Id
    """Filled in by the loader from the provider file the offering stands in."""
    course: Id
    location: Text
    address: Text | None = None
    """The classroom's address when it is not the provider's."""
    form: Form
    schedule: Schedule
    duration_hours: float = Field(gt=0)
    sessions: int = Field(ge=1)
    price_eur: float = Field(ge=0)
    """Price per participant, excluding VAT."""
    start_dates: list[dt.date] = Field(default_factory=list)
    language: Text = "nl"
    certificate: str | None = None
    max_participants: int | None = Field(default=None, ge=1)


class Qualification(Strict):
    id: Id
    title: Text
    kind: Annotated[str, StringConstraints(pattern=r"^(mbo|hbo)$")]
    crebo: Annotated[str, StringConstraints(pattern=r"^\d{5}$")] | None = None
    level: int | None = Field(default=None, ge=1, le=4)
    paths: list[LearningPath] = Field(min_length=1)
    duration_years: float = Field(gt=0)
    aliases: list[Text] = Field(default_factory=list)
    providers: list[Id] = Field(default_factory=list)
    description: Text

    @model_validator(mode="after")
    def _kind_rules(self) -> Qualification:
        # MBO qualifications are identified by crebo and level; HBO dual has neither.
        if self.kind == "mbo" and (self.crebo is None or self.level is None):
            raise ValueError("an mbo qualification needs crebo and level")
        if self.kind == "hbo" and self.paths != [LearningPath.DUAL]:
            raise ValueError("an hbo qualification has paths = ['duaal']")
        return self


@dataclass(frozen=True)
class Catalogue:
    """The validated catalogue with the lookups the rest of the bot needs."""

    providers: tuple[Provider, ...]
    courses: tuple[Course, ...]
    offerings: tuple[Offering, ...]
    qualifications: tuple[Qualification, ...]
    _courses_by_id: dict[str, Course] = field(init=False, repr=False)
    _providers_by_id: dict[str, Provider] = field(init=False, repr=False)
    _offerings_by_course: dict[str, list[Offering]] = field(init=False, repr=False)
    _offerings_by_id: dict[str, Offering] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        by_course: dict[str, list[Offering]] = {}
        for offering in self.offerings:
            by_course.setdefault(offering.course, []).append(offering)
        object.__setattr__(self, "_courses_by_id", {c.id: c for c in self.courses})
        object.__setattr__(self, "_providers_by_id", {p.id: p for p in self.providers})
        object.__setattr__(self, "_offerings_by_course", by_course)
        object.__setattr__(self, "_offerings_by_id", {o.id: o for o in self.offerings})

    def course(self, course_id: str) -> Course | None:
        return self._courses_by_id.get(course_id)

    def qualification(self, key: str) -> Qualification | None:
        """A programme by id ("basislasser") or crebo ("25290")."""
        wanted = key.strip().lower()
        return next((q for q in self.qualifications if wanted in (q.id, q.crebo)), None)

    def provider(self, provider_id: str) -> Provider | None:
        return self._providers_by_id.get(provider_id)

    def offering(self, offering_id: str | None) -> Offering | None:
        return self._offerings_by_id.get(offering_id) if offering_id else None

    def offerings_for(self, course_id: str) -> list[Offering]:
        return list(self._offerings_by_course.get(course_id, ()))

    def places(self) -> set[str]:
        """Every city and region named by a provider or a classroom offering."""
        found = {p.city for p in self.providers} | {p.region for p in self.providers}
        found |= {o.location for o in self.offerings if o.form is not Form.IN_COMPANY}
        return found
