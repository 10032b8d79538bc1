"""Dutch text normalisation shared by intent scoring, entity extraction and course matching.

The goal is that the many ways people type the same thing end up as the same tokens:
"Lascursus", "las-cursus" and "las cursus" all become ``las cursus``; "twee" becomes ``2``;
"collega's" becomes ``collegas``; accents and punctuation disappear.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

NUMBER_WORDS: Mapping[str, str] = {
    "eentje": "1", "twee": "2", "drie": "3", "vier": "4", "vijf": "5", "zes": "6",
    "zeven": "7", "acht": "8", "negen": "9", "tien": "10", "elf": "11", "twaalf": "12",
    "dertien": "13", "veertien": "14", "vijftien": "15", "zestien": "16", "zeventien": "17",
    "achttien": "18", "negentien": "19", "twintig": "20", "dertig": "30", "veertig": "40",
    "vijftig": "50", "honderd": "100", "tweetal": "2", "drietal": "3", "viertal": "4",
    "vijftal": "5", "zestal": "6", "tiental": "10", "tweeen": "2", "drieen": "3",
    "vieren": "4", "vijven": "5", "zessen": "6", "zevenen": "7", "achten": "8", "tienen": "10",
    "twaalven": "12",
    # English speakers count too ("two guys"); not "one", "ten" ("ten minste"), "six" (Six Sigma).
    "two": "2", "three": "3", "four": "4", "five": "5", "seven": "7",
    "eight": "8", "nine": "9", "eleven": "11", "twelve": "12", "twenty": "20",
}  # fmt: skip

# Words that end a Dutch compound and carry the kind of thing asked for. Splitting them off
# ("heftruckcertificaat" -> "heftruck certificaat") lets the front part match the catalogue.
COMPOUND_HEADS: tuple[str, ...] = (
    "certificaten", "certificaat", "cursussen", "cursus", "opleidingen", "opleiding",
    "trainingen", "training", "examens", "examen", "diplomas", "diploma", "rijbewijs",
    "kwalificatie", "traject", "trajecten", "lessen", "workshop", "pasje", "module",
    "proef",
)  # fmt: skip
_MIN_COMPOUND_FRONT = 2

# Frequent misspellings and variants of domain words, applied per token after lowercasing.
SPELLING: Mapping[str, str] = {
    "exel": "excel", "excell": "excel", "solidwork": "solidworks", "solid": "solidworks",
    "heftuck": "heftruck", "vorkheftruck": "heftruck",
    "hoogwerk": "hoogwerker", "certifikaat": "certificaat", "sertificaat": "certificaat",
    "certificat": "certificaat", "ofserte": "offerte", "oferte": "offerte", "offerete": "offerte",
    "subsidy": "subsidie", "subsidies": "subsidie", "cursis": "cursus", "curus": "cursus",
    "kursus": "cursus", "traning": "training", "trainig": "training", "opleidng": "opleiding",
    "inschijven": "inschrijven", "inschrijve": "inschrijven", "aanmleden": "aanmelden",
    "hydrolica": "hydrauliek", "hydraulica": "hydrauliek", "hydrouliek": "hydrauliek",
    "pnuematiek": "pneumatiek", "neumatiek": "pneumatiek", "mechatronika": "mechatronica",
    "tussestap": "tussenstap", "mijlpaat": "mijlpaal", "portofolio": "portfolio",
    "portfollio": "portfolio", "incompany": "in_company", "inhouse": "in_company",
    "colega": "collega", "colegas": "collegas", "thnx": "thanks", "thx": "thanks",
    "tnx": "thanks", "dankje": "dank je",
    "dankjewel": "dank je wel", "dankuwel": "dank u wel", "svp": "aub", "alstublieft": "aub",
    "alsjeblieft": "aub", "ajb": "aub", "plz": "aub", "pls": "aub", "ff": "even",
    "welk": "welke", "wanner": "wanneer", "wnr": "wanneer", "hoelang": "hoe lang",
    "mn": "mijn", "zn": "zijn", "lascurses": "lascursus", "leerbedijf": "leerbedrijf",
    "elearning": "online", "webinar": "online",
}  # fmt: skip

# Multi-word spellings that must become one token before punctuation splits them.
PHRASES: Mapping[str, str] = {
    "in-company": "in_company", "in company": "in_company", "in-house": "in_company",
    "e-learning": "online", "e learning": "online", "mig/mag": "mig mag",
    "auto cad": "autocad", "solid works": "solidworks", "praktijk opleider": "praktijkopleider",
    "power point": "powerpoint",
}  # fmt: skip

# Fronts of compounds that are stems of a longer domain word: "lascursus" is about "lassen".
COMPOUND_FRONTS: Mapping[str, str] = {"las": "lassen"}

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'"})
_NON_WORD = re.compile(r"[^a-z0-9_]+")
_ADVERB_S = re.compile(r"(?:^|\s)'s\s+(avonds|ochtends|morgens|middags|zaterdags|zondags)")
_DIGIT_LETTER = re.compile(r"(?<=[0-9])(?=[a-z]{2,})|(?<=[a-z]{2})(?=[0-9])")


def strip_accents(text: str) -> str:
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def split_compound(token: str, heads: tuple[str, ...] = COMPOUND_HEADS) -> list[str]:
    """Split a known head off a compound: "lascursus" -> ["las", "cursus"].

    A linking "s" stays on the front part ("lasserskwalificatie" -> "lassers kwalificatie").
    """
    if not token.endswith(heads):  # one C-level test for the common case
        return [token]
    for head in heads:
        if token.endswith(head) and len(token) - len(head) >= _MIN_COMPOUND_FRONT:
            return [token[: -len(head)], head]
    return [token]


@dataclass(frozen=True, slots=True)
class Normalised:
    """A message after normalisation.

    ``words`` keeps compounds whole (for keyword cues such as "leerbedrijf"); ``tokens`` has the
    compounds split (for course matching and entity extraction).
    """

    original: str
    words: tuple[str, ...]
    tokens: tuple[str, ...]

    @property
    def text(self) -> str:
        return " ".join(self.tokens)


def normalise(text: str, synonyms: Mapping[str, str] | None = None) -> Normalised:
    if synonyms is None:
        return _recent(text)
    return _normalise(text, synonyms)


# One message is normalised more than once (understanding, then the yes/no reading), and
# short replies ("ja", "ok", "3") recur; the result is immutable, so it can be shared.
_RECENT = 256


def _normalise(text: str, synonyms: Mapping[str, str] | None) -> Normalised:
    lowered = strip_accents(text.translate(_APOSTROPHES)).lower()
    # "'s avonds" / "'s morgens" are adverbs; keep them as one recognisable word.
    lowered = _ADVERB_S.sub(r" s\1 ", lowered)
    lowered = lowered.replace("'", "")  # collega's -> collegas, bbl'ers -> bblers
    for phrase, replacement in PHRASES.items():
        lowered = lowered.replace(phrase, replacement)
    lowered = _DIGIT_LETTER.sub(" ", lowered)
    words: list[str] = []
    for raw in _NON_WORD.split(lowered):
        if not raw:
            continue
        word = SPELLING.get(raw, raw)
        if synonyms:
            word = synonyms.get(word, word)
        for part in word.split():
            words.append(NUMBER_WORDS.get(part, part))
    tokens: list[str] = []
    for word in words:
        front, *head = split_compound(word)
        tokens.extend([COMPOUND_FRONTS.get(front, front), *head])
    return Normalised(original=text, words=tuple(words), tokens=tuple(tokens))


@lru_cache(maxsize=_RECENT)
def _recent(text: str) -> Normalised:
    return _normalise(text, None)
