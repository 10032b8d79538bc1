"""Reading slot values out of one message: typed answers with extra words, and details.

"3 zei ik toch al", "van dam constructie, had ik al gezegd" and "Piet de Boer" are answers;
"maakt niet uit" at the company question is not a company. A detail said later replaces one
said earlier: that is how a correction works.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from obm_bot.dialogue.buttons import CallbackData, RoleChoice
from obm_bot.dialogue.customer.tracker import Item, Question
from obm_bot.dialogue.labels_en import LABELS_EN
from obm_bot.domain.models import Role
from obm_bot.understanding.detail_cues import COMPANY_MARKERS
from obm_bot.understanding.lexicon import COMMON_WORDS
from obm_bot.understanding.phones import PHONE
from obm_bot.understanding.result import Details, Understanding

# Words people add to an answer that are not the answer ("van dam, had ik al gezegd").
FILLER = re.compile(
    r"\b(?:(?:dat|dit|het)\s+)?(?:ik\s+)?(?:zei|had|heb|zeg)\s+(?:ik\s+)?(?:het\s+|dat\s+)?"
    r"(?:toch\s+)?(?:net\s+)?(?:al|net)\b(?:\s+gezegd\b)?|"
    r"\b(?:had|heb|zei|zeg)\s+ik\s+(?:toch\s+)?(?:al|net)(?:\s+gezegd)?\b|\bstaat\s+er\s+toch\b"
    r"|\bstaat\s+(?:toch\s+)?in\s+mijn\s+(?:eerste\s+|vorige\s+)?bericht\b|\bzoals\s+gezegd\b"
    r"|\btoch\s+al\b|\b(?:het\s+is|dat\s+is|wij\s+zijn|ik\s+ben|we\s+zijn)\b|\bgraag\b"
    # "ik zei het net al", "dat zei ik toch al", "we are Twente Steel", "(tel 074-…)"
    r"|\b(?:we\s+are|i\s+am|i'm|this\s+is|it\s+is|it's|my\s+name\s+is|our\s+company\s+is)\b"
    r"|\(?\b(?:tel|telefoon|mob)\b\.?:?\s*\)?",
    re.IGNORECASE,
)
NOT_GIVEN = "niet opgegeven"
MAX_COUNT = 500
NOT_A_COUNT = re.compile(
    r"week\s+\d|om\s+\d|€\s*\d|\d+\s*(?:uur|euro|eur|dagen|dag|weken|maanden|jaar|januari"
    r"|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december"
    r"|jan|feb|mrt|apr|jun|jul|aug|sep|okt|nov|dec)\b"
)
SCHOOL_WORDS = re.compile(
    r"\b(?:school|college|lyceum|roc|vmbo|mbo|scholengemeenschap|hogeschool)\b", re.IGNORECASE
)
ALSO = re.compile(r"\book\b|\berbij\b", re.IGNORECASE)
COMPANY_SIZE = re.compile(
    r"\b\d+\s+(?:\w+\s+)?(?:in dienst|personeel|werknemers in dienst)\b|\bin dienst\b",
    re.IGNORECASE,
)
NONE_OF_THESE = re.compile(
    r"\bgeen van (?:allen|alle|beide|deze|die)\b|\bniks daarvan\b|\bgeen daarvan\b"
    r"|\biets anders\b",
    re.IGNORECASE,
)
NO_COMPANY = re.compile(
    r"\bliever niet\b|\bzeg ik (?:liever )?niet\b|\bgeen bedrijf\b|\bvoor mezelf\b"
    r"|\bparticulier\b|\bzzp\b|\bwerkzoekend\b|\bgeen werkgever\b",
    re.IGNORECASE,
)
REFUSALS = frozenset({
    "maakt", "uit", "geen", "idee", "weet", "niet", "nvt", "n.v.t.", "liever",
    # Sounds and short words that answer nothing: "hmm" is nobody's name.
    "hmm", "hm", "hmmm", "eh", "ehm", "uh", "uhm", "euh", "huh", "pff", "tja", "nou", "ja",
    "nee", "ok", "oke", "okay", "oké", "yes", "no", "idk", "dunno", "wat", "what",
})  # fmt: skip
ROLE_WORDS = {r.value: r for r in Role} | {
    "werknemer": Role.EMPLOYEE, "baas": Role.EMPLOYER, "zelf": Role.EMPLOYEE,
    "ikzelf": Role.EMPLOYEE, "ik zelf": Role.EMPLOYEE, "mezelf": Role.EMPLOYEE,
    "voor mezelf": Role.EMPLOYEE, "ik": Role.EMPLOYEE, "employee": Role.EMPLOYEE,
    "employer": Role.EMPLOYER, "myself": Role.EMPLOYEE, "apprentice": Role.LEARNER,
}  # fmt: skip


@dataclass(frozen=True)
class Message:
    text: str
    reading: Understanding | None
    button: CallbackData | None = None

    @property
    def details(self) -> Details:
        return self.reading.details if self.reading else Details()


@dataclass
class Heard:
    """What one message changed, for the policies."""

    answered: bool = False
    """The pending question got its answer (pressed, typed or with extra words)."""
    declined: bool = False
    """A no to the pending question."""
    doubted: bool = False
    """A typed "nee" to the summary: something in it is wrong (pressing "Annuleren" cancels)."""
    learned: list[str] = field(default_factory=list)
    added: list[int] = field(default_factory=list)


def apply_details(item: Item, reading: Understanding, details: Details) -> list[str]:
    """The particulars of a request; a later value replaces an earlier one (a correction).
    Returns the item's slots that changed."""
    entities = reading.entities
    counted = details.participants
    if counted is None and not (details.phone or COMPANY_SIZE.search(reading.text)):
        counted = entities.participants  # "14 man in dienst" is the company, "06-…" a phone
    counted = corrected_count(reading.text) or counted  # "2 man. nee wacht 3" means 3
    place = details.place or entities.location
    if place and details.company and place.lower() in details.company.lower():
        place = details.place  # "Hengelo Plaatwerk" is a company, not a wish for Hengelo
    values: dict[str, object] = {
        "participants": counted,
        "provider": details.provider,
        "place": place,
        "period": entities.period,
        # "is dat in het engels?" asks; only "graag in het Engels" wishes
        "language": details.language if "?" not in reading.text else None,
    }
    schedule = details.schedule or entities.schedule
    if schedule and schedule not in details.schedule_not:
        values["schedule"] = schedule
    if details.participant_names:
        # The last list said is the full one: "Daan ook, dus 3 man: Bram, Ties en Daan".
        named = list(reversed(dict.fromkeys(reversed(details.participant_names))))
        if ALSO.search(reading.text) and not set(item.names) <= set(named):
            named = list(dict.fromkeys([*item.names, *named]))  # "Daan gaat ook mee"
        values["names"] = named
        values["participants"] = values["participants"] or len(named)
    changed = []
    for slot, value in values.items():
        if value and getattr(item, slot) != value:
            setattr(item, slot, value)
            changed.append(slot)
    if details.schedule_not:
        excluded = sorted(set(item.schedule_not) | set(details.schedule_not))
        if excluded != item.schedule_not:
            item.schedule_not = excluded
            changed.append("schedule_not")
        if item.schedule in excluded:
            item.schedule = None
    if details.place_not and item.place == details.place_not:
        item.place = None
        changed.append("place")
    new_remarks = [r for r in details.remarks if r not in item.remarks]
    if new_remarks:
        item.remarks = [*item.remarks, *new_remarks]
        changed.append("remarks")
    return changed


