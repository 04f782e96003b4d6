"""The sealed proof of an approved proposal, recorded in the approval's transaction."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String, Text
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


class SigningIdentity(Base):
    """An administration's own key and certificate, with which its approvals are signed.

    The newest unretired one signs; retired ones stay (and stay published) so that what they
    signed still verifies. The private key is kept encrypted with a key derived from the
    service secret, in the database every server of an installation shares.
    """

    __tablename__ = "signing_identities"

    id: Mapped[int] = mapped_column(primary_key=True)
    administration_id: Mapped[int] = mapped_column(
        ForeignKey("administrations.id", ondelete="CASCADE"), index=True
    )
    fingerprint: Mapped[str] = mapped_column(String(64), unique=True)
    certificate_pem: Mapped[str] = mapped_column(Text)
    # Certificates between this one and its root (PEM, leaf's issuer first); empty when
    # the certificate is self-signed.
    chain_pem: Mapped[str] = mapped_column(Text, default="")
    private_key_pem: Mapped[str] = mapped_column(Text)
    origin: Mapped[str] = mapped_column(String(20))  # "generated" or "imported"
    subject: Mapped[str] = mapped_column(String(300))
    not_before: Mapped[dt.datetime]
    not_after: Mapped[dt.datetime]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    retired_at: Mapped[dt.datetime | None] = mapped_column(default=None)
