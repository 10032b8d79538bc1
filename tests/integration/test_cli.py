"""The ``obm-bot`` command line, run in-process with real settings, data and streams."""

from __future__ import annotations

import io
import json
import re
import shutil
from pathlib import Path

import pytest

from obm_bot.cli import main
from obm_bot.config import load_settings
from tests.conftest import CATALOGUE_DIR, SHARED_EVAL


@pytest.fixture(autouse=True)
def _isolated(clean_env: Path) -> None:
    """Every test here starts from the defaults."""


def run(
    argv: list[str], stdin: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_classify_follows_the_contract(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(
        ["classify"], "Ik zoek een lascursus voor 3 man\n\n   \nhallo\n", monkeypatch, capsys
    )
    assert code == 0
    lines = [json.loads(line) for line in out.splitlines()]
    assert len(lines) == 2  # blank lines are skipped
    first = lines[0]
    assert first["text"] == "Ik zoek een lascursus voor 3 man"
    assert first["intent"] == "course_search"
    assert 0 <= first["confidence"] <= 1
    assert all(set(a) == {"intent", "confidence"} for a in first["alternatives"])
    assert 1 <= len(first["courses"]) <= 5
    assert set(first["courses"][0]) == {"id", "title", "score"}
    assert first["entities"] == {
        "participants": 3,
        "schedule": None,
        "location": None,
        "period": None,
    }
    assert lines[1]["intent"] == "greeting"


def test_classify_explain_adds_cues(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out, _ = run(["classify", "--explain"], "offerte graag\n", monkeypatch, capsys)
    assert "quote_request" in json.loads(out)["cues"]


def test_catalogue_check_prints_counts(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(["catalogue", "check"], "", monkeypatch, capsys)
    assert code == 0
    assert "courses" in out and "offerings" in out and "22 intents" in out
    assert "error" not in out


def test_catalogue_check_fails_on_a_broken_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "catalogue"
    shutil.copytree(CATALOGUE_DIR, broken)
    path = broken / "providers" / "smeot.toml"
    text = path.read_text(encoding="utf-8")
    broken_text = re.sub(r'schedule\s*=\s*"dag"', 'schedule = "nacht"', text, count=1)
    path.write_text(broken_text, encoding="utf-8")
    monkeypatch.setenv("OBM_CATALOGUE_DIR", str(broken))
    code, out, _ = run(["catalogue", "check"], "", monkeypatch, capsys)
    assert code == 1
    [error] = [line for line in out.splitlines() if line.startswith("error:")]
    assert "catalogue/providers/smeot.toml: offering" in error
    assert "field schedule" in error


def test_catalogue_check_warns_about_a_place_it_cannot_measure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    moved = tmp_path / "catalogue"
    shutil.copytree(CATALOGUE_DIR, moved)
    path = moved / "providers" / "smeot.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace('location         = "Hengelo"', 'location         = "Nergensdorp"', 1),
        encoding="utf-8",
    )
    monkeypatch.setenv("OBM_CATALOGUE_DIR", str(moved))
    code, out, _ = run(["catalogue", "check"], "", monkeypatch, capsys)
    assert code == 0  # ranked without a distance, not broken
    [warning] = [line for line in out.splitlines() if "Nergensdorp" in line]
    assert warning.startswith("warning: ") and "not a known place" in warning


def test_malformed_setting_is_one_clear_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("OBM_TELEGRAM_BASE_URL", "not a url")
    code, out, err = run(["classify"], "", monkeypatch, capsys)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith("obm-bot: setting OBM_TELEGRAM_BASE_URL:")


def test_missing_directory_setting_names_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("OBM_INTENTS_DIR", str(tmp_path / "nowhere"))
    code, _, err = run(["catalogue", "check"], "", monkeypatch, capsys)
    assert code == 2
    assert err.startswith("obm-bot: setting OBM_INTENTS_DIR: Value error, directory")


def test_token_is_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OBM_TELEGRAM_TOKEN", "123:abc")
    settings = load_settings()
    assert "123:abc" not in repr(settings)
    assert settings.telegram_token is not None
    assert settings.telegram_token.get_secret_value() == "123:abc"


def test_dotenv_file_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".env").write_text(
        "OBM_DB_PATH=elders/obm.db\nOBM_TELEGRAM_TOKEN=\n", encoding="utf-8"
    )
    settings = load_settings()
    assert settings.db_path == Path("elders/obm.db")
    assert settings.telegram_token is None


def test_eval_prints_the_figures(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    if not SHARED_EVAL.exists():
        pytest.skip("shared/eval/dev_intents.jsonl not present")
    code, out, _ = run(["eval", str(SHARED_EVAL)], "", monkeypatch, capsys)
    assert code == 0
    for label in (
        "intent accuracy",
        "topic hit@3",
        "participants accuracy",
        "schedule accuracy",
        "most frequent confusions",
        "precision",
    ):
        assert label in out


def test_eval_on_a_bad_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "hoi", "intent": "greeting"}\nnot json\n', encoding="utf-8")
    code, _, err = run(["eval", str(bad)], "", monkeypatch, capsys)
    assert code == 2
    assert "bad.jsonl:2: not a valid example" in err


def test_webhook_mode_needs_a_token_and_a_valid_secret(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["run", "--webhook", "https://loket.example/telegram"]
    code, _, err = run(argv, "", monkeypatch, capsys)
    assert code == 2 and "needs OBM_TELEGRAM_TOKEN" in err
    monkeypatch.setenv("OBM_TELEGRAM_TOKEN", "123456:TEST-TOKEN")
    code, _, err = run(argv, "", monkeypatch, capsys)
    assert code == 2 and "needs OBM_WEBHOOK_SECRET" in err
    monkeypatch.setenv("OBM_WEBHOOK_SECRET", "geen spaties toegestaan")
    code, _, err = run(argv, "", monkeypatch, capsys)
    assert code == 2 and "OBM_WEBHOOK_SECRET" in err and err.count("\n") == 1


def test_learners_import_is_all_or_nothing(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    data = Path(__file__).resolve().parents[1] / "data"
    monkeypatch.setenv("OBM_DB_PATH", str(tmp_path / "obm.sqlite3"))
    monkeypatch.setenv("OBM_CONFIG", str(data.parent.parent / "obm.example.toml"))
    code, _, err = run(
        ["learners", "import", str(data / "learners_bad.csv")], "", monkeypatch, capsys
    )
    assert code == 1 and "regel 4: kwalificatie: '99999' staat niet in de catalogus" in err
    assert "nothing imported (5 problems)" in err
    assert not (tmp_path / "obm.sqlite3").exists()  # not even opened
    code, out, err = run(
        ["learners", "import", str(data / "learners.csv")], "", monkeypatch, capsys
    )
    assert code == 0 and "2 learners imported" in err, err
    lines = out.splitlines()
    assert lines[0].startswith("L1\tSanne Jansen\tkoppelcode ") and "/start " in lines[0]
