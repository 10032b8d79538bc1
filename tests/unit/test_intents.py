from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from obm_bot.understanding.intents import IntentDataError, compile_cue, load_intents
from obm_bot.understanding.labels import INTENT_LABELS


def copy_intents(repo_root: Path, tmp_path: Path) -> Path:
    target = tmp_path / "intents"
    shutil.copytree(repo_root / "intents", target)
    return target


def test_shipped_intents_cover_every_label_without_collisions(repo_root: Path) -> None:
    model = load_intents(repo_root / "intents")
    assert set(model.specs) == set(INTENT_LABELS)
    assert model.collisions == ()
    for spec in model.specs.values():
        assert spec.examples, f"{spec.label} has no example phrases"


def test_every_intent_names_an_existing_reply_template(repo_root: Path) -> None:
    templates = repo_root / "obm_bot" / "rendering" / "templates"
    for spec in load_intents(repo_root / "intents").specs.values():
        assert (templates / f"{spec.template}.txt.j2").exists(), spec.label


def test_shipped_intents_do_not_copy_the_measuring_set(repo_root: Path) -> None:
    dev = repo_root.parent / "shared" / "eval" / "dev_intents.jsonl"
    if not dev.exists():
        pytest.skip("shared/eval/dev_intents.jsonl not present")
    dev_texts = {
        json.loads(line)["text"].lower().strip(" ?!.")
        for line in dev.read_text(encoding="utf-8").splitlines()
        if line.strip()
    }
    model = load_intents(repo_root / "intents")
    multiword = {
        e.lower().strip(" ?!.") for s in model.specs.values() for e in s.examples if " " in e
    }
    assert not multiword & dev_texts


def test_collisions_are_reported(repo_root: Path, tmp_path: Path) -> None:
    root = copy_intents(repo_root, tmp_path)
    path = root / "greeting.toml"
    path.write_text(path.read_text(encoding="utf-8") + 'strong = ["offerte"]\n', encoding="utf-8")
    model = load_intents(root)
    assert model.collisions == ("cue 'offerte' is used by greeting, quote_request",)


def test_missing_intent_file(repo_root: Path, tmp_path: Path) -> None:
    root = copy_intents(repo_root, tmp_path)
    (root / "complaint.toml").unlink()
    with pytest.raises(IntentDataError, match="no intent file for complaint"):
        load_intents(root)


def test_unknown_label(repo_root: Path, tmp_path: Path) -> None:
    root = copy_intents(repo_root, tmp_path)
    (root / "extra.toml").write_text(
        'label = "weather"\ndescription = "x"\ntemplate = "x"\n', encoding="utf-8"
    )
    with pytest.raises(IntentDataError, match=r"extra.toml: field label: unknown intent 'weather'"):
        load_intents(root)


def test_unknown_field_names_file_and_field(repo_root: Path, tmp_path: Path) -> None:
    root = copy_intents(repo_root, tmp_path)
    path = root / "help.toml"
    path.write_text(path.read_text(encoding="utf-8") + "sterk = []\n", encoding="utf-8")
    with pytest.raises(IntentDataError, match=r"help.toml: field sterk: Extra inputs"):
        load_intents(root)


def test_duplicate_label(repo_root: Path, tmp_path: Path) -> None:
    root = copy_intents(repo_root, tmp_path)
    shutil.copy(root / "help.toml", root / "help2.toml")
    with pytest.raises(IntentDataError, match="'help' defined twice"):
        load_intents(root)


@pytest.mark.parametrize(
    ("pattern", "words", "expected"),
    [
        ("offerte", ["een", "offerte"], True),
        ("offerte", ["offertes"], False),
        ("offerte*", ["offertes"], True),
        ("*behoefte", ["opleidingsbehoefte"], True),
        ("bel terug", ["bel", "me", "even", "terug"], True),
        ("bel terug", ["terug", "bel"], False),
        ("bel terug", ["bel", "a", "b", "c", "d", "terug"], False),
        ("collega's", ["collegas"], True),
        ("twee man", ["2", "man"], True),
    ],
)
def test_cue_matching(pattern: str, words: list[str], expected: bool) -> None:
    assert compile_cue("x", pattern, 1.0).matches([words]) is expected
