"""Proposal payloads: what a design team sends and what staff read back."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from app.core.text import Line, Paragraph
from app.core.types import IsoDate

JointKind = Literal["twin", "se-tenant", "concerted", "parallel"]
MAX_MINOR = 10**9


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Title(Strict):
    ar: Line = Field(min_length=1, max_length=300)
    en: Line = Field(min_length=1, max_length=300)


class Description(Strict):
    ar: Paragraph = Field(default="", max_length=5000)
    en: Paragraph = Field(default="", max_length=5000)


class VariantIn(Strict):
    administration: str = Field(pattern=r"^[A-Za-z]{2}$")
    face_value_minor: int = Field(gt=0, le=MAX_MINOR)
    quantity: int = Field(gt=0, le=MAX_MINOR)
    issue_date: IsoDate | None = None
    digits: Literal["arab", "latin"] | None = Field(
        default=None,
        description="Digits of the Arabic inscriptions; the administration's choice by default",
    )

    @field_validator("administration")
    @classmethod
    def _upper(cls, value: str) -> str:
        return value.upper()


def _distinct_partners(variants: list[VariantIn]) -> list[VariantIn]:
    codes = [v.administration for v in variants]
    if len(set(codes)) != len(codes):
        raise ValueError("each partner administration may have only one variant")
    return variants


class ProposalCreate(Strict):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "title": {
                        "ar": "إصدار مشترك فلسطين - عُمان",
                        "en": "Palestine - Oman Joint Issue",
                    },
                    "description": {
                        "ar": "غصن الزيتون وحمامة السلام فوق ألوان العَلَمين.",
                        "en": "An olive branch and a dove of peace over both flags.",
                    },
                    "theme": "postal-cooperation",
                    "format": "standard-40x30",
                    "joint_kind": "twin",
                    "planned_issue_date": "2027-03-01",
                    "variants": [
                        {"administration": "PS", "face_value_minor": 500, "quantity": 100000},
                        {"administration": "OM", "face_value_minor": 100, "quantity": 100000},
                    ],
                }
            ]
        }
    )

    title: Title
    description: Description = Field(default_factory=Description)
    theme: str = Field(min_length=1, max_length=100, pattern=r"^[a-z0-9][a-z0-9-]*$")
    format: Line = Field(min_length=1, max_length=100)
    joint_kind: JointKind
    planned_issue_date: IsoDate
    variants: list[VariantIn] = Field(min_length=2, max_length=10)

    _check_variants = field_validator("variants")(_distinct_partners)


class ProposalUpdate(Strict):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "title": {"ar": "إصدار مشترك: السلام", "en": "Joint Issue: Peace"},
                    "planned_issue_date": "2027-04-01",
                }
            ]
        }
    )

    title: Title | None = None
    description: Description | None = None
    theme: str | None = Field(default=None, min_length=1, max_length=100, pattern=r"^[a-z0-9-]+$")
    format: Line | None = Field(default=None, min_length=1, max_length=100)
    joint_kind: JointKind | None = None
    planned_issue_date: IsoDate | None = None
    variants: list[VariantIn] | None = Field(default=None, min_length=2, max_length=10)

    @field_validator("variants")
    @classmethod
    def _check_variants(cls, value: list[VariantIn] | None) -> list[VariantIn] | None:
        return None if value is None else _distinct_partners(value)


class VariantOut(BaseModel):
    administration: str
    face_value_minor: int
    quantity: int
    issue_date: dt.date
    digits: str | None


class ApprovalOut(BaseModel):
    """A partner's decision with its reason: what the designers answer."""

    administration: str
    reviewer: str
    decision: str
    proof_sha256: str
    comment: str
    review_round: int
    at: dt.datetime
    lapsed: bool = Field(
        default=False,
        description="The approver is no longer an active approver of that administration, "
        "so this approval stopped counting while the proposal was in review",
    )


class ProposalOut(BaseModel):
    id: int
    status: str
    version: int
    review_round: int
    title: Title
    description: Description
    theme: str
    format: str
    joint_kind: str
    planned_issue_date: dt.date
    variants: list[VariantOut]
    artwork_version: int | None
    created_by: str
    created_at: dt.datetime
    updated_at: dt.datetime
    reviews: list[ApprovalOut]  # the current review round
    review_history: list[ApprovalOut]  # every decision of every round, oldest first


class ProposalSummary(BaseModel):
    id: int
    status: str
    title: Title
    partners: list[str]
    updated_at: dt.datetime
