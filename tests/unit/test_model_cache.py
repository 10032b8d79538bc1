"""The trained phrase model is cached in the data folder and rebuilt when its inputs change."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from obm_bot.catalogue.loader import load_catalogue
from obm_bot.catalogue.models import Catalogue
from obm_bot.config import REPO_ROOT
from obm_bot.understanding.engine import Understander
from obm_bot.understanding.intents import load_intents
from obm_bot.understanding.model_cache import CACHE_FILE
from obm_bot.understanding.phrase_model import PhraseModel

MESSAGES = ["ik wil een offerte voor lassen", "wordt de cursus vergoed", "bel me terug"]


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue(REPO_ROOT / "catalogue")[0]


@pytest.fixture
def intents_dir(tmp_path: Path) -> Path:
    return Path(shutil.copytree(REPO_ROOT / "intents", tmp_path / "intents"))


def build(catalogue: Catalogue, intents_dir: Path, cache_dir: Path | None) -> Understander:
    return Understander(catalogue, load_intents(intents_dir), cache_dir=cache_dir)


def records(understander: Understander) -> list[dict[str, object]]:
    return [understander.understand(text).classify_record() for text in MESSAGES]


def test_cache_is_written_then_reused_with_the_same_results(
    catalogue: Catalogue, intents_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    first = build(catalogue, intents_dir, data)
    assert not first.phrase_model_cached
    assert (data / CACHE_FILE).is_file()

    trainings: list[int] = []

    class CountingModel(PhraseModel):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            trainings.append(1)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr("obm_bot.understanding.engine.PhraseModel", CountingModel)
    second = build(catalogue, intents_dir, data)
    assert second.phrase_model_cached
    assert trainings == []
    build(catalogue, intents_dir, None)
    assert trainings == [1]  # the counter does count: without a cache it trains
    assert records(second) == records(first) == records(build(catalogue, intents_dir, None))


def test_a_changed_intents_file_rebuilds_the_cache(
    catalogue: Catalogue, intents_dir: Path, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    build(catalogue, intents_dir, data)
    before = read_cache(data / CACHE_FILE)["key"]
    examples = intents_dir / "examples.jsonl"
    line = json.dumps({"text": "mag ik een prijsopgave voor twaalf man", "intent": "quote_request"})
    examples.write_text(examples.read_text(encoding="utf-8") + line + "\n", encoding="utf-8")

    rebuilt = build(catalogue, intents_dir, data)
    assert not rebuilt.phrase_model_cached
    assert read_cache(data / CACHE_FILE)["key"] != before
    assert build(catalogue, intents_dir, data).phrase_model_cached


@pytest.mark.parametrize(
    "content",
    [
        b"not json at all",
        b"\xff\xfe\x00",
        b"[]",
        b'{"key": 1}',
        b"",
    ],
)
def test_a_corrupt_cache_is_ignored_and_rebuilt(
    catalogue: Catalogue, intents_dir: Path, tmp_path: Path, content: bytes
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / CACHE_FILE).write_bytes(content)
    understander = build(catalogue, intents_dir, data)
    assert not understander.phrase_model_cached
    assert build(catalogue, intents_dir, data).phrase_model_cached


def read_cache(path: Path) -> dict[str, Any]:
    _, _, body = path.read_bytes().partition(b"\n")
    data: dict[str, Any] = json.loads(body)
    return data


def write_cache(path: Path, data: dict[str, Any], checksum: str | None = None) -> None:
    body = json.dumps(data).encode()
    digest = checksum or hashlib.sha256(body).hexdigest()
    path.write_bytes(digest.encode() + b"\n" + body)


def test_a_damaged_cache_fails_its_checksum_and_is_rebuilt(
    catalogue: Catalogue, intents_dir: Path, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    reference = records(build(catalogue, intents_dir, data))
    cache = data / CACHE_FILE
    content = cache.read_bytes()
    cache.write_bytes(content[: len(content) // 2])  # a write cut short
    understander = build(catalogue, intents_dir, data)
    assert not understander.phrase_model_cached
    assert records(understander) == reference
    damaged = read_cache(cache)
    damaged["model"]["gain"] = {"w:offerte": "not pairs"}
    write_cache(cache, damaged, checksum="0" * 64)  # edited by hand, checksum stale
    assert not build(catalogue, intents_dir, data).phrase_model_cached


def test_a_cache_with_the_right_key_but_a_broken_model_is_rebuilt(
    catalogue: Catalogue, intents_dir: Path, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    reference = records(build(catalogue, intents_dir, data))
    cache = read_cache(data / CACHE_FILE)
    broken_parts: list[dict[str, Any]] = [
        {"prior": "x"},
        {"unseen": {"quote_request": 1.0}},
        {"gain": []},
    ]
    for broken in broken_parts:
        write_cache(data / CACHE_FILE, {**cache, "model": {**cache["model"], **broken}})
        understander = build(catalogue, intents_dir, data)
        assert not understander.phrase_model_cached
        assert records(understander) == reference
    write_cache(data / CACHE_FILE, {**cache, "example_texts": [1, 2]})
    assert not build(catalogue, intents_dir, data).phrase_model_cached


def test_an_unwritable_data_folder_does_not_stop_the_start(
    catalogue: Catalogue, intents_dir: Path, tmp_path: Path
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the data folder should be", encoding="utf-8")
    understander = build(catalogue, intents_dir, blocker / "data")
    assert not understander.phrase_model_cached
    assert records(understander)
