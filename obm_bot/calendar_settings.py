"""The ``[closed]`` and ``[[absence]]`` sections of ``obm.toml``: the OBM's own closed days on
top of the public holidays, and account managers' planned absences.

``obm_bot.organisation`` assembles them, with ``[office_hours]``, into the office calendar.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import Field, StringConstraints, field_validator, model_validator

from obm_bot.domain.office_calendar import Closure, known_country, parse_day
from obm_bot.organisation_models import Name, Strict

DayText = dt.date | Annotated[str, StringConstraints(strip_whitespace=True)]
"""A TOML date (2026-12-24) or "MM-DD" for the same day every year ("12-24")."""


class ClosedRange(Strict):
    """Days the OBM is closed: ``first`` to ``last`` inclusive ("12-24" to "01-01" wraps
    round New Year, every year)."""

    first: DayText
    last: DayText | None = None
    """The last closed day; without it, ``first`` alone."""
    reason: Name = "gesloten"
    """Said to customers: "Vandaag zijn we gesloten (kerstsluiting)"."""

    @model_validator(mode="after")
    def _days(self) -> ClosedRange:
        first, last = parse_day(self.first), parse_day(self.last or self.first)
        if isinstance(first, dt.date) != isinstance(last, dt.date):
            raise ValueError("first and last must both be dates or both be yearly ('MM-DD')")
        if isinstance(first, dt.date) and isinstance(last, dt.date) and last < first:
            raise ValueError(f"last {last} is before first {first}")
        return self

    def closure(self) -> Closure:
        return Closure(parse_day(self.first), parse_day(self.last or self.first), self.reason)


class ClosedSettings(Strict):
    public_holidays: str = "NL"
    """The country (ISO code) whose public holidays close the office; "" for none."""
    open_on: list[Name] = Field(default_factory=list)
    """Public holidays the OBM works anyway, by their Dutch name ("Goede vrijdag")."""
    period: list[ClosedRange] = Field(default_factory=list)

    @field_validator("public_holidays")
    @classmethod
    def _known_country(cls, value: str) -> str:
        code = value.strip().upper()
        if code and not known_country(code):
            raise ValueError(f"unknown country {value!r} for public holidays (use e.g. 'NL')")
        return code

    def closures(self) -> list[Closure]:
        return [entry.closure() for entry in self.period]


class PlannedAbsence(Strict):
    """An account manager away on known days (holiday, a course): ``[[absence]]``."""

    name: Name
    first_day: dt.date
    last_day: dt.date
    """Inclusive: back at work the day after."""
    reason: Name | None = None

    @model_validator(mode="after")
    def _order(self) -> PlannedAbsence:
        if self.last_day < self.first_day:
            raise ValueError(f"last_day {self.last_day} is before first_day {self.first_day}")
        return self
