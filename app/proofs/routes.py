"""HTTP routes for proofs: the review proof of every variant, and per-kind proofs.

A repeated request is answered from a read-only session: one query for the proposal's
cheap key, then the stored file streamed as it is. Only a new key takes the write
session, which renders (or finds by fingerprint) and stores the proof; that path, and only
that one, spends the caller's render quota (before the write session locks anything).
"""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import FileResponse

from app.auth import service as auth
from app.auth.deps import BearerToken, Quota, RenderQuota
from app.core import etags
from app.core.db import Database, DatabaseDep
from app.core.http import PROBLEMS
from app.core.settings import Settings
from app.core.types import DbId
from app.proofs import service
from app.proposals import service as proposals
from app.storage.base import Storage
from app.storage.deps import storage_of

READ_WHOLE_BELOW = 1024 * 1024  # bytes; larger proofs are streamed from their file
router = APIRouter(prefix="/api/v1/proposals", tags=["proofs"], responses=PROBLEMS)
PDF: dict[int | str, dict[str, Any]] = {
    200: {"content": {"application/pdf": {}}, "description": "The proof PDF"}
}


def _pdf(request: Request, storage: Storage, proof: service.StoredProof, name: str) -> Response:
    """The PDF with its hash as ETag (304 when the client has it).

    Small files are read in one call on the worker thread already serving the request;
    large ones (press PDFs with full-resolution artwork) are streamed from the file so
    they never sit in memory whole.
    """
    etag = f'"{proof.sha256}"'
    headers = {
        "ETag": etag,
        "Cache-Control": "private, no-cache",
        "Content-Disposition": f'inline; filename="{name}"',
        "X-Content-Type-Options": "nosniff",
    }
    if etags.none_match(request.headers.get("if-none-match"), etag):
        return Response(status_code=304, headers=headers)
    path = service.proof_path(storage, proof.sha256)
    if proof.size_bytes <= READ_WHOLE_BELOW:
        return Response(path.read_bytes(), media_type="application/pdf", headers=headers)
    return FileResponse(
        path, media_type="application/pdf", headers=headers, stat_result=path.stat()
    )


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def _stored(storage: Storage, proof: service.StoredProof | None) -> bool:
    return proof is not None and service.proof_path(storage, proof.sha256).is_file()


def _serve(
    request: Request,
    database: Database,
    token: str,
    quota: Quota,
    proposal_id: DbId,
    kind: str,
    administration: str | None,
) -> Response:
    """The stored proof for the key read now; rendered (in a write session) only when new.

    The caller is resolved here, in the same read as the proof's key, rather than by the
    ``CurrentActor`` dependency: a repeated request then costs one short read transaction
    and one trip to the thread pool, and no write transaction.
    """
    storage = storage_of(request)
    secret_key = _settings(request).secret_key
    with database.reader() as read:
        actor = auth.actor_for_token(read, token, secret_key)
        key = service.proof_key(read, actor, proposal_id, kind, administration)
    recent: service.RecentProofs = request.app.state.recent_proofs
    proof = recent.get(key)
    if proof is None or not _stored(storage, proof):
        quota.spend(actor)
        designs = _settings(request).designs_dir
        with database.transaction() as session:
            proposal = proposals.get(session, actor, proposal_id)
            key = service.proof_key(session, actor, proposal_id, kind, administration)
            if administration is None:
                found = service.current_review_proof(session, proposal, storage, designs)
            else:
                found = service.current_kind_proof(
                    session, proposal, storage, designs, kind, administration
                )
            proof = service.StoredProof.of(found)
        recent.remember(key, proof)
    suffix = "proof" if administration is None else f"{administration}-{kind}"
    return _pdf(request, storage, proof, f"proposal-{proposal_id}-{suffix}.pdf")


@router.get("/{proposal_id}/proof.pdf", response_class=Response, responses=PDF)
def review_proof(
    proposal_id: DbId,
    request: Request,
    token: BearerToken,
    database: DatabaseDep,
    quota: RenderQuota,
) -> Response:
    """The proof approvers review: every variant of the joint issue; ETag is its SHA-256."""
    return _serve(request, database, token, quota, proposal_id, "review", None)


@router.get("/{proposal_id}/proofs/{kind}.pdf", response_class=Response, responses=PDF)
def kind_proof(
    proposal_id: DbId,
    kind: Literal["stamp", "sheet", "press"],
    request: Request,
    token: BearerToken,
    database: DatabaseDep,
    quota: RenderQuota,
    administration: str = Query(pattern=r"^[A-Za-z]{2}$"),
) -> Response:
    """One partner's stamp, sheet or press proof."""
    return _serve(request, database, token, quota, proposal_id, kind, administration.upper())
