"""Comments on a proposal, optionally pinned to a rectangle of one page of one proof.

A pin names the proof by its SHA-256, so a comment stays attached to the exact pages the
approver saw even after new artwork makes another proof current. Rectangles are fractions of
the page (0..1 from the top-left corner), so they hold at any zoom or rendering resolution.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Float, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.core.base import Base, utcnow


class Comment(Base):
    """One comment; a reply has a parent (always the thread's first comment) and no pin."""

    __tablename__ = "comments"
    __table_args__ = (
        CheckConstraint(
            "(proof_sha256 IS NULL) = (page IS NULL)"
            " AND (page IS NULL) = (x IS NULL) AND (x IS NULL) = (y IS NULL)"
            " AND (y IS NULL) = (w IS NULL) AND (w IS NULL) = (h IS NULL)",
            name="pin_complete",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposals.id", ondelete="CASCADE"), index=True
    )
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("comments.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    administration_id: Mapped[int] = mapped_column(ForeignKey("administrations.id"))
    review_round: Mapped[int]
    body: Mapped[str] = mapped_column(Text)
    proof_sha256: Mapped[str | None] = mapped_column(String(64))
    page: Mapped[int | None]
    x: Mapped[float | None] = mapped_column(Float)
    y: Mapped[float | None] = mapped_column(Float)
    w: Mapped[float | None] = mapped_column(Float)
    h: Mapped[float | None] = mapped_column(Float)
    resolved_at: Mapped[dt.datetime | None]
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
