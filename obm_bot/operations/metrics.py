"""``/metrics``: the bot's figures in the Prometheus text format, with ``prometheus_client``.

Counters and the latency histogram are this process's (reset at a restart, as Prometheus
expects); the queue figures are read from the database at every scrape, so they are right
whichever process (Telegram, a staff terminal) changed them.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing
from pathlib import Path

from prometheus_client import CollectorRegistry, Counter, Histogram
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from obm_bot.operations.meter import Meter

NAMESPACE = "obm"
LATENCY_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
Now = Callable[[], dt.datetime]


class PrometheusMeter(Meter):
    def __init__(self, registry: CollectorRegistry) -> None:
        self.messages_in = Counter(
            "messages_in", "Messages received", ["channel"], namespace=NAMESPACE,
            registry=registry,
        )  # fmt: skip
        self.messages_out = Counter(
            "messages_out", "Messages sent", ["channel"], namespace=NAMESPACE, registry=registry
        )
        self.intents = Counter(
            "intents", "Customer messages by understood intent", ["intent"],
            namespace=NAMESPACE, registry=registry,
        )  # fmt: skip
        self.telegram_errors = Counter(
            "telegram_errors", "Failed Bot API calls by kind", ["kind"], namespace=NAMESPACE,
            registry=registry,
        )  # fmt: skip
        self.reply_latency = Histogram(
            "reply_latency_seconds", "Updates in to replies stored in the outbox",
            namespace=NAMESPACE, buckets=LATENCY_BUCKETS, registry=registry,
        )  # fmt: skip

    def received(self, channel: str, count: int) -> None:
        self.messages_in.labels(channel).inc(count)

    def sent(self, channel: str, count: int) -> None:
        self.messages_out.labels(channel).inc(count)

    def intent(self, label: str) -> None:
        self.intents.labels(label).inc()

    def telegram_error(self, kind: str) -> None:
        self.telegram_errors.labels(kind).inc()

    def answered(self, seconds: float) -> None:
        self.reply_latency.observe(seconds)


class QueueCollector(Collector):
    """Handoffs open, SLA at risk and breached, the outbox backlog: read at each scrape."""

    def __init__(self, db_path: Path, now: Now) -> None:
        self.db_path = db_path
        self.now = now

    def collect(self) -> Iterator[GaugeMetricFamily]:
        now = self.now().astimezone(dt.UTC).isoformat()
        try:
            with closing(sqlite3.connect(f"file:{self.db_path}?mode=ro", uri=True)) as conn:
                handoffs = conn.execute(QUEUE, (now, now, now)).fetchone()
                outbox = conn.execute(BACKLOG).fetchall()
        except sqlite3.Error:
            return  # /healthz says what is wrong with the database; no made-up zeros here
        yield _gauge("handoffs_open", "Handoffs open or claimed, not closed", handoffs[0])
        yield _gauge("sla_at_risk", "Unanswered handoffs past their reminder", handoffs[1])
        yield _gauge("sla_breached", "Unanswered handoffs past their SLA deadline", handoffs[2])
        backlog = GaugeMetricFamily(
            f"{NAMESPACE}_outbox_backlog", "Messages waiting in the outbox", labels=["lane"]
        )
        for lane, count in outbox:
            backlog.add_metric([str(lane)], float(count))
        yield backlog


def _gauge(name: str, documentation: str, value: int | None) -> GaugeMetricFamily:
    return GaugeMetricFamily(f"{NAMESPACE}_{name}", documentation, value=float(value or 0))


QUEUE = (
    "SELECT count(*),"
    " sum(first_response_at IS NULL AND reminder_at <= ? AND sla_deadline > ?),"
    " sum(first_response_at IS NULL AND sla_deadline <= ?)"
    " FROM handoffs WHERE status IN ('open', 'claimed')"
)
BACKLOG = (
    "SELECT lane, count(*) FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL GROUP BY lane"
)


def registry_for(db_path: Path, now: Now) -> tuple[CollectorRegistry, PrometheusMeter]:
    """A registry of this process's meter and the database's queue figures."""
    registry = CollectorRegistry()
    meter = PrometheusMeter(registry)
    registry.register(QueueCollector(db_path, now))
    return registry, meter
