"""What the understanding layer returns for one message."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from obm_bot.understanding.details import Details
from obm_bot.understanding.entities import Entities


class Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


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
    qualifications: list[CourseHit] = Field(default_factory=list)
    entities: Entities
    details: Details = Field(default_factory=Details)
    """Who writes and the particulars of the request, for the dialogue's tracker."""

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
