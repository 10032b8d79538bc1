"""A request item in Dutch words, for the customer's summary and the account manager's notice.

Both read the same view, so what the customer confirmed is exactly what the account manager
sees. A recorded request keeps its item (``Request.entities``), so the staff notice can be
rebuilt later (a recreated Telegram topic) from the database alone.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from obm_bot.catalogue.fit import schedule_fits
from obm_bot.catalogue.models import Catalogue, Form
from obm_bot.dialogue.customer.form import SCHEDULE_LABELS
from obm_bot.dialogue.customer.labels import KIND_LABELS, KIND_LABELS_EN, SUBJECTS_EN, SUBJECTS_NL
from obm_bot.dialogue.customer.offerings import NO_PREFERENCE, candidates, wanted_month
from obm_bot.dialogue.customer.tracker import Item, Tracker
from obm_bot.dialogue.labels_en import LABELS_EN
from obm_bot.domain.models import Request, RequestKind
from obm_bot.rendering.renderer import date_in, euro

LANGUAGES = {"nl": "Nederlands", "en": "Engels"}
WORDS = {
    "nl": {"vat": "excl. btw p.p.", "start": "start", "not": "niet", "or": "of",
           "one": "bij 1 aanbieder", "many": "bij {n} aanbieders", "taught": "les in het {l}",
           "person": "1 persoon", "people": "{n} personen", "in": "in {p}", "at": "bij {p}",
           "elsewhere": "een andere plaats", "name": "naam", "phone": "telefoon",
           "email": "e-mail", "company": "bedrijf"},
    "en": {"vat": "excl. VAT p.p.", "start": "starts", "not": "not", "or": "or",
           "one": "at 1 provider", "many": "at {n} providers", "taught": "taught in {l}",
           "person": "1 person", "people": "{n} people", "in": "in {p}", "at": "at {p}",
           "elsewhere": "another place", "name": "name", "phone": "phone",
           "email": "email", "company": "company"},
}  # fmt: skip
"""The few words of a summary line in the customer's language; notices are always Dutch."""
LANGUAGES_EN = {"nl": "Dutch", "en": "English"}
WEEKDAY = re.compile(
    r"(?:niet )?(?:op )?(?:maan|dins|woens|donder|vrij|zater|zon)dag(?:en|s)?", re.IGNORECASE
)


def _schedule_label(schedule: str, language: str) -> str:
    label = SCHEDULE_LABELS.get(schedule, schedule)
    return LABELS_EN.get(label, label) if language == "en" else label


ITEM_KEYS = frozenset(Item.model_fields) - {"kind", "intent", "course", "choices", "picked"}


def item_title(item: Item, catalogue: Catalogue, language: str = "nl") -> str:
    course = catalogue.course(item.course) if item.course else None
    if course:
        return course.title
    if item.kind in (RequestKind.CALLBACK, RequestKind.COMPLAINT) and item.words:
        return _shortened(item.words)  # "Klacht: de docent van de VCA cursus kwam niet"
    subjects = SUBJECTS_EN if language == "en" else SUBJECTS_NL
    return subjects.get(item.intent, item.intent)


def _shortened(text: str, limit: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: flat.rfind(" ", 0, limit)] + " …"


def offering_line(
    catalogue: Catalogue,
    offering_id: str | None,
    today: dt.date,
    month: int | None = None,
    language: str = "nl",
) -> str | None:
    """ "SMEOT, Hengelo · 's avonds · € 1.100 excl. btw p.p. · start 12 jan 2027"; the start
    date in the month asked for when there is one."""
    offering = catalogue.offering(offering_id)
    if offering is None:
        return None
    provider = catalogue.provider(offering.provider)
    coming = [d for d in offering.start_dates if d >= today]
    start = next((d for d in coming if d.month == month), min(coming, default=None))
    words = WORDS[language]
    when = _schedule_label(offering.schedule.value, language).lower()
    if offering.form is not Form.CLASSROOM:
        when += f", {offering.form.value}"
    parts = [
        f"{provider.name if provider else offering.provider}, {offering.location}",
        when,
        f"{euro(offering.price_eur)} {words['vat']}",
    ]
    if start:
        parts.append(f"{words['start']} {date_in(start, language)}")
    if offering.language != "nl":
        names = LANGUAGES_EN if language == "en" else LANGUAGES
        parts.append(words["taught"].format(l=names.get(offering.language, offering.language)))
    return " · ".join(parts)


def item_view(
    item: Item, catalogue: Catalogue, today: dt.date, language: str = "nl"
) -> dict[str, Any]:
    """What the templates ``summary`` and ``staff_new`` show of one item, in ``language``
    (the customer's for the summary; the notice is Dutch)."""
    words = WORDS[language]
    names = ", ".join(item.names)
    people = None
    if item.participants:
        people = f"{item.participants}" + (f" ({names})" if names else "")
    not_wanted = [_schedule_label(s, language).lower() for s in item.schedule_not]
    schedule = None
    if item.schedule and item.schedule != "geen":
        schedule = _schedule_label(item.schedule, language)
    if not_wanted:
        rest = f" {words['or']} ".join(not_wanted)
        schedule = f"{schedule + ', ' if schedule else ''}{words['not']} {rest}"
    provider = catalogue.provider(item.provider) if item.provider else None
    month = wanted_month(item.period)
    return {
        "label": (KIND_LABELS_EN if language == "en" else KIND_LABELS)[item.kind],
        "title": item_title(item, catalogue, language),
        "offering": offering_line(catalogue, item.offering, today, month, language),
        "price": _price_range(catalogue, item, language),
        "provider": provider.name if provider and not item.offering else None,
        "participants": people,
        "schedule": schedule,
        "place": item.place,
        "place_elsewhere": bool(item.place) and not _offered_at(catalogue, item),
        "period": item.period,
        "weekday": bool(item.period and WEEKDAY.fullmatch(item.period)),
        "language": LANGUAGES.get(item.language or ""),
        "remarks": item.remarks,
        "words": item.words,
        "asides": item.asides,
    }


