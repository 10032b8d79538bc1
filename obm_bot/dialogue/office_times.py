"""Moments on the office calendar in words, for customers (Dutch and English) and staff.

"om 16:00", "morgen om 08:30", "maandag om 09:30", "maandag 4 januari om 09:30": a day
further than a week away gets its date, so a reply in the Christmas closure is not misread.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from obm_bot.domain.office_calendar import OfficeCalendar

DAYS_NL = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
DAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS_NL = (
    "januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
    "oktober", "november", "december",
)  # fmt: skip
MONTHS_EN = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip
WEEK = 6
"""A day up to this many days ahead is named by its weekday alone."""


def day_words(day: dt.date, today: dt.date, language: str = "nl", brackets: bool = False) -> str:
    """ "" for today, "morgen", "maandag", "maandag 4 januari"; with ``brackets`` tomorrow is
    "morgen (vrijdag)". English: "tomorrow", "Monday", "Monday 4 January"."""
    english = language == "en"
    days, months = (DAYS_EN, MONTHS_EN) if english else (DAYS_NL, MONTHS_NL)
    weekday = days[day.weekday()]
    if day == today:
        return ""
    if day == today + dt.timedelta(days=1):
        word = "tomorrow" if english else "morgen"
        return f"{word} ({weekday})" if brackets else word
    if dt.timedelta(0) < day - today <= dt.timedelta(days=WEEK):
        return weekday
    return f"{weekday} {day.day} {months[day.month - 1]}"


def when_customer(deadline: dt.datetime, now: dt.datetime, zone: ZoneInfo, language: str) -> str:
    """ "om 16:00", "morgen om 08:30", "maandag om 09:30" (English "at 16:00", …)."""
    local = deadline.astimezone(zone)
    day = day_words(local.date(), now.astimezone(zone).date(), language)
    at = f"{'at' if language == 'en' else 'om'} {local:%H:%M}"
    return f"{day} {at}" if day else at


def upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


@dataclass(frozen=True)
class Answering:
    """When a new case will be answered, as the customer is told: "Morgen (vrijdag) vanaf
    08:30 neemt Anouk de Vries contact met u op; uiterlijk 09:30"."""

    open_now: bool
    deadline: str
    """ "om 16:00" while open; while closed the time ("09:30"), with its day when that is
    another day than the opening ("maandag 09:00")."""
    opens: str
    """While closed: "Morgen (vrijdag) vanaf 08:30", "Vanaf 12:30" (English "Tomorrow
    (Friday) from 08:30"); "" while open."""
    closed_reason: str | None
    """Today's holiday or closure ("Koningsdag", "kerstsluiting") while closed for it."""


def answering(
    calendar: OfficeCalendar, deadline: dt.datetime, now: dt.datetime, language: str = "nl"
) -> Answering:
    zone = calendar.zone
    if calendar.is_open(now):
        return Answering(True, when_customer(deadline, now, zone, language), "", None)
    today = now.astimezone(zone).date()
    opening = calendar.next_opening(now)
    english = language == "en"
    day = day_words(opening.date(), today, language, brackets=True)
    since = f"{'from' if english else 'vanaf'} {opening:%H:%M}"
    local = deadline.astimezone(zone)
    later = day_words(local.date(), today, language) if local.date() != opening.date() else ""
    return Answering(
        open_now=False,
        deadline=f"{later} {local:%H:%M}".strip(),
        opens=upper_first(f"{day} {since}".strip()),
        closed_reason=calendar.closed_reason(today, language),
    )
