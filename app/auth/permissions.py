"""Role checks made after the resource is found, so non-partners see 404 before any 403."""

from __future__ import annotations

from app.auth.service import Actor
from app.core.problems import Forbidden


def require(actor: Actor, role: str) -> None:
    if not actor.has(role):
        raise Forbidden(f"This needs the {role} role")
