"""Which offering of a course fits what the customer asked: provider, place, schedule, language.

Pure functions over the catalogue, shared by state tracking (the chosen offering) and the form
(which schedules are still worth asking about).
"""

from __future__ import annotations

from obm_bot.catalogue.fit import schedule_fits
from obm_bot.catalogue.models import Catalogue, Form, Offering
from obm_bot.dialogue.customer.tracker import Item

NO_PREFERENCE = "geen"
MONTHS = (
    "januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
    "oktober", "november", "december",
)  # fmt: skip
SHORT_MONTHS = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")


def wanted_month(period: str | None) -> int | None:
    """The month in "in maart", "begin feb", "na 12 januari"; None without one."""
    for word in (period or "").lower().replace(".", " ").split():
        for names in (MONTHS, SHORT_MONTHS):
            if word in names:
                return names.index(word) + 1
    return None


def starts_in(offering: Offering, month: int | None) -> bool:
    return month is not None and any(d.month == month for d in offering.start_dates)


def candidates(catalogue: Catalogue, item: Item) -> list[Offering]:
    """The course's offerings that meet every hard wish (provider, language, ruled-out
    schedules); when a wish cannot be met it is dropped rather than leaving nothing."""
    if item.course is None:
        return []
    offerings = catalogue.offerings_for(item.course)
    wishes = (
        lambda o: item.provider is None or o.provider == item.provider,
        lambda o: item.language is None or o.language == item.language,
        lambda o: o.schedule.value not in item.schedule_not,
    )
    for wish in wishes:
        kept = [o for o in offerings if wish(o)]
        offerings = kept or offerings
    return offerings


def _near(catalogue: Catalogue, offering: Offering, place: str | None) -> bool:
    if place is None:
        return False
    provider = catalogue.provider(offering.provider)
    places = {offering.location.lower(), provider.city.lower() if provider else ""}
    return place.lower() in places


def choose_offering(catalogue: Catalogue, item: Item, region: str | None = None) -> str | None:
    """The best offering once the customer said something that tells offerings apart: near
    the place asked for, else in the customer's own region, then the cheapest."""
    wanted = item.schedule if item.schedule not in (None, NO_PREFERENCE) else None
    month = wanted_month(item.period)
    offerings = candidates(catalogue, item)
    near = any(_near(catalogue, o, item.place) for o in offerings)
    if not (item.provider or near or wanted or item.language or month):
        return None  # a place with nothing near it is for the account manager to solve
    if wanted:
        offerings = [o for o in offerings if schedule_fits(o, wanted)]  # none fits: nothing picked
    elif not item.schedule:  # nothing said about the form: a course at the provider
        offerings = [o for o in offerings if o.form is not Form.IN_COMPANY] or offerings
    if not offerings:
        return None

    def home(offering: Offering) -> bool:
        provider = catalogue.provider(offering.provider)
        return provider is not None and provider.region == region

    def fit(offering: Offering) -> tuple[bool, bool, bool, bool]:
        language = offering.language != (item.language or "nl")  # Dutch unless asked
        near = _near(catalogue, offering, item.place)
        return not near, not starts_in(offering, month), not home(offering), language

    best = min(offerings, key=lambda o: (*fit(o), o.price_eur, o.id))
    chosen_for_them = not (item.provider or _near(catalogue, best, item.place))
    if chosen_for_them and region and not home(best) and best.form is not Form.IN_COMPANY:
        return None  # far from the customer: not picked for them; the account manager looks
    return best.id


def open_schedules(catalogue: Catalogue, item: Item) -> list[str]:
    """Schedules still to choose between for this item (empty: nothing to ask)."""
    offerings = candidates(catalogue, item)
    if item.place:
        offerings = [o for o in offerings if _near(catalogue, o, item.place)] or offerings
    found = {o.schedule.value for o in offerings if o.form is not Form.IN_COMPANY}
    found |= {"in_company" for o in offerings if o.form is Form.IN_COMPANY}
    found |= {"online" for o in offerings if o.form in (Form.ONLINE, Form.BLENDED)}
    return sorted(found)
