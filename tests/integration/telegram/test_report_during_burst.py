"""A manager's year report and a burst of customers at the same time: nobody waits for it.

The report is held open (its figures wait on a gate) until every customer of the burst has
had a reply. If the report held the write lock, or ran on the event loop, the customers could
not be answered, the gate would never open, and the test would fail.
"""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import pytest
from telegram import Update

import obm_bot.dialogue.staff.report as report_command
from obm_bot.organisation import Organisation
from obm_bot.reporting.build import compute_report as real_compute
from obm_bot.reporting.figures import Report
from tests.integration.report_data import fill
from tests.integration.telegram.conftest import ANOUK, TelegramHarness

CUSTOMERS = 30
MESSAGES_EACH = 2


async def test_customers_are_answered_while_a_year_report_is_built(
    bot: TelegramHarness, organisation: Organisation, monkeypatch: pytest.MonkeyPatch
) -> None:
    await fill(bot.adapter.loket.store, organisation)
    everyone_answered = threading.Event()
    report_waited: list[bool] = []

    def gated(*args: Any, **kwargs: Any) -> Report:
        # In the report's thread: wait until the burst has been answered meanwhile.
        report_waited.append(everyone_answered.wait(timeout=30))
        return real_compute(*args, **kwargs)

    monkeypatch.setattr(report_command, "compute_report", gated)
    customers = [7000 + n for n in range(CUSTOMERS)]
    for customer in customers:
        bot.users.chat(customer)

    async def put(update: dict[str, Any]) -> None:
        await bot.app.update_queue.put(Update.de_json(update, bot.app.bot))

    await put(bot.users.text(ANOUK, "/rapport 2026-01-01 2026-12-31"))
    for round_ in range(MESSAGES_EACH):
        for customer in customers:
            text = "hoi" if round_ == 0 else "wij zoeken een vca cursus voor 3 man"
            await put(bot.users.text(customer, text))

    answered = await _all_answered(bot, customers, MESSAGES_EACH)
    everyone_answered.set()
    await bot.adapter.settled(timeout=30)

    assert answered, "customers were kept waiting while the report was built"
    assert report_waited == [True]
    report = bot.fake.bot_messages(ANOUK)[-1]
    assert "document" in report or "rapport" in str(report.get("text", "")).lower()
    store = bot.adapter.loket.store
    async with store.transaction():
        unanswered = await store._one(
            "SELECT COUNT(*) AS n FROM processed_inbound WHERE answered_at IS NULL"
        )
        stored = await store._one(
            "SELECT COUNT(*) AS n FROM messages m JOIN contacts c"
            " ON c.id = (SELECT contact_id FROM conversations WHERE id = m.conversation_id)"
            " WHERE m.direction = 'in' AND c.channel = 'telegram'"
        )
    assert unanswered == {"n": 0}
    assert stored == {"n": CUSTOMERS * MESSAGES_EACH}  # 0 lost, none twice


async def _all_answered(bot: TelegramHarness, customers: list[int], each: int) -> bool:
    """Until every customer had a reply to each message (a burst may be read as one turn)."""
    for _ in range(600):
        store = bot.adapter.loket.store
        async with store.transaction():
            row = await store._one(
                "SELECT COUNT(*) AS n FROM processed_inbound WHERE answered_at IS NOT NULL"
            )
        replied = all(bot.fake.bot_messages(c) for c in customers)
        if replied and row is not None and row["n"] >= len(customers) * each:
            return True
        await asyncio.sleep(0.05)
    return False
