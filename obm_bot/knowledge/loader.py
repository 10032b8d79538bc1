"""Load and validate ``knowledge/``: every problem is reported with file, fact and field."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import rtoml
from pydantic import ValidationError

from obm_bot.knowledge.models import Fact, Knowledge, Subject


class KnowledgeError(Exception):
    """The knowledge folder is invalid; ``problems`` holds one line per problem."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def _where(root: Path, path: Path) -> str:
    try:
        return str(path.relative_to(root.parent))
    except ValueError:
        return str(path)


def _read(path: Path, where: str, problems: list[str]) -> list[Any]:
    try:
        data = rtoml.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, rtoml.TomlParsingError) as exc:
        problems.append(f"{where}: cannot be read: {exc}")
        return []
    for name in sorted(set(data) - {"fact"}):
        problems.append(f"{where}: unknown table or key {name!r}")
    facts = data.get("fact", [])
    if not isinstance(facts, list):
        problems.append(f"{where}: 'fact' must be an array of tables")
        return []
    return facts


def _build(raw: Any, index: int, subject: str, where: str, problems: list[str]) -> Fact | None:
    item = raw.get("id") if isinstance(raw, dict) else None
    label = f"fact {item!r}" if item else f"fact #{index + 1}"
    try:
        fact = Fact.model_validate(raw)
    except ValidationError as exc:
        for error in exc.errors():
            field_name = ".".join(str(p) for p in error["loc"]) or "(item)"
            problems.append(f"{where}: {label}: field {field_name}: {error['msg']}")
        return None
    if fact.subject != subject:
        problems.append(
            f"{where}: {label}: field subject: must be {subject!r}, the subject of this file"
        )
        return None
    return fact


def load_knowledge(folder: Path) -> Knowledge:
    """Every fact in ``folder/<subject>.toml``; KnowledgeError lists all problems."""
    if not folder.is_dir():
        raise KnowledgeError([f"{folder}: knowledge directory not found"])
    problems: list[str] = []
    facts: list[Fact] = []
    files: dict[str, str] = {}
    subjects = {s.value for s in Subject}
    for path in sorted(folder.glob("*.toml")):
        where = _where(folder, path)
        if path.stem not in subjects:
            problems.append(f"{where}: unknown subject {path.stem!r}: use {sorted(subjects)}")
            continue
        for index, raw in enumerate(_read(path, where, problems)):
            fact = _build(raw, index, path.stem, where, problems)
            if fact is None:
                continue
            if fact.id in files:
                problems.append(
                    f"{where}: fact {fact.id!r}: field id: duplicate id, also in {files[fact.id]}"
                )
                continue
            facts.append(fact)
            files[fact.id] = where
    if not facts and not problems:
        problems.append(f"{folder}: no facts found in *.toml")
    if problems:
        raise KnowledgeError(problems)
    return Knowledge(facts=tuple(facts), files=files)
