"""Questions about courses the loket can answer from the catalogue, in the context shown.

"wat kost die in almelo eigenlijk per persoon?", "wanneer nog meer?", "is de tweede in het
engels?", "heftruck bij SMEOT of STODT?": what is asked (the aspects), about which course, and
which of the offerings just shown is meant ("die", "die in Almelo", "de tweede", "de
avondcursus", "bij smeot"). Pure: reads the tracker and the message, returns a question the
executor renders with ``course_answer``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass, field

from obm_bot.catalogue.fit import Fit, Ranking, Wishes
from obm_bot.catalogue.models import Catalogue, Form
from obm_bot.dialogue.customer.needs import SERVICE_INTENTS
from obm_bot.dialogue.customer.slots import Message, ordinal
from obm_bot.dialogue.customer.tracker import Tracker
from obm_bot.understanding.detail_cues import key_of, provider_keys

ASPECTS: dict[str, re.Pattern[str]] = {
    "price": re.compile(
        r"\bkost\w*|\bprijs\w*|\btarie\w*|\b(?:hoe|te|erg|zo) duur\b|\beuro\b|\bbetal\w*"
        r"|\bhow much\b|\bcosts?\b|\bprices?\b|\bexpensive\b|\bcheap\b",
        re.IGNORECASE,
    ),
    "dates": re.compile(
        r"\bwanneer\b|\bstart\w*|\bbegin\w*|\bdata\b|\bdatum\w*|\bnog meer\b|\bandere data\b"
        r"|\bwelke dag\w*|\bwhen\b|\bdates?\b|\bstarts?\b|\bnext one\b",
        re.IGNORECASE,
    ),
    "place": re.compile(
        r"\bwaar\b|\badres\w*|\blocatie\w*|\bhoe ver\b|\bafstand\b|\bwhere\b|\baddress\b"
        r"|\blocation\b|\bhow far\b",
        re.IGNORECASE,
    ),
    "duration": re.compile(
        r"\bhoe lang\b|\bduurt\b|\bhoeveel (?:uur|dagen|dagdelen|avonden|lessen)\b|\brooster\b"
        r"|\bhow long\b|\bhow many (?:hours|days|lessons)\b",
        re.IGNORECASE,
    ),
    "language": re.compile(
        r"\bengels\w*|\bnederlands\w*|\btaal\b|\benglish\b|\bdutch\b|\blanguage\b", re.I
    ),
    "level": re.compile(
        r"\bvooropleiding\w*|\bvoorkennis\b|\bervaring nodig\b|\bniveau\b|\binstap\w*"
        r"|\bbeginner\w*|\bgeschikt\b|\btoelating\w*|\beisen\b",
        re.IGNORECASE,
    ),
    "certificate": re.compile(
        r"\bcertifica\w*|\bdiploma\w*|\bpasje\b|\bgeldig\w*|\berkend\w*|\bherhal\w*", re.I
    ),
}
CHEAPEST = re.compile(r"\bgoedkoo?p\w*|\bvoordelig\w*|\bminst\w* (?:kost|duur)", re.I)
EARLIEST = re.compile(r"\bhet eerst\b|\bhet snelst\b|\bzo snel mogelijk\b|\beerder\b", re.I)
DIFFERENCE = re.compile(r"\bverschil\w*|\bvergelijk\w*|\bwat is beter\b", re.IGNORECASE)
ASKING = re.compile(
    r"\?|^\W*(?:en\s+)?(?:wat|wanneer|waar|hoe|hoeveel|welke|wie|is|zijn|kan|kun|kunnen|heeft"
    r"|hebben|zit|doet|how|what|when|where|which|is|are|can|do|does)\b",
    re.IGNORECASE,
)
NEAR = re.compile(
    r"\b(?:buurt|omgeving|dichtbij|vlakbij|zitten in|zit in|vanuit|uit|regio)\b", re.IGNORECASE
)  # where the customer is, not which of the offerings shown ("die in almelo")
POINTING = re.compile(
    r"\b(?:die|dat|deze|daar|daarvan|hij|ze|zo een|zo'n|it|that|this|those)\b", re.I
)
CHOOSING = re.compile(
    r"\b(?:doe|doen|neem|nemen|kies|kiezen|graag|wordt|liever|boek\w*|reserveer\w*|akkoord"
    r"|prima|die wil|dat wil|ok[eé]?|take|book|go with|choose|that one)\b",
    re.IGNORECASE,
)  # "doe maar de eerste", "die van smeot graag"
# "doe maar de goedkoopste", "the nearest one": a choice by what tells the offerings apart.
SUPERLATIVE = re.compile(
    r"\b(?:de|die|the)\s+(?:(?P<price>goedkoopste|voordeligste|cheapest)"
    r"|(?P<start>vroegste|eerstvolgende|earliest|soonest)"
    r"|(?P<near>dichtstbijzijnde|dichtstbij|nearest|closest))\b",
    re.IGNORECASE,
)
NAMED = 85.0  # a course named this plainly is the one asked about ("lasproef": 89.5)
MAX_ROWS = 4


@dataclass(frozen=True)
class CatalogueQuestion:
    """What to answer: the aspects asked (none: everything), of which offerings."""

    aspects: tuple[str, ...]
    course_ids: list[str]
    fits: list[Fit]
    wishes: Wishes
    participants: int | None = None
    providers_without: list[str] = field(default_factory=list)
    """Providers asked about that do not offer the course."""
    place_without: str | None = None
    """A place asked about where the course is not given (the others are shown instead)."""
    compare: bool = False
    superlative: str | None = None
    """ "cheapest" or "earliest": the one row that answers "wat is goedkoper?"."""


class FollowUps:
    def __init__(self, catalogue: Catalogue, ranking: Ranking) -> None:
        self.catalogue = catalogue
        self.ranking = ranking
        self._providers = sorted(
            ((p.id, key) for p in catalogue.providers for key in provider_keys(p.id, p.name)),
            key=lambda pair: -len(pair[1]),
        )

    def providers_named(self, text: str) -> list[str]:
        """Every provider the text names, in the order named."""
        flat, found = key_of(text), list[tuple[int, str]]()
        for provider_id, key in self._providers:
            at = flat.find(key)
            if at >= 0 and provider_id not in (f for _, f in found):
                found.append((at, provider_id))
                flat = flat.replace(key, " _ ")
        return [provider_id for _, provider_id in sorted(found)]

    def read(
        self, tracker: Tracker, message: Message, wishes: Wishes, day: dt.date
    ) -> CatalogueQuestion | None:
        reading, text = message.reading, message.text
        if reading is None or not text or message.button is not None:
            return None
        aspects = tuple(name for name, cue in ASPECTS.items() if cue.search(text))
        providers = self.providers_named(text)
        cheapest, earliest = bool(CHEAPEST.search(text)), bool(EARLIEST.search(text))
        difference = bool(DIFFERENCE.search(text))
        if not (aspects or len(providers) > 1 or cheapest or earliest or difference):
            return None
        if not ASKING.search(text) and not POINTING.search(text):
            return None  # "graag in het Engels" wishes, it does not ask
        named = [c.id for c in reading.courses[:3] if c.score >= NAMED]
        if not named and reading.intent in SERVICE_INTENTS:  # "wat kost een evc traject?"
            named = [c.id for c in reading.cue_courses[:1] if c.score >= NAMED]
        course_ids = named[:2] if difference and len(named) > 1 else named[:1]
        if not course_ids:
            item = tracker.current_item()
            subject = item.course if item is not None else None
            subject = subject or self._shown_course(tracker) or tracker.last_course
            course_ids = [subject] if subject else []
        if not course_ids:
            return None
        asked_place = message.details.place
        origin = self.ranking.places.find(asked_place) if asked_place else None
        if origin is not None and NEAR.search(text):  # "in de buurt van enschede"
            wishes = dataclasses.replace(wishes, origin=origin)
            tracker.origin = origin.name
        if len(course_ids) > 1:  # two courses side by side: their best offerings each
            fits = [f for c in course_ids for f in self.ranking.rank(c, wishes, day)[:1]]
            return CatalogueQuestion(aspects, course_ids, fits, wishes, compare=True)
        course_id = course_ids[0]
        ranked = self.ranking.rank(course_id, wishes, day)
        shown = self._shown(tracker, wishes, day)
        if named:  # the course named now: what was shown of it, or all of it
            shown = [f for f in shown if f.offering.course == course_id]
        known = {f.offering.id for f in shown}
        pool = shown or ranked
        chosen, place_without = self._meant(
            pool, shown + [f for f in ranked if f.offering.id not in known], message, providers
        )
        course_ids = list(dict.fromkeys(f.offering.course for f in chosen)) or course_ids
        without = [p for p in providers if not any(f.offering.provider == p for f in ranked)]
        if len(providers) > 1 or without:
            chosen = [f for f in ranked if f.offering.provider in providers] or ranked
        superlative = "cheapest" if cheapest else "earliest" if earliest else None
        if superlative and not (providers or message.details.place):
            chosen = ranked  # "welke is het goedkoopst?" is over all of them
        if superlative == "cheapest":
            chosen = sorted(chosen, key=lambda f: f.offering.price_eur)[:1]
        elif superlative == "earliest":
            dated = [f for f in chosen if f.next_start is not None]
            chosen = sorted(dated, key=lambda f: f.next_start or day)[:1] or chosen[:1]
        current = tracker.current_item()
        participants = message.details.participants or (current.participants if current else None)
        return CatalogueQuestion(
            aspects, course_ids, chosen[:MAX_ROWS], wishes, participants,
            [self._name(p) for p in without], place_without,
            compare=len(providers) > 1, superlative=superlative,
        )  # fmt: skip

    def picked(
        self, tracker: Tracker, message: Message, wishes: Wishes, day: dt.date
    ) -> Fit | None:
        """The one offering shown that the customer chooses ("doe maar de eerste", "die van
        smeot graag"); None when the message chooses nothing or more than one."""
        text = message.text
        if not (tracker.items and tracker.shown and text and message.button is None):
            return None
        superlative = SUPERLATIVE.search(text)
        if superlative and "?" not in text and (len(text.split()) <= 5 or CHOOSING.search(text)):
            return self._best(self._shown(tracker, wishes, day), superlative.lastgroup)
        bare = len(text.split()) <= 4 and (ordinal(text) or _pointed_ordinal(text))
        if any(cue.search(text) for cue in ASPECTS.values()):
            return None  # "is de tweede in het engels?" asks about it
        if not (bare or CHOOSING.search(text)):
            return None
        shown = self._shown(tracker, wishes, day)
        providers = self.providers_named(text)
        pointed = (
            ordinal(text) or _pointed_ordinal(text) or providers or message.details.place
            or message.details.schedule
        )  # fmt: skip
        if not pointed:
            return None
        chosen, _ = self._meant(shown, shown, message, providers)
        return chosen[0] if len(chosen) == 1 else None

    @staticmethod
    def _best(shown: list[Fit], by: str | None) -> Fit | None:
        if not shown:
            return None
        if by == "price":
            return min(shown, key=lambda f: f.offering.price_eur)
        if by == "start":
            return min(shown, key=lambda f: f.next_start or dt.date.max)
        return min(shown, key=lambda f: f.km if f.km is not None else float("inf"))

    def _meant(
        self, pool: list[Fit], ranked: list[Fit], message: Message, providers: list[str]
    ) -> tuple[list[Fit], str | None]:
        """The offerings a reference points at, narrowed by ordinal, provider, place and
        schedule; a place where the course is not given is said, the rest is kept."""
        number = ordinal(message.text) or _pointed_ordinal(message.text)
        if number is not None and 1 <= number <= len(pool):
            return [pool[number - 1]], None
        chosen = pool
        if len(providers) == 1:
            chosen = [f for f in ranked if f.offering.provider == providers[0]]
        details = message.details
        place_without = None
        if details.place:
            wanted = details.place.lower()
            here = [f for f in chosen if _at(f, wanted)] or [f for f in ranked if _at(f, wanted)]
            if here:
                chosen = here
            else:
                place_without = details.place
        schedule = details.schedule
        if schedule:
            timed = [f for f in chosen if f.offering.schedule.value == schedule]
            chosen = timed or chosen
        if details.language:
            spoken = [f for f in chosen if f.offering.language == details.language]
            chosen = spoken or chosen
        return chosen, place_without

    def _shown(self, tracker: Tracker, wishes: Wishes, day: dt.date) -> list[Fit]:
        """The offerings last shown, in the order shown, with how they fit now."""
        offerings = map(self.catalogue.offering, tracker.shown)
        return [self.ranking.fit(o, wishes, day) for o in offerings if o is not None]

    def _shown_course(self, tracker: Tracker) -> str | None:
        for offering_id in tracker.shown:
            offering = self.catalogue.offering(offering_id)
            if offering is not None:
                return offering.course
        return None

    def _name(self, provider_id: str) -> str:
        provider = self.catalogue.provider(provider_id)
        return short_name(provider.name) if provider else provider_id


POINTED_ORDINAL = re.compile(
    r"\b(?:de|die|nummer|nr\.?|the|number)\s+"
    r"(eerste|tweede|derde|vierde|first|second|third|fourth|[1-4])\b",
    re.IGNORECASE,
)
ORDINAL_WORDS = ("eerste", "tweede", "derde", "vierde")
ORDINAL_WORDS_EN = ("first", "second", "third", "fourth")


def _pointed_ordinal(text: str) -> int | None:
    """ "is de tweede in het engels?": a place in the list, wherever it stands."""
    found = POINTED_ORDINAL.search(text)
    if found is None:
        return None
    word = found.group(1).lower()
    if word.isdigit():
        return int(word)
    words = ORDINAL_WORDS_EN if word in ORDINAL_WORDS_EN else ORDINAL_WORDS
    return words.index(word) + 1


def _at(fit: Fit, place: str) -> bool:
    if fit.offering.form is Form.IN_COMPANY:
        return False
    city = fit.provider.city.lower() if fit.provider else ""
    return place in (fit.offering.location.lower(), city)


def short_name(name: str) -> str:
    """ "SMEOT (Stichting Metaal Elektro Opleidingen Twente)" -> "SMEOT"."""
    return re.split(r"\s*[(,]", name, maxsplit=1)[0]