CORRECTING = re.compile(r"\b(?:nee|wacht|sorry|toch|bedoel|correctie)\b", re.IGNORECASE)
COUNT = re.compile(r"(?<![\d-])\b(niet\s+)?(\d{1,3})\b(?![\d-])", re.IGNORECASE)


def corrected_count(text: str) -> int | None:
    """The number said after a correction word, unless it is the one ruled out:
    "2 man. nee wacht 3" -> 3, "nee 4 man niet 3" -> 4."""
    marker = CORRECTING.search(text)
    if marker is None:
        return None
    for found in COUNT.finditer(text, marker.end()):
        around = text[max(0, found.start() - 8) : found.end() + 10].lower()
        if found.group(1) or NOT_A_COUNT.search(around):
            continue  # "niet 3", "week 12", "om 3 uur", "€ 300"
        if 0 < int(found.group(2)) <= MAX_COUNT:
            return int(found.group(2))
    return None


def apply_shared(item: Item, reading: Understanding) -> list[str]:
    """What "allebei overdag" says of every need: when and where, never how many or who."""
    entities = reading.entities.model_copy(update={"participants": None})
    details = reading.details.model_copy(update={"participants": None, "participant_names": []})
    return apply_details(item, reading.model_copy(update={"entities": entities}), details)


def _role(message: Message) -> Role | None:
    if isinstance(message.button, RoleChoice):
        return Role(message.button.role)
    if message.details.role:
        return Role(message.details.role)
    return ROLE_WORDS.get(_bare(message.text, 2).lower())


def _company(message: Message) -> str | None:
    details = message.details
    if details.company or details.reply:
        return details.company
    if details.participants or details.number or details.correction:
        return None  # "o wacht, 4 man niet 3" at the company question is a correction
    if ordinal(message.text) is not None or _a_label(message.text):
        return None  # "de tweede", "Klopt, aanvragen": a choice, not a company
    if NO_COMPANY.search(message.text):  # "liever niet zeggen", "voor mezelf": never re-asked
        return NOT_GIVEN
    return _proper(_bare(message.text, 8))


def _name(message: Message) -> str | None:
    details = message.details
    if ordinal(message.text) is not None or _a_label(message.text):
        return None  # "de tweede", "Klopt, aanvragen": a choice, not a name
    if details.name or details.company or details.reply:
        return details.name  # "Bouwmeester Metaal" at the name question is no name
    text = message.text.replace(details.phone, " ") if details.phone else message.text
    return _proper(_bare(text.split(",")[0], 5, letters_only=True))  # "kees smit 06 …"


