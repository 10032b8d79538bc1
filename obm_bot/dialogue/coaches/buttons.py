"""The triad's buttons (registered with the loket's typed button data)."""

from __future__ import annotations

from typing import Literal

from obm_bot.dialogue.buttons import CallbackData


class MeetingOutcome(CallbackData):
    """Under "Hoe ging het voortgangsgesprek?": behaald, or how to type uitgesteld."""

    prefix = "gesprek"
    meeting: int
    outcome: Literal["behaald", "uitgesteld", "toch"]
    """ "toch": behaald although portfolio items are still open (asked first)."""
