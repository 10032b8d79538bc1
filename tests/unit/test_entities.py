import pytest

from obm_bot.understanding.entities import (
    Entities,
    extract_entities,
    person_names,
    place_keys,
)
from obm_bot.understanding.normalise import normalise

PLACES = place_keys(["Hengelo", "Den Helder", "Twente", "'s-Hertogenbosch"])


def entities(text: str) -> Entities:
    return extract_entities(normalise(text), PLACES)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ik zoek een lascursus voor 3 medewerkers", 3),
        ("twee man voor de heftruck", 2),
        ("vijf dames van de administratie", 5),
        ("voor 12 man", 12),
        ("een groep van 10 die Excel moet leren", 10),
        ("twee van onze jongens", 2),
        ("zes elektromonteurs", 6),
        ("Kan ik me aanmelden voor de cursus hoogwerker?", 1),
        ("meld mij maar aan", 1),
        ("inschrijving NEN 3140 voor onze elektromonteur", 1),
        ("een training leidinggeven voor een nieuwe ploegleider", 1),
        ("graag aanmelden: Pieter de Vries voor TIG lassen", 1),
        ("Meld Jeroen Bakker en Sem de Wit aan voor BMBE lassen", 2),
        ("Graag 2 plekken voor de EHBO cursus", 2),
    ],
)
def test_participants(text: str, expected: int) -> None:
    assert entities(text).participants == expected


@pytest.mark.parametrize(
    "text",
    [
        "Al twee weken geen reactie op mijn vraag",
        "We hebben ruimte voor niveau 2",
        "de cursus duurt 3 dagen",
        "wat kost het voor het hele team",
        "hallo",
    ],
)
def test_no_participants(text: str) -> None:
    assert entities(text).participants is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("tig lassen in de avond", "avond"),
        ("liefst 's avonds", "avond"),
        ("een avondcursus", "avond"),
        ("liefst op zaterdag", "weekend"),
        ("in het weekend", "weekend"),
        ("in-company training", "in_company"),
        ("bij ons op locatie", "in_company"),
        ("kunnen jullie bij ons een cursus komen geven", "in_company"),
        ("kan het ook online", "online"),
        ("liever overdag", "dag"),
        ("een dagcursus", "dag"),
        ("dag allemaal", None),
        ("hoeveel dagdelen", None),
    ],
)
def test_schedule(text: str, expected: str | None) -> None:
    assert entities(text).schedule == expected


def test_location_prefers_the_longest_place() -> None:
    assert entities("een cursus in Den Helder").location == "Den Helder"
    assert entities("mbo opleiding in twente").location == "Twente"
    assert entities("iets in 's-Hertogenbosch").location == "'s-Hertogenbosch"
    assert entities("ergens in het land").location is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("liefst na de zomer", "na de zomer"),
        ("start in maart", "in maart"),
        ("op 12 maart", "12 maart"),
        ("volgende maand graag", "volgende maand"),
        ("zo snel mogelijk", "zo snel mogelijk"),
        ("hallo", None),
    ],
)
def test_period(text: str, expected: str | None) -> None:
    assert entities(text).period == expected


def test_person_names_only_when_signing_up() -> None:
    assert person_names("graag aanmelden: Pieter de Vries") == ["Pieter de Vries"]
    assert person_names("hoi, ik ben Sandra van Bouwmeester Metaal") == []
