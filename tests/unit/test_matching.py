from __future__ import annotations

import pytest

from obm_bot.understanding.matching import PhraseIndex
from obm_bot.understanding.normalise import normalise

INDEX = PhraseIndex(
    [
        ("mig-mag", "MIG/MAG lassen basis", ["mig mag", "lassen", "lascursus", "co2 lassen"]),
        ("tig-rvs", "TIG lassen staal en RVS", ["tig", "argon lassen"]),
        ("tig-alu", "TIG lassen aluminium", ["tig", "aluminium lassen"]),
        ("cnc-draaien", "CNC draaien basis", ["cnc draaien", "draaien"]),
        ("cnc-frezen", "CNC frezen basis", ["cnc frezen", "frezen"]),
        ("word", "Word en Outlook", ["word", "outlook"]),
        ("hydrauliek", "Hydrauliek basis", ["hydraulica", "hydraulische systemen"]),
    ]
)


def top(text: str) -> list[str]:
    return [m.id for m in INDEX.match(normalise(text).tokens)]


def test_alias_inside_a_sentence() -> None:
    assert top("Ik zoek een lascursus voor 3 medewerkers")[0] == "mig-mag"


def test_more_explained_words_rank_higher() -> None:
    assert top("zoek cursus tig lassen rvs in de avond")[:2] == ["tig-rvs", "tig-alu"]
    assert top("prijs cnc draaien basis")[0] == "cnc-draaien"


def test_short_query_scores_well() -> None:
    [best, *_] = INDEX.match(normalise("tig").tokens)
    assert best.score >= 90


def test_typo_is_tolerated() -> None:
    assert top("hydrauliek cursis")[0] == "hydrauliek"
    assert top("cursus hydrualiek")[0] == "hydrauliek"


def test_inflection_of_a_vocabulary_word() -> None:
    assert top("iets met hydraulische systemen")[0] == "hydrauliek"


@pytest.mark.parametrize("text", ["worden", "ik wil een cursus", "hallo", "", "basis"])
def test_nothing_when_nothing_matches_well(text: str) -> None:
    assert top(text) == []


def test_at_most_limit_results_best_first() -> None:
    results = INDEX.match(normalise("lassen tig mig aluminium").tokens, limit=2)
    assert len(results) == 2
    assert results[0].score >= results[1].score
