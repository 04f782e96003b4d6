"""Who is told what: inbox lines and outbox mail, written in the caller's transaction.

The workflow steps call `announce` right after the state change and its audit event, so the
change, its audit event, the inbox lines and the mail are committed together or not at all.
Plain values come in (ids, texts), so the workflow's packages need nothing from this one but
the call, and this one needs nothing from theirs.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from app.auth.models import User
from app.core.base import utcnow
from app.core.problems import NotFound
from app.notifications import messages
from app.notifications.models import Notification, OutboxMessage

AUDIENCE: dict[str, frozenset[str]] = {
    "submitted": frozenset({"approver"}),
    "changes_requested": frozenset({"designer"}),
    "rejected": frozenset({"designer"}),
    "approved_by_partner": frozenset({"designer"}),
    "approved": frozenset({"admin"}),
    "issued": frozenset({"designer", "approver", "admin"}),
}


@dataclass(frozen=True)
class About:
    """The proposal a notification is about, as plain values."""

    proposal_id: int
    title_en: str
    title_ar: str
    partner_ids: frozenset[int]


def _recipients(
    session: Session, administration_ids: Iterable[int], roles: frozenset[str]
) -> list[User]:
    users = session.scalars(
        select(User)
        .where(User.administration_id.in_(list(administration_ids)), User.is_active.is_(True))
        .order_by(User.id)
    )
    return [u for u in users if roles & set(u.roles)]


def announce(
    session: Session,
    kind: str,
    about: About,
    *,
    actor_id: int | None,
    by: str,
    administration: str = "",
    reason: str = "",
    also: Iterable[tuple[int, str]] = (),
) -> int:
    """Tell everyone `kind` concerns (never the actor); `also` adds (administration, role)s.

    Returns how many people were told. Each gets an inbox line, and an e-mail when they have
    an address.
    """
    data: dict[str, Any] = {
        "proposal_id": about.proposal_id,
        "title_en": about.title_en,
        "title_ar": about.title_ar,
        "by": by,
        "administration": administration,
        "reason": reason,
    }
    people = {u.id: u for u in _recipients(session, about.partner_ids, AUDIENCE[kind])}
    for administration_id, role in also:
        for user in _recipients(session, [administration_id], frozenset({role})):
            people.setdefault(user.id, user)
    people.pop(actor_id or 0, None)
    for user in people.values():
        session.add(
            Notification(user_id=user.id, proposal_id=about.proposal_id, kind=kind, data=data)
        )
        if user.email:
            session.add(
                OutboxMessage(
                    message_id=f"<{uuid.uuid4().hex}@joint-stamp-studio>",
                    user_id=user.id,
                    to_address=user.email,
                    kind=kind,
                    data=data,
                )
            )
    session.flush()
    return len(people)


@dataclass(frozen=True)
class InboxLine:
    id: int
    kind: str
    proposal_id: int | None
    headline_en: str
    headline_ar: str
    link: str
    data: dict[str, Any]
    created_at: Any
    read: bool


def _line(n: Notification) -> InboxLine:
    en, ar = messages.headlines(n.kind, n.data)
    return InboxLine(
        id=n.id,
        kind=n.kind,
        proposal_id=n.proposal_id,
        headline_en=en,
        headline_ar=ar,
        link=messages.studio_path(n.data),
        data=n.data,
        created_at=n.created_at,
        read=n.read_at is not None,
    )


def inbox(
    session: Session, user_id: int, *, unread_only: bool = False, limit: int = 100
) -> tuple[list[InboxLine], int]:
    """The newest lines of a person's inbox, and how many are unread in all."""
    stmt = select(Notification).where(Notification.user_id == user_id)
    if unread_only:
        stmt = stmt.where(Notification.read_at.is_(None))
    rows = session.scalars(stmt.order_by(Notification.id.desc()).limit(limit))
    unread = session.scalar(
        select(func.count()).where(Notification.user_id == user_id, Notification.read_at.is_(None))
    )
    return [_line(n) for n in rows], int(unread or 0)


def mark_read(session: Session, user_id: int, notification_id: int | None = None) -> int:
    """Mark one line (or every line) of the person's own inbox read; others' lines are 404."""
    stmt = update(Notification).where(
        Notification.user_id == user_id, Notification.read_at.is_(None)
    )
    if notification_id is not None:
        owned = session.scalar(
            select(Notification.id).where(
                Notification.id == notification_id, Notification.user_id == user_id
            )
        )
        if owned is None:
            raise NotFound(f"No notification {notification_id}")
        stmt = stmt.where(Notification.id == notification_id)
    result = session.execute(stmt.values(read_at=utcnow()))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def outbox(session: Session, *, pending_only: bool = False) -> list[OutboxMessage]:
    stmt = select(OutboxMessage).order_by(OutboxMessage.id)
    if pending_only:
        stmt = stmt.where(OutboxMessage.delivered_at.is_(None), OutboxMessage.failed_at.is_(None))
    return list(session.scalars(stmt))
