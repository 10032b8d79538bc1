"""The demo's script: who writes in, when, what they type and what the desk does with it.

Pure planning from a seeded ``random.Random``: the same seed and end day give the same plan,
and ``operations.demo`` plays it through the real engine.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field, replace
from enum import StrEnum
from zoneinfo import ZoneInfo

from obm_bot.catalogue.models import Catalogue
from obm_bot.organisation import Organisation

FIRST_NAMES = (
    "Henk", "Karin", "Jeroen", "Mieke", "Ruud", "Sandra", "Erik", "Anja", "Wim", "Ilse",
    "Bert", "Marloes", "Gerrit", "Linda", "Kees", "Petra", "Johan", "Esther", "Frank", "Yvonne",
)  # fmt: skip
LAST_NAMES = (
    "Bos", "Smits", "de Wit", "Jansen", "Mulder", "Visser", "Bakker", "Kok", "Meijer",
    "de Boer", "Hendriks", "Dijkstra", "Peters", "Brouwer", "Vos",
)  # fmt: skip
LEARNER_NAMES = (
    "Sem Kok", "Daan Mulder", "Luuk Visser", "Noah Peters", "Jesse Brouwer", "Milan Vos",
    "Tess Meijer", "Bram Dijkstra",
)  # fmt: skip
OTHER_COMPANIES = (
    "Smederij Jansen", "Constructiebedrijf Oost", "Metaalwerk Twentekanaal", "Laswerk Ten Hove",
    "Draaierij Nijhuis", "RVS Techniek Delden",
)  # fmt: skip
POPULAR_COURSES = (
    "vca-basis", "vca-vol", "heftruck", "tig-lassen-staal-rvs", "nen-3140-vop",
    "cnc-frezen-basis", "hydrauliek-basis", "pneumatiek-basis", "bhv-basis", "hoogwerker",
)  # fmt: skip
BUNDLE_COURSE = "cnc-frezen-basis"
"""Several members ask for this one in the same weeks: the report suggests a group."""
UNMET_WISHES = (
    "een cursus exoskelet gebruiken", "een training ultrasoon onderzoek van lasnaden",
    "een cursus waterstoftechniek", "een cursus zonnepanelen monteren op staalbouw",
)  # fmt: skip
"""Asked for and not in the catalogue (its best match scores low or nothing matches)."""
LOW_SCORE_COMMENTS = (
    "Het duurde lang voordat ik iets hoorde.", "De docent kwam vaak te laat.",
    "Ik moest alles twee keer uitleggen.",
)  # fmt: skip
SCHEDULES = {"overdag": "Overdag", "in de avond": "’s Avonds", "in het weekend": "Weekend"}


class Kind(StrEnum):
    """What a visitor comes for, and so which script their conversation follows."""

    REQUEST = "request"  # a course for staff, everything in the first message
    ENGLISH = "english"
    QUOTE = "quote"
    UNMET = "unmet"  # a course the catalogue does not have
    BUNDLE = "bundle"
    FUNDING = "funding"  # answered from the knowledge files, no person needed
    PRICE = "price"
    CALL_BACK = "call_back"
    APPRENTICE = "apprentice"
    COMPLAINT = "complaint"
    WITHDRAWN = "withdrawn"  # asks, then stops waiting and withdraws the request
    OFF_TOPIC = "off_topic"


WEIGHTS = {
    Kind.REQUEST: 34, Kind.ENGLISH: 3, Kind.QUOTE: 8, Kind.UNMET: 8, Kind.FUNDING: 7,
    Kind.PRICE: 8, Kind.CALL_BACK: 7, Kind.APPRENTICE: 6, Kind.COMPLAINT: 3,
    Kind.WITHDRAWN: 3, Kind.OFF_TOPIC: 4,
}  # fmt: skip


class Ending(StrEnum):
    """How far the desk got with a case by the end of the demo."""

    OPEN = "open"
    CLAIMED = "claimed"
    ANSWERED = "answered"
    CLOSED = "closed"


@dataclass(frozen=True)
class Person:
    user: str
    name: str
    company: str
    phone: str
    member: bool


@dataclass(frozen=True)
class Visit:
    when: dt.datetime
    person: Person
    kind: Kind
    opening: str
    schedule: str | None = None
    """The schedule button this person presses when asked (its label)."""
    answer_after: dt.timedelta = dt.timedelta(minutes=30)
    ending: Ending = Ending.CLOSED
    transfer: bool = False
    note: bool = False
    outcome: str = "aangemeld"
    rating: int | None = None
    """The customer's CSAT score after the case is closed (None: they do not answer)."""
    comment: str | None = None
    """What they add to a low score."""


