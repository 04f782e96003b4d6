"""Idempotency records: claim a key, finish it with the response, or find the earlier one."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.auth.models import ApiToken
from app.core import security
from app.core.base import utcnow
from app.idempotency.models import IdempotencyRecord

KEEP_FOR = dt.timedelta(hours=24)


def user_for_token(session: Session, token: str, secret_key: str) -> int | None:
    """The user a live token belongs to (the app still does the full authentication)."""
    return session.scalar(
        select(ApiToken.user_id).where(
            ApiToken.token_hash == security.token_digest(token, secret_key),
            ApiToken.revoked_at.is_(None),
            ApiToken.expires_at > utcnow(),
        )
    )


def find(
    session: Session, user_id: int, key: str, lease_seconds: float
) -> IdempotencyRecord | None:
    """The live record of (user, key). Answers are kept for a day; a claim whose lease ran
    out (its server was killed mid-request, or it went silent) is abandoned: both are
    removed on the way, so a retry with the key runs the request again."""
    now = utcnow()
    session.execute(
        delete(IdempotencyRecord).where(
            (IdempotencyRecord.created_at < now - KEEP_FOR)
            | (
                IdempotencyRecord.status.is_(None)
                & (IdempotencyRecord.created_at < now - dt.timedelta(seconds=lease_seconds))
            )
        )
    )
    return session.scalar(
        select(IdempotencyRecord).where(
            IdempotencyRecord.user_id == user_id, IdempotencyRecord.key == key
        )
    )


def claim(session: Session, user_id: int, key: str) -> IdempotencyRecord | None:
    """Insert a pending record; None when another request claimed the key first."""
    record = IdempotencyRecord(user_id=user_id, key=key, status=None, headers=[], body=b"")
    try:
        with session.begin_nested():
            session.add(record)
    except IntegrityError:
        return None
    return record


def finish(
    session: Session,
    record_id: int,
    request_hash: str,
    status: int,
    headers: list[Any],
    body: bytes,
) -> None:
    record = session.get(IdempotencyRecord, record_id)
    if record is not None:
        record.request_hash, record.status = request_hash, status
        record.headers, record.body = headers, body


def renew(session: Session, record_id: int) -> None:
    """Extend a pending claim's lease: its request is still receiving its body."""
    session.execute(
        update(IdempotencyRecord)
        .where(IdempotencyRecord.id == record_id, IdempotencyRecord.status.is_(None))
        .values(created_at=utcnow())
    )


def release(session: Session, record_id: int) -> None:
    """Forget a claim whose request failed in a way worth retrying."""
    session.execute(delete(IdempotencyRecord).where(IdempotencyRecord.id == record_id))
