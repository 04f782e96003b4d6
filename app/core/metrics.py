"""Prometheus metrics: what the service does, per route, per proof kind, per queue, per pool.

Request counts and latencies, proof render times and database pool use are counted by the
process doing the work. With several server processes (`stamps serve --workers N`) each writes
its samples to files in one folder (prometheus-client's multi-process mode, switched on by
`PROMETHEUS_MULTIPROC_DIR` before this module loads) and `/metrics` adds them up. Queue depth and
job failures are read from the database when scraped, so every host reports the same figures.
"""

from __future__ import annotations

import ipaddress
import os
import weakref
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector
from sqlalchemy import Engine, event

MULTIPROCESS_ENV = "PROMETHEUS_MULTIPROC_DIR"
CONTENT_TYPE = CONTENT_TYPE_LATEST

REQUESTS = Counter(
    "stamps_http_requests",
    "HTTP requests answered, by method, route template and status",
    ["method", "route", "status"],
)
REQUEST_SECONDS = Histogram(
    "stamps_http_request_duration_seconds",
    "Time from request to the end of the answer, by method, route template and status",
    ["method", "route", "status"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
PROOF_SECONDS = Histogram(
    "stamps_proof_render_seconds",
    "Time to render one proof PDF, by kind (review, stamp, sheet, press)",
    ["kind"],
    buckets=(0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120),
)
POOL_IN_USE = Gauge(
    "stamps_db_pool_in_use",
    "Database connections checked out of this service's pools",
    multiprocess_mode="livesum",
)
POOL_SIZE = Gauge(
    "stamps_db_pool_size",
    "Connections the service's pools keep open (beyond these, overflow connections)",
    multiprocess_mode="livesum",
)
_watched: weakref.WeakSet[Engine] = weakref.WeakSet()


def observe_request(method: str, route: str, status: int, seconds: float) -> None:
    """The request middleware's observer: one count and one latency sample."""
    labels = (method, route, str(status))
    REQUESTS.labels(*labels).inc()
    REQUEST_SECONDS.labels(*labels).observe(seconds)


def watch_pool(engine: Engine) -> None:
    """Count the engine's checked-out connections (once per engine, however many apps)."""
    if engine in _watched:
        return
    _watched.add(engine)
    size = getattr(engine.pool, "size", None)
    if callable(size):
        POOL_SIZE.inc(size())

    def checkout(*_: Any) -> None:
        POOL_IN_USE.inc()

    def checkin(*_: Any) -> None:
        POOL_IN_USE.dec()

    event.listen(engine, "checkout", checkout)
    event.listen(engine, "checkin", checkin)


QueueCounts = Callable[[], Iterable[tuple[str, str, int]]]
"""(queue, state, jobs) rows: state is `queued`, `running` or `failed`."""


class QueueCollector(Collector):
    """Job queue depth and failures, read from the database at scrape time."""

    def __init__(self, counts: QueueCounts) -> None:
        self.counts = counts

    def collect(self) -> Iterator[Metric]:
        depth = GaugeMetricFamily(
            "stamps_jobs_queued",
            "Jobs waiting or running, by queue and state",
            labels=["queue", "state"],
        )
        failed = GaugeMetricFamily(
            "stamps_jobs_failed",
            "Jobs that failed for good (kept for an operator), by queue",
            labels=["queue"],
        )
        for queue, state, jobs in self.counts():
            if state == "failed":
                failed.add_metric([queue], jobs)
            else:
                depth.add_metric([queue, state], jobs)
        yield depth
        yield failed


def exposition(extra: Iterable[Collector] = ()) -> bytes:
    """The text of `/metrics`: this process's (or every process's) samples and the extras."""
    if os.environ.get(MULTIPROCESS_ENV):
        registry = CollectorRegistry()
        MultiProcessCollector(registry)  # type: ignore[no-untyped-call]  # untyped upstream
        text = generate_latest(registry)
    else:
        text = generate_latest(REGISTRY)
    own = CollectorRegistry(auto_describe=False)
    for collector in extra:
        own.register(collector)
    return text + generate_latest(own)


def allowed(address: str | None, networks: Iterable[str]) -> bool:
    """Whether a client address falls in one of the configured networks."""
    if not address:
        return False
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in ipaddress.ip_network(net, strict=False) for net in networks)
