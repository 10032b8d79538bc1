"""A running bot with ``--health``: healthy while polling, and what it counts."""

from __future__ import annotations

import asyncio
import datetime as dt
import socket
import urllib.request
from contextlib import closing
from pathlib import Path

import pytest

from obm_bot.bootstrap import Core, build_telegram
from obm_bot.config import Settings
from tests.fakes.clock import FakeClock
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.telegram_transport import mock_transport
from tests.fakes.telegram_users import STAFF_GROUP
from tests.integration.operations.test_health import get
from tests.integration.telegram.conftest import (
    ANOUK,
    BART,
    CUSTOMER,
    TelegramHarness,
    write_config,
)

METRICS = (
    "obm_messages_in_total", "obm_messages_out_total", "obm_intents_total",
    "obm_handoffs_open", "obm_sla_at_risk", "obm_sla_breached", "obm_outbox_backlog",
    "obm_telegram_errors_total", "obm_reply_latency_seconds_bucket",
)  # fmt: skip


def free_port() -> int:
    with closing(socket.socket()) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_a_running_bot_counts_and_is_healthy(
    tmp_path: Path, core: Core, clock: FakeClock
) -> None:
    fake = FakeTelegram()
    settings = Settings(
        telegram_token=fake.token,
        db_path=tmp_path / "obm.sqlite3",
        config=write_config(tmp_path, STAFF_GROUP),
    )
    harness = TelegramHarness(fake, settings, core, clock)
    harness.users.forum()
    for person in (ANOUK, BART):
        harness.users.chat(person)
    port = free_port()
    harness.adapter, harness.app = build_telegram(
        settings, core, clock, mock_transport(fake), rate_limit=False, health_port=port
    )
    harness.adapter.retry_backoff_seconds = 0.01
    await harness.app.initialize()
    assert harness.app.post_init is not None and harness.app.updater is not None
    await harness.app.post_init(harness.app)
    await harness.app.start()
    await harness.app.updater.start_polling(timeout=dt.timedelta(seconds=0.1))
    try:
        await harness.say(CUSTOMER, "Ik wil een klacht indienen over de docent van de lascursus")
        status, body = await asyncio.to_thread(get, port, "/healthz")
        assert status == 200, body
        metrics = (await asyncio.to_thread(get, port, "/metrics"))[1]
    finally:
        await harness.app.updater.stop()
        await harness.stop()
    for name in METRICS:
        assert name in metrics, name
    assert 'obm_messages_in_total{channel="telegram"} 1.0' in metrics
    assert 'obm_intents_total{intent="complaint"} 1.0' in metrics
    assert "obm_reply_latency_seconds_count 1.0" in metrics
    assert "obm_handoffs_open 1.0" in metrics
    sent = float(metrics.split('obm_messages_out_total{channel="telegram"} ')[1].split()[0])
    assert sent == len(fake.sent("sendMessage"))
    with pytest.raises(OSError):  # stopped with the bot: the port is free again
        urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
