"""The sections of ``obm.toml`` (office hours, staff, member companies, learner, report and
retention settings); ``obm_bot.organisation`` assembles them into ``Organisation``.

Every model forbids unknown keys, so a typo in ``obm.toml`` is an error naming the key.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from obm_bot.domain.office_calendar import Span, parse_spans, without_breaks

DAY_NAMES = ("ma", "di", "wo", "do", "vr", "za", "zo")
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class OfficeHours(Strict):
    days: list[str] = Field(default_factory=lambda: ["ma", "di", "wo", "do", "vr"], min_length=1)
    open: dt.time = dt.time(8, 30)
    close: dt.time = dt.time(17, 0)
    breaks: list[str] = Field(default_factory=list)
    """Breaks within every office day ("12:00-12:30"): no office minutes, nobody answers."""
    per_day: dict[str, str] = Field(default_factory=dict)
    """A day with hours of its own ("vr" = "08:30-12:00, 12:30-15:00"; "" closes it),
    instead of ``days``, ``open``, ``close`` and ``breaks``."""

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
        self.week()  # the breaks and the per-day periods parse, and leave some office time
        return self

    def week(self) -> dict[int, tuple[Span, ...]]:
        """Office time per weekday (0 is Monday), breaks taken out."""
        breaks = [span for text in self.breaks for span in parse_spans(text)]
        regular = without_breaks(Span(self.open, self.close), breaks)
        week = {DAY_NAMES.index(day): regular for day in self.days}
        for day, text in self.per_day.items():
            if day not in DAY_NAMES:
                raise ValueError(f"per_day: unknown day {day!r}; use {', '.join(DAY_NAMES)}")
            week[DAY_NAMES.index(day)] = parse_spans(text)
        if not any(week.values()):
            raise ValueError("no office hours on any day of the week")
        return week


class AccountManager(Strict):
    name: Name
    telegram_user_id: int | None = None
    phone: str | None = None
    email: str | None = None
    deputy: Name | None = None
    """The colleague who takes over new cases while this account manager is absent."""


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
    portfolio_descriptions: dict[str, Name] = Field(default_factory=dict)
    """What a portfolio item asks, by item name: the learner's "wat moet ik voor X doen?"."""

    @model_validator(mode="after")
    def _descriptions_of_items(self) -> MilestoneTemplate:
        unknown = set(self.portfolio_descriptions) - set(self.portfolio)
        if unknown:
            raise ValueError(f"portfolio_descriptions of unknown items: {sorted(unknown)}")
        return self


class BblWageRow(Strict):
    age: int = Field(ge=14, le=67)
    """Age at the start of the first school year; a learner gets the row of the highest age
    not above theirs."""
    wages: list[Name] = Field(min_length=1)
    """The wage after 0, 1, 2, … completed school years; the last one holds after that."""


class LearnerPay(Strict):
    """What learners earn. ``obm_steps``: the OBM concept's own arrangement, a pay step after
    each milestone (``pay_steps``). ``bbl_table``: the cao's BBL wage table, by age at the
    start and completed school years."""

    scheme: Literal["obm_steps", "bbl_table"] = "obm_steps"
    cao: Name = "cao Metaal en Techniek"
    bbl_table: list[BblWageRow] = Field(default_factory=list)
    fund: Literal["OOM", "A+O Metalektro"] | None = None
    """In ``[[learners.cao_pay]]``: the member companies (by their ``fund``, which follows
    their cao) whose learners this applies to."""

    @model_validator(mode="after")
    def _table_when_chosen(self) -> LearnerPay:
        if self.scheme == "bbl_table" and not self.bbl_table:
            raise ValueError("scheme 'bbl_table' needs [[learners.pay.bbl_table]] rows")
        ages = [row.age for row in self.bbl_table]
        if len(ages) != len(set(ages)):
            raise ValueError("bbl_table has an age twice")
        return self


