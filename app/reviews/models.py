"""Approvers' decisions, each bound to the proof the approver saw."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from app.core.base import Base, utcnow

STANDING = text("superseded_at IS NULL")


class Review(Base):
    """One administration's decision in one review round.

    The unique index over the decisions that stand arbitrates races: two approvers of one
    administration cannot both decide a round. A decision is superseded (kept, never deleted)
    when the person who gave it is no longer an active approver of that administration while
    the proposal is still in review; another approver may then decide in the same round.
    """

    __tablename__ = "reviews"
    __table_args__ = (
        Index(
            "uq_reviews_standing_decision",
            "proposal_id",
            "administration_id",
            "review_round",
            unique=True,
            sqlite_where=STANDING,
            postgresql_where=STANDING,
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"))
    administration_id: Mapped[int] = mapped_column(ForeignKey("administrations.id"))
    review_round: Mapped[int]
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    decision: Mapped[str] = mapped_column(String(20))
    proof_sha256: Mapped[str] = mapped_column(String(64))
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    superseded_at: Mapped[dt.datetime | None]
