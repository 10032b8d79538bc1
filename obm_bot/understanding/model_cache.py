"""A cache of the trained phrase model and the normalised examples, next to the database.

Training (normalising about a thousand examples and counting their features) costs a few
tenths of a second on every start. The result depends only on the examples, the catalogue
words the model leaves out, and this code, so it is stored as JSON under a key made from a
hash of all three and reused until one of them changes. A cache that is missing, corrupt,
unreadable or for another key is ignored and rebuilt; a cache that cannot be written is
skipped. Neither ever stops the bot.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from obm_bot.understanding.linear_model import LinearModel
from obm_bot.understanding.phrase_model import PhraseModel

CACHE_FILE = "phrase_model.json"
# Raise when the model, its features or normalisation change: old caches are then rebuilt.
MODEL_VERSION = 2
MODEL_SOURCES = ("normalise", "phrase_model", "linear_model")
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TrainedPhrases:
    model: PhraseModel
    linear: LinearModel
    example_texts: tuple[str, ...]
    """Normalised text of each spec example, in the order of the spec examples given."""
    from_cache: bool


def cache_key(
    examples: Sequence[tuple[str, str]],
    spec_examples: Sequence[str],
    topic_words: frozenset[str],
) -> str:
    digest = hashlib.sha256()
    source = [Path(__file__).with_name(f"{name}.py") for name in MODEL_SOURCES]
    payload = {
        "version": MODEL_VERSION,
        "code": [hashlib.sha256(path.read_bytes()).hexdigest() for path in source],
        "examples": [list(example) for example in examples],
        "spec_examples": list(spec_examples),
        "topic_words": sorted(topic_words),
    }
    digest.update(json.dumps(payload, ensure_ascii=False).encode())
    return digest.hexdigest()


def load_or_train(
    cache_dir: Path | None,
    examples: Sequence[tuple[str, str]],
    spec_examples: Sequence[str],
    topic_words: frozenset[str],
    train: Callable[[], tuple[PhraseModel, LinearModel, tuple[str, ...]]],
) -> TrainedPhrases:
    """The cached model for these inputs, or ``train()``'s (then stored for the next start)."""
    if cache_dir is None:
        model, linear, texts = train()
        return TrainedPhrases(model, linear, texts, from_cache=False)
    path = cache_dir / CACHE_FILE
    try:
        key = cache_key(examples, spec_examples, topic_words)
    except OSError:  # the source files cannot be read (a frozen install): no cache
        model, linear, texts = train()
        return TrainedPhrases(model, linear, texts, from_cache=False)
    cached = _read(path, key, topic_words, len(spec_examples))
    if cached is not None:
        return cached
    model, linear, texts = train()
    state = {"key": key, "model": model.state(), "linear": linear.state()}
    _write(path, state | {"example_texts": list(texts)})
    return TrainedPhrases(model, linear, texts, from_cache=False)


def _read(path: Path, key: str, topic_words: frozenset[str], count: int) -> TrainedPhrases | None:
    """The cache's content if it is intact and for ``key``. The file is the SHA-256 of the JSON
    body on the first line, then the body: a truncated or damaged file fails the check."""
    try:
        digest, _, body = path.read_bytes().partition(b"\n")
        if hashlib.sha256(body).hexdigest().encode() != digest:
            raise ValueError("content does not match its checksum")
        data = json.loads(body)
        if not isinstance(data, dict) or data.get("key") != key:
            return None
        texts = data["example_texts"]
        if not isinstance(texts, list) or len(texts) != count:
            raise ValueError("example_texts does not fit")
        if not all(isinstance(text, str) for text in texts):
            raise ValueError("example_texts are not strings")
        model = PhraseModel.from_state(data["model"], topic_words, check_features=False)
        linear = LinearModel.from_state(data["linear"], topic_words)
    except FileNotFoundError:
        return None
    except (OSError, ValueError, TypeError, KeyError, AttributeError, RecursionError) as exc:
        log.warning("phrase model cache %s ignored (%s: %s); rebuilding", path, type(exc), exc)
        return None
    return TrainedPhrases(model, linear, tuple(texts), from_cache=True)


def _write(path: Path, data: dict[str, Any]) -> None:
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_bytes(hashlib.sha256(body).hexdigest().encode() + b"\n" + body)
        os.replace(temporary, path)  # atomic: a reader sees the old file or the new one
    except OSError as exc:
        log.warning("phrase model cache %s not written: %s", path, exc)
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
