"""Store writes done in one statement: the outbox rows of a turn, a new contact and its
conversation read back with RETURNING. Same results as one statement per row."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from obm_bot.storage import outbox
from obm_bot.storage.outbox import Letter
from obm_bot.storage.store import Store

NOW = dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.UTC)


def letter(n: int) -> Letter:
    return Letter("telegram", f"telegram:{n}", json.dumps({"n": n}), None, None)


async def test_enqueued_ids_follow_the_letters(tmp_path: Path) -> None:
    store = await Store.open(tmp_path / "db.sqlite3")
    try:
        async with store.transaction():
            assert await store.enqueue([], "empty", NOW) == []
            first = await store.enqueue([letter(n) for n in range(3)], "a", NOW)
        with pytest.MonkeyPatch.context() as patch:  # several statements for one batch
            patch.setattr(outbox, "LETTERS_PER_INSERT", 2)
            async with store.transaction():
                second = await store.enqueue([letter(n) for n in range(3, 8)], "b", NOW)
        rows = await store._all("SELECT id, recipient, batch, payload FROM outbox ORDER BY id")
    finally:
        await store.close()
    assert len(set(first + second)) == 8
    by_id = {r["id"]: r for r in rows}
    for n, outbox_id in enumerate(first + second):
        assert by_id[outbox_id]["recipient"] == f"telegram:{n}"
        assert json.loads(by_id[outbox_id]["payload"]) == {"n": n}


async def test_new_contact_and_conversation_as_stored(tmp_path: Path) -> None:
    store = await Store.open(tmp_path / "db.sqlite3")
    try:
        async with store.transaction():
            created, first = await store.get_or_create_contact("bench", "7", "Anna", NOW)
            again, later = await store.get_or_create_contact("bench", "7", "Anna", NOW)
            conversation = await store.conversation_for(created.id, NOW)
            same = await store.conversation_for(created.id, NOW)
    finally:
        await store.close()
    assert (first, later) == (True, False)
    assert created == again
    assert created.display_name == "Anna" and not created.blocked
    assert conversation == same
    assert conversation.contact_id == created.id and conversation.state == {}
