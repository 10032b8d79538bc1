from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from obm_bot.understanding.intents import IntentDataError, load_intents
from obm_bot.understanding.normalise import normalise
from obm_bot.understanding.phrase_model import PhraseModel, features

MODEL = PhraseModel(
    (normalise(text), label)
    for text, label in [
        ("ik wil een offerte voor lassen", "quote_request"),
        ("graag een prijsopgave voor tien man", "quote_request"),
        ("wordt de cursus vergoed door oom", "funding"),
        ("is er subsidie voor scholing", "funding"),
    ]
)


def test_features_cover_words_pairs_and_character_grams() -> None:
    found = features(normalise("offerte lassen"))
    assert "w:offerte" in found and "b:offerte_lassen" in found
    assert "c:<off" in found and "c:erte>" in found


def test_learns_from_examples() -> None:
    probabilities = MODEL.probabilities(normalise("kan ik een offerte krijgen"))
    assert max(probabilities, key=probabilities.__getitem__) == "quote_request"


def test_typos_still_share_character_grams() -> None:
    probabilities = MODEL.probabilities(normalise("subsidy voor de cursus"))
    assert max(probabilities, key=probabilities.__getitem__) == "funding"


def test_unknown_words_give_no_evidence() -> None:
    assert MODEL.probabilities(normalise("xqzv wpty")) == {}


def test_partly_known_message_gets_partial_weight() -> None:
    full = sum(MODEL.probabilities(normalise("offerte lassen")).values())
    partial = sum(MODEL.probabilities(normalise("offerte zwxq qpzr")).values())
    assert 0 < partial < full <= 1


def test_examples_file_errors_name_the_line(repo_root: Path, tmp_path: Path) -> None:
    target = tmp_path / "intents"
    shutil.copytree(repo_root / "intents", target)
    with (target / "examples.jsonl").open("a", encoding="utf-8") as file:
        file.write('{"text": "hoi", "intent": "weather"}\n')
    lines = (target / "examples.jsonl").read_text(encoding="utf-8").count("\n")
    with pytest.raises(IntentDataError, match=rf"examples.jsonl:{lines}: field intent"):
        load_intents(target)


def test_shipped_examples_cover_every_intent(repo_root: Path) -> None:
    model = load_intents(repo_root / "intents")
    labels = {label for _, label in model.examples}
    assert len(labels) == 22
    assert len(model.examples) > 900


def test_state_round_trips_and_a_bad_state_is_refused() -> None:
    state = json.loads(json.dumps(MODEL.state()))
    message = normalise("kan ik een offerte krijgen")
    for check in (True, False):
        restored = PhraseModel.from_state(state, check_features=check)
        assert restored.probabilities(message) == pytest.approx(MODEL.probabilities(message))
    bad = {**state, "gain": {"w:offerte": [["no_such_label", 1.0]]}}
    with pytest.raises(ValueError):
        PhraseModel.from_state(bad)
    with pytest.raises(ValueError):
        PhraseModel.from_state({**state, "prior": {"quote_request": "x"}}, check_features=False)
