"""What the studio's pages show and offer: proof pages as images, proof PDFs, the sealed proof,
artwork previews and difference images. Each is loaded through the partner-scoped query,
as the API's own routes are, so a non-partner gets 404 for every one."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response

from app.artwork import differences
from app.artwork import service as artwork
from app.auth.deps import RenderQuota
from app.core import etags
from app.core.db import ReadSessionDep
from app.core.problems import Unprocessable
from app.core.types import DbId
from app.proofs import pages
from app.proofs import service as proofs
from app.proposals import service as proposals
from app.signing import service as signing
from app.storage.deps import StorageDep
from app.studio.deps import StudioActor

router = APIRouter(prefix="/studio/proposals", include_in_schema=False)
Sha256 = Path(pattern=r"^[0-9a-f]{64}$")
KEEP = "private, max-age=86400, immutable"


def _kept(request: Request, etag: str, media_type: str, make: bytes | None = None) -> Response:
    headers = {"ETag": etag, "Cache-Control": KEEP}
    if etags.none_match(request.headers.get("if-none-match"), etag) or make is None:
        return Response(status_code=304, headers=headers)
    return Response(make, media_type=media_type, headers=headers)


@router.get("/{proposal_id}/proofs/{sha256}/pages/{number}.png")
def proof_page(
    proposal_id: DbId,
    number: DbId,
    request: Request,
    actor: StudioActor,
    session: ReadSessionDep,
    storage: StorageDep,
    quota: RenderQuota,
    sha256: str = Sha256,
    dpi: int = Query(default=pages.DEFAULT_DPI),
) -> Response:
    if dpi not in pages.RESOLUTIONS:
        raise Unprocessable(f"dpi must be one of {pages.RESOLUTIONS}", field="dpi")
    proposal = proposals.get(session, actor, proposal_id)
    proofs.stored_proof_of(session, proposal.id, sha256)
    etag = f'"{sha256}-{number}-{dpi}"'
    if etags.none_match(request.headers.get("if-none-match"), etag):
        return _kept(request, etag, "image/png")
    return _kept(
        request,
        etag,
        "image/png",
        pages.page_png(storage, sha256, number, dpi, before_render=lambda: quota.spend(actor)),
    )


@router.get("/{proposal_id}/proofs/{sha256}.pdf")
def proof_pdf(
    proposal_id: DbId,
    request: Request,
    actor: StudioActor,
    session: ReadSessionDep,
    storage: StorageDep,
    sha256: str = Sha256,
) -> Response:
    proposal = proposals.get(session, actor, proposal_id)
    proof = proofs.stored_proof_of(session, proposal.id, sha256)
    response = _kept(request, f'"{sha256}"', "application/pdf", proofs.read_pdf(storage, proof))
    response.headers["Content-Disposition"] = (
        f'inline; filename="proposal-{proposal_id}-proof-{sha256[:12]}.pdf"'
    )
    return response


@router.get("/{proposal_id}/approved-proof.pdf")
def approved_proof(
    proposal_id: DbId, actor: StudioActor, session: ReadSessionDep, storage: StorageDep
) -> Response:
    """The sealed proof, signed by every partner's approval (409 page until approved)."""
    row, data = signing.approved_proof(session, actor, proposal_id, storage)
    return Response(
        data,
        media_type="application/pdf",
        headers={
            "ETag": f'"{row.sealed_sha256}"',
            "Cache-Control": "private, no-cache",
            "Content-Disposition": (
                f'attachment; filename="proposal-{proposal_id}-approved-proof.pdf"'
            ),
        },
    )


@router.get("/{proposal_id}/artwork/{version}/preview.png")
def artwork_preview(
    proposal_id: DbId,
    version: DbId,
    request: Request,
    actor: StudioActor,
    session: ReadSessionDep,
    storage: StorageDep,
    size: Literal["thumb", "preview"] = "preview",
) -> Response:
    proposal = proposals.get(session, actor, proposal_id)
    row = artwork.get_version(session, proposal.id, version)
    etag = f'"{row.sha256}-{size}"'
    if etags.none_match(request.headers.get("if-none-match"), etag):
        return _kept(request, etag, "image/png")
    return _kept(request, etag, "image/png", artwork.preview_bytes(storage, row, size))


@router.get("/{proposal_id}/artwork/{version}/difference.png")
def difference(
    proposal_id: DbId,
    version: DbId,
    request: Request,
    actor: StudioActor,
    session: ReadSessionDep,
    storage: StorageDep,
    against: int | None = Query(default=None, ge=1, le=2_147_483_647),
) -> Response:
    newer, older = differences.pair(session, actor, proposal_id, version, against)
    etag = f'"{newer.sha256[:32]}-{older.sha256[:32]}"'
    return _kept(request, etag, "image/png", differences.image(storage, newer, older))
