"""``/healthz`` and ``/metrics``: healthy, and unhealthy for each reason; the metric names,
and what a running bot counts."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from obm_bot.operations.health import Endpoint, Health, HealthServer
from obm_bot.operations.metrics import registry_for
from obm_bot.storage.database import connect

NOW = dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.UTC)


def get(port: int, path: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as answer:
            return int(answer.status), answer.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


@pytest.fixture()
async def db_file(tmp_path: Path) -> Path:
    path = tmp_path / "obm.sqlite3"
    conn = await connect(path)
    await conn.close()
    return path


class Loop:
    """What the Telegram side says about its polling loop."""

    problem: str | None = None

    def __call__(self) -> str | None:
        return self.problem


@pytest.fixture()
def loop() -> Loop:
    return Loop()


@pytest.fixture()
def served(db_file: Path, loop: Loop) -> Iterator[tuple[int, Health]]:
    health = Health(db_file, loop, lambda: NOW, lock_timeout=0.2)
    registry, _ = registry_for(db_file, lambda: NOW)
    server = HealthServer(Endpoint(health, registry), 0)
    server.start()
    yield server.port, health
    server.stop()


def test_healthy(served: tuple[int, Health]) -> None:
    status, body = get(served[0], "/healthz")
    assert status == 200
    assert json.loads(body) == {"healthy": True, "database": "ok", "loop": "ok", "outbox": "ok"}


def test_unhealthy_while_the_database_cannot_be_written(
    served: tuple[int, Health], db_file: Path
) -> None:
    with closing(sqlite3.connect(db_file, isolation_level=None)) as stuck:
        stuck.execute("BEGIN IMMEDIATE")  # a writer that never lets go
        status, body = get(served[0], "/healthz")
        stuck.execute("ROLLBACK")
    assert status == 503
    assert json.loads(body)["database"] == "not writable: database is locked"
    assert get(served[0], "/healthz")[0] == 200  # let go: healthy again


def test_unhealthy_when_the_database_file_is_damaged_or_gone(
    served: tuple[int, Health], db_file: Path
) -> None:
    db_file.write_bytes(b"overschreven" * 400)
    status, body = get(served[0], "/healthz")
    assert status == 503 and "not writable" in json.loads(body)["database"]
    db_file.unlink()
    assert "is missing" in json.loads(get(served[0], "/healthz")[1])["database"]


def test_unhealthy_when_the_loop_is_not_alive(served: tuple[int, Health], loop: Loop) -> None:
    loop.problem = "the polling loop or webhook server has stopped"
    status, body = get(served[0], "/healthz")
    assert status == 503 and json.loads(body)["loop"] == loop.problem


def test_unhealthy_when_the_outbox_is_stuck(served: tuple[int, Health], db_file: Path) -> None:
    def letter(minutes_ago: int, lane: str = "telegram") -> None:
        created = (NOW - dt.timedelta(minutes=minutes_ago)).isoformat()
        with closing(sqlite3.connect(db_file, isolation_level=None)) as conn:
            conn.execute(
                "INSERT INTO outbox (lane, recipient, batch, payload, created_at)"
                " VALUES (?, 'telegram:1', 'b', '{}', ?)",
                (lane, created),
            )

    letter(60, lane="console")  # waits for a terminal, not for the bot
    letter(2)
    assert get(served[0], "/healthz")[0] == 200
    letter(6)
    status, body = get(served[0], "/healthz")
    assert status == 503
    assert json.loads(body)["outbox"] == "2 letters waiting, the oldest for 360 s"


def test_other_paths_are_not_found(served: tuple[int, Health]) -> None:
    assert get(served[0], "/")[0] == 404


def test_the_metric_names(served: tuple[int, Health]) -> None:
    status, body = get(served[0], "/metrics")
    assert status == 200
    for name in ("obm_handoffs_open", "obm_sla_at_risk", "obm_sla_breached"):
        assert f"\n{name} 0.0\n" in body
    for name, kind in (
        ("obm_messages_in_total", "counter"), ("obm_messages_out_total", "counter"),
        ("obm_intents_total", "counter"), ("obm_telegram_errors_total", "counter"),
        ("obm_reply_latency_seconds", "histogram"), ("obm_outbox_backlog", "gauge"),
    ):  # fmt: skip
        assert f"# TYPE {name} {kind}\n" in body
