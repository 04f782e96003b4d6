"""Users, their API tokens, failed password checks (for throttling) and rate-limit hits."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.administrations.models import Administration
from app.core.base import Base, utcnow


class User(Base):
    """A person of one administration, with the roles they may act in."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254))
    administration_id: Mapped[int] = mapped_column(ForeignKey("administrations.id"), index=True)
    roles: Mapped[list[str]] = mapped_column(JSON)
    password_hash: Mapped[str] = mapped_column(String(255))
    is_active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    administration: Mapped[Administration] = relationship(lazy="raise")


class ApiToken(Base):
    """A bearer token, stored only as its keyed hash; expires and can be revoked."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[dt.datetime]
    revoked_at: Mapped[dt.datetime | None]


class AuthFailure(Base):
    """One failed password check, by account name and by client address."""

    __tablename__ = "auth_failures"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), index=True)
    client: Mapped[str] = mapped_column(String(64), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)


class RateHit(Base):
    """One counted use of a limited action (a proof render, a review) by a user.

    Kept in the database so every server process counts the same hits; a user's hits older
    than the window are deleted whenever that user spends again (see `app.auth.rate_limits`).
    """

    __tablename__ = "rate_hits"
    __table_args__ = (Index("ix_rate_hits_user_id_action_at", "user_id", "action", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    action: Mapped[str] = mapped_column(String(16))
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
