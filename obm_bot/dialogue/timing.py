"""Deadlines and moments in words, for staff ("morgen vóór 08:30") and customers ("morgen om
08:30", "tomorrow at 08:30", a call-back's "morgen na 14:00")."""

from __future__ import annotations

import datetime as dt

from obm_bot.organisation import Organisation

DAYS_NL = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
DAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


class Timing:
    org: Organisation

    def _day_and_time(self, deadline: dt.datetime, now: dt.datetime) -> tuple[int | None, str]:
        """The deadline's day (None today, -1 tomorrow, else its weekday) and "HH:MM"."""
        local, today = deadline.astimezone(self.org.zone), now.astimezone(self.org.zone)
        at = local.strftime("%H:%M")
        if local.date() == today.date():
            return None, at
        if local.date() == today.date() + dt.timedelta(days=1):
            return -1, at
        return local.weekday(), at

    def when(self, deadline: dt.datetime, now: dt.datetime, word: str = "vóór") -> str:
        """For staff: "16:00", "morgen vóór 08:30", "maandag vóór 09:30" (or "na")."""
        day, at = self._day_and_time(deadline, now)
        if day is None:
            return at if word == "vóór" else f"vandaag {word} {at}"
        return f"{'morgen' if day == -1 else DAYS_NL[day]} {word} {at}"

    def when_said(
        self, deadline: dt.datetime, now: dt.datetime, language: str = "nl", said: str = ""
    ) -> str:
        """The deadline as a customer reads it: "om 16:00", "morgen om 08:30", "maandag om
        09:30" (English: "at 16:00", "tomorrow at 08:30", "Monday at 09:30"); with ``said``
        (a call-back's "na 14:00") its word: "morgen na 14:00"."""
        day, at = self._day_and_time(deadline, now)
        english = language == "en"
        word = "at" if english else "om"
        typed = said.lower().split()
        if typed and english:
            word = next((w for w in ("after", "from", "around") if w in typed), word)
            word = "from" if "between" in typed else word
        elif typed:
            word = next((w for w in ("na", "vanaf", "rond") if w in typed), word)
            word = "vanaf" if "tussen" in typed else word
        if day is None:
            return f"{word} {at}"
        if day == -1:
            return f"{'tomorrow' if english else 'morgen'} {word} {at}"
        return f"{(DAYS_EN if english else DAYS_NL)[day]} {word} {at}"
