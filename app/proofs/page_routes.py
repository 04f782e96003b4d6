"""Proof pages for the browser: page images, page geometry, and the proof of each round.

The same authorization as proof downloads: the proposal is loaded through the partner-scoped
query (404 for non-partners), and only a proof rendered for that proposal is served.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Path, Query, Request, Response
from pydantic import BaseModel

from app.auth.deps import CurrentActor, RenderQuota
from app.core import etags
from app.core.db import ReadSessionDep
from app.core.deps import DesignsDirDep
from app.core.http import PROBLEMS
from app.core.problems import Unprocessable
from app.core.types import DbId
from app.proofs import pages, service, viewer
from app.proposals import service as proposals
from app.storage.deps import StorageDep

router = APIRouter(prefix="/api/v1/proposals", tags=["proofs"], responses=PROBLEMS)
Sha256 = Path(pattern=r"^[0-9a-f]{64}$")
PNG: dict[int | str, dict[str, Any]] = {
    200: {"content": {"image/png": {}}, "description": "The page as PNG"}
}


class ProofPages(BaseModel):
    proof_sha256: str
    kind: str
    pages: list[pages.PageGeometry]


class ReviewRound(BaseModel):
    review_round: int
    proof_sha256: str
    submitted_at: dt.datetime
    submitted_by: str


@router.get("/{proposal_id}/proofs/{sha256}/pages")
def proof_pages(
    proposal_id: DbId,
    actor: CurrentActor,
    session: ReadSessionDep,
    storage: StorageDep,
    designs: DesignsDirDep,
    sha256: str = Sha256,
) -> ProofPages:
    """Each page's size in mm and its stamps' trim, bleed and safe boxes (page fractions)."""
    proposal = proposals.get(session, actor, proposal_id)
    kind, found = viewer.geometry(session, storage, designs, proposal, sha256)
    return ProofPages(proof_sha256=sha256, kind=kind, pages=found)


@router.get(
    "/{proposal_id}/proofs/{sha256}/pages/{number}.png", response_class=Response, responses=PNG
)
def proof_page_image(
    proposal_id: DbId,
    number: DbId,
    request: Request,
    actor: CurrentActor,
    session: ReadSessionDep,
    storage: StorageDep,
    quota: RenderQuota,
    sha256: str = Sha256,
    dpi: int = Query(default=pages.DEFAULT_DPI, description="48, 96, 144 or 192"),
) -> Response:
    """One page of a proof as PNG; a proof never changes, so the image may be kept.

    Rendering a page not yet made spends the caller's render quota; a kept one does not."""
    if dpi not in pages.RESOLUTIONS:
        raise Unprocessable(f"dpi must be one of {pages.RESOLUTIONS}", field="dpi")
    proposal = proposals.get(session, actor, proposal_id)
    service.stored_proof_of(session, proposal.id, sha256)
    etag = f'"{sha256}-{number}-{dpi}"'
    headers = {"ETag": etag, "Cache-Control": "private, max-age=86400, immutable"}
    if etags.none_match(request.headers.get("if-none-match"), etag):
        return Response(status_code=304, headers=headers)
    data = pages.page_png(storage, sha256, number, dpi, before_render=lambda: quota.spend(actor))
    return Response(data, media_type="image/png", headers=headers)


@router.get("/{proposal_id}/rounds")
def review_rounds(
    proposal_id: DbId, actor: CurrentActor, session: ReadSessionDep
) -> list[ReviewRound]:
    """Every review round's proof, oldest first: what each submission sent for review."""
    proposal = proposals.get(session, actor, proposal_id)
    return [
        ReviewRound(
            review_round=r.review_round,
            proof_sha256=r.proof_sha256,
            submitted_at=r.submitted_at,
            submitted_by=r.submitted_by,
        )
        for r in viewer.rounds(session, proposal.id)
    ]
