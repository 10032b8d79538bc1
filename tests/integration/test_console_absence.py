"""/afwezig and /terug in the staff console, with the customer in the other terminal."""

from __future__ import annotations

import pytest

from tests.integration.test_console import CUSTOMER, environment, run

__all__ = ["environment"]  # the autouse fixture: the database file and obm.example.toml


def test_afwezig_in_the_console_routes_to_the_deputy(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(["staff", "--as", "Anouk de Vries"], ["/afwezig"], monkeypatch, capsys)
    assert code == 0
    assert "bot> Genoteerd: je bent afwezig tot je /terug typt." in out
    assert "Nieuwe vragen van jouw bedrijven gaan naar Bart Jansen." in out

    code, out, _ = run(["chat", "--user", "7"], CUSTOMER, monkeypatch, capsys)
    assert code == 0
    assert "Anouk de Vries is afwezig." in out and "Bart Jansen" in out.split("afwezig.")[1]

    code, out, _ = run(["staff", "--as", "Bart Jansen"], ["/wachtrij"], monkeypatch, capsys)
    assert "Waarneming: Anouk de Vries is afwezig; deze vraag is voor jou." in out
    assert "Wachtrij (1)" in out and "· Bart Jansen ·" in out

    code, out, _ = run(["staff", "--as", "Anouk de Vries"], ["/terug"], monkeypatch, capsys)
    assert "bot> Welkom terug. Nieuwe vragen van jouw bedrijven komen weer bij jou." in out
