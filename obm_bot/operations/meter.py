"""What the running bot tells its monitoring, as calls that cost nothing unless measured.

The Telegram adapter calls a ``Meter``; this one does nothing, so ``prometheus_client`` is
imported only when the health endpoint is on (``operations.metrics.PrometheusMeter``).
"""

from __future__ import annotations


class Meter:
    def received(self, channel: str, count: int) -> None:
        """``count`` messages came in on ``channel``."""

    def sent(self, channel: str, count: int) -> None:
        """``count`` messages went out on ``channel``."""

    def intent(self, label: str) -> None:
        """A customer's message was understood as ``label``."""

    def telegram_error(self, kind: str) -> None:
        """A Bot API call failed; ``kind`` is the error's class (``RetryAfter``, ...)."""

    def answered(self, seconds: float) -> None:
        """Updates in to replies stored in the outbox took ``seconds``."""