def _offered_at(catalogue: Catalogue, item: Item) -> bool:
    """The chosen offering is where the customer wanted it (so the place needs no line)."""
    offering = catalogue.offering(item.offering)
    return offering is not None and (item.place or "").lower() in offering.location.lower()


def _price_range(catalogue: Catalogue, item: Item, language: str = "nl") -> str | None:
    """ "€ 340 – € 495 excl. btw p.p. bij 3 aanbieders", when no offering was chosen; only
    over the offerings that fit the schedule asked for."""
    if item.offering or not item.course:
        return None
    offerings = candidates(catalogue, item)
    if item.schedule and item.schedule != NO_PREFERENCE:
        offerings = [o for o in offerings if schedule_fits(o, item.schedule)] or offerings
    prices = sorted(o.price_eur for o in offerings)
    providers = {o.provider for o in offerings}
    if not prices:
        return None
    span = euro(prices[0]) if prices[0] == prices[-1] else f"{euro(prices[0])} – {euro(prices[-1])}"
    words = WORDS[language]
    where = words["many"].format(n=len(providers)) if len(providers) > 1 else words["one"]
    return f"{span} {words['vat']}, {where}"


def item_entities(
    item: Item, participants: int | None, speaks: str = "nl", facts: list[str] | None = None
) -> dict[str, Any]:
    """How a request keeps its item (``participants`` as recorded, 1 for oneself), and for the
    account manager's notice the customer's language and the facts they were told."""
    entities = item.model_dump(mode="json", include=set(ITEM_KEYS))
    entities["participants"] = participants
    if speaks != "nl":
        entities["speaks"] = speaks
    if facts:
        entities["facts"] = list(facts)
    return entities


def request_item(request: Request) -> Item:
    """The item a request was recorded from (older requests: what they kept)."""
    kept = {k: v for k, v in request.entities.items() if k in ITEM_KEYS and v is not None}
    return Item.model_validate(
        {**kept, "kind": request.kind, "intent": request.intent,
         "course": request.courses[0] if request.courses else None,
         "words": kept.get("words", "") if "words" in request.entities else request.summary}
    )  # fmt: skip


def short_summary(item: Item, catalogue: Catalogue) -> str:
    """One line for the request's ``summary`` column, the CSV and the queue."""
    parts = [item_title(item, catalogue)]
    if item.participants:
        parts.append(f"{item.participants} pers.")
    if item.schedule and item.schedule != "geen":
        parts.append(SCHEDULE_LABELS.get(item.schedule, item.schedule))
    if item.place:
        parts.append(item.place)
    if item.period:
        parts.append(item.period)
    return "; ".join(parts)


def changes(
    tracker: Tracker, slots: list[str], catalogue: Catalogue, language: str = "nl"
) -> list[str]:
    """What a correction or an extra detail changed, in a few words ("3 personen")."""
    index = tracker.current()
    item = tracker.items[index] if index is not None else None
    profile = tracker.profile
    words = WORDS[language]
    said: list[str] = []
    for slot in dict.fromkeys(slots):
        if slot in ("name", "phone", "email", "company") and getattr(profile, slot):
            said.append(f"{words[slot]} {getattr(profile, slot)}")
        elif item is not None and (text := _item_change(item, slot, catalogue, language)):
            said.append(text)
    return said


def _item_change(item: Item, slot: str, catalogue: Catalogue, language: str) -> str | None:
    words = WORDS[language]
    if slot == "participants" and item.participants:
        n = item.participants
        return words["person"] if n == 1 else words["people"].format(n=n)
    if slot == "names" and item.names:
        return ", ".join(item.names)
    if slot == "schedule" and item.schedule:
        return _schedule_label(item.schedule, language).lower()
    if slot == "schedule_not" and item.schedule_not:
        rest = f" {words['or']} ".join(
            _schedule_label(s, language).lower() for s in item.schedule_not
        )
        return f"{words['not']} {rest}"
    if slot == "place":
        return words["in"].format(p=item.place) if item.place else words["elsewhere"]
    if slot == "provider" and item.provider:
        provider = catalogue.provider(item.provider)
        return words["at"].format(p=provider.name if provider else item.provider)
    if slot == "course":
        return item_title(item, catalogue, language)
    if slot == "period" and item.period:
        return item.period
    if slot == "language" and item.language:
        names = LANGUAGES_EN if language == "en" else LANGUAGES
        return words["taught"].format(l=names.get(item.language, item.language))
    if slot == "remarks" and item.remarks:
        return item.remarks[-1]
    return None
