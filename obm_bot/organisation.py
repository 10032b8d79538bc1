"""The OBM's own configuration (``obm.toml``): office hours, SLA, account managers, members.

The office-hours arithmetic the SLA needs ("60 minutes" means 60 minutes of office time) is
the office calendar's (``domain/office_calendar.py``); ``calendar`` builds it from here.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from functools import cached_property
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, ValidationError, field_validator, model_validator
from rapidfuzz import fuzz, process

from obm_bot.calendar_settings import ClosedSettings, PlannedAbsence
from obm_bot.config import REPO_ROOT
from obm_bot.domain.office_calendar import CalendarError, OfficeCalendar
from obm_bot.organisation_models import (
    DAY_NAMES,
    AccountManager,
    Baseline,
    Coach,
    CsatSettings,
    LearnerSettings,
    MemberCompany,
    MilestoneTemplate,
    Name,
    OfficeHours,
    ReportSettings,
    RetentionSettings,
    Strict,
)
from obm_bot.understanding.normalise import normalise

# The section models live in organisation_models; they stay importable from here.
__all__ = [
    "DAY_NAMES",
    "AccountManager",
    "Baseline",
    "Coach",
    "CsatSettings",
    "LearnerSettings",
    "MemberCompany",
    "MilestoneTemplate",
    "Name",
    "OfficeHours",
    "Organisation",
    "OrganisationError",
    "ReportSettings",
    "RetentionSettings",
    "load_organisation",
]
COMPANY_MATCH_CUTOFF = 85.0


class OrganisationError(Exception):
    """The OBM configuration is missing or invalid; one line naming the key."""


class Organisation(Strict):
    name: Name
    region: Name
    timezone: str = "Europe/Amsterdam"
    sla_minutes: int = Field(default=60, ge=1)
    reminder_minutes: int = Field(default=45, ge=1)
    reach_km: int = Field(default=50, ge=1)
    """Offerings farther than this from the customer's place are not "nearby"."""
    place: Name | None = None
    """Where the OBM sits (a name in ``catalogue/places.csv``): distances are measured from
    here when the customer names no place and their company has none, so an OBM in Twente
    does not lead with courses in Rotterdam."""
    office_hours: OfficeHours = OfficeHours()
    account_manager: list[AccountManager] = Field(min_length=1)
    member_company: list[MemberCompany] = Field(default_factory=list)
    staff_chat_id: int | None = None
    """Telegram supergroup of the account managers (used by the Telegram adapter)."""
    coach_chat_id: int | None = None
    """Telegram supergroup (with topics) where each learner's triad has a forum topic: the
    OBM's own record of the three coaches' line. Every member sees every topic, so only OBM
    staff belong there; the coaches themselves talk to the bot in their private chat."""
    bot_username: str | None = None
    """For deep links in link codes (t.me/<bot_username>?start=CODE); Telegram fills it in."""
    coach: list[Coach] = Field(default_factory=list)
    learners: LearnerSettings = LearnerSettings()
    report: ReportSettings = ReportSettings()
    retention: RetentionSettings = RetentionSettings()
    csat: CsatSettings = CsatSettings()
    closed: ClosedSettings = ClosedSettings()
    absence: list[PlannedAbsence] = Field(default_factory=list)

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value

    @model_validator(mode="after")
    def _consistent(self) -> Organisation:
        names = {m.name for m in self.account_manager}
        for company in self.member_company:
            if company.account_manager not in names:
                raise ValueError(
                    f"member_company {company.name!r}: account_manager "
                    f"{company.account_manager!r} is not in account_manager"
                )
        if self.reminder_minutes >= self.sla_minutes:
            raise ValueError("reminder_minutes must be smaller than sla_minutes")
        clash = names & {c.name for c in self.coach}
        if clash:
            raise ValueError(f"coach {sorted(clash)[0]!r} is also an account_manager")
        for manager in self.account_manager:
            if manager.deputy is not None and self.manager(manager.deputy) in (None, manager):
                raise ValueError(
                    f"account_manager {manager.name!r}: deputy {manager.deputy!r} is not "
                    "another account_manager"
                )
        for away in self.absence:
            if self.staff_member(away.name) is None:
                raise ValueError(f"absence: {away.name!r} is not an account_manager or coach")
        try:
            self.calendar.next_opening(dt.datetime.now(dt.UTC))
        except CalendarError as exc:  # every day closed: the SLA would have no office minute
            raise ValueError(f"office_hours and closed: {exc}") from None
        return self

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def manager(self, name: str) -> AccountManager | None:
        wanted = name.strip().lower()
        return next((m for m in self.account_manager if m.name.lower() == wanted), None)

    def manager_by_telegram(self, user_id: int) -> AccountManager | None:
        return next((m for m in self.account_manager if m.telegram_user_id == user_id), None)

    def coach_named(self, name: str) -> Coach | None:
        wanted = name.strip().lower()
        return next((c for c in self.coach if c.name.lower() == wanted), None)

    def staff_member(self, name: str) -> AccountManager | Coach | None:
        """Everybody who works behind the loket: account managers and coaches."""
        return self.manager(name) or self.coach_named(name)

    def staff_by_telegram(self, user_id: int) -> AccountManager | Coach | None:
        return self.manager_by_telegram(user_id) or next(
            (c for c in self.coach if c.telegram_user_id == user_id), None
        )

    def region_of(self, company: str | None) -> str:
        member = self.company_for(company) if company else None
        if member is None:
            return "onbekend"
        return member.region or self.region

    @cached_property
    def _company_labels(self) -> dict[str, MemberCompany]:
        """Normalised names and aliases, built once: company_for runs per message and per row."""
        return {
            " ".join(normalise(label).words): company
            for company in self.member_company
            for label in (company.name, *company.aliases)
        }

    def company_for(self, text: str) -> MemberCompany | None:
        """The member company a customer means by what they typed (fuzzy on names/aliases)."""
        choices = self._company_labels
        query = " ".join(normalise(text).words)
        if not query or not choices:
            return None
        found = process.extractOne(
            query, list(choices), scorer=fuzz.token_sort_ratio, score_cutoff=COMPANY_MATCH_CUTOFF
        )
        return choices[found[0]] if found else None

    # --- office hours ------------------------------------------------------------------

    @cached_property
    def calendar(self) -> OfficeCalendar:
        """Office hours with breaks, public holidays and the OBM's own closed days."""
        return OfficeCalendar(
            zone=self.zone,
            week=self.office_hours.week(),
            closures=self.closed.closures(),
            country=self.closed.public_holidays or None,
            open_on=frozenset(name.lower() for name in self.closed.open_on),
        )

    def is_open(self, moment: dt.datetime) -> bool:
        return self.calendar.is_open(moment)

    def next_opening(self, moment: dt.datetime) -> dt.datetime:
        """``moment`` itself when the office is open, else the next opening time."""
        return self.calendar.next_opening(moment)

    def add_office_minutes(self, start: dt.datetime, minutes: int) -> dt.datetime:
        """``start`` plus ``minutes`` of office time (evenings, weekends, breaks, holidays and
        closed days do not count)."""
        return self.calendar.add_office_minutes(start, minutes)


def load_organisation(path: Path) -> Organisation:
    """Read ``obm.toml``; without one, the committed example keeps ``make run`` working."""
    source = path
    if not path.exists():
        # Next to the missing file first, then the repository's copy, so the CLI also works
        # when started from another folder.
        examples = [path.with_name("obm.example.toml"), REPO_ROOT / "obm.example.toml"]
        found = [example for example in examples if example.exists()]
        if path.name == "obm.toml" and found:
            source = found[0]
        else:
            raise OrganisationError(f"{path}: OBM configuration not found")
    try:
        data = tomllib.loads(source.read_text(encoding="utf-8"))
        return Organisation.model_validate(data)
    except tomllib.TOMLDecodeError as exc:
        raise OrganisationError(f"{source}: not valid TOML: {exc}") from None
    except ValidationError as exc:
        error = exc.errors()[0]
        key = ".".join(str(p) for p in error["loc"]) or "(top level)"
        message = error["msg"].removeprefix("Value error, ")
        raise OrganisationError(f"{source}: key {key}: {message}") from None
