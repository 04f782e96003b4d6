"""The public catalogue entry: only fields that belong to an issued stamp."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from app.core.text import Line, Paragraph
from app.core.types import IsoDate

ProductKind = Literal["sheet", "sheetlet", "miniature-sheet", "booklet", "first-day-cover"]
PRODUCT_KINDS: tuple[str, ...] = ProductKind.__args__  # type: ignore[attr-defined]  # Literal's members
CorrectableField = Literal[
    "title_ar",
    "title_en",
    "description_ar",
    "description_en",
    "printer",
    "printing_process",
    "designer",
    "quantity",
    "perforation",
    "first_day_place_ar",
    "first_day_place_en",
]


class Bilingual(BaseModel):
    ar: str
    en: str


class Unit(BaseModel):
    name: Bilingual
    minor_per_major: int
    iso4217: str | None


class FaceValue(BaseModel):
    minor: int
    unit: Unit


class SizeMM(BaseModel):
    width: float
    height: float


class PerforationOut(BaseModel):
    kind: str
    horizontal: float | None
    vertical: float | None


class ThemeOut(BaseModel):
    slug: str
    name: Bilingual
    group: str
    group_name: Bilingual


class References(BaseModel):
    """Numbers other catalogues give the stamp, entered by hand."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"michel": "1234", "scott": "567", "sg": "890"}]},
    )

    michel: Line | None = Field(default=None, max_length=30)
    scott: Line | None = Field(default=None, max_length=30)
    sg: Line | None = Field(default=None, max_length=30)
    yvert: Line | None = Field(default=None, max_length=30)


class Images(BaseModel):
    thumb: str
    preview: str
    full: str


class EntryOut(BaseModel):
    number: str
    wns_number: str | None
    administration: str
    issue_date: dt.date
    withdrawn_on: dt.date | None
    year: int
    title: Bilingual
    subject: Bilingual
    description: Bilingual
    theme: str
    theme_detail: ThemeOut
    inscription: dict[str, str]
    face_value: FaceValue
    size_mm: SizeMM
    perforation: str
    perforation_detail: PerforationOut
    printing_process: str
    printer: str
    designer: str
    first_day_place: Bilingual
    quantity: int
    format: str
    references: References
    joint_issue_kind: str
    joint_with: list[str]
    artwork_sha256: str
    images: Images


class ProductOut(BaseModel):
    kind: str
    title: Bilingual
    quantity: int | None
    price_minor: int | None
    stamps: dict[str, int]  # number → how many of that stamp the product holds


class ErratumOut(BaseModel):
    noted_on: dt.date
    field: str
    old_value: str
    new_value: str
    reason: Bilingual


class EntryDetail(EntryOut):
    products: list[ProductOut]
    errata: list[ErratumOut]


class EntryPage(BaseModel):
    items: list[EntryOut]
    next_cursor: str | None = Field(default=None)


class BilingualIn(BaseModel):
    """A short bilingual text as sent: one visible line in each language."""

    model_config = ConfigDict(extra="forbid")

    ar: Line = Field(max_length=300)
    en: Line = Field(max_length=300)


class ReasonIn(BaseModel):
    """Why a correction was made, in both languages; line breaks allowed."""

    model_config = ConfigDict(extra="forbid")

    ar: Paragraph = Field(max_length=2000)
    en: Paragraph = Field(max_length=2000)


class ProductIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: ProductKind
    stamps_per_product: int = Field(default=1, ge=1, le=500)
    quantity: int | None = Field(default=None, ge=1)
    title: BilingualIn | None = None


class IssueIn(BaseModel):
    """What the issuing administration adds to the approved design (all optional)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "first_day_place": {"ar": "مسقط", "en": "Muscat"},
                    "printer": "Cartor Security Printing",
                    "printing_process": "Offset lithography",
                    "designer": "Studio of Oman Post",
                    "perforation": "13¾ × 14",
                    "products": [{"kind": "sheet", "stamps_per_product": 20}],
                }
            ]
        },
    )

    issue_date: IsoDate | None = None
    first_day_place: BilingualIn | None = None
    printer: Line = Field(default="", max_length=200)
    printing_process: Line = Field(default="", max_length=100)
    designer: Line = Field(default="", max_length=200)
    perforation: Line | None = Field(default=None, max_length=30, examples=["13¾ × 14"])
    products: list[ProductIn] | None = Field(default=None, max_length=10)


class WithdrawalIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"withdrawn_on": "2028-12-31"}]}
    )

    withdrawn_on: IsoDate


class ErratumIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "field": "printer",
                    "value": "Cartor Security Printing",
                    "reason": {
                        "ar": "اسم المطبعة كُتب خطأً في الإصدار.",
                        "en": "The printer's name was misspelt at issue.",
                    },
                }
            ]
        },
    )

    field: CorrectableField
    value: Paragraph = Field(max_length=2000)
    reason: ReasonIn
    noted_on: IsoDate | None = None

    @model_validator(mode="after")
    def _one_line_unless_description(self) -> ErratumIn:
        """Only a description holds line breaks; every other corrected field is one line."""
        if "\n" in self.value and not self.field.startswith("description"):
            raise ValueError(f"value: {self.field} is one line and may not hold a line break")
        return self


class AnnouncementIn(BaseModel):
    """Whether the administration announces its scheduled stamp on the upcoming list."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"announced": True}]})

    announced: bool


class AnnouncementOut(BaseModel):
    number: str
    announced: bool
    public_from: dt.datetime  # when the stamp becomes public (00:00 of its day, local time)


class ScheduledOut(EntryOut):
    """A scheduled stamp as the staff of its partners see it, with its release instant."""

    public_from: dt.datetime
    announced: bool


class UpcomingOut(BaseModel):
    """An announced issue to come: its titles, day of issue and the administrations that
    announced it, and nothing more (no image, description or face value before the day)."""

    title: Bilingual
    issue_date: dt.date
    administrations: list[str]
