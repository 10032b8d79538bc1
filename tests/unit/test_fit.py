"""Offerings ranked by fit: the schedule (with negation), the distance, the start, the price."""

from __future__ import annotations

import datetime as dt

import pytest

from obm_bot.catalogue.fit import Ranking, Wishes, nearby
from obm_bot.catalogue.models import Catalogue
from obm_bot.catalogue.places import Places
from obm_bot.understanding.engine import Understander

TODAY = dt.date(2026, 12, 1)


@pytest.fixture(scope="module")
def places() -> Places:
    return Places.load()


@pytest.fixture()
def ranking(catalogue: Catalogue, places: Places) -> Ranking:
    return Ranking(catalogue, places, reach_km=50)


def ids(ranking: Ranking, course: str, wishes: Wishes) -> list[str]:
    return [f.offering.id for f in ranking.rank(course, wishes, TODAY)]


def test_the_schedule_comes_first_then_the_distance(ranking: Ranking, places: Places) -> None:
    enschede = places.find("Enschede")
    wishes = Wishes(schedule="avond", origin=enschede)
    ranked = ranking.rank("tig-lassen-staal-rvs", wishes, TODAY)
    assert ranked[0].offering.id == "smeot-tig-lassen-staal-rvs-avond"
    assert ranked[0].km is not None and round(ranked[0].km) == 9
    evenings = [f for f in ranked if f.offering.schedule.value == "avond"]
    assert ranked[: len(evenings)] == evenings  # every evening course before any day course
    assert [f.km for f in evenings] == sorted(f.km or 0 for f in evenings)


def test_a_ruled_out_schedule_goes_last(ranking: Ranking) -> None:
    ranked = ranking.rank("tig-lassen-staal-rvs", Wishes(schedule_not=("dag",)), TODAY)
    days = [i for i, f in enumerate(ranked) if f.offering.schedule.value == "dag"]
    assert days and min(days) > max(
        i for i, f in enumerate(ranked) if f.offering.schedule.value != "dag"
    )
    assert not any(f.schedule_ok for f in ranked if f.offering.schedule.value == "dag")


def test_without_a_place_the_first_start_then_the_price(ranking: Ranking) -> None:
    ranked = ranking.rank("vca-basis", Wishes(), TODAY)
    starts = [f.next_start for f in ranked]
    assert starts == sorted(starts, key=lambda d: d or dt.date.max)
    assert all(f.km is None for f in ranked)


def test_nothing_near_puts_the_nearest_first(ranking: Ranking, places: Places) -> None:
    wishes = Wishes(schedule="avond", origin=places.find("Enschede"))
    ranked = ranking.rank("mig-mag-lassen-basis", wishes, TODAY)
    assert not nearby(ranked)  # no evening course within 50 km of Enschede
    assert ranked[0].offering.provider == "smeot" and ranked[0].within_reach
    related = ranking.related("mig-mag-lassen-basis", wishes, TODAY)
    assert related is not None and related.offering.id == "stodt-mig-mag-lassen-gevorderd-avond"


def test_in_company_has_no_distance_and_is_always_within_reach(
    ranking: Ranking, places: Places
) -> None:
    wishes = Wishes(schedule="in_company", origin=places.find("Den Helder"))
    best = ranking.rank("heftruck", wishes, TODAY)[0]
    assert best.offering.form.value == "in-company" and best.km is None and best.within_reach


@pytest.mark.parametrize(
    ("short", "long"),
    [
        (
            "lascursus",
            "ik zoek een lascursus voor twee man, liefst s avonds in de buurt van enschede",
        ),
        (
            "heftruck",
            "ik zoek een heftruck cursus voor 2 man, het liefst op zaterdag bij oldenzaal",
        ),
        ("vca", "goedemorgen! wij hebben 3 man die vca moeten halen, graag in de avond in hengelo"),
    ],
)
def test_words_of_place_and_time_keep_the_course(
    understander: Understander, short: str, long: str
) -> None:
    alone = [c.id for c in understander.understand(short).courses[:3]]
    said = [c.id for c in understander.understand(long).courses[:3]]
    assert alone and said[:1] == alone[:1], (alone, said)


def test_a_message_naming_two_courses_finds_both(understander: Understander) -> None:
    text = "ik zoek een tig cursus en ook nog bhv voor 3 man, liefst overdag in almelo"
    found = {c.id for c in understander.understand(text).courses[:2]}
    assert found == {"tig-lassen-staal-rvs", "bhv-basis"}


@pytest.mark.parametrize(
    "text",
    [
        "Hengelo Plaatwerk hier, wij zoeken iets voor onze mensen",
        "namens hengelo plaatwerk: kunnen jullie een offerte sturen",
        "kunnen jullie een offerte doen",
        "bij smeot",
        "roc van twente",
    ],
)
def test_company_and_provider_names_are_no_courses(understander: Understander, text: str) -> None:
    assert understander.understand(text).courses == []
