"""A database that cannot be used stops ``obm-bot`` at once, with one line and exit code 2,
before anything else starts (the Telegram bot would otherwise open it only inside its
start-up hook, and live on without polling). Run as real processes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from obm_bot.config import REPO_ROOT

OBM_BOT = Path(sys.executable).with_name("obm-bot")
COMMANDS = {
    "run": ["run"],
    "chat": ["chat"],
    "staff": ["staff", "--as", "Anouk de Vries"],
}
TELEGRAM = {
    # Never reached: the check comes first. A closed local port, in case it ever is.
    "OBM_TELEGRAM_TOKEN": "123456:not-a-real-token",
    "OBM_TELEGRAM_BASE_URL": "http://127.0.0.1:9/bot",
}


def obm_bot(argv: list[str], db_path: Path, cwd: Path, **extra: str) -> tuple[int, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OBM_")}
    env |= {"OBM_DB_PATH": str(db_path), "OBM_CONFIG": str(REPO_ROOT / "obm.example.toml")}
    done = subprocess.run(
        [str(OBM_BOT), *argv], cwd=cwd, env=env | extra, stdin=subprocess.DEVNULL,
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    return done.returncode, done.stderr


def the_one_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    return lines[0]


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_corrupt_database_stops_at_once(command: str, tmp_path: Path) -> None:
    db_path = tmp_path / "obm.sqlite3"
    db_path.write_bytes(os.urandom(16384))
    extra = TELEGRAM if command == "run" else {}
    code, stderr = obm_bot(COMMANDS[command], db_path, tmp_path, **extra)
    assert code == 2
    assert the_one_line(stderr) == (
        f"obm-bot: cannot open database {db_path}: file is not a database"
    )


def test_a_damaged_page_is_found_before_start(tmp_path: Path) -> None:
    db_path = tmp_path / "obm.sqlite3"
    code, _ = obm_bot(["chat", "--json"], db_path, tmp_path)  # a healthy database first
    assert code == 0 and db_path.stat().st_size > 20 * 4096
    with db_path.open("r+b") as file:  # a table page in the middle overwritten
        file.seek(12 * 4096)
        file.write(b"\xff" * 4096)
    code, stderr = obm_bot(["chat"], db_path, tmp_path)
    assert code == 2
    line = the_one_line(stderr)
    assert line.startswith(f"obm-bot: cannot open database {db_path}: ")
    assert "malformed" in line or "damaged" in line


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write a read-only file anyway")
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_read_only_database_stops_at_once(command: str, tmp_path: Path) -> None:
    db_path = tmp_path / "obm.sqlite3"
    code, _ = obm_bot(["chat", "--json"], db_path, tmp_path)
    assert code == 0
    db_path.chmod(0o444)
    try:
        extra = TELEGRAM if command == "run" else {}
        code, stderr = obm_bot(COMMANDS[command], db_path, tmp_path, **extra)
    finally:
        db_path.chmod(0o644)
    assert code == 2
    assert the_one_line(stderr).startswith(f"obm-bot: cannot open database {db_path}: ")


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write in a read-only folder anyway")
def test_a_database_in_a_read_only_folder_stops_at_once(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    db_path = folder / "obm.sqlite3"
    code, _ = obm_bot(["chat", "--json"], db_path, tmp_path)
    assert code == 0
    folder.chmod(0o555)  # the WAL cannot be created next to the file
    try:
        code, stderr = obm_bot(["chat"], db_path, tmp_path)
    finally:
        folder.chmod(0o755)
    assert code == 2
    assert the_one_line(stderr).startswith(f"obm-bot: cannot open database {db_path}: ")
