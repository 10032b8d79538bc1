"""[office_hours] with close at or before open is refused at start, in one line.

Found by an attack on the running bot: such a file was accepted, and the SLA arithmetic
then looped for ever at the first handoff (no office minute in any day).
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from obm_bot.cli import main
from obm_bot.config import REPO_ROOT
from obm_bot.organisation import OrganisationError, load_organisation

OPEN, CLOSE = "open = 08:30:00", "close = 17:00:00"


def config(tmp_path: Path, open_line: str, close_line: str) -> Path:
    text = (REPO_ROOT / "obm.example.toml").read_text(encoding="utf-8")
    assert OPEN in text and CLOSE in text
    path = tmp_path / "obm.toml"
    text = text.replace(OPEN, open_line, 1).replace(CLOSE, close_line, 1)
    # The example's lunch break lies outside most of these days (a break must lie within).
    text = text.replace('breaks = ["12:00-12:30"]', "breaks = []", 1)
    path.write_text(text, "utf-8")
    return path


@pytest.mark.parametrize(
    ("open_line", "close_line", "message"),
    [
        (OPEN, "close = 08:30:00", "close 08:30 must be after open 08:30"),
        ("open = 18:00:00", CLOSE, "close 17:00 must be after open 18:00"),
        ("open = 22:00:00", "close = 02:00:00", "close 02:00 must be after open 22:00"),
    ],
)
def test_close_at_or_before_open_is_refused(
    tmp_path: Path, open_line: str, close_line: str, message: str
) -> None:
    with pytest.raises(OrganisationError) as info:
        load_organisation(config(tmp_path, open_line, close_line))
    text = str(info.value)
    assert f"key office_hours: {message}" in text and "\n" not in text


def test_a_short_day_is_fine(tmp_path: Path) -> None:
    org = load_organisation(config(tmp_path, "open = 09:00:00", "close = 09:01:00"))
    assert org.office_hours.close.minute == 1


def test_the_cli_stops_with_one_line(
    clean_env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = config(clean_env, OPEN, "close = 07:00:00")
    monkeypatch.setenv("OBM_CONFIG", str(path))
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    code = main(["chat"])
    _, err = capsys.readouterr()
    assert code == 2
    assert (
        err
        == f"obm-bot: {path}: key office_hours: close 07:00 must be after open 08:30 (same day)\n"
    )
