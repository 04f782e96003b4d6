"""GET /proposals/{id}/approved-proof.pdf: the sealed proof, for staff of a partner."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response

from app.auth.deps import CurrentActor
from app.core import etags
from app.core.db import ReadSessionDep
from app.core.http import PROBLEMS
from app.core.types import DbId
from app.signing import service
from app.storage.deps import StorageDep

router = APIRouter(prefix="/api/v1/proposals", tags=["proofs"], responses=PROBLEMS)
PDF: dict[int | str, dict[str, Any]] = {
    200: {"content": {"application/pdf": {}}, "description": "The sealed proof PDF"}
}


@router.get("/{proposal_id}/approved-proof.pdf", response_class=Response, responses=PDF)
def approved_proof(
    proposal_id: DbId,
    request: Request,
    actor: CurrentActor,
    session: ReadSessionDep,
    storage: StorageDep,
) -> Response:
    """The proof every partner approved, sealed with the service key and one signature per
    approval; 409 until the proposal is approved. ETag is the sealed PDF's SHA-256."""
    row, data = service.approved_proof(session, actor, proposal_id, storage)
    etag = f'"{row.sealed_sha256}"'
    headers = {
        "ETag": etag,
        "Cache-Control": "private, no-cache",
        "Content-Disposition": f'inline; filename="proposal-{proposal_id}-approved-proof.pdf"',
        "X-Content-Type-Options": "nosniff",
        "X-Reviewed-Proof-SHA256": row.proof_sha256,
    }
    if etags.none_match(request.headers.get("if-none-match"), etag):
        return Response(status_code=304, headers=headers)
    return Response(data, media_type="application/pdf", headers=headers)