@dataclass
class Plan:
    visits: list[Visit] = field(default_factory=list)
    learners: list[tuple[str, str, dt.date, dt.date]] = field(default_factory=list)
    """(name, qualification id, start, planned end) of the learners the OBM coaches."""


def office_moment(rng: random.Random, day: dt.date, zone: ZoneInfo) -> dt.datetime:
    """A time people write on ``day``: mostly office hours, now and then the evening."""
    hour = rng.choice((8, 9, 9, 10, 10, 11, 13, 14, 14, 15, 16, 20))
    local = dt.datetime.combine(day, dt.time(hour, rng.randrange(0, 60, 3)), tzinfo=zone)
    return local.astimezone(dt.UTC)


def make_plan(
    org: Organisation, catalogue: Catalogue, last_day: dt.date, days: int, seed: int
) -> Plan:
    rng = random.Random(seed)
    courses = [c for c in POPULAR_COURSES if catalogue.course(c) is not None] or [
        c.id for c in catalogue.courses[:10]
    ]
    first_day = last_day - dt.timedelta(days=days - 1)
    plan, count = Plan(), 0
    for offset in range(days):
        day = first_day + dt.timedelta(days=offset)
        if day.weekday() >= 5 and rng.random() < 0.8:  # weekends are quiet
            continue
        for _ in range(rng.choice((0, 1, 1, 2, 2, 3))):
            count += 1
            kind = rng.choices(list(WEIGHTS), weights=list(WEIGHTS.values()))[0]
            visit = _visit(rng, org, catalogue, courses, kind, count, day, last_day)
            plan.visits.append(visit)
    # Members ask for the same course in the last weeks: demand worth a group of its own.
    if catalogue.course(BUNDLE_COURSE) is not None:
        for n in range(4):
            count += 1
            day = last_day - dt.timedelta(days=25 - 6 * n)
            plan.visits.append(
                _visit(rng, org, catalogue, [BUNDLE_COURSE], Kind.BUNDLE, count, day, last_day)
            )
    plan.visits.sort(key=lambda v: v.when)
    _latest_in_every_state(plan.visits)
    plan.learners = _learners(rng, catalogue, first_day)
    return plan


HANDED_OFF = (
    Kind.REQUEST, Kind.ENGLISH, Kind.QUOTE, Kind.UNMET, Kind.BUNDLE, Kind.CALL_BACK,
    Kind.APPRENTICE, Kind.COMPLAINT,
)  # fmt: skip


def _latest_in_every_state(visits: list[Visit]) -> None:
    """The newest cases show the queue at work whatever the dice said: one still open, one
    picked up, one answered and not yet closed."""
    cases = [i for i, v in enumerate(visits) if v.kind in HANDED_OFF]
    newest = (Ending.OPEN, Ending.CLAIMED, Ending.ANSWERED)
    for index, ending in zip(reversed(cases), newest, strict=False):
        visits[index] = replace(visits[index], ending=ending)


def _person(rng: random.Random, org: Organisation, n: int, member: bool) -> Person:
    name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
    members = [c.name for c in org.member_company]
    company = rng.choice(members) if member and members else rng.choice(OTHER_COMPANIES)
    phone = f"06{rng.randrange(10_000_000, 99_999_999)}"
    return Person(f"demo-{n:03d}", name, company, phone, company in members)


