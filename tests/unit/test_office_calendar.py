"""The office calendar: breaks, public holidays, the OBM's closed days, and its settings."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from obm_bot.config import REPO_ROOT
from obm_bot.dialogue.office_times import answering, day_words
from obm_bot.domain.office_calendar import (
    Closure,
    OfficeCalendar,
    Span,
    parse_spans,
    without_breaks,
)
from obm_bot.organisation import Organisation, OrganisationError, load_organisation

ZONE = ZoneInfo("Europe/Amsterdam")


def at(year: int, month: int, day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=ZONE)


@pytest.fixture()
def org() -> Organisation:
    return load_organisation(REPO_ROOT / "obm.example.toml")


def test_periods_parse_and_breaks_split_the_day() -> None:
    assert parse_spans("08:30-12:00, 12:30-17:00") == (
        Span(dt.time(8, 30), dt.time(12)),
        Span(dt.time(12, 30), dt.time(17)),
    )
    assert parse_spans("") == ()
    day = Span(dt.time(8, 30), dt.time(17))
    assert without_breaks(day, parse_spans("12:00-12:30")) == parse_spans("08:30-12:00,12:30-17:00")
    for bad, message in (
        ("8:30", "is not a period"),
        ("12:00-11:00", "the end must be after the start"),
        ("08:00-12:00, 11:00-13:00", "overlaps"),
        ("25:00-26:00", "is not a time of day"),
    ):
        with pytest.raises(ValueError, match=message):
            parse_spans(bad)
    with pytest.raises(ValueError, match="not within the office hours"):
        without_breaks(day, parse_spans("07:00-09:00"))


def test_koningsdag_and_christmas_are_closed(org: Organisation) -> None:
    calendar = org.calendar
    assert calendar.closed_reason(dt.date(2026, 4, 27)) == "Koningsdag"
    assert calendar.closed_reason(dt.date(2026, 12, 25)) == "Eerste kerstdag"
    assert calendar.closed_reason(dt.date(2026, 12, 29)) == "kerstsluiting"  # obm.toml
    assert calendar.closed_reason(dt.date(2026, 4, 3)) is None  # Goede vrijdag: open_on
    assert calendar.closed_reason(dt.date(2026, 4, 28)) is None
    assert calendar.closed_reason(dt.date(2026, 4, 27), "en") == "King's Day"
    assert not calendar.is_open(at(2026, 4, 27, 10))
    # Koningsdag (a Monday) 10:00: the hour starts on Tuesday at opening time.
    assert org.add_office_minutes(at(2026, 4, 27, 10), 60) == at(2026, 4, 28, 9, 30)
    # Christmas Eve 16:30: half an hour left, then Christmas, the weekend, the closure, New
    # Year's Day and another weekend: the rest of the hour is on Monday 4 January.
    assert org.add_office_minutes(at(2026, 12, 24, 16, 30), 60) == at(2027, 1, 4, 9)


def test_the_lunch_break_does_not_count(org: Organisation) -> None:
    assert org.add_office_minutes(at(2026, 11, 25, 11, 45), 45) == at(2026, 11, 25, 13)
    assert org.add_office_minutes(at(2026, 11, 25, 11, 45), 60) == at(2026, 11, 25, 13, 15)
    assert not org.is_open(at(2026, 11, 25, 12, 10))
    assert org.next_opening(at(2026, 11, 25, 12, 10)) == at(2026, 11, 25, 12, 30)
    assert org.add_office_minutes(at(2026, 11, 25, 12, 10), 60) == at(2026, 11, 25, 13, 30)
    assert org.add_office_minutes(at(2026, 11, 25, 11, 0), 60) == at(2026, 11, 25, 12)


def test_friday_evening_counts_from_monday_morning(org: Organisation) -> None:
    assert org.add_office_minutes(at(2026, 11, 27, 18), 60) == at(2026, 11, 30, 9, 30)
    assert org.add_office_minutes(at(2026, 11, 27, 16, 45), 60) == at(2026, 11, 30, 9, 15)


def test_yearly_closures_wrap_round_new_year() -> None:
    closure = Closure((12, 24), (1, 2), "kerstsluiting")
    assert [closure.covers(d) for d in (dt.date(2026, 12, 23), dt.date(2026, 12, 24))] == [
        False,
        True,
    ]
    assert closure.covers(dt.date(2027, 1, 2)) and not closure.covers(dt.date(2027, 1, 3))
    once = Closure(dt.date(2026, 5, 15), dt.date(2026, 5, 15), "brugdag")
    assert once.covers(dt.date(2026, 5, 15)) and not once.covers(dt.date(2027, 5, 15))


def test_a_day_of_its_own_and_no_holidays() -> None:
    week = {d: parse_spans("09:00-17:00") for d in range(4)} | {4: parse_spans("09:00-12:00")}
    calendar = OfficeCalendar(ZONE, week, country=None)
    assert calendar.is_open(at(2026, 4, 27, 10))  # Koningsdag is a working day without "NL"
    assert calendar.add_office_minutes(at(2026, 11, 27, 11, 30), 60) == at(2026, 11, 30, 9, 30)


def test_what_the_customer_is_told(org: Organisation) -> None:
    thursday_evening = at(2026, 11, 26, 19)
    deadline = org.add_office_minutes(thursday_evening, 60)
    told = answering(org.calendar, deadline, thursday_evening)
    assert (told.open_now, told.opens, told.deadline) == (
        False,
        "Morgen (vrijdag) vanaf 08:30",
        "09:30",
    )
    english = answering(org.calendar, deadline, thursday_evening, "en")
    assert english.opens == "Tomorrow (Friday) from 08:30"
    lunch = at(2026, 11, 25, 12, 10)
    told = answering(org.calendar, org.add_office_minutes(lunch, 60), lunch)
    assert (told.opens, told.deadline) == ("Vanaf 12:30", "13:30")
    christmas = at(2026, 12, 25, 11)
    told = answering(org.calendar, org.add_office_minutes(christmas, 60), christmas)
    assert told.closed_reason == "Eerste kerstdag"
    assert told.opens == "Maandag 4 januari vanaf 08:30"  # ten days on: with its date
    assert day_words(dt.date(2026, 11, 30), dt.date(2026, 11, 26)) == "maandag"


def config(tmp_path: Path, old: str, new: str) -> Path:
    text = (REPO_ROOT / "obm.example.toml").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "obm.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('breaks = ["12:00-12:30"]', 'breaks = ["12:00"]', "is not a period like 08:30-12:00"),
        ('breaks = ["12:00-12:30"]', 'breaks = ["18:00-18:30"]', "not within the office hours"),
        ('breaks = ["12:00-12:30"]', 'per_day = { maandag = "" }', "unknown day 'maandag'"),
        (
            'breaks = ["12:00-12:30"]',
            'per_day = { ma = "", di = "", wo = "", do = "", vr = "" }',
            "no office hours on any day",
        ),
        ('public_holidays = "NL"', 'public_holidays = "XX"', "unknown country 'XX'"),
        ('first = "12-28"', 'first = "28-12"', "is not a day of the year: month first"),
        ('first = "12-28"', "first = 2026-12-28", "both be dates or both be yearly"),
        (
            'deputy = "Bart Jansen"',
            'deputy = "Bart"',
            "deputy 'Bart' is not another account_manager",
        ),
        (
            'deputy = "Bart Jansen"',
            'deputy = "Anouk de Vries"',
            "deputy 'Anouk de Vries' is not another account_manager",
        ),
        (
            '# [[absence]]\n# name = "Anouk de Vries"\n# first_day = 2026-07-20\n'
            "# last_day = 2026-08-07",
            '[[absence]]\nname = "Anoek"\nfirst_day = 2026-07-20\nlast_day = 2026-08-07',
            "absence: 'Anoek' is not an account_manager or coach",
        ),
        (
            '# [[absence]]\n# name = "Anouk de Vries"\n# first_day = 2026-07-20\n'
            "# last_day = 2026-08-07",
            '[[absence]]\nname = "Anouk de Vries"\nfirst_day = 2026-07-20\nlast_day = 2026-07-01',
            "last_day 2026-07-01 is before first_day 2026-07-20",
        ),
    ],
)
def test_a_broken_calendar_names_the_key(tmp_path: Path, old: str, new: str, message: str) -> None:
    with pytest.raises(OrganisationError, match=message) as info:
        load_organisation(config(tmp_path, old, new))
    assert "\n" not in str(info.value)


def test_every_day_closed_is_refused(tmp_path: Path) -> None:
    path = config(tmp_path, 'first = "12-28"\nlast = "12-31"', 'first = "01-01"\nlast = "12-31"')
    with pytest.raises(OrganisationError, match="no office time within 400 days"):
        load_organisation(path)
