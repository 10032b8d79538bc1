"""The office calendar: when the OBM answers, and the office-minute arithmetic of the SLA.

"An answer within the hour" means within an hour of office time: evenings, weekends, lunch
breaks, Dutch public holidays (from the ``holidays`` package, not a list of our own) and the
OBM's own closed days (between Christmas and New Year, a bridge day) do not count. Every
place that speaks of time on the desk (the SLA deadline and reminder of a new case, the
"who answers and by when" sentence, the out-of-hours reply) asks this one calendar.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import holidays

SEARCH_DAYS = 400
"""How far ahead an opening is looked for: a year of closures is a broken configuration."""
_SPAN = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*[-–]\s*(\d{1,2}):(\d{2})\s*$")
_MONTH_DAY = re.compile(r"^(\d{2})-(\d{2})$")


@functools.cache
def public_holidays(country: str, language: str) -> holidays.HolidayBase:
    """One holiday table per country and language for the process (several ``Organisation``
    objects are built at start); its years are filled in as they are asked for."""
    return holidays.country_holidays(country, language="en_US" if language == "en" else "nl")


def known_country(code: str) -> bool:
    """Whether ``holidays`` has the country; imports that one country's module only (the
    package's full list imports some 500 of them, seconds at every start)."""
    try:
        public_holidays(code, "nl")
    except NotImplementedError:
        return False
    return True


class CalendarError(Exception):
    """The calendar has no office time at all within ``SEARCH_DAYS``."""


@dataclass(frozen=True, order=True)
class Span:
    """One stretch of office time in a day, e.g. 08:30–12:00."""

    start: dt.time
    end: dt.time

    def __str__(self) -> str:
        return f"{self.start:%H:%M}-{self.end:%H:%M}"


def parse_spans(text: str) -> tuple[Span, ...]:
    """ "08:30-12:00, 12:30-17:00" -> two spans; "" -> none (a closed day). Spans must be in
    order and must not overlap; a ValueError says which part is wrong."""
    spans: list[Span] = []
    for part in (p for p in text.split(",") if p.strip()):
        found = _SPAN.match(part)
        if found is None:
            raise ValueError(f"{part.strip()!r} is not a period like 08:30-12:00")
        h1, m1, h2, m2 = (int(g) for g in found.groups())
        try:
            span = Span(dt.time(h1, m1), dt.time(h2, m2))
        except ValueError:
            raise ValueError(f"{part.strip()!r} is not a time of day") from None
        if span.end <= span.start:
            raise ValueError(f"{span}: the end must be after the start (same day)")
        if spans and span.start < spans[-1].end:
            raise ValueError(f"{span} overlaps or comes before {spans[-1]}")
        spans.append(span)
    return tuple(spans)


def without_breaks(day: Span, breaks: Sequence[Span]) -> tuple[Span, ...]:
    """The office time of ``day`` minus the breaks (a lunch break splits it in two)."""
    spans, start = [], day.start
    for pause in sorted(breaks):
        if pause.start < day.start or pause.end > day.end:
            raise ValueError(f"break {pause} is not within the office hours {day}")
        if pause.start > start:
            spans.append(Span(start, pause.start))
        start = max(start, pause.end)
    if start < day.end:
        spans.append(Span(start, day.end))
    return tuple(spans)


MonthDay = tuple[int, int]


def parse_day(value: dt.date | str) -> dt.date | MonthDay:
    """A date, or "MM-DD" for the same day every year."""
    if isinstance(value, dt.date):
        return value
    found = _MONTH_DAY.match(value.strip())
    if found is None:
        raise ValueError(f"{value!r} is neither a date (2026-12-24) nor a yearly day ('12-24')")
    month, day = int(found[1]), int(found[2])
    try:
        dt.date(2024, month, day)  # a leap year, so "02-29" passes and "13-01" does not
    except ValueError:
        raise ValueError(f"{value!r} is not a day of the year: month first ('12-24')") from None
    return month, day


