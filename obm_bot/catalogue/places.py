"""Dutch places with coordinates (``catalogue/places.csv``, GeoNames): find, spot in text, measure.

``find`` looks a name up exactly, after normalisation (case, accents, punctuation). It is
never fuzzy: "Hengeloo" is not "Hengelo", because a wrong place gives a wrong distance.

``mentioned`` spots the place in a customer's free message. Dutch is full of words that are
also village names ("best", "ee", "lies", "echt", "heel"), so a name counts in free text only

- when the place has at least ``FREE_TEXT_POPULATION`` inhabitants and its name is not a
  common word (``COMMON_WORDS``), or
- when it follows a word that announces a place: "in", "bij", "uit", "nabij", "vlakbij",
  "rond", "rondom", "regio", "omgeving", "omgeving van", "buurt van" ("in de buurt van").

A few village names are never read in free text (``NOT_IN_TEXT``: "een", "hem", ...): they
follow "in" and "bij" too often as plain words. ``find`` still knows them.

Of several matches the longest name wins ("capelle aan den ijssel" over "capelle"), then the
first in the text.
"""

from __future__ import annotations

import csv
import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from obm_bot.catalogue.models import Catalogue, Form
from obm_bot.config import REPO_ROOT

DEFAULT_PATH = REPO_ROOT / "catalogue" / "places.csv"
EARTH_RADIUS_KM = 6371.0088  # the mean radius (IUGG)
FREE_TEXT_POPULATION = 2000
# Place names of at least FREE_TEXT_POPULATION inhabitants that are also everyday Dutch (or
# English) words; without a word like "in" before them they are read as words.
COMMON_WORDS = frozenset(
    {
        "best", "echt", "heel", "neer", "well", "made", "enter", "goes", "son", "mill",
        "born", "stein", "leek", "lent", "nes", "berg", "beek", "sluis", "haren", "helden",
        "velden", "putten", "houten", "kessel", "ruinen", "klimmen", "handel", "horn", "hoek",
        "elst", "epe", "ede", "loon", "erp", "esch", "rijen", "baarn", "zelhem", "hoeven",
        "buren", "laren", "vries", "wijk", "de wijk", "heide", "aalst", "rossum", "epen",
        "meer", "oost", "west", "zuid", "noord", "halfweg", "garderen", "beers", "spijk",
        "lage", "winsum", "vorden", "drunen", "bergen", "eext", "ens", "grou", "nuis", "eersel",
        "balk", "zetten", "veen", "ven", "reek", "loo",
    }
)  # fmt: skip
# Village names that are words too frequent after "in" or "bij" ("in een", "bij hem", "wat
# te doen bij brand", "regio oost", "geachte heer"): never read as a place in free text.
NOT_IN_TEXT = frozenset({"een", "hem", "brand", "groet", "waarde", "oost", "heer"})
# The words before a name that make it a place, as the normalised word sequences.
TRIGGERS = (
    ("in",), ("bij",), ("uit",), ("nabij",), ("vlakbij",), ("rond",), ("rondom",),
    ("regio",), ("omgeving",), ("omgeving", "van"), ("buurt", "van"),
)  # fmt: skip
_NON_WORD = re.compile(r"[^a-z0-9]+")


class PlacesError(ValueError):
    """``places.csv`` is missing or malformed; the message names the file and line."""


def place_key(text: str) -> str:
    """ "'s-Hertogenbosch" -> "s hertogenbosch": the form names are compared in."""
    text = text.casefold()
    if not text.isascii():
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(_NON_WORD.sub(" ", text).split())


@dataclass(frozen=True)
class Place:
    name: str
    latitude: float
    longitude: float
    population: int


@dataclass(frozen=True)
class _Entry:
    words: tuple[str, ...]
    place: Place
    free: bool
    """Counts in free text without a place word before it."""


