"""The import contract of ports and adapters (DESIGN.md §4), checked on the source with ``ast``.

1. No core module imports ``telegram`` (or a submodule), a SQL driver (``aiosqlite``,
   ``sqlite3``) or ``jinja2``; storage and rendering reach the core only through the store and
   the renderer that the composition root passes in.
2. Only ``obm_bot/adapters/``, ``obm_bot/bootstrap.py`` and ``obm_bot/cli.py`` import
   ``telegram``.

Every import statement counts, also one inside a function or an ``if TYPE_CHECKING`` block.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "obm_bot"
CORE_PACKAGES = ("domain", "understanding", "dialogue", "catalogue", "reporting")
CORE_MODULES = ("organisation.py", "learner_import.py", "evaluation.py")
CORE_FORBIDDEN = frozenset({"telegram", "aiosqlite", "sqlite3", "jinja2"})
TELEGRAM_ALLOWED = ("adapters/", "bootstrap.py", "cli.py")


def imports(path: Path) -> list[tuple[int, str]]:
    """Every absolute module an import statement in ``path`` names, with its line."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
    return sorted(found)


def violations(paths: Iterable[Path], forbidden: frozenset[str], root: Path) -> list[str]:
    """``module:line imports name`` for each import of a forbidden top-level package."""
    return [
        f"{path.relative_to(root).as_posix()}:{line} imports {name}"
        for path in paths
        for line, name in imports(path)
        if name.split(".")[0] in forbidden
    ]


def core_modules(package: Path) -> list[Path]:
    modules = [path for sub in CORE_PACKAGES for path in sorted((package / sub).rglob("*.py"))]
    return modules + [package / name for name in CORE_MODULES if (package / name).is_file()]


def outside_adapters(package: Path) -> list[Path]:
    return [
        path
        for path in sorted(package.rglob("*.py"))
        if not path.relative_to(package).as_posix().startswith(TELEGRAM_ALLOWED)
    ]


def test_the_core_is_found() -> None:
    """A renamed package or module must not make the contract pass on nothing."""
    modules = core_modules(PACKAGE)
    for sub in CORE_PACKAGES:
        assert any(path.is_relative_to(PACKAGE / sub) for path in modules), f"no modules in {sub}"
    for name in CORE_MODULES:
        assert PACKAGE / name in modules, f"{name} is missing"


def test_the_core_imports_no_telegram_sql_or_jinja2() -> None:
    assert violations(core_modules(PACKAGE), CORE_FORBIDDEN, PACKAGE.parent) == []


def test_only_adapters_bootstrap_and_cli_import_telegram() -> None:
    modules = outside_adapters(PACKAGE)
    assert PACKAGE / "config.py" in modules and PACKAGE / "bootstrap.py" not in modules
    assert violations(modules, frozenset({"telegram"}), PACKAGE.parent) == []


def test_the_check_sees_the_telegram_imports_the_adapters_have() -> None:
    app = PACKAGE / "adapters" / "telegram" / "app.py"
    assert violations([app], frozenset({"telegram"}), PACKAGE.parent)


def test_the_check_names_module_and_line(tmp_path: Path) -> None:
    package = tmp_path / "obm_bot"
    (package / "dialogue" / "staff").mkdir(parents=True)
    sample = package / "dialogue" / "staff" / "sample.py"
    sample.write_text(
        "from __future__ import annotations\n"
        "import telegram.ext as ext\n"
        "from obm_bot.adapters.telegram import app\n"  # the package's own: not the library
        "from . import telegram\n"  # relative: a sibling module, not the library
        "import telegramx, sqlite3\n"
        "def render() -> None:\n"
        "    from jinja2 import Environment\n"
        "    import aiosqlite.core\n",
        encoding="utf-8",
    )
    assert sample in core_modules(package) and sample in outside_adapters(package)
    assert violations([sample], CORE_FORBIDDEN, tmp_path) == [
        "obm_bot/dialogue/staff/sample.py:2 imports telegram.ext",
        "obm_bot/dialogue/staff/sample.py:5 imports sqlite3",
        "obm_bot/dialogue/staff/sample.py:7 imports jinja2",
        "obm_bot/dialogue/staff/sample.py:8 imports aiosqlite.core",
    ]


def test_adapters_bootstrap_and_cli_may_import_telegram(tmp_path: Path) -> None:
    package = tmp_path / "obm_bot"
    (package / "adapters" / "telegram").mkdir(parents=True)
    for name in ("adapters/telegram/app.py", "bootstrap.py", "cli.py", "config.py"):
        (package / name).write_text("import telegram\n", encoding="utf-8")
    assert outside_adapters(package) == [package / "config.py"]
