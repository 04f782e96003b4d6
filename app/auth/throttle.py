"""Login throttling: failed password checks slow an account and a client address down.

Failures are rows in the database, so every worker process sees the same count. Past a free
allowance the wait doubles with each further failure, up to a ceiling; a successful login
clears the account's record. Password re-entry at sign-off counts here too.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from app.auth.models import AuthFailure
from app.core.base import utcnow
from app.core.db import Database
from app.core.problems import P_, AppError


@dataclass(frozen=True)
class Policy:
    window: dt.timedelta = dt.timedelta(minutes=15)
    free_per_account: int = 5
    free_per_client: int = 20
    base_delay_seconds: float = 2.0
    max_delay_seconds: float = 900.0


class TooManyAttempts(AppError):
    status, type, title = 429, "too-many-attempts", P_("Too many failed attempts")

    def __init__(self, retry_after: int) -> None:
        super().__init__(
            f"Too many failed password attempts; try again in {retry_after} seconds",
            retry_after=retry_after,
        )
        self.headers = {"Retry-After": str(retry_after)}


def delay_for(failures: int, free: int, policy: Policy) -> float:
    """Seconds to wait after `failures` failures when `free` are allowed (pure)."""
    if failures < free:
        return 0.0
    delay: float = policy.base_delay_seconds * 2.0 ** (failures - free)
    return min(delay, policy.max_delay_seconds)


def check(session: Session, username: str, client: str, policy: Policy = Policy()) -> None:
    """Refuse with 429 and Retry-After while the account or the address must wait."""
    since = utcnow() - policy.window
    waits = []
    for column, value, free in (
        (AuthFailure.username, username, policy.free_per_account),
        (AuthFailure.client, client, policy.free_per_client),
    ):
        count, last = session.execute(
            select(func.count(), func.max(AuthFailure.at)).where(
                column == value, AuthFailure.at > since
            )
        ).one()
        if count and last is not None:
            last_at = last if last.tzinfo else last.replace(tzinfo=dt.UTC)
            ready = last_at + dt.timedelta(seconds=delay_for(count, free, policy))
            waits.append((ready - utcnow()).total_seconds())
    wait = max(waits, default=0.0)
    if wait > 0:
        raise TooManyAttempts(math.ceil(wait))


def record_failure(database: Database, username: str, client: str, user_id: int | None) -> None:
    """Record a failed check in a transaction of its own: the request that failed rolls back."""
    with database.transaction() as session:
        session.add(AuthFailure(username=username[:64], client=client[:64], user_id=user_id))


def clear(session: Session, username: str) -> None:
    session.execute(delete(AuthFailure).where(AuthFailure.username == username))
