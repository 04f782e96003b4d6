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
