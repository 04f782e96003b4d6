"""HTTP routes for tokens, the current user and user creation."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request, Response, status

from app.auth import service
from app.auth.deps import AdminActor, CurrentActor, get_token
from app.auth.schemas import MeOut, TokenOut, UserCreate, UserOut
from app.core.db import DatabaseDep, SessionDep
from app.core.deps import get_settings
from app.core.http import client_address
from app.core.problems import PROBLEM_JSON
from app.core.settings import Settings
from app.core.text import Line

router = APIRouter(prefix="/api/v1", tags=["auth"])
SettingsDep = Annotated[Settings, Depends(get_settings)]
PROBLEMS: dict[int | str, dict[str, Any]] = {
    401: {"content": {PROBLEM_JSON: {}}, "description": "Not authenticated"},
    429: {"content": {PROBLEM_JSON: {}}, "description": "Too many failed attempts"},
}


@router.post("/auth/token", responses=PROBLEMS)
def login(
    username: Annotated[Line, Form(max_length=64)],
    password: Annotated[str, Form(max_length=200)],
    request: Request,
    database: DatabaseDep,
    session: SessionDep,
    settings: SettingsDep,
) -> TokenOut:
    """Exchange a username and password for a bearer token (throttled after failures)."""
    user = service.login(database, session, username, password, client_address(request))
    token = service.issue_token(session, user, settings.secret_key, settings.token_ttl_seconds)
    return TokenOut(access_token=token, expires_in=settings.token_ttl_seconds)


@router.delete("/auth/token", status_code=status.HTTP_204_NO_CONTENT, responses=PROBLEMS)
def logout(
    _actor: CurrentActor,
    token: Annotated[str, Depends(get_token)],
    session: SessionDep,
    settings: SettingsDep,
) -> Response:
    """Revoke the presented token; it stops working at once."""
    service.revoke_token(session, token, settings.secret_key)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/me", responses=PROBLEMS)
def me(actor: CurrentActor) -> MeOut:
    return MeOut(
        username=actor.username,
        display_name=actor.display_name,
        administration=actor.administration_code,
        roles=sorted(actor.roles),
    )


@router.post("/users", status_code=status.HTTP_201_CREATED, responses=PROBLEMS)
def create_user(body: UserCreate, actor: AdminActor, session: SessionDep) -> UserOut:
    """Create a user of the calling admin's own administration."""
    administration = service.administration_by_code(session, actor.administration_code)
    user = service.create_user(
        session,
        username=body.username,
        display_name=body.display_name,
        password=body.password,
        roles=list(body.roles),
        administration=administration,
        created_by=actor,
        email=body.email,
    )
    return UserOut(
        id=user.id,
        username=user.username,
        display_name=user.display_name,
        administration=administration.code,
        roles=user.roles,
        email=user.email,
    )
