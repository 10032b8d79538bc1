"""Nothing lost, nothing twice, nobody held up: kills, floods, edits and odd updates."""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest
from telegram import Update

from obm_bot.adapters.telegram.delivery import split
from obm_bot.adapters.telegram.updates import read
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.telegram_transport import FakeTelegramServer
from tests.fakes.telegram_users import STAFF_GROUP, Users
from tests.integration.telegram.conftest import ANOUK, CUSTOMER, TelegramHarness, write_config
from tests.integration.telegram.test_telegram_flow import request_course
from tests.integration.telegram.test_telegram_transport import eventually, free_port

OTHER = 5151


async def burst(bot: TelegramHarness, updates: list[dict[str, Any]]) -> None:
    """Updates arriving faster than they are answered, as polling hands them over."""
    for update in updates:
        await bot.app.update_queue.put(Update.de_json(update, bot.app.bot))
    await bot.adapter.settled()


async def test_a_message_stored_but_not_answered_is_answered_after_a_restart(
    bot: TelegramHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def killed(*args: object, **kwargs: object) -> None:
        raise asyncio.CancelledError  # the process dies between storing and answering

    monkeypatch.setattr(bot.adapter.loket.customer, "message", killed)
    update = bot.users.text(CUSTOMER, "hallo")
    with pytest.raises(asyncio.CancelledError):
        await bot.adapter.loket.handle_many([await inbound_of(bot, update)])
    monkeypatch.undo()
    assert bot.fake.texts(CUSTOMER) == []
    await bot.restart()
    await bot.adapter.settled()
    [welcome] = bot.fake.texts(CUSTOMER)
    assert "Welkom" in welcome
    await bot.process(update)  # Telegram sends it once more: nothing new
    assert len(bot.fake.texts(CUSTOMER)) == 1
    transcript = await stored_texts(bot)
    assert transcript.count("hallo") == 1


async def inbound_of(bot: TelegramHarness, update: dict[str, Any]) -> Any:
    parsed = Update.de_json(update, bot.app.bot)
    assert await bot.adapter.inbox.keep(parsed)
    incoming = read(parsed)
    assert incoming is not None
    return await bot.adapter.reception.inbound(incoming)


async def stored_texts(bot: TelegramHarness) -> list[str]:
    store = bot.adapter.loket.store
    contact = await store.contact("telegram", str(CUSTOMER))
    assert contact is not None
    conversation = await store.conversation_for(contact.id, bot.clock())
    return [m.text for m in await store.transcript(conversation.id) if m.direction == "in"]


async def test_an_update_stored_before_a_crash_is_answered_at_start(bot: TelegramHarness) -> None:
    update = Update.de_json(bot.users.text(CUSTOMER, "hallo"), bot.app.bot)
    assert await bot.adapter.inbox.keep(update)  # stored, then the process died
    await bot.restart()
    await bot.adapter.settled()
    assert len(bot.fake.texts(CUSTOMER)) == 1


async def test_relays_that_pile_up_go_to_the_topic_in_one_post(bot: TelegramHarness) -> None:
    reference = await request_course(bot)
    thread = next(iter(bot.topics()))
    before = len(bot.fake.texts(STAFF_GROUP, thread))
    lines = [f"aanvulling {n}: de collega heet Jan {n}" for n in range(30)]
    await burst(bot, [bot.users.text(CUSTOMER, line) for line in lines])
    posts = bot.fake.texts(STAFF_GROUP, thread)[before:]
    assert 1 <= len(posts) < len(lines) / 2, posts
    assert all(any(line in post for post in posts) for line in lines)
    assert reference in posts[0]
    assert all(post.count(reference) == 1 for post in posts)  # one heading per post
    assert len(await stored_texts(bot)) >= 30 + 1


async def test_a_flood_is_read_together_and_told_so(bot: TelegramHarness) -> None:
    await bot.say(CUSTOMER, "hallo")
    flood = [bot.users.text(CUSTOMER, f"bericht {n}") for n in range(40)]
    await burst(bot, [*flood, bot.users.text(OTHER, "hallo")])
    replies = bot.fake.texts(CUSTOMER)[1:]
    assert len(replies) < 40 / 2
    assert any("veel berichten" in r for r in replies)
    assert len(bot.fake.texts(OTHER)) == 1  # the other customer was not held up
    assert (await stored_texts(bot)).count("bericht 39") == 1


async def test_a_staff_edit_is_not_sent_twice_and_an_edited_command_not_run_twice(
    bot: TelegramHarness,
) -> None:
    reference = await request_course(bot)
    thread = next(iter(bot.topics()))
    await bot.say(ANOUK, f"/pak {reference}", chat_id=STAFF_GROUP, thread=thread)
    answer = bot.users.text(ANOUK, "Ik bel u morgen.", chat_id=STAFF_GROUP, thread=thread)
    await bot.process(answer)
    customer_before = len(bot.fake.texts(CUSTOMER))
    await bot.process(bot.users.edit(ANOUK, answer, "Ik bel u vandaag."))
    assert len(bot.fake.texts(CUSTOMER)) == customer_before
    assert "bewerking stuur ik niet door" in bot.last_text(STAFF_GROUP, thread).lower()
    close = bot.users.text(ANOUK, "/sluit aangemeld", chat_id=STAFF_GROUP, thread=thread)
    await bot.process(close)
    closed = len(bot.fake.texts(CUSTOMER))
    assert closed == customer_before + 2  # the outcome and the one rating question
    await bot.process(bot.users.edit(ANOUK, close, "/sluit opgelost"))
    assert len(bot.fake.texts(CUSTOMER)) == closed


async def test_odd_updates_are_answered_or_left(bot: TelegramHarness) -> None:
    stray = {"update_id": bot.fake.next_update_id(), "callback_query": {
        "id": "q-1", "from": Users.person(CUSTOMER), "chat_instance": "x", "data": "ja:1",
    }}  # fmt: skip
    bot.fake.callback_queries["q-1"] = False
    await bot.process(stray)
    assert bot.fake.callback_queries["q-1"] is True  # the spinner stopped
    bot.users.forum(-100777, "Vreemde groep")
    await bot.say(CUSTOMER, "hallo allemaal", chat_id=-100777)
    assert -100777 in bot.fake.left


def test_a_long_text_is_never_cut_inside_an_entity_or_tag() -> None:
    text = "x" * 4090 + "&amp;" + "<b>vet</b>" + "y" * 100
    chunks = split(text)
    assert "".join(chunks) == text
    assert all(not c.endswith("&am") and "&" not in c[-4:] for c in chunks)
    tagged = "x" * 4093 + "<b>vet</b>"
    assert split(tagged)[0] == "x" * 4093


async def test_the_webhook_answers_only_after_the_update_is_stored(bot: TelegramHarness) -> None:
    assert bot.app.updater is not None
    port = free_port()
    await bot.app.updater.start_webhook(
        listen="127.0.0.1", port=port, url_path="telegram",
        webhook_url="https://loket.example/telegram", secret_token="geheim-123",
    )  # fmt: skip
    try:
        update = bot.users.text(CUSTOMER, "hallo")
        async with httpx.AsyncClient() as client:
            answer = await client.post(
                f"http://127.0.0.1:{port}/telegram", json=update,
                headers={"X-Telegram-Bot-Api-Secret-Token": "geheim-123"},
            )  # fmt: skip
        assert answer.status_code == 200
        with sqlite3.connect(bot.settings.db_path) as conn:
            stored = conn.execute(
                "SELECT COUNT(*) FROM inbox WHERE update_id = ?", (str(update["update_id"]),)
            ).fetchone()
        assert stored == (1,)
        await eventually(lambda: len(bot.fake.texts(CUSTOMER)) == 1)
    finally:
        await bot.app.updater.stop()


async def test_an_unreadable_update_does_not_stop_polling(bot: TelegramHarness) -> None:
    assert bot.app.updater is not None
    broken = bot.users.text(CUSTOMER, "zonder datum")
    del broken["message"]["date"]
    await bot.fake.push_update(broken)
    await bot.fake.push_update(bot.users.text(CUSTOMER, "hallo"))
    await bot.app.updater.start_polling(poll_interval=0, timeout=1, drop_pending_updates=False)
    try:
        await eventually(lambda: len(bot.fake.texts(CUSTOMER)) >= 1, seconds=10)
    finally:
        await bot.app.updater.stop()
    assert "Welkom" in bot.fake.texts(CUSTOMER)[0]


async def test_sigkill_in_a_burst_loses_nothing_and_answers_once(tmp_path: Path) -> None:
    """``obm-bot run`` killed twice in the middle of 500 updates, then left to finish."""
    fake = FakeTelegram()
    users = Users(fake)
    db = tmp_path / "obm.sqlite3"
    people = [700000 + n for n in range(500)]
    async with FakeTelegramServer(fake) as server:
        env = bot_env(fake, server, tmp_path)
        for person in people:
            await fake.push_update(users.text(person, "hallo"))

        def answered() -> int:
            return sum(1 for p in people if fake.texts(p))

        for kill_after in (20, 150):
            process = await start_bot(env, tmp_path)
            try:
                await eventually(lambda: answered() >= kill_after, seconds=60)  # noqa: B023 (now)
            finally:
                process.send_signal(signal.SIGKILL)
                await process.wait()
        process = await start_bot(env, tmp_path)
        try:
            await eventually(lambda: answered() == len(people), seconds=120)
            await asyncio.sleep(1)  # anything doubled would show by now
        finally:
            process.send_signal(signal.SIGTERM)
            await asyncio.wait_for(process.wait(), 30)
    # Answered once: one reply per person in the outbox. Telegram has no idempotency key,
    # so a reply that was on the wire when the process died (sent, not yet marked sent) goes
    # out again after the restart: at most the few in flight at each kill.
    with sqlite3.connect(db) as conn:
        replies = conn.execute(
            "SELECT recipient, COUNT(*) FROM outbox GROUP BY recipient HAVING COUNT(*) != 1"
        ).fetchall()
        assert replies == []
        stored = conn.execute("SELECT COUNT(*) FROM messages WHERE direction = 'in'").fetchone()
        open_updates = conn.execute("SELECT COUNT(*) FROM inbox WHERE handled_at IS NULL")
        unanswered = conn.execute(
            "SELECT COUNT(*) FROM processed_inbound WHERE answered_at IS NULL"
        ).fetchone()
        assert (stored, open_updates.fetchone(), unanswered) == ((500,), (0,), (0,))
    doubled = [p for p in people if len(fake.texts(p)) != 1]
    print(f"{len(doubled)} of {len(people)} got their reply twice")  # for the closing figures
    assert len(doubled) <= 25, f"{len(doubled)} people got their reply twice"


def bot_env(
    fake: FakeTelegram,
    server: FakeTelegramServer,
    folder: Path,
    staff_group: int | None = None,
    **extra: str,
) -> dict[str, str]:
    """``obm-bot run``'s environment against the fake server, its database in ``folder``."""
    return {
        **os.environ, "OBM_TELEGRAM_TOKEN": fake.token, "OBM_TELEGRAM_BASE_URL": server.base_url,
        "OBM_DB_PATH": str(folder / "obm.sqlite3"),
        "OBM_CONFIG": str(write_config(folder, staff_group)), **extra,
    }  # fmt: skip


async def start_bot(
    env: dict[str, str], cwd: Path, stderr: int = asyncio.subprocess.DEVNULL
) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "obm_bot", "run", cwd=cwd, env=env,
        stdout=asyncio.subprocess.DEVNULL, stderr=stderr,
    )  # fmt: skip


