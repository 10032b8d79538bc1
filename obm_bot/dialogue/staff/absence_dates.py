"""The date of "/afwezig tot 5 januari": Dutch dates as staff type them.

"5 januari", "05-01", "5-1-2027", "vrijdag", "morgen" are read by ``dateparser`` (Dutch,
day before month, always the next such day); "tot" means back on that day, "t/m" or "tot en
met" back the day after.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import dateparser

_INCLUSIVE = re.compile(r"^(t/m|tm|tot\s+en\s+met)\s+")
_UNTIL = re.compile(r"^(tot|until)\s+")


class UnreadableDateError(ValueError):
    """Not a date, or a date that is not in the future; ``kind`` names which."""

    def __init__(self, kind: str, text: str) -> None:
        super().__init__(f"{kind}: {text}")
        self.kind = kind
        self.text = text


@dataclass(frozen=True)
class Until:
    back: dt.date
    """The first day back at work."""
    last: dt.date
    """The last day away."""

    def ends_at(self, zone: ZoneInfo) -> dt.datetime:
        return dt.datetime.combine(self.back, dt.time(0), tzinfo=zone)


def read_until(text: str, now: dt.datetime, zone: ZoneInfo) -> Until | None:
    """What follows /afwezig; None when nothing does (away until /terug)."""
    words = " ".join(text.lower().split())
    if not words:
        return None
    inclusive = _INCLUSIVE.match(words)
    words = _INCLUSIVE.sub("", words) if inclusive else _UNTIL.sub("", words)
    local = now.astimezone(zone)
    parsed = dateparser.parse(
        words,
        languages=["nl"],
        settings={
            "DATE_ORDER": "DMY",
            "PREFER_DATES_FROM": "future",
            "RELATIVE_BASE": local.replace(tzinfo=None),
            "RETURN_AS_TIMEZONE_AWARE": False,
        },
    )
    if parsed is None:
        raise UnreadableDateError("unreadable", text.strip())
    day = parsed.date()
    back = day + dt.timedelta(days=1) if inclusive else day
    if back <= local.date():
        raise UnreadableDateError("past", text.strip())
    return Until(back=back, last=back - dt.timedelta(days=1))