DEFAULT_DESCRIPTIONS = {
    "werkprocessen fase 1 afgetekend": "je praktijkopleider tekent in je portfolio de"
    " werkprocessen van fase 1 af die je zelfstandig en veilig uitvoert",
    "reflectieverslag": "een kort verslag in je eigen woorden: wat je deze periode hebt gedaan,"
    " wat goed ging, wat lastig was en wat je nu beter kunt",
    "werkprocessen fase 2 afgetekend": "je praktijkopleider tekent de werkprocessen van fase 2"
    " af: het werk dat je nu zonder hulp doet",
    "beoordeling praktijkopleider": "je praktijkopleider beoordeelt hoe je op de werkplek werkt"
    " (vakmanschap, veiligheid, samenwerken) en bespreekt dat met je",
    "proeve van bekwaamheid": "het praktijkexamen: je laat in echt werk zien dat je het vak"
    " beheerst; de school plant het met je leerbedrijf",
    "examendossier compleet": "alle bewijsstukken (afgetekende werkprocessen, verslagen,"
    " beoordelingen) staan in je dossier, zodat de examencommissie kan beslissen",
}


def _described(items: list[str]) -> dict[str, str]:
    return {item: DEFAULT_DESCRIPTIONS[item] for item in items}


class LearnerSettings(Strict):
    pay_steps: list[Name] = Field(
        default_factory=lambda: [
            "startloon volgens je contract",
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
                portfolio_descriptions=_described(
                    ["werkprocessen fase 1 afgetekend", "reflectieverslag"]
                ),
            ),
            MilestoneTemplate(
                name="tussenstap 2",
                share=2 / 3,
                portfolio=["werkprocessen fase 2 afgetekend", "beoordeling praktijkopleider"],
                portfolio_descriptions=_described(
                    ["werkprocessen fase 2 afgetekend", "beoordeling praktijkopleider"]
                ),
            ),
            MilestoneTemplate(
                name="startkwalificatie",
                share=1.0,
                portfolio=["proeve van bekwaamheid", "examendossier compleet"],
                portfolio_descriptions=_described(
                    ["proeve van bekwaamheid", "examendossier compleet"]
                ),
            ),
        ],
        min_length=1,
    )
    reminder_days: int = Field(default=7, ge=0, le=90)
    remind_at: dt.time = dt.time(9, 0)
    link_code_days: int = Field(default=14, ge=1, le=90)
    link_attempts_per_hour: int = Field(default=5, ge=1)
    meeting_days: int = Field(default=21, ge=1, le=120)
    """This many days before a milestone the triad is asked to plan a voortgangsgesprek."""
    pay: LearnerPay = Field(default_factory=LearnerPay)
    """What learners earn, unless their company's cao has its own entry in ``cao_pay``."""
    cao_pay: list[LearnerPay] = Field(default_factory=list)

    @model_validator(mode="after")
    def _pay_for_each_milestone(self) -> LearnerSettings:
        if len(self.pay_steps) != len(self.milestones) + 1:
            raise ValueError("pay_steps needs one step for the start and one per milestone")
        funds = [entry.fund for entry in self.cao_pay]
        if None in funds or len(funds) != len(set(funds)):
            raise ValueError("every [[learners.cao_pay]] needs its own fund")
        return self

    def pay_for(self, fund: str | None) -> LearnerPay:
        """The pay scheme of a learner whose company has this training fund (and cao)."""
        return next((entry for entry in self.cao_pay if entry.fund == fund), self.pay)


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


class CsatSettings(Strict):
    """The customer's verdict after a case is closed (issue 17)."""

    enabled: bool = True
    low_score: int = Field(default=2, ge=1, le=4)
    """A rating at or below this tells the account manager and shows in the queue."""
    ask_comment: bool = True
    """After the rating, invite one optional comment."""
    answer_days: int = Field(default=7, ge=1)
    """A typed 1 to 5 counts as the rating this many days after the prompt."""


class MemberCompany(Strict):
    name: Name
    aliases: list[Name] = Field(default_factory=list)
    account_manager: Name
    region: str | None = None
    place: Name | None = None
    """Where the company is ("Enschede"), to rank offerings by travel distance; a name in
    ``catalogue/places.csv``."""
    fund: Literal["OOM", "A+O Metalektro"] | None = None
    """The company's training fund: OOM for Metaal & Techniek, A+O Metalektro for the larger
    firms under the cao Metalektro. Unknown: funding answers say which fits which size."""
