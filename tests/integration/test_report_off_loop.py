"""/rapport computes its figures and page in a thread: the event loop keeps running."""

from __future__ import annotations

import asyncio
import threading
import time
from typing import Any

import pytest

import obm_bot.dialogue.staff.report as report_command
from obm_bot.organisation import Organisation
from obm_bot.reporting.build import compute_report as real
from obm_bot.reporting.figures import Report
from tests.integration.conftest import Harness
from tests.integration.report_data import fill


async def test_rapport_builds_its_figures_off_the_event_loop(
    harness: Harness, organisation: Organisation, monkeypatch: pytest.MonkeyPatch
) -> None:
    await fill(harness.loket.store, organisation)
    loop_thread = threading.get_ident()
    threads: list[int] = []

    def slow(*args: Any, **kwargs: Any) -> Report:
        threads.append(threading.get_ident())
        time.sleep(0.3)  # a big year's clustering, as CPU the loop would otherwise wait for
        return real(*args, **kwargs)

    monkeypatch.setattr(report_command, "compute_report", slow)
    ticks = 0

    async def ticker() -> None:
        nonlocal ticks
        while True:
            await asyncio.sleep(0.01)
            ticks += 1

    task = asyncio.create_task(ticker())
    try:
        [out] = await harness.staff("Anouk de Vries", "/rapport 2026-11-02 2026-11-15")
    finally:
        task.cancel()
    assert "4 aanvragen van 4 bedrijven" in out.text and out.document is not None
    assert threads and threads[0] != loop_thread
    assert ticks >= 10  # the loop ran on while the figures were computed
