"""The ways updates arrive: long polling, a webhook with a secret, and a whole process."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import signal
import socket
import sqlite3
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path

import httpx

from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.telegram_transport import FakeTelegramServer
from tests.fakes.telegram_users import Users
from tests.integration.telegram.conftest import CUSTOMER, TelegramHarness, write_config


async def eventually(condition: Callable[[], bool], seconds: float = 20) -> None:
    deadline = asyncio.get_running_loop().time() + seconds
    while not condition():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.02)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_long_polling_delivers_and_confirms_updates(bot: TelegramHarness) -> None:
    assert bot.app.updater is not None
    await bot.app.updater.start_polling(
        poll_interval=0, timeout=dt.timedelta(seconds=1), drop_pending_updates=False
    )
    try:
        await bot.fake.push_update(bot.users.text(CUSTOMER, "hallo"))
        await bot.fake.push_update(bot.users.text(CUSTOMER, "Ik zoek een cursus hoogwerker"))
        await eventually(lambda: len(bot.fake.texts(CUSTOMER)) >= 2)
    finally:
        await bot.app.updater.stop()
    assert "Welkom" in bot.fake.texts(CUSTOMER)[0]
    offsets = [c.params.get("offset") for c in bot.fake.calls if c.method == "getUpdates"]
    assert max(o or 0 for o in offsets) > 0  # the processed updates were confirmed


async def test_webhook_refuses_requests_without_the_secret(bot: TelegramHarness) -> None:
    assert bot.app.updater is not None
    port = free_port()
    await bot.app.updater.start_webhook(
        listen="127.0.0.1", port=port, url_path="telegram",
        webhook_url="https://loket.example/telegram", secret_token="geheim-123",
    )  # fmt: skip
    try:
        assert bot.fake.webhook is not None and bot.fake.webhook["secret_token"] == "geheim-123"
        update = bot.users.text(CUSTOMER, "hallo")
        url = f"http://127.0.0.1:{port}/telegram"
        async with httpx.AsyncClient() as client:
            refused = await client.post(url, json=update)
            wrong = await client.post(
                url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": "fout"}
            )
            accepted = await client.post(
                url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": "geheim-123"}
            )
        assert (refused.status_code, wrong.status_code, accepted.status_code) == (403, 403, 200)
        await eventually(lambda: len(bot.fake.texts(CUSTOMER)) == 1)
    finally:
        await bot.app.updater.stop()


async def run_bot_process(
    fake: FakeTelegram, env: dict[str, str], cwd: Path, while_running: Callable[[], Awaitable[None]]
) -> tuple[int | None, str]:
    """``obm-bot run`` as a real process: start, wait until it polls, act, then SIGTERM."""
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "obm_bot", "run", cwd=cwd, env=env,
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    polls = len([c for c in fake.calls if c.method == "getUpdates"])
    try:
        await eventually(lambda: len([c for c in fake.calls if c.method == "getUpdates"]) > polls)
        await while_running()
        process.send_signal(signal.SIGTERM)
        _, stderr = await asyncio.wait_for(process.communicate(), 30)
    finally:
        if process.returncode is None:
            process.kill()
    return process.returncode, stderr.decode()


async def test_obm_bot_run_as_a_process_loses_nothing_on_sigterm(tmp_path: Path) -> None:
    fake = FakeTelegram()
    users = Users(fake)
    db = tmp_path / "obm.sqlite3"
    async with FakeTelegramServer(fake) as server:
        env = {
            **os.environ, "OBM_TELEGRAM_TOKEN": fake.token,
            "OBM_TELEGRAM_BASE_URL": server.base_url, "OBM_DB_PATH": str(db),
            "OBM_CONFIG": str(write_config(tmp_path, None)),
        }  # fmt: skip

        async def stop_right_after_a_message() -> None:
            await fake.push_update(users.text(CUSTOMER, "hallo"))

        async def wait_for_the_reply() -> None:
            await eventually(lambda: len(fake.texts(CUSTOMER)) >= 1)

        # SIGTERM while "hallo" may still be on its way: processed now or fetched again
        # after the restart, answered exactly once either way.
        code, stderr = await run_bot_process(fake, env, tmp_path, stop_right_after_a_message)
        assert code == 0, stderr[-2000:]
        code, stderr = await run_bot_process(fake, env, tmp_path, wait_for_the_reply)
        assert code == 0, stderr[-2000:]
    secret = fake.token.split(":", 1)[1]
    assert "getUpdates" in stderr or "INFO" in stderr  # the process did log at INFO
    assert secret not in stderr, "the bot token reached the log"
    assert len(fake.texts(CUSTOMER)) == 1 and "Welkom" in fake.texts(CUSTOMER)[0]
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT direction, delivered_at FROM messages ORDER BY id").fetchall()
    assert [r[0] for r in rows] == ["in", "out"] and all(r[1] for r in rows)
