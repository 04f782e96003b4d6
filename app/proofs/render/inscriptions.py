"""Wording of stamp inscriptions and proof captions for each variant.

Keeps the text rules (digit style, units, joint-issue phrasing, partner order) apart
from drawing so they can be reviewed and tested as plain strings.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.proofs.render.model import VariantText
from app.proofs.render.text import localise_digits

EN_DASH = "\u2013"
TIMES = "\u00d7"
JOINT_ISSUE_AR = "إصدار مشترك"
JOINT_ISSUE_EN = "joint issue"
_LOWERCASE_WORDS = frozenset({"of", "the", "and", "de", "du", "la", "al"})


@dataclass(frozen=True)
class StampInscriptions:
    country_ar: str
    country_latin: str
    value_ar: str
    value_latin: str
    year: str  # Latin digits, for English text
    joint_ar: str
    joint_en: str
    year_local: str = ""  # the year in the variant's digits (Eastern Arabic or Latin)

    def text_for(self, role: str) -> str:
        """The text of a stamp inscription zone's role (see ``model.STAMP_ROLES``)."""
        if role == "year":
            return self.year_local or self.year
        text: str = getattr(self, role)
        return text


def english_name(country_latin: str) -> str:
    """ "PALESTINE" -> "Palestine", "SULTANATE OF OMAN" -> "Sultanate of Oman"."""
    words = country_latin.split()
    return " ".join(
        word.lower() if index and word.lower() in _LOWERCASE_WORDS else word.capitalize()
        for index, word in enumerate(words)
    )


def partners_in_order(variant: VariantText, variants: tuple[VariantText, ...]) -> list[VariantText]:
    """The variant's own administration first, then the partners in request order."""
    others = [item for item in variants if item.administration_code != variant.administration_code]
    return [variant, *others]


def face_value_latin(variant: VariantText) -> str:
    return f"{variant.face_value_minor} {variant.unit_en}"


def face_value_arabic(variant: VariantText) -> str:
    return f"{localise_digits(str(variant.face_value_minor), variant.digits)} {variant.unit_ar}"


def major_amount(variant: VariantText) -> str | None:
    """Face value in the major currency unit with ISO code, e.g. "0.500 OMR"."""
    if variant.iso4217 is None:
        return None
    per_major = variant.minor_per_major
    decimals = len(str(per_major)) - 1 if str(per_major).strip("0") == "1" else 2
    major, minor = divmod(variant.face_value_minor, per_major)
    if decimals == 0:
        return f"{major} {variant.iso4217}"
    fraction = round(minor * 10**decimals / per_major)
    return f"{major}.{fraction:0{decimals}d} {variant.iso4217}"


def stamp_inscriptions(
    variant: VariantText, variants: tuple[VariantText, ...]
) -> StampInscriptions:
    partners = partners_in_order(variant, variants)
    names_ar = " - ".join(item.country_ar for item in partners)
    names_en = f" {EN_DASH} ".join(english_name(item.country_latin) for item in partners)
    return StampInscriptions(
        country_ar=variant.country_ar,
        country_latin=variant.country_latin,
        value_ar=face_value_arabic(variant),
        value_latin=face_value_latin(variant),
        year=str(variant.issue_date.year),
        joint_ar=f"{JOINT_ISSUE_AR} {names_ar}" if len(partners) > 1 else JOINT_ISSUE_AR,
        joint_en=f"{names_en} {JOINT_ISSUE_EN}" if len(partners) > 1 else "Joint issue",
        year_local=localise_digits(str(variant.issue_date.year), variant.digits),
    )
