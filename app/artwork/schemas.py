"""Artwork version as the API shows it."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict


class ArtworkOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    version: int
    sha256: str
    media_type: str
    size_bytes: int
    width_px: int
    height_px: int
    ppi: float
    mode: str
    icc_profile: bool
    icc_name: str | None
    file_format: str
    bit_depth: int
    preflight_status: str
    created_at: dt.datetime


class CheckOut(BaseModel):
    code: str
    status: Literal["pass", "warn", "fail"]
    message_ar: str
    message_en: str
    value: str


class SizeOut(BaseModel):
    width: float
    height: float


class PreflightOut(BaseModel):
    version: int
    sha256: str
    status: Literal["pass", "warn", "fail"]
    format: str
    size_mm: SizeOut
    checks: list[CheckOut]
