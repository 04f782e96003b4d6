"""HTTP routes for tokens, the current user, and the users of the admin's administration."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request, Response, status

from app.auth import service
from app.auth.deps import AdminActor, CurrentActor, get_token
from app.auth.models import User
from app.auth.schemas import MeOut, TokenOut, UserChange, UserCreate, UserOut
from app.auth.service import AccountChange
from app.core.db import DatabaseDep, ReadSessionDep, SessionDep
from app.core.deps import get_settings
from app.core.http import client_address
from app.core.problems import PROBLEM_JSON
from app.core.settings import Settings
from app.core.text import Line
from app.core.types import DbId
from app.flows import people

router = APIRouter(prefix="/api/v1", tags=["auth"])
SettingsDep = Annotated[Settings, Depends(get_settings)]
PROBLEMS: dict[int | str, dict[str, Any]] = {
    401: {"content": {PROBLEM_JSON: {}}, "description": "Not authenticated"},
    429: {"content": {PROBLEM_JSON: {}}, "description": "Too many failed attempts"},
}
CHANGE_PROBLEMS: dict[int | str, dict[str, Any]] = {
    **PROBLEMS,
    403: {"content": {PROBLEM_JSON: {}}, "description": "Not an administrator"},
    404: {"content": {PROBLEM_JSON: {}}, "description": "No such user in your administration"},
    409: {"content": {PROBLEM_JSON: {}}, "description": "The last active administrator"},
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
    return _out(user, administration.code)


def _out(user: User, code: str) -> UserOut:
    return UserOut(
        id=user.id,
        username=user.username,
        display_name=user.display_name,
        administration=code,
        roles=user.roles,
        email=user.email,
        is_active=user.is_active,
    )


@router.get("/users", responses=PROBLEMS)
def list_users(actor: AdminActor, session: ReadSessionDep) -> list[UserOut]:
    """The users of the calling admin's own administration, active or not."""
    return [
        _out(u, actor.administration_code)
        for u in service.users_of(session, actor.administration_id)
    ]


@router.patch("/users/{user_id}", responses=CHANGE_PROBLEMS)
def change_user(user_id: DbId, body: UserChange, actor: AdminActor, session: SessionDep) -> UserOut:
    """Deactivate, reactivate or change the roles of a user of the admin's own administration
    (404 for anyone else's). Takes effect at once; the last active admin stays (409)."""
    user = service.user_of(session, actor, user_id, for_update=True)
    change = AccountChange(
        is_active=body.is_active, roles=tuple(body.roles) if body.roles is not None else None
    )
    outcome = people.change(session, user, change, by=actor)
    return _out(outcome.user, actor.administration_code)
