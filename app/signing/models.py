"""The sealed proof of an approved proposal, recorded in the approval's transaction."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.core.base import Base, utcnow


class SealedProof(Base):
    """One per proposal: the reviewed proof it seals and the sealed PDF's own hash."""

    __tablename__ = "sealed_proofs"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposals.id", ondelete="CASCADE"), unique=True
    )
    proof_sha256: Mapped[str] = mapped_column(String(64))
    sealed_sha256: Mapped[str] = mapped_column(String(64))
    size_bytes: Mapped[int]
    signatures: Mapped[int]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