async def test_a_database_locked_too_long_stops_the_bot_and_takes_nothing(tmp_path: Path) -> None:
    """A lock held past the bounded retries: one clear line, a non-zero exit, and the update
    left with Telegram, answered once the database is free again."""
    fake = FakeTelegram()
    users = Users(fake)
    db = tmp_path / "obm.sqlite3"
    async with FakeTelegramServer(fake) as server:
        env = bot_env(fake, server, tmp_path)
        process = await start_bot(env, tmp_path, stderr=asyncio.subprocess.PIPE)
        try:
            await eventually(lambda: any(c.method == "getUpdates" for c in fake.calls))
            blocker = sqlite3.connect(db, isolation_level=None)
            blocker.execute("BEGIN IMMEDIATE")  # another process holds the write lock
            update = users.text(CUSTOMER, "hallo")
            await fake.push_update(update)
            _, stderr = await asyncio.wait_for(process.communicate(), 60)
        finally:
            if process.returncode is None:
                process.kill()
        blocker.rollback()
        blocker.close()
        assert process.returncode == 3, stderr.decode()[-3000:]
        last = stderr.decode().strip().splitlines()[-1]
        assert last.startswith("obm-bot: stopped, storage failing: storing update")
        assert fake.texts(CUSTOMER) == []
        assert [u["update_id"] for u in fake.updates] == [update["update_id"]]  # not taken

        restarted = await start_bot(env, tmp_path)
        try:
            await eventually(lambda: len(fake.texts(CUSTOMER)) == 1)
        finally:
            restarted.send_signal(signal.SIGTERM)
            await asyncio.wait_for(restarted.wait(), 30)


