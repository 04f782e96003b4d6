"""An approver's decision as sent and as returned."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from app.core.text import Paragraph

Decision = Literal["approve", "request_changes", "reject"]
REASON_REQUIRED = frozenset({"request_changes", "reject"})


class ReviewIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "decision": "approve",
                    "proof_sha256": "9f2c" * 16,
                    "comment": "Colours and inscriptions checked against the press proof.",
                    "password": "the approver's own password",
                }
            ]
        },
    )

    decision: Decision
    proof_sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    comment: Paragraph = Field(default="", max_length=5000)
    password: str = Field(
        min_length=1,
        max_length=200,
        description="The approver's password again: a sign-off is re-authenticated",
    )

    @field_validator("comment")
    @classmethod
    def _reason_given(cls, comment: str, info: ValidationInfo) -> str:
        """Changes requested or a rejection must say why: the designers act on the reason."""
        decision = info.data.get("decision")
        if decision in REASON_REQUIRED and not comment.strip():
            raise PydanticCustomError(
                "reason_required",
                "a reason is required to {decision}: say what must change",
                {"decision": decision.replace("_", " ")},
            )
        return comment


class ReviewOut(BaseModel):
    id: int
    proposal_id: int
    administration: str
    reviewer: str
    decision: str
    proof_sha256: str
    comment: str
    review_round: int
    created_at: dt.datetime
    proposal_status: str


class ReviewRead(BaseModel):
    """A decision as any partner's staff read it back (the reason included)."""

    id: int
    administration: str
    reviewer: str
    reviewer_name: str
    decision: str
    proof_sha256: str
    comment: str
    review_round: int
    created_at: dt.datetime
    lapsed: bool = Field(
        default=False,
        description="The approver is no longer an active approver of that administration, "
        "so this approval stopped counting while the proposal was in review",
    )
