"""The fixed intent labels (DESIGN.md §3). Other tools depend on these exact strings."""

from typing import Final

INTENT_LABELS: Final[tuple[str, ...]] = (
    "greeting", "thanks_goodbye", "help", "course_search", "course_info", "enrolment",
    "quote_request", "apprenticeship_employer", "apprenticeship_learner", "funding",
    "training_plan", "career_advice", "evc", "exam_certification", "milestone_status",
    "coach_contact", "membership", "school_services", "admin_support", "human_handoff",
    "complaint", "out_of_scope",
)  # fmt: skip
OUT_OF_SCOPE: Final = "out_of_scope"
