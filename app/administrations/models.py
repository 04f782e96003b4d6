"""Postal administrations: who issues stamps, in which country name and which unit."""

from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from app.core.base import Base


class Administration(Base):
    """A postal operator; seeded from `designs/administrations.json`, never hard-coded."""

    __tablename__ = "administrations"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(2), unique=True)
    name_ar: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    inscription_ar: Mapped[str] = mapped_column(String(200))
    inscription_latin: Mapped[str] = mapped_column(String(200))
    unit_name_ar: Mapped[str] = mapped_column(String(50))
    unit_name_en: Mapped[str] = mapped_column(String(50))
    minor_per_major: Mapped[int]
    iso4217: Mapped[str | None] = mapped_column(String(3))
    digits: Mapped[str] = mapped_column(String(10), default="arab")
    # The IANA zone its days begin in: a stamp becomes public at 00:00 of its issue date there.
    time_zone: Mapped[str] = mapped_column(String(64), default="UTC")
