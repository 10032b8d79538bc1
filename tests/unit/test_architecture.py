"""The domain core must not know about Telegram (DESIGN.md §4)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "obm_bot"


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_no_module_outside_adapters_imports_telegram() -> None:
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if "adapters" not in path.relative_to(PACKAGE).parts
        and any(n == "telegram" or n.startswith("telegram.") for n in imported_modules(path))
    ]
    assert offenders == []


def test_the_guard_itself_sees_telegram_imports(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("from telegram.ext import Application\nimport telegram\n", encoding="utf-8")
    assert {"telegram", "telegram.ext"} <= imported_modules(sample)


def test_understanding_does_not_import_sql_or_templates() -> None:
    forbidden = {"aiosqlite", "sqlite3", "jinja2", "telegram"}
    for path in (PACKAGE / "understanding").rglob("*.py"):
        assert not imported_modules(path) & forbidden, path.name
