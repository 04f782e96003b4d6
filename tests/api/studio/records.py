"""Everything the database holds, to show that a refused form changed nothing at all.

A refusal that leaves the proposal's status alone but records a comment, a review, a read
mark or a revoked session is still a change; so the tests compare every row of every table.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.base import Base

Snapshot = dict[str, list[tuple[str, ...]]]


def snapshot(db: Session) -> Snapshot:
    """Every row of every table of the application, as text, in a stable order."""
    db.expire_all()
    found: Snapshot = {}
    for table in Base.metadata.sorted_tables:
        rows = db.execute(select(table)).all()
        found[table.name] = sorted(tuple(str(value) for value in row) for row in rows)
    return found


def changed(before: Snapshot, after: Snapshot) -> list[str]:
    """The tables whose rows differ (empty when nothing changed)."""
    return sorted(
        name for name in before.keys() | after.keys() if before.get(name) != after.get(name)
    )
