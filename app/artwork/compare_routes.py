"""Compare artwork versions: version N against an earlier one (N-1 by default).

The figures (how much changed, where) come as JSON for the page beside the two previews; the
difference image is a PNG, computed once per pair and kept in the storage by both hashes.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel

from app.artwork import differences
from app.auth.deps import CurrentActor
from app.core.db import ReadSessionDep
from app.core.http import PROBLEMS
from app.core.types import DbId
from app.storage.deps import StorageDep

router = APIRouter(prefix="/api/v1/proposals", tags=["artwork"], responses=PROBLEMS)
PNG: dict[int | str, dict[str, Any]] = {
    200: {"content": {"image/png": {}}, "description": "Changes painted over the newer version"}
}
AgainstQuery = Query(default=None, ge=1, le=2_147_483_647, description="default: version - 1")


class Region(BaseModel):
    x: float
    y: float
    w: float
    h: float


class Comparison(BaseModel):
    version: int
    against: int
    sha256: str
    against_sha256: str
    changed_fraction: float
    changed_region: Region | None
    width_px: int
    height_px: int
    difference_url: str


@router.get("/{proposal_id}/artwork/{version}/compare")
def compare_versions(
    proposal_id: DbId,
    version: DbId,
    actor: CurrentActor,
    session: ReadSessionDep,
    storage: StorageDep,
    against: int | None = AgainstQuery,
) -> Comparison:
    """How much of version N changed against an earlier version, and where (fractions)."""
    newer, older = differences.pair(session, actor, proposal_id, version, against)
    figures = differences.figures(storage, newer, older)
    box = figures["bbox"]
    return Comparison(
        version=newer.version,
        against=older.version,
        sha256=newer.sha256,
        against_sha256=older.sha256,
        changed_fraction=figures["changed_fraction"],
        changed_region=Region(x=box[0], y=box[1], w=box[2], h=box[3]) if box else None,
        width_px=figures["width"],
        height_px=figures["height"],
        difference_url=(
            f"/api/v1/proposals/{proposal_id}/artwork/{newer.version}/difference.png"
            f"?against={older.version}"
        ),
    )


@router.get(
    "/{proposal_id}/artwork/{version}/difference.png", response_class=Response, responses=PNG
)
def difference_image(
    proposal_id: DbId,
    version: DbId,
    actor: CurrentActor,
    session: ReadSessionDep,
    storage: StorageDep,
    against: int | None = AgainstQuery,
) -> Response:
    """The newer version faded, with every changed pixel in magenta and the region outlined."""
    newer, older = differences.pair(session, actor, proposal_id, version, against)
    return Response(
        differences.image(storage, newer, older),
        media_type="image/png",
        headers={
            "Cache-Control": "private, max-age=86400, immutable",
            "ETag": f'"{newer.sha256[:32]}-{older.sha256[:32]}"',
            "X-Content-Type-Options": "nosniff",
        },
    )