async def test_no_secret_in_the_log_at_debug(tmp_path: Path) -> None:
    """A whole conversation with every logger at DEBUG: neither the token nor the webhook
    secret appears in any line."""
    fake = FakeTelegram()
    users = Users(fake)
    async with FakeTelegramServer(fake) as server:
        env = bot_env(
            fake, server, tmp_path, STAFF_GROUP,
            OBM_LOG_LEVEL="DEBUG", OBM_WEBHOOK_SECRET="webhook-geheim-4711",
        )  # fmt: skip
        users.forum()
        process = await start_bot(env, tmp_path, stderr=asyncio.subprocess.PIPE)
        try:
            await eventually(lambda: any(c.method == "getUpdates" for c in fake.calls))
            for text in ("hallo", "ik wil graag een medewerker spreken", "Piet de Boer"):
                replies = len(fake.texts(CUSTOMER))
                await fake.push_update(users.text(CUSTOMER, text))
                await eventually(lambda: len(fake.texts(CUSTOMER)) > replies)  # noqa: B023
            process.send_signal(signal.SIGTERM)
            _, stderr = await asyncio.wait_for(process.communicate(), 30)
        finally:
            if process.returncode is None:
                process.kill()
    log = stderr.decode()
    assert " DEBUG " in log and "sendMessage" in log  # it did log at DEBUG
    assert fake.token.split(":", 1)[1] not in log, "the bot token reached the log"
    assert "webhook-geheim-4711" not in log
