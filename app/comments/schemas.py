"""Comment payloads: a body in either language, an optional pin, threads as read back."""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Annotated, Self

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from app.core.text import Paragraph

MAX_BODY = 5000


def _readable(value: str) -> str:
    """NFC-normalised, and not empty once trimmed (`Paragraph` refused invisible characters)."""
    text = unicodedata.normalize("NFC", value).strip()
    if not text:
        raise ValueError("the text is empty")
    return text


CommentText = Annotated[
    Paragraph, Field(min_length=1, max_length=MAX_BODY), AfterValidator(_readable)
]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Pin(Strict):
    """A rectangle on one page of one proof, in fractions of the page from its top-left."""

    proof_sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    page: int = Field(ge=1, le=10_000, description="1 for the first page")
    x: float = Field(ge=0, le=1)
    y: float = Field(ge=0, le=1)
    w: float = Field(gt=0, le=1)
    h: float = Field(gt=0, le=1)

    @model_validator(mode="after")
    def _inside_page(self) -> Self:
        if self.x + self.w > 1 + 1e-9 or self.y + self.h > 1 + 1e-9:
            raise ValueError("the rectangle must lie inside the page")
        return self


class CommentIn(Strict):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "body": "The dove's wing touches the perforation; move it 2 mm left.",
                    "pin": {
                        "proof_sha256": "9f2c" * 16,
                        "page": 1,
                        "x": 0.25,
                        "y": 0.3,
                        "w": 0.2,
                        "h": 0.1,
                    },
                }
            ]
        }
    )

    body: CommentText
    pin: Pin | None = None


class ReplyIn(Strict):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"body": "Moved in artwork version 3."}]}
    )

    body: CommentText


class Resolution(BaseModel):
    by: str
    at: dt.datetime


class ReplyOut(BaseModel):
    id: int
    body: str
    author: str
    author_name: str
    administration: str
    created_at: dt.datetime


class CommentOut(ReplyOut):
    review_round: int
    pin: Pin | None
    resolved: Resolution | None
    replies: list[ReplyOut]
