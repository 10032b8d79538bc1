"""Showing courses: their offerings ranked by what the customer asked, and the answers to
questions about them, as views for the templates ``_offerings`` and ``course_answer``.

The customer's wishes come from the request being prepared (schedule, place, language,
provider, month); without a place named, distances are measured from the member company's
own place in ``obm.toml``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from obm_bot.catalogue.fit import Fit, Ranking, Wishes, nearby
from obm_bot.catalogue.models import Catalogue, Form
from obm_bot.dialogue.customer.followup import CatalogueQuestion, short_name
from obm_bot.dialogue.customer.offerings import NO_PREFERENCE, wanted_month
from obm_bot.dialogue.customer.tracker import Tracker
from obm_bot.organisation import Organisation

LANGUAGES = {"nl": "Nederlands", "en": "Engels", "de": "Duits"}
WANTED = {"avond": "avondcursus", "dag": "dagcursus", "weekend": "weekendcursus"}
MAX_SHOWN = 4


class Showing:
    def __init__(self, catalogue: Catalogue, ranking: Ranking, org: Organisation) -> None:
        self.catalogue = catalogue
        self.ranking = ranking
        self.org = org

    def wishes(self, tracker: Tracker) -> Wishes:
        item = tracker.current_item()
        named = self.customer_place(tracker)
        origin = self.ranking.places.find(named) if named else None
        if origin is None and self.org.place:
            origin = self.ranking.places.find(self.org.place)
        # English speakers see English-taught courses first, unless they asked otherwise.
        spoken = "en" if tracker.language == "en" else None
        if item is None:
            return Wishes(origin=origin, language=spoken, schedule=tracker.schedule_wish)
        schedule = item.schedule if item.schedule != NO_PREFERENCE else None
        return Wishes(
            schedule=schedule, schedule_not=tuple(item.schedule_not),
            language=item.language or spoken,
            provider=item.provider, origin=origin, month=wanted_month(item.period),
        )  # fmt: skip

    def customer_place(self, tracker: Tracker) -> str | None:
        """The place the request, the conversation or the member company names, if any."""
        item = tracker.current_item()
        company = self.org.company_for(tracker.profile.company) if tracker.profile.company else None
        places = (
            item.place if item else None,
            tracker.origin,
            company.place if company else None,
        )
        return next((p for p in places if p and self.ranking.places.find(p)), None)

    def course_rows(
        self,
        course_ids: list[str],
        wishes: Wishes,
        today: dt.date,
        limit: int | None = MAX_SHOWN,
        tracker: Tracker | None = None,
    ) -> list[dict[str, Any]]:
        """Each course with its best-fitting offerings; when none fits the schedule asked or
        lies within reach, the row says so and shows the nearest ones. The offerings shown
        are remembered for "die in Almelo" and "de tweede"."""
        rows: list[dict[str, Any]] = []
        shown: list[str] = []
        for course_id in course_ids:
            course = self.catalogue.course(course_id)
            if course is None:
                continue
            ranked = self.ranking.rank(course_id, wishes, today)
            kept = ranked[:limit] if limit else ranked
            shown += [f.offering.id for f in kept]
            asked = wishes.schedule is not None or wishes.origin is not None
            nothing_near = bool(ranked) and asked and not nearby(ranked)
            related = self.ranking.related(course_id, wishes, today) if nothing_near else None
            shown += [related.offering.id] if related else []
            rows.append({
                "course": course,
                "offerings": [self.row(f) for f in kept],
                "nothing_near": nothing_near,
                "related": self.row(related) if related else None,
                "wanted": WANTED.get(wishes.schedule or "", "cursus"),
                "origin": wishes.origin.name if wishes.origin else None,
                "reach": round(self.ranking.reach_km),
                # Measured from the OBM itself: "in de regio Twente", not a place never named.
                "region": self.org.region
                if wishes.origin and tracker and not self.customer_place(tracker)
                else None,
            })  # fmt: skip
        if tracker is not None and shown:
            tracker.shown = shown
        return rows

    def row(self, fit: Fit) -> dict[str, Any]:
        offering = fit.offering
        provider = fit.provider
        course = self.catalogue.course(offering.course)
        return {
            "offering": offering,
            "course_title": course.title if course else offering.course,
            "provider": provider,
            "provider_short": short_name(provider.name) if provider else offering.provider,
            "next_start": fit.next_start,
            "starts": list(fit.starts),
            # "Hengelo (0 km)" from Hengelo says nothing: the distance from 1 km on
            "km": round(fit.km) if fit.km is not None and fit.km >= 1 else None,
            "in_company": offering.form is Form.IN_COMPANY,
            "language": LANGUAGES.get(offering.language, offering.language)
            if offering.language != "nl"
            else None,
            "address": offering.address or (provider.address if provider else None),
        }

    def answer(self, question: CatalogueQuestion, tracker: Tracker) -> dict[str, Any]:
        """The context of ``course_answer``."""
        courses = [c for c in (self.catalogue.course(i) for i in question.course_ids) if c]
        rows = [self.row(f) for f in question.fits]
        if rows and not question.compare:
            tracker.shown = [f.offering.id for f in question.fits]
        if len(question.course_ids) == 1:
            tracker.last_course = question.course_ids[0]
        people = (
            question.participants if question.participants and question.participants > 1 else None
        )
        return {
            "courses": courses,
            "rows": rows,
            "aspects": list(question.aspects),
            "participants": people,
            "providers_without": question.providers_without,
            "place_without": question.place_without,
            "compare": question.compare,
            "superlative": question.superlative or "",
        }
