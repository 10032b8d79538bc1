"""The OBM's own configuration (``obm.toml``): office hours, SLA, account managers, members.

Also the office-hours arithmetic the SLA needs: "60 minutes" means 60 minutes of office time.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from functools import cached_property
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
    model_validator,
)
from rapidfuzz import fuzz, process

from obm_bot.config import REPO_ROOT
from obm_bot.understanding.normalise import normalise

DAY_NAMES = ("ma", "di", "wo", "do", "vr", "za", "zo")
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
COMPANY_MATCH_CUTOFF = 85.0


class OrganisationError(Exception):
    """The OBM configuration is missing or invalid; one line naming the key."""


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class OfficeHours(Strict):
    days: list[str] = Field(default_factory=lambda: ["ma", "di", "wo", "do", "vr"], min_length=1)
    open: dt.time = dt.time(8, 30)
    close: dt.time = dt.time(17, 0)

    @field_validator("days")
    @classmethod
    def _known_days(cls, days: list[str]) -> list[str]:
        unknown = [d for d in days if d not in DAY_NAMES]
        if unknown:
            raise ValueError(f"unknown day {unknown[0]!r}; use {', '.join(DAY_NAMES)}")
        return days

    @model_validator(mode="after")
    def _close_after_open(self) -> OfficeHours:
        # Office minutes are counted from open to close; a day without any (close at or
        # before open) would make the SLA arithmetic loop for ever at the first handoff.
        if self.close <= self.open:
            raise ValueError(
                f"close {self.close:%H:%M} must be after open {self.open:%H:%M} (same day)"
            )
        return self


class AccountManager(Strict):
    name: Name
    telegram_user_id: int | None = None
    phone: str | None = None
    email: str | None = None


class Coach(Strict):
    """A coach who works with the bot (a leermeester of the practice centre, say): they see
    and update their own learners and answer their questions."""

    name: Name
    telegram_user_id: int | None = None
    phone: str | None = None
    email: str | None = None


class MilestoneTemplate(Strict):
    name: Name
    share: float = Field(gt=0, le=1)
    """Where in the trajectory it falls: 1.0 is the planned end."""
    portfolio: list[Name] = Field(default_factory=list)


class LearnerSettings(Strict):
    pay_steps: list[Name] = Field(
        default_factory=lambda: [
            "stagevergoeding",
            "50% CAO-loon",
            "75% CAO-loon",
            "100% CAO-loon",
        ],
        min_length=2,
    )
    """The pay at the start, then the pay after each default milestone in turn."""
    milestones: list[MilestoneTemplate] = Field(
        default_factory=lambda: [
            MilestoneTemplate(
                name="tussenstap 1",
                share=1 / 3,
                portfolio=["werkprocessen fase 1 afgetekend", "reflectieverslag"],
            ),
            MilestoneTemplate(
                name="tussenstap 2",
                share=2 / 3,
                portfolio=["werkprocessen fase 2 afgetekend", "beoordeling praktijkopleider"],
            ),
            MilestoneTemplate(
                name="startkwalificatie",
                share=1.0,
                portfolio=["proeve van bekwaamheid", "examendossier compleet"],
            ),
        ],
        min_length=1,
    )
    reminder_days: int = Field(default=7, ge=0, le=90)
    remind_at: dt.time = dt.time(9, 0)
    link_code_days: int = Field(default=14, ge=1, le=90)
    link_attempts_per_hour: int = Field(default=5, ge=1)

    @model_validator(mode="after")
    def _pay_for_each_milestone(self) -> LearnerSettings:
        if len(self.pay_steps) != len(self.milestones) + 1:
            raise ValueError("pay_steps needs one step for the start and one per milestone")
        return self


class Baseline(Strict):
    """The OBM's reference year (2003 in the OBM plan) for its goals: 20% more intake, 20% less
    drop-out, 20% shorter duration."""

    year: int = 2003
    intake_per_year: int | None = Field(default=None, ge=0)
    dropout_rate: float | None = Field(default=None, ge=0, le=1)
    duration_months: float | None = Field(default=None, gt=0)


class ReportSettings(Strict):
    group_size: int = Field(default=6, ge=2)
    """Bundled demand from this many participants is worth starting a group for."""
    unmet_below: float = Field(default=70.0, ge=0, le=100)
    """A question whose best catalogue match scores below this is unmet demand."""
    goal_percent: float = Field(default=20.0, ge=0, le=100)
    baseline: Baseline = Baseline()


class RetentionSettings(Strict):
    days: int = Field(default=30, ge=1)
    """Link attempts, processed update ids and delivered inbox and outbox rows are kept this
    long; at least a day, as long as Telegram may deliver an update again."""

    def cutoff(self, now: dt.datetime) -> dt.datetime:
        """Rows older than this go (``Store.prune``)."""
        return now - dt.timedelta(days=self.days)


class MemberCompany(Strict):
    name: Name
    aliases: list[Name] = Field(default_factory=list)
    account_manager: Name
    region: str | None = None


class Organisation(Strict):
    name: Name
    region: Name
    timezone: str = "Europe/Amsterdam"
    sla_minutes: int = Field(default=60, ge=1)
    reminder_minutes: int = Field(default=45, ge=1)
    office_hours: OfficeHours = OfficeHours()
    account_manager: list[AccountManager] = Field(min_length=1)
    member_company: list[MemberCompany] = Field(default_factory=list)
    staff_chat_id: int | None = None
    """Telegram supergroup of the account managers (used by the Telegram adapter)."""
    bot_username: str | None = None
    """For deep links in link codes (t.me/<bot_username>?start=CODE); Telegram fills it in."""
    coach: list[Coach] = Field(default_factory=list)
    learners: LearnerSettings = LearnerSettings()
    report: ReportSettings = ReportSettings()
    retention: RetentionSettings = RetentionSettings()

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

    def is_open(self, moment: dt.datetime) -> bool:
        local = moment.astimezone(self.zone)
        hours = self.office_hours
        return DAY_NAMES[local.weekday()] in hours.days and hours.open <= local.time() < hours.close

    def next_opening(self, moment: dt.datetime) -> dt.datetime:
        """``moment`` itself when the office is open, else the next opening time."""
        local = moment.astimezone(self.zone)
        for offset in range(8):
            day = local.date() + dt.timedelta(days=offset)
            if DAY_NAMES[day.weekday()] not in self.office_hours.days:
                continue
            opening = dt.datetime.combine(day, self.office_hours.open, tzinfo=self.zone)
            closing = dt.datetime.combine(day, self.office_hours.close, tzinfo=self.zone)
            if local < opening:
                return opening
            if local < closing:
                return local
        raise OrganisationError("office_hours: no open day in a week")

    def add_office_minutes(self, start: dt.datetime, minutes: int) -> dt.datetime:
        """``start`` plus ``minutes`` of office time (evenings and weekends do not count)."""
        moment = self.next_opening(start)
        left = dt.timedelta(minutes=minutes)
        while True:
            closing = dt.datetime.combine(moment.date(), self.office_hours.close, tzinfo=self.zone)
            if moment + left <= closing:
                return (moment + left).astimezone(dt.UTC)
            left -= closing - moment
            moment = self.next_opening(closing)


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
