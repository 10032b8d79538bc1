"""Staff buttons are commands in button form: each press becomes the command it stands for,
so every check a typed command gets (who holds the case, is it still open) applies."""

from __future__ import annotations

from obm_bot.dialogue.buttons import CallbackData, Claim, CloseCase, ConfirmClose, FollowedUp
from obm_bot.dialogue.staff.closing import CLOSINGS

HELP = "/help"


def pressed_command(pressed: CallbackData | None) -> str:
    """The command a staff button stands for; /help for one the staff side never made. An
    outcome button is a number, which asks for a confirmation; only the confirmation closes."""
    if isinstance(pressed, Claim):
        return f"/pak {pressed.reference}"
    if isinstance(pressed, CloseCase):
        return f"/sluit {pressed.reference} {pressed.outcome + 1}"
    if isinstance(pressed, ConfirmClose) and 0 <= pressed.outcome < len(CLOSINGS):
        return f"/sluit {pressed.reference} {CLOSINGS[pressed.outcome]}"
    if isinstance(pressed, FollowedUp):
        return f"/opgevolgd {pressed.reference}"
    return HELP
