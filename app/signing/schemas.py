"""An administration's signing identity as the API shows it (never its private key)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel

from app.signing.models import SigningIdentity


class SigningIdentityOut(BaseModel):
    administration: str
    fingerprint: str
    subject: str
    origin: Literal["generated", "imported"]
    status: Literal["current", "retired"]
    not_before: dt.datetime
    not_after: dt.datetime
    created_at: dt.datetime
    retired_at: dt.datetime | None

    @classmethod
    def of(cls, row: SigningIdentity, administration: str) -> SigningIdentityOut:
        return cls(
            administration=administration,
            fingerprint=row.fingerprint,
            subject=row.subject,
            origin="imported" if row.origin == "imported" else "generated",
            status="retired" if row.retired_at else "current",
            not_before=row.not_before,
            not_after=row.not_after,
            created_at=row.created_at,
            retired_at=row.retired_at,
        )