BUTTON_LABELS = frozenset(label.lower() for pair in LABELS_EN.items() for label in pair)


def _a_label(text: str) -> bool:
    """A button's label typed (or pasted) where a value is asked: no name or company."""
    return text.strip().rstrip(".!").lower() in BUTTON_LABELS


def _proper(answer: str) -> str | None:
    """A name answer has a word of its own: "maakt niet uit", "weet ik niet" or "2" is none."""
    words = answer.lower().split()
    if not words or all(w in COMMON_WORDS or w in REFUSALS for w in words):
        return None
    if not any(re.search(r"[^\W\d_]{2}", w) for w in words):
        return None
    return answer


# Answers that fill the customer's profile: the question's value names the profile slot.
PROFILE_ANSWERS: dict[Question, Callable[[Message], object]] = {
    Question.ROLE: _role,
    Question.COMPANY: _company,
    Question.NAME: _name,
    Question.PHONE: lambda message: message.details.phone,
}


ORDINALS = {"eerste": 1, "tweede": 2, "derde": 3, "vierde": 4, "laatste": -1}


def ordinal(text: str) -> int | None:
    """ "de tweede", "die eerste": a place in the list just shown."""
    words = re.findall(r"[a-z]+", text.lower())
    found = [ORDINALS[w] for w in words if w in ORDINALS]
    if len(found) != 1 or found[0] <= 0:
        return None
    leading = words.index(next(w for w in words if w in ORDINALS)) <= 1  # "die eerste, …"
    return found[0] if len(words) <= 4 or leading else None


def contact_card(message: Message, missing: list[str]) -> dict[str, str]:
    """ "Bouwmeester Metaal, Jeroen de Wit, 06 12345678": the contact details asked for in one
    question, in any order; what the detail reader does not recognise is taken in the order
    asked (company, then name)."""
    details = message.details
    found: dict[str, str] = {}
    counted = details.participants and not details.participant_names  # "4 man", not names
    if counted or details.number or details.correction:
        return found  # "o wacht, 4 man niet 3": a correction, not a contact card
    if details.phone:
        found["phone"] = details.phone
    if details.company and "company" in missing:
        found["company"] = details.company
    if details.name:
        found["name"] = details.name
    text = message.text
    for said in (details.phone, details.email):
        text = text.replace(said, " ") if said else text  # "anton 0612312312": the name stays
    rest = [
        part.strip(" .")
        for part in re.split(r"[,;\n]| - ", text)
        if part.strip(" .") and not re.search(r"\d{3}|@", part)
        and not (details.company and details.company.lower() in part.lower())
        and not (details.name and details.name.lower() in part.lower())
        and _proper(_bare(part, 8))  # "had ik al gezegd" says nothing
    ]  # fmt: skip
    if "company" in missing and "company" not in found:
        marked = next((p for p in rest if _company_like(p)), None)
        if marked:  # "Smederij Oost", "het Twents College": a company by its words
            found["company"] = marked[:120]
            rest.remove(marked)
    if len(rest) == 1 and "name" in missing and "name" not in found:
        order: tuple[str, ...] = ("name",)  # one part left that is no company: a name
    else:
        order = ("company", "name")
    for slot in order:
        if slot in missing and slot not in found and rest:
            answer = _proper(_bare(rest[0], 8 if slot == "company" else 5))
            if answer:
                found[slot] = answer
                rest = rest[1:]
    return found


def _company_like(text: str) -> bool:
    words = re.findall(r"[\w.]+", text)
    return any(COMPANY_MARKERS.fullmatch(w.rstrip(".")) for w in words) or bool(
        SCHOOL_WORDS.search(text)
    )


NAME_BEFORE = re.compile(
    r"(?:^|[.,:;!]\s*)([A-Z][a-z]+(?:\s+(?:(?:van|de|der|den|ter)\s+)*[A-Z][a-z]+){1,2})\s*[,:]?\s*$"
)


def name_near_phone(text: str, phone: str | None) -> str | None:
    """ "… niet opdagen. Henk Bos, 0611223344": a first and last name right before a phone."""
    if not phone or phone not in text:
        return None
    found = NAME_BEFORE.search(text[: text.index(phone)])
    return found.group(1) if found else None


def reply(details: Details) -> bool | None:
    return {"yes": True, "no": False}.get(details.reply or "")


def _bare(text: str, max_words: int, letters_only: bool = False) -> str:
    """A typed answer without the words around it; "" when it is not a short answer."""
    if "?" in text:
        return ""
    cleaned = FILLER.sub(" ", PHONE.sub(" ", text)).replace("(", " ").replace(")", " ")
    cleaned = re.sub(r"\s+", " ", cleaned).strip(" .,!;:-")
    words = cleaned.split()
    if not words or len(words) > max_words:
        return ""
    if letters_only and not all(re.fullmatch(r"[^\W\d_][\w'.-]*", w) for w in words):
        return ""
    return cleaned[:120]
