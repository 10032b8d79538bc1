"""Retention: rows that only guard delivery are pruned after ``[retention] days``; rows still
waiting to be handled or sent stay however old they are."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from obm_bot.config import REPO_ROOT
from obm_bot.organisation import OrganisationError, load_organisation
from obm_bot.storage.store import Store

NOW = dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.UTC)
OLD = (NOW - dt.timedelta(days=40)).isoformat()
RECENT = (NOW - dt.timedelta(days=2)).isoformat()


async def fill(store: Store) -> None:
    """Per table one old and one recent row, plus old rows whose work is not done."""
    async with store.transaction():
        for stamp in (OLD, RECENT):
            await store._conn.execute(
                "INSERT INTO link_attempts (channel, user_id, attempted_at) VALUES ('telegram',"
                " ?, ?)",
                (stamp, stamp),
            )
            await store._conn.execute(
                "INSERT INTO processed_inbound (channel, inbound_id, created_at, answered_at)"
                " VALUES ('telegram', ?, ?, ?)",
                (stamp, stamp, stamp),
            )
        for update_id, handled in (("old", OLD), ("recent", RECENT), ("waiting", None)):
            await store._conn.execute(
                "INSERT INTO inbox (channel, update_id, payload, received_at, handled_at)"
                " VALUES ('telegram', ?, '{}', ?, ?)",
                (update_id, OLD, handled),
            )
        for recipient, sent, failed in (
            ("old sent", OLD, None), ("old failed", None, OLD), ("recent", RECENT, None),
            ("pending", None, None),
        ):  # fmt: skip
            await store._conn.execute(
                "INSERT INTO outbox (lane, recipient, batch, payload, created_at, sent_at,"
                " failed_at) VALUES ('telegram', ?, 'b', '{}', ?, ?, ?)",
                (recipient, OLD, sent, failed),
            )


async def test_prune_removes_only_what_is_old_and_done(tmp_path: Path) -> None:
    store = await Store.open(tmp_path / "obm.sqlite3")
    try:
        await fill(store)
        org = load_organisation(REPO_ROOT / "obm.example.toml")
        async with store.transaction():
            counts = await store.prune(org.retention.cutoff(NOW))
        assert await store.checkpoint()
        assert counts == {"link_attempts": 1, "processed_inbound": 1, "inbox": 1, "outbox": 2}
        inbox = await store._all("SELECT update_id FROM inbox ORDER BY update_id")
        assert [r["update_id"] for r in inbox] == ["recent", "waiting"]
        outbox = await store._all("SELECT recipient FROM outbox ORDER BY recipient")
        assert [r["recipient"] for r in outbox] == ["pending", "recent"]
        attempts = await store._all("SELECT user_id FROM link_attempts")
        assert [a["user_id"] for a in attempts] == [RECENT]
        async with store.transaction():  # nothing left to do
            assert set((await store.prune(org.retention.cutoff(NOW))).values()) == {0}
    finally:
        await store.close()


def test_retention_defaults_to_30_days() -> None:
    org = load_organisation(REPO_ROOT / "obm.example.toml")
    assert org.retention.days == 30
    assert org.retention.cutoff(NOW) == NOW - dt.timedelta(days=30)


def test_retention_below_a_day_is_refused_with_one_line(tmp_path: Path) -> None:
    example = (REPO_ROOT / "obm.example.toml").read_text(encoding="utf-8")
    assert "[retention]\ndays = 30\n" in example
    path = tmp_path / "obm.toml"
    path.write_text(example.replace("[retention]\ndays = 30", "[retention]\ndays = 0"))
    with pytest.raises(OrganisationError) as error:
        load_organisation(path)
    assert str(error.value) == (
        f"{path}: key retention.days: Input should be greater than or equal to 1"
    )
