"""Per-user rate limits: at most `limit` proof renders (or reviews) in any window of time.

Every counted use is a row in `rate_hits`, so all server processes share one count, and the
window slides: a user who spent the allowance may go again as soon as their oldest hit in the
window is older than the window, and `Retry-After` says exactly when that is. A refused
attempt is not recorded, so a client that keeps knocking does not push its own wait further.

Spending runs in a transaction of its own (like a failed password check in `throttle`), so a
hit counts although the request fails later, and no row lock of the request is held meanwhile.
The count and the insert must not race: two requests of one user could each count `limit - 1`
and both go. On SQLite the write transaction begins IMMEDIATE, so writers take turns anyway;
on PostgreSQL a transaction-scoped advisory lock per (action, user) makes them take turns,
without locking any row another request needs.
"""

from __future__ import annotations

import datetime as dt
import math
import zlib
from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from app.auth.models import RateHit
from app.core.base import utcnow
from app.core.db import Database
from app.core.problems import P_, AppError

RENDER = "render"
REVIEW = "review"


def now() -> dt.datetime:
    """The clock the limits read (tests move it instead of sleeping)."""
    return utcnow()


@dataclass(frozen=True)
class Limit:
    """At most `count` uses of `action` by one user in any `window_seconds`."""

    action: str
    count: int
    window_seconds: float

    @property
    def window(self) -> dt.timedelta:
        return dt.timedelta(seconds=self.window_seconds)


class RateLimited(AppError):
    """The user spent their allowance; the problem is told in the reader's language."""

    status, type, title = 429, "rate-limited", P_("Too many requests")
    localized = True
    DETAILS = {  # noqa: RUF012 - a fixed table of messages
        RENDER: P_("Too many proof renders; try again in %(seconds)s seconds"),
        REVIEW: P_("Too many reviews; try again in %(seconds)s seconds"),
    }

    def __init__(self, limit: Limit, retry_after: int) -> None:
        message = self.DETAILS[limit.action]
        super().__init__(
            message % {"seconds": retry_after},
            action=limit.action,
            limit=limit.count,
            window_seconds=limit.window_seconds,
            retry_after=retry_after,
        )
        self.message = message
        self.params = {"seconds": retry_after}
        self.headers = {"Retry-After": str(retry_after)}


def _take_turn(session: Session, user_id: int, action: str) -> None:
    """Serialize the spending of one user's allowance of one action (PostgreSQL)."""
    if session.get_bind().dialect.name == "postgresql":
        key = zlib.crc32(f"rate-limit:{action}".encode()) - 2**31  # fits PostgreSQL's int4
        session.execute(select(func.pg_advisory_xact_lock(key, user_id)))


def retry_after(hits: list[dt.datetime], limit: Limit, at: dt.datetime) -> int:
    """Whole seconds until a slot frees, for the window's hits in order, oldest first (pure)."""
    if len(hits) < limit.count:
        return 0
    frees = hits[len(hits) - limit.count] + limit.window
    return max(1, math.ceil((frees - at).total_seconds()))


def spend(database: Database, user_id: int, limit: Limit) -> None:
    """Count one use by `user_id`, or refuse with 429 (nothing recorded) when over the limit."""
    at = now()
    since = at - limit.window
    with database.transaction() as session:
        _take_turn(session, user_id, limit.action)
        mine = (RateHit.user_id == user_id, RateHit.action == limit.action)
        session.execute(delete(RateHit).where(*mine, RateHit.at <= since))
        in_window = select(RateHit.at).where(*mine, RateHit.at > since).order_by(RateHit.at)
        hits = list(session.scalars(in_window))
        wait = retry_after(hits, limit, at)
        if wait:
            raise RateLimited(limit, wait)
        session.add(RateHit(user_id=user_id, action=limit.action, at=at))
