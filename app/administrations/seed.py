"""Load administrations from `designs/administrations.json`: data, not code, and idempotent."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, BaseModel, Field, TypeAdapter

from app.administrations.schemas import Bilingual, Inscription

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


def _known_zone(name: str) -> str:
    """An IANA zone name this machine knows (the system's zones or the tzdata package)."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown time zone {name!r}") from exc
    return name


TimeZoneName = Annotated[str, AfterValidator(_known_zone)]


class UnitIn(BaseModel):
    name: Bilingual
    minor_per_major: int = Field(gt=0)
    iso4217: str | None = Field(default=None, pattern=r"^[A-Z]{3}$")


class AdministrationIn(BaseModel):
    code: str = Field(pattern=r"^[A-Z]{2}$")
    name: Bilingual
    inscription: Inscription
    unit: UnitIn
    digits: str = Field(default="arab", pattern=r"^(arab|latin)$")
    time_zone: TimeZoneName = "UTC"


def read(path: Path) -> list[AdministrationIn]:
    adapter = TypeAdapter(list[AdministrationIn])
    return adapter.validate_python(json.loads(path.read_text(encoding="utf-8")))


def load(session: Session, path: Path) -> int:
    """Insert or update every administration in the file; returns how many were written."""
    # Imported here: reading the file (offline proofs) needs no database.
    from sqlalchemy import select

    from app.administrations.models import Administration

    existing = {a.code: a for a in session.scalars(select(Administration))}
    items = read(path)
    for item in items:
        row = existing.get(item.code) or Administration(code=item.code)
        row.name_ar, row.name_en = item.name.ar, item.name.en
        row.inscription_ar, row.inscription_latin = item.inscription.ar, item.inscription.latin
        row.unit_name_ar, row.unit_name_en = item.unit.name.ar, item.unit.name.en
        row.minor_per_major, row.iso4217 = item.unit.minor_per_major, item.unit.iso4217
        row.digits = item.digits
        row.time_zone = item.time_zone
        session.add(row)
    session.flush()
    return len(items)