def _visit(
    rng: random.Random,
    org: Organisation,
    catalogue: Catalogue,
    courses: list[str],
    kind: Kind,
    n: int,
    day: dt.date,
    last_day: dt.date,
) -> Visit:
    person = _person(rng, org, n, member=kind is Kind.BUNDLE or rng.random() < 0.75)
    course = catalogue.course(rng.choice(courses))
    title = course.title if course else "VCA basis"
    phrase, label = rng.choice(list(SCHEDULES.items()))
    who = f"met {person.name} van {person.company}"
    size = rng.choice((1, 2, 2, 3, 4))
    openings = {
        Kind.REQUEST: f"Goedemorgen, {who}. Graag {size} man aanmelden voor {title} {phrase}."
        f" Bel me op {person.phone}",
        Kind.BUNDLE: f"Hallo, {who}. Wij willen 2 man aanmelden voor {title} overdag."
        f" Mijn nummer is {person.phone}",
        Kind.ENGLISH: f"Hello, this is {person.name} from {person.company}. I would like to enrol"
        f" {size} colleagues for {title}, daytime. My phone number is {person.phone}",
        Kind.QUOTE: f"Goedendag, {who}. Wij willen een offerte voor {title} in-company voor"
        f" {size + 6} man. Telefoon {person.phone}",
        Kind.UNMET: f"Hoi, wij zoeken {rng.choice(UNMET_WISHES)} voor {size} man",
        Kind.FUNDING: f"Wat krijg ik terug van OOM voor {size} man {title}?",
        Kind.PRICE: f"Wat kost de cursus {title} en wanneer begint die?",
        Kind.CALL_BACK: f"Kunt u mij terugbellen? {who}, {person.phone}",
        Kind.APPRENTICE: f"Goedemiddag, {who}. Wij willen graag een BBL-leerling aannemen.",
        Kind.COMPLAINT: f"Ik wil een klacht indienen over de docent van de cursus {title}, {who}",
        Kind.WITHDRAWN: f"Goedemorgen, {who}. Graag {size} man aanmelden voor {title} {phrase}."
        f" Bel me op {person.phone}",
        Kind.OFF_TOPIC: rng.choice(("wat is het weer morgen", "verkopen jullie ook lasapparaten?")),
    }
    age = (last_day - day).days
    ending = (
        rng.choices(list(Ending), weights=(0.5, 0.5, 0.5, 60))[0]
        if age > 14
        else rng.choices(list(Ending), weights=(1, 1, 2, 8) if age > 2 else (3, 2, 2, 3))[0]
    )
    minutes = rng.choice((6, 12, 18, 25, 35, 45, 50, 95, 150))  # a few answer late
    outcome = rng.choice(("aangemeld", "aangemeld", "offerte verstuurd", "opgelost"))
    rating = rng.choices((None, 5, 4, 3, 2, 1), weights=(25, 40, 22, 7, 4, 2))[0]
    if kind is Kind.COMPLAINT and rating is not None:
        rating = min(rating, 3)
    return Visit(
        rating=rating,
        comment=rng.choice(LOW_SCORE_COMMENTS) if rating is not None and rating <= 2 else None,
        when=office_moment(rng, day, org.zone),
        person=person,
        kind=kind,
        opening=openings[kind],
        schedule=label if kind in (Kind.REQUEST, Kind.WITHDRAWN) else "Overdag",
        answer_after=dt.timedelta(minutes=minutes),
        ending=ending,
        transfer=rng.random() < 0.08,
        note=rng.random() < 0.3,
        outcome="offerte verstuurd" if kind is Kind.QUOTE else outcome,
    )


def _learners(
    rng: random.Random, catalogue: Catalogue, first_day: dt.date
) -> list[tuple[str, str, dt.date, dt.date]]:
    """Three learners start in the demo's months (intake), the others earlier; the first
    of those is near the end of a two-year trajectory."""
    qualifications = [q.id for q in catalogue.qualifications[:6]]
    learners = []
    for n, name in enumerate(LEARNER_NAMES):
        if n < 3:
            start = first_day + dt.timedelta(days=(21, 63, 100)[n])
        elif n == 3:  # finishes in the last month of the demo
            start = first_day - dt.timedelta(days=630)
        else:
            start = first_day - dt.timedelta(days=rng.randrange(120, 500, 7))
        end = start + dt.timedelta(days=rng.choice((730, 730, 1095)) if n != 3 else 730)
        learners.append((name, qualifications[n % len(qualifications)], start, end))
    return learners


# What the account managers write: a note now and then, and their answer to the customer.
NOTES = dict.fromkeys(Kind, "Gebeld, wil graag voor de zomer starten.") | {
    Kind.COMPLAINT: "Docent was vaak te laat; opleider ingelicht.",
    Kind.QUOTE: "Twee aanbieders gevraagd om een prijs.",
}
ANSWERS = dict.fromkeys(Kind, "Dank voor uw aanvraag. Ik heb het voor u geregeld.") | {
    Kind.QUOTE: "Dank u. U ontvangt deze week een offerte van twee aanbieders.",
    Kind.COMPLAINT: "Wat vervelend. Ik heb de opleider gesproken; ik bel u morgen.",
    Kind.CALL_BACK: "Ik bel u vandaag nog terug.",
    Kind.APPRENTICE: "Mooi! Ik kom graag langs om te kijken welke leerling bij u past.",
    Kind.UNMET: "Dat hebben we nog niet in ons aanbod; ik zoek een aanbieder voor u.",
    Kind.ENGLISH: "Thank you. I have enrolled your colleagues and will send the details.",
}
