"""Who is calling: the bearer token resolved to an Actor, role requirements, and quotas."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends
from fastapi.security import OAuth2PasswordBearer

from app.auth import rate_limits, service
from app.auth.service import Actor
from app.core import request_context
from app.core.db import Database, get_database
from app.core.deps import get_settings
from app.core.problems import Forbidden, Unauthorized
from app.core.settings import Settings

oauth2_scheme = OAuth2PasswordBearer(tokenUrl="/api/v1/auth/token", auto_error=False)
TokenDep = Annotated[str | None, Depends(oauth2_scheme)]


async def get_token(token: TokenDep) -> str:
    if not token:
        raise Unauthorized()
    return token


BearerToken = Annotated[str, Depends(get_token)]


def get_actor(
    token: BearerToken,
    database: Annotated[Database, Depends(get_database)],
    settings: Annotated[Settings, Depends(get_settings)],
) -> Actor:
    """Resolve the token in a short read of its own, so no transaction outlives the check."""
    with database.reader() as session:
        actor = service.actor_for_token(session, token, settings.secret_key)
    request_context.identify(actor.username, actor.administration_code)
    return actor


CurrentActor = Annotated[Actor, Depends(get_actor)]


def require_role(role: str) -> Callable[[Actor], Coroutine[Any, Any, Actor]]:
    """A dependency that lets only actors with `role` through (403 otherwise)."""

    async def check(actor: CurrentActor) -> Actor:
        if not actor.has(role):
            raise Forbidden(f"This needs the {role} role")
        return actor

    return check


AdminActor = Annotated[Actor, Depends(require_role("admin"))]


@dataclass(frozen=True)
class Quota:
    """A per-user allowance of one action, spent by the route where the work really happens
    (a proof served from what is already made costs nothing), and never under a row lock."""

    database: Database
    limit: rate_limits.Limit

    def spend(self, actor: Actor) -> None:
        """Count one use by `actor`, or raise `RateLimited` (429, Retry-After)."""
        rate_limits.spend(self.database, actor.user_id, self.limit)


async def render_quota(
    database: Annotated[Database, Depends(get_database)],
    settings: Annotated[Settings, Depends(get_settings)],
) -> Quota:
    limit = rate_limits.Limit(
        rate_limits.RENDER, settings.render_limit, settings.rate_limit_window_seconds
    )
    return Quota(database, limit)


async def review_quota(
    database: Annotated[Database, Depends(get_database)],
    settings: Annotated[Settings, Depends(get_settings)],
) -> Quota:
    limit = rate_limits.Limit(
        rate_limits.REVIEW, settings.review_limit, settings.rate_limit_window_seconds
    )
    return Quota(database, limit)


def spend_review(actor: CurrentActor, quota: Annotated[Quota, Depends(review_quota)]) -> None:
    """Count a review submission before the route runs: every attempt counts, whatever
    becomes of it, and a refused one reaches neither the password check nor the proposal."""
    quota.spend(actor)


RenderQuota = Annotated[Quota, Depends(render_quota)]
ReviewQuota = Annotated[None, Depends(spend_review)]
ReviewAllowance = Annotated[Quota, Depends(review_quota)]
