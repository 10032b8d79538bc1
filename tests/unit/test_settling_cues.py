"""Decisive cues (intents/*.toml ``decisive``, ``decisive_unless_learning``): questions for
another trade or for the workshop are out of scope, whatever course-like words they carry."""

from __future__ import annotations

import pytest

from obm_bot.understanding.engine import Understander


@pytest.mark.parametrize(
    "text",
    [
        "ik zoek een cursus pianospelen",
        "opleiding tandartsassistente in enschede?",
        "zoeken jullie nog personeel voor de bakkerij",
        "ik zoek een stageplek als kapper",
        "welke elektrode voor gietijzer",
        "welke beschermgas voor rvs 316",
        "hoe krijg ik mooie rups bij het tig lassen van rvs",
        "kan ik aluminium lassen met co2",
        "uw account wordt geblokkeerd, log hier in om te verifieren",
        "wil je met me trouwen",
        "what gas do i use for mig welding aluminium",
    ],
)
def test_outside_the_desk(understander: Understander, text: str) -> None:
    assert understander.understand(text).intent == "out_of_scope"


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        # Learning about the workshop question is the desk's business.
        ("is er een cursus over beschermgas en lasdraad kiezen", "course_search"),
        ("ik wil tig leren, vooral rvs zonder porien", "course_search"),
        # A complaint that names the workshop stays a complaint.
        ("de trainer wist niks van beschermgas, slecht georganiseerd", "complaint"),
    ],
)
def test_learning_or_complaint_still_counts(
    understander: Understander, text: str, intent: str
) -> None:
    assert understander.understand(text).intent == intent


def test_explain_names_the_decisive_cue(understander: Understander) -> None:
    explained = understander.explain("welke elektrode voor gietijzer")
    assert "elektrode (decisive unless learning)" in explained["out_of_scope"]
