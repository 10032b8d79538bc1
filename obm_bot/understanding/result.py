"""What the understanding layer returns for one message."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from obm_bot.understanding.entities import Entities, ScheduleValue


class Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


RoleValue = Literal["werkgever", "werknemer", "leerling", "school"]
YesNo = Literal["yes", "no"]


class Details(Frozen):
    """What a message says about the customer and the request, besides its intent
    (read by ``understanding/details.py``)."""

    role: RoleValue | None = None
    """Inferred from how people describe themselves: "eigenaar", "wij hebben 14 man in dienst"
    (werkgever); "ik werk als monteur bij ..." (werknemer); "techniekdocent vmbo" (school);
    "ik ben bbl leerling" (leerling)."""
    company: str | None = None
    """A member company's configured name when one is named anywhere in the message (alias,
    typo, lower case); otherwise a non-member company's name only ("Smederij Jansen"), never
    the raw sentence."""
    member: bool = False
    """``company`` is a member company from the configuration."""
    name: str | None = None
    """The writer's own name: "met Jeroen de Wit", "ik ben Piet", "mijn naam is ...",
    "groet, Kees Bakker"."""
    phone: str | None = None
    """A Dutch phone number as typed, trimmed: "06-12345678", "010-4567890", "+31 6 1234 5678"."""
    email: str | None = None
    participant_names: list[str] = Field(default_factory=list)
    """People being signed up ("Bram en Ties"), never the writer's own name."""
    participants: int | None = None
    """How many people; in a correction the new value ("nee 4 man niet 3" -> 4)."""
    schedule: ScheduleValue | None = None
    """The wanted schedule, with negation: "overdag kan niet" is not ``dag``."""
    schedule_not: list[ScheduleValue] = Field(default_factory=list)
    """Schedules ruled out: "overdag kan niet" -> ["dag"]."""
    place: str | None = None
    """Where the customer wants it ("in de buurt van Enschede", "niet in Hengelo maar Almelo"
    -> "Almelo"); a catalogue place or a known Dutch place, as displayed."""
    place_not: str | None = None
    """A place ruled out ("niet in Hengelo maar Almelo" -> "Hengelo")."""
    provider: str | None = None
    """A catalogue provider's id when one is named ("bij SMEOT", "zadkine")."""
    language: Literal["nl", "en"] | None = None
    """Language of instruction asked for ("in het engels", "engelstalig")."""
    remarks: list[str] = Field(default_factory=list)
    """Practical remarks for the account manager, as written ("factuur naar de zaak")."""
    reply: YesNo | None = None
    """The message is only a yes or a no ("ja graag", "ok", "doe maar", "nee hoor", "👍")."""
    number: int | None = None
    """The message is essentially one number ("3", "3 zei ik toch al", "drie")."""
    correction: bool = False
    """The message corrects something said before ("nee 4 man niet 3", "toch 5", "o wacht",
    "liever ...", "niet in X maar Y", "andere cursus")."""
    asks_wait: bool = False
    """The customer asks how long it takes or who will answer ("hoe lang duurt het nog")."""


class IntentScore(Frozen):
    intent: str
    confidence: float = Field(ge=0, le=1)


class CourseHit(Frozen):
    id: str
    title: str
    score: float


class Understanding(Frozen):
    text: str
    intent: str
    confidence: float = Field(ge=0, le=1)
    alternatives: list[IntentScore]
    courses: list[CourseHit]
    cue_courses: list[CourseHit] = Field(default_factory=list)
    """Courses named only by the intent's own cue words ("lasproef" for an exam question,
    "evc"): not a course request, but the course a price or date question is about."""
    qualifications: list[CourseHit] = Field(default_factory=list)
    entities: Entities
    details: Details = Field(default_factory=Details)
    """Who writes and the particulars of the request, for the dialogue's tracker."""
    language: Literal["nl", "en"] = "nl"
    """The language the message is written in, for the reply (``understanding/language.py``);
    not ``details.language``, the language of instruction asked for."""

    @property
    def runner_up(self) -> IntentScore | None:
        return self.alternatives[0] if self.alternatives else None

    def classify_record(self) -> dict[str, object]:
        """The JSON object of the ``obm-bot classify`` contract (shared/eval/README.md)."""
        return {
            "text": self.text,
            "intent": self.intent,
            "confidence": self.confidence,
            "alternatives": [a.model_dump() for a in self.alternatives],
            "courses": [c.model_dump() for c in self.courses],
            "entities": self.entities.model_dump(),
        }
