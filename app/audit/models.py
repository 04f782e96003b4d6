"""Audit events: append-only and hash-chained per stream, so tampering shows; and the signed
checkpoints of the chains' heads, so a chain cut short or rewritten whole shows too."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.core.base import Base


class AuditEvent(Base):
    """One state change or sign-off; (stream, seq) is unique, so two writers cannot fork a chain."""

    __tablename__ = "audit_events"
    __table_args__ = (UniqueConstraint("stream", "seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    stream: Mapped[str] = mapped_column(String(64))
    seq: Mapped[int]
    proposal_id: Mapped[int | None] = mapped_column(
        ForeignKey("proposals.id", ondelete="RESTRICT"), index=True
    )
    kind: Mapped[str] = mapped_column(String(50))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    actor: Mapped[str] = mapped_column(String(64))
    at: Mapped[dt.datetime]
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditCheckpoint(Base):
    """The service's signed statement that a stream held `count` events ending in `head_hash`.

    `statement` is the exact canonical JSON that was signed, kept as text so that what is
    handed to a partner is byte for byte what the key signed; the other columns repeat it
    for queries. One per (stream, count): the count names one event, and one transaction.
    """

    __tablename__ = "audit_checkpoints"
    __table_args__ = (UniqueConstraint("stream", "count"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    stream: Mapped[str] = mapped_column(String(64))
    count: Mapped[int]
    proposal_id: Mapped[int | None] = mapped_column(
        ForeignKey("proposals.id", ondelete="RESTRICT"), index=True
    )
    head_hash: Mapped[str] = mapped_column(String(64))
    at: Mapped[dt.datetime]
    statement: Mapped[str] = mapped_column(Text)
    signature: Mapped[str] = mapped_column(Text)
