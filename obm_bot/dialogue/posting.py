"""Where the engine's replies go: the outbox lane of each, and what it answers."""

from __future__ import annotations

from dataclasses import dataclass

TELEGRAM_LANE = "telegram"
CONSOLE_LANE = "console"


@dataclass(frozen=True)
class Posting:
    """What the outbox needs to know about the message being answered."""

    channel: str
    reply_to: str | None
    origin: str | None
    answered: list[str]

    @classmethod
    def unprompted(cls) -> Posting:
        """Reminders and notices nobody wrote in for."""
        return cls("", None, None, [])

    def lane(self, recipient: str) -> str:
        """Who delivers: a terminal shows its own user's replies; Telegram reaches the rest."""
        if recipient == self.reply_to and self.channel != TELEGRAM_LANE:
            return CONSOLE_LANE
        return (
            TELEGRAM_LANE
            if recipient.partition(":")[0] in ("telegram", "staff", "triad")  # triad: a topic
            else CONSOLE_LANE
        )
