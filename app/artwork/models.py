"""Artwork versions: immutable uploads, named by their SHA-256."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.core.base import Base, utcnow


class ArtworkVersion(Base):
    """One uploaded image with the properties measured when it arrived."""

    __tablename__ = "artwork_versions"
    __table_args__ = (
        UniqueConstraint("proposal_id", "version"),
        UniqueConstraint("proposal_id", "sha256"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"))
    version: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    media_type: Mapped[str] = mapped_column(String(50))
    size_bytes: Mapped[int]
    width_px: Mapped[int]
    height_px: Mapped[int]
    ppi: Mapped[float]
    mode: Mapped[str] = mapped_column(String(20))
    icc_profile: Mapped[bool]
    file_format: Mapped[str] = mapped_column(String(10), server_default="PNG")
    bit_depth: Mapped[int] = mapped_column(server_default="8")
    icc_name: Mapped[str | None] = mapped_column(String(200))
    preflight: Mapped[dict[str, Any]] = mapped_column(JSON, server_default="{}")

    @property
    def preflight_status(self) -> str:
        return str(self.preflight.get("status", "pass"))

    uploaded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
