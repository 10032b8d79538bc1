"""The moment a customer wants to be called: "bel me morgen na 14:00", "maandag om 10 uur",
"vanmiddag na drie uur", "donderdag tussen 9 en 11", "call me tomorrow after 2 pm".

dateparser was tried first and measured wrong on these short Dutch phrases ("maandag om 10
uur" became October next year, "na 2 uur" two hours ago, "vanmiddag" nothing), so this is a
small reader of exactly the shapes a call-back takes: a day word and a time, each optional
but one of them needed, with "na"/"vanaf"/"om"/"tussen"/"voor". A time without a day is today
when still to come, else the next day; a day without a time is the office's opening time.
An hour 1–7 without minutes means the afternoon ("na 2 uur" at the office is 14:00).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

DAYS = {
    "maandag": 0, "dinsdag": 1, "woensdag": 2, "donderdag": 3, "vrijdag": 4, "zaterdag": 5,
    "zondag": 6, "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
    "saturday": 5, "sunday": 6,
}  # fmt: skip
RELATIVE = {"vandaag": 0, "today": 0, "morgen": 1, "tomorrow": 1, "overmorgen": 2}
PART_ENDS = {9: 12, 13: 17, 18: 21}
PARTS = {  # a part of the day: the hour it starts, when no time is given
    "vanochtend": (0, 9), "vanmorgen": (0, 9), "vanmiddag": (0, 13), "vanavond": (0, 18),
    "ochtend": (None, 9), "middag": (None, 13), "avond": (None, 18), "morning": (None, 9),
    "afternoon": (None, 13), "evening": (None, 18),
}  # fmt: skip
NUMBER_WORDS = {
    "een": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6, "zeven": 7, "acht": 8,
    "negen": 9, "tien": 10, "elf": 11, "twaalf": 12, "half": -1,
}  # fmt: skip
_NUMBER = r"(?:\d{1,2}|" + "|".join(NUMBER_WORDS) + r")"
TIME = re.compile(
    r"\b(?P<word>na|vanaf|om|rond|tussen|voor|after|at|around|between|before|from)?\s*"
    rf"(?:(?P<half>half)\s+)?\b(?P<hour>{_NUMBER})(?:[:.](?P<minute>\d{{2}}))?\b"
    r"(?!\s*(?:man|pers|mens|coll|deeln|jong|medew|leerl|keer|dag|week|weken|euro|eur|%"
    r"|people|persons|guys|-?\d))"
    r"\s*(?P<unit>uur|u\b|h\b|pm|am)?"
    rf"(?:\s*(?:en|and|tot|-|–)\s*{_NUMBER}(?:[:.]\d{{2}})?(?:\s*(?:uur|u\b|pm|am))?)?",
    re.IGNORECASE,
)
DAY = re.compile(r"\b(?:" + "|".join(sorted([*DAYS, *RELATIVE], key=len, reverse=True)) + r")\b",
                 re.IGNORECASE)  # fmt: skip
PART = re.compile(r"\b(?:" + "|".join(sorted(PARTS, key=len, reverse=True)) + r")\b", re.IGNORECASE)
COMPOUND = re.compile(r"\b(vandaag|morgen|overmorgen)(ochtend|middag|avond)\b", re.IGNORECASE)
BEFORE = frozenset({"voor", "before"})
AFTERNOON_BELOW = 8  # "om 3 uur" at an office means 15:00


@dataclass(frozen=True)
class Moment:
    at: dt.datetime
    """The instant to call from (aware, in the OBM's zone)."""
    said: str
    """The customer's words for it ("morgen na 14:00")."""


def _hour(match: re.Match[str]) -> tuple[int, int] | None:
    raw = match.group("hour").lower()
    hour = int(raw) if raw.isdigit() else NUMBER_WORDS[raw]
    minute = int(match.group("minute") or 0)
    if match.group("half"):  # "half drie" is 2:30
        hour, minute = hour - 1, 30
    unit = (match.group("unit") or "").lower()
    afternoon = unit != "am" and 1 <= hour < AFTERNOON_BELOW and not match.group("minute")
    if (unit == "pm" and hour < 12) or afternoon:
        hour += 12
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        return None
    return hour, minute


def _time(text: str) -> tuple[tuple[int, int], str] | None:
    """The first time of day in ``text`` that reads as one: with a word before it ("na 2"),
    a unit after it ("14 uur", "2 pm") or minutes ("14:00")."""
    for match in TIME.finditer(text):
        if not any(match.group(m) for m in ("word", "unit", "minute", "half")):
            continue
        if (
            match.group("hour").isdigit()
            and not match.group("minute")
            and not match.group("unit")
            and int(match.group("hour")) > 23
        ):
            continue
        found = _hour(match)
        if found is not None:
            return found, match.group(0).strip()
    return None


def read_moment(text: str, now: dt.datetime, zone: dt.tzinfo, opens: dt.time) -> Moment | None:
    """The moment ``text`` asks to be called at, or None when it names none (or one gone)."""
    text = COMPOUND.sub(r"\1 \2", text)  # "morgenmiddag"
    local = now.astimezone(zone)
    day_match, part_match, time_found = DAY.search(text), PART.search(text), _time(text)
    if day_match is None and part_match is None and time_found is None:
        return None
    day = local.date()
    hour, minute = opens.hour, opens.minute
    words: list[str] = []
    if day_match is not None:
        words.append(day_match.group(0))
        name = day_match.group(0).lower()
        if name in RELATIVE:
            day += dt.timedelta(days=RELATIVE[name])
        else:
            day += dt.timedelta(days=(DAYS[name] - local.weekday()) % 7 or 7)  # next Monday
    if part_match is not None:
        words.append(part_match.group(0))
        _, hour = PARTS[part_match.group(0).lower()]
        minute = 0
    if time_found is not None:
        (hour, minute), said = time_found
        words.append(said)
        if said.split()[0].lower() in BEFORE:  # "voor 12 uur": as early as the day allows
            hour, minute = opens.hour, opens.minute
    at = dt.datetime.combine(day, dt.time(hour, minute), zone)
    limit = time_found[0] if time_found is not None else None
    before = (
        limit is not None
        and time_found is not None
        and (time_found[1].split()[0].lower() in BEFORE)
    )
    if before and limit and at <= local < at.replace(hour=limit[0], minute=limit[1]):
        at = local  # "voor 12 uur" said at 10: now
    elif at <= local and part_match is not None and day == local.date():
        if local.hour >= PART_ENDS[hour]:
            return None  # "vanochtend" said in the afternoon: gone
        at = local  # "vanochtend" said at 10: now
    elif at <= local and day_match is None:
        at += dt.timedelta(days=1)  # "na 10 uur" said at 11: tomorrow
    if at < local:
        return None  # a moment already gone
    return Moment(at, " ".join(words))


def wanted_call(
    texts: list[str], now: dt.datetime, zone: dt.tzinfo, opens: dt.time
) -> Moment | None:
    """The moment a call-back request asks for, from the customer's words for it and what
    they wrote later ("bel me terug" ... "liefst morgen na 14:00"): the last one named."""
    found = [m for m in (read_moment(t, now, zone, opens) for t in texts if t) if m]
    return found[-1] if found else None
