"""Plain, immutable inputs for proof rendering.

The renderer must not depend on ORM models or request schemas, so callers translate
their data into these frozen dataclasses; equal inputs then give byte-identical PDFs.
"""

from __future__ import annotations

import datetime
import pathlib
from dataclasses import dataclass

from app.designs.formats import StampFormat
from app.press.conditions import PrintingCondition


@dataclass(frozen=True)
class VariantText:
    administration_code: str  # "PS"
    administration_name_en: str  # "Palestine Post"
    country_ar: str  # "فلسطين"
    country_latin: str  # "PALESTINE"
    face_value_minor: int  # 500
    minor_per_major: int  # 1000
    unit_ar: str  # "مل"
    unit_en: str  # "mils"
    iso4217: str | None  # None / "OMR"
    digits: str  # "arab" (Eastern Arabic digits in Arabic text) or "latin"
    issue_date: datetime.date
    quantity: int


@dataclass(frozen=True)
class Publication:
    """Everything issuing copies into the public catalogue that the proof's pages do not
    already show in full: part of the proof's inputs, so changing any of it makes a new proof
    (and a new hash to approve), and attached to the review proof as its publication record."""

    title_ar: str
    title_en: str
    description_ar: str
    description_en: str
    theme: str
    joint_kind: str
    format: str
    width_mm: float
    height_mm: float
    # Per partner, in the proposal's order: (code, face value in minor units, quantity, date).
    partners: tuple[tuple[str, int, int, datetime.date], ...]

    def record(self) -> dict[str, object]:
        """The record as JSON values, the same for equal publications."""
        return {
            "title": {"ar": self.title_ar, "en": self.title_en},
            "description": {"ar": self.description_ar, "en": self.description_en},
            "theme": self.theme,
            "joint_kind": self.joint_kind,
            "format": self.format,
            "size_mm": [self.width_mm, self.height_mm],
            "partners": [
                {
                    "administration": code,
                    "face_value_minor": value,
                    "quantity": quantity,
                    "issue_date": day.isoformat(),
                }
                for code, value, quantity, day in self.partners
            ],
        }


APPROVED_FOR_PRINT = "approved for print"
"""The meaning of a sign-off on the review proof (what the signer declared)."""

RELEASED_STATUSES = frozenset({"approved", "issued"})
"""Statuses whose proofs are final: no "not for print" mark, sign-offs listed."""


@dataclass(frozen=True)
class SignOff:
    """One partner's approval as the approved proof lists it: who, for whom, when, and what."""

    name: str  # the approver's display name
    administration_code: str  # "PS"
    administration_name_en: str  # "Palestine Post"
    administration_name_ar: str  # "بريد فلسطين"
    time: datetime.datetime  # aware, UTC
    meaning: str = APPROVED_FOR_PRINT

    def __post_init__(self) -> None:
        if self.time.tzinfo is None or self.time.utcoffset() != datetime.timedelta(0):
            raise ValueError("a sign-off time must be an aware UTC datetime")


@dataclass(frozen=True)
class ProofRequest:
    proposal_id: int
    title_ar: str
    title_en: str
    status: str  # "draft", "in_review", "approved", ...
    format: StampFormat
    variants: tuple[VariantText, ...]
    artwork_path: pathlib.Path | None  # PNG/JPEG/TIFF; None => labelled placeholder
    artwork_sha256: str | None
    artwork_version: int | None
    only: str | None = None  # administration code: draw only that variant's pages
    signoffs: tuple[SignOff, ...] = ()  # printed once the status is approved or issued
    printing: PrintingCondition | None = None  # the press PDF's output intent (press only)
    publication: Publication | None = None  # attached to the review proof as its record

    @property
    def released(self) -> bool:
        """Approved or issued: the proof is final (no watermark; sign-offs are listed)."""
        return self.status in RELEASED_STATUSES

    @property
    def pages(self) -> tuple[VariantText, ...]:
        """The variants that get pages: every variant, or just ``only`` (partners still named)."""
        if self.only is None:
            return self.variants
        return tuple(v for v in self.variants if v.administration_code == self.only)
