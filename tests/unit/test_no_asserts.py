"""Production code never relies on ``assert`` (``python -O`` removes it): real errors instead.

Found in a code review: asserts guarded storage and learner paths.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "obm_bot"
# Still to be converted by their owners (issue 12); remove a line when its assert is gone.
NOT_YET: frozenset[str] = frozenset()


def asserts(path: Path) -> list[int]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return [node.lineno for node in ast.walk(tree) if isinstance(node, ast.Assert)]


def test_no_assert_guards_production_code() -> None:
    found = {
        f"{path.relative_to(PACKAGE).as_posix()}:{line}"
        for path in sorted(PACKAGE.rglob("*.py"))
        for line in asserts(path)
    }
    assert {entry for entry in found if entry.split(":")[0] not in NOT_YET} == set()
