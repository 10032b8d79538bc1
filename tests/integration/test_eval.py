"""The measuring set from shared/eval, scored by the real engine (DESIGN.md §7)."""

from __future__ import annotations

from pathlib import Path

import pytest

from obm_bot.evaluation import evaluate, read_examples
from obm_bot.understanding.engine import Understander
from tests.conftest import SHARED_EVAL

HOLDOUTS = sorted((Path(__file__).parents[1] / "data").glob("holdout*_intents.jsonl"))


def test_measuring_set_intent_accuracy(understander: Understander) -> None:
    if not SHARED_EVAL.exists():
        pytest.skip(f"{SHARED_EVAL} not found; the measuring set lives in shared/eval")
    report = evaluate(read_examples(SHARED_EVAL), understander.understand)
    assert report.intent.value >= 0.90, report.format(show_misses=True)
    assert report.topic.value >= 0.90, report.format(show_misses=True)


@pytest.mark.parametrize("path", HOLDOUTS, ids=lambda p: p.name)
def test_own_holdout_sets_stay_above_floor(understander: Understander, path: Path) -> None:
    # Sets written for this project by people who did not see intents/; a floor well below
    # the current figures catches regressions without pinning every line.
    report = evaluate(read_examples(path), understander.understand)
    assert report.intent.value >= 0.85, report.format(show_misses=True)
