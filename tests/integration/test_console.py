"""The terminal adapters, run in-process through the CLI: two 'terminals' on one SQLite file."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest

from obm_bot.cli import main
from obm_bot.config import REPO_ROOT


@pytest.fixture(autouse=True)
def environment(clean_env: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    tmp_path = clean_env
    monkeypatch.setenv("OBM_DB_PATH", str(tmp_path / "obm.sqlite3"))
    monkeypatch.setenv("OBM_CONFIG", str(REPO_ROOT / "obm.example.toml"))
    return tmp_path


def run(
    argv: list[str],
    lines: list[str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO("".join(f"{line}\n" for line in lines)))
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def records(out: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in out.splitlines()]


CUSTOMER = [
    "hallo",
    "Ik zoek een cursus hoogwerker voor 2 man",
    "3",  # Maakt niet uit
    "Bouwmeester Metaal",
    "Piet de Boer",
    "06 12345678",
    "1",
]


def test_the_whole_loop_in_two_terminals(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(["chat", "--user", "7", "--json"], CUSTOMER, monkeypatch, capsys)
    assert code == 0
    messages = records(out)
    assert all(set(m) == {"to", "text", "buttons"} and m["to"] == "console:7" for m in messages)
    assert messages[0]["buttons"] == ["Cursus zoeken", "Subsidie", "Medewerker spreken"]
    assert "Maakt niet uit" in str(messages[1]["buttons"])
    match = re.search(r"OBM-\d{4}-\d{6}", out)
    assert match
    reference = match.group(0)

    staff_lines = [
        "/wachtrij",
        f"/pak {reference}",
        f"/antwoord {reference} Ik bel u zo.",
        f"/sluit {reference} aangemeld",
    ]
    code, out, _ = run(
        ["staff", "--as", "Anouk de Vries", "--json"], staff_lines, monkeypatch, capsys
    )
    assert code == 0
    staff_texts = [str(m["text"]) for m in records(out)]
    assert staff_texts[0].startswith(f"Nieuwe vraag {reference}")  # picked up from SQLite
    assert any("Wachtrij (1)" in t for t in staff_texts)
    assert any(t.startswith(f"{reference} gesloten: aangemeld.") for t in staff_texts)

    code, out, _ = run(["chat", "--user", "7"], [], monkeypatch, capsys)
    assert code == 0
    assert "bot> Anouk de Vries: Ik bel u zo." in out
    assert f"Uw vraag {reference} is afgehandeld: de aanmelding is gedaan." in out
    assert "Geef een cijfer van 1 (slecht) tot 5 (uitstekend)" in out
    code, out, _ = run(["chat", "--user", "7"], [], monkeypatch, capsys)
    assert out == ""  # delivered once, not again


def test_staff_number_presses_the_shown_button(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    run(
        ["chat", "--user", "8"],
        ["ik wil iemand spreken, ik ben Ria Bos", "0612345678"],
        monkeypatch,
        capsys,
    )
    code, out, _ = run(["staff", "--as", "Bart Jansen"], ["1"], monkeypatch, capsys)
    assert code == 0
    assert "1) Oppakken" in out and "Je hebt OBM-" in out


def test_unknown_staff_name_is_refused(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(["staff", "--as", "Niemand"], ["/wachtrij"], monkeypatch, capsys)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "'Niemand' is not an account manager" in err


def test_plain_chat_answers_in_dutch_with_numbered_buttons(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(
        ["chat"], ["wat kost vca basis?", "", "/quit", "never read"], monkeypatch, capsys
    )
    assert code == 0
    assert "VCA basis" in out and "excl. btw" in out
    assert "     1) Aanmelden" in out
    assert "Ik zie geen tekst" in out
    assert "&amp;" not in out and "&#39;" not in out


def test_run_without_token_starts_the_terminal_chat(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(["run"], ["hallo"], monkeypatch, capsys)
    assert code == 0 and "Welkom bij het loket" in out and err == ""


def test_broken_config_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "obm.toml"
    broken.write_text("name = 'x'\nregion = 'y'\nsla_minutes = 'veel'\n", encoding="utf-8")
    monkeypatch.setenv("OBM_CONFIG", str(broken))
    code, _, err = run(["chat"], ["hallo"], monkeypatch, capsys)
    assert code == 2 and err.count("\n") == 1 and "key sla_minutes" in err


def test_nothing_is_read_after_quit(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # No line is read ahead, so a terminal is not left blocked in readline after /quit.
    stdin = io.StringIO("hallo\n/quit\nnever read\n")
    monkeypatch.setattr("sys.stdin", stdin)
    assert main(["chat", "--user", "9"]) == 0
    assert stdin.read() == "never read\n"
    assert "Welkom bij het loket" in capsys.readouterr().out
