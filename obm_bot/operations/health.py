"""``/healthz`` and ``/metrics`` on 127.0.0.1, for a supervisor and for Prometheus.

A small WSGI server (``prometheus_client``'s threading server) on a thread of its own: it
answers even while the event loop is busy, and that is the point of the loop check, which
asks whether the loop still runs its heartbeat. ``/healthz`` answers 200 with ``ok`` lines,
or 503 naming what is wrong: the database not writable, the polling loop or webhook not
alive, the outbox stuck.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import threading
from collections.abc import Callable, Iterable
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from prometheus_client import CollectorRegistry, make_wsgi_app
from prometheus_client.exposition import ThreadingWSGIServer

STUCK_AFTER = dt.timedelta(minutes=5)
"""An outbox letter for Telegram older than this, still unsent: the outbox is stuck."""
Alive = Callable[[], str | None]
"""Why the channel's loop is not alive, or None."""
StartResponse = Callable[..., Any]


@dataclass
class Health:
    db_path: Path
    alive: Alive
    now: Callable[[], dt.datetime]
    lock_timeout: float = 2.0
    stuck_after: dt.timedelta = STUCK_AFTER
    lane: str = "telegram"

    def problems(self) -> dict[str, str | None]:
        """Each check's problem (None: fine)."""
        return {
            "database": self._database(),
            "loop": self.alive(),
            "outbox": self._outbox(),
        }

    def _database(self) -> str | None:
        if not self.db_path.is_file():
            return f"{self.db_path} is missing"
        try:
            with closing(sqlite3.connect(self.db_path, timeout=self.lock_timeout)) as conn:
                conn.isolation_level = None
                conn.execute("BEGIN IMMEDIATE")  # the write lock, given back at once
                conn.execute("ROLLBACK")
        except sqlite3.Error as exc:
            return f"not writable: {exc}"
        return None

    def _outbox(self) -> str | None:
        try:
            with closing(sqlite3.connect(f"file:{self.db_path}?mode=ro", uri=True)) as conn:
                row = conn.execute(
                    "SELECT min(created_at), count(*) FROM outbox"
                    " WHERE lane = ? AND sent_at IS NULL AND failed_at IS NULL",
                    (self.lane,),
                ).fetchone()
        except sqlite3.Error as exc:
            return f"not readable: {exc}"
        if row is None or row[0] is None:
            return None
        waited = self.now() - dt.datetime.fromisoformat(str(row[0]))
        if waited > self.stuck_after:
            return f"{row[1]} letters waiting, the oldest for {waited.total_seconds():.0f} s"
        return None


@dataclass
class Endpoint:
    """The WSGI application: ``/healthz``, ``/metrics``, 404 for the rest."""

    health: Health
    registry: CollectorRegistry
    _metrics: Callable[..., Iterable[bytes]] = field(init=False)

    def __post_init__(self) -> None:
        self._metrics = make_wsgi_app(self.registry)

    def __call__(self, environ: dict[str, Any], start: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if path == "/metrics":
            return self._metrics(environ, start)
        if path != "/healthz":
            start("404 Not Found", [("Content-Type", "text/plain")])
            return [b"not found: try /healthz or /metrics\n"]
        problems = self.health.problems()
        healthy = not any(problems.values())
        body = {"healthy": healthy} | {name: p or "ok" for name, p in problems.items()}
        start(
            "200 OK" if healthy else "503 Service Unavailable",
            [("Content-Type", "application/json")],
        )
        return [json.dumps(body).encode() + b"\n"]


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """A supervisor asks every few seconds: no line per request on stderr."""


class HealthServer:
    """The endpoint served on ``host:port`` from a daemon thread until ``stop``."""

    def __init__(self, endpoint: Endpoint, port: int, host: str = "127.0.0.1") -> None:
        self._server: WSGIServer = make_server(
            host, port, endpoint, ThreadingWSGIServer, handler_class=_QuietHandler
        )
        self.port = int(self._server.server_port)
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="health", daemon=True
        )

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
