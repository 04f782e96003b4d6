"""Stamp formats (`designs/formats.json`) as plain values every domain may use.

Proposals check a format key, artwork preflight needs its printed area, proofs draw it and
the catalogue records its size: one module owns the values so none of them has to ask
another domain. The file format itself is read by `app.designs.format_file`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

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


@lru_cache
def formats(designs_dir: Path) -> dict[str, StampFormat]:
    """Stamp formats from `designs/formats.json`, read once per process."""
    from app.designs.format_file import load_formats

    return load_formats(designs_dir / "formats.json")


def is_known(designs_dir: Path, key: str) -> bool:
    return key in formats(designs_dir)


def stamp_format(designs_dir: Path, key: str) -> StampFormat:
    """The format named ``key``; a 422 naming the field for a key the designs do not have."""
    from app.core.problems import Unprocessable  # the web layer, only when a key is wrong

    try:
        return formats(designs_dir)[key]
    except KeyError:
        raise Unprocessable(f"Unknown stamp format {key!r}", field="format") from None
