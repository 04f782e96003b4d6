"""Public view of an administration, shaped as the API contract names it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import BaseModel

if TYPE_CHECKING:
    from app.administrations.models import Administration


class Bilingual(BaseModel):
    ar: str
    en: str


class Inscription(BaseModel):
    ar: str
    latin: str


class Unit(BaseModel):
    name: Bilingual
    minor_per_major: int
    iso4217: str | None


class AdministrationOut(BaseModel):
    code: str
    name: Bilingual
    inscription: Inscription
    unit: Unit
    digits: str
    time_zone: str

    @classmethod
    def of(cls, row: Administration) -> AdministrationOut:
        return cls(
            code=row.code,
            name=Bilingual(ar=row.name_ar, en=row.name_en),
            inscription=Inscription(ar=row.inscription_ar, latin=row.inscription_latin),
            unit=Unit(
                name=Bilingual(ar=row.unit_name_ar, en=row.unit_name_en),
                minor_per_major=row.minor_per_major,
                iso4217=row.iso4217,
            ),
            digits=row.digits,
            time_zone=row.time_zone,
        )
