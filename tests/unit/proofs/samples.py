"""Sample proof inputs shared by the proof-rendering tests and their subprocess check."""

from __future__ import annotations

import datetime
from pathlib import Path

from app.designs.formats import StampFormat
from app.press.conditions import condition_for
from app.proofs.render.model import ProofRequest, VariantText

REPO_ROOT = Path(__file__).resolve().parents[3]
DESIGNS_DIR = REPO_ROOT / "designs"
FORMATS_FILE = DESIGNS_DIR / "formats.json"


def palestine() -> VariantText:
    return VariantText(
        administration_code="PS",
        administration_name_en="Palestine Post",
        country_ar="فلسطين",
        country_latin="PALESTINE",
        face_value_minor=500,
        minor_per_major=1000,
        unit_ar="مل",
        unit_en="mils",
        iso4217=None,
        digits="arab",
        issue_date=datetime.date(2027, 3, 15),
        quantity=200_000,
    )


def oman() -> VariantText:
    return VariantText(
        administration_code="OM",
        administration_name_en="Oman Post",
        country_ar="عُمان",
        country_latin="OMAN",
        face_value_minor=250,
        minor_per_major=1000,
        unit_ar="بيسة",
        unit_en="baisa",
        iso4217="OMR",
        digits="arab",
        issue_date=datetime.date(2027, 3, 15),
        quantity=150_000,
    )


def make_request(
    stamp_format: StampFormat,
    artwork_path: Path | None,
    status: str = "in_review",
) -> ProofRequest:
    return ProofRequest(
        proposal_id=42,
        title_ar="التراث المشترك: القدس ومسقط",
        title_en="Shared Heritage: Jerusalem and Muscat",
        status=status,
        format=stamp_format,
        variants=(palestine(), oman()),
        artwork_path=artwork_path,
        artwork_sha256=None if artwork_path is None else "0f" * 32,
        artwork_version=None if artwork_path is None else 3,
        printing=condition_for(DESIGNS_DIR, "PS"),
    )
