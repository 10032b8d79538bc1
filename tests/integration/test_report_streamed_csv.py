"""The streamed CSV (``write_requests_csv``) writes what ``requests_csv`` builds in memory,
on a file store (aiosqlite snapshot) and on the loket's own connection, in more than one batch."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from obm_bot.catalogue.models import Catalogue
from obm_bot.organisation import Organisation
from obm_bot.reporting.build import build_report, requests_csv, write_requests_csv
from obm_bot.reporting.figures import Period
from obm_bot.storage import reports
from obm_bot.storage.store import Store
from tests.integration.report_data import FIRST, LAST, NOW, fill


@pytest.mark.parametrize("with_contacts", [False, True])
async def test_the_streamed_csv_equals_the_one_in_memory(
    tmp_path: Path,
    catalogue: Catalogue,
    organisation: Organisation,
    monkeypatch: pytest.MonkeyPatch,
    with_contacts: bool,
) -> None:
    monkeypatch.setattr(reports, "BATCH", 2)  # several batches out of the few requests
    store = await Store.open(tmp_path / "report.sqlite3")
    try:
        await fill(store, organisation)
        period = Period(FIRST, LAST)
        report = await build_report(store, catalogue, organisation, period, NOW, with_contacts)
        expected = requests_csv(report, with_contacts)
        on_loket = io.StringIO()
        assert await write_requests_csv(store, organisation, period, on_loket, with_contacts) == 4
        snapshot_out = io.StringIO()
        async with store.reading() as snapshot:
            await write_requests_csv(snapshot, organisation, period, snapshot_out, with_contacts)
    finally:
        await store.close()
    assert on_loket.getvalue() == expected == snapshot_out.getvalue()
    assert expected.count("\n") == 5
