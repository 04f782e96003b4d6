"""Reading administrations: by code for validation, all of them for the public list."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.administrations.models import Administration


def list_all(session: Session) -> list[Administration]:
    return list(session.scalars(select(Administration).order_by(Administration.code)))


def by_codes(session: Session, codes: Iterable[str]) -> dict[str, Administration]:
    """The administrations among `codes` that exist, keyed by code."""
    wanted = {c.upper() for c in codes}
    rows = session.scalars(select(Administration).where(Administration.code.in_(wanted)))
    return {row.code: row for row in rows}
