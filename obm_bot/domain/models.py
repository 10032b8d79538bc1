"""Records the loket keeps: contacts, conversations, requests, handoffs, messages.

These are plain pydantic models; storage turns rows into them and the engine never sees SQL.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Role(StrEnum):
    EMPLOYER = "werkgever"
    EMPLOYEE = "werknemer"
    LEARNER = "leerling"
    SCHOOL = "school"
    OTHER = "anders"


class HandoffStatus(StrEnum):
    OPEN = "open"
    CLAIMED = "claimed"
    CLOSED = "closed"
    CANCELLED = "cancelled"

    @property
    def dutch(self) -> str:
        """How staff screens say it (the stored value stays English)."""
        return _HANDOFF_STATUS_NL[self]


_HANDOFF_STATUS_NL = {
    HandoffStatus.OPEN: "open",
    HandoffStatus.CLAIMED: "opgepakt",
    HandoffStatus.CLOSED: "afgesloten",
    HandoffStatus.CANCELLED: "ingetrokken",
}


class Priority(StrEnum):
    NORMAL = "normaal"
    HIGH = "hoog"


class RequestKind(StrEnum):
    """What the customer asked the OBM to do; the intent says what they talked about."""

    COURSE = "cursusaanvraag"
    ENROLMENT = "inschrijving"
    QUOTE = "offerte"
    SERVICE = "dienstverlening"
    CALLBACK = "contactverzoek"
    COMPLAINT = "klacht"


class Contact(Record):
    id: int
    channel: str
    channel_user_id: str
    display_name: str | None = None
    role: Role | None = None
    name: str | None = None
    company: str | None = None
    company_id: int | None = None
    """Set when ``company`` is a member company from the configuration."""
    phone: str | None = None
    email: str | None = None
    blocked: bool = False
    created_at: dt.datetime


class Conversation(Record):
    id: int
    contact_id: int
    state: dict[str, Any] = Field(default_factory=dict)
    """The dialogue's working memory (current question, chosen course, slots)."""
    created_at: dt.datetime
    updated_at: dt.datetime


class Request(Record):
    id: int
    reference: str
    contact_id: int
    conversation_id: int
    kind: RequestKind
    intent: str
    courses: list[str] = Field(default_factory=list)
    entities: dict[str, Any] = Field(default_factory=dict)
    summary: str
    status: str
    created_at: dt.datetime


class Handoff(Record):
    id: int
    reference: str
    request_id: int | None
    conversation_id: int
    contact_id: int
    status: HandoffStatus
    priority: Priority
    assignee: str | None
    """Account manager name; None while it waits in the shared queue."""
    opened_at: dt.datetime
    sla_deadline: dt.datetime
    reminder_at: dt.datetime
    reminded_at: dt.datetime | None = None
    escalated_at: dt.datetime | None = None
    claimed_at: dt.datetime | None = None
    first_response_at: dt.datetime | None = None
    closed_at: dt.datetime | None = None
    outcome: str | None = None
    callback_at: dt.datetime | None = None
    """The moment the customer asked to be called ("morgen na 14:00"); reminded then."""
    callback_said: str | None = None
    """The customer's own words for that moment."""
    callback_reminded_at: dt.datetime | None = None


class Message(Record):
    id: int
    conversation_id: int
    direction: str  # "in" or "out"
    author: str  # "klant", "bot" or "medewerker:<naam>"
    text: str
    created_at: dt.datetime