@dataclass(frozen=True)
class Closure:
    """Days the OBM itself is closed: one day or a range, on given dates or every year."""

    first: dt.date | MonthDay
    last: dt.date | MonthDay
    reason: str

    def covers(self, day: dt.date) -> bool:
        if isinstance(self.first, dt.date) and isinstance(self.last, dt.date):
            return self.first <= day <= self.last
        first, last = _month_day(self.first), _month_day(self.last)
        key = (day.month, day.day)
        if first <= last:
            return first <= key <= last
        return key >= first or key <= last  # wraps round New Year: "12-24" to "01-01"


def _month_day(value: dt.date | MonthDay) -> MonthDay:
    return (value.month, value.day) if isinstance(value, dt.date) else value


@dataclass
class OfficeCalendar:
    zone: ZoneInfo
    week: Mapping[int, tuple[Span, ...]]
    """Office time per weekday (0 is Monday); a missing day is closed."""
    closures: Sequence[Closure] = ()
    country: str | None = "NL"
    """Public holidays of this country (ISO code) are closed; None for none."""
    open_on: frozenset[str] = frozenset()
    """Public holidays (lower-case names, "goede vrijdag") the OBM works anyway."""

    def __post_init__(self) -> None:
        if not any(self.week.get(d) for d in range(7)):
            raise CalendarError("no office hours on any day of the week")

    # --- days ------------------------------------------------------------------------------

    def _named(self, day: dt.date, language: str) -> str | None:
        if not self.country:
            return None
        name = public_holidays(self.country, language).get(day)
        return str(name).split(";")[0].strip() if name else None

    def holiday(self, day: dt.date, language: str = "nl") -> str | None:
        """The public holiday on ``day`` that closes the office ("Koningsdag"; in English
        "King's Day"), if any."""
        dutch = self._named(day, "nl")
        if dutch is None or dutch.lower() in self.open_on:
            return None
        return dutch if language != "en" else self._named(day, "en")

    def closed_reason(self, day: dt.date, language: str = "nl") -> str | None:
        """Why a working day is closed: the holiday or the OBM's closure; None otherwise."""
        holiday = self.holiday(day, language)
        if holiday:
            return holiday
        return next((c.reason for c in self.closures if c.covers(day)), None)

    def spans(self, day: dt.date) -> list[tuple[dt.datetime, dt.datetime]]:
        """The office time of ``day`` as local moments; empty on a closed day."""
        if self.closed_reason(day) is not None:
            return []
        return [
            (
                dt.datetime.combine(day, span.start, tzinfo=self.zone),
                dt.datetime.combine(day, span.end, tzinfo=self.zone),
            )
            for span in self.week.get(day.weekday(), ())
        ]

    # --- moments ---------------------------------------------------------------------------

    def is_open(self, moment: dt.datetime) -> bool:
        local = moment.astimezone(self.zone)
        return any(start <= local < end for start, end in self.spans(local.date()))

    def next_opening(self, moment: dt.datetime) -> dt.datetime:
        """``moment`` itself (local) when the office is open, else the next opening time."""
        local = moment.astimezone(self.zone)
        for offset in range(SEARCH_DAYS):
            for start, end in self.spans(local.date() + dt.timedelta(days=offset)):
                if local < start:
                    return start
                if local < end:
                    return local
        raise CalendarError(f"no office time within {SEARCH_DAYS} days of {local:%Y-%m-%d}")

    def add_office_minutes(self, start: dt.datetime, minutes: int) -> dt.datetime:
        """``start`` plus ``minutes`` of office time, in UTC: closed time does not count."""
        moment = self.next_opening(start)
        left = dt.timedelta(minutes=minutes)
        while True:
            end = next(e for s, e in self.spans(moment.date()) if s <= moment < e)
            if moment + left <= end:
                return (moment + left).astimezone(dt.UTC)
            left -= end - moment
            moment = self.next_opening(end)
