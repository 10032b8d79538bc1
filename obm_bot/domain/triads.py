"""The learner's triad: the three coaches (and the account manager) on one shared line, and
the progress meetings (voortgangsgesprekken) the bot arranges before each milestone."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from obm_bot.domain.learners import CoachRole
from obm_bot.domain.models import Record


class TriadMember(Record):
    """One coach of one learner, as stored; ``contact_id`` once they linked a chat account."""

    id: int
    learner_id: int
    role: CoachRole
    name: str
    phone: str | None = None
    contact_id: int | None = None


class MeetingStatus(StrEnum):
    PROPOSED = "voorgesteld"
    PLANNED = "afgesproken"
    ASKED = "uitkomst_gevraagd"
    CLOSED = "afgerond"


class Meeting(Record):
    id: int
    learner_id: int
    milestone_id: int
    due_date: dt.date
    """The milestone's date when the meeting was proposed."""
    requested_by: str
    status: MeetingStatus
    created_at: dt.datetime
    planned_at: dt.datetime | None = None
    planned_by: str | None = None
    ask_outcome_at: dt.datetime | None = None
    outcome: str | None = None
    postponed_to: dt.date | None = None
    note: str | None = None
    closed_at: dt.datetime | None = None


class TriadPost(Record):
    author: str
    role: str
    text: str
    created_at: dt.datetime
