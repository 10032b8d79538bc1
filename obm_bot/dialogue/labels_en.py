"""English button labels for English-speaking customers: shown and typed instead of the Dutch
ones; the button's data stays the same, so a press means the same in either language."""

from __future__ import annotations

from collections.abc import Sequence

from obm_bot.dialogue.messages import Button

LABELS_EN = {
    "Aanmelden": "Sign up", "Offerte": "Quote", "Aanvraag intrekken": "Withdraw the request",
    "Alleen niet meer wachten": "Just stop waiting", "Annuleren": "Cancel",
    "Cursus zoeken": "Find a course", "Een medewerker spreken": "Talk to a person",
    "Medewerker spreken": "Talk to a person", "Iets anders": "Something else",
    "Driegesprek aanvragen": "Ask for a three-way meeting",
    "Ja, neem contact op": "Yes, contact me", "Ja, verwijder alles": "Yes, delete everything",
    "Klopt, aanvragen": "Correct, send it", "Mijn begeleider": "My coach",
    "Nee, bedankt": "No, thanks", "Ja, graag": "Yes, please", "Nee, bewaren": "No, keep it",
    "Niet meer wachten": "Stop waiting", "Subsidie": "Subsidies",
    "Toch blijven wachten": "Keep waiting", "Toon mijn traject": "Show my path",
    "Alles over mijn traject": "Everything about my path",
    "Mijn begeleider spreken": "Talk to my coach",
    "Werkgever": "Employer", "Werknemer": "Employee", "Leerling": "Apprentice",
    "School": "School", "Anders": "Other", "Overdag": "Daytime", "’s Avonds": "Evenings",
    "Weekend": "Weekend", "Bij ons op locatie": "At our company", "Online": "Online",
    "Maakt niet uit": "No preference", "Een cursus zoeken": "Find a course",
    "Informatie over een cursus": "Course information", "Iemand aanmelden": "Sign someone up",
    "Een offerte": "A quote", "Een klacht": "A complaint", "Gewoon hallo": "Just saying hello",
    "Wat kan ik hier vragen?": "What can I ask here?", "Bedankt": "Thanks",
    "Examen of certificaat": "Exam or certificate", "Loopbaanadvies": "Career advice",
    "Een opleidingsplan": "A training plan", "Mijn voortgang": "My progress",
    "Lid worden van het OBM": "Becoming a member", "Administratie": "Administration",
    "Een leerling in mijn bedrijf": "An apprentice in my company",
    "Een opleiding (BBL/BOL) volgen": "Studying (BBL/BOL)", "Diensten voor scholen": "For schools",
}  # fmt: skip


def localised(buttons: Sequence[Button], language: str) -> list[Button]:
    """The buttons with English labels for an English conversation; course titles stay."""
    if language != "en":
        return list(buttons)
    return [b.model_copy(update={"label": LABELS_EN.get(b.label, b.label)}) for b in buttons]
