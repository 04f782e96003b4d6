"""Plain, immutable inputs for proof rendering.

The renderer must not depend on ORM models or request schemas, so callers translate
their data into these frozen dataclasses; equal inputs then give byte-identical PDFs.
"""

from __future__ import annotations

import datetime
import pathlib
from dataclasses import dataclass

from app.press.conditions import PrintingCondition

CMYK = tuple[float, float, float, float]

STAMP_ROLES = frozenset(
    {"country_ar", "country_latin", "value_ar", "value_latin", "year", "joint_ar", "joint_en"}
)
"""What a stamp inscription zone may hold."""

SHEET_ROLES = frozenset(
    {
        "title_ar",
        "title_en",
        "joint_ar",
        "joint_en",
        "year",
        "sheet_value_ar",
        "sheet_value_latin",
        "administration",
    }
)
"""What a marginal (selvage) inscription zone may hold."""


@dataclass(frozen=True)
class InscriptionZone:
    """A box for one inscription, in mm from the top-left corner of the trim (y downwards).

    The text is fitted to the box width (shrunk to no less than 60 % of ``size_pt``) and
    set on a baseline that centres it vertically in the box.
    """

    role: str  # one of STAMP_ROLES (stamp zones) or SHEET_ROLES (sheet margin zones)
    x_mm: float
    y_mm: float
    width_mm: float
    height_mm: float
    size_pt: float
    cmyk: CMYK
    align: str = "center"  # "left", "right" or "center"
    weight: str = "bold"  # "bold" or "regular"


@dataclass(frozen=True)
class Panel:
    """A tinted backdrop behind inscriptions (same coordinates as a zone; may enter the bleed)."""

    x_mm: float
    y_mm: float
    width_mm: float
    height_mm: float
    cmyk: CMYK
    opacity: float = 1.0


@dataclass(frozen=True)
class StampFormat:
    key: str  # "standard-40x30"
    label_ar: str
    label_en: str
    width_mm: float
    height_mm: float
    bleed_mm: float
    safe_mm: float
    perforation: float  # gauge: teeth per 2 cm
    sheet_columns: int
    sheet_rows: int
    sheet_gutter_mm: float = 0.0
    corner: str = "hole"  # perforation at the corners: "hole" (comb) or "tooth"
    zones: tuple[InscriptionZone, ...] = ()  # empty: the default layout for the size
    panels: tuple[Panel, ...] | None = None  # None: the default bands behind the zones
    sheet_kind: str = "counter"  # "counter" (post-office sheet) or "souvenir" (miniature)
    sheet_selvage_mm: tuple[float, float, float, float] = (12.0, 16.0, 12.0, 12.0)  # l, t, r, b
    sheet_texts: tuple[InscriptionZone, ...] = ()  # empty: the default marginal inscriptions
    sheet_marks: bool = True  # colour patches, plate numbers and register target in the selvage
    sheet_background: CMYK | None = None  # tint of the whole sheet behind the stamps


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