class Places:
    """The gazetteer: built once, then read by every message (no mutation after __init__)."""

    def __init__(self, places: Iterable[tuple[Place, Sequence[str]]]) -> None:
        """``places`` are places with their aliases; a name beats an alias, and of two places
        with the same name the most populous wins (Hengelo in Overijssel, not Gelderland)."""
        listed = list(places)
        self._all = tuple(place for place, _ in listed)
        by_key: dict[str, Place] = {}
        ranked = sorted(listed, key=lambda item: -item[0].population)
        for place, _ in ranked:
            by_key.setdefault(place_key(place.name), place)
        for place, aliases in ranked:
            for alias in aliases:
                by_key.setdefault(place_key(alias), place)
        by_key.pop("", None)
        self._by_key = by_key
        index: dict[str, list[_Entry]] = {}
        for key, place in by_key.items():
            if key in NOT_IN_TEXT:
                continue
            free = place.population >= FREE_TEXT_POPULATION and key not in COMMON_WORDS
            words = tuple(key.split())
            index.setdefault(words[0], []).append(_Entry(words, place, free))
        for entries in index.values():
            entries.sort(key=lambda entry: -len(entry.words))
        self._index = index

    @classmethod
    def load(cls, path: Path | None = None) -> Places:
        """Read ``places.csv``; by default the one shipped in the repository's catalogue."""
        source = path or DEFAULT_PATH
        try:
            text = source.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise PlacesError(f"{source}: cannot be read: {exc}") from None
        lines = [(n, line) for n, line in enumerate(text.splitlines(), 1) if line.strip()]
        data = [(n, line) for n, line in lines if not line.startswith("#")]
        rows = list(csv.reader(line for _, line in data))
        if not rows or rows[0] != ["name", "latitude", "longitude", "population", "aliases"]:
            raise PlacesError(f"{source}: expected the header name,latitude,longitude,...")
        return cls(_parse(source, n, row) for (n, _), row in zip(data[1:], rows[1:], strict=True))

    def find(self, name: str) -> Place | None:
        """The place with this name or alias, ignoring case, accents and punctuation."""
        return self._by_key.get(place_key(name))

    def mentioned(self, text: str) -> Place | None:
        """The place a free message names, by the rule in the module docstring."""
        words = place_key(text).split()
        best: tuple[int, int] | None = None
        found: Place | None = None
        for start, word in enumerate(words):
            for entry in self._index.get(word, ()):
                size = len(entry.words)
                if tuple(words[start : start + size]) != entry.words:
                    continue
                if not (entry.free or _announced(words, start)):
                    continue
                rank = (size, -start)
                if best is None or rank > best:
                    best, found = rank, entry.place
                break  # the entries are longest first: the rest at this start are shorter
        return found

    def distance_km(self, a: Place, b: Place) -> float:
        """Great-circle distance (haversine): as the crow flies, not by road."""
        lat1, lat2 = math.radians(a.latitude), math.radians(b.latitude)
        dlat = lat2 - lat1
        dlon = math.radians(b.longitude - a.longitude)
        h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
        return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))

    def __len__(self) -> int:
        return len(self._all)


def _announced(words: list[str], start: int) -> bool:
    return any(tuple(words[max(0, start - len(t)) : start]) == t for t in TRIGGERS)


def _parse(source: Path, line: int, row: list[str]) -> tuple[Place, list[str]]:
    try:
        name, latitude, longitude, population, aliases = row
        place = Place(name.strip(), float(latitude), float(longitude), int(population))
    except ValueError as exc:
        raise PlacesError(f"{source}:{line}: malformed row {row!r}: {exc}") from None
    if not place.name:
        raise PlacesError(f"{source}:{line}: empty name")
    return place, [alias for alias in aliases.split("|") if alias.strip()]


def unknown_places(catalogue: Catalogue, places: Places) -> list[str]:
    """Provider cities and classroom offering locations that ``places`` does not know.

    One line per problem, naming the provider or offering; online and in-company offerings
    have no place ("online", "bij u op locatie") and are skipped.
    """
    problems = [
        f"provider {p.id!r}: city {p.city!r} is not a known place"
        for p in catalogue.providers
        if places.find(p.city) is None
    ]
    problems += [
        f"offering {o.id!r}: location {o.location!r} is not a known place"
        for o in catalogue.offerings
        if o.form not in (Form.ONLINE, Form.IN_COMPANY) and places.find(o.location) is None
    ]
    return problems
