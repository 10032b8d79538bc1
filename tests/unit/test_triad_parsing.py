"""How the triad reads dates, a learner's topic and a coach's name."""

from __future__ import annotations

import datetime as dt

import pytest

from obm_bot.adapters.telegram.updates import in_triad_topic
from obm_bot.dialogue.coaches.line import greeting_name
from obm_bot.dialogue.coaches.meetings import MeetingError, parse_moment


def test_meeting_moments_in_both_date_orders_with_or_without_a_time() -> None:
    assert parse_moment("2027-01-06 10:00") == (dt.date(2027, 1, 6), dt.time(10, 0), "")
    assert parse_moment("6-1-2027 9.30 uur") == (dt.date(2027, 1, 6), dt.time(9, 30), "uur")
    assert parse_moment("06/01/2027 portfolio niet af") == (
        dt.date(2027, 1, 6), None, "portfolio niet af",
    )  # fmt: skip
    assert parse_moment("2027-02-01 25:00 te laat") == (dt.date(2027, 2, 1), None, "25:00 te laat")
    for wrong in ("morgen", "2027-02-30", "31-13-2027", ""):
        with pytest.raises(MeetingError):
            parse_moment(wrong)


def test_text_in_a_learners_topic() -> None:
    assert in_triad_topic("Goed bezig", "L12", staff=True) == "/triade L12 Goed bezig"
    assert in_triad_topic("Goed bezig", "L12", staff=False) == "L12 Goed bezig"
    assert in_triad_topic("/gesprek 2027-01-06 10:00", "L12", True) == (
        "/gesprek L12 2027-01-06 10:00"
    )
    assert in_triad_topic("/uitkomst L3 behaald", "L12", True) == "/uitkomst L3 behaald"
    assert in_triad_topic("/wachtrij", "L12", True) == "/wachtrij"


def test_a_title_is_no_first_name() -> None:
    assert greeting_name("Piet Bakker") == "Piet"
    assert greeting_name("Mw. De Boer") == "Mw. De Boer"
    assert greeting_name("dhr Jansen") == "dhr Jansen"
