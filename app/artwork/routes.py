"""HTTP routes for artwork: multipart upload (streamed), version list, original bytes."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Request, Response, status
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse

from app.artwork import preflight, service, upload
from app.artwork.schemas import ArtworkOut, PreflightOut
from app.auth.deps import CurrentActor
from app.core import etags
from app.core.db import DatabaseDep, ReadSessionDep
from app.core.deps import DesignsDirDep, SettingsDep
from app.core.http import PROBLEMS
from app.core.types import DbId
from app.designs.formats import stamp_format
from app.flows import artwork_upload as uploading
from app.proposals import service as proposals
from app.storage.deps import StorageDep

router = APIRouter(prefix="/api/v1/proposals", tags=["artwork"], responses=PROBLEMS)
EXTENSIONS = {"image/png": "png", "image/jpeg": "jpg", "image/tiff": "tif"}


UPLOAD_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {"file": {"type": "string", "format": "binary"}},
                }
            }
        },
    }
}


@router.post(
    "/{proposal_id}/artwork",
    status_code=status.HTTP_201_CREATED,
    openapi_extra=UPLOAD_BODY,
    responses={
        200: {"description": "Identical bytes were uploaded before"},
        413: {"description": "Too large"},
        415: {"description": "Not an accepted image format"},
    },
)
async def upload_artwork(
    proposal_id: DbId,
    request: Request,
    actor: CurrentActor,
    database: DatabaseDep,
    storage: StorageDep,
    settings: SettingsDep,
    designs: DesignsDirDep,
    response: Response,
) -> ArtworkOut:
    """Add an artwork version to a draft (TIFF, PNG or JPEG, decided by content).

    Who may upload is settled before the body is read, in a read of its own; the body then
    streams to a staging file with no transaction open, and validation, storage and the
    database row follow off the event loop in one write transaction.
    """

    await run_in_threadpool(uploading.check_allowed, database, actor, proposal_id)
    staged = await upload.receive_file(request, storage, settings.max_upload_bytes)

    def record() -> tuple[ArtworkOut, int, bool]:
        with database.transaction() as session:
            version, created = uploading.record(
                session,
                actor,
                proposal_id,
                staged,
                storage,
                max_pixels=settings.max_image_pixels,
                designs_dir=designs,
            )
            return ArtworkOut.model_validate(version), version.version, created

    try:
        out, number, created = await run_in_threadpool(record)
    finally:
        staged.path.unlink(missing_ok=True)
    if not created:
        response.status_code = status.HTTP_200_OK
    response.headers["Location"] = f"/api/v1/proposals/{proposal_id}/artwork/{number}"
    return out


@router.get("/{proposal_id}/artwork")
def list_artwork(
    proposal_id: DbId, actor: CurrentActor, session: ReadSessionDep
) -> list[ArtworkOut]:
    proposal = proposals.get(session, actor, proposal_id)
    return [ArtworkOut.model_validate(v) for v in service.list_versions(session, proposal.id)]


@router.get(
    "/{proposal_id}/artwork/{version}",
    response_class=FileResponse,
    responses={200: {"content": {"image/png": {}, "image/jpeg": {}, "image/tiff": {}}}},
)
def download_artwork(
    proposal_id: DbId,
    version: DbId,
    actor: CurrentActor,
    session: ReadSessionDep,
    storage: StorageDep,
) -> FileResponse:
    """The original bytes as uploaded, as an attachment that browsers will not sniff."""
    proposal = proposals.get(session, actor, proposal_id)
    row = service.get_version(session, proposal.id, version)
    name = f"proposal-{proposal.id}-artwork-v{row.version}.{EXTENSIONS[row.media_type]}"
    return FileResponse(
        storage.local_path(service.storage_key(row)),
        media_type=row.media_type,
        filename=name,
        headers={"X-Content-Type-Options": "nosniff", "ETag": f'"{row.sha256}"'},
    )


@router.get("/{proposal_id}/artwork/{version}/preflight")
def artwork_preflight(
    proposal_id: DbId,
    version: DbId,
    actor: CurrentActor,
    session: ReadSessionDep,
    designs: DesignsDirDep,
) -> PreflightOut:
    """The print preflight of one version, judged against the proposal's current format."""
    proposal = proposals.get(session, actor, proposal_id)
    row = service.get_version(session, proposal.id, version)
    report = service.report_for(row, preflight.Target.of(stamp_format(designs, proposal.format)))
    return PreflightOut.model_validate({"version": row.version, "sha256": row.sha256, **report})


@router.get(
    "/{proposal_id}/artwork/{version}/preview.png",
    response_class=Response,
    responses={200: {"content": {"image/png": {}}}, 304: {"description": "Not modified"}},
)
def artwork_preview(
    proposal_id: DbId,
    version: DbId,
    request: Request,
    actor: CurrentActor,
    session: ReadSessionDep,
    storage: StorageDep,
    size: Literal["thumb", "preview"] = "preview",
) -> Response:
    """An sRGB PNG preview with no metadata, cached by content (the original stays private)."""
    proposal = proposals.get(session, actor, proposal_id)
    row = service.get_version(session, proposal.id, version)
    etag = f'"{row.sha256}-{size}"'
    headers = {
        "ETag": etag,
        "Cache-Control": "private, max-age=86400, immutable",
        "X-Content-Type-Options": "nosniff",
    }
    if etags.none_match(request.headers.get("if-none-match"), etag):
        return Response(status_code=304, headers=headers)
    return Response(
        service.preview_bytes(storage, row, size), media_type="image/png", headers=headers
    )
