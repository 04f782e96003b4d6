"""Artwork in the studio: upload a version (streamed, with the page's progress bar) and compare
version N with an earlier one, side by side and as a difference, with the two rounds' proofs."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from app.artwork import differences, upload
from app.core.db import DatabaseDep, ReadSessionDep
from app.core.deps import SettingsDep
from app.core.problems import AppError
from app.core.types import DbId
from app.flows import artwork_upload as uploading
from app.notifications import service as notifications
from app.proofs import viewer
from app.proposals import service as proposals
from app.storage.deps import StorageDep
from app.studio import forms, rendering
from app.studio.deps import Csrf, StudioActor
from app.studio.proposal_routes import show

router = APIRouter(prefix="/studio/proposals", include_in_schema=False)


@router.post("/{proposal_id}/artwork", dependencies=[Csrf])
async def upload_artwork(
    proposal_id: DbId,
    request: Request,
    actor: StudioActor,
    database: DatabaseDep,
    storage: StorageDep,
    settings: SettingsDep,
) -> Response:
    """The API's upload steps; the page's script asks for JSON to follow the progress."""
    wants_json = "application/json" in request.headers.get("accept", "")
    lang = rendering.language(request)
    try:
        await run_in_threadpool(uploading.check_allowed, database, actor, proposal_id)
        staged = await upload.receive_file(request, storage, settings.max_upload_bytes)

        def record() -> int:
            with database.transaction() as session:
                version, _created = uploading.record(
                    session,
                    actor,
                    proposal_id,
                    staged,
                    storage,
                    max_pixels=settings.max_image_pixels,
                    designs_dir=settings.designs_dir,
                )
                return version.version

        try:
            await run_in_threadpool(record)
        finally:
            staged.path.unlink(missing_ok=True)
    except AppError as refused:
        message = forms.problem_text(lang, refused)
        if wants_json:
            return JSONResponse({"error": message}, refused.status, headers=refused.headers)
        return await rendering.threaded(
            show,
            request,
            settings,
            database,
            actor,
            proposal_id,
            storage,
            status_code=refused.status,
            errors={"artwork": message},
        )
    target = f"/studio/proposals/{proposal_id}?done=uploaded#artwork"
    if wants_json:
        return JSONResponse({"location": target})
    return RedirectResponse(target, 303)


@router.get("/{proposal_id}/compare")
def compare(
    proposal_id: DbId,
    request: Request,
    actor: StudioActor,
    session: ReadSessionDep,
    storage: StorageDep,
    settings: SettingsDep,
    version: int = Query(ge=2, le=2_147_483_647),
    against: int | None = Query(default=None, ge=1, le=2_147_483_647),
) -> Response:
    proposal = proposals.get(session, actor, proposal_id)
    newer, older = differences.pair(session, actor, proposal_id, version, against)
    figures = differences.figures(storage, newer, older)
    rounds = viewer.rounds(session, proposal.id)
    _, unread = notifications.inbox(session, actor.user_id, limit=1)
    return rendering.render(
        request,
        settings,
        "compare.html",
        actor=actor,
        unread=unread,
        proposal=proposal,
        newer=newer,
        older=older,
        figures=figures,
        rounds=rounds[-2:],
    )
