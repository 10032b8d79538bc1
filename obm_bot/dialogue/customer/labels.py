"""Dutch names for what customers ask, shared by replies, staff notices and the report."""

from __future__ import annotations

from obm_bot.dialogue.buttons import IntentChoice
from obm_bot.domain.models import RequestKind

INTENT_LABELS_NL = {
    "course_search": "Een cursus zoeken", "course_info": "Informatie over een cursus",
    "enrolment": "Iemand aanmelden", "quote_request": "Een offerte",
    "apprenticeship_employer": "Een leerling in mijn bedrijf",
    "apprenticeship_learner": "Een opleiding (BBL/BOL) volgen", "funding": "Subsidie",
    "training_plan": "Een opleidingsplan", "career_advice": "Loopbaanadvies", "evc": "EVC",
    "exam_certification": "Examen of certificaat", "milestone_status": "Mijn voortgang",
    "coach_contact": "Mijn begeleider", "membership": "Lid worden van het OBM",
    "school_services": "Diensten voor scholen", "admin_support": "Administratie",
    "human_handoff": "Een medewerker spreken", "complaint": "Een klacht",
    "greeting": "Gewoon hallo", "help": "Wat kan ik hier vragen?",
    "thanks_goodbye": "Bedankt", "out_of_scope": "Iets anders",
}  # fmt: skip
SUBJECTS_NL = {
    "funding": "subsidie en vergoedingen", "training_plan": "opleidingsplan (BOP)",
    "career_advice": "loopbaanadvies", "evc": "EVC (erkenning van verworven competenties)",
    "exam_certification": "examen of certificaat", "membership": "lidmaatschap van het OBM",
    "apprenticeship_employer": "een BBL-leerling of stagiair in het bedrijf",
    "apprenticeship_learner": "een opleiding (BBL/BOL)", "school_services": "diensten voor scholen",
    "admin_support": "administratie", "human_handoff": "terugbelverzoek",
    "complaint": "klacht", "milestone_status": "voortgang leerling",
    "coach_contact": "contact met begeleider", "course_search": "cursus",
    "course_info": "cursus", "enrolment": "inschrijving", "quote_request": "offerte",
}  # fmt: skip
KIND_LABELS = {
    RequestKind.COURSE: "Cursusaanvraag", RequestKind.ENROLMENT: "Inschrijving",
    RequestKind.QUOTE: "Offerteaanvraag", RequestKind.SERVICE: "Vraag",
    RequestKind.CALLBACK: "Terugbelverzoek", RequestKind.COMPLAINT: "Klacht",
}  # fmt: skip
KIND_LABELS_EN = {
    RequestKind.COURSE: "Course request", RequestKind.ENROLMENT: "Sign-up",
    RequestKind.QUOTE: "Quote request", RequestKind.SERVICE: "Question",
    RequestKind.CALLBACK: "Call-back request", RequestKind.COMPLAINT: "Complaint",
}  # fmt: skip
SUBJECTS_EN = {
    "funding": "subsidies and refunds", "training_plan": "training plan",
    "career_advice": "career advice", "evc": "EVC (recognition of prior learning)",
    "exam_certification": "exam or certificate", "membership": "membership of the OBM",
    "apprenticeship_employer": "an apprentice (BBL) or intern in the company",
    "apprenticeship_learner": "a programme (BBL/BOL)", "school_services": "services for schools",
    "admin_support": "administration", "human_handoff": "call-back request",
    "complaint": "complaint", "milestone_status": "apprentice progress",
    "coach_contact": "contact with the coach", "course_search": "course",
    "course_info": "course", "enrolment": "sign-up", "quote_request": "quote",
}  # fmt: skip
MENU = (
    IntentChoice(intent="course_search").button("Cursus zoeken"),
    IntentChoice(intent="funding").button("Subsidie"),
    IntentChoice(intent="human_handoff").button("Medewerker spreken"),
)
