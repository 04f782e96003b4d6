"""Joint-issue proposals and their per-partner variants."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.administrations.models import Administration
from app.core.base import Base, utcnow


class Proposal(Base):
    """A joint issue in the making; `version` is the optimistic lock and the ETag."""

    __tablename__ = "proposals"

    id: Mapped[int] = mapped_column(primary_key=True)
    title_ar: Mapped[str] = mapped_column(String(300))
    title_en: Mapped[str] = mapped_column(String(300))
    description_ar: Mapped[str] = mapped_column(Text, default="")
    description_en: Mapped[str] = mapped_column(Text, default="")
    theme: Mapped[str] = mapped_column(String(100))
    format: Mapped[str] = mapped_column(String(100))
    joint_kind: Mapped[str] = mapped_column(String(20))
    planned_issue_date: Mapped[dt.date]
    status: Mapped[str] = mapped_column(String(20), index=True, default="draft")
    review_round: Mapped[int] = mapped_column(default=0)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(nullable=False)

    variants: Mapped[list[Variant]] = relationship(
        lazy="raise",
        order_by="Variant.position",
        cascade="all, delete-orphan",
        back_populates="proposal",
    )

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - SQLAlchemy's own idiom


class Variant(Base):
    """One partner's version of the joint stamp: its face value, quantity and date."""

    __tablename__ = "variants"
    __table_args__ = (UniqueConstraint("proposal_id", "administration_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"))
    administration_id: Mapped[int] = mapped_column(ForeignKey("administrations.id"), index=True)
    position: Mapped[int]
    face_value_minor: Mapped[int]
    quantity: Mapped[int]
    issue_date: Mapped[dt.date]
    digits: Mapped[str | None] = mapped_column(String(10))

    proposal: Mapped[Proposal] = relationship(lazy="raise", back_populates="variants")
    administration: Mapped[Administration] = relationship(lazy="raise")
