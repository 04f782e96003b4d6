"""The public catalogue: entries written at issue time, never joined back to proposals.

An entry is public from its `public_from` instant (the embargo, `release.py`). Entries are
never deleted. A withdrawal dates the entry and keeps it public; a correction is an
erratum (date, reason, old and new value) kept beside the entry and shown on its page. The
search index is not in this metadata: the migration builds it per backend (an FTS5 table on
SQLite, a GIN expression index on PostgreSQL) over `search_text`; see `search.py`.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.base import Base, utcnow


class JointIssue(Base):
    """The link between the partner entries of one joint issue (or one administration's issue)."""

    __tablename__ = "joint_issues"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int | None] = mapped_column(ForeignKey("proposals.id"), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    entries: Mapped[list[CatalogueEntry]] = relationship(
        lazy="raise", order_by="CatalogueEntry.id", back_populates="joint_issue"
    )


class NumberSequence(Base):
    """The last number given per administration and year; updated under a row lock."""

    __tablename__ = "number_sequences"

    administration_code: Mapped[str] = mapped_column(String(2), primary_key=True)
    year: Mapped[int] = mapped_column(primary_key=True)
    last_seq: Mapped[int] = mapped_column(default=0)


class CatalogueRevision(Base):
    """One counter bumped by every catalogue write: pages and exports are cached per revision."""

    __tablename__ = "catalogue_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    value: Mapped[int] = mapped_column(default=0)


class CatalogueEntry(Base):
    """An issued stamp as the public sees it: a snapshot taken when it was issued."""

    __tablename__ = "catalogue_entries"
    __table_args__ = (
        UniqueConstraint("administration_code", "year", "seq"),
        Index("ix_catalogue_entries_date_id", "issue_date", "id"),
        Index("ix_catalogue_entries_admin_date_id", "administration_code", "issue_date", "id"),
        Index("ix_catalogue_entries_created_id", "created_at", "id"),
        Index("ix_catalogue_entries_public_from_id", "public_from", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(20), unique=True)
    wns_number: Mapped[str | None] = mapped_column(String(20))
    administration_code: Mapped[str] = mapped_column(String(2))
    year: Mapped[int]
    seq: Mapped[int]
    joint_issue_id: Mapped[int | None] = mapped_column(ForeignKey("joint_issues.id"), index=True)
    is_joint: Mapped[bool] = mapped_column(default=False)
    issue_date: Mapped[dt.date] = mapped_column(index=True)
    withdrawn_on: Mapped[dt.date | None]
    title_ar: Mapped[str] = mapped_column(String(300))
    title_en: Mapped[str] = mapped_column(String(300))
    description_ar: Mapped[str] = mapped_column(Text, default="")
    description_en: Mapped[str] = mapped_column(Text, default="")
    theme: Mapped[str] = mapped_column(String(100), index=True)
    theme_group: Mapped[str] = mapped_column(String(100), index=True, default="")
    inscription_ar: Mapped[str] = mapped_column(String(100), default="")
    inscription_latin: Mapped[str] = mapped_column(String(100), default="")
    face_value_minor: Mapped[int]
    unit_name_ar: Mapped[str] = mapped_column(String(50))
    unit_name_en: Mapped[str] = mapped_column(String(50))
    minor_per_major: Mapped[int]
    iso4217: Mapped[str | None] = mapped_column(String(3))
    width_mm: Mapped[float]
    height_mm: Mapped[float]
    perforation: Mapped[str] = mapped_column(String(30))
    perforation_kind: Mapped[str] = mapped_column(String(20), default="comb")
    perforation_h: Mapped[float | None]
    perforation_v: Mapped[float | None]
    printing_process: Mapped[str] = mapped_column(String(100), default="")
    printer: Mapped[str] = mapped_column(String(200), default="")
    designer: Mapped[str] = mapped_column(String(200), default="")
    first_day_place_ar: Mapped[str] = mapped_column(String(200), default="")
    first_day_place_en: Mapped[str] = mapped_column(String(200), default="")
    quantity: Mapped[int]
    format: Mapped[str] = mapped_column(String(100))
    ref_michel: Mapped[str | None] = mapped_column(String(30))
    ref_scott: Mapped[str | None] = mapped_column(String(30))
    ref_sg: Mapped[str | None] = mapped_column(String(30))
    ref_yvert: Mapped[str | None] = mapped_column(String(30))
    artwork_sha256: Mapped[str] = mapped_column(String(64))
    proof_sha256: Mapped[str] = mapped_column(String(64))
    search_text: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    # The embargo (`release.py`): public from this instant, 00:00 of the issue date in the
    # administration's zone (or when issued, if later). Before it, only partners' staff see it.
    public_from: Mapped[dt.datetime]
    # The administration announces the scheduled stamp: its titles and date on the upcoming list.
    announced: Mapped[bool] = mapped_column(default=False)

    joint_issue: Mapped[JointIssue | None] = relationship(lazy="raise", back_populates="entries")


class Product(Base):
    """A sheet, sheetlet, miniature sheet, booklet or first-day cover: no number of its own."""

    __tablename__ = "catalogue_products"

    id: Mapped[int] = mapped_column(primary_key=True)
    administration_code: Mapped[str] = mapped_column(String(2))
    joint_issue_id: Mapped[int | None] = mapped_column(ForeignKey("joint_issues.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    title_ar: Mapped[str] = mapped_column(String(300), default="")
    title_en: Mapped[str] = mapped_column(String(300), default="")
    quantity: Mapped[int | None]
    price_minor: Mapped[int | None]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class ProductItem(Base):
    """How many of one stamp a product holds (a 5 × 4 sheet holds 20)."""

    __tablename__ = "catalogue_product_items"

    product_id: Mapped[int] = mapped_column(ForeignKey("catalogue_products.id"), primary_key=True)
    entry_id: Mapped[int] = mapped_column(
        ForeignKey("catalogue_entries.id"), primary_key=True, index=True
    )
    count: Mapped[int] = mapped_column(default=1)


class Erratum(Base):
    """A dated correction of a published entry, with its reason; the entry shows every one."""

    __tablename__ = "catalogue_errata"

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("catalogue_entries.id"), index=True)
    noted_on: Mapped[dt.date]
    field: Mapped[str] = mapped_column(String(50))
    old_value: Mapped[str] = mapped_column(Text)
    new_value: Mapped[str] = mapped_column(Text)
    reason_ar: Mapped[str] = mapped_column(Text, default="")
    reason_en: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
