"""Approvers' decisions, each bound to the proof the approver saw."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.core.base import Base, utcnow


class Review(Base):
    """One administration's decision in one review round (the unique key arbitrates races)."""

    __tablename__ = "reviews"
    __table_args__ = (UniqueConstraint("proposal_id", "administration_id", "review_round"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"))
    administration_id: Mapped[int] = mapped_column(ForeignKey("administrations.id"))
    review_round: Mapped[int]
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    decision: Mapped[str] = mapped_column(String(20))
    proof_sha256: Mapped[str] = mapped_column(String(64))
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
