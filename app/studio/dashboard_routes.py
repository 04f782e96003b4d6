"""The studio's front page ("waiting for me") and the person's inbox."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from app.core.db import ReadSessionDep, SessionDep
from app.core.deps import SettingsDep
from app.flows import waiting
from app.notifications import service as notifications
from app.studio import rendering
from app.studio.deps import Csrf, StudioActor

router = APIRouter(prefix="/studio", include_in_schema=False)


@router.get("/")
def dashboard(
    request: Request, actor: StudioActor, session: ReadSessionDep, settings: SettingsDep
) -> Response:
    board = waiting.dashboard(session, actor)
    _, unread = notifications.inbox(session, actor.user_id, limit=1)
    return rendering.render(
        request, settings, "dashboard.html", actor=actor, board=board, unread=unread
    )


@router.get("/inbox")
def inbox(
    request: Request, actor: StudioActor, session: ReadSessionDep, settings: SettingsDep
) -> Response:
    lines, unread = notifications.inbox(session, actor.user_id)
    return rendering.render(
        request, settings, "inbox.html", actor=actor, lines=lines, unread=unread
    )


@router.post("/inbox/read", dependencies=[Csrf])
def mark_read(
    actor: StudioActor,
    session: SessionDep,
    notification: Annotated[int | None, Form(ge=1, le=2_147_483_647)] = None,
    go: Annotated[str | None, Form(max_length=200)] = None,
) -> Response:
    """Mark one line (then open what it is about) or every line read."""
    notifications.mark_read(session, actor.user_id, notification)
    target = (
        go if go and go.startswith("/studio/proposals/") and "//" not in go else "/studio/inbox"
    )
    return RedirectResponse(target, status_code=303)
