"""What the customer policies decide: small action records that one executor applies.

Policies never touch the store or the renderer; they return these, so that a policy test can
read what the loket would do without SQLite or templates.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from obm_bot.dialogue.customer.tracker import Question
from obm_bot.dialogue.messages import Button
from obm_bot.domain.models import RequestKind


@dataclass(frozen=True)
class Say:
    """A message that asks nothing; its buttons (a menu) stay valid next to the question's."""

    template: str
    context: dict[str, Any] = field(default_factory=dict)
    buttons: tuple[Button, ...] = ()


@dataclass(frozen=True)
class Ask:
    """The one question of a reply; its buttons stay valid until it is answered."""

    question: Question
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    buttons: tuple[Button, ...] = ()
    item: int | None = None
    intent: str | None = None
    words: str = ""
    lead: str | None = None
    """A template said first in the same message ("Ik noteer ook de heftruck; eerst ...")."""
    lead_context: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class RecordRequests:
    """Record every prepared item as a request and hand the conversation to a person."""

    priority_high: bool = False


@dataclass(frozen=True)
class Relay:
    """A message for the account manager who holds the conversation."""

    text: str
    acknowledge: bool = False


@dataclass(frozen=True)
class EndWaiting:
    """The customer stops waiting: the request stays with the account manager (``keep``),
    or is withdrawn too."""

    keep: bool


@dataclass(frozen=True)
class NoteDemand:
    """A course question, kept for the management report."""

    intent: str


@dataclass(frozen=True)
class Reset:
    """Forget the work in progress (the profile stays)."""

    fresh: bool = False
    """Also forget what was last shown and said (/start, /menu): the next message is read
    as the first of a new conversation, not about the course shown before."""


@dataclass(frozen=True)
class StartRequest:
    """Prepare a request of this kind; the form then asks what it still needs."""

    kind: RequestKind
    intent: str
    words: str = ""


@dataclass(frozen=True)
class DropItem:
    """The customer wants none of the courses listed for this item ("Iets anders")."""

    index: int


@dataclass(frozen=True)
class Delegate:
    """Work for another room of the loket: learners, privacy, deep links."""

    room: Literal["learner", "learner_button", "privacy_show", "privacy_ask", "privacy_answer",
                  "link"]  # fmt: skip
    value: str = ""


Action = (
    Say
    | Ask
    | RecordRequests
    | Relay
    | EndWaiting
    | NoteDemand
    | Reset
    | StartRequest
    | DropItem
    | Delegate
)
