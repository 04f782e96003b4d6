"""GET /administrations/{code}/audit/checkpoints: the signed chain heads a partner keeps.

An admin of a partner administration downloads the checkpoints of its proposals now and
then; `stamps audit verify --against FILE` later tells whether the service still holds what
was signed (nothing cut from the end of a chain, nothing rewritten).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from app.audit.schemas import CheckpointDocument
from app.auth.deps import CurrentActor
from app.core.db import ReadSessionDep
from app.core.http import PROBLEMS
from app.flows import audit_checkpoints

router = APIRouter(prefix="/api/v1/administrations", tags=["audit"], responses=PROBLEMS)
Code = Annotated[str, Path(pattern=r"^[A-Za-z]{2}$", examples=["OM"])]


@router.get("/{code}/audit/checkpoints")
def audit_checkpoints_of(
    code: Code, actor: CurrentActor, session: ReadSessionDep
) -> CheckpointDocument:
    """Every signed checkpoint of the proposals this administration is partner of (its admins
    only): keep the file, and check the service against it later."""
    document = audit_checkpoints.for_administration(session, actor, code)
    return CheckpointDocument.model_validate(document)
