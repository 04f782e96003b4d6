"""The caller's own inbox: newest first, unread count, mark one or all read."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, status
from pydantic import BaseModel

from app.auth.deps import CurrentActor
from app.core.db import ReadSessionDep, SessionDep
from app.core.http import PROBLEMS
from app.core.types import DbId
from app.notifications import service

router = APIRouter(prefix="/api/v1/notifications", tags=["notifications"], responses=PROBLEMS)


class NotificationOut(BaseModel):
    id: int
    kind: str
    proposal_id: int | None
    headline: dict[str, str]
    link: str
    data: dict[str, Any]
    created_at: dt.datetime
    read: bool


class InboxOut(BaseModel):
    unread: int
    items: list[NotificationOut]


@router.get("")
def my_notifications(
    actor: CurrentActor, session: ReadSessionDep, unread: bool = False
) -> InboxOut:
    """What awaits the caller, newest first (at most 100), with the count of unread lines."""
    lines, count = service.inbox(session, actor.user_id, unread_only=unread)
    return InboxOut(
        unread=count,
        items=[
            NotificationOut(
                id=line.id,
                kind=line.kind,
                proposal_id=line.proposal_id,
                headline={"ar": line.headline_ar, "en": line.headline_en},
                link=line.link,
                data=line.data,
                created_at=line.created_at,
                read=line.read,
            )
            for line in lines
        ],
    )


@router.post("/{notification_id}/read", status_code=status.HTTP_204_NO_CONTENT)
def read_notification(notification_id: DbId, actor: CurrentActor, session: SessionDep) -> None:
    """Mark one of the caller's own lines read (404 for anyone else's)."""
    service.mark_read(session, actor.user_id, notification_id)


@router.post("/read", status_code=status.HTTP_204_NO_CONTENT)
def read_all_notifications(actor: CurrentActor, session: SessionDep) -> None:
    """Mark every line of the caller's inbox read."""
    service.mark_read(session, actor.user_id)
