"""Audit events as staff read them, with the links of the hash chain."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict


class AuditEventOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    seq: int
    kind: str
    actor: str
    at: dt.datetime
    data: dict[str, Any]
    prev_hash: str
    hash: str


class CheckpointStatement(BaseModel):
    """What the service signed: a stream held `count` events, the last hashing to `head_hash`.

    Every field is plain text or a number, so the statement comes back out exactly as it was
    signed (its canonical JSON is what the signature covers)."""

    kind: str
    version: int
    stream: str
    count: int
    head_hash: str
    at: str
    reason: str
    certificate_sha256: str


class SignedCheckpoint(BaseModel):
    statement: CheckpointStatement
    signature: str  # base64 of the DER ECDSA signature


class CheckpointDocument(BaseModel):
    """The checkpoints a partner keeps, to check the service's audit trail against later."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "format": "joint-stamp-studio/audit-checkpoints",
                    "version": 1,
                    "scope": "administration:OM",
                    "exported_at": "2027-02-01T09:30:00+00:00",
                    "algorithm": (
                        "ECDSA P-256 with SHA-256 over the canonical JSON of the statement"
                    ),
                    "checkpoints": [
                        {
                            "statement": {
                                "kind": "audit-checkpoint",
                                "version": 1,
                                "stream": "proposal:7",
                                "count": 3,
                                "head_hash": "9c1f" + "0" * 60,
                                "at": "2027-01-20T10:02:11.514233+00:00",
                                "reason": "transition",
                                "certificate_sha256": "4be2" + "0" * 60,
                            },
                            "signature": "MEUCIQD...",
                        }
                    ],
                }
            ]
        }
    )

    format: str
    version: int
    scope: str
    exported_at: str
    algorithm: str
    checkpoints: list[SignedCheckpoint]
