"""``obm-bot doctor``: every check, good and bad; the Telegram ones against the fake Bot API."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import sqlite3
from pathlib import Path
from types import SimpleNamespace

import pytest

from obm_bot.adapters.telegram.doctor import telegram_findings
from obm_bot.cli import main
from obm_bot.config import REPO_ROOT, Settings
from obm_bot.operations import doctor
from obm_bot.operations.backup import backup
from obm_bot.operations.findings import Finding, Level, failed, render
from obm_bot.organisation import Organisation, load_organisation
from obm_bot.storage.database import connect, migrations
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.telegram_transport import mock_transport
from tests.fakes.telegram_users import STAFF_GROUP, Users
from tests.integration.telegram.conftest import ANOUK, BART, write_config

NOW = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)
BOT_ID = 123456  # FakeTelegram's default token is 123456:...


def levels(found: list[Finding], subject: str) -> list[Level]:
    return [f.level for f in found if f.subject == subject]


def texts(found: list[Finding], level: Level) -> str:
    return "\n".join(f"{f.subject}: {f.text} / {f.fix}" for f in found if f.level is level)


@pytest.fixture()
def settings(clean_env: Path) -> Settings:
    return Settings(db_path=clean_env / "data" / "obm.sqlite3", config=clean_env / "obm.toml")


# --- configuration and data ------------------------------------------------------------------


def test_the_example_configuration_is_a_warning_with_the_fix(settings: Settings) -> None:
    found, org = doctor.configuration(settings)
    assert org is not None
    assert levels(found, "obm.toml")[0] is Level.WARNING
    assert "copy obm.example.toml to obm.toml" in texts(found, Level.WARNING)
    assert "no staff_chat_id" in texts(found, Level.WARNING)


def test_a_broken_obm_toml_is_an_error_naming_the_key(settings: Settings) -> None:
    text = (REPO_ROOT / "obm.example.toml").read_text(encoding="utf-8")
    settings.config.write_text(text.replace('"ma", "di"', '"maandag", "di"'), encoding="utf-8")
    found, org = doctor.configuration(settings)
    assert org is None and failed(found)
    assert "office_hours.days" in texts(found, Level.ERROR)


def test_a_complete_obm_toml_is_ok(settings: Settings) -> None:
    write_config(settings.config.parent, STAFF_GROUP)
    found, org = doctor.configuration(settings)
    assert org is not None and org.staff_chat_id == STAFF_GROUP
    assert levels(found, "obm.toml") == [Level.OK]
    assert "2 account managers, 3 member companies, 1 coaches" in found[1].text


def test_the_shipped_data_is_ok(settings: Settings) -> None:
    found = doctor.data(settings, dt.date(2026, 12, 1))
    assert [f.subject for f in found if f.level is Level.OK] == [
        "catalogue", "intents", "knowledge",
    ]  # fmt: skip
    assert not failed(found)


def test_a_broken_catalogue_is_an_error_with_file_and_field(
    settings: Settings, tmp_path: Path
) -> None:
    broken = tmp_path / "catalogue"
    shutil.copytree(REPO_ROOT / "catalogue", broken)
    course_file = next((broken / "courses").glob("*.toml"))
    course_file.write_text(
        course_file.read_text(encoding="utf-8").replace("title ", "titel ", 1), encoding="utf-8"
    )
    found = doctor.data(settings.model_copy(update={"catalogue_dir": broken}), NOW.date())
    assert failed(found)
    assert course_file.name in texts(found, Level.ERROR)


# --- the database --------------------------------------------------------------------------


async def test_a_current_database_is_ok(settings: Settings) -> None:
    conn = await connect(settings.db_path)
    await conn.close()
    found = doctor.database(settings)
    assert levels(found, "database") == [Level.OK]
    assert f"schema {len(migrations())} is current" in found[-1].text
    assert levels(found, "disk") == [Level.OK]


def test_a_missing_database_is_made_at_first_start(settings: Settings) -> None:
    settings.db_path.parent.mkdir()
    found = doctor.database(settings)
    assert levels(found, "database") == [Level.WARNING] and not failed(found)


async def test_pending_migrations_are_a_warning_to_back_up_first(settings: Settings) -> None:
    conn = await connect(settings.db_path)
    await conn.close()
    with sqlite3.connect(settings.db_path) as raw:
        raw.execute(f"PRAGMA user_version = {len(migrations()) - 2}")
    found = doctor.database(settings)
    assert levels(found, "database") == [Level.WARNING]
    assert "2 migrations pending" in found[-1].text and "obm-bot backup" in str(found[-1].fix)


async def test_a_database_newer_than_the_program_is_an_error(settings: Settings) -> None:
    conn = await connect(settings.db_path)
    await conn.close()
    with sqlite3.connect(settings.db_path) as raw:
        raw.execute(f"PRAGMA user_version = {len(migrations()) + 1}")
    assert levels(doctor.database(settings), "database") == [Level.ERROR]


def test_a_corrupt_database_is_an_error_with_the_restore_fix(settings: Settings) -> None:
    settings.db_path.parent.mkdir()
    settings.db_path.write_bytes(b"SQLite format 3\x00" + b"\x13" * 4000)
    found = doctor.database(settings)
    assert levels(found, "database") == [Level.ERROR]
    assert "obm-bot restore" in str(found[-1].fix)


def test_little_free_space_is_an_error(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    settings.db_path.parent.mkdir()
    monkeypatch.setattr(
        "obm_bot.operations.doctor.shutil.disk_usage",
        lambda _: SimpleNamespace(total=10**9, used=10**9 - 50 * 2**20, free=50 * 2**20),
    )
    assert levels(doctor.database(settings), "disk") == [Level.ERROR]


async def test_backups_none_then_a_fresh_one(settings: Settings) -> None:
    assert levels(doctor.backup_state(settings, NOW), "backups") == [Level.WARNING]
    conn = await connect(settings.db_path)
    await conn.close()
    backup(settings.db_path, settings.backups, NOW)
    now = dt.datetime.now(dt.UTC)
    assert levels(doctor.backup_state(settings, now), "backups") == [Level.OK]
    assert levels(doctor.backup_state(settings, now + dt.timedelta(days=3)), "backups") == [
        Level.WARNING
    ]


# --- Telegram --------------------------------------------------------------------------------


@pytest.fixture()
def fake() -> FakeTelegram:
    return FakeTelegram()


@pytest.fixture()
def org(tmp_path: Path) -> Organisation:
    return load_organisation(write_config(tmp_path, STAFF_GROUP))


def healthy(fake: FakeTelegram) -> None:
    """The set-up the README asks for: a forum, the bot an admin who may manage topics, both
    account managers in the group and started in private."""
    users = Users(fake)
    users.forum()
    fake.join(STAFF_GROUP, BOT_ID, "administrator", can_manage_topics=True)
    for manager in (ANOUK, BART):
        users.chat(manager)
        fake.join(STAFF_GROUP, manager)


async def check(fake: FakeTelegram, org: Organisation, token: str | None = None) -> list[Finding]:
    return await telegram_findings(token or fake.token, org, NOW, transport=mock_transport(fake))


async def test_a_well_set_up_bot_is_all_ok(fake: FakeTelegram, org: Organisation) -> None:
    healthy(fake)
    found = await check(fake, org)
    assert [f.level for f in found] == [Level.OK] * len(found), render(found)
    assert found[0].text == "@obm_test_bot (id 123456)"
    assert "may manage topics" in texts(found, Level.OK)
    assert len(fake.sent("sendChatAction")) == 2  # each manager probed, nothing sent to read


async def test_a_refused_token_is_an_error(fake: FakeTelegram, org: Organisation) -> None:
    found = await check(fake, org, token="999:WRONG")
    assert [f.level for f in found] == [Level.ERROR]
    assert "@BotFather" in str(found[0].fix)


async def test_a_webhook_set_while_polling_is_a_warning(
    fake: FakeTelegram, org: Organisation
) -> None:
    healthy(fake)
    fake.webhook = {"url": "https://bot.example.nl/hook"}
    found = await check(fake, org)
    assert "set to https://bot.example.nl/hook" in texts(found, Level.WARNING)
    in_webhook_mode = await telegram_findings(
        fake.token, org, NOW, webhook_mode=True, transport=mock_transport(fake)
    )
    assert not texts(in_webhook_mode, Level.WARNING)


async def test_many_pending_updates_and_a_recent_delivery_error_are_warnings(
    fake: FakeTelegram, org: Organisation
) -> None:
    healthy(fake)
    fake.updates = [{"update_id": n} for n in range(150)]
    fake.webhook_error = (int((NOW - dt.timedelta(hours=1)).timestamp()), "Connection refused")
    warned = texts(await check(fake, org), Level.WARNING)
    assert "150 updates waiting" in warned
    assert "Connection refused" in warned and "443, 80, 88 or 8443" in warned


async def test_a_staff_group_the_bot_is_not_in_is_an_error(
    fake: FakeTelegram, org: Organisation
) -> None:
    healthy(fake)
    fake.left.add(STAFF_GROUP)
    found = await check(fake, org)
    assert "Chat not found" in texts(found, Level.ERROR)
    assert "staff_chat_id" in texts(found, Level.ERROR)


async def test_a_group_without_topics_is_an_error(fake: FakeTelegram, org: Organisation) -> None:
    healthy(fake)
    fake.chats[STAFF_GROUP].is_forum = False
    assert "turn on Topics" in texts(await check(fake, org), Level.ERROR)


async def test_the_bot_not_an_admin_is_an_error(fake: FakeTelegram, org: Organisation) -> None:
    healthy(fake)
    fake.join(STAFF_GROUP, BOT_ID)  # a plain member
    errors = texts(await check(fake, org), Level.ERROR)
    assert "the bot is member" in errors and "make the bot an admin" in errors


async def test_an_admin_without_topic_rights_is_an_error(
    fake: FakeTelegram, org: Organisation
) -> None:
    healthy(fake)
    fake.join(STAFF_GROUP, BOT_ID, "administrator", can_delete_messages=True)
    assert "may not manage topics" in texts(await check(fake, org), Level.ERROR)


async def test_a_manager_who_never_started_the_bot(fake: FakeTelegram, org: Organisation) -> None:
    healthy(fake)
    del fake.chats[BART]
    found = await check(fake, org)
    assert "Bart Jansen" in texts(found, Level.WARNING)  # the group still reaches him
    assert "press Start" in texts(found, Level.WARNING)
    without_group = org.model_copy(update={"staff_chat_id": None})
    alone = await check(fake, without_group)
    assert "telegram: Bart Jansen" in texts(alone, Level.ERROR)  # private notices only


async def test_a_manager_not_in_the_staff_group_is_a_warning(
    fake: FakeTelegram, org: Organisation
) -> None:
    healthy(fake)
    del fake.chats[STAFF_GROUP].members[ANOUK]
    assert "Anouk de Vries: is not in the staff group" in texts(
        await check(fake, org), Level.WARNING
    )


# --- the command ---------------------------------------------------------------------------


def test_the_command_without_a_token_prints_every_line_and_exits_0(
    clean_env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    code = main(["doctor"])
    out = capsys.readouterr().out
    assert code == 0
    for subject in ("settings", "obm.toml", "catalogue", "intents", "knowledge", "disk"):
        assert f"ok      {subject}: " in out or f"warning {subject}: " in out, subject
    assert "warning telegram: no OBM_TELEGRAM_TOKEN" in out
    assert out.rstrip().splitlines()[-1].endswith("0 errors")


def test_the_command_exits_1_on_an_error(
    clean_env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (clean_env / "data").mkdir()
    (clean_env / "data" / "obm.sqlite3").write_bytes(b"not a database at all" * 100)
    assert main(["doctor"]) == 1
    assert "error   database: " in capsys.readouterr().out
