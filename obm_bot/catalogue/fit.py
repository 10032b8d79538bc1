"""How well each offering of a course suits what the customer asked, best first.

The order is the one a training adviser uses: the schedule asked for (an evening course for
"'s avonds", never a day course for "overdag niet"), then the travel distance from the place
the customer named or else from their company, then the first start date, then the price.
Distances are compared in bands, so two providers a few kilometres apart are told apart by
their start dates rather than by the last kilometre.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from obm_bot.catalogue.models import Catalogue, Form, Offering, Provider
from obm_bot.catalogue.places import Place, Places

DISTANCE_BAND_KM = 10.0
"""Offerings this close to each other count as equally far."""
DEFAULT_REACH_KM = 50


@dataclass(frozen=True)
class Wishes:
    """What the customer said that tells offerings apart."""

    schedule: str | None = None
    """A catalogue schedule ("dag", "avond", "weekend"), or the forms "in_company"/"online"."""
    schedule_not: tuple[str, ...] = ()
    language: str | None = None
    provider: str | None = None
    origin: Place | None = None
    """Where distances are measured from: the place named, else the company's place."""
    month: int | None = None


@dataclass(frozen=True)
class Fit:
    offering: Offering
    provider: Provider | None
    km: float | None
    """Travel distance from the wished origin; None in-company, online or without origin."""
    schedule_ok: bool
    within_reach: bool
    starts: tuple[dt.date, ...]
    """Upcoming start dates, earliest first."""

    @property
    def next_start(self) -> dt.date | None:
        return self.starts[0] if self.starts else None

    @property
    def travels(self) -> bool:
        """Taught at a provider's location, so the customer travels to it."""
        return self.offering.form in (Form.CLASSROOM, Form.BLENDED)


def schedule_fits(offering: Offering, wanted: str | None, ruled_out: tuple[str, ...] = ()) -> bool:
    """ "in_company" and "online" are forms in the catalogue; the others its schedules."""
    if offering.schedule.value in ruled_out:
        return False
    if wanted is None or wanted == "geen":
        return True
    if wanted == "in_company":
        return offering.form is Form.IN_COMPANY
    if wanted == "online":
        return offering.form in (Form.ONLINE, Form.BLENDED)
    return offering.schedule.value == wanted and offering.form is not Form.IN_COMPANY


class Ranking:
    """Ranks offerings by fit; built once with the catalogue and the places."""

    def __init__(
        self, catalogue: Catalogue, places: Places, reach_km: float = DEFAULT_REACH_KM
    ) -> None:
        self.catalogue = catalogue
        self.places = places
        self.reach_km = reach_km
        self._where: dict[str, Place | None] = {}

    def place_of(self, offering: Offering) -> Place | None:
        """The classroom's place: the offering's location, else its provider's city."""
        if offering.id not in self._where:
            place = self.places.find(offering.location)
            provider = self.catalogue.provider(offering.provider)
            if place is None and provider is not None:
                place = self.places.find(provider.city)
            self._where[offering.id] = place
        return self._where[offering.id]

    def fit(self, offering: Offering, wishes: Wishes, today: dt.date) -> Fit:
        km = None
        place = self.place_of(offering)
        travels = offering.form in (Form.CLASSROOM, Form.BLENDED)
        if travels and wishes.origin is not None and place is not None:
            km = self.places.distance_km(wishes.origin, place)
        return Fit(
            offering=offering,
            provider=self.catalogue.provider(offering.provider),
            km=km,
            schedule_ok=schedule_fits(offering, wishes.schedule, wishes.schedule_not),
            within_reach=km is None or km <= self.reach_km,
            starts=tuple(sorted(d for d in offering.start_dates if d >= today)),
        )

    def rank(self, course_id: str, wishes: Wishes, today: dt.date) -> list[Fit]:
        """Every offering of the course, best fit first. When nothing fits the schedule
        within reach, the nearest come first: the alternatives worth a trip."""
        fits = [self.fit(o, wishes, today) for o in self.catalogue.offerings_for(course_id)]
        if nearby(fits):
            return sorted(fits, key=lambda f: _order(f, wishes))
        # The language of instruction may still come first: a Dutch-taught course nearby is
        # of no use to someone who needs English.
        return sorted(
            fits,
            key=lambda f: (
                _wrong_language(f, wishes),
                not f.within_reach,
                _band(f),
                *_order(f, wishes),
            ),
        )

    def related(self, course_id: str, wishes: Wishes, today: dt.date) -> Fit | None:
        """When a course is not given as wished nearby: a course of the same kind that is
        ("MIG/MAG lassen gevorderd" in the evening nearby, for "MIG/MAG lassen basis")."""
        course = self.catalogue.course(course_id)
        if course is None:
            return None
        kind = course.title.split()[0].lower()
        found = [
            fit
            for other in self.catalogue.courses
            if other.id != course_id
            and other.category == course.category
            and other.title.split()[0].lower() == kind
            for fit in self.rank(other.id, wishes, today)[:1]
            if fit.schedule_ok and fit.within_reach and fit.travels
        ]
        return min(found, key=lambda f: _order(f, wishes), default=None)


def _wrong_language(fit: Fit, wishes: Wishes) -> bool:
    return wishes.language is not None and fit.offering.language != wishes.language


def _language_first(fit: Fit, wishes: Wishes) -> bool:
    """When nothing is near: the language ranks before the distance, unless a schedule was
    asked for (then "in the evening" outranks a language the customer did not ask)."""
    return wishes.schedule is None and _wrong_language(fit, wishes)


def _band(fit: Fit) -> float:
    return (fit.km // DISTANCE_BAND_KM) if fit.km is not None else 0.0


def _order(fit: Fit, wishes: Wishes) -> tuple[bool, bool, bool, float, bool, dt.date, float, str]:
    offering = fit.offering
    band = _band(fit)
    in_month = wishes.month is None or any(d.month == wishes.month for d in fit.starts)
    return (
        not fit.schedule_ok,
        _wrong_language(fit, wishes),
        wishes.provider is not None and offering.provider != wishes.provider,
        band if fit.within_reach else 1e6 + band,
        not in_month,
        fit.next_start or dt.date.max,
        offering.price_eur,
        offering.id,
    )


def nearby(fits: list[Fit]) -> bool:
    """Something fits the schedule and lies within reach (a wish that can be met)."""
    return any(f.schedule_ok and f.within_reach for f in fits)
