from __future__ import annotations

import json

import pytest

from obm_bot.understanding.linear_model import LinearModel, weighted_features
from obm_bot.understanding.normalise import normalise

EXAMPLES = [
    ("ik wil een offerte voor lassen", "quote_request"),
    ("graag een prijsopgave voor tien man", "quote_request"),
    ("kunnen jullie een aanbod doen", "quote_request"),
    ("wordt de cursus vergoed door oom", "funding"),
    ("is er subsidie voor scholing", "funding"),
    ("krijgen we geld terug van het fonds", "funding"),
    ("de cursus was waardeloos", "complaint"),
    ("nooit meer bij jullie, slecht geregeld", "complaint"),
]


@pytest.fixture(scope="module")
def model() -> LinearModel:
    return LinearModel.train(((normalise(t), label) for t, label in EXAMPLES), frozenset())


def _best(model: LinearModel, text: str) -> str:
    probabilities = model.probabilities(normalise(text))
    return max(probabilities, key=probabilities.__getitem__)


def test_features_are_scaled_to_unit_length() -> None:
    found = weighted_features(normalise("offerte offerte lassen"), frozenset())
    assert sum(v * v for v in found.values()) == pytest.approx(1.0)
    assert found["w:offerte"] > found["w:lassen"]  # counted twice, sublinearly


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("mag ik een offerte", "quote_request"),
        ("subsidie voor de vca?", "funding"),
        ("waardeloos geregeld", "complaint"),
    ],
)
def test_learns_what_tells_intents_apart(model: LinearModel, text: str, label: str) -> None:
    assert _best(model, text) == label


def test_unknown_words_give_no_evidence(model: LinearModel) -> None:
    assert model.probabilities(normalise("xyzzy qwrtp")) == {}


def test_probabilities_sum_to_one(model: LinearModel) -> None:
    assert sum(model.probabilities(normalise("offerte")).values()) == pytest.approx(1.0)


def test_state_round_trips_through_json(model: LinearModel) -> None:
    again = LinearModel.from_state(json.loads(json.dumps(model.state())))
    for text in ("offerte voor lassen", "vergoed oom", "slecht"):
        assert again.probabilities(normalise(text)) == pytest.approx(
            model.probabilities(normalise(text))
        )


def test_bad_state_is_refused(model: LinearModel) -> None:
    state = model.state()
    with pytest.raises(ValueError, match="bias"):
        LinearModel.from_state(state | {"bias": [0.0]})
    with pytest.raises(ValueError, match="labels"):
        LinearModel.from_state(state | {"labels": [1, 2]})


def test_strongest_features_explain_the_choice(model: LinearModel) -> None:
    pushes = model.strongest(normalise("graag een offerte"), "quote_request")
    assert pushes and pushes[0][1] > 0
    assert any("offerte" in feature for feature, _ in pushes)
    assert model.strongest(normalise("offerte"), "no_such_label") == []
