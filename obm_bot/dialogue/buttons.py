"""Typed button data, in the manner of aiogram's ``CallbackData``.

Every button the loket shows carries one of these, packed as ``prefix:field:field`` within
Telegram's 64 bytes. ``unpack`` is the only place that parses button data; a forged, stale or
malformed string comes back as None and is refused politely by the caller.
"""

from __future__ import annotations

from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from obm_bot.dialogue.messages import MAX_CALLBACK_BYTES, Button

SEPARATOR = ":"


class CallbackData(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    prefix: ClassVar[str]
    registry: ClassVar[dict[str, type[CallbackData]]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "prefix" in cls.__dict__:  # a concrete kind of button, not an intermediate base
            if cls.prefix in CallbackData.registry:
                raise TypeError(f"button prefix {cls.prefix!r} used twice")
            CallbackData.registry[cls.prefix] = cls

    def pack(self) -> str:
        values = [_text(v) for v in self.model_dump().values()]
        if any(SEPARATOR in v for v in values[:-1]):
            raise ValueError(f"{SEPARATOR!r} inside a button field: {values}")
        packed = SEPARATOR.join([self.prefix, *values])
        if len(packed.encode()) > MAX_CALLBACK_BYTES:
            raise ValueError(f"button data over {MAX_CALLBACK_BYTES} bytes: {packed!r}")
        return packed

    def button(self, label: str) -> Button:
        return Button(label=label, data=self.pack())


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)


def unpack(data: str | None) -> CallbackData | None:
    """The typed button behind ``data``; None for anything the loket never made."""
    if not data:
        return None
    prefix, _, rest = data.partition(SEPARATOR)
    kind = CallbackData.registry.get(prefix)
    if kind is None:
        return None
    names = list(kind.model_fields)
    values = rest.split(SEPARATOR, len(names) - 1) if names and rest else []
    if len(values) != len(names):
        return None
    try:
        return kind.model_validate(dict(zip(names, values, strict=True)))
    except ValidationError:
        return None


# --- customers ---------------------------------------------------------------------------


class RoleChoice(CallbackData):
    prefix = "rol"
    role: Literal["werkgever", "werknemer", "leerling", "school", "anders"]


class CourseChoice(CallbackData):
    """One of the courses listed for a request item ("1. TIG lassen ...")."""

    prefix = "cursus"
    index: int


class CountChoice(CallbackData):
    prefix = "aantal"
    count: int


class ScheduleChoice(CallbackData):
    prefix = "rooster"
    schedule: Literal["dag", "avond", "weekend", "in_company", "online", "geen"]


class Answer(CallbackData):
    """Yes or no to the pending question (confirm, "zal ik doorzetten?")."""

    prefix = "ja"
    yes: bool


class IntentChoice(CallbackData):
    """A clarification: "did you mean this?" or a menu entry."""

    prefix = "intent"
    intent: str


class Apply(CallbackData):
    """ "Aanmelden" or "Offerte" under a course's details."""

    prefix = "aanvraag"
    kind: Literal["inschrijving", "offerte"]
    course: str


class StopWaiting(CallbackData):
    """While a handoff waits: ask what stopping means, then keep or withdraw the request."""

    prefix = "stop"
    mode: Literal["vraag", "wachten", "intrekken", "blijven"]


class Forget(CallbackData):
    prefix = "vergeet"
    yes: bool


class LearnerAction(CallbackData):
    prefix = "leerling"
    action: Literal["traject", "begeleider", "spreken", "nee", "driegesprek", "alles"]


# --- staff -------------------------------------------------------------------------------


class Claim(CallbackData):
    prefix = "pak"
    reference: str


class CloseCase(CallbackData):
    prefix = "sluit"
    reference: str
    outcome: int


class ConfirmClose(CallbackData):
    """The confirmation of an outcome chosen by button or number: only this closes a case
    (``outcome`` indexes ``closing.CLOSINGS``; -1 keeps the case open)."""

    prefix = "dicht"
    reference: str
    outcome: int


class FollowedUp(CallbackData):
    """A low rating taken up by the account manager (/opgevolgd)."""

    prefix = "opgevolgd"
    reference: str


# --- customers, after a case ---------------------------------------------------------------


class Rate(CallbackData):
    """The customer's verdict on a closed case, 1 to 5; 0 under the comment invitation means
    "no comment"."""

    prefix = "csat"
    reference: str
    score: int
