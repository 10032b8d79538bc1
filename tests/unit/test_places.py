"""The gazetteer: shipped GeoNames places resolve the catalogue; distances; places in free text."""

from __future__ import annotations

from pathlib import Path

import pytest

from obm_bot.catalogue.models import Catalogue
from obm_bot.catalogue.places import Place, Places, PlacesError, unknown_places


@pytest.fixture(scope="module")
def places() -> Places:
    return Places.load()


def place(places: Places, name: str) -> Place:
    found = places.find(name)
    assert found is not None, name
    return found


def km(places: Places, a: str, b: str) -> float:
    return places.distance_km(place(places, a), place(places, b))


def test_the_shipped_file_has_the_dutch_places(places: Places) -> None:
    assert 1900 <= len(places) <= 2100


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("Enschede", "Almelo", 21),
        ("Enschede", "Hengelo", 8),
        # As the crow flies; by road it is about 17 km.
        ("Nijmegen", "Cuijk", 12.5),
    ],
)
def test_distances(places: Places, a: str, b: str, expected: float) -> None:
    assert km(places, a, b) == pytest.approx(expected, abs=3)
    assert km(places, b, a) == pytest.approx(km(places, a, b))
    assert km(places, a, a) == 0


def test_find_ignores_case_accents_and_punctuation(places: Places) -> None:
    assert place(places, "enschede").name == "Enschede"
    assert place(places, "  CAPELLE AAN DEN IJSSEL ").name == "Capelle aan den IJssel"
    assert place(places, "s-hertogenbosch").name == "'s-Hertogenbosch"
    assert place(places, "Den Bosch").name == "'s-Hertogenbosch"
    assert place(places, "'s-Gravenhage").name == "Den Haag"
    assert place(places, "Cuyk").name == "Cuijk"


def test_find_is_not_fuzzy(places: Places) -> None:
    assert places.find("Enschde") is None
    assert places.find("") is None
    assert places.find("bij u op locatie") is None


def test_the_most_populous_of_two_namesakes_wins(places: Places) -> None:
    hengelo = place(places, "Hengelo")
    assert hengelo.population > 50_000 and hengelo.longitude > 6.7  # Overijssel
    assert place(places, "Hengelo (Gld)").population < 10_000


def test_every_catalogue_place_resolves(catalogue: Catalogue, places: Places) -> None:
    for provider in catalogue.providers:
        assert places.find(provider.city) is not None, provider.id
    assert unknown_places(catalogue, places) == []


def test_unknown_places_names_the_offering(catalogue: Catalogue, places: Places) -> None:
    provider = catalogue.providers[0].model_copy(update={"city": "Atlantis"})
    classroom = next(o for o in catalogue.offerings if o.location == "Hengelo")
    moved = classroom.model_copy(update={"location": "Hengeloo"})
    broken = Catalogue((provider,), catalogue.courses, (moved,), catalogue.qualifications)
    assert unknown_places(broken, places) == [
        f"provider {provider.id!r}: city 'Atlantis' is not a known place",
        f"offering {moved.id!r}: location 'Hengeloo' is not a known place",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "ik zoek een lascursus voor twee man, liefst s avonds in de buurt van enschede",
            "Enschede",
        ),
        ("zit in capelle aan den ijssel", "Capelle aan den IJssel"),
        ("we zitten in enschede", "Enschede"),
        ("in de buurt van hengelo", "Hengelo"),
        ("liefst s avonds bij almelo", "Almelo"),
        ("cursus in Den Helder graag", "Den Helder"),
        ("Almelo", "Almelo"),
        ("we zitten in Best", "Best"),  # a common word, but announced
        ("wij komen uit den bosch", "'s-Hertogenbosch"),
        ("ik wil best een cursus doen", None),
        ("wat kost het", None),
        ("hoe is het echt heel goed", None),
        ("kan een collega mee in een groep", None),
        ("wat moet je doen bij brand", None),
        ("", None),
    ],
)
def test_mentioned(places: Places, text: str, expected: str | None) -> None:
    found = places.mentioned(text)
    assert (found.name if found else None) == expected


def test_mentioned_prefers_the_longest_name(places: Places) -> None:
    # "capelle" alone is an alias too; the full name is the longer match.
    assert place(places, "capelle").name == "Capelle aan den IJssel"
    found = places.mentioned("omgeving capelle aan den ijssel of rotterdam")
    assert found is not None and found.name == "Capelle aan den IJssel"


def test_small_places_need_a_place_word(places: Places) -> None:
    small = place(places, "Hengelo (Gld)")
    assert small.population < 2000 or places.mentioned("ik bel uit hengelo gld") == small
    assert places.mentioned("ee") is None
    ee = places.mentioned("we zitten in ee")
    assert ee is not None and ee.name == "Ee"


def test_a_broken_file_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "places.csv"
    path.write_text(
        "# source\nname,latitude,longitude,population,aliases\nEnschede,52.2,6.9,x,\n",
        encoding="utf-8",
    )
    with pytest.raises(PlacesError, match=r"places.csv:3: malformed row"):
        Places.load(path)
    with pytest.raises(PlacesError, match="cannot be read"):
        Places.load(tmp_path / "missing.csv")
