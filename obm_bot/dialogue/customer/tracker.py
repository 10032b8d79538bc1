"""The dialogue state of one customer conversation: everything the loket knows so far.

One typed model instead of a loose dict: who the customer is (``Profile``), the requests
being prepared (``Item``), the question waiting for an answer with its buttons (``Pending``)
and a few counters. It is stored as JSON in ``conversations.state``; states written by older
versions are migrated by ``Tracker.load``.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from obm_bot.dialogue.messages import Button
from obm_bot.domain.models import RequestKind, Role

VERSION = 2


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class Question(StrEnum):
    """What the loket is waiting to hear; at most one at a time."""

    COURSE = "course"
    ROLE = "role"
    PARTICIPANTS = "participants"
    SCHEDULE = "schedule"
    CONTACT = "contact"
    """Who to note it for, in one go: company, name and phone, as far as they are missing."""
    COMPANY = "company"
    NAME = "name"
    PHONE = "phone"
    CONFIRM = "confirm"
    OFFER = "offer"
    """ "Shall an account manager take this up?" after an answer about a service."""
    CLARIFY = "clarify"
    """Which of two intents was meant."""
    STOP = "stop"
    """While waiting: stop waiting only, or withdraw the request too?"""
    FORGET = "forget"


class Profile(Model):
    """Who the customer is. Seeded from the stored contact and written back to it."""

    role: Role | None = None
    company: str | None = None
    member: bool = False
    name: str | None = None
    phone: str | None = None
    email: str | None = None
    staff: int | None = None
    """How many people work at a company not in ``obm.toml``: it decides the training fund."""


class Item(Model):
    """One request being prepared: a course, a quote, an enrolment or a service."""

    kind: RequestKind
    intent: str
    words: str = ""
    """The customer's own words for this request, in full."""
    course: str | None = None
    choices: list[str] = Field(default_factory=list)
    """Course ids offered to choose from while ``course`` is open."""
    offering: str | None = None
    picked: bool = False
    """The customer chose ``offering`` from a list ("doe maar de eerste"): kept as it is."""
    provider: str | None = None
    participants: int | None = None
    names: list[str] = Field(default_factory=list)
    schedule: str | None = None
    """A catalogue schedule, or "geen" for no preference."""
    schedule_not: list[str] = Field(default_factory=list)
    place: str | None = None
    period: str | None = None
    language: str | None = None
    remarks: list[str] = Field(default_factory=list)
    asides: list[str] = Field(default_factory=list)
    """What the customer wrote later that was not an answer (a correction, a question, a
    wish), for the account manager; kept with the case's first item."""


class Pending(Model):
    question: Question
    item: int | None = None
    """Index into ``Tracker.items`` of the item the question is about."""
    buttons: list[Button] = Field(default_factory=list)
    template: str = ""
    context: dict[str, Any] = Field(default_factory=dict)
    """How the question was asked, so it can be asked again exactly."""
    intent: str | None = None
    """CLARIFY: the intent asked about first; OFFER: the service offered."""
    words: str = ""
    """CLARIFY and OFFER: the customer's words, kept for the request that may follow."""


class Tracker(Model):
    version: int = VERSION
    profile: Profile = Field(default_factory=Profile)
    items: list[Item] = Field(default_factory=list)
    confirmed: bool = False
    pending: Pending | None = None
    extra_buttons: list[Button] = Field(default_factory=list)
    """Buttons of the last message that asked nothing (a menu, "Aanmelden"/"Offerte")."""
    misses: int = 0
    last_course: str | None = None
    """The course the loket last showed, for "wat kost die?"."""
    origin: str | None = None
    """The place the customer last asked about ("in de buurt van enschede"), for distances
    when the request being prepared names none."""
    schedule_wish: str | None = None
    """The schedule asked for before any request was made, for ranking what is shown."""
    shown: list[str] = Field(default_factory=list)
    """The offerings last shown, in the order shown: "de tweede", "die in Almelo"."""
    last_words: str = ""
    """The customer's last typed message, for a request started by a button under it."""
    last_reply: str | None = None
    """The last text sent, so the same paragraph is never sent twice in a row."""
    facts_told: list[str] = Field(default_factory=list)
    """The ``knowledge/`` facts given in this conversation, latest last: "bron?" and the notice."""
    language: str = "nl"
    """The customer's language ("nl" or "en"), from their last clear message: replies follow it."""
    waiting: bool = True
    """False once the customer chose to stop waiting: the request stays with the account
    manager, but the loket answers the customer itself again."""
    asides: list[str] = Field(default_factory=list)
    """Messages of this request that were not answers to a question, in order."""
    acknowledged: bool = False
    """A relayed message during the current handoff was acknowledged once already."""
    unanswered: int = 0
    """How often in a row the open question got something that answered nothing."""
    skipped: list[Question] = Field(default_factory=list)
    """Questions left open after three replies that did not answer them: never asked again
    for this request; the account manager asks if it matters."""

    @classmethod
    def load(cls, stored: dict[str, Any]) -> Tracker:
        """The stored JSON; older dict states keep their request in progress."""
        if stored.get("version") == VERSION:
            try:
                return cls.model_validate(stored)
            except ValidationError:
                return cls()
        return _migrate_v1(stored)

    def dump(self) -> dict[str, Any]:
        return self.model_dump(mode="json")

    def dump_json(self) -> str:
        """``dump`` as JSON text, serialised by pydantic in one step (no dict in between)."""
        return self.model_dump_json()

    def reset(self) -> None:
        """Forget the conversation's work in progress; the profile stays."""
        self.items = []
        self.asides = []
        self.confirmed = False
        self.pending = None
        self.extra_buttons = []
        self.misses = 0
        self.unanswered = 0
        self.skipped = []

    def restart(self) -> None:
        """A fresh start (/start, /menu): the work in progress and what it referred to go;
        who the customer is stays."""
        self.reset()
        self.last_course = None
        self.shown = []
        self.origin = None
        self.schedule_wish = None
        self.last_words = ""

    def offered(self) -> list[Button]:
        """Every button that is valid now."""
        question = self.pending.buttons if self.pending else []
        return [*question, *self.extra_buttons]

    def current(self) -> int | None:
        """The item a correction or detail is about: the one asked about, else the last."""
        asked = self.pending.item if self.pending is not None else None
        if asked is not None and asked < len(self.items):
            return asked
        return len(self.items) - 1 if self.items else None

    def current_item(self) -> Item | None:
        index = self.current()
        return self.items[index] if index is not None else None


def _migrate_v1(stored: dict[str, Any]) -> Tracker:
    """Version 1 kept ``step``, ``options`` and a ``flow`` dict: keep the request, re-ask."""
    tracker = Tracker()
    flow = stored.get("flow") or {}
    try:
        if flow.get("kind"):
            tracker.items = [
                Item(
                    kind=RequestKind(flow["kind"]),
                    intent=str(flow.get("intent") or "course_search"),
                    words=str(flow.get("subject") or ""),
                    course=flow.get("course"),
                    choices=list(flow.get("choices") or []),
                    participants=flow.get("participants"),
                    schedule=flow.get("schedule"),
                    period=flow.get("period"),
                )
            ]
            tracker.confirmed = bool(flow.get("confirmed"))
    except (ValueError, ValidationError):
        tracker.items = []
    return tracker
