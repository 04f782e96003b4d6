"""Catalogue entries written straight into the test's transaction (no workflow needed)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.catalogue import numbering, release, service
from app.catalogue.models import CatalogueEntry, JointIssue, Product, ProductItem
from app.core.base import utcnow
from app.core.settings import PROJECT_ROOT
from app.designs.themes import ThemeList, load

# The catalogue's clock in tests (`Settings.catalogue_now`): after every issue date the tests
# use, so a test sees the stamps it issues; the embargo tests move it (test_embargo.py).
LATER = dt.datetime(2100, 1, 1, tzinfo=dt.UTC)
ZONES = {"PS": "Asia/Hebron", "OM": "Asia/Muscat", "EG": "Africa/Cairo"}
UNITS = {
    "PS": ("مل", "mils", None),
    "OM": ("بيسة", "baisa", "OMR"),
    "EG": ("قرش", "piastres", "EGP"),
}
COUNTRY = {
    "PS": ("فلسطين", "PALESTINE"),
    "OM": ("سلطنة عُمان", "SULTANATE OF OMAN"),
    "EG": ("مصر", "EGYPT"),
}


def themes() -> ThemeList:
    return load(PROJECT_ROOT / "designs" / "themes.json")


def add(
    db: Session,
    code: str,
    date: str,
    title_ar: str,
    title_en: str,
    *,
    theme: str = "heritage",
    value: int = 500,
    joint_with: CatalogueEntry | None = None,
    product: str | None = None,
    **extra: Any,
) -> CatalogueEntry:
    """One issued entry, numbered in sequence, indexed for search, committed to the savepoint."""
    day = dt.date.fromisoformat(date)
    seq = numbering.allocate(db, code, day.year)
    joint_id = joint_with.joint_issue_id if joint_with else None
    if joint_with is not None and joint_id is None:
        joint = JointIssue(proposal_id=None, kind="twin")
        db.add(joint)
        db.flush()
        joint_id = joint_with.joint_issue_id = joint.id
        joint_with.is_joint = True
    unit_ar, unit_en, iso = UNITS[code]
    entry = CatalogueEntry(
        number=numbering.format_number(code, seq, day.year),
        administration_code=code,
        year=day.year,
        seq=seq,
        joint_issue_id=joint_id,
        is_joint=joint_id is not None,
        issue_date=day,
        title_ar=title_ar,
        title_en=title_en,
        description_ar="",
        description_en="",
        theme=theme,
        theme_group=themes().group_of(theme),
        inscription_ar=COUNTRY[code][0],
        inscription_latin=COUNTRY[code][1],
        face_value_minor=value,
        unit_name_ar=unit_ar,
        unit_name_en=unit_en,
        minor_per_major=1000,
        iso4217=iso,
        width_mm=40,
        height_mm=30,
        perforation="13½",
        perforation_h=13.5,
        perforation_v=13.5,
        quantity=100_000,
        format="standard-40x30",
        artwork_sha256="",
        proof_sha256="",
        **{"public_from": release.public_from(day, ZONES[code], utcnow()), **extra},
    )
    entry.search_text = service.search_document(entry, themes())
    db.add(entry)
    db.flush()
    if product:
        item = Product(administration_code=code, kind=product, title_ar="", title_en="")
        db.add(item)
        db.flush()
        db.add(ProductItem(product_id=item.id, entry_id=entry.id, count=1))
    service.bump_revision(db)
    db.commit()
    return entry


def numbers(db: Session) -> set[str]:
    return set(db.scalars(select(CatalogueEntry.number)))
