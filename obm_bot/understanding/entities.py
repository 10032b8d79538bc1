"""Entities in a Dutch message: participants, schedule, location and period."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict

from obm_bot.understanding.normalise import Normalised, normalise, strip_accents

ScheduleValue = Literal["dag", "avond", "weekend", "in_company", "online"]


class Entities(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    participants: int | None = None
    schedule: ScheduleValue | None = None
    location: str | None = None
    period: str | None = None


# Endings of words for people in metalworking companies, so that compounds such as
# "elektromonteur" or "onderhoudsmonteurs" are recognised without listing every trade.
_PERSON_STEMS = (
    "monteur", "lasser", "operator", "medewerker", "werknemer", "collega", "jongen", "dame",
    "heren", "meneer", "man", "mens", "persoon", "personen", "deelnemer", "cursist", "leerling",
    "stagiair", "verspaner", "tekenaar", "constructeur", "bankwerker", "timmerman", "monteuse",
    "werkvoorbereider", "leidinggevende", "voorman", "ploegleider", "teamleider", "chef",
    "engineer", "technicus", "vakman", "vaklieden", "operateur", "bbler", "trainee", "kandidaat",
    "sollicitant", "plaatwerker", "machinist", "chauffeur", "magazijnmedewerker", "planner",
    "inkoper", "verkoper", "werkvoorbereiders", "draaier", "frezer", "zetter", "meid", "vrouw",
    "kerel", "gast", "lieden", "lui", "elektricien", "installateur", "programmeur", "mentor",
    "zoon", "dochter", "ondernemer", "eigenaar", "directeur", "secretaresse", "administrateur",
    "iemand", "plek", "plekken", "plekje", "plaats", "pers", "employee", "people", "person",
    "student", "guy", "worker", "welder", "colleague", "apprentice", "men",
)  # fmt: skip
_NOT_PEOPLE = frozenset({"manier", "beheer", "onderhoudsbeheer", "vergast"})
_PLURAL_ENDINGS = ("", "s", "en", "es", "nen", "ers", "n")
_SINGULAR_DETERMINERS = frozenset(
    ["een", "onze", "ons", "mijn", "m", "n", "die", "deze", "de", "nieuwe"]
)
_ENROL_VERB = (
    r"(?:aanmeld\w*|aan te melden|meld|inschrijv\w*|in te schrijven|schrijf|opgeven|opgave|"
    r"meedoen|mee doen|boek\w*|reserveer\w*|zet|op de lijst|sign|geef|inplan\w*|noteer|"
    r"leren|verdiepen|bijscholen|volgen)"
)
# "meld mij aan", "kan ik nog meedoen", "boek voor mij": one person, the writer.
_SELF_ENROL = re.compile(
    rf"\b(?:ik|me|mij|mezelf|mijzelf)\b(?:\s+\w+){{0,4}}?\s+{_ENROL_VERB}\b"
    rf"|\b{_ENROL_VERB}\b(?:\s+\w+){{0,3}}?\s+(?:me|mij|mezelf|mijzelf)\b"
    r"|\bvoor (?:mezelf|mijzelf|mij alleen)\b"
    r"|\b(?:sign|register|enrol|enroll|book)\w*\s+(?:me|myself)\b|\bsign\s+up\s+myself\b"
    r"|\bfor myself\b"
)
_TIME_UNITS = frozenset(
    [
        "dag",
        "dagen",
        "week",
        "weken",
        "maand",
        "maanden",
        "jaar",
        "jaren",
        "uur",
        "uren",
        "minuut",
        "minuten",
        "keer",
        "euro",
        "eur",
        "dagdelen",
        "dagdeel",
        "niveau",
        "procent",
        "jaar",
        "jarig",
        "sterren",
        "avonden",
        "lessen",
    ]
)


@lru_cache(maxsize=65536)  # called for every word of every message; words repeat
def is_person_word(word: str) -> bool:
    if word in _NOT_PEOPLE or word in _TIME_UNITS:
        return False
    for stem in _PERSON_STEMS:
        for ending in _PLURAL_ENDINGS:
            if word.endswith(stem + ending) and len(word) <= len(stem) + len(ending) + 14:
                return True
    return False


_GROUP_WORDS = frozenset(
    {"groep", "groepje", "team", "klas", "ploeg", "afdeling", "group", "class", "crew"}
)


def _counted_people(words: Sequence[str]) -> int | None:
    """ "3 man", "3 nieuwe monteurs", "twee van onze jongens", "een groep van 10"."""
    for i, word in enumerate(words):
        if not word.isdigit() or not 0 < int(word) <= 500:
            continue
        before = words[max(0, i - 2) : i]
        # "een groep van 10", "een klas van 20", "met z'n twaalven"
        if len(before) == 2 and before[1] in ("van", "of") and before[0] in _GROUP_WORDS:
            return int(word)
        if before == ("met", "zijn"):
            return int(word)
        for follower in words[i + 1 : i + 4]:
            if follower in _TIME_UNITS:
                break
            # "14 eerstejaars", "20 vmbo'ers": after a number, -ers/-aars words are people
            if is_person_word(follower) or follower.endswith(("ers", "jaars")):
                return int(word)
    return None


def counts_people(words: Sequence[str]) -> bool:
    """Whether the number that starts ``words`` counts people: "3 man", "2 nieuwe monteurs"."""
    return bool(words) and _counted_people(words[:4]) is not None


def counted_people_words(words: Sequence[str]) -> set[str]:
    """The person words of "3 lassers", "zes monteurs": who is meant, not which course."""
    found: set[str] = set()
    for i, word in enumerate(words):
        if word.isdigit():
            found.update(f for f in words[i + 1 : i + 4] if is_person_word(f))
    return found


def trade_words(words: Sequence[str]) -> set[str]:
    """The trade in "ik werk als lasser", "ik ben bbl leerling": who writes, not which course."""
    found: set[str] = set()
    for i, word in enumerate(words):
        if word not in ("als", "ben"):
            continue
        for follower in words[i + 1 : i + 4]:
            if follower in _LEARNING_PATHS or is_person_word(follower):
                found.add(follower)
            elif follower not in ("een", "de", "nog", "eerstejaars", "tweedejaars"):
                break
    return found


_LEARNING_PATHS = frozenset({"bbl", "bol", "bbler", "boler"})


_TALKING = frozenset({"spreken", "bellen", "praten", "spreek", "bel", "contact", "speak", "talk"})


def _one_named_role(words: Sequence[str]) -> bool:
    """ "onze elektromonteur", "een nieuwe ploegleider": one person by role. Not the person
    someone wants to talk to: "kan ik een medewerker spreken?"."""
    if _TALKING & set(words):
        return False
    for i, word in enumerate(words):
        if word not in _SINGULAR_DETERMINERS:
            continue
        for follower in words[i + 1 : i + 3]:
            if follower in {"leerling", "stagiair", "collega", "persoon"}:
                return True
            if is_person_word(follower) and not follower.endswith(("s", "en")):
                return True
    return False


def participants_in(norm: Normalised, not_names: frozenset[str]) -> int | None:
    """How many people the message counts or names; ``participants`` of ``extract_entities``."""
    text = " ".join(norm.words)
    counted = _counted_people(norm.words)
    if counted is not None:
        # "mezelf en 2 collega's": the writer comes on top of the number.
        return counted + (1 if _SELF_AND_OTHERS.search(text) else 0)
    names = person_names(norm.original, not_names)
    if names:
        return len(names)
    if _SELF_AND_ONE.search(text):
        return 2
    if _one_named_role(norm.words) or _SELF_ENROL.search(text):
        return 1
    return None


_SELF_AND_OTHERS = re.compile(
    r"\b(?:mezelf|mijzelf|mij|ik|ikzelf)\s+(?:en|plus|\+|met)\s+(?:nog\s+)?\d+\b"
)
# "mijn collega en mij", "mezelf en een collega": the writer and one other person.
_SELF_AND_ONE = re.compile(
    r"\b(?:mijn|een)\s+(?:\w+\s+)?(?:collega|maat|medewerker|leerling)\s+en\s+(?:mij|mezelf|ik)\b"
    r"|\b(?:mij|mezelf|ik)\s+en\s+(?:mijn|een)\s+(?:collega|maat|medewerker|leerling)\b"
    r"|\bzowel (?:ik|mijzelf|mezelf) als (?:mijn|een)\s+\w+"
    r"|\b(?:my|a)\s+(?:\w+\s+)?(?:colleague|friend|mate|coworker|brother)\s+and\s+(?:me|i|myself)\b"
    r"|\b(?:me|i|myself)\s+and\s+(?:my|a)\s+(?:colleague|friend|mate|coworker|brother)\b"
)
_ENROL_CONTEXT = re.compile(
    r"\b(?:aanmeld|meld|inschr|inschij|schrijf|opgeven|opgave|boek|inplan|noteer|noter|"
    r"reserveer|zet)\w*",
    re.IGNORECASE,
)
_CAPITALISED = re.compile(r"[A-Z][a-z]+(?:-[A-Z][a-z]+)?")
_NAME_PARTICLES = frozenset({"van", "de", "der", "den", "ter", "ten", "te", "el", "al", "la"})
_SENTENCE_START = re.compile(r"(?:^|[.!?]\s*)$")


def person_names(text: str, not_names: frozenset[str] = frozenset()) -> list[str]:
    """Names of people being signed up: "Pieter de Vries", "Bram en Ties".

    Only in a sign-up message, and a capitalised word that starts the message, is a known
    catalogue word ("Excel") or is all capitals ("TIG") is not taken for a name.
    """
    if not _ENROL_CONTEXT.search(text):
        return []
    names: list[list[str]] = []
    current: list[str] = []
    previous_end = 0
    for match in re.finditer(r"[\w'-]+", text):
        word = match.group(0)
        if current and ("," in text[previous_end : match.start()] or word == "en"):
            names.append(current)  # "Jan Smit, Kees Bakker en Tom" are three people
            current = []
        previous_end = match.end()
        at_start = bool(_SENTENCE_START.search(text[: match.start()]))
        is_name = (
            _CAPITALISED.fullmatch(word) is not None
            and not at_start
            and strip_accents(word.lower()) not in not_names
            and not _ENROL_CONTEXT.fullmatch(word)
        )
        if is_name or (current and word in _NAME_PARTICLES):
            current.append(word)
        else:
            if current:
                names.append(current)
            current = []
    if current:
        names.append(current)
    cleaned = [" ".join(_trim_particles(n)) for n in names]
    return [n for n in cleaned if n]


def _trim_particles(parts: list[str]) -> list[str]:
    while parts and parts[-1] in _NAME_PARTICLES:
        parts = parts[:-1]
    return parts


_SCHEDULE_CUES: Sequence[tuple[ScheduleValue, re.Pattern[str]]] = (
    ("in_company", re.compile(
        r"\bin_company\b|\bbij ons\b|\bop (?:onze )?(?:eigen )?locatie\b|\bin (?:ons|het) bedrijf\b"
        r"|\bbij ons in (?:de|het) \w+|\bin onze (?:werkplaats|fabriek|hal|kantine)\b"
        r"|\bop de (?:werkvloer|zaak)\b|\bin huis\b|\bintern\b|\bkomen geven\b")),
    ("online", re.compile(r"\bonline\b|\bdigitaal\b|\bop afstand\b|\bvia (?:teams|zoom)\b"
                          r"|\bthuis (?:leren|studeren)\b|\bvirtueel\b")),
    ("weekend", re.compile(r"\bweekend\w*|\bzaterdag\w*|\bzondag\w*|\bszaterdags\b"
                           r"|\bsaturdays?\b|\bsundays?\b")),
    ("avond", re.compile(r"\w*avond\w*|\bsavonds\b|\bna (?:het )?werk(?:tijd)?\b|\bna vijven\b"
                         r"|\bevenings?\b|\bafter work\b")),
    ("dag", re.compile(r"\boverdag\b|\bdag (?:cursus|opleiding|training)\b|\bdagcursus\b"
                       r"|\bonder werktijd\b|\bdoor de weeks?\b|\bwerkdag\w*|\bdaguren\b"
                       r"|\btijdens (?:werk|werktijd)\b|\bdaytime\b|\bduring the day\b")),
)  # fmt: skip


def schedule_spans(text: str) -> list[tuple[ScheduleValue, int, int]]:
    """Every schedule cue in normalised text with its span, so callers can read negation."""
    return [
        (value, match.start(), match.end())
        for value, pattern in _SCHEDULE_CUES
        for match in pattern.finditer(text)
    ]


def _schedule(norm: Normalised) -> ScheduleValue | None:
    text = " ".join(norm.words)
    for value, pattern in _SCHEDULE_CUES:
        if pattern.search(text):
            return value
    return None


_MONTHS = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
    "jan",
    "feb",
    "mrt",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "okt",
    "nov",
    "dec",
]
_PERIOD = re.compile(
    r"\b(?:(?:begin|eind|half|medio|midden|eind)\s+)?(?:in\s+)?\d{0,2}\s*(?:"
    + "|".join(_MONTHS)
    + r")\b(?:\s+\d{4})?"
    r"|\b(?:na|voor|in|tijdens|rond)\s+de\s+(?:zomer|kerst|bouwvak|vakantie|herfstvakantie|"
    r"zomervakantie|jaarwisseling)\w*"
    r"|\b(?:volgende|komende|deze|over een|over \d+)\s+(?:week|weken|maand|maanden|jaar|kwartaal)"
    r"|\b(?:dit|volgend|komend)\s+(?:jaar|najaar|voorjaar|kwartaal)"
    r"|\bin\s+het\s+(?:voorjaar|najaar)|\b(?:dit|in het|komend)\s+(?:najaar|voorjaar)"
    r"|\bq[1-4]\b|\bzo snel mogelijk\b|\bzsm\b|\basap\b|\bmorgen\b|\bvolgende week\b"
    r"|\b\d{1,2}[-/]\d{1,2}(?:[-/]\d{2,4})?\b"
    r"|\b(?:maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag)(?:en|s)?\b"
    r"|\bna\s+(?:de\s+)?(?:zomer|kerst|pasen|carnaval)\b",
    re.IGNORECASE,
)


_BARE_MONTH = re.compile(r"(?:jan|feb|mrt|apr|jun|jul|aug|sep|sept|okt|nov|dec)", re.IGNORECASE)


_RULED_OUT = re.compile(r"\b(?:niet|geen|behalve|not)\s+(?:op\s+|in\s+|on\s+)?$", re.I)


def _period(norm: Normalised) -> str | None:
    text = strip_text(norm.original)
    for match in _PERIOD.finditer(text):
        found = match.group(0).strip()
        if _BARE_MONTH.fullmatch(found):  # "Jan Smit" is a person, "in jan" a month
            continue
        if _RULED_OUT.search(text[: match.start()]):
            return f"niet {found}"  # "liefst niet op vrijdag": a day ruled out, not wished
        return found
    return None


def strip_text(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def place_keys(places: Iterable[str]) -> list[tuple[str, str]]:
    """(display name, normalised key) pairs, longest first so "Den Helder" beats "Helder"."""
    pairs = {(p, " " + " ".join(normalise(p).words) + " ") for p in places}
    return sorted(pairs, key=lambda pair: -len(pair[1]))


def _location(norm: Normalised, places: Sequence[tuple[str, str]]) -> str | None:
    text = " " + " ".join(norm.words) + " "
    return next((name for name, key in places if key in text), None)


def extract_entities(
    norm: Normalised,
    places: Sequence[tuple[str, str]],
    not_names: frozenset[str] = frozenset(),
) -> Entities:
    return Entities(
        participants=participants_in(norm, not_names),
        schedule=_schedule(norm),
        location=_location(norm, places),
        period=_period(norm),
    )
