"""Compare artwork versions: version N against an earlier one (N-1 by default).

The figures (how much changed, where) come as JSON for the page beside the two previews; the
difference image is a PNG, computed once per pair and kept in the storage by both hashes.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel

from app.artwork import compare, service
from app.artwork.models import ArtworkVersion
from app.auth.deps import CurrentActor
from app.core.db import ReadSessionDep
from app.core.http import PROBLEMS
from app.core.problems import Unprocessable
from app.core.types import DbId
from app.proposals import service as proposals
from app.storage.base import Storage, derived_key
from app.storage.deps import StorageDep

router = APIRouter(prefix="/api/v1/proposals", tags=["artwork"], responses=PROBLEMS)
DIFFS = "artwork-diffs"
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


def _pair(
    session: Any, actor: Any, proposal_id: int, version: int, against: int | None
) -> tuple[ArtworkVersion, ArtworkVersion]:
    proposal = proposals.get(session, actor, proposal_id)
    newer = service.get_version(session, proposal.id, version)
    older_number = against if against is not None else version - 1
    if older_number < 1 or older_number == version:
        raise Unprocessable("Name an earlier version to compare with", field="against")
    return newer, service.get_version(session, proposal.id, older_number)


def _difference(storage: Storage, newer: ArtworkVersion, older: ArtworkVersion) -> bytes:
    """The stored difference image and its figures, made on first ask."""
    key = derived_key(DIFFS, newer.sha256, f"vs-{older.sha256}.png")
    meta = derived_key(DIFFS, newer.sha256, f"vs-{older.sha256}.json")
    if not (storage.exists(key) and storage.exists(meta)):
        found = compare.difference(
            service.preview_bytes(storage, older, "preview"),
            service.preview_bytes(storage, newer, "preview"),
        )
        figures = {
            "changed_fraction": found.changed_fraction,
            "bbox": found.bbox,
            "width": found.width,
            "height": found.height,
        }
        storage.put_bytes(key, found.png)
        storage.put_bytes(meta, json.dumps(figures).encode())
    return storage.read_bytes(key)


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
    newer, older = _pair(session, actor, proposal_id, version, against)
    _difference(storage, newer, older)
    figures = json.loads(
        storage.read_bytes(derived_key(DIFFS, newer.sha256, f"vs-{older.sha256}.json"))
    )
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
    newer, older = _pair(session, actor, proposal_id, version, against)
    return Response(
        _difference(storage, newer, older),
        media_type="image/png",
        headers={
            "Cache-Control": "private, max-age=86400, immutable",
            "ETag": f'"{newer.sha256[:32]}-{older.sha256[:32]}"',
            "X-Content-Type-Options": "nosniff",
        },
    )
