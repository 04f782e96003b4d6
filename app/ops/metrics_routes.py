"""`GET /metrics`: the Prometheus exposition, for the configured addresses only.

Metrics name routes, queues and volumes, not data; still, they are for the operator's scraper,
so any other address gets 403 (behind a proxy the address is the one the proxy forwarded,
see `stamps serve --forwarded-allow-ips`).
"""

from __future__ import annotations

from collections.abc import Iterable

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy import func, select

from app.core import metrics
from app.core.db import Database, database_of
from app.core.deps import settings_of
from app.core.problems import Forbidden
from app.notifications.models import OutboxMessage

router = APIRouter(tags=["health"])


def outbox_counts(database: Database) -> metrics.QueueCounts:
    """Mail outbox rows as a queue: pending messages and messages given up."""

    def counts() -> Iterable[tuple[str, str, int]]:
        with database.reader() as session:
            pending = session.scalar(
                select(func.count()).where(
                    OutboxMessage.delivered_at.is_(None), OutboxMessage.failed_at.is_(None)
                )
            )
            failed = session.scalar(
                select(func.count()).where(OutboxMessage.failed_at.is_not(None))
            )
        return [("mail", "queued", pending or 0), ("mail", "failed", failed or 0)]

    return counts


@router.get(
    "/metrics",
    response_class=Response,
    responses={
        200: {"content": {"text/plain": {}}, "description": "Prometheus text format"},
        403: {"description": "Not an address allowed to read metrics"},
    },
)
def read_metrics(request: Request) -> Response:
    """Prometheus metrics of the service (see the operator's guide for each metric)."""
    settings = settings_of(request)
    client = request.client.host if request.client else None
    if not metrics.allowed(client, settings.metrics_allow):
        raise Forbidden("Metrics are served only to the addresses in STAMPS_METRICS_ALLOW")
    database = database_of(request)
    extra = [metrics.QueueCollector(outbox_counts(database))]
    return Response(metrics.exposition(extra), media_type=metrics.CONTENT_TYPE)
