"""Deadlines and moments in words, for staff ("morgen vóór 08:30") and customers ("morgen om
08:30", "tomorrow at 08:30", a call-back's "morgen na 14:00")."""

from __future__ import annotations

import datetime as dt

from obm_bot.dialogue.office_times import day_words
from obm_bot.organisation import Organisation


class Timing:
    org: Organisation

    def _day_and_time(
        self, deadline: dt.datetime, now: dt.datetime, language: str = "nl"
    ) -> tuple[str, str]:
        """The deadline's day ("" today, "morgen", "maandag", "maandag 4 januari" more than
        a week ahead: the office calendar's closures make that happen) and "HH:MM"."""
        local, today = deadline.astimezone(self.org.zone), now.astimezone(self.org.zone)
        return day_words(local.date(), today.date(), language), local.strftime("%H:%M")

    def when(self, deadline: dt.datetime, now: dt.datetime, word: str = "vóór") -> str:
        """For staff: "16:00", "morgen vóór 08:30", "maandag vóór 09:30" (or "na")."""
        day, at = self._day_and_time(deadline, now)
        if not day:
            return at if word == "vóór" else f"vandaag {word} {at}"
        return f"{day} {word} {at}"

    def when_said(
        self, deadline: dt.datetime, now: dt.datetime, language: str = "nl", said: str = ""
    ) -> str:
        """The deadline as a customer reads it: "om 16:00", "morgen om 08:30", "maandag om
        09:30" (English: "at 16:00", "tomorrow at 08:30", "Monday at 09:30"); with ``said``
        (a call-back's "na 14:00") its word: "morgen na 14:00"."""
        day, at = self._day_and_time(deadline, now, language)
        english = language == "en"
        word = "at" if english else "om"
        typed = said.lower().split()
        if typed and english:
            word = next((w for w in ("after", "from", "around") if w in typed), word)
            word = "from" if "between" in typed else word
        elif typed:
            word = next((w for w in ("na", "vanaf", "rond") if w in typed), word)
            word = "vanaf" if "tussen" in typed else word
        return f"{day} {word} {at}" if day else f"{word} {at}"
